"""The language of what `isu` prints: Swedish, English, or both (the default).

`isu --lang sv|en COMMAND` or the environment variable ISU_LANG chooses; the option sets the variable
for the rest of the process, so that every module reads the choice the same way. Messages of errors
(IsuError) carry both texts and are printed in the chosen language too. Files (feedback, exports,
reports) are not affected: they keep their own languages.
"""

from __future__ import annotations

import os

from isu.errors import IsuError

ENV = "ISU_LANG"
SPRAK = ("sv", "en")


def valt() -> str | None:
    """'sv', 'en', or None for both."""
    value = os.environ.get(ENV, "").strip().lower()
    return value if value in SPRAK else None


def valj(value: str | None) -> None:
    """Choose the language for this process (from `--lang`); an IsuError for an unknown one."""
    if value is None:
        value = os.environ.get(ENV)
        if value is None or not value.strip():
            return
    norm = value.strip().lower()
    if norm not in SPRAK:
        raise IsuError(
            f"Språket '{value}' finns inte: välj sv (svenska) eller en (engelska) i --lang eller {ENV}.",
            f"The language '{value}' is not known: choose sv (Swedish) or en (English) in --lang or {ENV}.",
        )
    os.environ[ENV] = norm


def _i_valt_sprak(sv: str, en: str, bada: str) -> str:
    """`sv` or `en` as chosen; `bada` (both, as the caller writes them) when none is chosen."""
    lang = valt()
    if lang == "sv" or sv == en:
        return sv
    if lang == "en":
        return en
    return bada


def text(sv: str, en: str) -> str:
    """A sentence in the chosen language; both, the English in parentheses, by default."""
    return _i_valt_sprak(sv, en, f"{sv} ({en})")


def rubrik(sv: str, en: str, mellan: str = " / ") -> str:
    """A column heading or a label: in the chosen language; both by default, 'sv / en' (or with
    `mellan` between them, e.g. a line break in a table's heading)."""
    return _i_valt_sprak(sv, en, f"{sv}{mellan}{en}")
