"""`isu load`: one extract folder into the raw layer, atomically and idempotently.

Steps, all inside one DuckDB transaction (a failure anywhere rolls everything back):
1. find the three files and check their headers (a missing required column refuses the extract);
2. per table, parents first: read the file into DuckDB as text (sql_text.py), apply the row rules
   in SQL (sql_rules.py; the pandas reference in validate.py with engine="pandas"), stage the
   accepted rows and collect the violations; GX validates a bounded sample;
3. in SQL: duplicate keys, missing parents (orphans wait in raw.vantande_*), dates against the
   parent; retry orphans of earlier loads whose parent has now arrived; re-check the rows of
   earlier loads against a parent this load replaced (quarantined when they no longer fit);
4. merge into the raw table keeping history (a changed row closes the old version);
5. write the quarantine and one load-log row per file.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Protocol

import duckdb
import pandas as pd

from isu import __version__
from isu.contract import TABLES, Rule, Table
from isu.errors import IsuError
from isu.paths import insatstyp_omrade, kommun_koder
from isu.privacy import MASK_PATTERN_SQL, MASKED
from isu.pseudonym import DEMO_KEY, PseudonymKey
from isu.reader import CHUNK_ROWS, SourceFile, check_extract, iter_chunks
from isu.rules import CONTRACT_VERSION, RULE_TEXT
from isu.schema import RAW_SCHEMA
from isu.sql_rules import _q, check_rows
from isu.sql_text import GX_SAMPLE_ROWS, gx_sample, stage_text
from isu.validate import VIOLATION_COLUMNS, Context, check_chunk
from isu.warehouse import business_columns, connect, init_raw, memory_limit

# The phases of a file's load, in order (a Reporter names them to the user; isu.cli words them).
PHASES = ("lasa", "dubbletter", "foraldrar", "varningar", "tidigare_barn", "historik")


class Reporter(Protocol):
    def start_file(self, name: str, total_bytes: int) -> None: ...
    def advance(self, bytes_done: int) -> None: ...
    def end_file(self) -> None: ...
    def phase(self, name: str, phase: str) -> None: ...


class _Silent:
    def start_file(self, name: str, total_bytes: int) -> None:
        pass

    def advance(self, bytes_done: int) -> None:
        pass

    def end_file(self) -> None:
        pass

    def phase(self, name: str, phase: str) -> None:
        pass


@dataclass
class FileReport:
    tabell: str
    fil: str
    rader_lasta: int = 0
    rader_godkanda: int = 0
    rader_karantan: int = 0
    rader_nya: int = 0
    rader_andrade: int = 0
    rader_oforandrade: int = 0
    rader_sent_laddade: int = 0
    rader_varning: int = 0
    # rows of earlier loads that no longer fit a parent this load replaced (not rows of this file)
    rader_tidigare_karantan: int = 0
    ignorerade_kolumner: list[str] = field(default_factory=list)
    gx: dict | None = None


@dataclass
class LoadReport:
    extract: Path
    checksum: str
    load_id: int | None
    already_loaded_as: int | None = None
    files: list[FileReport] = field(default_factory=list)
    rules: list[tuple[str, str, int]] = field(default_factory=list)  # (tabell, regel, rows)
    warnings: list[tuple[str, str, int]] = field(default_factory=list)  # (tabell, regel, rows)
    seconds: float = 0.0
    demo_key: bool = False
    feedback: list[Path] = field(default_factory=list)  # the feedback files written (isu.feedback)


# A test hook: called after each table is merged, to simulate a failure half way.
AfterTableHook = Callable[[str], None]


def extract_checksum(files: dict[str, SourceFile]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(f"{name}:{files[name].checksum}\n".encode())
    return digest.hexdigest()


def load_extract(
    folder: Path,
    warehouse: Path,
    key: PseudonymKey,
    *,
    force: bool = False,
    reporter: Reporter | None = None,
    chunk_rows: int = CHUNK_ROWS,
    validator=None,
    today: date | None = None,
    after_table: AfterTableHook | None = None,
    encoding: str = "utf-8",
    engine: str = "sql",
) -> LoadReport:
    """Load one extract; returns what happened. Raises IsuError for problems of the input.

    `engine` "sql" (the default) applies the row rules inside DuckDB (isu.sql_text, isu.sql_rules);
    "pandas" streams chunks through the reference implementation (isu.validate), which the tests
    compare with it row for row."""
    started = time.perf_counter()
    reporter = reporter or _Silent()
    files = check_extract(folder, encoding)  # refuses the whole extract before anything is written
    checksum = extract_checksum(files)
    ctx = Context(kommun_koder(), key, today or date.today())

    con = connect(warehouse)
    try:
        # Bound DuckDB's memory: staging tables of a large extract spill to its temp directory.
        con.execute(f"set memory_limit = '{memory_limit()}'")
        con.begin()
        init_raw(con)
        previous = con.execute(
            f"select min(load_id) from {RAW_SCHEMA}.laddlogg where extrakt_checksumma = ?", [checksum]
        ).fetchone()[0]
        if previous is not None and not force:
            con.rollback()
            return LoadReport(
                folder,
                checksum,
                None,
                already_loaded_as=previous,
                seconds=time.perf_counter() - started,
                demo_key=key.is_demo,
            )
        fingerprint = _check_key(con, key)
        load_id = con.execute(f"select coalesce(max(load_id), 0) + 1 from {RAW_SCHEMA}.laddlogg").fetchone()[0]
        now = datetime.now().replace(microsecond=0)
        report = LoadReport(folder, checksum, load_id, demo_key=key.is_demo)
        con.execute(
            "create temp table _viol (tabell varchar, fil varchar, "
            + ", ".join(f"{c} {'bigint' if c == 'rad' else 'varchar'}" for c in VIOLATION_COLUMNS)
            + ")"
        )
        con.execute("create temp table _warn as select * exclude (radinnehall) from _viol limit 0")
        loaders = []
        for table in TABLES:
            loader = _TableLoad(con, table, files[table.name], ctx, load_id, now, reporter, validator, engine)
            loaders.append(loader)
            report.files.append(loader.run(chunk_rows))
            if after_table:
                after_table(table.name)
        # Whatever reaches the quarantine is masked: a personnummer in any column or form (privacy.py).
        m = [f"regexp_replace({c}, '{MASK_PATTERN_SQL}', '\\1{MASKED}\\2', 'g')"
             for c in ("kommun_kod", "nyckel", "meddelande", "meddelande_en", "varde", "radinnehall")]  # fmt: skip
        con.execute(
            f"insert into {RAW_SCHEMA}.karantan select ?, tabell, fil, rad, {m[0]}, {m[1]}, kolumn, regel, "
            f"{m[2]}, {m[3]}, {m[4]}, {m[5]}, 'karantan', null from _viol "
            "order by tabell, fil, rad, regel, kolumn",
            [load_id],
        )
        con.execute(
            f"insert into {RAW_SCHEMA}.varning select ?, tabell, fil, rad, {m[0]}, {m[1]}, kolumn, regel, "
            f"{m[2]}, {m[3]}, {m[4]} from _warn order by tabell, fil, rad, regel, kolumn",
            [load_id],
        )
        for loader in loaders:  # waits for GX where it validates beside the load
            loader.gx_summary()
        for fr in report.files:
            sf = files[fr.tabell]
            con.execute(
                f"insert into {RAW_SCHEMA}.laddlogg values ({', '.join(['?'] * 21)})",
                [
                    load_id,
                    now,
                    str(folder.resolve()),
                    checksum,
                    fr.tabell,
                    fr.fil,
                    sf.checksum,
                    fr.rader_lasta,
                    fr.rader_godkanda,
                    fr.rader_karantan,
                    fr.rader_nya,
                    fr.rader_andrade,
                    fr.rader_oforandrade,
                    fr.rader_sent_laddade,
                    fingerprint,
                    None if fr.gx is None else bool(fr.gx.get("success")),
                    None if fr.gx is None else json.dumps(fr.gx, ensure_ascii=False),
                    __version__,
                    fr.rader_varning,
                    json.dumps(fr.ignorerade_kolumner, ensure_ascii=False),
                    CONTRACT_VERSION,
                ],
            )
        report.rules = [
            (r[0], r[1], r[2])
            for r in con.execute(
                "select tabell, regel, count(distinct rad) from _viol group by all order by 1, 3 desc, 2"
            ).fetchall()
        ]
        report.warnings = [
            (r[0], r[1], r[2])
            for r in con.execute(
                "select tabell, regel, count(distinct rad) from _warn group by all order by 1, 3 desc, 2"
            ).fetchall()
        ]
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()
    report.seconds = time.perf_counter() - started
    return report


def _check_key(con: duckdb.DuckDBPyConnection, key: PseudonymKey) -> str:
    """The fingerprint to log for this load; an IsuError when the warehouse was loaded with another
    key (the fingerprint of the earlier loads is reused, so one warehouse logs one value per key)."""
    used = [r[0] for r in con.execute(f"select distinct nyckel_id from {RAW_SCHEMA}.laddlogg order by 1").fetchall()]
    if not used:
        return key.fingerprint()
    same = next((f for f in used if key.matches(f)), None)
    if same is not None:
        return same
    demo = next((f for f in used if PseudonymKey(DEMO_KEY, "demo", is_demo=True).matches(f)), None)
    if demo is not None or key.is_demo:
        raise IsuError(
            "Lagret har laddats med " + ("demonyckeln" if demo else "en riktig nyckel") + "; demonyckel och riktig "
            "nyckel blandas aldrig i samma lager. Använd ett nytt lager.",
            "The warehouse was loaded with " + ("the demo key" if demo else "a real key") + "; the demo key and a "
            "real key are never mixed in one warehouse. Use a new warehouse.",
        )
    raise IsuError(
        "Lagret har laddats med en annan pseudonymnyckel; samma person skulle få olika pseudonymer. "
        "Använd samma nyckel som tidigare (eller ett nytt lager).",
        "The warehouse was loaded with another pseudonym key; the same person would get different "
        "pseudonyms. Use the same key as before (or a new warehouse).",
    )


_GENITIVE = {"arende": "ärendets", "insats": "insatsens"}
# Plausibility warnings (isu.rules, severity varning).
LONG_LEAD_DAYS = 365  # far beyond the legal 4 months (investigation) and 3 months (implementation)
BOU_MAX_AGE = 20
AO_MIN_AGE = 65


class _TableLoad:
    """Loading one contract table of one extract (temp tables _stage, _keys; rows into _viol)."""

    def __init__(
        self,
        con,
        table: Table,
        sf: SourceFile,
        ctx: Context,
        load_id: int,
        now: datetime,
        reporter: Reporter,
        validator,
        engine: str = "sql",
    ) -> None:
        self.con, self.t, self.sf, self.ctx, self.engine = con, table, sf, ctx, engine
        self.load_id, self.now, self.reporter, self.validator = load_id, now, reporter, validator
        self.gx_urval: dict[str, int] | None = None  # the sample GX validated (the SQL engine)
        self.cols = business_columns(con, table.name)
        self.names = [c for c, _ in self.cols]
        self.report = FileReport(table.name, sf.path.name, ignorerade_kolumner=sf.ignored_columns)
        self.stage = f"_stage_{table.name}"
        self.keys = f"_keys_{table.name}"
        self.id = table.id_column

    # -- helpers ---------------------------------------------------------------------------------
    def _sql(self, sql: str, params: list | None = None):
        return self.con.execute(sql, params or [])

    def _content_json(self, alias: str) -> str:
        cols = [c for c in self.names if c not in ("person_pseudonym", "fodelsedatum")]
        return "to_json(struct_pack(" + ", ".join(f"{c} := {alias}.{c}" for c in cols) + "))"

    def _violation(
        self,
        rule: Rule,
        from_sql: str,
        kolumn: str | None,
        detail_sv: str,
        detail_en: str,
        varde: str = "null",
        alias: str = "s",
        content: str | None = None,
    ) -> None:
        """Insert one violation per row of `from_sql`; `alias` names the row's kommun_kod, id, kalla_rad."""
        text_sv, text_en = RULE_TEXT[rule]
        kol = "null" if kolumn is None else _q(kolumn)
        self._sql(
            f"insert into _viol select {_q(self.t.name)}, {_q(self.sf.path.name)}, {alias}.kalla_rad, "
            f"{alias}.kommun_kod, {alias}.{self.id}, {kol}, {_q(rule.value)}, {_q(text_sv + ': ')} || {detail_sv}, "
            f"{_q(text_en + ': ')} || {detail_en}, {varde}, {content or self._content_json(alias)} {from_sql}"
        )

    # -- steps -----------------------------------------------------------------------------------
    def run(self, chunk_rows: int) -> FileReport:
        typed = ", ".join(f"{c} {t}" for c, t in self.cols)
        self._sql(f"create temp table {self.stage} ({typed}, kalla_fil varchar, kalla_rad bigint)")
        self._sql(f"create temp table {self.keys} (kommun_kod varchar, nyckel varchar, rad bigint)")
        phase = partial(self.reporter.phase, self.sf.path.name)
        phase("lasa")
        if self.engine == "sql":
            self._read_sql()
        else:
            self._read(chunk_rows)
        phase("dubbletter")
        self._duplicates()
        if self.t.parent:
            phase("foraldrar")
            self._retry_pending()
            self._orphans()
            self._parent_dates()
        phase("varningar")
        self._count()
        self._warnings()
        if self.t.parent:
            phase("tidigare_barn")
            self._recheck_earlier_children()
        phase("historik")
        self._merge()
        return self.report

    def _read_sql(self) -> None:
        """The file into DuckDB as text, the row rules in SQL, a bounded sample to Great Expectations."""
        t = self.t.name
        self.reporter.start_file(self.sf.path.name, self.sf.size)
        self.report.rader_lasta = stage_text(self.con, self.sf, self.reporter.advance)
        check_rows(self.con, self.t, self.sf.path.name, self.ctx, self.stage, self.keys, self.names)
        if self.validator is not None:
            sample, total = gx_sample(self.con, self.t, GX_SAMPLE_ROWS)
            self.validator.validate_chunk(t, sample)
            self.gx_urval = {"rader": len(sample), "av": total}
        self.con.execute(f"drop table _text_{t}")
        self.con.execute(f"drop table _broken_{t}")
        self.reporter.end_file()

    def _read(self, chunk_rows: int) -> None:
        self.reporter.start_file(self.sf.path.name, self.sf.size)
        casts = ", ".join(f"cast({c} as {t})" for c, t in self.cols)
        for chunk in iter_chunks(self.sf, chunk_rows):
            self.report.rader_lasta += len(chunk.frame) + len(chunk.broken)
            checked = check_chunk(self.t, chunk, self.ctx)
            if self.validator is not None:
                self.validator.validate_chunk(self.t.name, chunk.frame)
            acc = checked.accepted
            for c in self.names:
                if c not in acc.columns:
                    acc[c] = None
            self.con.register("_chunk", acc)
            self._sql(f"insert into {self.stage} select {casts}, {_q(self.sf.path.name)}, kalla_rad from _chunk")
            self.con.register("_chunk_keys", checked.keys)
            self._sql(f"insert into {self.keys} select * from _chunk_keys")
            if len(checked.violations):
                viol = checked.violations.astype(object).where(checked.violations.notna(), None)
                self.con.register("_chunk_viol", viol)
                cols = ", ".join(VIOLATION_COLUMNS)
                self._sql(
                    f"insert into _viol select {_q(self.t.name)}, {_q(self.sf.path.name)}, {cols} from _chunk_viol"
                )
                self.con.unregister("_chunk_viol")
            self.con.unregister("_chunk")
            self.con.unregister("_chunk_keys")
            self.reporter.advance(chunk.bytes_done)
        self.reporter.end_file()
        if self.validator is not None and self.report.rader_lasta == 0:  # a header-only file
            self.validator.validate_chunk(self.t.name, pd.DataFrame(columns=self.sf.header, dtype=object))

    def gx_summary(self) -> None:
        """The file's GX summary into its report: asked for after every file is read, as the validator
        may validate beside the load (isu.gx_background)."""
        if self.validator is not None:
            self.report.gx = self.validator.summary(self.t.name)
            if self.gx_urval is not None:
                self.report.gx["urval"] = self.gx_urval

    def _duplicates(self) -> None:
        d = f"_dup_{self.t.name}"
        self._sql(
            f"create temp table {d} as select kommun_kod, nyckel, "
            "string_agg(cast(rad as varchar), ', ' order by rad) as rader "
            f"from {self.keys} k semi join (select kommun_kod, nyckel from {self.keys} group by all "
            "having count(*) > 1) using (kommun_kod, nyckel) group by kommun_kod, nyckel"
        )
        self._violation(
            Rule.DUBBLETT,
            f"from (select k.kommun_kod, k.nyckel as {self.id}, k.rad as kalla_rad, {d}.rader from {self.keys} k "
            f"join {d} using (kommun_kod, nyckel)) k left join {self.stage} st on st.kommun_kod = k.kommun_kod "
            f"and st.{self.id} = k.{self.id} and st.kalla_rad = k.kalla_rad",
            self.id,
            f"{_q(self.id + ' ')} || k.{self.id} || ' i kommun ' || k.kommun_kod || ' finns på raderna ' || k.rader",
            f"{_q(self.id + ' ')} || k.{self.id} || ' in municipality ' || k.kommun_kod || ' is on lines ' || k.rader",
            varde=f"k.{self.id}",
            alias="k",
            content="case when st.kalla_rad is null then null else " + self._content_json("st") + " end",
        )
        self._sql(
            f"delete from {self.stage} where exists (select 1 from {d} where {d}.kommun_kod = {self.stage}.kommun_kod "
            f"and {d}.nyckel = {self.stage}.{self.id})"
        )

    def _parent_exists(self, alias: str) -> str:
        p = TABLES_BY_PARENT[self.t.name]
        return (
            f"exists (select 1 from {RAW_SCHEMA}.{p.name} p where p.giltig_till is null and "
            f"p.kommun_kod = {alias}.kommun_kod and p.{p.id_column} = {alias}.{self.t.parent_column})"
        )

    def _retry_pending(self) -> None:
        """Orphans of earlier loads: superseded by this extract, or loadable now that the parent exists."""
        pend = f"{RAW_SCHEMA}.vantande_{self.t.name}"
        match_k = (
            f"{RAW_SCHEMA}.karantan.load_id = v.load_id and {RAW_SCHEMA}.karantan.fil = v.kalla_fil "
            f"and {RAW_SCHEMA}.karantan.rad = v.kalla_rad and {RAW_SCHEMA}.karantan.tabell = "
            f"{_q(self.t.name)} and {RAW_SCHEMA}.karantan.regel = {_q(Rule.SAKNAD_FORALDER.value)}"
        )
        in_extract = (
            f"exists (select 1 from {self.keys} k where k.kommun_kod = v.kommun_kod and k.nyckel = v.{self.id})"
        )
        self._sql(
            f"update {RAW_SCHEMA}.karantan set status = 'ersatt', status_load_id = {self.load_id} "
            f"from {pend} v where {match_k} and {in_extract}"
        )
        self._sql(f"delete from {pend} v where {in_extract}")
        # Ready: the parent exists and the dates against it hold (otherwise the row keeps waiting).
        ready = " and ".join([self._parent_exists("v"), *self._parent_date_ok("v")])
        self._sql(f"create temp table _ready_{self.t.name} as select * from {pend} v where {ready}")
        n = self._sql(f"select count(*) from _ready_{self.t.name}").fetchone()[0]
        if n:
            names = ", ".join(self.names)
            self._sql(
                f"update {RAW_SCHEMA}.karantan set status = 'laddad_senare', status_load_id = {self.load_id} "
                f"from _ready_{self.t.name} v where {match_k}"
            )
            self._sql(f"insert into {self.stage} select {names}, kalla_fil, -kalla_rad from _ready_{self.t.name}")
            self._sql(f"delete from {pend} v where {ready}")
        self.report.rader_sent_laddade = n

    def _parent_date_ok(self, alias: str) -> list[str]:
        p = TABLES_BY_PARENT[self.t.name]
        return [
            f"not exists (select 1 from {RAW_SCHEMA}.{p.name} p where p.giltig_till is null and "
            f"p.kommun_kod = {alias}.kommun_kod and p.{p.id_column} = {alias}.{self.t.parent_column} and "
            f"{alias}.{o.column} < p.{o.reference})"
            for o in self.t.date_orders
            if o.reference_in_parent
        ]

    def _orphans(self) -> None:
        p = TABLES_BY_PARENT[self.t.name]
        pcol = self.t.parent_column
        quarantined = (
            f"(select string_agg(cast(k.rad as varchar), ', ' order by k.rad) from _keys_{p.name} k "
            f"where k.kommun_kod = s.kommun_kod and k.nyckel = s.{pcol})"
        )
        cond = f"s.kalla_rad > 0 and not {self._parent_exists('s')}"
        self._violation(
            Rule.SAKNAD_FORALDER,
            f"from {self.stage} s where {cond}",
            pcol,
            f"{_q(pcol + ' ')} || s.{pcol} || ' finns inte i kommun ' || s.kommun_kod || coalesce("
            f"' (raden finns i {p.name}-filen på rad ' || {quarantined} || ' men ligger i karantän)', '')",
            f"{_q(pcol + ' ')} || s.{pcol} || ' does not exist in municipality ' || s.kommun_kod || coalesce("
            f"' (it is on line ' || {quarantined} || ' of the {p.name} file but was quarantined)', '')",
            varde=f"s.{pcol}",
        )
        names = ", ".join(self.names)
        self._sql(
            f"insert into {RAW_SCHEMA}.vantande_{self.t.name} select {names}, {self.load_id}, kalla_fil, "
            f"kalla_rad from {self.stage} s where {cond}"
        )
        self._sql(f"delete from {self.stage} s where not {self._parent_exists('s')}")

    def _parent_dates(self) -> None:
        p = TABLES_BY_PARENT[self.t.name]
        for order, ok in zip(
            [o for o in self.t.date_orders if o.reference_in_parent], self._parent_date_ok("s"), strict=True
        ):
            col, ref = order.column, order.reference
            self._violation(
                Rule.DATUMORDNING,
                f"from {self.stage} s join {RAW_SCHEMA}.{p.name} p on p.giltig_till is null and "
                f"p.kommun_kod = s.kommun_kod and p.{p.id_column} = s.{self.t.parent_column} "
                f"where s.{col} < p.{ref}",
                col,
                f"'{col} ' || cast(s.{col} as varchar) || ' är före {_GENITIVE[p.name]} {ref} ' "
                f"|| cast(p.{ref} as varchar)",
                f"'{col} ' || cast(s.{col} as varchar) || ' is before the {p.name}''s {ref} ' "
                f"|| cast(p.{ref} as varchar)",
                varde=f"cast(s.{col} as varchar)",
            )
            self._sql(f"delete from {self.stage} s where not ({ok})")

    def _recheck_earlier_children(self) -> None:
        """Rows of earlier loads that this extract does not repeat are checked again against a parent
        this load replaced or closed: a row whose date no longer fits (datumordning), or whose parent
        is no longer current (saknad_foralder: it waits in raw.vantande_* for its parent, as any
        orphan), leaves the current rows and goes to the quarantine with this load's id. Without
        this, a replaced case could leave an intervention decided before the case's new
        actualisation date in the marts."""
        p = TABLES_BY_PARENT[self.t.name]
        raw, praw = f"{RAW_SCHEMA}.{self.t.name}", f"{RAW_SCHEMA}.{p.name}"
        pcol = self.t.parent_column
        earlier = (
            f"c.giltig_till is null and not exists (select 1 from {self.keys} k where k.kommun_kod = c.kommun_kod "
            f"and k.nyckel = c.{self.id})"
        )
        parent_now = f"p.giltig_till is null and p.kommun_kod = c.kommun_kod and p.{p.id_column} = c.{pcol}"
        parent_touched = (
            f"exists (select 1 from {praw} q where q.kommun_kod = c.kommun_kod and q.{p.id_column} = c.{pcol} "
            f"and (q.load_id = {self.load_id} or q.giltig_till_load_id = {self.load_id}))"
        )
        content = self._content_json("c")
        found = 0
        for o in (o for o in self.t.date_orders if o.reference_in_parent):
            cond = (f"from {raw} c join {praw} p on {parent_now} and p.load_id = {self.load_id} "
                    f"where {earlier} and c.{o.column} < p.{o.reference}")  # fmt: skip
            sv = (
                f"'{o.column} ' || cast(c.{o.column} as varchar) || ' är före {_GENITIVE[p.name]} {o.reference} ' || "
                f"cast(p.{o.reference} as varchar) || ' sedan {p.name}-raden ersattes i laddning {self.load_id}'"
            )
            en = (
                f"'{o.column} ' || cast(c.{o.column} as varchar) || ' is before the {p.name}''s {o.reference} ' || "
                f"cast(p.{o.reference} as varchar) || ' since the {p.name} row was replaced in load {self.load_id}'"
            )
            found += self._close_earlier(Rule.DATUMORDNING, cond, o.column, sv, en, f"cast(c.{o.column} as varchar)",
                                         content)  # fmt: skip
        gone = f"not exists (select 1 from {praw} p where {parent_now})"
        cond = f"from {raw} c where {earlier} and {parent_touched} and {gone}"
        sv = f"'{pcol} ' || c.{pcol} || ' är inte längre aktuell (laddning {self.load_id})'"
        en = f"'{pcol} ' || c.{pcol} || ' is no longer current (load {self.load_id})'"
        found += self._close_earlier(Rule.SAKNAD_FORALDER, cond, pcol, sv, en, f"c.{pcol}", content, wait=True)
        self.report.rader_tidigare_karantan = found

    def _close_earlier(self, rule: Rule, cond: str, kolumn: str, sv: str, en: str, varde: str, content: str,
                       *, wait: bool = False) -> int:  # fmt: skip
        """Quarantine and close the current raw rows selected by `cond` (alias c); returns how many.
        The rows and their messages are selected once, into _earlier."""
        raw = f"{RAW_SCHEMA}.{self.t.name}"
        text_sv, text_en = RULE_TEXT[rule]
        self._sql(
            f"create or replace temp table _earlier as select c.kommun_kod, c.{self.id} as nyckel, c.kalla_fil, "
            f"c.kalla_rad, {_q(text_sv + ': ')} || {sv} as meddelande, {_q(text_en + ': ')} || {en} as meddelande_en, "
            f"{varde} as varde, {content} as radinnehall {cond}"
        )
        n = self._sql("select count(*) from _earlier").fetchone()[0]
        if not n:
            return 0
        self._sql(
            f"insert into {RAW_SCHEMA}.karantan select {self.load_id}, {_q(self.t.name)}, kalla_fil, kalla_rad, "
            f"kommun_kod, nyckel, {_q(kolumn)}, {_q(rule.value)}, meddelande, meddelande_en, varde, radinnehall, "
            "'karantan', null from _earlier order by kommun_kod, nyckel"
        )
        match = f"exists (select 1 from _earlier e where e.kommun_kod = c.kommun_kod and e.nyckel = c.{self.id})"
        if wait:  # waits like any orphan, and loads again once its parent is current
            names = ", ".join(self.names)
            self._sql(
                f"insert into {RAW_SCHEMA}.vantande_{self.t.name} select {names}, {self.load_id}, kalla_fil, kalla_rad "
                f"from {raw} c where c.giltig_till is null and {match}"
            )
        self._sql(
            f"update {raw} c set giltig_till = ?, giltig_till_load_id = ? where c.giltig_till is null and {match}",
            [self.now, self.load_id],
        )
        return n

    def _count(self) -> None:
        r = self.report
        r.rader_karantan = self._sql(
            "select count(distinct rad) from _viol where tabell = ?", [self.t.name]
        ).fetchone()[0]
        r.rader_godkanda = self._sql(f"select count(*) from {self.stage} where kalla_rad > 0").fetchone()[0]
        if r.rader_godkanda + r.rader_karantan != r.rader_lasta:
            raise RuntimeError(
                f"internal error: {self.sf.path.name}: read {r.rader_lasta} != accepted {r.rader_godkanda} "
                f"+ quarantined {r.rader_karantan}"
            )

    def _warn(self, rule: Rule, from_sql: str, kolumn: str, detail_sv: str, detail_en: str, varde: str) -> None:
        """One warning per row of `from_sql` (alias s: a staged row that will be loaded); `kolumn`,
        the details and `varde` are SQL expressions."""
        text_sv, text_en = RULE_TEXT[rule]
        self._sql(
            f"insert into _warn select {_q(self.t.name)}, {_q(self.sf.path.name)}, abs(s.kalla_rad), s.kommun_kod, "
            f"s.{self.id}, {kolumn}, {_q(rule.value)}, {_q(text_sv + ': ')} || {detail_sv}, "
            f"{_q(text_en + ': ')} || {detail_en}, {varde} {from_sql}"
        )

    def _warnings(self) -> None:
        """Plausibility warnings (severity varning in isu.rules): the rows are loaded all the same."""
        days = "cast({b} - {a} as integer)"
        if self.t.name == "arende":
            d = days.format(a="s.datum_aktualisering", b="s.datum_beslut")
            self._warn(Rule.LANG_LEDTID, f"from {self.stage} s where {d} > {LONG_LEAD_DAYS}", "'datum_beslut'",
                       f"{d} || ' dagar från datum_aktualisering till datum_beslut'",
                       f"{d} || ' days from datum_aktualisering to datum_beslut'",
                       "cast(s.datum_beslut as varchar)")  # fmt: skip
            age = ("coalesce(date_diff('year', s.fodelsedatum, s.datum_aktualisering) - case when "
                   "strftime(s.datum_aktualisering, '%m%d') < strftime(s.fodelsedatum, '%m%d') then 1 else 0 end, "
                   "s.alder_uppgiven)")  # fmt: skip
            self._warn(Rule.ALDER_OVANLIG_FOR_OMRADE,
                       f"from {self.stage} s where (s.verksamhetsomrade = 'BOU' and {age} > {BOU_MAX_AGE}) "
                       f"or (s.verksamhetsomrade = 'AO' and {age} < {AO_MIN_AGE})",
                       "case when s.fodelsedatum is null then 'alder' else 'personnummer' end",
                       f"s.verksamhetsomrade || ', ' || {age} || ' år vid aktualiseringen'",
                       f"s.verksamhetsomrade || ', ' || {age} || ' years old at actualisation'", "null")  # fmt: skip
        elif self.t.name == "insats":
            d = days.format(a="s.datum_beslut", b="s.datum_verkstallighet")
            self._warn(Rule.LANG_LEDTID, f"from {self.stage} s where {d} > {LONG_LEAD_DAYS}",
                       "'datum_verkstallighet'",
                       f"{d} || ' dagar från datum_beslut till datum_verkstallighet'",
                       f"{d} || ' days from datum_beslut to datum_verkstallighet'",
                       "cast(s.datum_verkstallighet as varchar)")  # fmt: skip
            pairs = ", ".join(f"({typ}, {_q(area)})" for typ, area in sorted(insatstyp_omrade().items()))
            unusual = (
                "(a.verksamhetsomrade = 'BOU' and t.omrade = 'AO') or (a.verksamhetsomrade = 'AO' and t.omrade = 'BOU')"
            )
            self._warn(Rule.INSATSTYP_OVANLIG_FOR_OMRADE,
                       f"from {self.stage} s join (values {pairs}) t(typ, omrade) on t.typ = s.insatstyp "
                       f"join {RAW_SCHEMA}.arende a on a.giltig_till is null and a.kommun_kod = s.kommun_kod "
                       f"and a.arende_id = s.arende_id where {unusual}", "'insatstyp'",
                       "'insatstyp ' || s.insatstyp || ' (vanligen ' || t.omrade || ') i ett ärende inom ' "
                       "|| a.verksamhetsomrade",
                       "'insatstyp ' || s.insatstyp || ' (usually ' || t.omrade || ') in a case of ' "
                       "|| a.verksamhetsomrade", "cast(s.insatstyp as varchar)")  # fmt: skip
        else:
            self._warn(Rule.UPPFOLJNING_EFTER_AVSLUT,
                       f"from {self.stage} s join {RAW_SCHEMA}.insats i on i.giltig_till is null and "
                       "i.kommun_kod = s.kommun_kod and i.insats_id = s.insats_id "
                       "where s.datum_uppfoljning > i.datum_avslut", "'datum_uppfoljning'",
                       "'datum_uppfoljning ' || s.datum_uppfoljning || ' är efter insatsens datum_avslut ' "
                       "|| i.datum_avslut",
                       "'datum_uppfoljning ' || s.datum_uppfoljning || ' is after the intervention''s datum_avslut ' "
                       "|| i.datum_avslut", "cast(s.datum_uppfoljning as varchar)")  # fmt: skip
        self.report.rader_varning = self._sql(
            "select count(distinct rad) from _warn where tabell = ?", [self.t.name]
        ).fetchone()[0]

    def _merge(self) -> None:
        """History-keeping merge: new keys insert, changed rows close the old version, same rows stay."""
        raw = f"{RAW_SCHEMA}.{self.t.name}"
        # concat() gives the text of the `a || '|' || b ...` of earlier versions (no part is null), so
        # the same hash, in half the time
        hashed = ", '|', ".join(f"coalesce(cast(s.{c} as varchar), '<null>')" for c in self.names)
        self._sql(
            f"create temp table _cmp_{self.t.name} as select s.*, md5(concat({hashed})) as rad_hash_ny, r.rad_hash as "
            f"rad_hash_gammal from {self.stage} s left join {raw} r on r.giltig_till is null and "
            f"r.kommun_kod = s.kommun_kod and r.{self.id} = s.{self.id}"
        )
        cmp_ = f"_cmp_{self.t.name}"
        nya, andrade, same = self._sql(
            f"select count(*) filter (where rad_hash_gammal is null), "
            f"count(*) filter (where rad_hash_gammal <> rad_hash_ny), "
            f"count(*) filter (where rad_hash_gammal = rad_hash_ny) from {cmp_}"
        ).fetchone()
        self.report.rader_nya, self.report.rader_andrade, self.report.rader_oforandrade = nya, andrade, same
        self._sql(
            f"update {raw} set giltig_till = ?, giltig_till_load_id = ? from {cmp_} c where {raw}.giltig_till is "
            f"null and {raw}.kommun_kod = c.kommun_kod and {raw}.{self.id} = c.{self.id} "
            "and c.rad_hash_gammal <> c.rad_hash_ny",
            [self.now, self.load_id],
        )
        names = ", ".join(self.names)
        self._sql(
            f"insert into {raw} ({names}, load_id, kalla_fil, kalla_rad, rad_hash, giltig_fran) "
            f"select {names}, ?, kalla_fil, abs(kalla_rad), rad_hash_ny, ? from {cmp_} "
            "where rad_hash_gammal is null or rad_hash_gammal <> rad_hash_ny",
            [self.load_id, self.now],
        )


TABLES_BY_PARENT: dict[str, Table] = {t.name: next(p for p in TABLES if p.name == t.parent) for t in TABLES if t.parent}
