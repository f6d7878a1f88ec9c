"""The documentation of the marts' columns, read from the dbt project itself: each column's
`description` in the models' YAML, with `{{ doc("name") }}` replaced by its doc block (models/**/*.md).
Every block starts with the specification's Swedish term and its English meaning, so the text
serves readers in both languages (the first sheet of `isu export`'s workbook)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

_BLOCK = re.compile(r"{%-?\s*docs\s+(\w+)\s*-?%}(.*?){%-?\s*enddocs\s*-?%}", re.S)
_DOC_REF = re.compile(r"""{{\s*doc\(\s*["'](\w+)["']\s*\)\s*}}""")


def doc_blocks(project: Path) -> dict[str, str]:
    """Every doc block of the project: name -> its text."""
    blocks: dict[str, str] = {}
    for path in sorted((project / "models").rglob("*.md")):
        for name, text in _BLOCK.findall(path.read_text(encoding="utf-8")):
            blocks[name] = text.strip()
    return blocks


def plain(text: str) -> str:
    """Markdown as plain text: no emphasis marks or code ticks, one line."""
    return " ".join(text.replace("**", "").replace("`", "").split())


def column_docs(project: Path) -> dict[str, dict[str, str]]:
    """model -> column -> its description as plain text, for every model documented in YAML."""
    blocks = doc_blocks(project)
    docs: dict[str, dict[str, str]] = {}
    for path in sorted((project / "models").rglob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in content.get("models", []) or []:
            columns = docs.setdefault(model["name"], {})
            for column in model.get("columns", []) or []:
                text = _DOC_REF.sub(lambda m: blocks.get(m.group(1), ""), str(column.get("description", "")))
                columns[column["name"]] = plain(text)
    return docs
