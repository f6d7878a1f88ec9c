"""The contract's row rules as SQL, derived from the column specs of `isu.contract`.

`check_rows` reads the text table of one file (`_text_<t>`, see isu.sql_text) and
- writes one violation per broken rule into `_viol` (the same rule codes, messages and values as
  the pandas reference implementation in isu.validate, which the tests compare row for row),
- inserts the rows that pass every row rule, typed, into the loader's stage table,
- inserts the key of every row whose key can be read into the loader's key table.

Each rule is a `RowCheck`: the rule code, the column it names, a condition and the message details
as SQL expressions. Everything runs inside DuckDB; Python sees only the distinct personnummer
(checked with the vectorised parser of isu.personnummer, pseudonymised once each, in batches) and
the few id values that look like a personnummer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from isu.contract import SAMVERKAN_INGEN, Column, Kind, Rule, Table
from isu.personnummer import _LONG_ASCII, parse_column
from isu.privacy import MASKED, SCAN_PATTERN, contains_personnummer
from isu.reader import MAX_STORED_CHARS
from isu.rules import PNR_RULES, RULE_TEXT
from isu.sql_text import ODD_SPACE, TRIM_CHARS
from isu.validate import (
    CONTROL_CHARS,
    DATE_FORMS,
    EARLIEST_DATE,
    MAX_VALUE_CHARS,
    Context,
    _code_range,
    latest_date,
)

PNR_BATCH = 500_000  # distinct personnummer handed to Python at a time


@dataclass(frozen=True)
class RowCheck:
    """One row rule: a finding for every row of `_w` where `cond` holds (SQL over its columns)."""

    rule: Rule
    kolumn: str | None
    cond: str
    sv: str  # the detail after the rule's text, as SQL
    en: str
    varde: str = "null"


def _q(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def cut(expr: str) -> str:
    """A value as the quarantine stores it: cut after MAX_STORED_CHARS characters."""
    return f"case when length({expr}) > {MAX_STORED_CHARS} then left({expr}, {MAX_STORED_CHARS}) || '…' else {expr} end"


def _quoted(col: str, value: str, after_sv: str = "", after_en: str = "") -> tuple[str, str]:
    head, shown = _q(col + " '"), cut(value)
    return f"{head} || {shown} || {_q(chr(39) + after_sv)}", f"{head} || {shown} || {_q(chr(39) + after_en)}"


def _in(expr: str, values: tuple[object, ...] | frozenset[str]) -> str:
    return f"{expr} in ({', '.join(_q(str(v)) for v in sorted(values, key=str))})"


# -- the columns of _v: x_ as written (ids masked), s_ readable value, t_ typed, flags -------------
def _first_columns(table: Table) -> list[str]:
    """Select list of `_a`: the text as written (x_), flags of unreadable values, readable text (s_)."""
    ids = [c for c in (table.id_column, table.parent_column) if c]
    out = ["x.rad", "x._odd"]  # (_ctrl and _long: flags of the line, see isu.sql_text)
    for col in table.columns:
        c = col.name
        if c in ids:
            out.append(f"_pid_{c}.v is not null as pid_{c}")
            out.append(f"case when pid_{c} then {_q(MASKED)} else x.{c} end as x_{c}")
        else:
            out.append(f"x.{c} as x_{c}")
        if col.kind is Kind.PERSONNUMMER:
            continue
        out.append(f"x._long and length(x_{c}) > {MAX_VALUE_CHARS} as long_{c}")
        out.append(f"x._ctrl and not long_{c} and regexp_matches(x_{c}, '{CONTROL_CHARS}') as ctrl_{c}")
        out.append(f"case when long_{c} or ctrl_{c} then '' else x_{c} end as s_{c}")
    return out


def _typed_columns(table: Table, ctx: Context) -> list[str]:
    """Select list of `_v` (over `_a`): typed values and the flags the rules read."""
    first, last = EARLIEST_DATE.isoformat(), latest_date(ctx.today).isoformat()
    out = ["*"]
    for col in table.columns:
        c, s = col.name, f"s_{col.name}"
        if col.kind is Kind.DATE:
            compact = f"length({s}) = 8"
            y = f"substr({s}, 1, 4)"
            m = f"case when {compact} then substr({s}, 5, 2) else substr({s}, 6, 2) end"
            d = f"case when {compact} then substr({s}, 7, 2) else substr({s}, 9, 2) end"
            out.append(
                f"case when regexp_full_match({s}, '{DATE_FORMS}') and {y} <> '0000' "
                f"then try_cast({y} || '-' || {m} || '-' || {d} as date) end as d_{c}"
            )
            out.append(f"d_{c} < date '{first}' or d_{c} > date '{last}' as out_{c}")
            out.append(f"case when not out_{c} then d_{c} end as t_{c}")
        elif col.kind is Kind.INT:
            out.append(f"regexp_full_match({s}, '[+-]?[0-9]+') as shape_{c}")
            out.append(f"shape_{c} and length(ltrim(ltrim({s}, '+-'), '0')) <= 9 as short_{c}")
            out.append(f"case when short_{c} then try_cast({s} as bigint) end as t_{c}")
        elif col.kind is Kind.CODE:
            # The usual value is a code as written in the value set; others are read as the
            # reference does (leading zeros dropped) only where needed.
            canon = f"case when regexp_full_match({s}, '0*[0-9]+') then ltrim({s}, '0') else {s} end"
            plain = _in(s, col.codes)
            out.append(f"case when {s} = '' or {plain} then false else not {_in(canon, col.codes)} end as bad_{c}")
            out.append(f"case when {plain} then cast({s} as integer) when {s} <> '' and not bad_{c} "
                       f"then try_cast({canon} as integer) end as t_{c}")  # fmt: skip
        elif col.kind is Kind.CODES:
            # Fast path: a regular expression accepts lists of known codes (the usual rows); the
            # lambdas that tell a malformed list from an unknown code run on the other rows only.
            ws = f"[ {ODD_SPACE[1:-1]}]"
            one = f"{ws}*0*(?:{'|'.join(str(v) for v in sorted(col.codes, reverse=True))}){ws}*"
            out.append(f"{s} <> '' and regexp_full_match({s}, '{one}(?:\\|{one})*') as valid_{c}")
            parts = f"list_transform(string_split({s}, '|'), lambda p: trim(p, {TRIM_CHARS}))"
            form_ok = f"list_bool_and(list_transform({parts}, lambda p: regexp_full_match(p, '[0-9]+')))"
            out.append(f"case when {s} = '' or valid_{c} then false else not {form_ok} end as form_{c}")
            out.append(f"{s} <> '' and not valid_{c} and not form_{c} as unknown_{c}")
            bare = f"case when _odd then regexp_replace({s}, '{ws}', '', 'g') else replace({s}, ' ', '') end"
            ints = f"list_sort(list_distinct(cast(string_split({bare}, '|') as integer[])))"
            out.append(f"case when valid_{c} and contains({s}, '|') then {ints} end as l_{c}")
            if c == "samverkan":
                ingen = ", ".join(str(v) for v in sorted(SAMVERKAN_INGEN))
                out.append(f"coalesce(len(l_{c}) > 1 and list_has_any(l_{c}, [{ingen}]), false) as conflict_{c}")
            out.append(f"case when valid_{c} and l_{c} is null then cast(cast({bare} as integer) as varchar) "
                       f"when valid_{c} then array_to_string(l_{c}, '|') end as t_{c}")  # fmt: skip
        elif col.kind is Kind.TEXT and col.allowed_text:
            out.append(f"case when {s} <> '' then upper({s}) end as t_{c}")
        elif col.kind is Kind.TEXT:
            out.append(f"nullif({s}, '') as t_{c}")
    return out


def _column_checks(table: Table, col: Column, ctx: Context) -> Iterator[RowCheck]:
    c, s = col.name, f"s_{col.name}"
    if col.kind is Kind.PERSONNUMMER:
        return
    yield RowCheck(Rule.FOR_LANGT_VARDE, c, f"long_{c}", f"'{c} har ' || length(x_{c}) || ' tecken'",
                   f"'{c} has ' || length(x_{c}) || ' characters'")  # fmt: skip
    yield RowCheck(Rule.OGILTIGT_TECKEN, c, f"ctrl_{c}", _q(f"kolumn {c}"), _q(f"column {c}"))
    if col.required:
        yield RowCheck(Rule.OBLIGATORISKT_FALT, c, f"x_{c} = '' ", _q(f"kolumn {c} är tom"),
                       _q(f"column {c} is empty"))  # fmt: skip
    present = f"{s} <> ''"
    if c == "kommun_kod":
        yield RowCheck(Rule.OKAND_KOMMUN, c, f"{present} and not {_in(s, ctx.kommun_koder)}", *_quoted(c, s), cut(s))
    elif col.kind is Kind.TEXT and col.allowed_text:
        yield RowCheck(Rule.OKANT_OMRADE, c, f"{present} and not {_in(f't_{c}', col.allowed_text)}",
                       *_quoted(c, f"t_{c}"), cut(f"t_{c}"))  # fmt: skip
    elif col.kind is Kind.DATE:
        first, last = EARLIEST_DATE.isoformat(), latest_date(ctx.today).isoformat()
        yield RowCheck(Rule.OGILTIGT_DATUM, c, f"{present} and d_{c} is null", *_quoted(c, s), cut(s))
        text = _quoted(c, s, f" (rimligt: {first}–{last})", f" (plausible: {first}–{last})")
        yield RowCheck(Rule.DATUM_UTANFOR, c, f"out_{c}", *text, cut(s))
    elif col.kind is Kind.INT:
        rng = f"{col.min_value}–{col.max_value}"
        yield RowCheck(Rule.OGILTIGT_HELTAL, c, f"{present} and not shape_{c}", *_quoted(c, s), cut(s))
        yield RowCheck(Rule.UTANFOR_INTERVALL, c,
                       f"(shape_{c} and not short_{c}) or t_{c} < {col.min_value} or t_{c} > {col.max_value}",
                       f"{_q(c + ' ')} || {cut(s)} || {_q(f' (tillåtet {rng})')}",
                       f"{_q(c + ' ')} || {cut(s)} || {_q(f' (allowed {rng})')}", cut(s))  # fmt: skip
    elif col.kind in (Kind.CODE, Kind.CODES):
        rng = _code_range(col.codes)
        text = _quoted(c, s, f" (värdemängd {rng})", f" (value set {rng})")
        if col.kind is Kind.CODE:
            yield RowCheck(Rule.OKAND_KOD, c, f"bad_{c}", *text, cut(s))
        else:
            yield RowCheck(Rule.OGILTIG_FLERVAL, c, f"form_{c}", *text, cut(s))
            yield RowCheck(Rule.OKAND_KOD, c, f"unknown_{c}", *text, cut(s))
            if c == "samverkan":
                yield RowCheck(Rule.SAMVERKAN_MOTSTRIDIG, c, f"conflict_{c}", *text, cut(s))


def checks(table: Table, ctx: Context) -> list[RowCheck]:
    """Every row rule of the table, in the order the reference implementation applies them."""
    out: list[RowCheck] = []
    for id_col in filter(None, (table.id_column, table.parent_column)):
        out.append(RowCheck(Rule.PNR_I_FEL_KOLUMN, id_col, f"pid_{id_col}", _q(f"kolumn {id_col}"),
                            _q(f"column {id_col}"), _q(MASKED)))  # fmt: skip
    for col in table.columns:
        out.extend(_column_checks(table, col, ctx))
    if any(col.kind is Kind.PERSONNUMMER for col in table.columns):
        for rule in PNR_RULES:
            cond = (
                "x_personnummer <> '' and p_regel is null and t_datum_aktualisering is not null "
                "and p_fodelsedatum > t_datum_aktualisering"
                if rule is Rule.PNR_EFTER_AKTUALISERING
                else f"x_personnummer <> '' and p_regel = {_q(rule.value)}"
            )
            out.append(RowCheck(rule, "personnummer", cond, _q("kolumn personnummer (värdet visas inte)"),
                                _q("column personnummer (the value is not shown)"), _q(MASKED)))  # fmt: skip
    for order in table.date_orders:
        if order.reference_in_parent:
            continue  # checked by the loader against the parent row
        ref, name, name_en = f"t_{order.reference}", order.reference, order.reference
        if order.fallback_reference:
            ref = f"coalesce({ref}, t_{order.fallback_reference})"
            name = f"{order.reference} (eller {order.fallback_reference})"
            name_en = f"{order.reference} (or {order.fallback_reference})"
        col = order.column
        out.append(RowCheck(
            Rule.DATUMORDNING, col, f"t_{col} < {ref}",
            f"{_q(col + ' ')} || {cut('x_' + col)} || {_q(f' är före {name} ')} || strftime({ref}, '%Y-%m-%d')",
            f"{_q(col + ' ')} || {cut('x_' + col)} || {_q(f' is before {name_en} ')} || strftime({ref}, '%Y-%m-%d')",
            cut("x_" + col),
        ))  # fmt: skip
    for col, needs in table.only_with:
        sv, en = _q(f"{col} är ifylld men {needs} är tom"), _q(f"{col} is set but {needs} is empty")
        out.append(RowCheck(Rule.KRAVER_AVSLUT, col, f"x_{col} <> '' and x_{needs} = ''", sv, en))
    return out


def _typed_output(table: Table) -> dict[str, str]:
    """The stage's business columns as SQL over `_w`."""
    out: dict[str, str] = {}
    for col in table.columns:
        if col.kind is Kind.PERSONNUMMER:
            out["person_pseudonym"] = "p_pseudonym"
            out["fodelsedatum"] = "p_fodelsedatum"
            out["ar_samordningsnummer"] = "p_samordning"
        else:
            out[col.name] = f"t_{col.name}"
    if table.name == "arende":
        out["juridiskt_kon"] = "case when x_personnummer <> '' then p_kon else t_juridiskt_kon end"
        out["juridiskt_kon_kalla"] = (
            "case when x_personnummer <> '' then 'personnummer' when t_juridiskt_kon is not null then 'uppgiven' end"
        )
        out["alder_uppgiven"] = "case when x_personnummer <> '' then null else t_alder end"
        del out["alder"]
    return out


# -- the steps --------------------------------------------------------------------------------------
def _mask_ids(con, table: Table) -> None:
    """`_pid_<t>`: the id values that hold a personnummer (a regular expression in SQL finds the
    candidates; the check digit is verified in Python on those few)."""
    t = table.name
    ids = [c for c in (table.id_column, table.parent_column) if c]
    cands = " union ".join(
        f"select {c} as v from _text_{t} where length({c}) >= 10 and regexp_matches({c}, '{SCAN_PATTERN}')" for c in ids
    )
    values = [r[0] for r in con.execute(f"select distinct v from ({cands})").fetchall()]
    hits = [v for v in values if contains_personnummer(v)]
    con.execute(f"create or replace temp table _pid_{t} (v varchar)")
    if hits:
        con.executemany(f"insert into _pid_{t} values (?)", [[v] for v in hits])


def _pnr_reference(alias: str, ctx: Context) -> str:
    """The date a personnummer is read against (for the century of the ten-digit forms): none for the
    twelve-digit form, else the actualisation date or, without one, the load's date. The key on
    which each distinct personnummer is checked once (`_pnr_<t>`) and joined back."""
    return (
        f"case when regexp_full_match({alias}x_personnummer, '{_LONG_ASCII}') then null "
        f"else coalesce({alias}t_datum_aktualisering, date '{ctx.today.isoformat()}') end"
    )


def _personnummer(con, t: str, ctx: Context) -> None:
    """`_pnr_<t>`: every distinct (personnummer as written, reference date) checked once; valid ones
    with birth date, legal sex and the keyed pseudonym (computed once per distinct number)."""
    con.execute(
        f"create or replace temp table _pin_{t} as select v, r, row_number() over () as n from ("
        f"select distinct x_personnummer as v, {_pnr_reference('', ctx)} as r "
        f"from _v_{t} where x_personnummer <> '')"
    )
    con.execute(
        f"create or replace temp table _pnr_{t} (v varchar, r date, p_regel varchar, p_pseudonym varchar, "
        "p_fodelsedatum date, p_kon integer, p_samordning boolean)"
    )
    total = con.execute(f"select count(*) from _pin_{t}").fetchall()[0][0]
    for start in range(0, total, PNR_BATCH):
        batch = con.sql(f"select v, r from _pin_{t} where n > {start} and n <= {start + PNR_BATCH}").to_arrow_table()
        values = pd.Series(batch.column("v").to_pylist(), dtype="str")
        ref = batch.column("r").to_numpy(zero_copy_only=False).astype("datetime64[D]")
        ref[np.isnat(ref)] = np.datetime64(ctx.today, "D")
        parsed = parse_column(values, ref)
        ok = parsed.valid
        idx = np.flatnonzero(ok)
        pseudonym = np.full(len(values), None, dtype=object)
        codes, uniques = pd.factorize(parsed.canonical[idx])
        pseudonym[idx] = np.asarray([ctx.key.pseudonym(c) for c in uniques.tolist()], dtype=object)[codes]
        result = pa.table({
            "v": batch.column("v"),
            "r": batch.column("r"),
            "p_regel": pa.array([None if r is None else r.value for r in parsed.rule.tolist()], pa.string()),
            "p_pseudonym": pa.array(pseudonym.tolist(), pa.string()),
            "p_fodelsedatum": pa.array(np.where(ok, parsed.fodelsedatum, np.datetime64("NaT")), pa.date32()),
            "p_kon": pa.array(np.where(ok, parsed.juridiskt_kon, 0).astype(np.int32)),
            "p_samordning": pa.array(parsed.ar_samordningsnummer),
        })  # fmt: skip
        con.register("_pnr_batch", result)
        con.execute(
            f"insert into _pnr_{t} select v, r, p_regel, p_pseudonym, p_fodelsedatum, "
            "case when p_regel is null then p_kon end, case when p_regel is null then p_samordning end from _pnr_batch"
        )
        con.unregister("_pnr_batch")
    con.execute(f"drop table _pin_{t}")


def _content_json(table: Table) -> str:
    cols = [c.name for c in table.columns if c.kind is not Kind.PERSONNUMMER]
    return "to_json(struct_pack(" + ", ".join(f"{c} := {cut('x_' + c)}" for c in cols) + "))"


def check_rows(
    con, table: Table, file_name: str, ctx: Context, stage: str, keys: str, stage_columns: list[str]
) -> None:
    """Apply every row rule to `_text_<t>`: violations into `_viol`, passing rows typed into `stage`
    (its business columns `stage_columns`, then kalla_fil and kalla_rad), readable keys into `keys`."""
    t = table.name
    _mask_ids(con, table)
    pid_joins = " ".join(
        f"left join _pid_{t} _pid_{c} on _pid_{c}.v = x.{c}" for c in (table.id_column, table.parent_column) if c
    )
    con.execute(
        f"create or replace temp view _a_{t} as select {', '.join(_first_columns(table))} from _text_{t} x {pid_joins}"
    )
    # _a, _v and _w are views: nothing as wide as the checks' columns is stored (at national size it
    # would spill gigabytes). One pass over _w stores each row's typed values (as wide as the stage)
    # and whether it breaks a rule; only the breaking rows are read from _w again, for their findings.
    con.execute(f"create or replace temp view _v_{t} as select {', '.join(_typed_columns(table, ctx))} from _a_{t}")
    has_pnr = any(col.kind is Kind.PERSONNUMMER for col in table.columns)
    if has_pnr:
        _personnummer(con, t, ctx)
        con.execute(
            f"create or replace temp view _w_{t} as select v.*, p.* exclude (v, r) from _v_{t} v left join _pnr_{t} p "
            f"on p.v = v.x_personnummer and p.r is not distinct from ({_pnr_reference('v.', ctx)})"
        )
    else:
        con.execute(f"create or replace temp view _w_{t} as select * from _v_{t}")
    w = f"_w_{t}"
    content = _content_json(table)
    all_checks = checks(table, ctx)
    findings, broken = [], []
    for chk in all_checks:
        text_sv, text_en = RULE_TEXT[chk.rule]
        kol = "null" if chk.kolumn is None else _q(chk.kolumn)
        fields = {
            "kolumn": kol,
            "regel": _q(chk.rule.value),
            "sv": f"{_q(text_sv + ': ')} || {chk.sv}",
            "en": f"{_q(text_en + ': ')} || {chk.en}",
            "varde": chk.varde,
        }
        packed = ", ".join(f"{k} := cast({v} as varchar)" for k, v in fields.items())
        hit = f"coalesce(({chk.cond}), false)"
        findings.append(f"case when {hit} then struct_pack({packed}) end")
        broken.append(hit)
    # One pass over every row: its typed values and whether it breaks a rule. The passing rows go
    # to the stage from it; only the rows that break a rule are read again, for their findings.
    typed = _typed_output(table)
    select = ", ".join(f"{typed.get(c, 'null')} as s{i}" for i, c in enumerate(stage_columns))
    con.execute(
        f"create or replace temp table _checked_{t} as select rad, {' or '.join(broken)} as _bryter, {select} from {w}"
    )
    con.execute(
        f"insert into {stage} select {', '.join(f's{i}' for i in range(len(stage_columns)))}, {_q(file_name)}, rad "
        f"from _checked_{t} where not _bryter order by rad"
    )
    # Each breaking row's findings as a list (messages built only where a rule is broken), unnested.
    con.execute(
        f"insert into _viol select {_q(t)}, {_q(file_name)}, rad, x_kommun_kod, x_{table.id_column}, f.kolumn, "
        f"f.regel, f.sv, f.en, f.varde, {content} from (select *, unnest(list_filter([{', '.join(findings)}], "
        f"lambda x: x is not null)) as f from {w} semi join (select rad from _checked_{t} where _bryter) b using (rad))"
    )
    con.execute(f"drop table _checked_{t}")
    text_sv, text_en = RULE_TEXT[Rule.FEL_ANTAL_FALT]
    con.execute(
        f"insert into _viol select {_q(t)}, {_q(file_name)}, rad, null, null, null, {_q(Rule.FEL_ANTAL_FALT.value)}, "
        f"{_q(text_sv + ': ')} || case when why = 'citattecken' then 'ett citattecken stängs inte på raden' "
        "else 'raden har ' || why || ' fält' end, "
        f"{_q(text_en + ': ')} || case when why = 'citattecken' then 'a quote does not close on the line' "
        f"else 'the line has ' || why || ' fields' end, null, {cut('line')} from _broken_{t}"
    )
    con.execute(
        f"insert into {keys} select x_kommun_kod, x_{table.id_column}, rad from _a_{t} where x_kommun_kod <> '' "
        f"and x_{table.id_column} <> '' and x_{table.id_column} <> {_q(MASKED)}"
    )
    con.execute(f"drop view _w_{t}")
    if has_pnr:
        con.execute(f"drop table _pnr_{t}")
    con.execute(f"drop view _v_{t}")
    con.execute(f"drop view _a_{t}")
