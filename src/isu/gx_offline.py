"""Great Expectations Data Docs that open offline.

GX writes pages whose style sheets and scripts come from public CDNs (Bootstrap, jQuery,
bootstrap-table, Font Awesome, vega) and whose logo is an image on a public server: offline the index
is empty and the pages are unstyled. After GX has built the site, `make_offline` copies the files of
`isu/static/gx_docs` (the same releases, from the npm registry) beside it and points every page at
them; what the pages do not need (the vega chart libraries: our expectations draw no charts; the
dark theme) is dropped, and the logo, an image on GX's server with a tracking query, is the copy the
site already has. Any other reference to another server in a `<script>`,
`<link>` or `<img>`, or a style's `url(...)`, is dropped too, so no page asks the network for anything.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

VENDOR = Path(__file__).parent / "static" / "gx_docs"
OFFLINE_DIR = Path("static") / "isu-offline"

# (pattern of a CDN address, the local file; None = drop the element)
ASSETS: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(pattern), local)
    for pattern, local in (
        (r"jquery-3\.7\.1(\.min)?\.js$", "jquery-3.7.1.min.js"),
        (r"popper\.js/1\.12\.9/umd/popper(\.min)?\.js$", "popper-1.12.9.min.js"),
        (r"bootstrap/4\.3\.1/css/bootstrap(\.min)?\.css$", "bootstrap-4.3.1.min.css"),
        (r"bootstrap/4\.3\.1/js/bootstrap(\.min)?\.js$", "bootstrap-4.3.1.min.js"),
        (r"bootstrap-table@1\.19\.\d/dist/bootstrap-table(\.min)?\.css$", "bootstrap-table-1.19.1.min.css"),
        (r"bootstrap-table@1\.19\.\d/dist/bootstrap-table(\.min)?\.js$", "bootstrap-table-1.19.1.min.js"),
        (
            r"bootstrap-table@1\.19\.\d/dist/extensions/filter-control/bootstrap-table-filter-control(\.min)?\.css$",
            "bootstrap-table-filter-control-1.19.1.min.css",
        ),
        (
            r"bootstrap-table@1\.19\.\d/dist/extensions/filter-control/bootstrap-table-filter-control(\.min)?\.js$",
            "bootstrap-table-filter-control-1.19.1.min.js",
        ),
        (r"bootstrap-datepicker/1\.9\.0/css/bootstrap-datepicker(\.min)?\.css$", "bootstrap-datepicker-1.9.0.min.css"),
        (r"bootstrap-datepicker/1\.9\.0/js/bootstrap-datepicker(\.min)?\.js$", "bootstrap-datepicker-1.9.0.min.js"),
        (r"font-awesome/6\.6\.0/css/all(\.min)?\.css$", "fontawesome/css/all.min.css"),
        (r"/npm/vega(-lite|-embed)?@\d+$", None),
        (r"bootstrap-dark@[\d.]+/dist/css/bootstrap-prefers-dark\.css$", None),
    )
)

_ELEMENT = re.compile(r"<(script|link|img)\b([^>]*)>(\s*</script>)?", re.IGNORECASE)
_ADDRESS = re.compile(r"""\b(src|href)\s*=\s*(["'])(https?:)?//([^"']*)\2""", re.IGNORECASE)
_LOCAL = re.compile(r"""\b(src|href)\s*=\s*(["'])((?:\.\./|\./)*static/[^"'?#]*)\2""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(["']?)(https?:)?//[^)"']*\1\s*\)""", re.IGNORECASE)
_INTEGRITY = re.compile(r"""\s(integrity|crossorigin)(\s*=\s*(["'])[^"']*\3)?""", re.IGNORECASE)


@dataclass
class OfflineResult:
    pages: int = 0
    pointed: int = 0  # references pointed at the local copies
    dropped: list[str] = field(default_factory=list)  # addresses dropped (no local copy)


def local_asset(address: str) -> str | None:
    """The local file for a CDN address, or None when the element is dropped."""
    for pattern, local in ASSETS:
        if pattern.search(address):
            return local
    return None


def _rewrite(page: str, folder: Path, site: Path, prefix: str, result: OfflineResult) -> str:
    def element(m: re.Match[str]) -> str:
        tag, attrs = m.group(1).lower(), m.group(2)
        remote = _ADDRESS.search(attrs)
        if remote is None:
            return _fix_local(m, folder, site)
        address = f"//{remote.group(4)}"
        if tag == "img":  # GX's logo, with a tracking query: the site has the same image in static/images
            image = site / "static" / "images" / address.split("?")[0].rsplit("/", 1)[-1]
            if image.is_file():
                result.pointed += 1
                relative = Path(os.path.relpath(image, folder)).as_posix()
                pointed = attrs.replace(remote.group(0), 'src="' + relative + '"')
                return f"<{m.group(1)}{pointed}>"
        keep = tag == "script" or (tag == "link" and "stylesheet" in attrs.lower())
        local = local_asset(address) if keep else None
        if local is None:
            result.dropped.append(address)
            return ""
        result.pointed += 1
        attrs = _INTEGRITY.sub("", attrs)
        attrs = attrs.replace(remote.group(0), f'{remote.group(1)}="{prefix}/{local}"')
        return f"<{m.group(1)}{attrs}>{m.group(3) or ''}"

    def css_url(m: re.Match[str]) -> str:  # the dark theme's logo, a background image on GX's server
        result.dropped.append(m.group(0))
        return "none"

    return _CSS_URL.sub(css_url, _ELEMENT.sub(element, page))


def _fix_local(m: re.Match[str], folder: Path, site: Path) -> str:
    """GX writes some paths into the site's static/ folder one level short on the pages of validation
    results (the favicon): point a reference that misses at the file it names, if the site has it."""
    local = _LOCAL.search(m.group(2))
    if local is None or (folder / local.group(3)).exists():
        return m.group(0)
    wanted = site / local.group(3)[local.group(3).index("static/") :]
    if not wanted.is_file():
        return m.group(0)
    fixed = f'{local.group(1)}="{Path(os.path.relpath(wanted, folder)).as_posix()}"'
    return m.group(0).replace(local.group(0), fixed)


def make_offline(site: Path) -> OfflineResult:
    """Copy the local assets beside the Data Docs site in `site` and point every page at them."""
    target = site / OFFLINE_DIR
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(VENDOR, target, ignore=shutil.ignore_patterns("README.md"))
    result = OfflineResult()
    for page in sorted(site.rglob("*.html")):
        if target in page.parents:
            continue
        prefix = Path(os.path.relpath(target, page.parent)).as_posix()
        text = page.read_text(encoding="utf-8")
        page.write_text(_rewrite(text, page.parent, site, prefix, result), encoding="utf-8")
        result.pages += 1
    return result
