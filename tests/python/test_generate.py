"""Tests of the synthetic extract generator (isu.generate).

The checks here are written independently of the generator: an own Luhn function, an own reading of
CONTRACT.md's rules (a small reference loader) and own distribution counts. No assertion message
prints a personnummer.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from isu.contract import TABLES, TABLES_BY_NAME, Kind, Rule
from isu.generate import generate_extract
from isu.paths import kommun_koder

REPO = Path(__file__).resolve().parents[2]
ALL_RULES = {
    Rule.OBLIGATORISKT_FALT,
    Rule.OGILTIGT_DATUM,
    Rule.OGILTIGT_HELTAL,
    Rule.UTANFOR_INTERVALL,
    Rule.OKAND_KOD,
    Rule.OGILTIG_FLERVAL,
    Rule.SAMVERKAN_MOTSTRIDIG,
    Rule.OKAND_KOMMUN,
    Rule.OKANT_OMRADE,
    Rule.PNR_FORMAT,
    Rule.PNR_KONTROLLSIFFRA,
    Rule.PNR_DATUM,
    Rule.PNR_EFTER_AKTUALISERING,
    Rule.DATUMORDNING,
    Rule.KRAVER_AVSLUT,
    Rule.DUBBLETT,
    Rule.SAKNAD_FORALDER,
    Rule.PNR_I_FEL_KOLUMN,
    Rule.PNR_FODELSENUMMER,
    Rule.FOR_LANGT_VARDE,
    Rule.OGILTIGT_TECKEN,
    Rule.DATUM_UTANFOR,
}


# --------------------------------------------------------------------------------------------
# independent helpers


def luhn_ok(digits: str) -> bool:
    """Luhn over a string of digits (the last one is the check digit)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def test_luhn_helper_on_known_example() -> None:
    # The classic textbook example 811218-9876 (Skatteverket's illustration of the check digit).
    assert luhn_ok("8112189876")
    assert not luhn_ok("8112189875")


PNR_RE = re.compile(r"^(?:(\d{2})(\d{2})(\d{2})(\d{2})-?(\d{4})|(\d{2})(\d{2})(\d{2})([-+])(\d{4}))$")


def parse_pnr(s: str, ref: date) -> tuple[str, date, bool, int] | Rule:
    """(normalised 12 digits, birth date, samordningsnummer, sex) or the rule it breaks."""
    m = PNR_RE.match(s)
    if not m:
        return Rule.PNR_FORMAT
    if m.group(1) is not None:
        cent, yy, mm, dd, tail = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
        year = int(cent + yy)
        plus = None
    else:
        yy, mm, dd, plus, tail = m.group(6), m.group(7), m.group(8), m.group(9), m.group(10)
        year = None
    if tail[:3] == "000":
        return Rule.PNR_FODELSENUMMER
    if not luhn_ok(yy + mm + dd + tail):
        return Rule.PNR_KONTROLLSIFFRA
    day = int(dd)
    samord = day > 60
    if samord:
        day -= 60
    if year is None:
        # calendar years (folkbokföringslagen 18 §): the latest year ending in yy not after the
        # reference year; '+' means 100 years earlier
        year = ref.year - (ref.year - int(yy)) % 100 - (100 if plus == "+" else 0)
    try:
        birth = date(year, int(mm), day)
    except ValueError:
        return Rule.PNR_DATUM
    sex = 2 if int(tail[2]) % 2 == 1 else 1
    return f"{year:04d}{mm}{dd}{tail}", birth, samord, sex


DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$|^(\d{4})(\d{2})(\d{2})$")
LIST_RE = re.compile(r"^\d+(\|\d+)*$")
INT_RE = re.compile(r"^-?\d+$")
PNR_ANYWHERE = re.compile(r"(?<!\d)(?:\d{2})?(\d{6})\s*[-+]?\s*(\d{4})(?!\d)")


def parse_date(s: str) -> date | None:
    m = DATE_RE.match(s)
    if not m:
        return None
    try:
        return date.fromisoformat(m.group(1) or f"{m.group(2)}-{m.group(3)}-{m.group(4)}")
    except ValueError:
        return None


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        first = fh.readline()
        delim = ";" if first.count(";") > first.count(",") else ","
        fh.seek(0)
        reader = csv.DictReader(fh, delimiter=delim)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def row_rules(table: str, row: dict[str, str], kommuner: set[str]) -> set[Rule]:
    """Rules a single row breaks on its own (no keys, no parents), read from CONTRACT.md."""
    spec = TABLES_BY_NAME[table]
    broken: set[Rule] = set()
    dates: dict[str, date | None] = {}
    for col in spec.columns:
        v = row[col.name]
        if v == "":
            if col.required:
                broken.add(Rule.OBLIGATORISKT_FALT)
            continue
        if col.name in (spec.id_column, spec.parent_column) and any(
            luhn_ok(m.group(1) + m.group(2))
            and 1 <= int(m.group(1)[2:4]) <= 12
            and (1 <= int(m.group(1)[4:]) <= 31 or 61 <= int(m.group(1)[4:]) <= 91)
            for m in PNR_ANYWHERE.finditer(v)
        ):
            broken.add(Rule.PNR_I_FEL_KOLUMN)
            continue
        if len(v) > 200:
            broken.add(Rule.FOR_LANGT_VARDE)
            continue
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in v):
            broken.add(Rule.OGILTIGT_TECKEN)
            continue
        if col.name == "kommun_kod":
            if v not in kommuner:
                broken.add(Rule.OKAND_KOMMUN)
        elif col.name == "verksamhetsomrade":
            if v not in col.allowed_text:
                broken.add(Rule.OKANT_OMRADE)
        elif col.kind == Kind.DATE:
            d = parse_date(v)
            if d is None:
                broken.add(Rule.OGILTIGT_DATUM)
            elif not date(1900, 1, 1) <= d <= date.today() + timedelta(days=365):
                broken.add(Rule.DATUM_UTANFOR)
                d = None
            dates[col.name] = d
        elif col.kind == Kind.INT:
            if not INT_RE.match(v):
                broken.add(Rule.OGILTIGT_HELTAL)
            elif not (col.min_value or 0) <= int(v) <= (col.max_value or 10**9):
                broken.add(Rule.UTANFOR_INTERVALL)
        elif col.kind == Kind.CODE:
            if not INT_RE.match(v) or int(v) not in col.codes:
                broken.add(Rule.OKAND_KOD)
        elif col.kind == Kind.CODES:
            if not LIST_RE.match(v):
                broken.add(Rule.OGILTIG_FLERVAL)
            else:
                codes = {int(x) for x in v.split("|")}
                if not codes <= set(col.codes):
                    broken.add(Rule.OKAND_KOD)
                elif col.name == "samverkan" and codes & {11, 12} and len(codes) > 1:
                    broken.add(Rule.SAMVERKAN_MOTSTRIDIG)
    for order in spec.date_orders:
        if order.reference_in_parent:
            continue
        a = dates.get(order.column)
        ref = dates.get(order.reference) or (dates.get(order.fallback_reference) if order.fallback_reference else None)
        if a and ref and a < ref:
            broken.add(Rule.DATUMORDNING)
    for col, needs in spec.only_with:
        if row[col] != "" and row[needs] == "":
            broken.add(Rule.KRAVER_AVSLUT)
    if table == "arende" and row["personnummer"]:
        akt = dates.get("datum_aktualisering")
        parsed = parse_pnr(row["personnummer"], akt or date(2025, 12, 31))
        if isinstance(parsed, Rule):
            broken.add(parsed)
        elif akt and parsed[1] > akt:
            broken.add(Rule.PNR_EFTER_AKTUALISERING)
    return broken


def reference_load(out: Path) -> dict[str, dict]:
    """A small, independent reading of the loader's semantics: rules per row, keys, orphans."""
    kommuner = set(kommun_koder())
    result: dict[str, dict] = {}
    accepted_keys: dict[str, dict[tuple[str, str], dict[str, str]]] = {}
    for spec in TABLES:
        _, rows = read_table(out / f"{spec.name}.csv")
        rules = [row_rules(spec.name, r, kommuner) for r in rows]
        keys = Counter((r["kommun_kod"], r[spec.id_column]) for r in rows)
        for r, br in zip(rows, rules, strict=True):
            if keys[(r["kommun_kod"], r[spec.id_column])] > 1:
                br.add(Rule.DUBBLETT)
        own = [set(b) for b in rules]
        if spec.parent:
            parents = accepted_keys[spec.parent]
            for r, br in zip(rows, rules, strict=True):
                if br:
                    continue
                parent = parents.get((r["kommun_kod"], r[spec.parent_column]))
                if parent is None:
                    br.add(Rule.SAKNAD_FORALDER)
                    continue
                for order in spec.date_orders:
                    if order.reference_in_parent:
                        a, ref = parse_date(r[order.column]), parse_date(parent[order.reference])
                        if a and ref and a < ref:
                            br.add(Rule.DATUMORDNING)
        accepted_keys[spec.name] = {
            (r["kommun_kod"], r[spec.id_column]): r for r, br in zip(rows, rules, strict=True) if not br
        }
        result[spec.name] = {"rows": rows, "rules": rules, "own": own}
    return result


def read_defects(out: Path) -> list[dict[str, str]]:
    with (out / "_defekter.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------------------------
# fixtures

N_SMALL = 4_000
N_DIST = 20_000


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    generate_extract(out, kommuner=3, arenden=N_DIST, seed=7)
    return out


@pytest.fixture(scope="module")
def defective(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("defective")
    generate_extract(out, kommuner=2, arenden=8_000, seed=11, defect_rate=0.05, delimiter=",")
    return out


# --------------------------------------------------------------------------------------------
# reproducibility


def test_same_seed_same_bytes_and_other_seed_differs(tmp_path: Path) -> None:
    calls: list[int] = []
    a = generate_extract(tmp_path / "a", arenden=N_SMALL, seed=3, defect_rate=0.02, progress=calls.append)
    b = generate_extract(tmp_path / "b", arenden=N_SMALL, seed=3, defect_rate=0.02)
    c = generate_extract(tmp_path / "c", arenden=N_SMALL, seed=4, defect_rate=0.02)
    names = ["arende.csv", "insats.csv", "uppfoljning.csv", "_manifest.json", "_defekter.csv"]
    for name in names:
        assert sha(a.out_dir / name) == sha(b.out_dir / name), name
    assert sha(a.out_dir / "arende.csv") != sha(c.out_dir / "arende.csv")
    assert calls and calls[-1] == N_SMALL and calls == sorted(calls)
    assert a.rows["arende"] == N_SMALL
    assert a.manifest == json.loads((a.out_dir / "_manifest.json").read_text(encoding="utf-8"))


def test_parquet_same_content_and_reproducible(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    p1 = generate_extract(tmp_path / "p1", arenden=2_000, seed=5, fmt="parquet", defect_rate=0.03)
    p2 = generate_extract(tmp_path / "p2", arenden=2_000, seed=5, fmt="parquet", defect_rate=0.03)
    c = generate_extract(tmp_path / "c", arenden=2_000, seed=5, fmt="csv", delimiter=",", defect_rate=0.03)
    for t in ("arende", "insats", "uppfoljning"):
        assert sha(p1.out_dir / f"{t}.parquet") == sha(p2.out_dir / f"{t}.parquet")
        table = pq.read_table(p1.out_dir / f"{t}.parquet")
        header, rows = read_table(c.out_dir / f"{t}.csv")
        assert table.column_names == header
        from_pq = [[v if v is not None else "" for v in row.values()] for row in table.to_pylist()]
        assert from_pq == [[r[h] for h in header] for r in rows]
    assert p1.manifest["expected_quarantined_rows"] == c.manifest["expected_quarantined_rows"]


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate_extract(tmp_path, arenden=10, kommun_koder=["9999"])
    with pytest.raises(ValueError):
        generate_extract(tmp_path, arenden=10, delimiter="\t")
    with pytest.raises(ValueError):
        generate_extract(tmp_path, arenden=10, defect_rate=0.9)


def test_first_id_shifts_every_id_and_nothing_else(tmp_path: Path) -> None:
    """forsta_id (a later extract of a loaded municipality, scripts/bench's monthly one): the same
    extract, every id (A/I/U + nine digits) moved by the offset, so that no id of the first extract
    recurs. Defects that alter an id (a tail, a control character, a personnummer in it) are compared
    by line, rule and column only. Mismatches are reported by position, never by value."""
    shift = 500_000
    a = generate_extract(tmp_path / "a", arenden=1_500, kommuner=2, seed=9, defect_rate=0.05)
    b = generate_extract(tmp_path / "b", arenden=1_500, kommuner=2, seed=9, defect_rate=0.05, forsta_id=shift + 1)
    plain = re.compile(r"[AIU]\d{9}")

    def moved(value: str) -> str:
        return f"{value[0]}{int(value[1:]) + shift:09d}"

    wrong: list[tuple[str, int, str]] = []
    ids_a: set[tuple[str, str]] = set()
    ids_b: set[tuple[str, str]] = set()
    compared = 0
    for t in (t.name for t in TABLES):
        ha, ra = read_table(a.out_dir / f"{t}.csv")
        hb, rb = read_table(b.out_dir / f"{t}.csv")
        assert ha == hb and len(ra) == len(rb) > 0
        id_cols = [c for c in ha if c.endswith("_id")]
        for line, (x, y) in enumerate(zip(ra, rb, strict=True), start=2):
            for c in ha:
                if c not in id_cols:
                    ok = y[c] == x[c]
                elif plain.fullmatch(x[c]):
                    ok, compared = y[c] == moved(x[c]), compared + 1
                    ids_a.add((x["kommun_kod"], x[c]))
                    ids_b.add((y["kommun_kod"], y[c]))
                else:  # an id a defect altered: it must be altered in b as well
                    ok = not plain.fullmatch(y[c])
                if not ok:
                    wrong.append((t, line, c))
    assert wrong == []
    assert compared > 3 * 1_500  # every table's own id and its parent's
    assert not ids_a & ids_b
    _, da = read_table(a.out_dir / "_defekter.csv")
    _, db = read_table(b.out_dir / "_defekter.csv")
    assert [(r["tabell"], r["rad"], r["regel"], r["kolumn"]) for r in da] == [
        (r["tabell"], r["rad"], r["regel"], r["kolumn"]) for r in db
    ]
    assert b.manifest["arguments"]["forsta_id"] == shift + 1
    assert b.manifest["expected_quarantined_rows"] == a.manifest["expected_quarantined_rows"]
    with pytest.raises(ValueError):
        generate_extract(tmp_path / "c", arenden=10, forsta_id=0)
    with pytest.raises(ValueError):
        generate_extract(tmp_path / "c", arenden=10, forsta_id=10**9 - 5)


def test_given_kommun_codes(tmp_path: Path) -> None:
    res = generate_extract(tmp_path, arenden=500, kommun_koder=["0180", "1480"], seed=1)
    _, rows = read_table(tmp_path / "arende.csv")
    assert {r["kommun_kod"] for r in rows} == {"0180", "1480"}
    assert sum(k["arenden"] for k in res.manifest["kommuner"]) == 500


# --------------------------------------------------------------------------------------------
# the contract


def test_clean_extract_follows_the_contract(clean: Path) -> None:
    for spec in TABLES:
        header, rows = read_table(clean / f"{spec.name}.csv")
        assert header == [c.name for c in spec.columns]
        assert rows
    loaded = reference_load(clean)
    for t, res in loaded.items():
        bad = Counter(rule for br in res["rules"] for rule in br)
        assert not bad, (t, dict(bad))
    manifest = json.loads((clean / "_manifest.json").read_text(encoding="utf-8"))
    assert manifest["expected_quarantined_rows"] == {"arende": 0, "insats": 0, "uppfoljning": 0}
    assert read_defects(clean) == []


def test_clean_extract_details(clean: Path) -> None:
    _, arende = read_table(clean / "arende.csv")
    _, insats = read_table(clean / "insats.csv")
    _, uppf = read_table(clean / "uppfoljning.csv")
    end = date(2025, 12, 31)
    # every personnummer has a valid Luhn digit (checked on YYMMDDNNNC)
    pnrs = [r["personnummer"] for r in arende if r["personnummer"]]
    ten = [re.sub(r"[-+]", "", p)[-10:] for p in pnrs]
    assert sum(not luhn_ok(t) for t in ten) == 0
    # the synthetic serial range
    assert all(980 <= int(t[6:9]) <= 999 for t in ten)
    # samordningsnummer (day + 60) present, about 1 %
    samord = sum(int(t[4:6]) > 60 for t in ten)
    assert 0.003 < samord / len(ten) < 0.03
    # formats: all four kinds occur
    kinds = Counter(
        "12-" if re.match(r"^\d{8}-\d{4}$", p) else "12" if re.match(r"^\d{12}$", p) else p[6] for p in pnrs
    )
    assert set(kinds) == {"12-", "12", "-", "+"}
    assert kinds["12-"] > len(pnrs) / 2
    # cases without personnummer: about 3 %, with sex and age given
    anon = [r for r in arende if not r["personnummer"]]
    assert 0.015 < len(anon) / len(arende) < 0.05
    assert all(r["juridiskt_kon"] and r["alder"] for r in anon)
    # sex and age given beside a personnummer agree with it (counted, so that no number is printed)
    given = disagree = 0
    for r in arende:
        if r["personnummer"] and r["juridiskt_kon"]:
            akt = date.fromisoformat(r["datum_aktualisering"])
            parsed = parse_pnr(r["personnummer"], akt)
            given += 1
            if isinstance(parsed, Rule):
                disagree += 1
                continue
            birth = parsed[1]
            age = akt.year - birth.year - ((akt.month, akt.day) < (birth.month, birth.day))
            disagree += parsed[3] != int(r["juridiskt_kon"]) or age != int(r["alder"])
    assert given > 1000 and disagree == 0
    # nothing dated after the extract date; every insats has its case, every follow-up its insats
    for rows in (arende, insats, uppf):
        for r in rows:
            for k, v in r.items():
                if k.startswith("datum_") and v:
                    assert date.fromisoformat(v) <= end
    case_ids = {(r["kommun_kod"], r["arende_id"]) for r in arende}
    assert all((r["kommun_kod"], r["arende_id"]) in case_ids for r in insats)
    insats_ids = {(r["kommun_kod"], r["insats_id"]) for r in insats}
    assert all((r["kommun_kod"], r["insats_id"]) in insats_ids for r in uppf)
    # kommun codes are known; open and ended interventions both exist; V19/V20 only when ended
    assert {r["kommun_kod"] for r in arende} <= set(kommun_koder())
    assert any(not r["datum_avslut"] for r in insats) and any(r["datum_avslut"] for r in insats)
    assert any(not r["datum_verkstallighet"] for r in insats)
    assert all(r["datum_avslut"] for r in insats if r["avslutsorsak"] or r["genomforande"])
    # follow-ups: 0-4 per intervention, multi-valued separators, client answers on about 30 %
    per = Counter(r["insats_id"] for r in uppf)
    assert max(per.values()) <= 4
    assert any("|" in r["samverkan"] for r in uppf)
    assert any("|" in r["aktualiseringsorsak"] for r in arende)
    answered = sum(1 for r in uppf if any(r[c] for c in ("b1a_situation", "b3_nojdhet", "b4_bemotande")))
    assert 0.2 < answered / len(uppf) < 0.4
    assert any(r["sip"] for r in uppf) and any(r["maluppfyllelse"] for r in uppf)


def test_distributions(clean: Path) -> None:
    _, arende = read_table(clean / "arende.csv")
    _, insats = read_table(clean / "insats.csv")
    origin = Counter(r["ursprung"] for r in arende if r["ursprung"])
    total = sum(origin.values())
    for code, target in {"1": 0.75, "2": 0.06, "3": 0.07, "4": 0.10, "5": 0.02}.items():
        assert abs(origin[code] / total - target) < 0.03, code
    areas = Counter(r["verksamhetsomrade"] for r in arende)
    assert set(areas) == {"BOU", "EB", "MB", "VNR", "AO", "LSS", "SP", "OVR"}
    assert areas["BOU"] > areas["MB"] and areas["AO"] > areas["SP"]
    # age by area, at actualisation, from the personnummer
    ages: dict[str, list[int]] = defaultdict(list)
    men: Counter[str] = Counter()
    for r in arende:
        if not r["personnummer"]:
            continue
        akt = date.fromisoformat(r["datum_aktualisering"])
        parsed = parse_pnr(r["personnummer"], akt)
        assert not isinstance(parsed, Rule)
        birth = parsed[1]
        ages[r["verksamhetsomrade"]].append(akt.year - birth.year - ((akt.month, akt.day) < (birth.month, birth.day)))
        men[r["verksamhetsomrade"]] += parsed[3] == 2
    assert max(ages["BOU"]) <= 21 and sorted(ages["BOU"])[len(ages["BOU"]) // 2] < 18
    assert sum(a >= 65 for a in ages["AO"]) / len(ages["AO"]) > 0.85
    assert min(ages["EB"]) >= 18 and min(ages["MB"]) >= 18
    assert men["MB"] / len(ages["MB"]) > 0.6 and men["VNR"] / len(ages["VNR"]) < 0.4
    # seasonality: fewer actualisations in July than in September
    months = Counter(r["datum_aktualisering"][5:7] for r in arende)
    assert months["07"] < 0.8 * months["09"]
    # area-typical interventions
    area_of = {(r["kommun_kod"], r["arende_id"]): r["verksamhetsomrade"] for r in arende}
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for r in insats:
        types[area_of[(r["kommun_kod"], r["arende_id"])]][r["insatstyp"]] += 1
    assert types["EB"].most_common(1)[0][0] == "11"
    assert types["AO"]["32"] > 0 and types["AO"]["13"] > 0
    assert sum(types["BOU"][t] for t in ("1", "10", "12", "16", "26")) > 0
    # lead times differ between municipalities (median actualisation -> decision)
    medians = {}
    for k in {r["kommun_kod"] for r in arende}:
        lead = sorted(
            (date.fromisoformat(r["datum_beslut"]) - date.fromisoformat(r["datum_aktualisering"])).days
            for r in arende
            if r["kommun_kod"] == k and r["datum_beslut"] and r["verksamhetsomrade"] == "BOU"
        )
        medians[k] = lead[len(lead) // 2]
    assert len(set(medians.values())) > 1


def test_reactualisations(clean: Path) -> None:
    _, arende = read_table(clean / "arende.csv")
    by_person: dict[tuple[str, str, str], list[tuple[date, date | None]]] = defaultdict(list)
    for r in arende:
        if not r["personnummer"]:
            continue
        akt = date.fromisoformat(r["datum_aktualisering"])
        parsed = parse_pnr(r["personnummer"], akt)
        assert not isinstance(parsed, Rule)
        end = date.fromisoformat(r["datum_avslut"]) if r["datum_avslut"] else None
        by_person[(r["kommun_kod"], parsed[0], r["verksamhetsomrade"])].append((akt, end))
    closed = react = 0
    for cases in by_person.values():
        cases.sort()
        for i, (_akt, end) in enumerate(cases):
            if end is None or end > date(2024, 12, 31):
                continue
            closed += 1
            limit = date(end.year + 1, end.month, min(end.day, 28))
            if any(end < a2 <= limit for a2, _ in cases[i + 1 :]):
                react += 1
    assert closed > 1000
    assert 0.08 < react / closed < 0.25


# --------------------------------------------------------------------------------------------
# defects


def test_every_rule_is_injected_and_detected(defective: Path) -> None:
    defects = read_defects(defective)
    assert {Rule(d["regel"]) for d in defects} == ALL_RULES
    manifest = json.loads((defective / "_manifest.json").read_text(encoding="utf-8"))
    for t in ("arende", "insats", "uppfoljning"):
        by_rule = Counter(d["regel"] for d in defects if d["tabell"] == t)
        assert by_rule == {k: v for k, v in manifest["defects_injected"][t]["by_rule"].items() if v}
        share = sum(by_rule.values()) / manifest["rows"][t]
        assert 0.03 < share < 0.07
    loaded = reference_load(defective)
    for d in defects:
        res = loaded[d["tabell"]]
        i = int(d["rad"]) - 2
        row = res["rows"][i]
        spec = TABLES_BY_NAME[d["tabell"]]
        assert row[spec.id_column] == d["id"]
        own = res["own"][i]
        rule = Rule(d["regel"])
        if rule == Rule.SAKNAD_FORALDER:
            assert res["rules"][i] == {Rule.SAKNAD_FORALDER}, d
        elif rule == Rule.DATUMORDNING and not own:  # a date before the parent's: checked against the parent
            assert Rule.DATUMORDNING in res["rules"][i] or Rule.SAKNAD_FORALDER in res["rules"][i], d
        else:
            assert own == {rule}, (d, own)


def test_expected_counts_match_reference_load(defective: Path) -> None:
    manifest = json.loads((defective / "_manifest.json").read_text(encoding="utf-8"))
    loaded = reference_load(defective)
    for t, res in loaded.items():
        quarantined = sum(1 for br in res["rules"] if br)
        assert manifest["rows"][t] == len(res["rows"])
        assert manifest["expected_quarantined_rows"][t] == quarantined, t
        assert manifest["expected_accepted_rows"][t] + manifest["expected_quarantined_rows"][t] == len(res["rows"])
        b = manifest["expected_quarantine_breakdown"][t]
        assert b["injected"] + b["duplicate_partners"] + b["orphans"] == quarantined
    # rows without an injected defect are only quarantined as duplicate partners or orphans
    injected = {(d["tabell"], int(d["rad"])) for d in read_defects(defective)}
    for t, res in loaded.items():
        for i, br in enumerate(res["rules"]):
            if (t, i + 2) not in injected and br:
                assert br <= {Rule.DUBBLETT, Rule.SAKNAD_FORALDER}, (t, i + 2, br)


def test_quoting_of_values_with_the_delimiter(defective: Path) -> None:
    # ',' is the delimiter here: a broken list like '2,6' must be quoted and read back intact
    header, rows = read_table(defective / "arende.csv")
    assert all(len(r) == len(header) and None not in r for r in rows)
    lists = [r["aktualiseringsorsak"] for r in rows]
    assert any("," in v for v in lists)


def test_cli_reports_bad_arguments_without_a_traceback(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from isu.cli import app

    for args, words in ((["--defect-rate", "0.9"], "defect_rate must be between 0 and 0.5"),
                        (["--kommuner", "500"], "kommuner must be between 1 and 290"),
                        (["--format", "xlsx"], "--format ska vara csv eller parquet")):  # fmt: skip
        result = CliRunner().invoke(app, ["generate", str(tmp_path / "x"), *args])
        assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output
