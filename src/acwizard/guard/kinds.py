"""What the secret guard answers (kinds, never values), and how it tells random from words."""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Final

AFAS_TOKEN: Final = "looks like an AFAS token"
JWT: Final = "looks like a JWT"
PRIVATE_KEY: Final = "looks like a private key"
PKCS12: Final = "looks like a PKCS#12 key store"
AUTH_HEADER: Final = "looks like an Authorization header value"
URL_PASSWORD: Final = "looks like a URL with a password"
URL_CREDENTIAL: Final = "looks like a URL with a credential in it"
KEY_VALUE: Final = "looks like a client secret or password"
TOO_DEEP: Final = "is nested too deeply to be checked for secrets"

CERTAIN_KINDS: Final = frozenset({AFAS_TOKEN, JWT, PRIVATE_KEY, PKCS12, TOO_DEEP})
"""Kinds recognised by their decoded structure: `not_secret` never waves them through."""

REDACTED: Final = "[secret removed]"
"""What `redact` puts where a credential was, and the name a key that is a credential gets."""

HATCH_KEY: Final = "not_secret"
"""The top-level key naming fields a reviewer confirmed hold no secret: `not_secret = ["notes"]`."""

MAX_DEPTH: Final = 32
"""Deeper than this, a document is refused instead of walked (the readers refuse it first)."""

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a credential is in a text, and what it looks like."""

    start: int
    end: int
    kind: str


# -- telling random from words -------------------------------------------------------

PLACEHOLDER = re.compile(
    r"(?i)x{4}|\*{3}|\.\.\.|<[^<>]*>|\$\{|\$\(|\{\{|%\w+%|^\$\w+$|^\{\w*\}$|^\[\w*\]$"
    r"|example|change_?me|redacted|dummy|placeholder|your[_-]|secret\s*removed"
)
"""Values that stand for a secret without being one (gitleaks' and detect-secrets' allowlists)."""

_HEX = frozenset("0123456789abcdefABCDEF-")


def _entropy(value: str) -> float:
    """Shannon entropy in bits per character: about 4 for random hex, 6 for random base64."""
    size = len(value)
    return -sum(count / size * math.log2(count / size) for count in Counter(value).values())


def looks_random(value: str, min_length: int, min_entropy: float) -> bool:
    """True when `value` is long, mixes letters with digits or symbols, and has high entropy.

    A word, a date, a number or a placeholder is not random; a value of only
    letters counts when it is long and mixes case (base62 secrets without a
    digit). Hex runs, UUIDs too, get detect-secrets' lower limit (3.0): a small alphabet.
    """
    if len(value) < min_length or PLACEHOLDER.search(value):
        return False
    if not any(ch.isalpha() for ch in value):
        return False
    if not any(not ch.isalpha() for ch in value) and not (
        len(value) >= 20 and not value.islower() and not value.isupper()
    ):
        return False
    limit = min(min_entropy, 3.0) if all(ch in _HEX for ch in value) else min_entropy
    return _entropy(value) >= limit


def b64_bytes(text: str, altchars: bytes | None = None) -> bytes | None:
    """The bytes `text` encodes (base64, padding optional), or None when it is not base64."""
    text = text.rstrip("=")
    text += "=" * (-len(text) % 4)
    try:
        return base64.b64decode(text, altchars=altchars, validate=True)
    except (binascii.Error, ValueError):
        return None
