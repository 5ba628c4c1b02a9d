"""Voting codes and receipts: generation, normalisation and keyed hashes (no Django models).

A code is 13 symbols of Crockford's base32 (``0-9 A-Z`` without ``I L O U``): 65 random bits,
shown in groups as ``ABCD-EFGH-JKMNP``. People type what they read, so input is forgiving:
lower case, spaces and dashes are accepted and the look-alikes ``O``/``I``/``L`` are read as
``0``/``1``/``1``.

Codes are never stored. The database keeps two *different* HMAC-SHA256 digests of each code under
a key made from ``settings.VOTING_CODE_SECRET`` and the vote's own salt:

- ``code_digest(key, code)`` on the code row (the register: printed, issued, void),
- ``ballot_digest(key, code)`` on the ballot row (one ballot per code, a unique constraint).

Without the plaintext code nobody can tell which code row belongs to which ballot, so the issue
desk (where a card meets a person) cannot be joined to a ballot. Both digests are deterministic,
so lookups use a unique index instead of checking every salted hash.

The receipt is derived from the code too (``receipt_for``): a retry after a timeout gets the same
receipt without the receipt being stored in clear. Its SHA-256 is published after the vote.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CODE_LENGTH = 13  # 13 x 5 = 65 bits
RECEIPT_LENGTH = 10  # 50 bits: enough to be unguessable among a few thousand receipts
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALID = frozenset(ALPHABET)


def new_code() -> str:
    """A fresh random code from the OS's CSPRNG."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_salt() -> str:
    return secrets.token_hex(16)


def normalise(text: str) -> str | None:
    """The code someone typed or scanned, in canonical form; ``None`` if it cannot be a code."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum()).translate(_READ_AS)
    if len(cleaned) != CODE_LENGTH or not set(cleaned) <= _VALID:
        return None
    return cleaned


def grouped(code: str, size: int = 4) -> str:
    """``ABCDEFGHJKMNP`` → ``ABCD-EFGH-JKMNP`` (the last group takes the remainder)."""
    parts = [code[i : i + size] for i in range(0, len(code), size)]
    if len(parts) > 1 and len(parts[-1]) < size:
        tail = parts.pop()
        parts[-1] += tail
    return "-".join(parts)


def vote_key(salt: str) -> bytes:
    """The HMAC key of one vote: the site secret mixed with the vote's salt."""
    secret = settings.VOTING_CODE_SECRET or settings.SECRET_KEY
    return hmac.new(secret.encode(), f"pb-vote:{salt}".encode(), hashlib.sha256).digest()


def _digest(key: bytes, purpose: str, code: str) -> str:
    return hmac.new(key, f"{purpose}:{code}".encode(), hashlib.sha256).hexdigest()


def code_digest(key: bytes, code: str) -> str:
    return _digest(key, "code", code)


def ballot_digest(key: bytes, code: str) -> str:
    return _digest(key, "ballot", code)


def receipt_for(key: bytes, code: str) -> str:
    """The receipt a ballot cast with ``code`` gets: derived, so a retry gets the same one."""
    raw = hmac.new(key, f"receipt:{code}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(raw[:8], "big")
    chars = []
    for _ in range(RECEIPT_LENGTH):
        number, index = divmod(number, 32)
        chars.append(ALPHABET[index])
    return "".join(chars)


def receipt_digest(receipt: str) -> str:
    """What is published: anyone holding the receipt can find it in the list, nobody else can
    turn the list back into receipts."""
    return hashlib.sha256(f"pb-receipt:{receipt}".encode()).hexdigest()


def normalise_receipt(text: str) -> str | None:
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum()).translate(_READ_AS)
    if len(cleaned) != RECEIPT_LENGTH or not set(cleaned) <= _VALID:
        return None
    return cleaned
