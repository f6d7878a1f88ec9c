"""The `isu` command."""

from __future__ import annotations

import logging
import sys
import time
import warnings
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from isu.errors import IsuError
from isu.gx_background import quiet_gx_logging
from isu.sprak import rubrik, text, valt

# pyspark (installed for --target spark) warns about pandas 3 whenever Great Expectations imports it;
# ISU does not use pyspark's pandas functions, so the warning only confuses a user
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)

HELP = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(
    help="ISU: the follow-up warehouse for Swedish social services (individbaserad systematisk uppföljning).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings=HELP,
)
# Not a terminal (CI, a log file): wide enough that the summary tables are not cut.
console = Console(width=None if sys.stdout.isatty() else 140)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 140)

# Exit codes a scheduler can use (README: "Exit codes"); 0 = done.
EXIT_FAILED, EXIT_REFUSED, EXIT_QUARANTINE = 1, 2, 3

WarehouseOpt = Annotated[
    Path | None,
    typer.Option(
        "--warehouse", "-w", help="The DuckDB warehouse file (default: $ISU_WAREHOUSE or ./warehouse/isu.duckdb)."
    ),
]

TargetOpt = Annotated[
    str | None,
    typer.Option(
        "--target",
        "-t",
        help="The engine (a target of profiles.yml): duckdb (default), postgres or spark. The load always checks "
        "into the DuckDB warehouse file first, then copies the raw tables to the engine.",
    ),
]


def _version(value: bool) -> None:
    if value:
        from isu import __version__

        console.print(f"isu {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print ISU's version and exit.")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="The language of what isu prints: sv or en (default: $ISU_LANG, else both). Files keep theirs.",
        ),
    ] = None,
) -> None:
    """ISU: the follow-up warehouse for Swedish social services (individbaserad systematisk uppföljning)."""
    from isu.sprak import valj

    try:
        valj(lang)
    except IsuError as exc:
        _fail(exc)


def _fail(exc: IsuError) -> None:
    from isu.sprak import valt

    lang = valt()
    if lang != "en":
        err_console.print(f"[bold red]Fel:[/] {exc.sv}")
    if lang == "en" or (lang is None and exc.en != exc.sv):
        err_console.print(f"[red]Error:[/] {exc.en}")
    raise typer.Exit(code=EXIT_REFUSED)


def _setup_logging(warehouse: Path) -> None:
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(warehouse.parent / "isu.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("isu")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    # dbt's tracking library calls logging.basicConfig() when imported: ISU's log lines go to the
    # log file only, and GX's informational lines (temporary folders) to nowhere
    root.propagate = False
    quiet_gx_logging()


# The load's phases (isu.loader.PHASES) as the user reads them
LOAD_PHASES = {
    "lasa": ("läser och kontrollerar raderna", "reading and checking the rows"),
    "dubbletter": ("dubbletter", "duplicates"),
    "foraldrar": ("överordnade rader och datumordning", "parent rows and date order"),
    "varningar": ("varningar", "warnings"),
    "tidigare_barn": ("tidigare rader mot ersatta överordnade", "earlier rows against replaced parents"),
    "historik": ("historik: nya, ändrade, oförändrade", "history: new, changed, unchanged"),
}


class _BarReporter:
    """Progress bars for `isu load` on a terminal: one per file, by bytes read, named by file and phase."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = None
        self.name = ""

    def start_file(self, name: str, total_bytes: int) -> None:
        if self.task is None or self.name != name:
            self.task = self.progress.add_task(name, total=max(total_bytes, 1))
            self.name = name
        else:
            self.progress.update(self.task, total=max(total_bytes, 1))

    def advance(self, bytes_done: int) -> None:
        self.progress.update(self.task, completed=bytes_done)

    def end_file(self) -> None:
        self.progress.update(self.task, completed=self.progress.tasks[self.task].total)

    def phase(self, name: str, phase: str) -> None:
        if self.task is None or self.name != name:
            self.task = self.progress.add_task(name, total=1)
            self.name = name
        self.progress.update(self.task, description=f"{name}: {rubrik(*LOAD_PHASES[phase])}")


class _LineReporter:
    """`isu load` where the output is not a terminal (a scheduler's log, CI): a plain line per file
    and phase, with the seconds since the load started."""

    def __init__(self, out: Console) -> None:
        self.out, self.start = out, time.monotonic()

    def start_file(self, name: str, total_bytes: int) -> None:
        pass

    def advance(self, bytes_done: int) -> None:
        pass

    def end_file(self) -> None:
        pass

    def phase(self, name: str, phase: str) -> None:
        seconds = time.monotonic() - self.start
        self.out.print(
            f"{rubrik('laddning', 'load')} {seconds:6.1f} s  {name}: {text(*LOAD_PHASES[phase])}", highlight=False
        )


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<18}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
        disable=not err_console.is_terminal,
    )


DEFAULT_MAX_KARANTAN = "5%"


def parse_share(text: str) -> float:
    """'5%' or '0.05' -> 0.05; an IsuError for anything else."""
    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise IsuError(
            f"--max-karantan ska vara en andel, t.ex. 5% eller 0.05 (inte '{text}').",
            f"--max-karantan must be a share, e.g. 5% or 0.05 (not '{text}').",
        )
    return value


def do_load(
    extract: Path,
    warehouse: Path,
    key_file: Path | None,
    demo_key: bool,
    force: bool,
    gx: bool,
    encoding: str = "utf-8",
):
    from isu.feedback import write_feedback
    from isu.gx_background import BackgroundValidator
    from isu.loader import load_extract
    from isu.paths import kommun_koder
    from isu.pseudonym import load_key
    from isu.report import print_load_report
    from isu.warehouse import check_warehouse_path, connect

    key = load_key(key_file, demo=demo_key)
    if key.is_demo:
        err_console.print(
            "[yellow]"
            + text("Demonyckeln används: bara för syntetiska testdata", "The demo key is used: synthetic data only")
            + ".[/]"
        )
    check_warehouse_path(warehouse)
    _setup_logging(warehouse)
    # GX imports and validates in a thread of its own while DuckDB loads (isu.gx_background)
    validator = BackgroundValidator(set(kommun_koder())) if gx else None
    try:
        with _progress() as progress:
            report = load_extract(
                extract,
                warehouse,
                key,
                force=force,
                reporter=_BarReporter(progress) if err_console.is_terminal else _LineReporter(err_console),
                validator=validator,
                encoding=encoding,
            )
        if report.load_id is not None and validator is not None:
            from isu.gx_validation import save_results

            save_results(validator.summaries(), warehouse.parent / "gx", run_name=f"load_{report.load_id}")
    finally:
        if validator is not None:
            validator.close()
    logging.getLogger("isu.load").info(
        "load %s of %s: %s",
        report.load_id,
        extract,
        "; ".join(
            f"{f.fil} read {f.rader_lasta} accepted {f.rader_godkanda} quarantined {f.rader_karantan} "
            f"warnings {f.rader_varning}"
            for f in report.files
        )
        or f"already loaded as load {report.already_loaded_as}",
    )
    if report.load_id is not None:
        con = connect(warehouse)
        try:
            report.feedback = write_feedback(
                con, report.load_id, warehouse.parent / "aterkoppling" / f"load_{report.load_id}", set(kommun_koder())
            )
        finally:
            con.close()
    print_load_report(console, report, warehouse)
    return report


@app.command()
def load(
    extract: Annotated[
        Path, typer.Argument(help="The extract folder (arende, insats, uppfoljning as CSV or Parquet).")
    ],
    warehouse: WarehouseOpt = None,
    key_file: Annotated[Path | None, typer.Option("--key-file", help="File holding the pseudonym key.")] = None,
    demo_key: Annotated[
        bool, typer.Option("--demo-key", help="Use the public demo key (synthetic data only).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Load even if this exact extract was loaded before.")] = False,
    gx: Annotated[bool, typer.Option("--gx/--no-gx", help="Validate the input with Great Expectations too.")] = True,
    encoding: Annotated[
        str, typer.Option("--encoding", help="The CSV files' encoding, e.g. cp1252 (Windows-1252); default utf-8.")
    ] = "utf-8",
    max_karantan: Annotated[
        str,
        typer.Option(
            "--max-karantan",
            help="Exit 3 when more than this share of the rows read is quarantined (e.g. 5% or 0.05).",
        ),
    ] = DEFAULT_MAX_KARANTAN,
    target: TargetOpt = None,
) -> None:
    """Check an extract against the contract and load it into the raw layer of the warehouse.

    Exit code 0: loaded; 3: loaded, but more rows quarantined than --max-karantan; 2: refused
    (nothing loaded)."""
    from isu.targets import resolve_target
    from isu.warehouse import warehouse_path

    try:
        threshold = parse_share(max_karantan)
        engine = resolve_target(target)
        path = warehouse_path(warehouse)
        report = do_load(extract, path, key_file, demo_key, force, gx, encoding)
        if not engine.is_duckdb:
            copy_raw(path, engine)
    except IsuError as exc:
        _fail(exc)
    read = sum(f.rader_lasta for f in report.files)
    quarantined = sum(f.rader_karantan for f in report.files)
    if read and quarantined / read > threshold:
        sv = (
            f"{quarantined:,} av {read:,} rader ({quarantined / read:.1%}) ligger i karantän, mer än "
            f"gränsen {threshold:.1%}: laddningen är klar men bör ses över (slutkod 3)."
        )
        en = (
            f"{quarantined:,} of {read:,} rows ({quarantined / read:.1%}) are quarantined, more than the "
            f"limit {threshold:.1%}: the load is done but needs a look (exit code 3)."
        )
        err_console.print(
            f"[bold yellow]{sv}[/]"
            if valt() == "sv"
            else f"[yellow]{en}[/]"
            if valt() == "en"
            else f"[bold yellow]{sv}[/]\n[yellow]{en}[/]"
        )
        raise typer.Exit(code=EXIT_QUARANTINE)


@app.command()
def generate(
    out: Annotated[Path, typer.Argument(help="Folder to write the synthetic extract to.")],
    kommuner: Annotated[int, typer.Option(help="Number of municipalities.")] = 3,
    arenden: Annotated[int, typer.Option(help="Number of cases in all.")] = 30_000,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same files).")] = 42,
    defect_rate: Annotated[float, typer.Option(help="Share of rows with one contract defect (0-0.5).")] = 0.0,
    fmt: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
    delimiter: Annotated[str, typer.Option(help="CSV delimiter: ';' or ','.")] = ";",
) -> None:
    """Write a synthetic extract in the contract format (clearly synthetic personnummer)."""
    from isu.generate import generate_extract

    if out.exists() and not out.is_dir():
        _fail(IsuError(f"{out} finns redan och är en fil; ange en mapp.", f"{out} is an existing file; name a folder."))

    if fmt not in ("csv", "parquet") or delimiter not in (";", ","):
        _fail(
            IsuError(
                "--format ska vara csv eller parquet och --delimiter ; eller ,",
                "--format must be csv or parquet and --delimiter ; or ,",
            )
        )
    with Progress(
        TextColumn("generating"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,} cases"),
        TimeRemainingColumn(),
        console=err_console,
        disable=not err_console.is_terminal,
    ) as progress:
        task = progress.add_task("cases", total=arenden)
        try:
            result = generate_extract(
                out,
                kommuner=kommuner,
                arenden=arenden,
                seed=seed,
                defect_rate=defect_rate,
                fmt=fmt,
                delimiter=delimiter,
                progress=lambda n: progress.update(task, completed=n),
            )
        except ValueError as exc:  # the generator's own argument checks
            _fail(IsuError(f"Ogiltigt argument: {exc}", f"Invalid argument: {exc}"))
    rows = ", ".join(f"{t} {n:,}" for t, n in result.rows.items())
    console.print(
        text(f"Skrev {out} ({rows}) på {result.seconds:.1f} s", f"Wrote {out} ({rows}) in {result.seconds:.1f} s")
    )


@app.command()
def build(
    warehouse: WarehouseOpt = None,
    per_laddning: Annotated[
        int | None,
        typer.Option("--per-laddning", help="Build the warehouse as it was after load N (history; see raw.laddlogg)."),
    ] = None,
    full_refresh: Annotated[
        bool,
        typer.Option(
            "--full-refresh", help="Rebuild every municipality (default: only those changed since the last build)."
        ),
    ] = False,
    target: TargetOpt = None,
) -> None:
    """Run `dbt build` (seeds, models, tests) on the warehouse.

    Incremental: the row-level models are rebuilt only for the municipalities whose rows changed since
    the last build (see raw.bygglogg); the rest is rebuilt whole. With --target postgres or spark the
    raw tables of the warehouse file are copied to that engine (when they changed) and dbt builds
    there, every model whole."""
    from isu.targets import resolve_target
    from isu.warehouse import warehouse_path

    try:
        engine = resolve_target(target)
        if engine.is_duckdb:
            ok = do_build(warehouse_path(warehouse), per_laddning, full_refresh=full_refresh)
        else:
            ok = do_build_elsewhere(warehouse_path(warehouse), engine, per_laddning)
    except IsuError as exc:
        _fail(exc)
    if not ok:
        raise typer.Exit(code=EXIT_FAILED)


def _check_per_laddning(loads: list[int], per_laddning: int | None) -> None:
    if per_laddning is not None and per_laddning not in loads:
        raise IsuError(
            f"Laddning {per_laddning} finns inte i lagret (laddningar: {', '.join(map(str, loads))}).",
            f"Load {per_laddning} is not in the warehouse (loads: {', '.join(map(str, loads))}).",
        )


class NodeLines:
    """dbt's progress where the output is not a terminal (a scheduler's log, CI): a plain line for
    every model and seed as it finishes, and one per 100 tests, each with the count so far."""

    def __init__(self, out: Console, label: str) -> None:
        self.out, self.label, self.done, self.tests = out, label, 0, 0

    def __call__(self, unique_id: str, status: str) -> None:
        self.done += 1
        kind, name = unique_id.split(".")[0], unique_id.split(".")[-1]
        if kind == "test":
            self.tests += 1
            if self.tests % 100:
                return
            what = f"{self.tests} " + {"sv": "tester", "en": "tests"}.get(valt(), "tester (tests)")
        else:
            what = f"{kind} {name}"
        done = {"sv": f"{self.done} noder klara", "en": f"{self.done} nodes done"}.get(
            valt(), f"{self.done} noder (nodes) klara"
        )
        self.out.print(f"{self.label}: {done}; {what}: {status}", highlight=False)


def _run_dbt(args: list[str], warehouse: Path, label: str):
    """dbt with its progress: on a terminal a bar with the count of nodes and the last model,
    elsewhere plain lines (NodeLines)."""
    from isu.dbt_runner import run_dbt

    if not err_console.is_terminal:
        return run_dbt(args, warehouse, on_node=NodeLines(err_console, label))
    with Progress(
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.completed} " + rubrik("noder", "nodes") + " {task.description}"),
        console=err_console,
    ) as progress:
        task = progress.add_task("", total=None)

        def advance(unique_id: str, _status: str) -> None:
            last = unique_id.split(".")[-1] if not unique_id.startswith("test.") else None
            progress.update(task, advance=1, **({"description": last} if last else {}))

        return run_dbt(args, warehouse, on_node=advance)


def do_build(warehouse: Path, per_laddning: int | None = None, *, full_refresh: bool = False) -> bool:
    import json

    from isu.build_plan import log_build, plan_build, write_build_municipalities
    from isu.dbt_runner import ensure_raw
    from isu.report import print_build_result
    from isu.warehouse import check_loaded, connect

    _check_per_laddning(check_loaded(warehouse), per_laddning)
    ensure_raw(warehouse)
    con = connect(warehouse)
    try:
        plan = plan_build(con, per_laddning, full_refresh)
        write_build_municipalities(con, plan.kommuner)
    finally:
        con.close()
    kind = (
        rubrik("Inkrementellt bygge", "Incremental build") if plan.incremental else rubrik("Helt bygge", "Full build")
    )
    err_console.print(f"{kind}: {plan.why}")
    args = ["build"] + ([] if plan.incremental else ["--full-refresh"])
    args += ["--vars", json.dumps(plan.dbt_vars())]
    result = None
    try:
        result = _run_dbt(args, warehouse, "dbt build")
    finally:
        con = connect(warehouse)
        try:
            write_build_municipalities(con, None)
            if result is not None:
                log_build(con, plan, result.success)
        finally:
            con.close()
    print_build_result(console, result)
    return result.success


def copy_raw(warehouse: Path, engine) -> None:
    """Copy the raw tables of the warehouse file to the engine of a non-DuckDB target."""
    from isu.targets import sync_raw

    err_console.print(text(f"Kopierar råtabellerna till {engine.name}", f"copying the raw tables to {engine.name}"))
    report = sync_raw(warehouse, engine)
    if report.unchanged:
        err_console.print(
            text(f"{engine.name} har redan dessa råtabeller", f"{engine.name} already holds these raw tables")
        )
    else:
        copied = ", ".join(f"{t} {n:,}" for t, n in report.tables.items())
        err_console.print(f"{text('Kopierat', 'copied')}: {copied}")


def do_build_elsewhere(warehouse: Path, engine, per_laddning: int | None = None) -> bool:
    """`isu build --target postgres|spark`: copy the raw tables, then a full dbt build on the engine."""
    import json

    from isu.build_plan import BuildPlan
    from isu.report import print_build_result
    from isu.warehouse import check_loaded

    _check_per_laddning(check_loaded(warehouse), per_laddning)
    copy_raw(warehouse, engine)
    plan = BuildPlan(None, None, per_laddning, f"every build on {engine.name} is whole")
    err_console.print(f"{text(f'Helt bygge på {engine.name}', f'Full build on {engine.name}')}: {plan.why}")
    args = ["build", "--full-refresh", "--target", engine.name, "--vars", json.dumps(plan.dbt_vars())]
    result = _run_dbt(args, warehouse, f"dbt build ({engine.name})")
    print_build_result(console, result)
    return result.success


@app.command()
def demo(
    folder: Annotated[Path, typer.Option(help="Where the demo extract and warehouse go.")] = Path("demo"),
    arenden: Annotated[int, typer.Option(help="Number of synthetic cases.")] = 20_000,
    kommuner: Annotated[int, typer.Option(help="Number of municipalities.")] = 3,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 42,
) -> None:
    """The main job on the embedded default: synthetic extract -> load -> dbt build -> summary."""
    from isu.generate import generate_extract
    from isu.report import print_demo_summary

    folder = folder.resolve()
    extract = folder / "extrakt"
    warehouse = folder / "isu.duckdb"
    try:
        console.rule("[bold]1. " + rubrik("Syntetiskt extrakt", "Synthetic extract"))
        result = generate_extract(extract, kommuner=kommuner, arenden=arenden, seed=seed, defect_rate=0.01)
        console.print(
            f"{extract}: "
            + ", ".join(f"{t} {n:,} {rubrik('rader', 'rows')}" for t, n in result.rows.items())
            + f" ({result.seconds:.1f} s; "
            + text("1 % av raderna har ett avsiktligt fel", "1 % of rows carry a deliberate defect")
            + ")"
        )
        console.rule("[bold]2. " + rubrik("Laddning (demonyckeln)", "Load (demo key)"))
        do_load(extract, warehouse, None, True, False, True)
        console.rule("[bold]3. dbt build")
        ok = do_build(warehouse)
        console.rule("[bold]4. " + rubrik("Sammanfattning", "Summary"))
        print_demo_summary(console, warehouse)
    except IsuError as exc:
        _fail(exc)
    console.print(
        f"\n{rubrik('Lagret', 'Warehouse')}: {warehouse}  ({text('fråga det', 'query it')}: duckdb {warehouse})"
    )
    if not ok:
        raise typer.Exit(code=EXIT_FAILED)


@app.command("gx-docs")
def gx_docs(warehouse: WarehouseOpt = None) -> None:
    """Build the Great Expectations Data Docs of the loads (HTML, offline)."""
    from isu.gx_validation import build_data_docs
    from isu.warehouse import warehouse_path

    gx_dir = warehouse_path(warehouse).parent / "gx"
    if not gx_dir.exists():
        _fail(
            IsuError(
                f"Inga GX-resultat i {gx_dir}; kör `isu load` först.",
                f"No GX results in {gx_dir}; run `isu load` first.",
            )
        )
    index = build_data_docs(gx_dir)
    console.print(f"Data Docs: {index}")


@app.command("docs")
def docs_cmd(
    folder: Annotated[
        Path | None, typer.Argument(help="Where index.html goes (default: dbt-docs/ beside the warehouse).")
    ] = None,
    warehouse: WarehouseOpt = None,
    serve: Annotated[bool, typer.Option("--serve", help="Then serve it on 127.0.0.1:PORT until Ctrl-C.")] = False,
    port: Annotated[int, typer.Option(help="The port for --serve.")] = 8080,
) -> None:
    """The dbt documentation of the warehouse as one self-contained HTML file (every model, column,
    test and lineage, the Swedish/English glossary, the exposures: export, publish, the IVO report),
    readable offline; --serve also serves it on this machine."""
    from isu.dbt_docs import build_docs, serve_docs
    from isu.warehouse import warehouse_path

    try:
        path = warehouse_path(warehouse)
        index = build_docs(path, folder or path.parent / "dbt-docs")
    except IsuError as exc:
        _fail(exc)
    console.print(f"dbt docs: {index} ({text('öppna i en webbläsare', 'open it in a browser')})")
    if serve:
        try:
            serve_docs(index.parent, port, console)
        except IsuError as exc:
            _fail(exc)


@app.command()
def kommungrupp(
    mapping: Annotated[Path, typer.Argument(help="CSV with kommun_kod, gruppkod, gruppnamn (e.g. SKR's groups).")],
    warehouse: WarehouseOpt = None,
) -> None:
    """Load an optional municipality-group mapping (replaces the previous one)."""
    from isu.kommungrupp import load_kommungrupp
    from isu.warehouse import warehouse_path

    try:
        n = load_kommungrupp(mapping, warehouse_path(warehouse))
    except IsuError as exc:
        _fail(exc)
    console.print(
        text(
            f"{n} kommuner har en kommungrupp; kör `isu build` för att använda dem.",
            f"{n} municipalities mapped to groups; run `isu build` to use them.",
        )
    )


@app.command("rules")
def rules_cmd(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the Markdown table of docs/regler.md.")] = False,
) -> None:
    """List the contract's rules: code, severity (fel/varning/fil), version and messages."""
    from rich.table import Table

    from isu.rules import RULES, rules_markdown

    if markdown:
        sys.stdout.write(rules_markdown())
        return
    table = Table(title=rubrik("Kontraktets regler", "Contract rules") + " (isu.rules)")
    for sv, en in (("regel", "rule"), ("allvarlighet", "severity"), ("sedan", "since"), ("meddelande", "message")):
        table.add_column(rubrik(sv, en))
    lang = valt()
    for r in RULES:
        message = r.sv if lang == "sv" else r.en if lang == "en" else f"{r.sv}\n[dim]{r.en}[/]"
        table.add_row(r.code.value, r.severity.value, str(r.sedan), message)
    console.print(table)


key_app = typer.Typer(help="The pseudonym key.", no_args_is_help=True, context_settings=HELP)
app.add_typer(key_app, name="key")


@key_app.command("new")
def key_new(path: Annotated[Path, typer.Argument(help="The key file to create (never overwritten).")]) -> None:
    """Write a new pseudonym key: 32 random bytes, readable only by its owner. Keep it outside the
    warehouse and back it up: without it, later extracts get other pseudonyms."""
    from isu.pseudonym import new_key_file

    try:
        new_key_file(path)
    except IsuError as exc:
        _fail(exc)
    console.print(
        text(
            f"Ny nyckel: {path} (läsbar bara för ägaren). Använd den med --key-file eller ISU_PSEUDONYM_KEY_FILE.",
            f"New key: {path} (mode 600). Use it with --key-file or ISU_PSEUDONYM_KEY_FILE.",
        )
    )


@app.command("export")
def export_cmd(
    folder: Annotated[Path, typer.Argument(help="The folder the files go to (created; files replaced).")] = Path(
        "export"
    ),
    warehouse: WarehouseOpt = None,
) -> None:
    """The published aggregates and indicators as CSV that Swedish Excel opens (`;`, UTF-8 with BOM,
    decimal comma, dates as dates), as one Excel workbook (a sheet per mart, the first explaining every
    column) and the indicators as a Kolada-style long file. Suppressed cells stay empty; no row-level
    data."""
    from isu.export import export
    from isu.warehouse import warehouse_path

    try:
        result = export(warehouse_path(warehouse), folder)
    except IsuError as exc:
        _fail(exc)
    for name, rows in result.files.items():
        console.print(f"{folder / name}: {rows:,} {text('rader', 'rows')}")


@app.command("publish")
def publish_cmd(
    folder: Annotated[Path, typer.Argument(help="The publication folder (created; files replaced).")] = Path(
        "publicering"
    ),
    warehouse: WarehouseOpt = None,
) -> None:
    """The published marts for BI tools, in a folder of their own: a Parquet file per table and a
    DuckDB file that DuckDB 1.x clients open. Each file is written beside and then renamed into
    place, so that readers never see half a file and never hold the warehouse's lock."""
    from isu.publish import publish
    from isu.warehouse import warehouse_path

    try:
        result = publish(warehouse_path(warehouse), folder)
    except IsuError as exc:
        _fail(exc)
    n, rows = len(result.tables), sum(result.tables.values())
    console.print(
        text(
            f"{folder / 'isu.duckdb'} och {folder / 'parquet'}: {n} tabeller, {rows:,} rader",
            f"{folder / 'isu.duckdb'} and {folder / 'parquet'}: {n} tables, {rows:,} rows",
        )
    )


report_app = typer.Typer(
    help="Reports a municipality sends on from the warehouse.", no_args_is_help=True, context_settings=HELP
)
app.add_typer(report_app, name="report")


@report_app.command("ej-verkstallda")
def report_ej_verkstallda(
    kvartal: Annotated[str, typer.Option("--kvartal", help="The quarter, e.g. 2024Q3.")],
    kommun: Annotated[str | None, typer.Option("--kommun", help="Only this municipality (code, e.g. 0180).")] = None,
    ut: Annotated[
        Path | None, typer.Option("--ut", "-o", help="The CSV file (default: ej_verkstallda_<kvartal>.csv).")
    ] = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Decisions not implemented three months after the decision, at the quarter's end: the list
    behind mart_ej_verkstallda_beslut (pseudonym, decision date, days waiting, type) as CSV for the
    quarterly report to IVO (SoL 16 kap. 6 f §, LSS 28 f §)."""
    from isu.ivo_report import ej_verkstallda, parse_kvartal, skriv_csv
    from isu.warehouse import warehouse_path

    try:
        k = parse_kvartal(kvartal)
        rader = ej_verkstallda(warehouse_path(warehouse), k, kommun)
    except IsuError as exc:
        _fail(exc)
    ut = ut or Path(f"ej_verkstallda_{k.namn}.csv")
    skriv_csv(rader, ut)
    console.print(
        text(
            f"{len(rader):,} beslut ej verkställda efter tre månader den {k.slut}",
            f"{len(rader):,} decisions not implemented after three months on {k.slut}",
        )
        + f": {ut}"
    )


@report_app.command("kommun")
def report_kommun(
    kommun: Annotated[str, typer.Argument(help="The municipality's code, e.g. 0180.")],
    ut: Annotated[
        Path | None, typer.Option("--ut", "-o", help="The HTML file (default: kommunrapport_<kod>.html).")
    ] = None,
    sprak: Annotated[
        str,
        typer.Option("--sprak", help="The page's language when opened: sv or en (a switch on the page changes it)."),
    ] = "sv",
    warehouse: WarehouseOpt = None,
) -> None:
    """One self-contained HTML page about a municipality for its managers: indicators beside county,
    municipality group and nation over time, lead times against the legal limits, goal attainment by
    sex and origin, case flow by month and the data quality of its latest loads. Opens offline in any
    browser; loads nothing from the network."""
    from isu.kommun_report import skriv_rapport
    from isu.warehouse import warehouse_path

    ut = ut or Path(f"kommunrapport_{kommun.strip()}.html")
    try:
        skriv_rapport(warehouse_path(warehouse), kommun, ut, sprak)
    except IsuError as exc:
        _fail(exc)
    console.print(f"{text('Kommunrapport', 'municipality report')}: {ut} ({ut.stat().st_size / 1e6:.1f} MB)")


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="isu")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
