"""Every rule of the exchange format as one object: code, severity, texts, where it is checked, its
Great Expectations expectation, the generator's defect for it, and its hand-worked cases.

Everything else derives from `RULES`: the quarantine and warning texts (`RULE_TEXT`), the
severities the loader applies, the defects the synthetic generator injects (`defect_rules`), the
feedback file's summary and the documentation table (`isu rules`). A test fails when a rule lacks
its texts, a hand-worked case, a defect (or the reason it has none) or a check that exists.

Severities follow the national return validators (KOSTRA: ERROR blocks, WARNING informs):
- `fel` (error): the row is quarantined with the rule, not loaded;
- `varning` (warning): the row is loaded and the finding is recorded (raw.varning) with file,
  line and column, for the municipality to look into;
- a `fil` rule refuses the whole extract (nothing is loaded).

`sedan` is the contract version a rule belongs to: a later contract adds or changes rules with its
own version, so that findings of earlier loads keep the meaning they had.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from isu.contract import Rule

CONTRACT_VERSION = 1


class Severity(StrEnum):
    FEL = "fel"  # error: the row is quarantined
    VARNING = "varning"  # warning: the row is loaded, the finding recorded
    FIL = "fil"  # the whole extract is refused


@dataclass(frozen=True)
class Case:
    """A hand-worked case: the minimal valid extract (`BASE_ROWS`) with one change, and the finding
    it must give: the rule on the row of `table` (line 2 of its file), naming `column`."""

    table: str
    cells: Mapping[str, str] = field(default_factory=dict)  # changed cells of the table's base row
    column: str | None = None  # the column the finding names (None: the whole line)
    other: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # changed cells of other tables
    line: str | None = None  # the row written as this physical line instead (line rules)
    duplicate: bool = False  # the row appears twice (lines 2 and 3)
    drop_column: str | None = None  # the header lacks this column (file rules)
    note: str = ""


@dataclass(frozen=True)
class RuleDef:
    code: Rule
    severity: Severity
    sv: str  # the message in Swedish (what a municipality reads)
    en: str
    check: str  # the function that checks it (module:qualified name), resolved by a test
    cases: tuple[Case, ...]
    defect_tables: tuple[str, ...] = ()  # tables in which the generator injects the defect
    no_defect_because: str = ""  # when the generator has no defect for it, why
    gx: str | None = None  # the Great Expectations expectation class that checks it on the input
    sedan: int = CONTRACT_VERSION


def _pnr(date6: str, birth_number: str, century: str = "20") -> str:
    from stdnum import luhn

    return f"{century}{date6}-{birth_number}{luhn.calc_check_digit(date6 + birth_number)}"


# The minimal valid extract the cases start from: one case, one intervention, one follow-up.
BASE_ROWS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "arende": {
        "kommun_kod": "0180", "arende_id": "A1", "verksamhetsomrade": "BOU",
        "personnummer": _pnr("100101", "123"), "juridiskt_kon": "", "alder": "",
        "datum_aktualisering": "2024-01-10", "aktualiseringsorsak": "2", "ursprung": "1", "hushallstyp": "1",
        "tidigare_kontakt": "1", "problematik": "3", "datum_beslut": "2024-02-01", "datum_avslut": "",
    },
    "insats": {
        "kommun_kod": "0180", "insats_id": "I1", "arende_id": "A1", "insatstyp": "18",
        "datum_beslut": "2024-02-01", "datum_verkstallighet": "2024-02-15", "parallella_insatser": "1",
        "datum_avslut": "", "genomforande": "", "avslutsorsak": "",
    },
    "uppfoljning": {
        "kommun_kod": "0180", "uppfoljning_id": "U1", "insats_id": "I1", "datum_uppfoljning": "2024-05-01",
        "samverkan": "1", "sip": "1", "maluppfyllelse": "2", "b1a_situation": "1", "b1b_livskvalitet": "2",
        "b2_betydelse": "1", "b3_nojdhet": "2", "b4_bemotande": "1", "b5_delaktighet": "1",
    },
})  # fmt: skip

_ROW = "isu.sql_rules:checks"
_PNR = "isu.personnummer:parse_column"

RULES: tuple[RuleDef, ...] = (
    RuleDef(
        Rule.SAKNAD_KOLUMN,
        Severity.FIL,
        "Filen saknar en obligatorisk kolumn",
        "The file lacks a required column",
        "isu.reader:_check_header",
        (Case("arende", drop_column="datum_aktualisering", column="datum_aktualisering"),),
        no_defect_because="refuses the whole extract; the generator writes extracts that load",
        gx="ExpectColumnToExist",
    ),
    RuleDef(
        Rule.FEL_ANTAL_FALT,
        Severity.FEL,
        "Raden har ett annat antal fält än rubrikraden eller ett citattecken som inte stängs "
        "(kontrollera avgränsare och citattecken)",
        "The line has a different number of fields than the header, or a quote that does not close "
        "(check delimiters and quotes)",
        "isu.sql_text:_csv",
        (
            Case(
                "arende",
                line='0180;A1;"BOU;{personnummer};;;2024-01-10;2;1;1;1;3;2024-02-01;',
                note="a stray quote breaks only its own line",
            ),
            Case("arende", line="0180;A1;BOU;;;;2024-01-10;2;1;1;1;3;2024-02-01;;extra", note="one field too many"),
        ),
        no_defect_because="a line-level defect: covered by the property-based attack test (test_attack_input)",
    ),
    RuleDef(
        Rule.OBLIGATORISKT_FALT,
        Severity.FEL,
        "Obligatoriskt fält är tomt",
        "A required field is empty",
        _ROW,
        (
            Case("arende", {"datum_aktualisering": ""}, "datum_aktualisering"),
            Case("insats", {"insatstyp": ""}, "insatstyp"),
        ),
        defect_tables=("arende", "insats", "uppfoljning"),
        gx="ExpectColumnValuesToNotBeNull",
    ),
    RuleDef(
        Rule.FOR_LANGT_VARDE,
        Severity.FEL,
        "Värdet är längre än något värde i kontraktet kan vara (högst 200 tecken)",
        "The value is longer than any value of the contract can be (at most 200 characters)",
        _ROW,
        (Case("arende", {"arende_id": "A" * 201}, "arende_id"),),
        defect_tables=("arende",),
        gx="ExpectColumnValueLengthsToBeBetween",
    ),
    RuleDef(
        Rule.OGILTIGT_TECKEN,
        Severity.FEL,
        "Värdet innehåller styrtecken (t.ex. NUL eller tabb) som inte hör hemma i en CSV-fil",
        "The value holds control characters (e.g. NUL or tab) that do not belong in a CSV file",
        _ROW,
        (Case("insats", {"insats_id": "I\x001"}, "insats_id"),),
        defect_tables=("insats",),
        gx="ExpectColumnValuesToNotMatchRegex",
    ),
    RuleDef(
        Rule.OGILTIGT_DATUM,
        Severity.FEL,
        "Datumet är inte ett giltigt datum (ÅÅÅÅ-MM-DD, ÅÅÅÅMMDD eller datum med klockslag)",
        "The date is not a valid date (YYYY-MM-DD, YYYYMMDD or a date-time)",
        _ROW,
        (
            Case("arende", {"datum_beslut": "2024/02/01"}, "datum_beslut"),
            Case("arende", {"datum_beslut": "2024-02-30"}, "datum_beslut"),
        ),
        defect_tables=("arende", "insats", "uppfoljning"),
        gx="ExpectColumnValuesToMatchRegex",
    ),
    RuleDef(
        Rule.DATUM_UTANFOR,
        Severity.FEL,
        "Datumet är orimligt: före 1900 eller mer än ett år efter laddningen (skrivfel i årtalet?)",
        "The date is implausible: before 1900 or more than a year after the load (a typo in the year?)",
        _ROW,
        (
            Case("arende", {"datum_avslut": "2204-03-15"}, "datum_avslut"),
            Case("insats", {"datum_beslut": "0001-01-01"}, "datum_beslut"),
        ),
        defect_tables=("arende", "insats"),
        gx="ExpectColumnValuesToMatchRegex",
    ),
    RuleDef(
        Rule.OGILTIGT_HELTAL,
        Severity.FEL,
        "Värdet är inte ett heltal",
        "The value is not a whole number",
        _ROW,
        (Case("arende", {"personnummer": "", "alder": "tolv"}, "alder"),),
        defect_tables=("arende",),
        gx="ExpectColumnValuesToMatchRegex",
    ),
    RuleDef(
        Rule.UTANFOR_INTERVALL,
        Severity.FEL,
        "Värdet ligger utanför det tillåtna intervallet",
        "The value is out of range",
        _ROW,
        (
            Case("arende", {"personnummer": "", "alder": "121"}, "alder"),
            Case("arende", {"personnummer": "", "alder": "9" * 20}, "alder", note="no overflow"),
        ),
        defect_tables=("arende",),
        gx="ExpectColumnValuesToBeBetween",
    ),
    RuleDef(
        Rule.OKAND_KOD,
        Severity.FEL,
        "Koden finns inte i variabelns värdemängd",
        "The code is not in the variable's value set",
        _ROW,
        (Case("arende", {"ursprung": "6"}, "ursprung"), Case("insats", {"insatstyp": "36"}, "insatstyp")),
        defect_tables=("arende", "insats", "uppfoljning"),
        gx="ExpectColumnValuesToBeInSet",
    ),
    RuleDef(
        Rule.OGILTIG_FLERVAL,
        Severity.FEL,
        "Flervalslistan ska vara koder åtskilda med |, t.ex. 2|6",
        "A multi-valued field must be codes separated by |, e.g. 2|6",
        _ROW,
        (Case("arende", {"aktualiseringsorsak": "2;6"}, "aktualiseringsorsak"),),
        defect_tables=("arende", "uppfoljning"),
        gx="ExpectColumnValuesToMatchRegex",
    ),
    RuleDef(
        Rule.SAMVERKAN_MOTSTRIDIG,
        Severity.FEL,
        "Samverkan 11 och 12 (ingen samverkan) kan inte kombineras med andra koder",
        "Collaboration codes 11 and 12 (no collaboration) cannot be combined with other codes",
        _ROW,
        (Case("uppfoljning", {"samverkan": "1|11"}, "samverkan"),),
        defect_tables=("uppfoljning",),
        gx="ExpectColumnValuesToNotMatchRegex",
    ),
    RuleDef(
        Rule.OKAND_KOMMUN,
        Severity.FEL,
        "Kommunkoden finns inte bland Sveriges 290 kommuner (fyra siffror, t.ex. 0180)",
        "Not one of the 290 Swedish municipality codes (four digits, e.g. 0180)",
        _ROW,
        (Case("arende", {"kommun_kod": "180"}, "kommun_kod"),),
        defect_tables=("arende", "insats", "uppfoljning"),
        gx="ExpectColumnValuesToBeInSet",
    ),
    RuleDef(
        Rule.OKANT_OMRADE,
        Severity.FEL,
        "Okänt verksamhetsområde (tillåtna: BOU, EB, MB, VNR, AO, LSS, SP, OVR)",
        "Unknown area (allowed: BOU, EB, MB, VNR, AO, LSS, SP, OVR)",
        _ROW,
        (Case("arende", {"verksamhetsomrade": "IFO"}, "verksamhetsomrade"),),
        defect_tables=("arende",),
        gx="ExpectColumnValuesToBeInSet",
    ),
    RuleDef(
        Rule.PNR_FORMAT,
        Severity.FEL,
        "Personnumret har fel format (ÅÅÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN, ÅÅMMDD-NNNN eller ÅÅMMDD+NNNN)",
        "The personnummer has the wrong format (YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN or YYMMDD+NNNN)",
        _PNR,
        (Case("arende", {"personnummer": "2010-01-01"}, "personnummer"),),
        defect_tables=("arende",),
        gx="ExpectColumnValuesToMatchRegex",
    ),
    RuleDef(
        Rule.PNR_FODELSENUMMER,
        Severity.FEL,
        "Personnumrets födelsenummer är 000, som aldrig tilldelas",
        "The personnummer's birth number is 000, which is never issued",
        _PNR,
        (Case("arende", {"personnummer": "20150916-0006", "datum_aktualisering": "2024-01-10"}, "personnummer"),),
        defect_tables=("arende",),
        gx="ExpectColumnValuesToNotMatchRegex",
    ),
    RuleDef(
        Rule.PNR_KONTROLLSIFFRA,
        Severity.FEL,
        "Personnumrets kontrollsiffra stämmer inte",
        "The personnummer's check digit is wrong",
        _PNR,
        (Case("arende", {"personnummer": _pnr("100101", "123")[:-1] + "7"}, "personnummer"),),
        defect_tables=("arende",),
    ),
    RuleDef(
        Rule.PNR_DATUM,
        Severity.FEL,
        "Personnumrets födelsedatum finns inte (inte heller som samordningsnummer, dag + 60)",
        "The personnummer's birth date does not exist (nor as a samordningsnummer, day + 60)",
        _PNR,
        (Case("arende", {"personnummer": _pnr("101301", "123")}, "personnummer"),),
        defect_tables=("arende",),
    ),
    RuleDef(
        Rule.PNR_EFTER_AKTUALISERING,
        Severity.FEL,
        "Födelsedatumet i personnumret ligger efter datum_aktualisering",
        "The birth date in the personnummer is after datum_aktualisering",
        "isu.sql_rules:_personnummer",
        (Case("arende", {"personnummer": _pnr("240601", "123")}, "personnummer"),),
        defect_tables=("arende",),
    ),
    RuleDef(
        Rule.PNR_I_FEL_KOLUMN,
        Severity.FEL,
        "Ett id-fält innehåller ett personnummer; id:n får inte vara personnummer (värdet visas inte)",
        "An id field holds a personnummer; ids must not be personnummer (the value is not shown)",
        "isu.sql_rules:_mask_ids",
        (
            Case("insats", {"insats_id": "pnr:19121212-1212"}, "insats_id"),
            Case("uppfoljning", {"uppfoljning_id": "19121212 1212"}, "uppfoljning_id"),
            Case("uppfoljning", {"uppfoljning_id": "19121212-1212/1"}, "uppfoljning_id"),
        ),
        defect_tables=("insats",),
        gx="ExpectColumnValuesToNotMatchRegex",
    ),
    RuleDef(
        Rule.DATUMORDNING,
        Severity.FEL,
        "Datumen kommer i fel ordning",
        "The dates are in the wrong order",
        _ROW,
        (
            Case("arende", {"datum_beslut": "2024-01-01"}, "datum_beslut"),
            Case(
                "insats",
                {"datum_beslut": "2024-01-05", "datum_verkstallighet": "2024-01-06"},
                "datum_beslut",
                note="before the case's datum_aktualisering (checked against the parent)",
            ),
        ),
        defect_tables=("arende", "insats", "uppfoljning"),
        gx="ExpectColumnPairValuesAToBeGreaterThanB",
    ),
    RuleDef(
        Rule.KRAVER_AVSLUT,
        Severity.FEL,
        "Fältet får bara fyllas i när datum_avslut är ifyllt",
        "This field may only be filled in when datum_avslut is set",
        _ROW,
        (Case("insats", {"genomforande": "1"}, "genomforande"),),
        defect_tables=("insats",),
        gx="ExpectColumnValuesToBeNull",
    ),
    RuleDef(
        Rule.DUBBLETT,
        Severity.FEL,
        "Nyckeln förekommer flera gånger i samma extrakt; ingen av raderna laddas",
        "The key occurs more than once in the same extract; none of the rows is loaded",
        "isu.loader:_TableLoad._duplicates",
        (Case("arende", duplicate=True, column="arende_id"),),
        defect_tables=("arende", "insats", "uppfoljning"),
        gx="ExpectCompoundColumnsToBeUnique",
    ),
    RuleDef(
        Rule.SAKNAD_FORALDER,
        Severity.FEL,
        "Raden hänvisar till en post som inte finns (laddas när posten kommer i ett senare extrakt)",
        "The row refers to a record that does not exist (it loads once that record arrives)",
        "isu.loader:_TableLoad._orphans",
        (Case("insats", {"arende_id": "A9"}, "arende_id"),),
        defect_tables=("insats", "uppfoljning"),
    ),
    RuleDef(
        Rule.LANG_LEDTID,
        Severity.VARNING,
        "Ledtiden är mer än ett år, långt över lagens gränser (4 månader för utredning, 3 för verkställighet); "
        "stämmer datumen?",
        "The lead time is over a year, far beyond the legal limits (4 months to investigate, 3 to implement); "
        "are the dates right?",
        "isu.loader:_TableLoad._warnings",
        (
            Case("arende", {"datum_beslut": "2025-02-01"}, "datum_beslut"),
            Case(
                "insats",
                {"datum_verkstallighet": "2025-03-01"},
                "datum_verkstallighet",
                other={"uppfoljning": {"datum_uppfoljning": "2025-05-01"}},
            ),
        ),
        no_defect_because="a warning loads the row; the generator's lead times stay within a year by design",
    ),
    RuleDef(
        Rule.UPPFOLJNING_EFTER_AVSLUT,
        Severity.VARNING,
        "Uppföljningen ligger efter insatsens avslut",
        "The follow-up is after the intervention ended",
        "isu.loader:_TableLoad._warnings",
        (
            Case(
                "uppfoljning",
                {},
                "datum_uppfoljning",
                other={"insats": {"datum_avslut": "2024-04-01", "genomforande": "1", "avslutsorsak": "1"}},
            ),
        ),
        no_defect_because="a warning loads the row; the generator follows up only during an intervention",
    ),
    RuleDef(
        Rule.ALDER_OVANLIG_FOR_OMRADE,
        Severity.VARNING,
        "Åldern är ovanlig för verksamhetsområdet (BOU över 20 år, äldreomsorg under 65)",
        "The age is unusual for the area (BOU over 20, elderly care under 65)",
        "isu.loader:_TableLoad._warnings",
        (
            Case("arende", {"personnummer": _pnr("900101", "123", "19")}, "personnummer"),
            Case("arende", {"verksamhetsomrade": "AO", "personnummer": "", "alder": "40"}, "alder"),
        ),
        no_defect_because="a warning loads the row; the generator draws ages by area",
    ),
    RuleDef(
        Rule.INSATSTYP_OVANLIG_FOR_OMRADE,
        Severity.VARNING,
        "Insatstypen är ovanlig för verksamhetsområdet (en äldreomsorgsinsats i barn- och ungdomsvården eller tvärtom)",
        "The intervention type is unusual for the area (an elderly-care intervention in child and youth "
        "care, or the reverse)",
        "isu.loader:_TableLoad._warnings",
        (Case("insats", {"insatstyp": "13"}, "insatstyp"),),
        no_defect_because="a warning loads the row; the generator draws types by area",
    ),
)

RULES_BY_CODE: Mapping[Rule, RuleDef] = MappingProxyType({r.code: r for r in RULES})
# Every rule the personnummer column can break, in the catalogue's order.
PNR_RULES: tuple[Rule, ...] = tuple(r.code for r in RULES if r.check in (_PNR, "isu.sql_rules:_personnummer"))
RULE_TEXT: Mapping[Rule, tuple[str, str]] = MappingProxyType({r.code: (r.sv, r.en) for r in RULES})
WARNINGS: frozenset[Rule] = frozenset(r.code for r in RULES if r.severity is Severity.VARNING)


def defect_rules(table: str) -> tuple[Rule, ...]:
    """The rules whose defects the synthetic generator injects into `table`, in catalogue order."""
    return tuple(r.code for r in RULES if table in r.defect_tables)


def rules_markdown() -> str:
    """The catalogue as a Markdown table (docs/regler.md is this text; a test keeps them equal)."""
    lines = [
        "# Contract rules (generated from `isu.rules`: `isu rules --markdown`)",
        "",
        f"Contract version {CONTRACT_VERSION}. Severity: `fel` = the row is quarantined, `varning` = the row is "
        "loaded and the finding recorded in `raw.varning`, `fil` = the whole extract is refused.",
        "",
        "| rule | severity | since | message (sv) | message (en) | generator defect in |",
        "|---|---|---|---|---|---|",
    ]
    for r in RULES:
        defect = ", ".join(r.defect_tables) or f"– ({r.no_defect_because})"
        lines.append(f"| `{r.code.value}` | {r.severity.value} | {r.sedan} | {r.sv} | {r.en} | {defect} |")
    return "\n".join(lines) + "\n"
