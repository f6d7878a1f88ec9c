"""Property-based attack on the loader (hypothesis): extracts whose arende rows carry random defects
of every kind (quotes, delimiters, NUL and other control characters, 1 MB fields, SQL and
spreadsheet-formula strings, personnummer in the wrong column, impossible dates and numbers,
random lines, Windows-1252). For each: no traceback, rows read = accepted + quarantined, rows read
counted independently from the physical lines, the expected rule on every defective line, and no
plain personnummer anywhere in the warehouse. About 12,000 defective rows per run."""

from __future__ import annotations

import random

import duckdb
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from isu.loader import load_extract
from isu.pseudonym import load_key
from isu.rules import BASE_ROWS
from test_rules import COLUMNS, TODAY, write_extract

PNR_FORMS = ["19121212-1212", "121212-1212", "19121212 1212", "pnr:19121212-1212", "121212+1212", "191212121212"]
PNR_DIGITS = ["1212121212", "121212-1212", "121212 1212", "121212+1212"]
CELLS = COLUMNS["arende"]

# kind -> the rule its line must be quarantined with (None: any rule, or none for 'ok')
KINDS: dict[str, str | None] = {
    "ok": None,
    "stray_quote": "fel_antal_falt",
    "extra_delimiter": "fel_antal_falt",
    "missing_field": "fel_antal_falt",
    "nul_in_id": "ogiltigt_tecken",
    "control_in_code": "ogiltigt_tecken",
    "megabyte_field": "for_langt_varde",
    "formula": "okand_kod",
    "sql": "okant_verksamhetsomrade",
    "pnr_in_date": "ogiltigt_datum",
    "pnr_in_kommun": "okand_kommun",
    "pnr_in_id": "personnummer_i_fel_kolumn",
    "bad_date": "ogiltigt_datum",
    "year_typo": "datum_utanfor_rimligt_intervall",
    "birth_number_000": "personnummer_fodelsenummer",
    "huge_int": "utanfor_intervall",
    "random_line": None,
}


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(ch in value for ch in ';"') else value


def _line(kind: str, i: int, rng: random.Random) -> str:
    row = dict(BASE_ROWS["arende"], arende_id=f"F{i}")
    pnr = rng.choice(PNR_FORMS)
    if kind == "nul_in_id":
        row["arende_id"] = f"F\x00{i}"
    elif kind == "control_in_code":
        row["ursprung"] = "1\x07"
    elif kind == "megabyte_field":
        row["hushallstyp"] = "9" * (1 << 20)
    elif kind == "formula":
        row["ursprung"] = rng.choice(["=1+2", "=cmd|' /C calc'!A0", "@SUM(A1)", "+1"])
    elif kind == "sql":
        row["verksamhetsomrade"] = rng.choice(["'; drop table raw.arende; --", "BOU' or '1'='1", "$$;--"])
    elif kind == "pnr_in_date":
        row["datum_aktualisering"] = pnr
    elif kind == "pnr_in_kommun":
        row["kommun_kod"] = pnr
    elif kind == "pnr_in_id":
        row["arende_id"] = f"{pnr}/{i}"
    elif kind == "bad_date":
        row["datum_beslut"] = rng.choice(["2024-13-01", "2024-02-30", "01/02/2024", "2024-1-5", "20241301"])
    elif kind == "year_typo":
        row["datum_avslut"] = rng.choice(["2204-03-15", "3024-01-01"])
    elif kind == "birth_number_000":
        row["personnummer"] = "20150916-0006"
        row["datum_aktualisering"], row["datum_beslut"] = "2024-01-10", "2024-02-01"
    elif kind == "huge_int":
        row["personnummer"], row["alder"] = "", "9" * rng.randint(12, 40)
    text = ";".join(_quote(row[c]) for c in CELLS)
    if kind == "stray_quote":
        text = text.replace(";BOU;", ';"BOU;', 1)
    elif kind == "extra_delimiter":
        text += ";x"
    elif kind == "missing_field":
        text = text.rsplit(";", 1)[0]
    elif kind == "random_line":
        alphabet = 'abcÅÄÖ0123456789;,"\t |+-=\x00\x1b'
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 120))).strip() or "x"
    return text


@settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    kinds=st.lists(st.sampled_from(sorted(KINDS)), min_size=280, max_size=320),
    seed=st.integers(0, 2**32 - 1),
    cp1252=st.booleans(),
    crlf=st.booleans(),
)
def test_random_defects_never_lose_a_row_nor_leak_a_personnummer(tmp_path_factory, kinds, seed, cp1252, crlf) -> None:
    rng = random.Random(seed)
    folder = write_extract(tmp_path_factory.mktemp("x") / "x")
    lines = [";".join(CELLS)] + [_line(kind, i, rng) for i, kind in enumerate(kinds, start=1)]
    encoding = "cp1252" if cp1252 else "utf-8"
    data = ("\r\n" if crlf else "\n").join(lines).encode(encoding, errors="replace") + b"\n"
    (folder / "arende.csv").write_bytes(data)
    warehouse = folder.parent / "w.duckdb"

    report = load_extract(folder, warehouse, load_key(demo=True), today=TODAY, encoding=encoding)

    # rows read, counted independently: physical lines after the header that are not blank
    physical = [ln for ln in data.split(b"\n")[1:] if ln.strip(b"\r\n\t ")]
    arende = report.files[0]
    assert arende.rader_lasta == len(physical)
    for f in report.files:
        assert f.rader_lasta == f.rader_godkanda + f.rader_karantan
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rules_by_line: dict[int, set[str]] = {}
        for rad, regel in con.execute("select rad, regel from raw.karantan where tabell = 'arende'").fetchall():
            rules_by_line.setdefault(rad, set()).add(regel)
        dump = [
            repr(con.execute(f'select * from "{s}"."{t}"').fetchall())
            for s, t in con.execute("select table_schema, table_name from information_schema.tables").fetchall()
        ]
    finally:
        con.close()
    for line_no, kind in enumerate(kinds, start=2):
        expected = KINDS[kind]
        if kind == "ok":
            assert line_no not in rules_by_line, (kind, rules_by_line.get(line_no))
        elif expected is not None:
            assert expected in rules_by_line.get(line_no, set()), (line_no, kind, rules_by_line.get(line_no))
    text = "\n".join(dump)
    for digits in PNR_DIGITS:
        assert digits not in text
