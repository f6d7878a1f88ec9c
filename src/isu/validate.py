"""Row rules of the contract, applied to one chunk of text rows at a time.

`check_chunk` returns the accepted rows with their values typed (dates, integers, normalised
code lists; personnummer replaced by birth date, legal sex and a keyed pseudonym) and one
violation row per broken rule. Rules that need other rows (duplicate keys, parents, dates of the
parent) are checked afterwards in SQL by the loader.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from isu import kalender
from isu.contract import SAMVERKAN_INGEN, Column, Kind, Rule, Table
from isu.personnummer import parse_column
from isu.privacy import MASKED, contains_personnummer_column
from isu.pseudonym import PseudonymKey
from isu.reader import MAX_STORED_CHARS, Chunk
from isu.rules import PNR_RULES, RULE_TEXT

VIOLATION_COLUMNS = [
    "rad",
    "kommun_kod",
    "nyckel",
    "kolumn",
    "regel",
    "meddelande",
    "meddelande_en",
    "varde",
    "radinnehall",
]
# Dates (CONTRACT.md): YYYY-MM-DD, with a time part that is dropped, or compact YYYYMMDD.
TIME_PART = r"(?:[ T](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?)?"
DATE_FORMS = rf"(?:[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}{TIME_PART}|[0-9]{{8}})"
_INT = re.compile(r"^[+-]?\d+$")
CONTROL_CHARS = r"[\x00-\x1f\x7f]"
# No value of the contract is longer (ids included); longer ones are quarantined, not stored whole.
MAX_VALUE_CHARS = 200
EARLIEST_DATE = date(1900, 1, 1)


@dataclass(frozen=True)
class Context:
    kommun_koder: frozenset[str]
    key: PseudonymKey
    today: date


@dataclass
class Checked:
    accepted: pd.DataFrame  # typed rows that passed every row rule, with `kalla_rad`
    violations: pd.DataFrame  # VIOLATION_COLUMNS
    keys: pd.DataFrame  # kommun_kod, nyckel, rad of every row whose key could be read


def _code_range(codes: tuple[int, ...]) -> str:
    return f"{codes[0]}–{codes[-1]}"


def latest_date(today: date) -> date:
    """The latest plausible date of a load on `today`: a year after it."""
    return date.fromordinal(today.toordinal() + 365)


def parse_dates(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(valid shape and calendar date, datetime64[D]) of a text column in any accepted date form;
    years 1-9999 (the range check is separate). Vectorised: regular expression and slices run on
    the Arrow strings, the calendar check in numpy."""
    shape = s.str.fullmatch(DATE_FORMS).to_numpy(dtype=bool, na_value=False)
    compact = shape & (s.str.len() == 8).to_numpy(dtype=bool, na_value=False)

    def part(iso: tuple[int, int], packed: tuple[int, int]) -> np.ndarray:
        text = s.str.slice(*iso).where(~compact, s.str.slice(*packed)).where(shape, "0")
        return pd.to_numeric(text, errors="coerce").fillna(0).astype(np.int64).to_numpy()

    y, m, d = part((0, 4), (0, 4)), part((5, 7), (4, 6)), part((8, 10), (6, 8))
    ok = shape & kalender.exists(y, m, d)
    out = np.full(len(s), np.datetime64("NaT"), dtype="datetime64[D]")
    idx = np.flatnonzero(ok)
    out[idx] = kalender.as_dates(y[idx], m[idx], d[idx])
    return ok, out


def _cut(value: object) -> object:
    if isinstance(value, str) and len(value) > MAX_STORED_CHARS:
        return value[:MAX_STORED_CHARS] + "…"
    return value


def _parse_codes(value: str, col: Column) -> tuple[str | None, Rule | None, str]:
    """Normalise a multi-valued field ('6|2|2' -> '2|6'), or say which rule it breaks."""
    parts = value.split("|")
    if any(not re.fullmatch(r"\d+", p.strip()) for p in parts):
        return None, Rule.OGILTIG_FLERVAL, ""
    codes = sorted({int(p) for p in parts})
    unknown = [c for c in codes if c not in col.codes]
    if unknown:
        return None, Rule.OKAND_KOD, ", ".join(map(str, unknown))
    if col.name == "samverkan" and SAMVERKAN_INGEN & set(codes) and len(codes) > 1:
        return None, Rule.SAMVERKAN_MOTSTRIDIG, ""
    return "|".join(map(str, codes)), None, ""


class _Violations:
    """The rule violations of one chunk. Messages are templates with {v} (the value) and {ref} (a
    reference value), filled in only for the rows that break the rule."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.parts: list[tuple[np.ndarray, str | None, Rule, str, str, pd.Series | None, pd.Series | None, bool]] = []

    def add(
        self,
        mask,
        kolumn: str | None,
        rule: Rule,
        sv: str,
        en: str,
        value: pd.Series | None = None,
        ref: pd.Series | None = None,
        *,
        show_value: bool = True,
    ) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            self.parts.append((mask, kolumn, rule, sv, en, value, ref, show_value))

    def bad_rows(self) -> np.ndarray:
        bad = np.zeros(self.n, dtype=bool)
        for mask, *_ in self.parts:
            bad |= mask
        return bad


def _values(series: pd.Series) -> np.ndarray:
    """The values of a column for DuckDB: text columns as Python objects with None for missing."""
    if pd.api.types.is_string_dtype(series.dtype) and not pd.api.types.is_object_dtype(series.dtype):
        return series.to_numpy(dtype=object, na_value=None)
    return series.to_numpy()


def _at(series: pd.Series | None, idx: np.ndarray) -> list:
    return [None] * len(idx) if series is None else series.to_numpy(dtype=object)[idx].tolist()


def check_chunk(table: Table, chunk: Chunk, ctx: Context) -> Checked:
    df = chunk.frame.copy()
    n = len(df)
    rad = np.asarray(chunk.rad, dtype=np.int64)
    v = _Violations(n)
    typed: dict[str, pd.Series] = {}

    # Ids that hold a personnummer (in any form) are masked before anything else sees them.
    for id_col in filter(None, (table.id_column, table.parent_column)):
        mask = contains_personnummer_column(df[id_col]).to_numpy(dtype=bool)
        if mask.any():
            df.loc[mask, id_col] = MASKED
            v.add(mask, id_col, Rule.PNR_I_FEL_KOLUMN, f"kolumn {id_col}", f"column {id_col}", show_value=False)

    for col in table.columns:
        s = df[col.name]
        # Values no rule of the column could read: too long, or with control characters. They
        # break only that rule; the column's other rules treat them as missing.
        too_long = (s.str.len() > MAX_VALUE_CHARS).to_numpy(dtype=bool)
        control = s.str.contains(CONTROL_CHARS, regex=True).to_numpy(dtype=bool) & ~too_long
        if col.kind is not Kind.PERSONNUMMER:
            v.add(too_long, col.name, Rule.FOR_LANGT_VARDE, f"{col.name} har {{v}} tecken",
                  f"{col.name} has {{v}} characters", s.str.len().astype(str), show_value=False)  # fmt: skip
            v.add(control, col.name, Rule.OGILTIGT_TECKEN, f"kolumn {col.name}", f"column {col.name}",
                  show_value=False)  # fmt: skip
            unreadable = too_long | control
            if unreadable.any():
                s = s.where(~unreadable, "")
        else:
            unreadable = np.zeros(n, dtype=bool)
        empty = (s == "").to_numpy() & ~unreadable
        if col.required:
            v.add(empty, col.name, Rule.OBLIGATORISKT_FALT, f"kolumn {col.name} är tom", f"column {col.name} is empty",
                  show_value=False)  # fmt: skip
        present = (s != "").to_numpy()
        quoted = f"{col.name} '{{v}}'"
        if col.name == "kommun_kod":
            v.add(present & ~s.isin(ctx.kommun_koder).to_numpy(), col.name, Rule.OKAND_KOMMUN, quoted, quoted, s)
            typed[col.name] = s
        elif col.kind is Kind.TEXT:
            if col.allowed_text:
                s = s.str.upper()
                v.add(present & ~s.isin(col.allowed_text).to_numpy(), col.name, Rule.OKANT_OMRADE, quoted, quoted, s)
            typed[col.name] = s.where(present, None)
        elif col.kind is Kind.DATE:
            ok, days = parse_dates(s)
            v.add(present & ~ok, col.name, Rule.OGILTIGT_DATUM, quoted, quoted, s)
            first, last = np.datetime64(EARLIEST_DATE, "D"), np.datetime64(latest_date(ctx.today), "D")
            outside = ok & ((days < first) | (days > last))
            v.add(outside, col.name, Rule.DATUM_UTANFOR, f"{col.name} '{{v}}' (rimligt: {first}–{last})",
                  f"{col.name} '{{v}}' (plausible: {first}–{last})", s)  # fmt: skip
            days[outside] = np.datetime64("NaT")
            typed[col.name] = pd.Series(days.astype("datetime64[s]"))
        elif col.kind is Kind.INT:
            shape_ok = s.str.match(_INT).to_numpy(dtype=bool)
            v.add(present & ~shape_ok, col.name, Rule.OGILTIGT_HELTAL, quoted, quoted, s)
            # More than nine digits is out of any range of the contract (and beyond a 32-bit integer).
            short = shape_ok & (s.str.lstrip("+-").str.lstrip("0").str.len() <= 9).to_numpy(dtype=bool)
            num = pd.to_numeric(s.where(short, None), errors="coerce").astype("Int64")
            out = ((num < col.min_value) | (num > col.max_value)).fillna(False).to_numpy(dtype=bool)
            out |= shape_ok & ~short
            rng = f"{col.min_value}–{col.max_value}"
            v.add(out, col.name, Rule.UTANFOR_INTERVALL, f"{col.name} {{v}} (tillåtet {rng})",
                  f"{col.name} {{v}} (allowed {rng})", s)  # fmt: skip
            typed[col.name] = num
        elif col.kind in (Kind.CODE, Kind.CODES):
            rng = _code_range(col.codes)
            sv, en = f"{col.name} '{{v}}' (värdemängd {rng})", f"{col.name} '{{v}}' (value set {rng})"
            if col.kind is Kind.CODE:
                allowed = {str(c) for c in col.codes}
                canon = s.str.lstrip("0").where(s.str.fullmatch(r"0*[0-9]+").fillna(False), s)
                bad = present & ~canon.isin(allowed).to_numpy()
                v.add(bad, col.name, Rule.OKAND_KOD, sv, en, s)
                typed[col.name] = pd.to_numeric(canon.where(present & ~bad, None), errors="coerce").astype("Int64")
            else:
                results = {val: _parse_codes(val, col) for val in s[present].unique()}
                norm = s.map(lambda x, r=results: r[x][0] if x in r else None)
                rule = s.map(lambda x, r=results: r[x][1] if x in r else None)
                for r in (Rule.OGILTIG_FLERVAL, Rule.OKAND_KOD, Rule.SAMVERKAN_MOTSTRIDIG):
                    v.add((rule == r).to_numpy(dtype=bool), col.name, r, sv, en, s)
                typed[col.name] = norm.astype(object)

    # Personnummer last: the century of YYMMDD numbers and the birth check need the actualisation date.
    for col in table.columns:
        if col.kind is Kind.PERSONNUMMER:
            typed.update(_personnummer(df[col.name], typed.get("datum_aktualisering"), ctx, v))

    for order in table.date_orders:
        if order.reference_in_parent:
            continue  # checked by the loader against the parent row
        ref = typed[order.reference]
        ref_name = ref_name_en = order.reference
        if order.fallback_reference:
            ref = ref.fillna(typed[order.fallback_reference])
            ref_name = f"{order.reference} (eller {order.fallback_reference})"
            ref_name_en = f"{order.reference} (or {order.fallback_reference})"
        bad = (typed[order.column] < ref).fillna(False).to_numpy(dtype=bool)
        v.add(bad, order.column, Rule.DATUMORDNING, f"{order.column} {{v}} är före {ref_name} {{ref}}",
              f"{order.column} {{v}} is before {ref_name_en} {{ref}}", df[order.column],
              ref.dt.strftime("%Y-%m-%d"))  # fmt: skip
        # (typed dates are NaT where a date rule already failed, so each date breaks one rule)

    for col_name, needs in table.only_with:
        bad = (df[col_name] != "").to_numpy() & (df[needs] == "").to_numpy()
        v.add(bad, col_name, Rule.KRAVER_AVSLUT, f"{col_name} är ifylld men {needs} är tom",
              f"{col_name} is set but {needs} is empty", show_value=False)  # fmt: skip

    if "_kon_fran_pnr" in typed:  # arende: V4 and V5 count only when there is no personnummer
        has_pnr = (df["personnummer"] != "").to_numpy()
        given_sex = typed["juridiskt_kon"]
        typed["juridiskt_kon"] = typed.pop("_kon_fran_pnr").where(has_pnr, given_sex)
        source = np.where(has_pnr, "personnummer", np.where(given_sex.notna().to_numpy(), "uppgiven", None))
        typed["juridiskt_kon_kalla"] = pd.Series(source, dtype=object)
        typed["alder_uppgiven"] = typed.pop("alder").where(~has_pnr, pd.NA)

    bad_rows = v.bad_rows()
    violations = _violation_frame(table, df, rad, v)
    broken = _broken_frame(chunk)
    if len(broken):
        violations = pd.concat([violations, broken], ignore_index=True)

    key_ok = (df["kommun_kod"] != "").to_numpy() & (df[table.id_column] != "").to_numpy()
    key_ok &= (df[table.id_column] != MASKED).to_numpy()
    keys = pd.DataFrame(
        {
            "kommun_kod": df["kommun_kod"].to_numpy()[key_ok],
            "nyckel": df[table.id_column].to_numpy()[key_ok],
            "rad": rad[key_ok],
        }
    )

    good = ~bad_rows
    accepted = pd.DataFrame({name: _values(series)[good] for name, series in typed.items()})
    for name in accepted.columns:
        if isinstance(typed[name].dtype, pd.Int64Dtype):
            accepted[name] = pd.array(accepted[name], dtype="Int64")
    accepted["kalla_rad"] = rad[good]
    return Checked(accepted, violations, keys)


def _personnummer(s: pd.Series, aktualisering: pd.Series | None, ctx: Context, v: _Violations) -> dict:
    n = len(s)
    present = (s.fillna("") != "").to_numpy(dtype=bool)
    if aktualisering is None:
        has_ref = np.zeros(n, dtype=bool)
        ref = np.full(n, np.datetime64(ctx.today, "D"))
    else:
        ref = aktualisering.to_numpy().astype("datetime64[D]")
        has_ref = ~np.isnat(ref)
        ref[~has_ref] = np.datetime64(ctx.today, "D")
    parsed = parse_column(s, ref)
    rule = parsed.rule
    # Born after the actualisation date (only checked when there is one).
    late = present & parsed.valid & has_ref & (parsed.fodelsedatum > ref)
    rule[late] = Rule.PNR_EFTER_AKTUALISERING
    ok = present & np.equal(rule, None)
    # One violation part per rule, in the order in which the rules first occur in the chunk.
    masks = {r: present & (rule == r) for r in PNR_RULES}
    first = {r: int(m.argmax()) for r, m in masks.items() if m.any()}
    for r in sorted(first, key=first.__getitem__):
        v.add(masks[r], "personnummer", r, "kolumn personnummer (värdet visas inte)",
              "column personnummer (the value is not shown)", show_value=False)  # fmt: skip
    pseudonym = np.full(n, None, dtype=object)
    idx = np.flatnonzero(ok)
    codes, uniques = pd.factorize(parsed.canonical[idx])  # a person often has several cases
    pseudonym[idx] = np.asarray([ctx.key.pseudonym(c) for c in uniques.tolist()], dtype=object)[codes]
    samordning = np.full(n, None, dtype=object)
    samordning[idx] = parsed.ar_samordningsnummer[idx].tolist()
    born = np.where(ok, parsed.fodelsedatum, np.datetime64("NaT", "D")).astype("datetime64[s]")
    sex = pd.array(parsed.juridiskt_kon.astype(np.int64), dtype="Int64")
    sex[~ok] = pd.NA
    return {
        "person_pseudonym": pd.Series(pseudonym, dtype=object),
        "fodelsedatum": pd.Series(born),
        "ar_samordningsnummer": pd.Series(samordning, dtype=object),
        "_kon_fran_pnr": pd.Series(sex, dtype="Int64"),
    }


def _violation_frame(table: Table, df: pd.DataFrame, rad: np.ndarray, v: _Violations) -> pd.DataFrame:
    if not v.parts:
        return pd.DataFrame(columns=VIOLATION_COLUMNS)
    content_cols = [c.name for c in table.columns if c.kind is not Kind.PERSONNUMMER]
    bad_idx = np.flatnonzero(v.bad_rows())
    content = dict(zip(bad_idx.tolist(), _json_rows(df.iloc[bad_idx][content_cols]), strict=True))
    frames = []
    for mask, kolumn, rule, sv, en, value, ref, show_value in v.parts:
        idx = np.flatnonzero(mask)
        text_sv, text_en = RULE_TEXT[rule]
        values, refs = [_cut(x) for x in _at(value, idx)], _at(ref, idx)
        frames.append(pd.DataFrame({
            "rad": rad[idx],
            "kommun_kod": df["kommun_kod"].to_numpy(dtype=object)[idx],
            "nyckel": df[table.id_column].to_numpy(dtype=object)[idx],
            "kolumn": kolumn,
            "regel": rule.value,
            "meddelande": [f"{text_sv}: " + sv.format(v=a, ref=b) for a, b in zip(values, refs, strict=True)],
            "meddelande_en": [f"{text_en}: " + en.format(v=a, ref=b) for a, b in zip(values, refs, strict=True)],
            "varde": values if show_value else ([MASKED] * len(idx) if rule.value.startswith("personnummer") else None),
            "radinnehall": [content[i] for i in idx.tolist()],
        }, dtype=object))  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def _json_rows(frame: pd.DataFrame) -> list[str]:
    return [json.dumps({k: _cut(x) for k, x in r.items()}, ensure_ascii=False) for r in frame.to_dict("records")]


def _broken_frame(chunk: Chunk) -> pd.DataFrame:
    """CSV lines that could not be read as a row: a quote that does not close, or another number of
    fields than the header. Their content is the line as written (cut, and masked by the loader)."""
    if not chunk.broken:
        return pd.DataFrame(columns=VIOLATION_COLUMNS)
    text_sv, text_en = RULE_TEXT[Rule.FEL_ANTAL_FALT]
    sv = {"citattecken": "ett citattecken stängs inte på raden"}
    en = {"citattecken": "a quote does not close on the line"}
    return pd.DataFrame(
        {
            "rad": [line for line, _, _ in chunk.broken],
            "kommun_kod": None,
            "nyckel": None,
            "kolumn": None,
            "regel": Rule.FEL_ANTAL_FALT.value,
            "meddelande": [f"{text_sv}: " + sv.get(why, f"raden har {why} fält") for _, why, _ in chunk.broken],
            "meddelande_en": [f"{text_en}: " + en.get(why, f"the line has {why} fields") for _, why, _ in chunk.broken],
            "varde": None,
            "radinnehall": [_cut(text) for _, _, text in chunk.broken],
        }
    )
