"""`isu report kommun KOD`: the municipality's HTML page, on the demo warehouse (conftest `demo`).

The numbers are read back from the page (its tables keep each value in `data-v`, its charts keep
their data) and compared with the marts, read here with our own queries: the municipality's row, its
county's and the nation's, for every year. The page is then opened in headless Chromium (Debian's
package, driven by Playwright): no console error, no request leaves the file, the language switch
changes text and charts, and a PNG of each section is written to `test-output/kommunrapport/`
(or $ISU_SCREENSHOT_DIR/kommunrapport). Without a browser that test skips and says so; `scripts/test.sh` installs
one.
"""

from __future__ import annotations

import math
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from browser import SCREENSHOTS as BROWSER_SHOTS
from browser import offline_browser
from conftest import demo_personnummer
from isu.cli import app
from isu.kommun_report import LAGKRAV, SEKTIONER
from privacy import leaks_in_text

SCREENSHOTS = BROWSER_SHOTS / "kommunrapport"


class Tables(HTMLParser):
    """Every <table> of the page: its attributes and rows; a row is its attributes and its cells
    (tag, attributes, text of the Swedish span or the whole text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._cell: dict | None = None
        self._lang: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"attrs": a, "rows": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append({"attrs": a, "cells": []})
        elif tag in ("td", "th") and self.tables and self.tables[-1]["rows"]:
            self._cell = {"tag": tag, "attrs": a, "sv": ""}
            self.tables[-1]["rows"][-1]["cells"].append(self._cell)
        elif tag == "span":
            self._lang.append(a.get("lang") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "span" and self._lang:
            self._lang.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is not None and "en" not in self._lang:
            self._cell["sv"] += data


class Links(HTMLParser):
    """Every src and href of the page's elements, and which elements it has."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.kinds: set[str] = set()
        self.tags = self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        self.scripts += tag == "script"
        self.kinds.add(tag)
        self.targets += [v or "" for k, v in attrs if k in ("src", "href", "srcset", "data")]


def tables_of(page: str, css_class: str) -> list[dict]:
    parser = Tables()
    parser.feed(page)
    return [t for t in parser.tables if css_class in (t["attrs"].get("class") or "").split()]


def cell(row: dict, css_class: str) -> dict:
    (found,) = [c for c in row["cells"] if css_class in (c["attrs"].get("class") or "").split()]
    return found


def value(c: dict) -> float | None:
    v = c["attrs"].get("data-v")
    return None if v is None else float(v)


def same(a: float | None, b: float | None) -> bool:
    if a is None or b is None or (isinstance(b, float) and math.isnan(b)):
        return a is None and (b is None or (isinstance(b, float) and math.isnan(b)))
    return math.isclose(a, float(b), rel_tol=1e-12, abs_tol=1e-12)


def rows(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse))
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def report(demo: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """(warehouse, municipality code, the page) for the demo's first municipality."""
    folder, _ = demo
    warehouse = folder / "isu.duckdb"
    kod = rows(warehouse, "select min(kommun_kod) from fakta.fct_arende")[0][0]
    page = tmp_path_factory.mktemp("kommunrapport") / "rapport.html"
    result = CliRunner().invoke(app, ["report", "kommun", kod, "-w", str(warehouse), "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert str(page) in result.output.replace("\n", "")
    return warehouse, kod, page


def test_indicator_tables_equal_mart_indikator_for_the_municipality_its_county_and_the_nation(report) -> None:
    warehouse, kod, page = report
    html = page.read_text(encoding="utf-8")
    lan = rows(warehouse, "select lan_kod from marts.dim_kommun where kommun_kod = ?", [kod])[0][0]
    mart = {
        (iid, period, niva): (varde, ki_lag, ki_hog, taljare, namnare, undertryckt, orsak)
        for iid, period, niva, varde, ki_lag, ki_hog, taljare, namnare, undertryckt, orsak in rows(
            warehouse,
            """select indikator_id, period, niva, varde, ki_lag, ki_hog, taljare, namnare, undertryckt,
                      undertryckt_orsak
               from marts.mart_indikator
               where period_typ = 'ar' and verksamhetsomrade = 'ALLA' and grupp_typ = 'alla'
                 and (niva = 'riket' or (niva = 'lan' and lan_kod = ?) or (niva = 'kommun' and kommun_kod = ?))""",
            [lan, kod],
        )
    }
    kinds = dict(rows(warehouse, "select indikator_id, vardetyp from kodverk.indikatorer"))
    tables = tables_of(html, "indikator")
    assert {t["attrs"]["data-indikator"] for t in tables} == {iid for iid, _, _ in mart}
    compared = suppressed = 0
    for table in tables:
        iid = table["attrs"]["data-indikator"]
        periods = [r["attrs"]["data-period"] for r in table["rows"] if "data-period" in r["attrs"]]
        assert periods == sorted({p for i, p, n in mart if i == iid and n == "kommun"}), iid
        for row in table["rows"]:
            if "data-period" not in row["attrs"]:
                continue
            period = row["attrs"]["data-period"]
            varde, ki_lag, ki_hog, taljare, namnare, undertryckt, orsak = mart[(iid, period, "kommun")]
            kommun = cell(row, "kommun")
            if undertryckt and varde is None:
                # shown as suppressed, with the mart's reason
                assert kommun["attrs"]["data-undertryckt"] == orsak
                assert "Undertryckt" in kommun["sv"]
                assert same(value(cell(row, "taljare")), taljare) and same(value(cell(row, "namnare")), namnare)
                suppressed += 1
                continue
            assert same(value(kommun), varde), (iid, period)
            assert same(value(cell(row, "taljare")), taljare) and same(value(cell(row, "namnare")), namnare)
            if kinds[iid] == "andel" and varde is not None:
                assert math.isclose(varde, taljare / namnare)  # the share is its numerator over its denominator
                assert kommun["sv"] == f"{100 * varde:.1f}".replace(".", ",") + " %"
                assert ki_lag <= varde <= ki_hog
            if kinds[iid] != "antal":
                assert same(value(cell(row, "lan")), mart[(iid, period, "lan")][0]), (iid, period)
                assert same(value(cell(row, "riket")), mart[(iid, period, "riket")][0]), (iid, period)
            compared += 1
    assert compared >= 60 and suppressed >= 1, (compared, suppressed)


def test_lead_times_goal_attainment_flow_and_quality_equal_their_sources(report) -> None:
    warehouse, kod, page = report
    html = page.read_text(encoding="utf-8")
    year = rows(warehouse, "select max(period) from marts.mart_ledtid where period_typ = 'ar'")[0][0]

    (ledtider,) = tables_of(html, "ledtider")
    for row in ledtider["rows"][1:]:
        ledtid, omrade = row["attrs"]["data-ledtid"], row["attrs"]["data-omrade"]
        ((antal, median, p90, inom, undertryckt),) = rows(
            warehouse,
            """select antal, median_dagar, p90_dagar, andel_inom_grans, undertryckt from marts.mart_ledtid
               where niva = 'kommun' and kommun_kod = ? and period_typ = 'ar' and period = ?
                 and ledtid = ? and verksamhetsomrade = ? and insatstyp is null and grupp_typ = 'alla'""",
            [kod, year, ledtid, omrade],
        )
        tds = [c for c in row["cells"] if c["tag"] == "td"]
        assert same(value(tds[0]), antal) and same(value(tds[1]), median) and same(value(tds[4]), p90)
        assert same(value(tds[6]), inom)
        # the legal limit is named exactly where one binds, and there the mart has a share within it
        binds = ledtid in LAGKRAV and LAGKRAV[ledtid][0] in (None, omrade)
        assert (tds[5]["sv"] != "–") == binds
        assert not binds or undertryckt or inom is not None
    assert {r["attrs"]["data-ledtid"] for r in ledtider["rows"][1:]} >= set(LAGKRAV)

    (mal,) = tables_of(html, "mal")
    mart_mal = {
        (t, g, m): (antal, andel, orsak)
        for t, g, m, antal, andel, orsak in rows(
            warehouse,
            """select tabell, kolumn_kod, rad_kod, antal, andel_av_kolumn, undertryckt_orsak from marts.mart_korstabell
               where tabell in ('maluppfyllelse_kon', 'maluppfyllelse_ursprung') and niva = 'kommun'
                 and kommun_kod = ? and period_typ = 'ar' and period = ?""",
            [kod, year],
        )
    }
    page_mal = {
        (r["attrs"]["data-tabell"], r["attrs"]["data-grupp"], r["attrs"]["data-mal"]): r for r in mal["rows"][1:]
    }
    assert set(page_mal) == set(mart_mal)
    masked = 0
    for key, (antal, andel, orsak) in mart_mal.items():
        tds = [c for c in page_mal[key]["cells"] if c["tag"] == "td"]
        assert same(value(tds[1]), antal) and same(value(tds[2]), andel), key
        if andel is None and orsak:
            assert tds[2]["attrs"]["data-undertryckt"] == orsak
            masked += 1
    assert masked and len(mart_mal) - masked >= 5

    (flode,) = tables_of(html, "flode")
    mart_flode = rows(
        warehouse,
        """select period, nya, avslutade, pagaende from marts.mart_arendeflode
           where niva = 'kommun' and kommun_kod = ? and period_typ = 'manad' and verksamhetsomrade = 'ALLA'
             and grupp_typ = 'alla' and enhet = 'arende' order by period""",
        [kod],
    )
    page_flode = [
        (r["attrs"]["data-period"], *(value(c) for c in r["cells"] if c["tag"] == "td")) for r in flode["rows"][1:]
    ]
    assert page_flode == [
        tuple(None if v is None else (float(v) if i else v) for i, v in enumerate(r)) for r in mart_flode
    ]

    # quarantine and warnings of the municipality in its latest load, counted here from the raw tables
    (regler,) = tables_of(html, "regler")
    counts = {
        (slag, regel): n
        for slag, regel, n in rows(
            warehouse,
            """select 'karantan', regel, count(*) from raw.karantan
               where kommun_kod = ? and load_id = (select max(load_id) from raw.laddlogg) group by all
               union all
               select 'varning', regel, count(*) from raw.varning
               where kommun_kod = ? and load_id = (select max(load_id) from raw.laddlogg) group by all""",
            [kod, kod],
        )
    }
    assert counts, "the demo extract has defects in every municipality"
    assert {(r["attrs"]["data-slag"], r["attrs"]["data-regel"]): value(r["cells"][-1]) for r in regler["rows"][1:]} == {
        k: float(n) for k, n in counts.items()
    }


def test_the_legal_limits_are_those_of_the_marts(report) -> None:
    warehouse, _, _ = report
    limited = rows(
        warehouse,
        "select distinct ledtid, verksamhetsomrade from marts.mart_ledtid where andel_inom_grans is not null",
    )
    assert {ledtid for ledtid, _ in limited} == set(LAGKRAV)
    for ledtid, (omrade, _, _) in LAGKRAV.items():
        areas = {o for led, o in limited if led == ledtid}
        assert areas == {omrade} if omrade else len(areas) > 2, (ledtid, areas)


def test_the_page_holds_no_personnummer_no_pseudonym_and_nothing_from_elsewhere(report) -> None:
    warehouse, _, page = report
    html = page.read_text(encoding="utf-8")
    wanted = demo_personnummer(warehouse.parent)
    assert leaks_in_text("x 19" + next(iter(wanted)) + " x", wanted)  # the scan finds a planted one
    assert not leaks_in_text(html, wanted)
    pseudonyms = {p for (p,) in rows(warehouse, "select distinct person_pseudonym from fakta.fct_arende")} - {None}
    assert pseudonyms and not any(p in html for p in pseudonyms)
    # no element points elsewhere (script bodies are not parsed as tags; the browser test watches requests)
    links = Links()
    links.feed(html)
    assert links.tags >= 100 and links.scripts >= 20
    assert [t for t in links.targets if not t.startswith("#")] == []
    assert links.kinds.isdisjoint({"link", "iframe", "img", "object", "embed"})


def test_unknown_municipality_and_unbuilt_warehouse_give_a_message(report, tmp_path: Path) -> None:
    warehouse, kod, _ = report
    english = tmp_path / "en.html"
    args = ["report", "kommun", kod, "-w", str(warehouse)]
    result = CliRunner().invoke(app, [*args, "-o", str(english), "--sprak", "en"])
    assert result.exit_code == 0 and '<html lang="en" data-standard="en">' in english.read_text(encoding="utf-8")
    result = CliRunner().invoke(app, [*args, "--sprak", "fi"])
    assert result.exit_code == 2 and "'fi'" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(app, ["report", "kommun", "0999", "-w", str(warehouse), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "0999" in result.output and "finns inte" in result.output
    stockholm = rows(warehouse, "select count(*) from fakta.fct_arende where kommun_kod = '0180'")[0][0]
    if stockholm == 0:
        result = CliRunner().invoke(app, ["report", "kommun", "0180", "-w", str(warehouse)])
        assert result.exit_code == 2 and "inga uppgifter om Stockholm" in result.output
    result = CliRunner().invoke(app, ["report", "kommun", "0180", "-w", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "finns inte ännu" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_the_page_in_chromium_renders_offline_switches_language_and_is_photographed(report) -> None:
    warehouse, kod, page = report
    with offline_browser() as watch:
        tab = watch.open(page)
        figures = tab.locator("figure.diagram").count()
        assert figures >= 20
        tab.wait_for_function(
            "document.querySelectorAll('figure.diagram .js-plotly-plot .main-svg').length >= "
            "document.querySelectorAll('figure.diagram').length"
        )

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for sprak in ("sv", "en"):
            tab.click(f"nav.sprak button[data-lang={sprak}]")
            for sid, *_ in SEKTIONER:
                tab.locator(f"section#{sid}").screenshot(path=str(SCREENSHOTS / f"{kod}_{sid}_{sprak}.png"))

        # the switch: English text visible, Swedish hidden, and the charts' texts follow
        assert tab.locator("h1").inner_text().startswith("Follow-up")
        assert tab.locator("section#ledtider h2").inner_text() == "Lead times against the legal limits"
        assert tab.evaluate("document.getElementById('diagram-ledtider').layout.xaxis.title.text") == "days"
        assert tab.evaluate("document.getElementById('diagram-flode').data.map(t => t.name)") == [
            "New",
            "Ended",
            "Open",
        ]
        tab.click("nav.sprak button[data-lang=sv]")
        assert tab.locator("section#ledtider h2").inner_text() == "Ledtider mot lagkraven"
        assert tab.evaluate("document.getElementById('diagram-flode').data.map(t => t.name)") == [
            "Nya",
            "Avslutade",
            "Pågående",
        ]

        # one indicator, as the reader sees it: the chart's municipality line and the table's text
        iid, per = rows(
            warehouse,
            """select indikator_id, list(period order by period) from marts.mart_indikator
               where niva = 'kommun' and kommun_kod = ? and period_typ = 'ar' and verksamhetsomrade = 'ALLA'
                 and grupp_typ = 'alla' and not undertryckt and varde is not null
                 and indikator_id in (select indikator_id from kodverk.indikatorer where vardetyp = 'andel')
               group by indikator_id order by count(*) desc, indikator_id limit 1""",
            [kod],
        )[0]
        values = dict(
            rows(
                warehouse,
                """select period, varde from marts.mart_indikator where niva = 'kommun' and kommun_kod = ?
                   and indikator_id = ? and period_typ = 'ar' and verksamhetsomrade = 'ALLA' and grupp_typ = 'alla'""",
                [kod, iid],
            )
        )
        card = tab.locator(f"article#indikator-{iid}")
        plot_id = card.locator("figure.diagram").get_attribute("data-plot")
        x, y = tab.evaluate(
            f"(() => {{ const d = document.getElementById('{plot_id}').data[0]; return [d.x, d.y]; }})()"
        )
        for period, shown in zip(x, y, strict=True):
            expected = values[period]
            assert (shown is None) == (expected is None) and (shown is None or math.isclose(shown, 100 * expected))
        card.locator("summary").click()
        for period in per:
            text = card.locator(f"tr[data-period='{period}'] td.kommun").inner_text()
            assert text == f"{100 * values[period]:.1f}".replace(".", ",") + " %", (iid, period, text)

    assert watch.problems == []
    assert watch.requests == [page.resolve().as_uri()], watch.requests
    shots = sorted(SCREENSHOTS.glob(f"{kod}_*.png"))
    assert len(shots) == 2 * len(SEKTIONER) and all(s.stat().st_size > 5_000 for s in shots)
