"""The ISU exchange format, version 1 (CONTRACT.md), as data: tables, columns, value sets, and the
codes of the rules (`Rule`).

Each rule itself (severity, texts, check, GX expectation, generator defect, hand-worked cases) is one
object in `isu.rules`; the loader checks rows with the column specs here, the GX suites are built
from them, and the generator injects defects named by the same rule codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    DATE = "date"
    CODE = "code"  # one code from a value set
    CODES = "codes"  # several codes separated by '|'
    PERSONNUMMER = "personnummer"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False
    variable: str | None = None  # V1..V20, B1a..B5 of the specification
    codes: tuple[int, ...] = ()  # allowed codes for CODE / CODES
    min_value: int | None = None  # for INT
    max_value: int | None = None
    allowed_text: tuple[str, ...] = ()  # for TEXT with a closed list
    description: str = ""


def _r(lo: int, hi: int) -> tuple[int, ...]:
    return tuple(range(lo, hi + 1))


@dataclass(frozen=True)
class DateOrder:
    """`column` must be on or after `reference` (both in the same row, or the parent's row)."""

    column: str
    reference: str
    reference_in_parent: bool = False
    fallback_reference: str | None = None  # used when `reference` is empty


@dataclass(frozen=True)
class Table:
    name: str
    id_column: str
    columns: tuple[Column, ...]
    parent: str | None = None  # table name of the parent
    parent_column: str | None = None  # column holding the parent's id
    date_orders: tuple[DateOrder, ...] = ()
    only_with: tuple[tuple[str, str], ...] = ()  # (column, requires column) pairs

    @property
    def key(self) -> tuple[str, str]:
        return ("kommun_kod", self.id_column)

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


VERKSAMHETSOMRADEN: tuple[str, ...] = ("BOU", "EB", "MB", "VNR", "AO", "LSS", "SP", "OVR")

KOMMUN = Column("kommun_kod", Kind.TEXT, required=True, description="four-digit municipality code")

ARENDE = Table(
    name="arende",
    id_column="arende_id",
    columns=(
        KOMMUN,
        Column("arende_id", Kind.TEXT, required=True),
        Column("verksamhetsomrade", Kind.TEXT, required=True, allowed_text=VERKSAMHETSOMRADEN),
        Column("personnummer", Kind.PERSONNUMMER, variable="V3"),
        Column("juridiskt_kon", Kind.CODE, variable="V4", codes=_r(1, 2)),
        Column("alder", Kind.INT, variable="V5", min_value=0, max_value=120),
        Column("datum_aktualisering", Kind.DATE, required=True, variable="V1"),
        Column("aktualiseringsorsak", Kind.CODES, required=True, variable="V2", codes=_r(1, 14)),
        Column("ursprung", Kind.CODE, variable="V6", codes=_r(1, 5)),
        Column("hushallstyp", Kind.CODE, variable="V7", codes=_r(1, 9)),
        Column("tidigare_kontakt", Kind.CODE, variable="V8", codes=_r(1, 4)),
        Column("problematik", Kind.CODES, variable="V9", codes=_r(1, 14)),
        Column("datum_beslut", Kind.DATE, variable="V10"),
        Column("datum_avslut", Kind.DATE),
    ),
    date_orders=(
        DateOrder("datum_beslut", "datum_aktualisering"),
        DateOrder("datum_avslut", "datum_aktualisering"),
    ),
)

INSATS = Table(
    name="insats",
    id_column="insats_id",
    columns=(
        KOMMUN,
        Column("insats_id", Kind.TEXT, required=True),
        Column("arende_id", Kind.TEXT, required=True),
        Column("insatstyp", Kind.CODE, required=True, variable="V12", codes=_r(1, 35)),
        Column("datum_beslut", Kind.DATE, required=True, variable="V10"),
        Column("datum_verkstallighet", Kind.DATE, variable="V11"),
        Column("parallella_insatser", Kind.CODE, variable="V16", codes=_r(1, 3)),
        Column("datum_avslut", Kind.DATE, variable="V18"),
        Column("genomforande", Kind.CODE, variable="V19", codes=_r(1, 3)),
        Column("avslutsorsak", Kind.CODE, variable="V20", codes=_r(1, 9)),
    ),
    parent="arende",
    parent_column="arende_id",
    date_orders=(
        DateOrder("datum_beslut", "datum_aktualisering", reference_in_parent=True),
        DateOrder("datum_verkstallighet", "datum_beslut"),
        DateOrder("datum_avslut", "datum_verkstallighet", fallback_reference="datum_beslut"),
    ),
    only_with=(("genomforande", "datum_avslut"), ("avslutsorsak", "datum_avslut")),
)

UPPFOLJNING = Table(
    name="uppfoljning",
    id_column="uppfoljning_id",
    columns=(
        KOMMUN,
        Column("uppfoljning_id", Kind.TEXT, required=True),
        Column("insats_id", Kind.TEXT, required=True),
        Column("datum_uppfoljning", Kind.DATE, required=True, variable="V13"),
        Column("samverkan", Kind.CODES, variable="V14", codes=_r(1, 12)),
        Column("sip", Kind.CODE, variable="V15", codes=_r(1, 3)),
        Column("maluppfyllelse", Kind.CODE, variable="V17", codes=_r(1, 6)),
        Column("b1a_situation", Kind.CODE, variable="B1a", codes=_r(1, 6)),
        Column("b1b_livskvalitet", Kind.CODE, variable="B1b", codes=_r(1, 6)),
        Column("b2_betydelse", Kind.CODE, variable="B2", codes=_r(1, 5)),
        Column("b3_nojdhet", Kind.CODE, variable="B3", codes=_r(1, 6)),
        Column("b4_bemotande", Kind.CODE, variable="B4", codes=_r(1, 6)),
        Column("b5_delaktighet", Kind.CODE, variable="B5", codes=_r(1, 5)),
    ),
    parent="insats",
    parent_column="insats_id",
    date_orders=(DateOrder("datum_uppfoljning", "datum_beslut", reference_in_parent=True),),
)

TABLES: tuple[Table, ...] = (ARENDE, INSATS, UPPFOLJNING)  # in load order: parents first
TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}

# V14: codes 11 and 12 ("no collaboration") exclude 1-10 and each other.
SAMVERKAN_INGEN: frozenset[int] = frozenset({11, 12})


class Rule(StrEnum):
    """Reason codes written to the quarantine. The value is the code users see."""

    SAKNAD_KOLUMN = "saknad_kolumn"  # file-level: header lacks a required column
    OBLIGATORISKT_FALT = "obligatoriskt_falt_saknas"
    OGILTIGT_DATUM = "ogiltigt_datum"
    OGILTIGT_HELTAL = "ogiltigt_heltal"
    UTANFOR_INTERVALL = "utanfor_intervall"
    OKAND_KOD = "okand_kod"
    OGILTIG_FLERVAL = "ogiltig_flervalslista"
    SAMVERKAN_MOTSTRIDIG = "samverkan_motstridig"
    OKAND_KOMMUN = "okand_kommun"
    OKANT_OMRADE = "okant_verksamhetsomrade"
    PNR_FORMAT = "personnummer_format"
    PNR_KONTROLLSIFFRA = "personnummer_kontrollsiffra"
    PNR_DATUM = "personnummer_datum"
    PNR_EFTER_AKTUALISERING = "personnummer_fodd_efter_aktualisering"
    DATUMORDNING = "datumordning"
    KRAVER_AVSLUT = "kraver_avslutsdatum"
    DUBBLETT = "dubblett_nyckel"
    SAKNAD_FORALDER = "saknad_foralder"
    FEL_ANTAL_FALT = "fel_antal_falt"  # a CSV line with more or fewer fields than the header
    PNR_I_FEL_KOLUMN = "personnummer_i_fel_kolumn"  # an id that is a personnummer (masked)
    PNR_FODELSENUMMER = "personnummer_fodelsenummer"  # birth number 000, never issued
    DATUM_UTANFOR = "datum_utanfor_rimligt_intervall"  # before 1900 or more than a year after the load
    FOR_LANGT_VARDE = "for_langt_varde"  # a field longer than any value of the contract can be
    OGILTIGT_TECKEN = "ogiltigt_tecken"  # control characters (NUL, ...) in a field
    # Warnings: the row is loaded, the finding is recorded (raw.varning) and fed back.
    LANG_LEDTID = "ledtid_langt_over_lagkrav"
    UPPFOLJNING_EFTER_AVSLUT = "uppfoljning_efter_avslut"
    ALDER_OVANLIG_FOR_OMRADE = "alder_ovanlig_for_omrade"
    INSATSTYP_OVANLIG_FOR_OMRADE = "insatstyp_ovanlig_for_omrade"
