"""Credentials recognised by their structure: AFAS classic tokens, JWTs, private keys, PKCS#12.

Each is decoded and checked, so a near miss (a 64-hex checksum, a git commit
id, a certificate, a host name starting `ey`) is not one: the token's shape
identifies it, not its data alone. Every pattern starts only where a run
starts and repeats possessively, so a search is linear in the text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from acwizard.guard.kinds import (
    AFAS_TOKEN,
    JWT,
    PKCS12,
    PRIVATE_KEY,
    Hit,
    b64_bytes,
    looks_random,
)

_LT, _GT, _SL = r"(?:<|&lt;|\\u003[cC])", r"(?:>|&gt;|\\u003[eE])", r"(?:/|\\/)"
_WS = r"(?:\s|\\[rnt])*+"
_AFAS_XML = re.compile(
    rf"(?i){_LT}token{_GT}{_WS}(?:{_LT}version{_GT}{_WS}[0-9]{{1,3}}+{_WS}{_LT}{_SL}version{_GT}"
    rf"{_WS})?{_LT}data{_GT}{_WS}(?P<data>[0-9a-f]{{32,}}+)(?:{_WS}{_LT}{_SL}data{_GT}{_WS}"
    rf"(?:{_LT}{_SL}token{_GT})?)?"
)
"""An AFAS classic token as Profit writes it, also with the CRLF, escapes and entities a
paste from JSON or HTML brings (the otpvalidation answer ends in `\\r\\n`)."""

_AFAS_B64 = re.compile(r"PHRva2Vu(?:[A-Za-z0-9+/]|%2[bBfF])*+(?:=|%3[dD]){0,2}+")
"""Base64 of text starting `<token` (URL-encoded too): decoded and checked as above."""

_AFAS_PREFIX = re.compile(r"(?i)(?<![a-z0-9])afastoken[ \t]++(?P<value>[A-Za-z0-9+/=%]{16,}+)")

_JWT = re.compile(
    r"(e(?<![A-Za-z0-9_-]e)[wy][A-Za-z0-9_-]{2,}+)\.([A-Za-z0-9_-]*+)\.([A-Za-z0-9_-]*+)"
    r"(?:\.[A-Za-z0-9_-]*+\.[A-Za-z0-9_-]*+)?"
)
"""Three base64url parts (five for an encrypted JWT); JSON starts `{`, so base64 `ey`/`ew`."""

_PEM_BEGIN = re.compile(
    r"-(?<!--)(?i:-{2,}+[ \t]*+BEGIN[ A-Z0-9]{0,40}?PRIVATE KEY(?: BLOCK)?[ \t]*+-*+)"
)
_PEM_BODY_RUN = re.compile(r"(?:[A-Za-z0-9+/=:,\s-]|\\[rn])*+")
_PEM_END = re.compile(
    r"-(?<!--)(?i:-{2,}+[ \t]*+END[ A-Z0-9]{0,40}?PRIVATE KEY(?: BLOCK)?[ \t]*+-*+)"
)
_PUTTY = re.compile(r"PuTTY-User-Key-File-[0-9]++:")
_PUTTY_END = re.compile(r"Private-MAC:[ \t]*+[0-9a-fA-F]*+")
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/]++")
_DER_B64 = re.compile(r"M(?<![A-Za-z0-9+/=]M)[A-Za-z0-9+/]{39,}+={0,2}+")
_DER_HEX = re.compile(r"3(?<![0-9A-Fa-f]3)0[0-9A-Fa-f]{78,}+")

_PBE_OIDS = (b"\x2a\x86\x48\x86\xf7\x0d\x01\x05", b"\x2a\x86\x48\x86\xf7\x0d\x01\x0c\x01")
"""PKCS#5 (PBES2) and PKCS#12 password-based encryption: an EncryptedPrivateKeyInfo."""


def _der_length_end(data: bytes, at: int) -> int:
    """Where the content after a DER length at `at` starts, or -1 when it is no length."""
    if at >= len(data):
        return -1
    first = data[at]
    if first < 0x80:
        return at + 1
    count = first & 0x7F
    return at + 1 + count if 1 <= count <= 3 else -1


def _der_kind(data: bytes) -> str | None:
    """PRIVATE_KEY or PKCS12 when `data` starts like one in DER, else None.

    Private keys (PKCS#1, SEC1, PKCS#8) begin SEQUENCE, INTEGER version 0 or 1,
    then the key; PKCS#12 begins SEQUENCE, INTEGER 3, SEQUENCE; an encrypted
    PKCS#8 key begins with a password-based encryption OID. Certificates,
    requests and public keys begin otherwise, so they pass.
    """
    if len(data) < 12 or data[0] != 0x30:
        return None
    at = _der_length_end(data, 1)
    if at < 0 or at + 4 > len(data):
        return None
    if data[at : at + 2] == b"\x02\x01":
        version, following = data[at + 2], data[at + 3]
        if version == 3 and following == 0x30:
            return PKCS12
        if (version == 0 and following in (0x02, 0x30)) or (
            version == 1 and following in (4, 0x30)
        ):
            return PRIVATE_KEY
    if data[at] == 0x30:
        inner = _der_length_end(data, at + 1)
        if 0 <= inner < len(data) - 2 and data[inner] == 0x06:
            oid = data[inner + 2 : inner + 2 + data[inner + 1]]
            if oid.startswith(_PBE_OIDS):
                return PRIVATE_KEY
    return None


def _json_object(part: str) -> dict[str, object] | None:
    """The JSON object a base64url part encodes, or None."""
    data = b64_bytes(part, altchars=b"-_")
    if data is None or not data.lstrip().startswith(b"{"):
        return None
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _afas_xml(text: str) -> Iterator[Hit]:
    """AFAS classic tokens as XML."""
    for found in _AFAS_XML.finditer(text):
        if len(set(found["data"].lower())) >= 8:  # 64 zeros is an example, not a token
            yield Hit(found.start(), found.end(), AFAS_TOKEN)


def _afas_base64(text: str) -> Iterator[Hit]:
    """AFAS classic tokens in base64 (URL-encoded too): decoded and checked as XML."""
    for found in _AFAS_B64.finditer(text):
        encoded = re.sub(r"%2[bB]", "+", re.sub(r"%2[fF]", "/", found.group()))
        encoded = encoded.replace("%3d", "=").replace("%3D", "=").rstrip("=")
        data = b64_bytes(encoded[: len(encoded) // 4 * 4])
        if data is not None and _AFAS_XML.search(data.decode("latin-1")):
            yield Hit(found.start(), found.end(), AFAS_TOKEN)


def _afas_header(text: str) -> Iterator[Hit]:
    """`AfasToken <value>`, as a call's Authorization header carries a classic token."""
    for found in _AFAS_PREFIX.finditer(text):
        if looks_random(found["value"], 16, 3.0):
            yield Hit(found.start("value"), found.end(), AFAS_TOKEN)


def _jwts(text: str) -> Iterator[Hit]:
    """JWTs: the header decodes to a JSON object, and so does the payload (or it is a JWE)."""
    for found in _JWT.finditer(text):
        header = _json_object(found[1])
        if header is not None and (_json_object(found[2]) is not None or "enc" in header):
            yield Hit(found.start(), found.end(), JWT)


def _pem_keys(text: str) -> Iterator[Hit]:
    """PEM private keys (any type, encrypted too), from the header to the end line."""
    covered = 0
    for found in _PEM_BEGIN.finditer(text):
        if found.start() < covered:  # inside the last key's body: that body was read once
            continue
        body = _PEM_BODY_RUN.match(text, found.end())
        assert body is not None  # a `*` repeat always matches
        end = _PEM_END.search(text, found.end(), body.end() + 200)
        covered = end.end() if end else body.end()
        key = text[found.end() : end.start() if end else covered]
        if len(_NOT_BASE64.sub("", key)) >= 32:  # a header alone is documentation, not a key
            yield Hit(found.start(), covered, PRIVATE_KEY)


def _putty_keys(text: str) -> Iterator[Hit]:
    """PuTTY key files, over their lines up to the MAC."""
    covered = 0
    for found in _PUTTY.finditer(text):
        if found.start() >= covered:
            end = _PUTTY_END.search(text, found.end())
            covered = end.end() if end else len(text)
            yield Hit(found.start(), covered, PRIVATE_KEY)


def _der_blobs(pattern: re.Pattern[str], text: str, hexadecimal: bool) -> Iterator[Hit]:
    """DER private keys and PKCS#12 stores written in base64 or hex: their first bytes say."""
    for found in pattern.finditer(text):
        head = found.group()[:96] if hexadecimal else found.group()[:64]
        data = bytes.fromhex(head) if hexadecimal else b64_bytes(head)
        kind = _der_kind(data) if data else None
        if kind:
            yield Hit(found.start(), found.end(), kind)


def certain(text: str) -> Iterator[Hit]:
    """Every certain kind in `text`, each searched only when its mark is there.

    Each pattern begins with a literal character (a look-behind after it, not
    before), so the search skips ahead at C speed instead of trying every position.
    """
    lower = text.lower()
    if "token" in lower and ("<" in text or "&lt;" in lower or "\\u003c" in lower):
        yield from _afas_xml(text)
    if "PHRva2Vu" in text:
        yield from _afas_base64(text)
    if "afastoken" in lower:
        yield from _afas_header(text)
    if "." in text:
        yield from _jwts(text)
    if "private key" in lower:
        yield from _pem_keys(text)
    if "PuTTY-User-Key-File-" in text:
        yield from _putty_keys(text)
    if len(text) >= 40:
        yield from _der_blobs(_DER_B64, text, hexadecimal=False)
    if len(text) >= 80:
        yield from _der_blobs(_DER_HEX, text, hexadecimal=True)
