"""`isu report ej-verkstallda`: the list behind EJ_VERKST_3M for one quarter, as the CSV a
municipality sends in its quarterly report to IVO (SoL 16 kap. 6 f §, LSS 28 f §).

The list is read from the indicator model `indikator.ind_ej_verkst_3m`, so that it holds exactly the
interventions that `mart_ej_verkstallda_beslut` counts at the quarter's end (before small-count
protection: the list is the municipality's own report, not a publication). People are named by
their pseudonym only.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from isu.errors import IsuError
from isu.warehouse import connect

KOLUMNER = (
    "kommun_kod",
    "kommun_namn",
    "kvartal",
    "kvartalsslut",
    "person_pseudonym",
    "insats_id",
    "verksamhetsomrade",
    "insatstyp",
    "insatstyp_text",
    "datum_beslut",
    "dagar_sedan_beslut",
)

_SQL = """
    select
        i.kommun_kod,
        k.kommun_namn,
        ? as kvartal,
        cast(? as date) as kvartalsslut,
        i.person_pseudonym,
        i.enhet_id as insats_id,
        i.verksamhetsomrade,
        i.insatstyp,
        t.etikett_sv as insatstyp_text,
        f.datum_beslut,
        date_diff('day', f.datum_beslut, cast(? as date)) as dagar_sedan_beslut
    from indikator.ind_ej_verkst_3m as i
    inner join fakta.fct_insats as f
        on f.insats_id = i.enhet_id
    left join marts.dim_kommun as k
        on k.kommun_kod = i.kommun_kod
    left join marts.dim_kodverk as t
        on t.variabel = 'V12' and t.kod = i.insatstyp
    where i.handelsedatum <= cast(? as date)
      and (i.slutdatum is null or i.slutdatum > cast(? as date))
      and (? is null or i.kommun_kod = ?)
    order by i.kommun_kod, f.datum_beslut, i.enhet_id
"""


@dataclass(frozen=True)
class Kvartal:
    ar: int
    nummer: int

    @property
    def namn(self) -> str:
        return f"{self.ar}Q{self.nummer}"

    @property
    def slut(self) -> date:
        manad = self.nummer * 3
        return date(self.ar, manad, 31 if manad in (3, 12) else 30)


def parse_kvartal(text: str) -> Kvartal:
    """'2024Q3' (also '2024-Q3', '2024q3') -> Kvartal(2024, 3)."""
    m = re.fullmatch(r"\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*", text)
    if not m:
        raise IsuError(
            f"Kvartalet '{text}' känns inte igen: skriv år och kvartal som 2024Q3.",
            f"The quarter '{text}' is not recognised: write year and quarter as 2024Q3.",
        )
    return Kvartal(int(m.group(1)), int(m.group(2)))


def ej_verkstallda(warehouse: Path, kvartal: Kvartal, kommun_kod: str | None = None) -> list[tuple]:
    """The interventions waiting at the quarter's end: decided more than three months before it,
    neither implemented nor ended on that day."""
    if not warehouse.exists():
        raise IsuError(
            f"Lagret {warehouse} finns inte ännu; kör `isu load` och `isu build` först.",
            f"The warehouse {warehouse} does not exist yet; run `isu load` and `isu build` first.",
        )
    slut = kvartal.slut.isoformat()
    # Not read-only: in a process that ran dbt (the demo, the tests), dbt-duckdb keeps a read-write
    # connection open, and DuckDB refuses a second one with another configuration.
    con = connect(warehouse)
    try:
        return con.execute(_SQL, [kvartal.namn, slut, slut, slut, slut, kommun_kod, kommun_kod]).fetchall()
    except duckdb.CatalogException as exc:
        raise IsuError(
            f"Lagret {warehouse} är inte byggt (saknar ind_ej_verkst_3m): kör `isu build` först.",
            f"The warehouse {warehouse} is not built (ind_ej_verkst_3m is missing): run `isu build` first.",
        ) from exc
    finally:
        con.close()


def skriv_csv(rader: list[tuple], ut: Path) -> None:
    ut.parent.mkdir(parents=True, exist_ok=True)
    with ut.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(KOLUMNER)
        writer.writerows(rader)
