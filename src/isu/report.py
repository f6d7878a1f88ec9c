"""What the `isu` command prints: load summary, build result, demo answers."""

from __future__ import annotations

from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from isu.dbt_runner import BuildResult
from isu.loader import LoadReport
from isu.sprak import rubrik, text
from isu.warehouse import connect


def print_load_report(console: Console, report: LoadReport, warehouse: Path) -> None:
    if report.already_loaded_as is not None:
        console.print(
            text(
                f"Extraktet är redan laddat (laddning {report.already_loaded_as}); inget ändrades. "
                "Ladda om med --force.",
                f"Already loaded as load {report.already_loaded_as}; nothing changed. Use --force to load again.",
            )
        )
        return
    title = f"{rubrik('Laddning', 'Load')} {report.load_id}: {report.extract} -> {warehouse.name}"
    table = Table(title=f"{title} ({report.seconds:.1f} s)")
    for i, (sv, en) in enumerate(
        (
            ("fil", "file"),
            ("lästa", "read"),
            ("godkända", "accepted"),
            ("karantän", "quarantined"),
            ("varningar", "warnings"),
            ("nya", "new"),
            ("ändrade", "changed"),
            ("oförändrade", "unchanged"),
            ("sent laddade", "loaded late"),
            ("GX", "GX"),
        )
    ):
        table.add_column(rubrik(sv, en, "\n"), justify="left" if i == 0 else "right")
    for f in report.files:
        gx = "–" if f.gx is None else ("ok" if f.gx.get("success") else rubrik("fel", "fails"))
        table.add_row(
            f.fil,
            *(
                f"{n:,}"
                for n in (
                    f.rader_lasta,
                    f.rader_godkanda,
                    f.rader_karantan,
                    f.rader_varning,
                    f.rader_nya,
                    f.rader_andrade,
                    f.rader_oforandrade,
                    f.rader_sent_laddade,
                )
            ),
            gx,
        )
    console.print(table)
    for f in report.files:
        if f.ignorerade_kolumner:
            ignored = text("okända kolumner ignorerades, se raw.laddlogg", "unknown columns ignored, see raw.laddlogg")
            console.print(f"[yellow]{f.fil}: {ignored}: {', '.join(f.ignorerade_kolumner)}[/]")
    for f in report.files:
        if f.rader_tidigare_karantan:
            n = f.rader_tidigare_karantan
            message = text(
                f"{n:,} rader från tidigare laddningar passar inte längre en ersatt överordnad rad och ligger nu i "
                "karantän",
                f"{n:,} rows of earlier loads no longer fit a replaced parent and are now quarantined "
                "(see raw.karantan)",
            )
            console.print(f"[yellow]{f.tabell}: {message}[/]")
    for title, rows in (
        (
            text(
                "Karantän per regel (fel: raderna laddades inte; se raw.karantan)",
                "Quarantine by rule (errors: rows not loaded; see raw.karantan)",
            ),
            report.rules,
        ),
        (
            text(
                "Varningar per regel (raderna laddades; se raw.varning)",
                "Warnings by rule (rows loaded; see raw.varning)",
            ),
            report.warnings,
        ),
    ):
        if rows:
            rules = Table(title=title)
            for sv, en in (("tabell", "table"), ("regel", "rule"), ("rader", "rows")):
                rules.add_column(rubrik(sv, en, "\n"), justify="right" if en == "rows" else "left")
            for tabell, regel, n in rows:
                rules.add_row(tabell, regel, f"{n:,}")
            console.print(rules)
    if report.feedback:
        folder = report.feedback[0].parent
        files = text(
            f"Återkopplingsfiler per kommun, Excel och CSV ({len(report.feedback)} filer)",
            f"feedback files per municipality, Excel and CSV ({len(report.feedback)} files)",
        )
        console.print(f"{files}: {folder}")


def print_build_result(console: Console, result: BuildResult) -> None:
    parts = ", ".join(f"{k} {v}" for k, v in sorted(result.counts.items()))
    colour = "green" if result.success else "red"
    outcome = text("lyckades", "succeeded") if result.success else text("MISSLYCKADES", "FAILED")
    console.print(f"[{colour}]dbt build {outcome}[/]: {parts}")
    for failure in result.failures[:20]:
        console.print(f"[red]  {failure}[/]")


def _query(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple] | None:
    try:
        return con.execute(sql).fetchall()
    except duckdb.Error:
        return None


def print_demo_summary(console: Console, warehouse: Path) -> None:
    # Not read-only: dbt-duckdb keeps a read-write connection to the file open in this process, and
    # DuckDB refuses a second connection with another configuration.
    con = connect(warehouse)
    try:
        counts = _query(
            con,
            "select (select count(*) from raw.arende where giltig_till is null), "
            "(select count(*) from raw.insats where giltig_till is null), "
            "(select count(*) from raw.uppfoljning where giltig_till is null), "
            "(select count(*) from raw.karantan where status = 'karantan')",
        )
        if counts:
            a, i, u, q = counts[0]
            console.print(
                text(
                    f"Ärenden {a:,}, insatser {i:,}, uppföljningar {u:,}; rader i karantän {q:,}.",
                    f"Cases {a:,}, interventions {i:,}, follow-ups {u:,}; quarantined rows {q:,}.",
                )
            )
        median = _query(
            con,
            "select verksamhetsomrade, count(*), median(dagar_aktualisering_till_beslut) "
            "from fakta.fct_arende where datum_beslut is not null group by 1 order by 1",
        )
        if median:
            t = Table(
                title=rubrik(
                    "Mediandagar aktualisering -> beslut (utredningstid)",
                    "Median days actualisation -> decision (investigation time)",
                    "\n",
                )
            )
            for sv, en in (("område", "area"), ("beslutade ärenden", "cases decided"), ("mediandagar", "median days")):
                t.add_column(rubrik(sv, en, "\n"), justify="left" if en == "area" else "right")
            for area, n, days in median:
                t.add_row(area, f"{n:,}", f"{days:.1f}")
            console.print(t)
        goals = _query(
            con,
            "select juridiskt_kon, count(*) filter (where alla_mal_uppnadda), "
            "count(*) filter (where alla_mal_uppnadda is not null) from fakta.fct_insats "
            "where datum_avslut is not null group by 1 order by 1",
        )
        if goals:
            t = Table(
                title=rubrik(
                    "Avslutade insatser där alla mål uppnåtts, per juridiskt kön (V17 1 eller 3 av 1-5)",
                    "Ended interventions with all goals reached, by legal sex (V17 1 or 3 of 1-5)",
                    "\n",
                )
            )
            for sv, en in (
                ("kön", "sex"),
                ("alla mål uppnådda", "all goals reached"),
                ("bedömda", "assessed"),
                ("andel", "share"),
            ):
                t.add_column(rubrik(sv, en, "\n"), justify="left" if en == "sex" else "right")
            for sex, hit, n in goals:
                label = {1: "kvinna/flicka", 2: "man/pojke"}.get(sex, "okänt")
                t.add_row(label, f"{hit:,}", f"{n:,}", f"{hit / n:.1%}" if n else "–")
            console.print(t)
        _print_indicators(console, con)
        problems = _query(
            con,
            "select k.etikett_sv, count(*) from fakta.brg_arende_problematik b "
            "join marts.dim_kodverk k on k.variabel = 'V9' and k.kod = b.problematik "
            "group by 1 order by 2 desc limit 3",
        )
        if problems:
            title = text("De tre vanligaste problemen efter utredning", "Top three problems after investigation")
            console.print(f"{title} (V9): " + "; ".join(f"{label} ({n:,})" for label, n in problems))
    finally:
        con.close()


DEMO_INDIKATORER = ("VERKST_3M", "UTREDNING_4M", "MAL_UPPNADDA", "GENOMFORD_SOM_PLANERAT", "NOJD")


def _andel(row: tuple | None) -> str:
    """A share as the demo prints it: 'value % (interval)', or why it is not shown."""
    if row is None:
        return "–"
    varde, lag, hog, orsak, preliminar = row
    if varde is None:
        return f"({orsak})" if orsak else "–"
    text = f"{varde:.0%} ({lag:.0%}–{hog:.0%})"
    return text + (" *" if preliminar else "")


def _print_indicators(console: Console, con: duckdb.DuckDBPyConnection) -> None:
    """Five indicators of mart_indikator for the municipality with the most cases, beside its county
    and the nation, for the last whole calendar year in the data."""
    latest = _query(
        con,
        "select (select max(period) from marts.mart_indikator where period_typ = 'manad'), "
        "(select kommun_kod from fakta.fct_arende group by 1 order by count(*) desc, 1 limit 1)",
    )
    if not latest or latest[0][0] is None or latest[0][1] is None:
        return
    last_month, kommun = latest[0]
    year = last_month[:4] if last_month.endswith("-12") else str(int(last_month[:4]) - 1)
    rows = _query(
        con,
        f"""select i.indikator_id, k.namn_sv, i.niva, i.varde, i.ki_lag, i.ki_hog, i.undertryckt_orsak,
                   i.preliminar, d.kommun_namn, d.lan_namn
            from marts.mart_indikator as i
            inner join kodverk.indikatorer as k on k.indikator_id = i.indikator_id
            inner join marts.dim_kommun as d on d.kommun_kod = '{kommun}'
            where i.period_typ = 'ar' and i.period = '{year}' and i.verksamhetsomrade = 'ALLA'
              and i.grupp_typ = 'alla' and i.indikator_id in {DEMO_INDIKATORER}
              and (i.kommun_kod = d.kommun_kod or (i.niva = 'lan' and i.lan_kod = d.lan_kod) or i.niva = 'riket')""",
    )
    if not rows:
        return
    kommun_namn, lan_namn = rows[0][8], rows[0][9]
    by_id: dict[str, dict[str, tuple]] = {}
    names: dict[str, str] = {}
    for ind, namn, niva, varde, lag, hog, orsak, prel, _, _ in rows:
        names[ind] = namn
        by_id.setdefault(ind, {})[niva] = (varde, lag, hog, orsak, prel)
    t = Table(
        title=rubrik(
            f"Indikatorer {year} (mart_indikator): {kommun_namn} bredvid sitt län och riket",
            f"Indicators {year} (mart_indikator): {kommun_namn} beside its county and the nation",
            "\n",
        )
    )
    for i, col in enumerate((rubrik("indikator", "indicator", "\n"), kommun_namn, lan_namn, "Riket")):
        t.add_column(col, justify="left" if i == 0 else "right")
    for ind in DEMO_INDIKATORER:
        levels = by_id.get(ind, {})
        t.add_row(f"{ind} {names.get(ind, '')}".strip(), *(_andel(levels.get(n)) for n in ("kommun", "lan", "riket")))
    console.print(t)
    console.print(
        "  "
        + text(
            "Andel med 95 % Wilsonintervall; * preliminär (fönstret är ännu öppet).",
            "Share with its 95 % Wilson interval; * preliminary (its window is still open).",
        )
    )
