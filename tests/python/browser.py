"""Headless Chromium for the tests of HTML that must open offline (the municipality report, the GX
Data Docs): Debian's `chromium` driven by Playwright. Every request is recorded and any that is not a
file of this machine is refused; console errors and warnings, page errors and failed requests are
collected. Without a browser or Playwright the test skips and says how to get them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT

SCREENSHOTS = Path(os.environ.get("ISU_SCREENSHOT_DIR", ROOT / "test-output"))


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


@dataclass
class Watch:
    context: object  # playwright's BrowserContext
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def open(self, page: Path):
        """A new tab on `page` (a file), loaded, with its console and errors watched."""
        tab = self.context.new_page()
        tab.on(
            "console", lambda m: self.problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
        )
        tab.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        tab.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url}"))
        tab.goto(page.resolve().as_uri(), wait_until="load")
        return tab

    def remote_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith("file://")]


@contextmanager
def offline_browser() -> Iterator[Watch]:
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium here: `apt-get install chromium` (scripts/chromium.sh; scripts/test.sh runs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e .[dev])")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        watch = Watch(context)

        def only_files(route) -> None:
            watch.requests.append(route.request.url)
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", only_files)
        try:
            yield watch
        finally:
            browser.close()
