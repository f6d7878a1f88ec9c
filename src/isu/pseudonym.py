"""Keyed pseudonyms of personnummer: HMAC-SHA256 with a secret the municipality keeps.

The key is read from ``ISU_PSEUDONYM_KEY`` or from a key file (``ISU_PSEUDONYM_KEY_FILE`` or the
``--key-file`` option), trimmed of surrounding white space whatever its source. A real key has at
least 32 bytes (``isu key new`` writes one of 32 random bytes) and is never the demo key; the demo
key is public and used only when asked for explicitly, and never together with a real key.

The load log keeps a fingerprint of the key, so that a load with another key is refused (the same
person would get another pseudonym). The fingerprint is a slow, salted derivation (scrypt), so it
cannot be used to test guesses of a key quickly; the salt is stored beside it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from isu.errors import IsuError

DEMO_KEY = b"ISU demo key - public, NOT for real data"
MIN_KEY_BYTES = 32
# scrypt cost of the fingerprint: about 0.1 s and 32 MB per try.
_SCRYPT = {"n": 2**15, "r": 8, "p": 1, "maxmem": 64 * 2**20, "dklen": 32}


@dataclass(frozen=True)
class PseudonymKey:
    secret: bytes
    source: str  # where it came from, for the load log (never the key itself)
    is_demo: bool = False

    def fingerprint(self, salt: bytes | None = None) -> str:
        """`scrypt$<salt>$<hash>` of the key: a new random salt unless one is given (to compare)."""
        salt = salt if salt is not None else secrets.token_bytes(16)
        digest = hashlib.scrypt(self.secret, salt=salt, **_SCRYPT)
        return f"scrypt${salt.hex()}${digest.hex()}"

    def matches(self, fingerprint: str) -> bool:
        """True when `fingerprint` (from the load log) was made from this key."""
        if fingerprint.startswith("scrypt$"):
            _, salt, _ = fingerprint.split("$")
            return hmac.compare_digest(self.fingerprint(bytes.fromhex(salt)), fingerprint)
        # fingerprints of ISU 0.1 (unsalted HMAC, 16 hex digits)
        legacy = hmac.new(self.secret, b"isu-key-fingerprint", hashlib.sha256).hexdigest()[:16]
        return hmac.compare_digest(legacy, fingerprint)

    def pseudonym(self, canonical_personnummer: str) -> str:
        return hmac.digest(self.secret, canonical_personnummer.encode("ascii"), "sha256").hex()


def load_key(key_file: Path | None = None, *, demo: bool = False) -> PseudonymKey:
    """The key from (in this order) the key file given, ISU_PSEUDONYM_KEY, ISU_PSEUDONYM_KEY_FILE."""
    if demo:
        given = "--key-file" if key_file else next(
            (v for v in ("ISU_PSEUDONYM_KEY", "ISU_PSEUDONYM_KEY_FILE") if os.environ.get(v)), None
        )  # fmt: skip
        if given:
            raise IsuError(
                f"--demo-key kan inte användas tillsammans med en riktig nyckel ({given}); välj en.",
                f"--demo-key cannot be used together with a real key ({given}); choose one.",
            )
        return PseudonymKey(DEMO_KEY, "demo", is_demo=True)
    if key_file is None and os.environ.get("ISU_PSEUDONYM_KEY"):
        secret = os.environ["ISU_PSEUDONYM_KEY"].strip().encode("utf-8")
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
            f"Pseudonymnyckeln är för kort ({len(secret)} byte); använd minst {MIN_KEY_BYTES}: "
            "`isu key new FIL` skriver en slumpad nyckel.",
            f"The pseudonym key is too short ({len(secret)} bytes); use at least {MIN_KEY_BYTES}: "
            "`isu key new FILE` writes a random one.",
        )
    if secret == DEMO_KEY:
        raise IsuError(
            "Den offentliga demonyckeln får bara användas med --demo-key, för syntetiska data.",
            "The public demo key may only be used with --demo-key, for synthetic data.",
        )
    return PseudonymKey(secret, source)


def new_key_file(path: Path) -> None:
    """Write a new key (32 random bytes as 64 hex digits) readable only by its owner."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise IsuError(
            f"{path} finns redan; en nyckel skrivs aldrig över (alla pseudonymer hänger på den).",
            f"{path} exists already; a key is never overwritten (every pseudonym depends on it).",
        ) from None
    except OSError as exc:
        raise IsuError(
            f"{path} kan inte skapas ({exc.strerror}).", f"{path} cannot be created ({exc.strerror})."
        ) from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(32) + "\n")
