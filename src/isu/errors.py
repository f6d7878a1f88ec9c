"""Errors caused by the user's input or setup: shown as a message, never as a traceback."""

from __future__ import annotations


class IsuError(Exception):
    """A user mistake (bad extract, missing key, ...) with a Swedish and an English message."""

    def __init__(self, sv: str, en: str | None = None) -> None:
        super().__init__(sv)
        self.sv = sv
        self.en = en or sv

    def __str__(self) -> str:
        return self.sv if self.en == self.sv else f"{self.sv}\n{self.en}"
