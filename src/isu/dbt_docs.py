"""`isu docs`: dbt's documentation of the warehouse as one self-contained HTML file, and a local
server for it.

`dbt docs generate --static` writes `static_index.html` with the manifest and the catalog (read from
the warehouse) inside it, so the page needs no server and no network. It is copied to the folder as
`index.html`, written beside and renamed into place, so that a reader never sees half a file."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
from pathlib import Path

from rich.console import Console

from isu.dbt_runner import run_dbt, target_dir
from isu.errors import IsuError


def build_docs(warehouse: Path, folder: Path) -> Path:
    """Generate the documentation of `warehouse` and write it to `folder`/index.html."""
    if not warehouse.exists():
        raise IsuError(
            f"Lagret {warehouse} finns inte; kör `isu load` och `isu build` först.",
            f"The warehouse {warehouse} does not exist; run `isu load` and `isu build` first.",
        )
    folder.mkdir(parents=True, exist_ok=True)
    # dbt's own target folder (its partial parsing saves about 20 s); the page is copied from there
    target = target_dir()
    static = target / "static_index.html"
    static.unlink(missing_ok=True)
    result = run_dbt(["docs", "generate", "--static"], warehouse, target_path=target)
    if not result.success or not static.exists():
        raise IsuError(
            "dbt kunde inte skapa dokumentationen; se logs/dbt.log.",
            "dbt could not generate the documentation; see logs/dbt.log.",
        )
    index = folder / "index.html"
    partial = folder / ".index.html.tmp"
    shutil.copyfile(static, partial)
    os.replace(partial, index)
    return index


def serve_docs(folder: Path, port: int, console: Console) -> None:
    """Serve `folder` on 127.0.0.1:`port` until interrupted."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise IsuError(
            f"Porten {port} går inte att använda ({exc.strerror}); välj en annan med --port.",
            f"Port {port} cannot be used ({exc.strerror}); choose another with --port.",
        ) from None
    console.print(f"http://127.0.0.1:{port}/  (Ctrl-C stoppar / stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
