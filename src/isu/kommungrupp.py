"""The optional municipality-group mapping (e.g. SKR's kommungruppsindelning), supplied by the user."""

from __future__ import annotations

import csv
from pathlib import Path

from isu.errors import IsuError
from isu.paths import kommun_koder
from isu.schema import RAW_SCHEMA
from isu.warehouse import connect, init_raw

COLUMNS = ("kommun_kod", "gruppkod", "gruppnamn")


def read_mapping(path: Path) -> list[tuple[str, str, str]]:
    """Rows of a mapping CSV (`;` or `,`), checked: known codes, each municipality once."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IsuError(
            f"{path} kan inte läsas som UTF-8 ({exc}).", f"{path} cannot be read as UTF-8 ({exc})."
        ) from None
    lines = text.splitlines()
    if not lines:
        raise IsuError(f"{path} är tom.", f"{path} is empty.")
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.DictReader(lines, delimiter=delimiter)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise IsuError(
            f"{path.name}, rad 1: kolumnen {', '.join(missing)} saknas.",
            f"{path.name}, line 1: the column {', '.join(missing)} is missing.",
        )
    known = kommun_koder()
    seen: set[str] = set()
    rows = []
    for line_no, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        code = row["kommun_kod"]
        if code not in known:
            raise IsuError(
                f"{path.name}, rad {line_no}, kolumn kommun_kod: '{code}' är ingen känd kommunkod.",
                f"{path.name}, line {line_no}, column kommun_kod: '{code}' is not a known code.",
            )
        if code in seen:
            raise IsuError(
                f"{path.name}, rad {line_no}: kommun {code} förekommer två gånger.",
                f"{path.name}, line {line_no}: municipality {code} occurs twice.",
            )
        if not row["gruppkod"] or not row["gruppnamn"]:
            raise IsuError(
                f"{path.name}, rad {line_no}: gruppkod och gruppnamn måste vara ifyllda.",
                f"{path.name}, line {line_no}: gruppkod and gruppnamn are required.",
            )
        seen.add(code)
        rows.append((code, row["gruppkod"], row["gruppnamn"]))
    return rows


def load_kommungrupp(path: Path, warehouse: Path) -> int:
    rows = read_mapping(path)
    con = connect(warehouse)
    try:
        con.begin()
        init_raw(con)
        con.execute(f"delete from {RAW_SCHEMA}.kommungrupp")
        con.executemany(f"insert into {RAW_SCHEMA}.kommungrupp values (?, ?, ?)", rows)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()
    return len(rows)
