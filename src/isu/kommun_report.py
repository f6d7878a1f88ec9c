"""`isu report kommun 0180`: one self-contained HTML page about one municipality, for its managers.

Read from the published marts (small counts already protected there) and from the load log, so the
page holds nothing a published table does not: no row-level data, no pseudonym, no personnummer.
Its sections: the indicators beside the county, the municipality group and the nation over the
years (intervals and suppressed cells shown as such); lead-time distributions against the legal
limits; goal attainment by sex and by origin; the case flow by month; the quarantine and warnings of
the municipality's latest loads. Charts are Plotly with plotly.js written into the page, so the file
opens offline and loads nothing; every chart has its table beside it. Swedish, English on a switch
(the page keeps both texts; the switch shows one).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from isu import __version__
from isu.errors import IsuError
from isu.rules import RULES_BY_CODE
from isu.schema import RAW_SCHEMA
from isu.warehouse import check_built, connect

SPRAK = ("sv", "en")
FARG = {"kommun": "#1f4e79", "lan": "#c8641e", "kommungrupp": "#3f8f3f", "riket": "#707070"}

# The legal limits of the lead times (ARCHITECTURE.md "Lead times", macro isu_ledtider): lead time ->
# (the area where it binds, None = every area; months; the law). The test checks them against the
# cells of mart_ledtid that have a share within the limit.
LAGKRAV = {
    "aktualisering_till_beslut": ("BOU", 4, "SoL 11 kap. 2 §"),
    "beslut_till_verkstallighet": (None, 3, "SoL 16 kap. 6 f §, LSS 28 f §"),
}
DAGAR_PER_MANAD = 365.25 / 12

LEDTIDER = {  # in the order the page shows them
    "aktualisering_till_beslut": ("Aktualisering till beslut", "Actualisation to decision"),
    "beslut_till_verkstallighet": ("Beslut till verkställighet", "Decision to implementation"),
    "aktualisering_till_verkstallighet": ("Aktualisering till verkställighet", "Actualisation to implementation"),
    "verkstallighet_till_forsta_uppfoljning": (
        "Verkställighet till första uppföljning",
        "Implementation to first follow-up",
    ),
    "verkstallighet_till_avslut": ("Verkställighet till avslut", "Implementation to end"),
    "aktualisering_till_arendeavslut": ("Aktualisering till ärendets avslut", "Actualisation to end of case"),
}

RIKTNING = {"high": ("högt värde är bättre", "higher is better"), "low": ("lågt värde är bättre", "lower is better")}

UNDERTRYCKT = {
    "litet_antal": ("för få (1–4)", "too few (1–4)"),
    "liten_namnare": ("för liten nämnare (färre än 7)", "denominator too small (under 7)"),
    "sekundar": ("dold för att skydda en annan cell", "hidden to protect another cell"),
}

T = {
    "titel": ("Uppföljning", "Follow-up"),
    "ingress": (
        "Individbaserad systematisk uppföljning (ISU): kommunens indikatorer, ledtider, måluppfyllelse, "
        "ärendeflöde och datakvalitet, ur de publicerade tabellerna. Små antal är skyddade: en cell med "
        "1–4 ärenden visas inte, och andelar kräver minst 7 i nämnaren.",
        "Individual-based systematic follow-up (ISU): the municipality's indicators, lead times, goal "
        "attainment, case flow and data quality, from the published tables. Small counts are protected: "
        "a cell of 1–4 cases is not shown, and shares need at least 7 in the denominator.",
    ),
    "skapad": ("Skapad", "Created"),
    "lan": ("Län", "County"),
    "kommungrupp": ("Kommungrupp", "Municipality group"),
    "ingen_kommungrupp": ("ingen kommungruppsindelning laddad", "no municipality grouping loaded"),
    "senaste_laddning": ("Senaste laddning", "Latest load"),
    "innehall": ("Innehåll", "Contents"),
    "s_indikatorer": ("Indikatorer över tid", "Indicators over time"),
    "s_indikatorer_text": (
        "Kommunens värde per år med 95 % konfidensintervall, bredvid länet, kommungruppen och riket. "
        "Ett kryss vid noll betyder att kommunens värde är undertryckt (för få ärenden). "
        "Preliminära år kan ändras när uppföljningsfönstret har gått ut.",
        "The municipality's value per year with its 95% confidence interval, beside the county, the "
        "municipality group and the nation. A cross at zero means the municipality's value is "
        "suppressed (too few cases). Preliminary years can change when the follow-up window has passed.",
    ),
    "s_ledtider": ("Ledtider mot lagkraven", "Lead times against the legal limits"),
    "s_ledtider_text": (
        "Fördelningen av dagar för det senaste året: lådan går från 25:e till 75:e percentilen, strecket i "
        "lådan är medianen och morrhåret når 90:e percentilen. De streckade linjerna är lagkraven "
        "(4 månader för barnutredningar, 3 månader från beslut till verkställighet).",
        "The distribution of days in the latest year: the box runs from the 25th to the 75th percentile, "
        "the line in the box is the median and the whisker reaches the 90th percentile. The dashed lines "
        "are the legal limits (4 months for children's investigations, 3 months from decision to "
        "implementation).",
    ),
    "s_mal": ("Måluppfyllelse efter kön och ursprung", "Goal attainment by sex and origin"),
    "s_mal_text": (
        "Avslutade insatser under året efter sista bedömda måluppfyllelse (V17): andel av gruppens "
        "insatser. Undertryckta celler saknas i stapeln och står i tabellen.",
        "Interventions ended in the year by their last assessed goal attainment (V17): share of the "
        "group's interventions. Suppressed cells are missing from the bar and named in the table.",
    ),
    "s_flode": ("Ärendeflöde per månad", "Case flow by month"),
    "s_flode_text": (
        "Nya och avslutade ärenden per månad (staplar) och pågående ärenden under månaden (linje).",
        "New and ended cases per month (bars) and cases open during the month (line).",
    ),
    "s_kvalitet": ("Datakvalitet i de senaste laddningarna", "Data quality of the latest loads"),
    "s_kvalitet_text": (
        "Rader från kommunen som hamnade i karantän (fel: raden laddades inte) och varningar (raden "
        "laddades men bör ses över), per regel. Återkopplingsfilerna i mappen aterkoppling/ har raderna.",
        "Rows of the municipality that went to quarantine (errors: the row was not loaded) and warnings "
        "(the row was loaded but should be checked), by rule. The feedback files in the folder "
        "aterkoppling/ list the rows.",
    ),
    "visa_tabell": ("Visa tabell", "Show table"),
    "ar": ("År", "Year"),
    "kommun": ("Kommun", "Municipality"),
    "riket": ("Riket", "Nation"),
    "ki": ("95 % KI", "95% CI"),
    "preliminar": ("Preliminär", "Preliminary"),
    "ja": ("ja", "yes"),
    "taljare": ("Täljare", "Numerator"),
    "namnare": ("Nämnare", "Denominator"),
    "undertryckt": ("undertryckt", "suppressed"),
    "ledtid": ("Ledtid", "Lead time"),
    "omrade_alla": ("alla områden", "all areas"),
    "antal": ("Antal", "Count"),
    "median": ("Median", "Median"),
    "p25": ("25:e percentil", "25th percentile"),
    "p75": ("75:e percentil", "75th percentile"),
    "p90": ("90:e percentil", "90th percentile"),
    "inom_grans": ("Inom lagkravet", "Within the legal limit"),
    "lagkrav": ("Lagkrav", "Legal limit"),
    "dagar": ("dagar", "days"),
    "grupp": ("Grupp", "Group"),
    "maluppfyllelse": ("Måluppfyllelse", "Goal attainment"),
    "andel": ("Andel", "Share"),
    "manad": ("Månad", "Month"),
    "nya": ("Nya", "New"),
    "avslutade": ("Avslutade", "Ended"),
    "pagaende": ("Pågående", "Open"),
    "laddning": ("Laddning", "Load"),
    "tidpunkt": ("Tidpunkt", "Time"),
    "karantan": ("Karantän", "Quarantine"),
    "varningar": ("Varningar", "Warnings"),
    "regel": ("Regel", "Rule"),
    "rader": ("Rader", "Rows"),
    "inga_fynd": ("Inga rader i karantän och inga varningar.", "No rows in quarantine and no warnings."),
    "inga_data": ("Inga uppgifter för perioden.", "No data for the period."),
    "lagret": ("Lagret", "Warehouse"),
}


@dataclass(frozen=True)
class Kommun:
    kod: str
    namn: str
    lan_kod: str
    lan_namn: str
    kommungrupp: str | None


@dataclass
class Underlag:
    """What the page shows, read from the warehouse."""

    kommun: Kommun
    indikatorer: pd.DataFrame
    ledtider: pd.DataFrame
    mal: pd.DataFrame
    flode: pd.DataFrame
    laddningar: pd.DataFrame
    fynd: pd.DataFrame


_KOMMUN = (
    "select kommun_kod, kommun_namn, lan_kod, lan_namn, kommungrupp_namn from marts.dim_kommun where kommun_kod = ?"
)
_MED_DATA = "select distinct kommun_kod from marts.mart_indikator where niva = 'kommun' order by 1"

_INDIKATORER = """
    select j.indikator_id, i.namn_sv, i.vardetyp, i.riktning, i.sortering, j.period,
           j.varde_kommun, j.ki_lag_kommun, j.ki_hog_kommun, j.varde_lan, j.varde_kommungrupp, j.varde_riket,
           j.preliminar, m.taljare, m.namnare, coalesce(m.undertryckt, false) as undertryckt, m.undertryckt_orsak
    from marts.mart_indikator_jamforelse as j
    inner join kodverk.indikatorer as i on i.indikator_id = j.indikator_id
    left join marts.mart_indikator as m
        on m.indikator_id = j.indikator_id and m.period_typ = j.period_typ and m.period = j.period
       and m.niva = 'kommun' and m.kommun_kod = j.kommun_kod and m.verksamhetsomrade = j.verksamhetsomrade
       and m.grupp_typ = j.grupp_typ
    where j.kommun_kod = $kommun and j.period_typ = 'ar' and j.verksamhetsomrade = 'ALLA' and j.grupp_typ = 'alla'
    order by i.sortering, j.indikator_id, j.period
"""

_LEDTIDER = """
    select ledtid, period, verksamhetsomrade, antal, median_dagar, p25_dagar, p75_dagar, p90_dagar,
           andel_inom_grans, andel_inom_grans_ki_lag, andel_inom_grans_ki_hog, undertryckt, undertryckt_orsak
    from marts.mart_ledtid
    where niva = 'kommun' and kommun_kod = $kommun and period_typ = 'ar' and insatstyp is null
      and grupp_typ = 'alla' and verksamhetsomrade in ('ALLA', 'BOU')
    order by period, ledtid, verksamhetsomrade
"""

_MAL = """
    select k.tabell, k.period, k.rad_kod, k.rad_etikett, r.etikett_en as rad_etikett_en,
           k.kolumn_variabel, k.kolumn_kod, k.kolumn_etikett, c.etikett_en as kolumn_etikett_en,
           k.antal, k.kolumn_namnare, k.andel_av_kolumn, k.undertryckt, k.undertryckt_orsak
    from marts.mart_korstabell as k
    left join marts.dim_kodverk as r
        on r.kolumn = k.rad_variabel and {rad_kod} = r.kod
    left join marts.dim_kodverk as c
        on c.kolumn = k.kolumn_variabel and {kolumn_kod} = c.kod
    where k.tabell in ('maluppfyllelse_kon', 'maluppfyllelse_ursprung') and k.niva = 'kommun'
      and k.kommun_kod = $kommun and k.period_typ = 'ar'
    order by k.tabell, k.period, k.kolumn_kod, k.rad_kod
""".format(rad_kod="try_cast(k.rad_kod as integer)", kolumn_kod="try_cast(k.kolumn_kod as integer)")

_FLODE = """
    select period, nya, pagaende, avslutade, undertryckt, undertryckt_orsak
    from marts.mart_arendeflode
    where niva = 'kommun' and kommun_kod = $kommun and period_typ = 'manad' and verksamhetsomrade = 'ALLA'
      and grupp_typ = 'alla' and enhet = 'arende'
    order by period
"""

# The latest loads (at most five) and, per load, the municipality's rows in quarantine and warnings by
# rule: counts only, never the values.
_LADDNINGAR = f"""
    select load_id, min(tidpunkt) as tidpunkt, sum(rader_lasta) as rader_lasta
    from {RAW_SCHEMA}.laddlogg
    group by load_id
    order by load_id desc
    limit 5
"""

_FYND = f"""
    select load_id, 'karantan' as slag, regel, count(*) as rader
    from {RAW_SCHEMA}.karantan where kommun_kod = $kommun and load_id in (select unnest($loads))
    group by all
    union all
    select load_id, 'varning' as slag, regel, count(*) as rader
    from {RAW_SCHEMA}.varning where kommun_kod = $kommun and load_id in (select unnest($loads))
    group by all
    order by load_id desc, slag, rader desc, regel
"""


def las_underlag(warehouse: Path, kommun_kod: str) -> Underlag:
    """Everything the page shows about `kommun_kod`, or an IsuError that says what is missing."""
    if not warehouse.exists():
        raise IsuError(
            f"Lagret {warehouse} finns inte ännu; kör `isu load` och `isu build` först.",
            f"The warehouse {warehouse} does not exist yet; run `isu load` and `isu build` first.",
        )
    # Not read-only, as `isu report ej-verkstallda`: in a process that ran dbt (the demo, the tests),
    # dbt-duckdb keeps a read-write connection open and DuckDB refuses a second one of another kind.
    con = connect(warehouse)
    try:
        check_built(con, warehouse)
        kommun = _kommun(con, kommun_kod)
        params = {"kommun": kommun.kod}
        laddningar = con.execute(_LADDNINGAR).df()
        loads = [int(x) for x in laddningar["load_id"]]
        return Underlag(
            kommun=kommun,
            indikatorer=con.execute(_INDIKATORER, params).df(),
            ledtider=con.execute(_LEDTIDER, params).df(),
            mal=con.execute(_MAL, params).df(),
            flode=con.execute(_FLODE, params).df(),
            laddningar=laddningar,
            fynd=con.execute(_FYND, {**params, "loads": loads}).df(),
        )
    finally:
        con.close()


def _kommun(con: duckdb.DuckDBPyConnection, kod: str) -> Kommun:
    kod = kod.strip()
    rad = con.execute(_KOMMUN, [kod]).fetchone()
    if rad is None:
        raise IsuError(
            f"Kommunkoden '{kod}' finns inte: skriv kommunens fyrsiffriga kod, t.ex. 0180 för Stockholm.",
            f"The municipality code '{kod}' does not exist: write the municipality's four-digit code, e.g. "
            "0180 for Stockholm.",
        )
    med_data = [r[0] for r in con.execute(_MED_DATA).fetchall()]
    if kod not in med_data:
        lista = ", ".join(med_data) or "-"
        raise IsuError(
            f"Lagret har inga uppgifter om {rad[1]} ({kod}). Kommuner med uppgifter: {lista}.",
            f"The warehouse holds no data on {rad[1]} ({kod}). Municipalities with data: {lista}.",
        )
    return Kommun(kod=rad[0], namn=rad[1], lan_kod=rad[2], lan_namn=rad[3], kommungrupp=rad[4])


# --- text and numbers, in both languages -------------------------------------------------------


def _tv(sv: str, en: str) -> str:
    """Both texts; the page's CSS shows the one of the chosen language."""
    if sv == en:
        return html.escape(sv)
    return f'<span lang="sv">{html.escape(sv)}</span><span lang="en">{html.escape(en)}</span>'


def t(nyckel: str) -> str:
    return _tv(*T[nyckel])


def _tal(v: float, decimaler: int, sprak: str) -> str:
    text = f"{v:,.{decimaler}f}"
    if sprak == "sv":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def formatera(v: object, slag: str, sprak: str) -> str:
    """A value as the page writes it: shares as percent with one decimal, days with at most one."""
    if _tom(v):
        return "–"
    x = float(v)
    if slag == "andel":
        return _tal(100 * x, 1, sprak) + (" %" if sprak == "sv" else "%")
    if slag in ("antal",):
        return _tal(x, 0, sprak)
    return _tal(x, 0 if x == int(x) else 1, sprak)


def _tom(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v))


def _cell(v: object, slag: str, orsak: str | None = None, klass: str = "") -> str:
    """A table cell: the value the mart publishes; where it publishes none and the row is suppressed,
    the reason instead (a suppressed row can still publish some of its values)."""
    if _tom(v) and orsak:
        sv, en = UNDERTRYCKT.get(orsak, (orsak, orsak))
        return (
            f'<td class="undertryckt {klass}" data-undertryckt="{html.escape(orsak)}">'
            f"{_tv('Undertryckt: ' + sv, 'Suppressed: ' + en)}</td>"
        )
    data = "" if _tom(v) else f' data-v="{float(v)!r}"'
    return f'<td class="tal {klass}"{data}>{_tv(formatera(v, slag, "sv"), formatera(v, slag, "en"))}</td>'


def _slag(vardetyp: str) -> str:
    return {"andel": "andel", "antal": "antal"}.get(vardetyp, "dagar")


# --- charts --------------------------------------------------------------------------------------


def _layout(**extra: object) -> dict:
    base = {
        "margin": {"l": 60, "r": 20, "t": 20, "b": 40},
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "legend": {"orientation": "h", "y": -0.2},
        "hovermode": "closest",
    }
    base.update(extra)
    return base


def _i18n(namn: list[tuple[str, str]], layout: dict[str, tuple[object, object]]) -> dict:
    """What the language switch changes in a chart: its trace names and layout keys (dotted paths)."""
    ut = {}
    for i, sprak in enumerate(SPRAK):
        lay = {k: v[i] for k, v in layout.items()}
        lay["separators"] = ", " if sprak == "sv" else ".,"
        ut[sprak] = {"names": [n[i] for n in namn], "layout": lay}
    return ut


def _figur(fig: go.Figure, div_id: str, i18n: dict, hojd: int) -> str:
    """A chart as a <figure>: plotly's div and script (plotly.js itself is in the page's head once)."""
    fig.update_layout(height=hojd, separators=", ")
    div = pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config={"displaylogo": False, "modeBarButtonsToRemove": ["sendDataToCloud"]},
    )
    return (
        f'<figure class="diagram" data-plot="{div_id}" data-i18n="{html.escape(json.dumps(i18n, ensure_ascii=False))}">'
        f"{div}</figure>"
    )


def _indikator_kort(ind: pd.DataFrame, kommun: Kommun, nr: int) -> str:
    forsta = ind.iloc[0]
    iid, slag = forsta["indikator_id"], _slag(forsta["vardetyp"])
    skala = 100.0 if slag == "andel" else 1.0
    ar = [str(p) for p in ind["period"]]
    fig = go.Figure()
    namn: list[tuple[str, str]] = []

    def y(kol: str) -> list[float | None]:
        return [None if pd.isna(v) else float(v) * skala for v in ind[kol]]

    varde = y("varde_kommun")
    hog, lag = y("ki_hog_kommun"), y("ki_lag_kommun")
    fel_upp = [None if h is None or v is None else h - v for h, v in zip(hog, varde, strict=True)]
    fel_ned = [None if low is None or v is None else v - low for low, v in zip(lag, varde, strict=True)]
    fig.add_trace(
        go.Scatter(
            x=ar,
            y=varde,
            mode="lines+markers",
            line={"color": FARG["kommun"], "width": 3},
            error_y={"type": "data", "array": fel_upp, "arrayminus": fel_ned, "visible": True, "thickness": 1},
        )
    )
    namn.append((kommun.namn, kommun.namn))
    jamforbar = slag != "antal"  # a count of the county or nation is not comparable with a municipality's
    if jamforbar:
        for kol, nyckel, farg in (
            ("varde_lan", "lan", FARG["lan"]),
            ("varde_kommungrupp", "kommungrupp", FARG["kommungrupp"]),
            ("varde_riket", "riket", FARG["riket"]),
        ):
            serie = y(kol)
            if all(v is None for v in serie):
                continue
            fig.add_trace(
                go.Scatter(x=ar, y=serie, mode="lines+markers", line={"color": farg, "width": 1.5, "dash": "dot"})
            )
            namn.append(T[nyckel] if nyckel != "lan" else (kommun.lan_namn, kommun.lan_namn))
    dolda = ind[ind["undertryckt"]]
    if len(dolda):
        fig.add_trace(
            go.Scatter(
                x=[str(p) for p in dolda["period"]],
                y=[0] * len(dolda),
                mode="markers",
                marker={"symbol": "x-thin-open", "size": 12, "color": "#a00000", "line": {"width": 2}},
                hoverinfo="x+name",
            )
        )
        namn.append(("Undertryckt", "Suppressed"))
    for trace, (sv, _) in zip(fig.data, namn, strict=True):
        trace.name = sv
    suffix = " %" if slag == "andel" else ""
    fig.update_layout(
        _layout(
            xaxis={"type": "category"},
            yaxis={"ticksuffix": suffix, "rangemode": "tozero", "title": {"text": ""}},
        )
    )
    enhet = {"andel": ("procent", "percent"), "antal": ("antal", "count")}.get(slag, ("dagar", "days"))
    i18n = _i18n(namn, {"yaxis.title.text": enhet})
    figur = _figur(fig, f"diagram-indikator-{nr}", i18n, 280)

    rader = []
    for _, r in ind.iterrows():
        orsak = r["undertryckt_orsak"] if r["undertryckt"] else None
        ki = "–"
        if not _tom(r["ki_lag_kommun"]):
            ki_sv = f"{formatera(r['ki_lag_kommun'], slag, 'sv')}–{formatera(r['ki_hog_kommun'], slag, 'sv')}"
            ki_en = f"{formatera(r['ki_lag_kommun'], slag, 'en')}–{formatera(r['ki_hog_kommun'], slag, 'en')}"
            ki = _tv(ki_sv, ki_en)
        rader.append(
            f'<tr data-period="{html.escape(str(r["period"]))}"><th scope="row">{html.escape(str(r["period"]))}'
            f"{' *' if r['preliminar'] else ''}</th>"
            f"{_cell(r['varde_kommun'], slag, orsak, 'kommun')}"
            f'<td class="ki">{ki}</td>'
            f"{_cell(r['taljare'], 'antal', klass='taljare')}"
            f"{_cell(r['namnare'], 'antal', klass='namnare')}"
            + (
                f"{_cell(r['varde_lan'], slag, klass='lan')}{_cell(r['varde_kommungrupp'], slag, klass='kommungrupp')}"
                f"{_cell(r['varde_riket'], slag, klass='riket')}"
                if jamforbar
                else '<td class="lan">–</td><td class="kommungrupp">–</td><td class="riket">–</td>'
            )
            + "</tr>"
        )
    tabell = (
        f'<details><summary>{t("visa_tabell")}</summary><table class="indikator" data-indikator="{iid}">'
        f"<thead><tr><th>{t('ar')}</th><th>{html.escape(kommun.namn)}</th><th>{t('ki')}</th>"
        f"<th>{t('taljare')}</th><th>{t('namnare')}</th><th>{t('lan')}</th><th>{t('kommungrupp')}</th>"
        f"<th>{t('riket')}</th></tr></thead><tbody>{''.join(rader)}</tbody></table>"
        f'<p class="fot">* {t("preliminar")}</p></details>'
    )
    riktning = {
        "high": ("högt värde är bättre", "higher is better"),
        "low": ("lågt värde är bättre", "lower is better"),
    }
    rikt = riktning.get(forsta["riktning"])
    return (
        f'<article class="kort" id="indikator-{iid}"><h3>{html.escape(forsta["namn_sv"])}</h3>'
        f'<p class="id">{iid}{" · " + _tv(*rikt) if rikt else ""}</p>{figur}{tabell}</article>'
    )


def _sektion_indikatorer(u: Underlag) -> str:
    if u.indikatorer.empty:
        return f"<p>{t('inga_data')}</p>"
    kort = [
        _indikator_kort(grupp.reset_index(drop=True), u.kommun, nr)
        for nr, (_, grupp) in enumerate(u.indikatorer.groupby(["sortering", "indikator_id"], sort=True))
    ]
    return f'<div class="rutnat">{"".join(kort)}</div>'


def _ledtid_rader(u: Underlag, ar: str) -> list[tuple[str, str, str, pd.Series]]:
    """(key, label sv, label en, row of mart_ledtid) for the chart, top to bottom."""
    data = u.ledtider[u.ledtider["period"] == ar]
    ut = []
    for ledtid, (sv, en) in LEDTIDER.items():
        omraden = ["ALLA"]
        krav = LAGKRAV.get(ledtid)
        if krav and krav[0]:
            omraden = [krav[0], "ALLA"]
        for omrade in omraden:
            rad = data[(data["ledtid"] == ledtid) & (data["verksamhetsomrade"] == omrade)]
            if rad.empty:
                continue
            tillagg_sv = f" ({omrade})" if omrade != "ALLA" else ("" if not krav or not krav[0] else " (alla områden)")
            tillagg_en = f" ({omrade})" if omrade != "ALLA" else ("" if not krav or not krav[0] else " (all areas)")
            ut.append((f"{ledtid}:{omrade}", sv + tillagg_sv, en + tillagg_en, rad.iloc[0]))
    return ut


def _sektion_ledtider(u: Underlag) -> str:
    perioder = sorted(u.ledtider["period"].unique())
    if not perioder:
        return f"<p>{t('inga_data')}</p>"
    ar = perioder[-1]
    rader = _ledtid_rader(u, ar)
    fig = go.Figure()
    pos = list(range(len(rader)))[::-1]
    etiketter_sv, etiketter_en, former = [], [], []
    for p, (nyckel, sv, en, r) in zip(pos, rader, strict=True):
        etiketter_sv.append(sv)
        etiketter_en.append(en)
        if not r["undertryckt"] and not pd.isna(r["median_dagar"]):
            fig.add_trace(
                go.Box(
                    y=[p],
                    q1=[r["p25_dagar"]],
                    median=[r["median_dagar"]],
                    q3=[r["p75_dagar"]],
                    lowerfence=[r["p25_dagar"]],
                    upperfence=[r["p90_dagar"]],
                    orientation="h",
                    marker={"color": FARG["kommun"]},
                    fillcolor="rgba(31,78,121,0.25)",
                    line={"color": FARG["kommun"]},
                    showlegend=False,
                    name=sv,
                    hoverinfo="x",
                )
            )
        ledtid, omrade = nyckel.split(":")
        krav = LAGKRAV.get(ledtid)
        if krav and (krav[0] is None or krav[0] == omrade):
            dagar = krav[1] * DAGAR_PER_MANAD
            former.append(
                {
                    "type": "line",
                    "x0": dagar,
                    "x1": dagar,
                    "y0": p - 0.45,
                    "y1": p + 0.45,
                    "line": {"color": "#a00000", "width": 2, "dash": "dash"},
                }
            )
    fig.update_layout(
        _layout(
            shapes=former,
            yaxis={"tickvals": pos, "ticktext": etiketter_sv, "range": [-0.6, len(rader) - 0.4]},
            xaxis={"title": {"text": "dagar"}, "rangemode": "tozero"},
            margin={"l": 290, "r": 20, "t": 10, "b": 50},
        )
    )
    i18n = _i18n(
        [(tr.name, tr.name) for tr in fig.data],
        {"yaxis.ticktext": (etiketter_sv, etiketter_en), "xaxis.title.text": ("dagar", "days")},
    )
    figur = _figur(fig, "diagram-ledtider", i18n, 60 + 48 * len(rader))
    trad = []
    for nyckel, sv, en, r in rader:
        ledtid, omrade = nyckel.split(":")
        orsak = r["undertryckt_orsak"] if r["undertryckt"] else None
        krav = LAGKRAV.get(ledtid)
        krav_text = (
            _tv(f"{krav[1]} mån ({krav[2]})", f"{krav[1]} months ({krav[2]})")
            if krav and (krav[0] is None or krav[0] == omrade)
            else "–"
        )
        trad.append(
            f'<tr data-ledtid="{ledtid}" data-omrade="{omrade}"><th scope="row">{_tv(sv, en)}</th>'
            f"{_cell(r['antal'], 'antal', orsak)}"
            + "".join(_cell(r[k], "dagar", orsak) for k in ("median_dagar", "p25_dagar", "p75_dagar", "p90_dagar"))
            + f"<td>{krav_text}</td>{_cell(r['andel_inom_grans'], 'andel', orsak)}</tr>"
        )
    tabell = (
        f'<details><summary>{t("visa_tabell")}</summary><table class="ledtider">'
        f"<thead><tr><th>{t('ledtid')}</th><th>{t('antal')}</th><th>{t('median')}</th><th>{t('p25')}</th>"
        f"<th>{t('p75')}</th><th>{t('p90')}</th><th>{t('lagkrav')}</th><th>{t('inom_grans')}</th></tr></thead>"
        f"<tbody>{''.join(trad)}</tbody></table></details>"
    )
    return f'<p class="period">{t("ar")}: <strong>{html.escape(ar)}</strong></p>{figur}{tabell}'


MAL_FARG = {"1": "#1a7f37", "2": "#7cc47f", "3": "#4f81bd", "4": "#c9c9c9", "5": "#d9534f", "6": "#8e7cc3"}


def _sektion_mal(u: Underlag) -> str:
    if u.mal.empty:
        return f"<p>{t('inga_data')}</p>"
    ar = sorted(u.mal["period"].unique())[-1]
    data = u.mal[u.mal["period"] == ar]
    grupper = data.drop_duplicates(["tabell", "kolumn_kod"])[
        ["tabell", "kolumn_kod", "kolumn_etikett", "kolumn_etikett_en"]
    ].sort_values(["tabell", "kolumn_kod"])
    ytext_sv = [str(g.kolumn_etikett) for g in grupper.itertuples()]
    ytext_en = [str(g.kolumn_etikett_en or g.kolumn_etikett) for g in grupper.itertuples()]
    pos = list(range(len(grupper)))[::-1]
    fig = go.Figure()
    namn = []
    for kod, etiketter in data.drop_duplicates("rad_kod").sort_values("rad_kod").set_index("rad_kod").iterrows():
        if kod == "6":  # "kan inte bedöma" is outside the shares (docs/queries.md)
            continue
        varden = []
        for g in grupper.itertuples():
            cell = data[(data["tabell"] == g.tabell) & (data["kolumn_kod"] == g.kolumn_kod) & (data["rad_kod"] == kod)]
            v = cell["andel_av_kolumn"].iloc[0] if len(cell) else None
            varden.append(None if v is None or pd.isna(v) else 100 * float(v))
        fig.add_trace(
            go.Bar(y=pos, x=varden, orientation="h", marker={"color": MAL_FARG.get(kod, "#999")}, hoverinfo="x+name")
        )
        namn.append((str(etiketter["rad_etikett"]), str(etiketter["rad_etikett_en"] or etiketter["rad_etikett"])))
    for trace, (sv, _) in zip(fig.data, namn, strict=True):
        trace.name = sv
    fig.update_layout(
        _layout(
            barmode="stack",
            yaxis={"tickvals": pos, "ticktext": ytext_sv},
            xaxis={"ticksuffix": " %", "range": [0, 100]},
            margin={"l": 330, "r": 20, "t": 10, "b": 40},
            legend={"orientation": "h", "y": -0.25, "x": -0.5, "traceorder": "normal"},
        )
    )
    i18n = _i18n(namn, {"yaxis.ticktext": (ytext_sv, ytext_en)})
    figur = _figur(fig, "diagram-maluppfyllelse", i18n, 160 + 36 * len(grupper))
    trad = []
    for r in data.itertuples():
        orsak = r.undertryckt_orsak if r.undertryckt else None
        trad.append(
            f'<tr data-tabell="{r.tabell}" data-grupp="{html.escape(str(r.kolumn_kod))}" data-mal="{r.rad_kod}">'
            f"<th scope='row'>{_tv(str(r.kolumn_etikett), str(r.kolumn_etikett_en or r.kolumn_etikett))}</th>"
            f"<td>{_tv(str(r.rad_etikett), str(r.rad_etikett_en or r.rad_etikett))}</td>"
            f"{_cell(r.antal, 'antal', orsak)}"
            f"{_cell(r.andel_av_kolumn, 'andel', orsak)}</tr>"
        )
    tabell = (
        f'<details><summary>{t("visa_tabell")}</summary><table class="mal">'
        f"<thead><tr><th>{t('grupp')}</th><th>{t('maluppfyllelse')}</th><th>{t('antal')}</th>"
        f"<th>{t('andel')}</th></tr></thead><tbody>{''.join(trad)}</tbody></table></details>"
    )
    return f'<p class="period">{t("ar")}: <strong>{html.escape(ar)}</strong></p>{figur}{tabell}'


def _sektion_flode(u: Underlag) -> str:
    if u.flode.empty:
        return f"<p>{t('inga_data')}</p>"
    f = u.flode

    def serie(kol: str) -> list[float | None]:
        return [None if pd.isna(v) else float(v) for v in f[kol]]

    fig = go.Figure()
    fig.add_trace(go.Bar(x=list(f["period"]), y=serie("nya"), marker={"color": FARG["kommun"]}))
    fig.add_trace(go.Bar(x=list(f["period"]), y=serie("avslutade"), marker={"color": FARG["lan"]}))
    fig.add_trace(
        go.Scatter(
            x=list(f["period"]),
            y=serie("pagaende"),
            mode="lines",
            line={"color": FARG["riket"], "width": 2},
            yaxis="y2",
        )
    )
    namn = [T["nya"], T["avslutade"], T["pagaende"]]
    for trace, (sv, _) in zip(fig.data, namn, strict=True):
        trace.name = sv
    fig.update_layout(
        _layout(
            barmode="group",
            xaxis={"type": "category", "nticks": 24},
            yaxis={"title": {"text": "nya och avslutade"}, "rangemode": "tozero"},
            yaxis2={"title": {"text": "pågående"}, "overlaying": "y", "side": "right", "rangemode": "tozero"},
            margin={"l": 60, "r": 60, "t": 10, "b": 60},
        )
    )
    i18n = _i18n(
        namn,
        {"yaxis.title.text": ("nya och avslutade", "new and ended"), "yaxis2.title.text": ("pågående", "open")},
    )
    figur = _figur(fig, "diagram-flode", i18n, 360)
    trad = []
    for r in f.itertuples():
        orsak = r.undertryckt_orsak if r.undertryckt else None
        trad.append(
            f'<tr data-period="{r.period}"><th scope="row">{r.period}</th>'
            + "".join(_cell(getattr(r, k), "antal", orsak) for k in ("nya", "avslutade", "pagaende"))
            + "</tr>"
        )
    tabell = (
        f'<details><summary>{t("visa_tabell")}</summary><table class="flode">'
        f"<thead><tr><th>{t('manad')}</th><th>{t('nya')}</th><th>{t('avslutade')}</th><th>{t('pagaende')}</th>"
        f"</tr></thead><tbody>{''.join(trad)}</tbody></table></details>"
    )
    return figur + tabell


def _sektion_kvalitet(u: Underlag) -> str:
    fynd = u.fynd
    loads = u.laddningar
    rad_laddning = []
    for r in loads.itertuples():
        k = int(fynd[(fynd["load_id"] == r.load_id) & (fynd["slag"] == "karantan")]["rader"].sum())
        v = int(fynd[(fynd["load_id"] == r.load_id) & (fynd["slag"] == "varning")]["rader"].sum())
        rad_laddning.append(
            f'<tr data-load="{r.load_id}"><th scope="row">{r.load_id}</th>'
            f"<td>{r.tidpunkt:%Y-%m-%d %H:%M}</td>{_cell(k, 'antal')}{_cell(v, 'antal')}</tr>"
        )
    laddtabell = (
        f'<table class="laddningar"><thead><tr><th>{t("laddning")}</th><th>{t("tidpunkt")}</th>'
        f"<th>{t('karantan')}</th><th>{t('varningar')}</th></tr></thead><tbody>{''.join(rad_laddning)}</tbody></table>"
    )
    if fynd.empty:
        return laddtabell + f"<p>{t('inga_fynd')}</p>"
    senaste = int(fynd["load_id"].max())
    data = fynd[fynd["load_id"] == senaste].groupby(["regel", "slag"], as_index=False)["rader"].sum()
    regler = sorted(data["regel"].unique(), key=lambda r: -int(data[data["regel"] == r]["rader"].sum()))
    pos = list(range(len(regler)))[::-1]

    def text(regel: str, i: int) -> str:
        rd = RULES_BY_CODE.get(regel)
        return (rd.sv, rd.en)[i] if rd else regel

    fig = go.Figure()
    namn = []
    for slag, nyckel, farg in (("karantan", "karantan", "#a00000"), ("varning", "varningar", "#e0a030")):
        x = [int(data[(data["regel"] == r) & (data["slag"] == slag)]["rader"].sum()) or None for r in regler]
        if all(v is None for v in x):
            continue
        fig.add_trace(go.Bar(y=pos, x=x, orientation="h", marker={"color": farg}, hoverinfo="x+name"))
        namn.append(T[nyckel])
    for trace, (sv, _) in zip(fig.data, namn, strict=True):
        trace.name = sv
    fig.update_layout(
        _layout(
            barmode="stack",
            yaxis={"tickvals": pos, "ticktext": regler},
            xaxis={"title": {"text": "rader"}},
            margin={"l": 260, "r": 20, "t": 10, "b": 50},
        )
    )
    i18n = _i18n(namn, {"xaxis.title.text": ("rader", "rows")})
    figur = _figur(fig, "diagram-kvalitet", i18n, 80 + 26 * len(regler))
    trad = [
        f'<tr data-regel="{r.regel}" data-slag="{r.slag}"><th scope="row"><code>{r.regel}</code></th>'
        f"<td>{_tv(text(r.regel, 0), text(r.regel, 1))}</td>"
        f"<td>{_tv(*T['karantan'] if r.slag == 'karantan' else T['varningar'])}</td>{_cell(r.rader, 'antal')}</tr>"
        for r in data.sort_values(["rader", "regel"], ascending=[False, True]).itertuples()
    ]
    regeltabell = (
        f'<details><summary>{t("visa_tabell")}</summary><table class="regler"><thead><tr><th>{t("regel")}</th>'
        f"<th></th><th></th><th>{t('rader')}</th></tr></thead><tbody>{''.join(trad)}</tbody></table></details>"
    )
    return laddtabell + f'<p class="period">{t("laddning")} <strong>{senaste}</strong></p>' + figur + regeltabell


# --- the page ------------------------------------------------------------------------------------

CSS = """
:root { --bla: #1f4e79; --gra: #f4f5f7; }
html[lang=sv] [lang=en], html[lang=en] [lang=sv] { display: none; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1b1b1b; background: white; }
header { background: var(--bla); color: white; padding: 1.2rem 2rem; }
header h1 { margin: 0 0 .3rem 0; font-size: 1.8rem; }
header p { margin: .2rem 0; max-width: 70rem; }
nav.sprak { float: right; }
nav.sprak button { font: inherit; padding: .3rem .8rem; border: 1px solid white; background: transparent; color: white;
  cursor: pointer; }
nav.sprak button[aria-pressed=true] { background: white; color: var(--bla); }
nav.innehall { padding: .5rem 2rem; background: var(--gra); }
nav.innehall a { margin-right: 1.2rem; color: var(--bla); }
main { padding: 0 2rem 2rem 2rem; }
section { padding-top: 1rem; border-bottom: 1px solid #ddd; padding-bottom: 1.5rem; }
section > p { max-width: 70rem; }
.rutnat { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 1rem; }
.kort { border: 1px solid #ddd; border-radius: 6px; padding: .6rem .8rem; }
.kort h3 { margin: 0; font-size: 1.05rem; }
.kort .id { margin: .1rem 0 .3rem 0; color: #555; font-size: .85rem; }
figure.diagram { margin: 0; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .25rem .6rem; text-align: left; }
td.tal { text-align: right; font-variant-numeric: tabular-nums; }
td.undertryckt { color: #a00000; font-style: italic; }
details summary { cursor: pointer; color: var(--bla); }
.fot, .period { color: #555; font-size: .85rem; }
footer { padding: 1rem 2rem; color: #555; font-size: .85rem; }
"""

JS = """
function isuSprak(sprak) {
  document.documentElement.lang = sprak;
  document.querySelectorAll('nav.sprak button').forEach(function (b) {
    b.setAttribute('aria-pressed', String(b.dataset.lang === sprak));
  });
  document.querySelectorAll('figure[data-i18n]').forEach(function (f) {
    var d = document.getElementById(f.dataset.plot);
    var text = JSON.parse(f.dataset.i18n)[sprak];
    if (!d || !d.data || !text) { return; }
    Plotly.relayout(d, text.layout);
    if (text.names.length) { Plotly.restyle(d, {name: text.names}); }
  });
  try { window.localStorage.setItem('isu-sprak', sprak); } catch (e) { /* file:// without storage */ }
}
document.querySelectorAll('nav.sprak button').forEach(function (b) {
  b.addEventListener('click', function () { isuSprak(b.dataset.lang); });
});
(function () {
  var val = location.hash === '#en' ? 'en' : location.hash === '#sv' ? 'sv' : null;
  if (!val) { try { val = window.localStorage.getItem('isu-sprak'); } catch (e) { val = null; } }
  isuSprak(val === 'en' || val === 'sv' ? val : document.documentElement.dataset.standard);
})();
"""

SEKTIONER = (
    ("indikatorer", "s_indikatorer", "s_indikatorer_text", _sektion_indikatorer),
    ("ledtider", "s_ledtider", "s_ledtider_text", _sektion_ledtider),
    ("maluppfyllelse", "s_mal", "s_mal_text", _sektion_mal),
    ("flode", "s_flode", "s_flode_text", _sektion_flode),
    ("kvalitet", "s_kvalitet", "s_kvalitet_text", _sektion_kvalitet),
)


def bygg_html(u: Underlag, sprak: str = "sv", skapad: datetime | None = None) -> str:
    """The whole page as one string: plotly.js, the style and every chart are inside it."""
    skapad = skapad or datetime.now()
    k = u.kommun
    grupp = html.escape(k.kommungrupp) if k.kommungrupp else t("ingen_kommungrupp")
    senaste = u.laddningar.iloc[0] if len(u.laddningar) else None
    laddning = (
        f" · {t('senaste_laddning')}: {senaste['load_id']} ({senaste['tidpunkt']:%Y-%m-%d})"
        if senaste is not None
        else ""
    )
    innehall = "".join(f'<a href="#{sid}">{t(rubrik)}</a>' for sid, rubrik, _, _ in SEKTIONER)
    sektioner = "".join(
        f'<section id="{sid}"><h2>{t(rubrik)}</h2><p>{t(text)}</p>{bygg(u)}</section>'
        for sid, rubrik, text, bygg in SEKTIONER
    )
    return f"""<!DOCTYPE html>
<html lang="{sprak}" data-standard="{sprak}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ISU: {html.escape(k.namn)} ({k.kod})</title>
<style>{CSS}</style>
<script>{get_plotlyjs()}</script>
</head>
<body>
<header>
<nav class="sprak" aria-label="Språk / Language">
<button type="button" data-lang="sv" aria-pressed="true">Svenska</button>
<button type="button" data-lang="en" aria-pressed="false">English</button></nav>
<h1>{t("titel")}: {html.escape(k.namn)} ({k.kod})</h1>
<p>{t("lan")}: {html.escape(k.lan_namn)} · {t("kommungrupp")}: {grupp}{laddning}</p>
<p>{t("ingress")}</p>
</header>
<nav class="innehall" aria-label="{T["innehall"][0]}">{innehall}</nav>
<main>{sektioner}</main>
<footer>ISU {__version__} · {t("skapad")} {skapad:%Y-%m-%d %H:%M}</footer>
<script>{JS}</script>
</body>
</html>
"""


def skriv_rapport(warehouse: Path, kommun_kod: str, ut: Path, sprak: str = "sv") -> Path:
    """Writes the page for `kommun_kod` to `ut` (beside, then renamed into place) and returns `ut`."""
    if sprak not in SPRAK:
        raise IsuError(
            f"Språket '{sprak}' finns inte: välj sv eller en.", f"The language '{sprak}' is not known: choose sv or en."
        )
    underlag = las_underlag(warehouse, kommun_kod)
    sida = bygg_html(underlag, sprak)
    ut.parent.mkdir(parents=True, exist_ok=True)
    tmp = ut.with_name(f".{ut.name}.tmp")
    tmp.write_text(sida, encoding="utf-8")
    tmp.replace(ut)
    return ut
