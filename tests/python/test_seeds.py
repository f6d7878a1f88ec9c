"""The dbt seeds (terminology) against their sources.

The value sets and variable names in seeds/ must be word for word those of the specification
(003_552bb7de79d02fc4.txt, Bilaga 1 and 2). This module parses the document on its own, independently
of the seeds, and compares. It also checks the seeds against the contract (isu.contract), the
municipality reference file and the indicator catalogue (INDICATORS.md).

The shared folder is $ISU_SHARED_DIR, by default ../shared next to the repository; tests that need a
file from it are skipped with a message when it is absent.
"""

from __future__ import annotations

import csv
import itertools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from isu import contract

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
SHARED = Path(os.environ.get("ISU_SHARED_DIR", REPO.parent / "shared"))
SPEC = SHARED / "seeds" / "003_552bb7de79d02fc4.txt"
KOMMUNER_REF = SHARED / "reference" / "kommuner.csv"
CONTRACT_MD = SHARED / "design" / "CONTRACT.md"
INDICATORS_MD = SHARED / "design" / "INDICATORS.md"

# The value sets the specification has (Bilaga 1: 13 coded variables, Bilaga 2: 6 questions).
CODED_VARIABLES = (
    *("V2", "V4", "V6", "V7", "V8", "V9", "V12", "V14", "V15", "V16", "V17", "V19", "V20"),
    *("B1a", "B1b", "B2", "B3", "B4", "B5"),
)
ALL_VARIABLES = (*(f"V{n}" for n in range(1, 21)), "B1a", "B1b", "B2", "B3", "B4", "B5")

SEED_FILES = (
    "kodverk",
    "variabler",
    "kodverk_maluppfyllelse",
    "kodverk_avslutsorsak",
    "kodverk_insatstyp",
    "verksamhetsomrade",
    "kommuner",
    "aldersgrupper",
    "indikatorer",
)


# --------------------------------------------------------------------------------------------------
# helpers


def read_seed(name: str) -> list[dict[str, str]]:
    with open(SEEDS / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def as_bool(value: str) -> bool | None:
    return {"true": True, "false": False, "": None}[value]


def require(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path} not found: set ISU_SHARED_DIR to the shared folder (with seeds/, reference/, design/)")
    return path


def collapse(parts: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


# --------------------------------------------------------------------------------------------------
# the parser of the specification (independent of the seeds)

FOOTER = re.compile(r"^Verksamhetssystem som stöd för systematisk uppföljning \d+$")
FOOTNOTE = re.compile(r"^(\d+) [A-ZÅÄÖ]")  # footnote text: its number, a space, a capital letter
V_HEADING = re.compile(r"^(\d{1,2})\. (\S.*)$")  # "12. Insatstyp"
B_QUESTION = re.compile(r"^(B\d[ab]?)\. (\S.*)$")  # "B1a. Hur har din ..."
VALUE = re.compile(r"^Värdemängd (\d+)(?: (.*))?$")  # "Värdemängd 3 Skola"
INSTRUCTIONS = ("Välj ett alternativ", "Möjlighet till flera val")


@dataclass
class Variable:
    variabel: str
    namn: str
    anvisning: str | None = None
    fraga: str | None = None
    values: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Spec:
    variables: dict[str, Variable]
    footnotes: set[str]

    def value_sets(self) -> dict[str, list[tuple[int, str]]]:
        return {k: v.values for k, v in self.variables.items() if v.values}


def _is_structural(line: str) -> bool:
    return bool(VALUE.match(line) or V_HEADING.match(line) or B_QUESTION.match(line))


def _clean(lines: list[str], footnotes: set[str]) -> list[str]:
    """Strip, drop blank lines, page footers and footnotes (their numbers go to `footnotes`)."""
    out: list[str] = []
    in_footnote = False
    for raw in lines:
        line = raw.strip()
        if not line or FOOTER.match(line):
            continue
        m = FOOTNOTE.match(line)
        if m and not _is_structural(line):
            footnotes.add(m.group(1))
            in_footnote = True
            continue
        if in_footnote and not _is_structural(line):
            continue  # the footnote goes on until the next value, heading or question
        in_footnote = False
        out.append(line)
    return out


def _section(lines: list[str], start: str, end: str) -> list[str]:
    starts = [i for i, line in enumerate(lines) if line.strip() == start]
    ends = [i for i, line in enumerate(lines) if line.strip() == end]
    assert len(starts) == 1 and len(ends) == 1 and starts[0] < ends[0], f"cannot locate {start}..{end}"
    return lines[starts[0] + 1 : ends[0]]


def _parse_bilaga1(lines: list[str]) -> dict[str, Variable]:
    variables: dict[str, Variable] = {}
    var: Variable | None = None
    label: list[str] | None = None
    want_instruction = False
    for line in lines:
        if m := V_HEADING.match(line):
            var = Variable(f"V{m.group(1)}", collapse([m.group(2)]))
            assert var.variabel not in variables, f"{var.variabel} twice"
            variables[var.variabel] = var
            want_instruction, label = True, None
        elif var is None:
            continue  # the introduction before variable 1
        elif want_instruction:
            var.anvisning, want_instruction = collapse([line]), False
        elif m := VALUE.match(line):
            label = [m.group(2) or ""]
            var.values.append((int(m.group(1)), ""))
        elif label is not None:
            label.append(line)  # a label continued on the next line(s)
        else:
            raise AssertionError(f"unexpected line under {var.variabel}: {line!r}")
        if label is not None and var.values:
            var.values[-1] = (var.values[-1][0], collapse(label))
    return variables


def _parse_bilaga2(lines: list[str], footnotes: set[str]) -> dict[str, Variable]:
    questions = [i for i, line in enumerate(lines) if B_QUESTION.match(line)]
    headings = {i - 1 for i in questions}
    marker = re.compile(r"(?<=\D)(" + "|".join(sorted(footnotes)) + r")$") if footnotes else None
    variables: dict[str, Variable] = {}
    var: Variable | None = None
    heading = ""
    label: list[str] | None = None
    question: list[str] | None = None
    for i, line in enumerate(lines):
        if i in headings:
            heading = marker.sub("", line) if marker else line
            var, label, question = None, None, None
        elif m := B_QUESTION.match(line):
            var = Variable(m.group(1), collapse([heading]))
            assert var.variabel not in variables, f"{var.variabel} twice"
            variables[var.variabel] = var
            question = [m.group(2)]
        elif var is None:
            continue  # the introduction of Bilaga 2
        elif question is not None and line in INSTRUCTIONS:
            var.fraga, var.anvisning, question = collapse(question), line, None
        elif question is not None:
            question.append(line)
        elif m := VALUE.match(line):
            label = [m.group(2) or ""]
            var.values.append((int(m.group(1)), ""))
        elif label is not None:
            label.append(line)
        else:
            raise AssertionError(f"unexpected line under {var.variabel}: {line!r}")
        if var is not None and label is not None and var.values:
            var.values[-1] = (var.values[-1][0], collapse(label))
    return variables


def parse_spec(text: str) -> Spec:
    lines = text.splitlines()
    footnotes: set[str] = set()
    b1 = _clean(_section(lines, "BILAGA 1", "BILAGA 2"), footnotes)
    b2 = _clean(_section(lines, "BILAGA 2", "BILAGA 3"), footnotes)
    variables = _parse_bilaga1(b1) | _parse_bilaga2(b2, footnotes)
    return Spec(variables, footnotes)


@pytest.fixture(scope="module")
def spec() -> Spec:
    return parse_spec(require(SPEC).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def kodverk() -> list[dict[str, str]]:
    return read_seed("kodverk")


def seed_value_sets(rows: list[dict[str, str]]) -> dict[str, list[tuple[int, str]]]:
    out: dict[str, list[tuple[int, str]]] = {}
    for r in sorted(rows, key=lambda r: int(r["sortering"])):
        out.setdefault(r["variabel"], []).append((int(r["kod"]), r["etikett_sv"]))
    return out


def label_differences(document: dict[str, list[tuple[int, str]]], seed: dict[str, list[tuple[int, str]]]) -> list[str]:
    """Every difference between the document's value sets and the seed's, as readable lines."""
    diffs = [f"{v}: in the document, missing in the seed" for v in sorted(set(document) - set(seed))]
    diffs += [f"{v}: in the seed, not in the document" for v in sorted(set(seed) - set(document))]
    for v in sorted(set(document) & set(seed)):
        doc, sd = document[v], seed[v]
        if doc != sd:
            doc_d, sd_d = dict(doc), dict(sd)
            for kod in sorted(set(doc_d) | set(sd_d)):
                if doc_d.get(kod) != sd_d.get(kod):
                    diffs.append(f"{v} {kod}: document {doc_d.get(kod)!r} != seed {sd_d.get(kod)!r}")
            if [k for k, _ in doc] != [k for k, _ in sd]:
                diffs.append(f"{v}: order {[k for k, _ in doc]} != {[k for k, _ in sd]}")
    return diffs


# --------------------------------------------------------------------------------------------------
# the parser itself


def test_parser_finds_every_variable_and_value_set(spec: Spec) -> None:
    assert list(spec.variables) == list(ALL_VARIABLES)
    assert sorted(spec.value_sets(), key=CODED_VARIABLES.index) == list(CODED_VARIABLES)
    assert spec.footnotes, "the footnote of B1b was not recognised"
    for v, values in spec.value_sets().items():
        assert [k for k, _ in values] == list(range(1, len(values) + 1)), v
        for _, label in values:
            assert label and label == label.strip() and "  " not in label, (v, label)
            assert "Värdemängd" not in label and "Verksamhetssystem" not in label, (v, label)


def test_parser_joins_multi_line_labels_and_drops_footnote(spec: Spec) -> None:
    v12, v14 = dict(spec.variables["V12"].values), dict(spec.variables["V14"].values)
    assert v12[29].endswith("sysselsättning/social träning")
    assert v14[11].endswith("men behov av samverkan har funnits.")
    assert v14[12].endswith("och behov av samverkan har inte funnits")
    assert spec.variables["B1b"].namn == "Förändring av brukarens livskvalitet"
    assert dict(spec.variables["B1b"].values)[3] == "Ingen förändring"
    assert dict(spec.variables["V20"].values)[9] == "Andra orsaker"


# --------------------------------------------------------------------------------------------------
# kodverk: word for word


def test_seed_files_are_clean_utf8_csv() -> None:
    for name in SEED_FILES:
        raw = (SEEDS / f"{name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{name}: BOM"
        text = raw.decode("utf-8")
        header = text.splitlines()[0].split(",")
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", h) for h in header), (name, header)
        for r in read_seed(name):
            assert None not in r and None not in r.values(), f"{name}: wrong number of fields: {r}"
            for k, value in r.items():
                assert value == value.strip(), f"{name}.{k}: surrounding whitespace in {value!r}"


@pytest.mark.parametrize("variabel", CODED_VARIABLES)
def test_kodverk_labels_word_for_word(spec: Spec, kodverk: list[dict[str, str]], variabel: str) -> None:
    document = spec.value_sets()[variabel]
    seed = seed_value_sets(kodverk).get(variabel)
    assert seed == document, "\n".join(label_differences({variabel: document}, {variabel: seed or []}))


def test_kodverk_has_every_value_set_and_nothing_else(spec: Spec, kodverk: list[dict[str, str]]) -> None:
    assert label_differences(spec.value_sets(), seed_value_sets(kodverk)) == []


def test_one_character_change_is_detected(spec: Spec, kodverk: list[dict[str, str]]) -> None:
    """The comparison above is sharp: one changed character (or a lost period) is a difference."""
    seed = seed_value_sets(kodverk)
    for variabel, kod, mutate in (
        ("V14", 11, lambda s: s[:-1]),  # the final period
        ("V12", 13, lambda s: s.replace("–", "-")),  # en dash to hyphen
        ("V12", 1, lambda s: s.replace("§", "S")),
        ("V2", 14, lambda s: s.replace("Ö", "ö")),
    ):
        changed = {k: list(v) for k, v in seed.items()}
        i = [k for k, _ in changed[variabel]].index(kod)
        changed[variabel][i] = (kod, mutate(changed[variabel][i][1]))
        assert changed[variabel][i] != seed[variabel][i]
        assert label_differences(spec.value_sets(), changed) == [
            f"{variabel} {kod}: document {seed[variabel][i][1]!r} != seed {changed[variabel][i][1]!r}"
        ]


def test_kodverk_keys_and_columns(kodverk: list[dict[str, str]]) -> None:
    keys = [(r["variabel"], int(r["kod"])) for r in kodverk]
    assert len(keys) == len(set(keys))
    for r in kodverk:
        assert r["etikett_en"], r
        assert int(r["sortering"]) >= 1
    assert list(dict.fromkeys(r["variabel"] for r in kodverk)) == list(CODED_VARIABLES)


# --------------------------------------------------------------------------------------------------
# kodverk and variabler against the contract


def contract_columns() -> dict[str, tuple[str, contract.Column]]:
    """Contract column name -> (table, column) for every column with a value set."""
    return {c.name: (t.name, c) for t in contract.TABLES for c in t.columns if c.codes}


def test_kodverk_columns_and_codes_equal_the_contract(kodverk: list[dict[str, str]]) -> None:
    seed_codes: dict[str, set[int]] = {}
    for r in kodverk:
        seed_codes.setdefault(r["kolumn"], set()).add(int(r["kod"]))
    coded = contract_columns()
    assert set(seed_codes) == set(coded)
    for name, (_, column) in coded.items():
        assert seed_codes[name] == set(column.codes), name
    for r in kodverk:
        assert coded[r["kolumn"]][1].variable == r["variabel"], r


def test_variabler_against_the_document(spec: Spec) -> None:
    rows = read_seed("variabler")
    assert [r["variabel"] for r in rows] == list(ALL_VARIABLES)
    assert [int(r["sortering"]) for r in rows] == list(range(1, len(ALL_VARIABLES) + 1))
    for r in rows:
        doc = spec.variables[r["variabel"]]
        assert r["namn_sv"] == doc.namn, r["variabel"]
        assert r["anvisning_sv"] == doc.anvisning, r["variabel"]
        assert r["fraga_sv"] == (doc.fraga or ""), r["variabel"]
        assert as_bool(r["flerval"]) is (doc.anvisning == "Möjlighet till flera val"), r["variabel"]
        assert as_bool(r["har_kodverk"]) is bool(doc.values), r["variabel"]
        assert r["namn_en"], r["variabel"]


def test_variabler_names_spot_checks() -> None:
    names = {r["variabel"]: r["namn_sv"] for r in read_seed("variabler")}
    assert names["V2"] == "Ursprunglig aktualiseringsorsak"
    assert names["V10"] == "Datum för beslut om insats (eller ej)"
    assert names["B1a"] == "Förändring av brukarens situation"


def test_variabler_columns_exist_in_the_contract() -> None:
    rows = {r["variabel"]: r for r in read_seed("variabler")}
    for v, r in rows.items():
        table = contract.TABLES_BY_NAME[r["tabell"]]
        column = table.column(r["kolumn"])  # KeyError when the column is not in the contract
        assert column.variable == v, (v, r["tabell"], r["kolumn"])
    assert rows["V3"]["kolumn"] == "personnummer" and "person_pseudonym" in rows["V3"]["kommentar"]
    assert (rows["V18"]["tabell"], rows["V18"]["kolumn"]) == ("insats", "datum_avslut")
    assert rows["V12"]["kommentar"], "V12 is multi-valued in the document but one type per row here"
    # every variable the contract carries is in the seed
    carried = {c.variable for t in contract.TABLES for c in t.columns if c.variable}
    assert carried == set(rows)


# --------------------------------------------------------------------------------------------------
# groupings


def codes_of(kodverk: list[dict[str, str]], variabel: str) -> list[int]:
    return sorted(int(r["kod"]) for r in kodverk if r["variabel"] == variabel)


@pytest.mark.parametrize(
    ("seed", "variabel"),
    [("kodverk_maluppfyllelse", "V17"), ("kodverk_avslutsorsak", "V20"), ("kodverk_insatstyp", "V12")],
)
def test_grouping_covers_every_code_once(kodverk: list[dict[str, str]], seed: str, variabel: str) -> None:
    codes = [int(r["kod"]) for r in read_seed(seed)]
    assert sorted(codes) == codes_of(kodverk, variabel)
    assert len(codes) == len(set(codes))


def test_maluppfyllelse_grouping() -> None:
    rows = {int(r["kod"]): r for r in read_seed("kodverk_maluppfyllelse")}
    assert {k: r["forandring"] for k, r in rows.items()} == {
        1: "positiv",
        2: "positiv",
        3: "ingen",
        4: "ingen",
        5: "negativ",
        6: "kan_inte_bedoma",
    }
    assert {k: as_bool(r["alla_mal_uppnadda"]) for k, r in rows.items()} == {
        1: True,
        2: False,
        3: True,
        4: False,
        5: False,
        6: None,
    }
    assert {k for k, r in rows.items() if not as_bool(r["bedombar"])} == {6}
    assert all(r["forandring_en"] for r in rows.values())


def test_avslutsorsak_grouping() -> None:
    rows = {int(r["kod"]): r for r in read_seed("kodverk_avslutsorsak")}
    groups = {k: r["avslut_grupp"] for k, r in rows.items()}
    assert groups == {1: "planerat", 2: "planerat"} | dict.fromkeys((3, 4, 5), "oplanerat") | dict.fromkeys(
        (6, 7, 8, 9), "ovrigt"
    )
    assert {k for k, r in rows.items() if as_bool(r["oplanerat_avbrott"])} == {3, 4, 5}
    assert all(r["avslut_grupp_en"] for r in rows.values())


def test_insatstyp_grouping() -> None:
    rows = {int(r["kod"]): r for r in read_seed("kodverk_insatstyp")}
    assert {k for k, r in rows.items() if as_bool(r["ar_placering"])} == {1, 10, 12, 16, 26}
    assert {k for k, r in rows.items() if as_bool(r["ar_arbetsmarknad"])} == {3, 4, 15, 21, 30, 35}
    areas = {k: r["typiskt_verksamhetsomrade"] for k, r in rows.items()}
    assert set(areas.values()) <= set(contract.VERKSAMHETSOMRADEN)
    expected = {1: "BOU", 11: "EB", 13: "AO", 14: "AO", 16: "BOU", 23: "MB", 27: "LSS", 6: "SP", 32: "AO"}
    assert {k: areas[k] for k in expected} == expected


# --------------------------------------------------------------------------------------------------
# areas, municipalities, age groups


def test_verksamhetsomrade_equals_the_contract() -> None:
    rows = read_seed("verksamhetsomrade")
    assert tuple(r["kod"] for r in rows) == contract.VERKSAMHETSOMRADEN
    assert [int(r["sortering"]) for r in rows] == list(range(1, len(rows) + 1))
    assert all(r["namn_en"] for r in rows)
    text = require(CONTRACT_MD).read_text(encoding="utf-8")
    codes = "|".join(contract.VERKSAMHETSOMRADEN)
    names = dict(re.findall(rf"\b({codes}) \(([^)]+)\)", text))
    assert {r["kod"]: r["namn_sv"] for r in rows} == names


def test_kommuner_equal_the_reference() -> None:
    with open(require(KOMMUNER_REF), encoding="utf-8-sig", newline="") as f:
        reference = list(csv.DictReader(f))
    seed = read_seed("kommuner")
    assert len(seed) == 290
    assert seed == reference
    for r in seed:
        assert re.fullmatch(r"\d{4}", r["kommun_kod"]) and r["lan_kod"] == r["kommun_kod"][:2], r
    assert {"kommun_kod": "0114", "kommun_namn": "Upplands Väsby", "lan_kod": "01"}.items() <= seed[0].items()


def test_kommuner_shape_without_reference() -> None:
    seed = read_seed("kommuner")
    assert list(seed[0]) == ["kommun_kod", "kommun_namn", "lan_kod", "lan_namn"]
    assert len({r["kommun_kod"] for r in seed}) == len(seed) == 290
    assert all(re.fullmatch(r"\d{4}", r["kommun_kod"]) for r in seed)


def test_aldersgrupper() -> None:
    rows = read_seed("aldersgrupper")
    assert [r["aldersgrupp"] for r in rows] == ["0-11", "12-17", "18-24", "25-64", "65-79", "80+"]
    assert int(rows[0]["alder_fran"]) == 0 and rows[-1]["alder_till"] == ""
    for prev, nxt in itertools.pairwise(rows):
        assert int(nxt["alder_fran"]) == int(prev["alder_till"]) + 1  # contiguous, no gap, no overlap
    for r in rows:
        label = f"{r['alder_fran']}-{r['alder_till']}" if r["alder_till"] else f"{r['alder_fran']}+"
        assert r["aldersgrupp"] == label
        assert as_bool(r["ar_barn"]) is (r["alder_till"] != "" and int(r["alder_till"]) < 18)
    assert [int(r["sortering"]) for r in rows] == list(range(1, 7))


# --------------------------------------------------------------------------------------------------
# indicator catalogue


def test_indikatorer_equal_the_catalogue() -> None:
    text = require(INDICATORS_MD).read_text(encoding="utf-8")
    catalogue = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in text.splitlines()
        if re.match(r"^\| [A-Z][A-Z0-9_]+ \|", line)
    ]
    rows = read_seed("indikatorer")
    assert [r["indikator_id"] for r in rows] == [c[0] for c in catalogue]
    for r, (iid, name, num, den, direction, source) in zip(rows, catalogue, strict=True):
        assert name.startswith(r["namn_sv"]) and r["namn_sv"], iid
        assert (r["taljare"], r["namnare"], r["riktning"], r["kalla"]) == (num, den, direction, source), iid
        assert as_bool(r["proxy"]) is ("proxy" in name.lower()), iid
        if as_bool(r["proxy"]):
            assert r["beskrivning"].startswith("Proxy"), iid


def test_indikatorer_fields() -> None:
    rows = read_seed("indikatorer")
    assert len({r["indikator_id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["riktning"] in ("low", "high", "–"), r
        assert r["typ"] in ("andel", "antal", "ledtid"), r
        assert r["beskrivning"], r
    typ = {r["indikator_id"]: r["typ"] for r in rows}
    assert typ["EJ_VERKST_3M"] == "antal" and typ["VANTETID_SABO"] == typ["DAGAR_SABO"] == "ledtid"
