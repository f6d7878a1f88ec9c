"""The semantic layer (models/semantic, docs/metrics.md): `mf query` on the demo warehouse answers what
the marts answer, value by value, on every cell of the compared slices that the marts publish (not
null, i.e. not masked): mart_arendeflode (years and months, every level, area and sex),
mart_korstabell (insatstyp_kon and maluppfyllelse_kon from the facts; all nine tables from the
semantic model korstabell, with their row and column totals), mart_ledtid (five lead times by
municipality, nation, sex, area and type) and mart_indikator (VERKST_3M, MAL_UPPNADDA).

mf runs as a process of its own, as a user runs it (the project's folder, its profiles.yml and the
warehouse file in ISU_WAREHOUSE), one query per set of group-bys with every metric that shares it.
The comparisons skip when dbt-metricflow is not installed (`bash scripts/install.sh metrics`); the
check of the definitions' descriptions needs only dbt."""

from __future__ import annotations

import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT

MF = Path(sys.executable).parent / "mf"

# mart_ledtid's lead times that the metrics cover (verkstallighet_till_forsta_uppfoljning is not:
# docs/metrics.md) and the semantic model whose dimensions group them
LEDTIDER = {
    "aktualisering_till_beslut": "arende",
    "aktualisering_till_arendeavslut": "arende",
    "beslut_till_verkstallighet": "insats",
    "aktualisering_till_verkstallighet": "insats",
    "verkstallighet_till_avslut": "insats",
}


def ledtid_metrics(kalla: str | None = None) -> list[str]:
    """The count, median and mean metric of each lead time (of one semantic model's only, if given)."""
    return [
        f"{m}_{ledtid}"
        for ledtid, fran in LEDTIDER.items()
        if kalla in (None, fran)
        for m in ("antal_ledtider", "median_dagar", "medel_dagar")
    ]


LEDTID_METRICS = ledtid_metrics()
ANDELAR = ["andel_verkstallda_inom_3_manader", "andel_alla_mal_uppnadda"]
FLODE_METRICS = [f"{m}_{enhet}" for enhet in ("arenden", "insatser") for m in ("nya", "avslutade", "pagaende")]
KON_KOD = {"kvinna": "1", "man": "2"}
# mart_korstabell's tables (docs/metrics.md: the semantic model korstabell counts them all)
KORSTABELLER = [
    "problematik_insatstyp",
    "problematik_verksamhetsomrade",
    "aktualiseringsorsak_verksamhetsomrade",
    "insatstyp_kon",
    "insatstyp_aldersgrupp",
    "maluppfyllelse_kon",
    "maluppfyllelse_ursprung",
    "samverkan_problematik",
    "avslutsorsak_kon",
]


@dataclass(frozen=True)
class Query:
    metrics: list[str]
    group_by: list[str]


QUERIES = {
    # counts at the finest grain; every level, area and group of the marts is their sum
    "flode_ar": Query(
        FLODE_METRICS, ["metric_time__year", "kommun", "kommun__lan_kod", "arende__verksamhetsomrade", "arende__kon"]
    ),
    "flode_manad": Query(
        FLODE_METRICS, ["metric_time__month", "kommun", "kommun__lan_kod", "arende__verksamhetsomrade", "arende__kon"]
    ),
    "korstabell": Query(
        ["nya_insatser", "avslutade_insatser_med_maluppfyllelse"],
        ["metric_time__year", "kommun", "kommun__lan_kod", "insats__kon", "insatstyp", "maluppfyllelse"],
    ),
    # every cross-tabulation's code pairs by municipality (the counted pairs of int_korstabell_forekomst)
    "korstabeller": Query(
        ["korstabell_antal", "korstabell_antal_i_namnare"],
        [
            "metric_time__year",
            "kommun",
            "kommun__lan_kod",
            "korstabell__tabell",
            "korstabell__rad_kod",
            "korstabell__kolumn_kod",
        ],
    ),
    # medians, means and shares do not add up: one query per slice of the marts
    "ledtid_kommun": Query([*LEDTID_METRICS, *ANDELAR], ["metric_time__year", "kommun"]),
    "ledtid_riket": Query([*LEDTID_METRICS, *ANDELAR], ["metric_time__year"]),
    "ledtid_kon": Query([*LEDTID_METRICS, *ANDELAR], ["metric_time__year", "arende__kon"]),
    "ledtid_omrade": Query([*LEDTID_METRICS, ANDELAR[0]], ["metric_time__year", "arende__verksamhetsomrade"]),
    # a case's lead times have no intervention type
    "ledtid_typ": Query([*ledtid_metrics("insats"), ANDELAR[0]], ["metric_time__year", "insatstyp"]),
}


def mf_env(warehouse: Path) -> dict[str, str]:
    """What mf needs to find the project, its profile and the warehouse (docs/metrics.md)."""
    env = dict(os.environ)
    env.update(
        DBT_PROJECT_DIR=str(ROOT),
        DBT_PROFILES_DIR=str(ROOT),
        ISU_WAREHOUSE=str(warehouse.resolve()),
        ISU_DBT_TARGET="duckdb",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    return env


def ensure_semantic_manifest() -> None:
    """mf reads target/semantic_manifest.json of the project's folder, which the demo's build wrote
    (into ISU_DBT_TARGET_PATH instead, when that is set: then copied from there)."""
    from isu.dbt_runner import target_dir

    written = target_dir() / "semantic_manifest.json"
    wanted = ROOT / "target" / "semantic_manifest.json"
    assert written.exists(), f"{written} missing: the demo's build did not parse the semantic layer"
    if written.resolve() != wanted.resolve():
        wanted.parent.mkdir(exist_ok=True)
        shutil.copyfile(written, wanted)


def run_mf(warehouse: Path, query: Query, out: Path) -> list[dict[str, str]]:
    """`mf query --metrics ... --group-by ... --csv OUT`, as a process; the rows of its CSV."""
    cmd = [
        str(MF),
        "query",
        "--metrics",
        ",".join(query.metrics),
        "--group-by",
        ",".join(query.group_by),
        "--csv",
        str(out),
        "--quiet",
    ]
    result = subprocess.run(cmd, cwd=ROOT, env=mf_env(warehouse), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and out.exists(), f"{' '.join(cmd)}\n{result.stdout}\n{result.stderr}"
    with out.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def number(value: str | None) -> float | None:
    return None if value in (None, "") else float(value)


def period(row: dict[str, str]) -> str:
    """The marts' period text of mf's metric_time ('2024-01-01 00:00:00' -> '2024' or '2024-01')."""
    if "metric_time__month" in row:
        return row["metric_time__month"][:7]
    return row["metric_time__year"][:4]


def text(value: str | None) -> str | None:
    return None if value in (None, "") else value


def mart_rows(warehouse: Path, sql: str) -> list[dict]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    finally:
        con.close()


@dataclass
class Comparison:
    """Mart cells beside mf's answers: how many were compared and which differed."""

    compared: int = 0
    nonzero: int = 0
    differences: list[str] = field(default_factory=list)

    def check(self, where: str, mart: float | None, mf: float | None) -> None:
        if mart is None:  # masked or not published: nothing to compare
            return
        self.compared += 1
        self.nonzero += mart != 0
        if mf is None or not math.isclose(float(mart), float(mf), rel_tol=1e-9, abs_tol=1e-9):
            self.differences.append(f"{where}: mart {mart}, mf {mf}")

    def assert_agrees(self, at_least: int) -> None:
        assert self.differences == [], "\n".join(self.differences[:30])
        assert self.compared >= at_least, self.compared
        assert self.nonzero >= at_least // 2, self.nonzero  # real values, not zeros everywhere


@pytest.fixture(scope="module")
def mf_answers(demo: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, str]]]:
    """Every query's rows. mf spends most of its 5-6 s importing dbt: two processes at a time, each on
    a copy of the warehouse of its own (dbt-duckdb opens the file for writing, which locks it), under
    the same file name (the manifest names the tables' database after it)."""
    if not MF.exists():
        pytest.skip("mf (dbt-metricflow) is not installed: bash scripts/install.sh metrics")
    folder, _ = demo
    ensure_semantic_manifest()
    out = tmp_path_factory.mktemp("mf")
    names = list(QUERIES)
    halves = [names[0::2], names[1::2]]

    def run_half(i: int) -> dict[str, list[dict[str, str]]]:
        copy = out / f"kopia{i}" / "isu.duckdb"
        copy.parent.mkdir()
        for suffix in ("", ".wal"):
            if (folder / f"isu.duckdb{suffix}").exists():
                shutil.copyfile(folder / f"isu.duckdb{suffix}", copy.parent / f"isu.duckdb{suffix}")
        return {name: run_mf(copy, QUERIES[name], out / f"{name}.csv") for name in halves[i]}

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = [*pool.map(run_half, range(2))]
    return answers[0] | answers[1]


@pytest.fixture(scope="module")
def demo_warehouse(demo: tuple[Path, str]) -> Path:
    return demo[0] / "isu.duckdb"


def levels(row: dict[str, str]) -> Iterable[tuple[str, str]]:
    """The marts' levels a municipality's row counts in: (niva, kommun or county code)."""
    return [("kommun", row["kommun"]), ("lan", row["kommun__lan_kod"]), ("riket", "")]


def test_case_flow_equals_mart_arendeflode(mf_answers: dict, demo_warehouse: Path) -> None:
    # mf: every new, ended and ongoing case and intervention per period, municipality, area and sex;
    # the marts' cells are their sums (area ALLA = every area, group alla = every sex, also unknown)
    expected: dict[tuple, float] = defaultdict(float)
    for name, period_typ in (("flode_ar", "ar"), ("flode_manad", "manad")):
        for row in mf_answers[name]:
            kon = text(row["arende__kon"])
            for niva, kod in levels(row):
                for omrade in (row["arende__verksamhetsomrade"], "ALLA"):
                    for grupp in [("alla", "alla")] + ([("kon", kon)] if kon else []):
                        for metric in FLODE_METRICS:
                            key = (metric, period_typ, period(row), niva, kod, omrade, *grupp)
                            expected[key] += number(row[metric]) or 0
    mart = mart_rows(
        demo_warehouse,
        "select enhet, period_typ, period, niva, coalesce(kommun_kod, lan_kod, '') as kod, verksamhetsomrade, "
        "grupp_typ, grupp, nya, avslutade, pagaende from marts.mart_arendeflode where period_typ in ('ar', 'manad')",
    )
    comparison = Comparison()
    for r in mart:
        enhet = "arenden" if r["enhet"] == "arende" else "insatser"
        cell = (r["period_typ"], r["period"], r["niva"], r["kod"], r["verksamhetsomrade"], r["grupp_typ"], r["grupp"])
        for column in ("nya", "avslutade", "pagaende"):
            metric = f"{column}_{enhet}"
            comparison.check(f"{metric} {cell}", r[column], expected.get((metric, *cell), 0))
    comparison.assert_agrees(at_least=5000)


def test_interventions_by_type_and_goal_attainment_equal_mart_korstabell(
    mf_answers: dict, demo_warehouse: Path
) -> None:
    # cells, row totals (rad_namnare) and column totals (kolumn_namnare) of insatstyp_kon and
    # maluppfyllelse_kon at every level: sums of mf's counts by type or answer and sex (known only);
    # goal attainment 6 (kan inte bedöma) counts in its row, not in the column totals
    cells: dict[tuple, float] = defaultdict(float)
    rows: dict[tuple, float] = defaultdict(float)
    columns: dict[tuple, float] = defaultdict(float)
    for row in mf_answers["korstabell"]:
        kon = KON_KOD.get(row["insats__kon"])
        if kon is None:
            continue
        for tabell, metric, kod in (
            ("insatstyp_kon", "nya_insatser", row["insatstyp"]),
            ("maluppfyllelse_kon", "avslutade_insatser_med_maluppfyllelse", row["maluppfyllelse"]),
        ):
            value = number(row[metric]) or 0
            if not kod or not value:
                continue
            for niva, kommun in levels(row):
                at = (tabell, period(row), niva, kommun)
                cells[(*at, kod, kon)] += value
                rows[(*at, kod)] += value
                if tabell == "insatstyp_kon" or kod != "6":
                    columns[(*at, kon)] += value
    mart = mart_rows(
        demo_warehouse,
        "select tabell, period, niva, coalesce(kommun_kod, lan_kod, '') as kod, rad_kod, kolumn_kod, antal, "
        "rad_namnare, kolumn_namnare from marts.mart_korstabell "
        "where tabell in ('insatstyp_kon', 'maluppfyllelse_kon') and period_typ = 'ar'",
    )
    comparison = Comparison()
    for r in mart:
        at = (r["tabell"], r["period"], r["niva"], r["kod"])
        check_cross_table_cell(comparison, r, at, cells, rows, columns)
    comparison.assert_agrees(at_least=500)


def check_cross_table_cell(comparison: Comparison, r: dict, at: tuple, cells: dict, rows: dict, columns: dict) -> None:
    """One row of mart_korstabell against mf's sums at `at`: its count, row total and column total."""
    comparison.check(
        f"antal {at} {r['rad_kod']} x {r['kolumn_kod']}",
        r["antal"],
        cells.get((*at, r["rad_kod"], r["kolumn_kod"])),
    )
    comparison.check(f"rad_namnare {at} {r['rad_kod']}", r["rad_namnare"], rows.get((*at, r["rad_kod"])))
    comparison.check(f"kolumn_namnare {at} {r['kolumn_kod']}", r["kolumn_namnare"], columns.get((*at, r["kolumn_kod"])))


@pytest.mark.parametrize("tabell", KORSTABELLER)
def test_every_cross_tabulation_equals_mart_korstabell(mf_answers: dict, demo_warehouse: Path, tabell: str) -> None:
    # the semantic model korstabell: cells (antal), row totals (rad_namnare: every pair of the row)
    # and column totals (kolumn_namnare: the pairs of rows in the denominator, not goal attainment 6)
    # of one table at every level, summed from mf's counts per municipality; and no count of mf
    # without a row of the mart (a cell with a count has a row, masked or not)
    cells: dict[tuple, float] = defaultdict(float)
    rows: dict[tuple, float] = defaultdict(float)
    columns: dict[tuple, float] = defaultdict(float)
    for row in mf_answers["korstabeller"]:
        if row["korstabell__tabell"] != tabell:
            continue
        value = number(row["korstabell_antal"]) or 0
        rad_kod, kolumn_kod = row["korstabell__rad_kod"], row["korstabell__kolumn_kod"]
        for niva, kommun in levels(row):
            at = (period(row), niva, kommun)
            cells[(*at, rad_kod, kolumn_kod)] += value
            rows[(*at, rad_kod)] += value
            columns[(*at, kolumn_kod)] += number(row["korstabell_antal_i_namnare"]) or 0
    mart = mart_rows(
        demo_warehouse,
        "select period, niva, coalesce(kommun_kod, lan_kod, '') as kod, rad_kod, kolumn_kod, antal, rad_namnare, "
        f"kolumn_namnare from marts.mart_korstabell where tabell = '{tabell}' and period_typ = 'ar'",
    )
    comparison = Comparison()
    for r in mart:
        at = (r["period"], r["niva"], r["kod"])
        check_cross_table_cell(comparison, r, at, cells, rows, columns)
    published = {(r["period"], r["niva"], r["kod"], r["rad_kod"], r["kolumn_kod"]) for r in mart}
    periods = {r["period"] for r in mart}
    assert [k for k, v in cells.items() if v and k[0] in periods and k not in published] == []
    comparison.assert_agrees(at_least=100)


# mart_ledtid's slice of each ledtid query: the cells' filter and key (beside ledtid and period)
LEDTID_SLICES = {
    "ledtid_kommun": (
        "niva = 'kommun' and verksamhetsomrade = 'ALLA' and insatstyp is null and grupp_typ = 'alla'",
        "kommun_kod",
        "kommun",
    ),
    "ledtid_riket": (
        "niva = 'riket' and verksamhetsomrade = 'ALLA' and insatstyp is null and grupp_typ = 'alla'",
        "''",
        None,
    ),
    "ledtid_kon": (
        "niva = 'riket' and verksamhetsomrade = 'ALLA' and insatstyp is null and grupp_typ = 'kon'",
        "grupp",
        "arende__kon",
    ),
    "ledtid_omrade": (
        "niva = 'riket' and verksamhetsomrade <> 'ALLA' and insatstyp is null and grupp_typ = 'alla'",
        "verksamhetsomrade",
        "arende__verksamhetsomrade",
    ),
    "ledtid_typ": (
        "niva = 'riket' and verksamhetsomrade = 'ALLA' and insatstyp is not null and grupp_typ = 'alla'",
        "cast(insatstyp as varchar)",
        "insatstyp",
    ),
}


def keyed(answers: list[dict[str, str]], column: str | None) -> dict[tuple[str, str], dict[str, str]]:
    return {(period(r), r[column] if column else ""): r for r in answers if not column or text(r[column])}


@pytest.mark.parametrize("slice_name", list(LEDTID_SLICES))
def test_lead_times_equal_mart_ledtid(mf_answers: dict, demo_warehouse: Path, slice_name: str) -> None:
    where, mart_key, mf_key = LEDTID_SLICES[slice_name]
    answers = keyed(mf_answers[slice_name], mf_key)
    ledtider = "', '".join(LEDTIDER)
    mart = mart_rows(
        demo_warehouse,
        f"select ledtid, period, {mart_key} as kod, antal, median_dagar, medel_dagar, andel_inom_grans "
        f"from marts.mart_ledtid where period_typ = 'ar' and ledtid in ('{ledtider}') and {where}",
    )
    comparison = Comparison()
    medians = 0
    for r in mart:
        answer = answers.get((r["period"], r["kod"]), {})
        cell = f"{r['ledtid']} {r['period']} {r['kod']}"
        comparison.check(f"antal {cell}", r["antal"], number(answer.get(f"antal_ledtider_{r['ledtid']}")))
        comparison.check(f"median {cell}", r["median_dagar"], number(answer.get(f"median_dagar_{r['ledtid']}")))
        comparison.check(f"medel {cell}", r["medel_dagar"], number(answer.get(f"medel_dagar_{r['ledtid']}")))
        medians += r["median_dagar"] is not None
        if r["ledtid"] == "beslut_till_verkstallighet":
            comparison.check(
                f"andel {cell}", r["andel_inom_grans"], number(answer.get("andel_verkstallda_inom_3_manader"))
            )
    comparison.assert_agrees(at_least=40)
    assert medians >= 10


@pytest.mark.parametrize("slice_name", ["ledtid_kommun", "ledtid_riket", "ledtid_kon"])
def test_shares_equal_the_indicators_verkst_3m_and_mal_uppnadda(
    mf_answers: dict, demo_warehouse: Path, slice_name: str
) -> None:
    niva, mart_key, grupp_typ, mf_key = {
        "ledtid_kommun": ("kommun", "kommun_kod", "alla", "kommun"),
        "ledtid_riket": ("riket", "''", "alla", None),
        "ledtid_kon": ("riket", "grupp", "kon", "arende__kon"),
    }[slice_name]
    answers = keyed(mf_answers[slice_name], mf_key)
    mart = mart_rows(
        demo_warehouse,
        f"select indikator_id, period, {mart_key} as kod, varde from marts.mart_indikator "
        f"where indikator_id in ('VERKST_3M', 'MAL_UPPNADDA') and period_typ = 'ar' and niva = '{niva}' "
        f"and verksamhetsomrade = 'ALLA' and grupp_typ = '{grupp_typ}'",
    )
    metric = {"VERKST_3M": "andel_verkstallda_inom_3_manader", "MAL_UPPNADDA": "andel_alla_mal_uppnadda"}
    comparison = Comparison()
    for r in mart:
        answer = answers.get((r["period"], r["kod"]), {})
        comparison.check(
            f"{r['indikator_id']} {r['period']} {r['kod']}", r["varde"], number(answer.get(metric[r["indikator_id"]]))
        )
    comparison.assert_agrees(at_least=8)


def test_goal_attainment_share_by_sex_equals_mart_korstabell(mf_answers: dict, demo_warehouse: Path) -> None:
    # all goals reached = answers 1 and 3, of the column total (answers 1-5): the published counts of
    # 1 and 3 (absent = 0) over kolumn_namnare, where all three are published
    mart = mart_rows(
        demo_warehouse,
        "select period, kolumn_kod, rad_kod, antal, kolumn_namnare from marts.mart_korstabell "
        "where tabell = 'maluppfyllelse_kon' and period_typ = 'ar' and niva = 'riket'",
    )
    by_column: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in mart:
        by_column[(r["period"], r["kolumn_kod"])].append(r)
    answers = keyed(mf_answers["ledtid_kon"], "arende__kon")
    comparison = Comparison()
    for (per, kolumn_kod), cells in sorted(by_column.items()):
        reached = [c["antal"] for c in cells if c["rad_kod"] in ("1", "3")]
        denominators = {c["kolumn_namnare"] for c in cells if c["kolumn_namnare"] is not None}
        if None in reached or len(denominators) != 1:
            continue  # a masked count or no published column total: nothing to compare
        kon = next(k for k, v in KON_KOD.items() if v == kolumn_kod)
        answer = answers.get((per, kon), {})
        comparison.check(
            f"{per} {kon}", sum(reached) / denominators.pop(), number(answer.get("andel_alla_mal_uppnadda"))
        )
    comparison.assert_agrees(at_least=4)


def test_every_semantic_element_is_described_and_the_docs_name_only_real_metrics(demo: tuple[Path, str]) -> None:
    # the manifest the demo's build wrote: every semantic model, entity, dimension, measure and metric
    # described with its Swedish term first ("**Ärenden** (cases): ..."), dim_datum the time spine
    from isu.dbt_runner import target_dir

    manifest = json.loads((target_dir() / "semantic_manifest.json").read_text(encoding="utf-8"))
    elements = [(f"semantic_model {m['name']}", m) for m in manifest["semantic_models"]]
    for model in manifest["semantic_models"]:
        for kind in ("entities", "dimensions", "measures"):
            elements += [(f"{model['name']}.{kind}.{e['name']}", e) for e in model[kind]]
    elements += [(f"metric {m['name']}", m) for m in manifest["metrics"]]
    assert [name for name, e in elements if not (e.get("description") or "").startswith("**")] == []
    spines = manifest["project_configuration"]["time_spines"]
    assert [(t["node_relation"]["alias"], t["primary_column"]["name"]) for t in spines] == [("dim_datum", "datum")]

    metrics = {m["name"] for m in manifest["metrics"]}
    assert {*FLODE_METRICS, *LEDTID_METRICS, *ANDELAR} <= metrics
    documented = set()
    for listed in re.findall(r"--metrics ([\w,]+)", (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")):
        documented |= set(listed.split(","))
    assert documented and documented - metrics == set()
