"""Keyed pseudonyms of personnummer: HMAC-SHA256 with a secret the municipality keeps.

The key is read from ``ISU_PSEUDONYM_KEY`` or from a key file (``ISU_PSEUDONYM_KEY_FILE`` or the
``--key-file`` option). The demo key is public and used only when asked for explicitly.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

from isu.errors import IsuError

DEMO_KEY = b"ISU demo key - public, NOT for real data"
MIN_KEY_BYTES = 16


@dataclass(frozen=True)
class PseudonymKey:
    secret: bytes
    source: str  # where it came from, for the load log (never the key itself)
    is_demo: bool = False

    @property
    def fingerprint(self) -> str:
        """A short, non-reversible id of the key, so that loads with different keys are noticed."""
        return hmac.new(self.secret, b"isu-key-fingerprint", hashlib.sha256).hexdigest()[:16]

    def pseudonym(self, canonical_personnummer: str) -> str:
        return hmac.digest(self.secret, canonical_personnummer.encode("ascii"), "sha256").hex()


def load_key(key_file: Path | None = None, *, demo: bool = False) -> PseudonymKey:
    """The key from (in this order) the key file given, ISU_PSEUDONYM_KEY, ISU_PSEUDONYM_KEY_FILE."""
    if demo:
        return PseudonymKey(DEMO_KEY, "demo", is_demo=True)
    if key_file is None and os.environ.get("ISU_PSEUDONYM_KEY"):
        secret = os.environ["ISU_PSEUDONYM_KEY"].encode("utf-8")
        source = "ISU_PSEUDONYM_KEY"
    else:
        path = key_file or (
            Path(os.environ["ISU_PSEUDONYM_KEY_FILE"]) if os.environ.get("ISU_PSEUDONYM_KEY_FILE") else None
        )
        if path is None:
            raise IsuError(
                "Ingen pseudonymnyckel: sätt ISU_PSEUDONYM_KEY, ISU_PSEUDONYM_KEY_FILE eller --key-file "
                "(för syntetiska testdata: --demo-key).",
                "No pseudonym key: set ISU_PSEUDONYM_KEY, ISU_PSEUDONYM_KEY_FILE or --key-file "
                "(for synthetic test data only: --demo-key).",
            )
        try:
            secret = path.read_bytes().strip()
        except OSError as exc:
            raise IsuError(
                f"Nyckelfilen {path} kan inte läsas ({exc.strerror}).",
                f"The key file {path} cannot be read ({exc.strerror}).",
            ) from None
        source = f"fil:{path.name}"
    if len(secret) < MIN_KEY_BYTES:
        raise IsuError(
            f"Pseudonymnyckeln är för kort ({len(secret)} byte); använd minst {MIN_KEY_BYTES}, "
            "t.ex. `python -c 'import secrets; print(secrets.token_hex(32))'`.",
            f"The pseudonym key is too short ({len(secret)} bytes); use at least {MIN_KEY_BYTES}.",
        )
    return PseudonymKey(secret, source)
