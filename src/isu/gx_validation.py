"""Great Expectations (GX 1.x) checks of the raw input contract (CONTRACT.md, `isu.contract`).

The loader decides row by row what is accepted and what goes to the quarantine. This module is the
independent second opinion: one GX Expectation Suite per contract table, generated from the
`Table`/`Column` specs of `isu.contract` (nothing else), run on the same pandas chunks the loader
reads, aggregated over chunks, persisted, and rendered as Data Docs.

Public API
    build_suite(table, kommun_koder=None) -> gx.ExpectationSuite
    ContractValidator(kommun_koder=None)
        .validate_chunk(table_name, df)       one chunk of a file (text columns, as read)
        .summary(table_name) -> dict          JSON-serialisable, aggregated over the chunks
        .summaries() -> list[dict]            every validated table, in contract order
        .results(table_name)                  the same as a GX ExpectationSuiteValidationResult
        .reset(table_name=None)               start again (one validator per extract, or reset)
    save_results(summaries_or_results, gx_dir, run_name=None)  persist into a GX file context
    build_data_docs(gx_dir) -> Path           build the static site, return its index.html

Design (see docs/great_expectations.md):
- GX validates pandas DataFrames (the pandas data source); its SQL data source cannot validate
  DuckDB tables in GX 1.24 (GX issues #10738, #11579).
- Empty string = missing: every CSV field is text and "" means "not given", so `validate_chunk`
  turns "" into a missing value before GX sees it. It does not trim values itself: the reader
  (`isu.reader`) strips every field before both the loader's row checks and GX see the chunk.
- No data value is ever kept: expectations run with a result format that returns counts only
  (`exclude_unexpected_values`, `partial_unexpected_count` 0), and only whitelisted count fields are
  copied out of GX results. Results, summaries and Data Docs therefore never hold a personnummer
  (nor any other cell value).
- Key uniqueness is decided over the whole file, not per chunk: GX's compound-uniqueness check sees
  one chunk at a time, so the validator also hashes every key and counts duplicate rows over all
  chunks; the summary reports that file-wide count (and GX's within-chunk count beside it).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# GX must never phone home. GX 1.24 sends no usage statistics at all, but older and newer 1.x
# releases read this variable (and the context's `analytics_enabled`, which we also set below).
os.environ["GX_ANALYTICS_ENABLED"] = "False"

import great_expectations as gx
import numpy as np
import pandas as pd
from great_expectations.core import (
    ExpectationSuiteValidationResult,
    ExpectationValidationResult,
)
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)
from great_expectations.expectations.expectation_configuration import (
    ExpectationConfiguration,
)
from great_expectations.expectations.row_conditions import Column as RowColumn

from isu import contract
from isu.contract import Column, Kind, Rule, Table
from isu.privacy import SCAN_PATTERN
from isu.rules import RULE_TEXT
from isu.validate import CONTROL_CHARS, DATE_FORMS, MAX_VALUE_CHARS, TIME_PART

__all__ = [
    "INT_SUFFIX",
    "RESULT_FORMAT",
    "ContractValidator",
    "build_data_docs",
    "build_suite",
    "save_results",
    "suite_name",
]

# GX logs a lot at INFO (store set-up, data docs paths); keep warnings and errors only.
logging.getLogger("great_expectations").setLevel(logging.WARNING)

# --- regular expressions -------------------------------------------------------------------
# Written with [0-9] (not \d: Python's \d also matches non-ASCII digits) and without look-arounds
# or back-references: GX applies them with `Series.astype(str).str.contains`, which pandas 3 runs
# on pyarrow (RE2) for the `str` dtype and with Python's `re` for object columns; both agree here.
KOMMUN_REGEX = r"^[0-9]{4}$"
# CONTRACT.md: YYYY-MM-DD, a date-time (time part dropped) or compact YYYYMMDD.
DATE_FORMAT_REGEX = rf"^{DATE_FORMS}$"
# A date that exists in the (proleptic) Gregorian calendar, years 0001-9999, leap years included.
_YEAR = r"(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_DAY = (
    rf"(?:{_YEAR}SEP(?:(?:0[13578]|1[02])SEP(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)SEP(?:0[1-9]|[12][0-9]|30)"
    r"|02SEP(?:0[1-9]|1[0-9]|2[0-8]))"
    rf"|{_LEAP_YEAR}SEP02SEP29)"
)
DATE_CALENDAR_REGEX = rf"^(?:{_DAY.replace('SEP', '-')}{TIME_PART}|{_DAY.replace('SEP', '')})$"
INT_REGEX = r"^-?[0-9]+$"
CODES_FORMAT_REGEX = r"^[0-9]+(?:\|[0-9]+)*$"
# YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN or YYMMDD+NNNN (check digit and date: loader only).
PERSONNUMMER_REGEX = r"^(?:[0-9]{8}-[0-9]{4}|[0-9]{12}|[0-9]{6}[-+][0-9]{4})$"

#: Suffix of the helper column that holds an INT column as a number, for the range check
#: (GX compares strings with strings only; the text column itself is checked by INT_REGEX).
INT_SUFFIX = "__heltal"

#: Counts only, never values: nothing read from the data can end up in a result.
RESULT_FORMAT: dict[str, Any] = {
    "result_format": "BASIC",
    "partial_unexpected_count": 0,
    "exclude_unexpected_values": True,
    "include_unexpected_rows": False,
    "return_unexpected_index_query": False,
}

# The only result fields copied out of a GX result (everything else is dropped).
_COUNT_FIELDS = (
    "element_count",
    "missing_count",
    "unexpected_count",
)
_DATASOURCE = "isu_contract"
_SUITE_PREFIX = "isu_"
_DOCS_SITE = "local_site"


def suite_name(table: Table | str) -> str:
    """The suite name of a contract table: `isu_<table>`."""
    return _SUITE_PREFIX + (table if isinstance(table, str) else table.name)


# --- suites ------------------------------------------------------------------------------------
def _alternation(codes: Iterable[int]) -> str:
    # Longest first, so that the regex reads naturally ("14" before "1"); anchors make it exact.
    return "|".join(str(c) for c in sorted(codes, key=lambda c: (-len(str(c)), c)))


def _codes_regex(codes: Iterable[int]) -> str:
    alt = _alternation(codes)
    return rf"^(?:{alt})(?:\|(?:{alt}))*$"


def _exclusive_codes_regex(exclusive: Iterable[int], codes: Iterable[int]) -> str:
    """Matches a '|'-list that holds an exclusive code together with any other (known) code."""
    parts = []
    for code in sorted(exclusive):
        others = _alternation(c for c in codes if c != code)
        parts.append(rf"(?:^|\|){code}\|(?:.*\|)?(?:{others})(?:\||$)")
        parts.append(rf"(?:^|\|)(?:{others})\|(?:.*\|)?{code}(?:\||$)")
    return "|".join(parts)


def _meta(table: Table, rule: Rule, column: str | None, check: str, **extra: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {"rule": rule.value, "table": table.name, "column": column, "check": check}
    meta.update(extra)
    return meta


def _notes(rule: Rule) -> str:
    sv, en = RULE_TEXT[rule]
    return f"Contract rule `{rule.value}`: {en} ({sv})."


def _column_expectations(table: Table, col: Column, kommun_koder: set[str] | None) -> list[gx.expectations.Expectation]:
    """The expectations of one column, chosen by its kind and spec (the table-driven mapping)."""
    E = gx.expectations
    name = col.name
    out: list[tuple[Any, Rule, str, dict[str, Any]]] = []  # (expectation, rule, check, extra meta)

    if col.required:
        out.append((E.ExpectColumnToExist(column=name), Rule.SAKNAD_KOLUMN, "column present", {}))
        out.append((E.ExpectColumnValuesToNotBeNull(column=name), Rule.OBLIGATORISKT_FALT, "not empty", {}))
    if col.kind is not Kind.PERSONNUMMER:
        out.append((E.ExpectColumnValueLengthsToBeBetween(column=name, max_value=MAX_VALUE_CHARS),
                    Rule.FOR_LANGT_VARDE, f"at most {MAX_VALUE_CHARS} characters", {}))  # fmt: skip
        out.append((E.ExpectColumnValuesToNotMatchRegex(column=name, regex=CONTROL_CHARS),
                    Rule.OGILTIGT_TECKEN, "no control characters", {}))  # fmt: skip
    if name in (table.id_column, table.parent_column):
        out.append((E.ExpectColumnValuesToNotMatchRegex(column=name, regex=SCAN_PATTERN),
                    Rule.PNR_I_FEL_KOLUMN, "no personnummer in an id", {}))  # fmt: skip

    if col.kind is Kind.TEXT:
        if name == contract.KOMMUN.name:
            out.append(
                (
                    E.ExpectColumnValuesToMatchRegex(column=name, regex=KOMMUN_REGEX),
                    Rule.OKAND_KOMMUN,
                    "four digits",
                    {},
                )
            )
            if kommun_koder:
                out.append(
                    (
                        E.ExpectColumnValuesToBeInSet(column=name, value_set=sorted(kommun_koder)),
                        Rule.OKAND_KOMMUN,
                        "known municipality code",
                        {},
                    )
                )
        if col.allowed_text:
            # The only closed text list of the contract is verksamhetsomrade.
            out.append(
                (
                    E.ExpectColumnValuesToBeInSet(column=name, value_set=list(col.allowed_text)),
                    Rule.OKANT_OMRADE,
                    "allowed text",
                    {},
                )
            )
    elif col.kind is Kind.DATE:
        out.append(
            (
                E.ExpectColumnValuesToMatchRegex(column=name, regex=DATE_FORMAT_REGEX),
                Rule.OGILTIGT_DATUM,
                "date format YYYY-MM-DD, date-time or YYYYMMDD",
                {},
            )
        )
        out.append(
            (
                E.ExpectColumnValuesToMatchRegex(column=name, regex=DATE_CALENDAR_REGEX),
                Rule.OGILTIGT_DATUM,
                "existing calendar date",
                {},
            )
        )
        # The lower bound (1900); the upper one (a year after the load) only the loader knows.
        out.append((E.ExpectColumnValuesToMatchRegex(column=name, regex=r"^(?:19|[2-9][0-9])[0-9]{2}"),
                    Rule.DATUM_UTANFOR, "from 1900", {}))  # fmt: skip
    elif col.kind is Kind.INT:
        out.append(
            (E.ExpectColumnValuesToMatchRegex(column=name, regex=INT_REGEX), Rule.OGILTIGT_HELTAL, "integer", {})
        )
        if col.min_value is not None or col.max_value is not None:
            out.append(
                (
                    E.ExpectColumnValuesToBeBetween(
                        column=name + INT_SUFFIX, min_value=col.min_value, max_value=col.max_value
                    ),
                    Rule.UTANFOR_INTERVALL,
                    "in range",
                    {"gx_column": name + INT_SUFFIX},
                )
            )
    elif col.kind is Kind.CODE:
        out.append(
            (
                E.ExpectColumnValuesToBeInSet(column=name, value_set=[str(c) for c in col.codes]),
                Rule.OKAND_KOD,
                "code in value set",
                {},
            )
        )
    elif col.kind is Kind.CODES:
        out.append(
            (
                E.ExpectColumnValuesToMatchRegex(column=name, regex=CODES_FORMAT_REGEX),
                Rule.OGILTIG_FLERVAL,
                "codes separated by |",
                {},
            )
        )
        out.append(
            (
                E.ExpectColumnValuesToMatchRegex(column=name, regex=_codes_regex(col.codes)),
                Rule.OKAND_KOD,
                "every code in value set",
                {},
            )
        )
        if col.variable == "V14":  # contract.SAMVERKAN_INGEN belongs to V14 (samverkan)
            out.append(
                (
                    E.ExpectColumnValuesToNotMatchRegex(
                        column=name, regex=_exclusive_codes_regex(contract.SAMVERKAN_INGEN, col.codes)
                    ),
                    Rule.SAMVERKAN_MOTSTRIDIG,
                    "11/12 alone",
                    {},
                )
            )
    elif col.kind is Kind.PERSONNUMMER:
        out.append(
            (
                E.ExpectColumnValuesToMatchRegex(column=name, regex=PERSONNUMMER_REGEX),
                Rule.PNR_FORMAT,
                "personnummer format",
                {},
            )
        )
        out.append((E.ExpectColumnValuesToNotMatchRegex(column=name, regex=r"^(?:[0-9]{6}|[0-9]{8})[-+]?000[0-9]$"),
                    Rule.PNR_FODELSENUMMER, "birth number not 000", {}))  # fmt: skip

    result = []
    for exp, rule, check, extra in out:
        exp.meta = _meta(table, rule, name, check, **extra)
        exp.notes = _notes(rule)
        result.append(exp)
    return result


def _table_expectations(table: Table) -> list[gx.expectations.Expectation]:
    """Table-level rules: required columns present, unique keys, in-row date orders, only_with."""
    E = gx.expectations
    present = {c.name for c in table.columns}
    out = []
    exp = E.ExpectTableColumnsToMatchSet(column_set=table.required_columns, exact_match=False)
    exp.meta = _meta(table, Rule.SAKNAD_KOLUMN, None, "required columns present")
    exp.notes = _notes(Rule.SAKNAD_KOLUMN)
    out.append(exp)

    key = list(table.key)
    exp = E.ExpectCompoundColumnsToBeUnique(column_list=key, ignore_row_if="any_value_is_missing")
    exp.meta = _meta(table, Rule.DUBBLETT, "+".join(key), "unique key", scope="file")
    exp.notes = _notes(Rule.DUBBLETT)
    out.append(exp)

    for order in table.date_orders:
        if order.reference_in_parent or order.reference not in present:
            continue  # needs the parent table: checked by the loader only
        exp = E.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=order.column,
            column_B=order.reference,
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        )
        exp.meta = _meta(table, Rule.DATUMORDNING, order.column, f">= {order.reference}")
        exp.notes = _notes(Rule.DATUMORDNING)
        out.append(exp)
        if order.fallback_reference:
            exp = E.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=order.column,
                column_B=order.fallback_reference,
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                row_condition=RowColumn(order.reference).is_null(),
            )
            exp.meta = _meta(
                table,
                Rule.DATUMORDNING,
                order.column,
                f">= {order.fallback_reference} when {order.reference} is empty",
            )
            exp.notes = _notes(Rule.DATUMORDNING)
            out.append(exp)

    for column, requires in table.only_with:
        exp = E.ExpectColumnValuesToBeNull(column=column, row_condition=RowColumn(requires).is_null())
        exp.meta = _meta(table, Rule.KRAVER_AVSLUT, column, f"only with {requires}")
        exp.notes = _notes(Rule.KRAVER_AVSLUT)
        out.append(exp)
    return out


def build_suite(table: Table, kommun_koder: set[str] | None = None) -> gx.ExpectationSuite:
    """The Expectation Suite of one contract table, generated from its `Table`/`Column` specs.

    Every expectation's `meta["rule"]` is the `isu.contract.Rule` value (the quarantine reason code)
    it mirrors. `kommun_koder` (the 290 codes of seeds/kommuner.csv) adds a value-set check of
    kommun_kod; without it only the four-digit format is checked.
    """
    expectations = _table_expectations(table)
    column_expectations = [e for col in table.columns for e in _column_expectations(table, col, kommun_koder)]
    # Passed to the constructor: `suite.add_expectation` needs an active GX context in GX 1.x.
    return gx.ExpectationSuite(
        name=suite_name(table),
        expectations=[expectations[0], *column_expectations, *expectations[1:]],
        meta={
            "contract": "ISU exchange format, version 1 (CONTRACT.md)",
            "table": table.name,
            "generated_from": "isu.contract",
            "kommun_koder": len(kommun_koder) if kommun_koder else None,
        },
    )


# --- contexts ----------------------------------------------------------------------------------
def _quiet(context: Any) -> Any:
    """No analytics, no progress bars (and, for a file context, persist that in its config)."""
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context.enable_analytics(False)  # also saves the variables of a file context
    return context


def _file_context(gx_dir: Path | str) -> Any:
    gx_dir = Path(gx_dir)
    gx_dir.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(gx_dir))
    sites = context.variables.data_docs_sites or {}
    site = sites.get(_DOCS_SITE)
    if site is not None and site.get("show_how_to_buttons", True):
        site["show_how_to_buttons"] = False  # they link to the GX web site
        context.variables.data_docs_sites = sites
    return _quiet(context)


# --- validation --------------------------------------------------------------------------------
def _normalise_name(name: object) -> str:
    return str(name).replace("\ufeff", "").strip().lower()


# pandas 3's default `str` dtype (pyarrow-backed, NaN for missing): GX runs about a third faster
# on it than on object columns, and converting a 200k-row column costs ~10 ms.
_FAST_TEXT = "str" if int(pd.__version__.split(".")[0]) >= 3 else None


def _as_text(series: pd.Series) -> pd.Series:
    """Text as read, with "" as missing."""
    if not (pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype)):
        series = series.astype("string")
    empty = series.isin([""])
    if empty.any():
        series = series.mask(empty)
    if _FAST_TEXT and pd.api.types.is_object_dtype(series.dtype):
        series = series.astype(_FAST_TEXT)
    return series


def _prepare(table: Table, df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The frame GX sees: contract columns only, "" -> missing, absent optional columns as empty,
    helper columns for INT ranges. Returns it with the list of absent required columns."""
    by_name: dict[str, Any] = {}
    for original in df.columns:
        by_name.setdefault(_normalise_name(original), original)
    data: dict[str, pd.Series] = {}
    absent_required = []
    for col in table.columns:
        if col.name in by_name:
            data[col.name] = _as_text(df[by_name[col.name]])
        elif col.required:
            absent_required.append(col.name)  # left absent: GX reports it (and errors on its checks)
            continue
        else:
            # An optional column the file does not have: every value is missing.
            data[col.name] = pd.Series(None, index=df.index, dtype=object)
        if col.kind is Kind.INT:
            text = data[col.name]
            valid = text.notna() & text.astype(str).str.fullmatch(INT_REGEX).fillna(False).astype(bool)
            data[col.name + INT_SUFFIX] = pd.to_numeric(text.where(valid), errors="coerce").astype("float64")
    return pd.DataFrame(data, index=df.index), absent_required


_DIGITS = re.compile(r"[0-9]{6,}")


def _safe_error(exception_info: Any) -> str | None:
    """The first line of a GX exception message, with long digit runs masked (never a value)."""
    infos = []
    if isinstance(exception_info, Mapping):
        if "raised_exception" in exception_info:
            infos = [exception_info]
        else:
            infos = [v for v in exception_info.values() if isinstance(v, Mapping)]
    for info in infos:
        if info.get("raised_exception"):
            message = str(info.get("exception_message") or "error").splitlines()[0][:200]
            return _DIGITS.sub("…", message)
    return None


@dataclass
class _Acc:
    """One expectation, aggregated over chunks."""

    config: dict[str, Any]
    success: bool = True
    element_count: int | None = 0
    missing_count: int | None = 0
    unexpected_count: int | None = 0
    observed_value: Any = None
    missing_columns: list[str] = field(default_factory=list)
    error: str | None = None

    def add(self, res: ExpectationValidationResult) -> None:
        self.success = self.success and bool(res.success)
        error = _safe_error(res.exception_info)
        if error and self.error is None:
            self.error = error
        result = res.result or {}
        for name in _COUNT_FIELDS:
            value = result.get(name)
            current = getattr(self, name)
            setattr(self, name, None if value is None or current is None else current + int(value))
        if self.config["type"] == "expect_table_columns_to_match_set":
            observed = result.get("observed_value")
            if isinstance(observed, list):
                # column names only (not the helper columns this module adds)
                self.observed_value = [str(c) for c in observed if not str(c).endswith(INT_SUFFIX)]
            details = result.get("details") or {}
            missing = (details.get("mismatched") or {}).get("missing") or []
            for c in missing:
                if str(c) not in self.missing_columns:
                    self.missing_columns.append(str(c))

    @property
    def unexpected_percent(self) -> float | None:
        if self.unexpected_count is None or not self.element_count:
            return None
        considered = self.element_count - (self.missing_count or 0)
        return self.unexpected_count / considered * 100 if considered > 0 else None

    def entry(self) -> dict[str, Any]:
        meta = self.config.get("meta") or {}
        out: dict[str, Any] = {
            "type": self.config["type"],
            "column": meta.get("column"),
            "rule": meta.get("rule"),
            "check": meta.get("check"),
            "success": self.success,
            "element_count": self.element_count,
            "missing_count": self.missing_count,
            "unexpected_count": self.unexpected_count,
            "unexpected_percent": self.unexpected_percent,
        }
        if self.observed_value is not None:
            out["observed_value"] = self.observed_value
        if self.missing_columns:
            out["missing_columns"] = self.missing_columns
        if self.error:
            out["error"] = self.error
        out["kwargs"] = self.config.get("kwargs", {})
        out["meta"] = meta
        return out


@dataclass
class _TableState:
    table: Table
    suite: gx.ExpectationSuite
    batch_definition: Any
    index: dict[str, int]
    accs: list[_Acc]
    started: str
    rows: int = 0
    chunks: int = 0
    key_hashes: list[np.ndarray] = field(default_factory=list)
    key_missing: int = 0
    key_checked: bool = True


class ContractValidator:
    """Validates chunks of the three contract tables with GX and aggregates the results.

    One ephemeral GX context (in memory) is created per validator; every table gets its suite,
    a pandas data asset and a whole-dataframe batch definition the first time it is seen.
    """

    def __init__(self, kommun_koder: set[str] | None = None) -> None:
        self.kommun_koder = set(kommun_koder) if kommun_koder else None
        self.context = _quiet(gx.get_context(mode="ephemeral"))
        self._datasource = self.context.data_sources.add_pandas(_DATASOURCE)
        self._tables: dict[str, _TableState] = {}
        # One run for everything this validator sees (Data Docs group the tables by run).
        self.run_time = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

    def _state(self, table_name: str) -> _TableState:
        state = self._tables.get(table_name)
        if state is None:
            table = contract.TABLES_BY_NAME[table_name]  # KeyError for a name not in the contract
            suite = self.context.suites.add(build_suite(table, self.kommun_koder))
            asset = self._datasource.add_dataframe_asset(table_name)
            batch_definition = asset.add_batch_definition_whole_dataframe(table_name)
            accs = [_Acc(config=e.configuration.to_json_dict()) for e in suite.expectations]
            index = {str(e.id): i for i, e in enumerate(suite.expectations)}
            state = _TableState(
                table=table,
                suite=suite,
                batch_definition=batch_definition,
                index=index,
                accs=accs,
                started=self.run_time,
            )
            self._tables[table_name] = state
        return state

    def validate_chunk(self, table_name: str, df: pd.DataFrame) -> None:
        """Validate one chunk (text columns as read; extra columns are ignored)."""
        state = self._state(table_name)
        frame, absent_required = _prepare(state.table, df)
        batch = state.batch_definition.get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(state.suite, result_format=RESULT_FORMAT)
        for res in result.results:
            state.accs[state.index[str(res.expectation_config.id)]].add(res)
        state.rows += len(frame)
        state.chunks += 1
        self._collect_keys(state, frame, absent_required)

    @staticmethod
    def _collect_keys(state: _TableState, frame: pd.DataFrame, absent_required: list[str]) -> None:
        key = list(state.table.key)
        if any(k in absent_required for k in key):
            state.key_checked = False
            return
        present = frame[key].notna().all(axis=1)
        state.key_missing += int((~present).sum())
        keys = frame.loc[present, key].astype(str)
        state.key_hashes.append(pd.util.hash_pandas_object(keys, index=False).to_numpy())

    @staticmethod
    def _file_wide_keys(state: _TableState, entry: dict[str, Any]) -> None:
        """Replace GX's per-chunk uniqueness count by the count over all chunks (the whole file)."""
        entry["gx_within_chunk_unexpected_count"] = entry["unexpected_count"]
        if not state.key_checked:
            return  # a key column is absent: GX's entry already says why
        hashes = np.concatenate(state.key_hashes) if state.key_hashes else np.empty(0, np.uint64)
        _, counts = np.unique(hashes, return_counts=True)
        duplicates = int(counts[counts > 1].sum())
        considered = state.rows - state.key_missing
        entry.update(
            element_count=state.rows,
            missing_count=state.key_missing,
            unexpected_count=duplicates,
            unexpected_percent=duplicates / considered * 100 if considered > 0 else None,
            success=duplicates == 0 and "error" not in entry,
        )

    def reset(self, table_name: str | None = None) -> None:
        """Forget what was validated (of one table, or of all): counts and keys start again.

        A validator aggregates everything it is given, across files too, so use one per extract
        (load), or reset between extracts.
        """
        for name in [table_name] if table_name else list(self._tables):
            state = self._tables.get(name)
            if state is not None:
                state.accs = [_Acc(config=acc.config) for acc in state.accs]
                state.rows = state.chunks = state.key_missing = 0
                state.key_hashes = []
                state.key_checked = True

    def tables(self) -> list[str]:
        """The validated tables, in contract (load) order."""
        return [t.name for t in contract.TABLES if t.name in self._tables]

    def summary(self, table_name: str) -> dict[str, Any]:
        """JSON-serialisable summary of every chunk validated so far for `table_name`."""
        state = self._tables.get(table_name)
        if state is None:
            raise KeyError(f"no chunk of {table_name!r} has been validated")
        entries = [acc.entry() for acc in state.accs]
        for entry in entries:
            if entry["type"] == "expect_compound_columns_to_be_unique":
                self._file_wide_keys(state, entry)
        successful = sum(1 for e in entries if e["success"])
        return {
            "suite": state.suite.name,
            "table": table_name,
            "success": successful == len(entries),
            "rows": state.rows,
            "chunks": state.chunks,
            "evaluated_expectations": len(entries),
            "successful_expectations": successful,
            "unsuccessful_expectations": len(entries) - successful,
            "run_time": state.started,
            "gx_version": gx.__version__,
            "expectations": entries,
        }

    def summaries(self) -> list[dict[str, Any]]:
        return [self.summary(name) for name in self.tables()]

    def results(self, table_name: str) -> ExpectationSuiteValidationResult:
        """The aggregated summary as a GX validation result (counts only), e.g. for save_results."""
        return _summary_to_result(self.summary(table_name))[1]


# --- persistence and Data Docs -----------------------------------------------------------------
def _summary_to_result(
    summary: Mapping[str, Any], run_id: RunIdentifier | None = None
) -> tuple[gx.ExpectationSuite, ExpectationSuiteValidationResult]:
    """Rebuild the suite and a GX validation result (counts only) from a summary."""
    suite = gx.ExpectationSuite(
        name=summary["suite"],
        meta={"table": summary.get("table")},
        expectations=[
            ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"], meta=e["meta"]).to_domain_obj()
            for e in summary["expectations"]
        ],
    )
    results = []
    for exp, entry in zip(suite.expectations, summary["expectations"], strict=True):
        result: dict[str, Any] = {}
        if entry.get("unexpected_count") is not None:
            element = entry.get("element_count") or 0
            missing = entry.get("missing_count")
            result = {
                "element_count": element,
                "unexpected_count": entry["unexpected_count"],
                "unexpected_percent": entry.get("unexpected_percent"),
                "partial_unexpected_list": [],
            }
            if missing is not None:
                result["missing_count"] = missing
                result["missing_percent"] = missing / element * 100 if element else None
                result["unexpected_percent_total"] = entry["unexpected_count"] / element * 100 if element else None
                result["unexpected_percent_nonmissing"] = entry.get("unexpected_percent")
        if entry.get("observed_value") is not None:
            result["observed_value"] = entry["observed_value"]
            if entry.get("missing_columns"):
                result["details"] = {"mismatched": {"missing": entry["missing_columns"]}}
        exception_info = {"raised_exception": False, "exception_message": None, "exception_traceback": None}
        if entry.get("error"):
            exception_info = {
                "raised_exception": True,
                "exception_message": entry["error"],
                "exception_traceback": entry["error"],  # the renderer needs text here; no trace kept
            }
        results.append(
            ExpectationValidationResult(
                success=bool(entry["success"]),
                expectation_config=exp.configuration,
                result=result,
                exception_info=exception_info,
            )
        )
    successful = sum(1 for r in results if r.success)
    run_time = summary.get("run_time")
    if run_id is None:
        run_id = RunIdentifier(
            run_name=summary.get("run_name") or "isu-load",
            run_time=dt.datetime.fromisoformat(run_time) if run_time else None,
        )
    validation = ExpectationSuiteValidationResult(
        success=successful == len(results),
        results=results,
        suite_name=summary["suite"],
        statistics={
            "evaluated_expectations": len(results),
            "successful_expectations": successful,
            "unsuccessful_expectations": len(results) - successful,
            "success_percent": successful / len(results) * 100 if results else None,
        },
        meta={
            "great_expectations_version": gx.__version__,
            "run_id": run_id,
            "validation_time": run_id.run_time,
            "batch_spec": {"data_asset_name": summary.get("table")},
            "active_batch_definition": {
                "datasource_name": _DATASOURCE,
                "data_asset_name": summary.get("table"),
                "batch_definition_name": summary.get("table"),
            },
            "isu": {"table": summary.get("table"), "rows": summary.get("rows"), "chunks": summary.get("chunks")},
        },
    )
    return suite, validation


def _as_summary(item: Any) -> Mapping[str, Any]:
    if isinstance(item, Mapping):
        return item
    raise TypeError(f"expected a summary dict or an ExpectationSuiteValidationResult, got {type(item)!r}")


def save_results(
    summaries_or_results: Any,
    gx_dir: Path | str,
    run_name: str | None = None,
) -> list[ValidationResultIdentifier]:
    """Persist suites and validation results into the GX file context rooted in `gx_dir`.

    Accepts a ContractValidator, one summary dict, an iterable of summary dicts (from
    `ContractValidator.summary`, possibly read back from JSON), or GX ExpectationSuiteValidationResult
    objects (from `ContractValidator.results`). Values are never stored: only the whitelisted count
    fields of each result are written. `run_name` (e.g. "load-12") names the run in Data Docs.
    """
    if isinstance(summaries_or_results, ContractValidator):
        items: list[Any] = summaries_or_results.summaries()
    elif isinstance(summaries_or_results, Mapping | ExpectationSuiteValidationResult):
        items = [summaries_or_results]
    else:
        items = list(summaries_or_results)
    context = _file_context(gx_dir)
    keys = []
    for item in items:
        if isinstance(item, ExpectationSuiteValidationResult):
            item = _result_to_summary(item)
        summary = _as_summary(item)
        run_time = summary.get("run_time")
        run_id = RunIdentifier(
            run_name=run_name or summary.get("run_name") or "isu-load",
            run_time=dt.datetime.fromisoformat(run_time) if run_time else None,
        )
        suite, validation = _summary_to_result(summary, run_id)
        context.suites.add_or_update(suite)
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=suite.name),
            run_id=run_id,
            batch_identifier=str(summary.get("table") or suite.name),
        )
        context.validation_results_store.set(key, validation)
        keys.append(key)
    return keys


def _result_to_summary(result: ExpectationSuiteValidationResult) -> dict[str, Any]:
    """A GX result (e.g. from `ContractValidator.results`) as a summary; values are dropped."""
    entries = []
    for res in result.results:
        config = res.expectation_config.to_json_dict()
        acc = _Acc(config=config)
        acc.add(res)
        entries.append(acc.entry())
    meta = result.meta or {}
    isu_meta = meta.get("isu") or {}
    run_id = meta.get("run_id")
    run_time = getattr(run_id, "run_time", None)
    return {
        "suite": result.suite_name,
        "table": isu_meta.get("table") or result.suite_name.removeprefix(_SUITE_PREFIX),
        "success": bool(result.success),
        "rows": isu_meta.get("rows"),
        "chunks": isu_meta.get("chunks"),
        "run_time": run_time.isoformat() if run_time else None,
        "expectations": entries,
    }


def build_data_docs(gx_dir: Path | str) -> Path:
    """Build the static Data Docs site from what `save_results` stored; return its index.html.

    The site is written under gx_dir/gx/uncommitted/data_docs/local_site/, and its pages are then
    pointed at local copies of the scripts and style sheets GX takes from public CDNs (isu.gx_offline),
    so that it opens offline and asks no server for anything.
    """
    from isu.gx_offline import make_offline

    context = _file_context(gx_dir)
    context.build_data_docs(site_names=[_DOCS_SITE])
    site = Path(context.root_directory) / "uncommitted" / "data_docs" / _DOCS_SITE
    make_offline(site)
    return site / "index.html"
