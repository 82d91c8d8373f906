"""Credentials guessed from their context: header values, `name = value`, URLs.

A guess needs a value that looks random (`looks_random`), so prose with the
words "token" or "secret" in it passes; a reviewer can still confirm a false
positive with `not_secret`, which silences these kinds only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from urllib.parse import unquote

from acwizard.guard.certain import certain
from acwizard.guard.kinds import (
    AUTH_HEADER,
    KEY_VALUE,
    PLACEHOLDER,
    URL_CREDENTIAL,
    URL_PASSWORD,
    Hit,
    b64_bytes,
    looks_random,
)

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
"""Lower case for ASCII only: unlike `str.lower`, every index stays where it was."""

_AUTH_LINE = re.compile(
    r"authorization(?<![a-z0-9]authorization)[\"']?[ \t]*+[:=][ \t]*+[\"']?"
    r"(?:(?P<scheme>[a-z][a-z0-9-]{0,20}+)[ \t]++)?(?P<value>[a-z0-9\-._~+/%]{8,}+=*+)"
)
_AUTH_SCHEMES = tuple(
    re.compile(rf"{scheme}(?<![a-z0-9_-]{scheme})[ \t]++(?P<value>[a-z0-9\-._~+/]{{16,}}+=*+)")
    for scheme in ("bearer", "dpop", "token")
)
_BASIC = re.compile(r"basic(?<![a-z0-9_-]basic)[ \t]++(?P<value>[a-z0-9+/]{8,}+=*+)")
"""Searched in ASCII lower case, each beginning with its word so the search skips ahead;
the value is then read from the text as written."""


def _auth_headers(text: str, lower: str) -> Iterator[Hit]:
    """`Authorization: <scheme> <credentials>`, `Bearer`/`DPoP <token>`, `Basic <user:pass>`."""
    found_in: list[tuple[re.Pattern[str], int]] = [(_AUTH_LINE, 8)]
    found_in += [(pattern, 16) for pattern in _AUTH_SCHEMES]
    for pattern, length in found_in:
        for found in pattern.finditer(lower):
            if looks_random(text[found.start("value") : found.end()], length, 3.0):
                yield Hit(found.start("value"), found.end(), AUTH_HEADER)
    for found in _BASIC.finditer(lower):
        data = b64_bytes(text[found.start("value") : found.end()])
        decoded = data.decode("utf-8", "replace") if data else ""
        if ":" in decoded and decoded.isprintable() and not PLACEHOLDER.search(decoded):
            yield Hit(found.start("value"), found.end(), AUTH_HEADER)


_NAME_END = (
    r"(?P<tail>(?:[_.-][a-z0-9]++){0,2}+)[\"']?[ \t]*+(?::=|=>|=|:)[ \t]*+[\"'`]?"
    r"(?P<value>[^\s\"'`,;&]++)"
)
"""After a secret's name: more words of the name, `=` or `:`, and the value."""

_SECRET_NAMES = (
    (re.compile("secret" + _NAME_END), frozenset({"", "client", "api", "app", "shared"})),
    (re.compile("token" + _NAME_END), frozenset({"", "access", "refresh", "id", "auth", "api"})),
    (re.compile("credentials?" + _NAME_END), frozenset({""})),
    (re.compile("pass(?:w(?:or)?d|phrase)?" + _NAME_END), frozenset({"", "db", "user", "admin"})),
    (re.compile("pwd" + _NAME_END), frozenset({"", "db", "user", "admin"})),
    (re.compile("key" + _NAME_END), frozenset({"api", "access", "private", "secret", "client"})),
)
"""The words that end a secret's name (in ASCII lower case), and the words that may come
right before them: `client_secret`, `clientsecret`, `api-key`, `PASSWORD`, but neither
`monkey` nor `bypass` and no bare `key`."""

_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")

_METADATA_WORDS = frozenset((
    "id", "ids", "name", "hint", "url", "uri", "endpoint", "expiry", "expires",
    "expiration", "validity", "days", "type", "method", "label", "path", "file", "length",
    "header", "format", "version", "date", "created", "rotated", "policy", "ttl", "lifetime",
    "count", "holder", "user", "owner",
))  # fmt: skip
"""A tail after the name that makes the value metadata about a secret (`token_expiry: ...`)."""

_PASSWORD_KEYS = ("pass", "pwd", "passphrase", "password", "passwd")


def _word_before(lower: str, end: int) -> str:
    """The run of letters and digits that ends at `end` (at most 24; longer is no name)."""
    start = end
    while start > 0 and end - start <= 24 and lower[start - 1] in _WORD:
        start -= 1
    return lower[start:end] if end - start <= 24 else "-"


def _key_values(text: str, lower: str) -> Iterator[Hit]:
    """A secret's name followed by `=` or `:` and a random-looking value."""
    for pattern, before in _SECRET_NAMES:
        for found in pattern.finditer(lower):
            word = _word_before(lower, found.start())
            if not word and found.start() > 1 and lower[found.start() - 1] in "_.-":
                word = _word_before(lower, found.start() - 1) if "" not in before else ""
            tail = set(re.split(r"[_.-]", found["tail"]))
            value = text[found.start("value") : found.end("value")]
            if word not in before or tail & _METADATA_WORDS or "://" in value:
                continue
            name = lower[found.start() : found.start("tail")]
            if value_is_secret(name, value):
                yield Hit(found.start("value"), found.end("value"), KEY_VALUE)


def value_is_secret(name: str, value: str) -> bool:
    """True when `value`, named `name`, looks random enough to be that secret."""
    if name.lower() in _PASSWORD_KEYS:
        return looks_random(value, 8, 2.5)
    return looks_random(value, 10, 3.5)


_NAME_SEPARATORS = re.compile(r"[\s_.\-]+")
_STRONG_NAMES = frozenset((
    "apikey", "xapikey", "apitoken", "apisecret", "subscriptionkey", "ocpapimsubscriptionkey",
    "accesskey", "accesskeyid", "secretkey", "secretaccesskey", "sig", "signature",
    "token", "accesstoken", "refreshtoken", "idtoken", "authtoken", "sessiontoken",
    "securitytoken", "jwt", "bearer", "session", "sessionid", "sessionkey",
    "jsessionid", "phpsessid", "passphrase", "password", "passwd", "pwd",
    "secret", "clientsecret", "privatekey", "clientassertion", "assertion", "authorization",
    "credential", "credentials", "sastoken",
))  # fmt: skip
"""Parameter names (without `_`, `-`, `.`, spaces; case-folded) that name a credential."""

_STRONG_PREFIXES = ("xamz", "xgoog")
"""AWS and Google signed URLs: every X-Amz-* and X-Goog-* parameter belongs to a signature."""

_WEAK_WORDS = (
    "token", "secret", "passw", "passphrase", "apikey", "signature", "credential",
    "session", "jwt", "bearer", "privatekey", "accesskey", "auth",
)  # fmt: skip
_WEAK_NAMES = frozenset({"key", "code", "pass", "sid"})
_URL_REST = re.compile(r"[^\s\"'<>`\\]*+")
_AUTHORITY_END = re.compile(r"[/?#]")
_PATH_END = re.compile(r"[?#]")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_WORD_PASSWORDS = frozenset({"password", "pass", "pwd", "secret", "token", "test", "changeme"})
_NAME_MARK = "(?:token|secret|key|sig|pass|pwd|session|jwt|bearer|auth|credential|assertion|amz|goog|code|sid|%)"


def _parameters(separators: str, ends: str) -> re.Pattern[str]:
    """`name=value` after one of `separators`, up to one of `ends`, whose name may name a
    credential (`_NAME_MARK`) or whose value is percent-encoded (a token may hide there)."""
    name, value = f"[^={ends}]", f"[^{ends}]"
    return re.compile(
        rf"(?i)(?<=[{separators}])(?:(?P<name>{name}*?{_NAME_MARK}{name}*+)=(?P<value>{value}++)"
        rf"|{name}*+=(?P<encoded>[^{ends}%]*+%{value}++))"
    )


_QUERY_PARAMETER = _parameters("?&;#", "&;#")
_MATRIX_PARAMETER = _parameters(";", ";/")
_LONG_SEGMENT = re.compile(r"(?<=/)[^/;]{16,}+")


def normal_name(name: str) -> str:
    """A parameter name as compared: percent-decoded (twice encoded too), no separators, folded."""
    for _ in range(3):
        if "%" not in name:
            break
        name = unquote(name)
    return _NAME_SEPARATORS.sub("", name).casefold()


def _credential_name(name: str) -> str | None:
    """`strong` for a name that always carries a credential, `weak` for one that may, or None."""
    folded = normal_name(name)
    if folded in _STRONG_NAMES or folded.startswith(_STRONG_PREFIXES):
        return "strong"
    if folded in _WEAK_NAMES or any(word in folded for word in _WEAK_WORDS):
        return "weak"
    return None


def _urls(text: str) -> Iterator[Hit]:
    """Each URL (`scheme://...` up to a space or quote), checked once."""
    covered = 0
    for found in re.finditer("://", text):
        at = found.start()
        start = at
        while start > 0 and at - start < 32 and text[start - 1] in _SCHEME_CHARS:
            start -= 1
        if at < covered or start == at:
            continue
        rest = _URL_REST.match(text, at + 3)
        assert rest is not None  # a `*` repeat always matches
        covered = rest.end()
        yield from _url_hits(text, at + 3, covered)


def _url_hits(text: str, start: int, end: int) -> Iterator[Hit]:
    """A password in the authority (`text[start:end]` is a URL after its `://`), credentials
    named in path, query and fragment, and a random segment after a credential's name."""
    found = _AUTHORITY_END.search(text, start, end)
    authority_end = found.start() if found else end
    userinfo, at, _ = text[start:authority_end].rpartition("@")
    if at:
        user, colon, password = userinfo.partition(":")
        if colon and password and password.lower() not in _WORD_PASSWORDS:
            if not PLACEHOLDER.search(password):
                yield Hit(start + len(user) + 1, start + len(userinfo), URL_PASSWORD)
        elif not colon and looks_random(user, 16, 3.0):
            yield Hit(start, start + len(user), URL_CREDENTIAL)
    found = _PATH_END.search(text, authority_end, end)
    path_end = found.start() if found else end
    for found in _LONG_SEGMENT.finditer(text, authority_end, path_end):
        previous = text[text.rfind("/", authority_end, found.start() - 1) + 1 : found.start() - 1]
        if _credential_name(previous.partition(";")[0]) and looks_random(
            unquote(found.group()), 16, 3.0
        ):
            yield Hit(found.start(), found.end(), URL_CREDENTIAL)
    for pattern, where in ((_MATRIX_PARAMETER, authority_end), (_QUERY_PARAMETER, path_end)):
        for found in pattern.finditer(text, where, path_end if where == authority_end else end):
            yield from _parameter_hits(found)


def _parameter_hits(found: re.Match[str]) -> Iterator[Hit]:
    """A parameter whose name says it carries a credential, or whose value decodes to one."""
    if found["name"] is not None:
        strength = _credential_name(found["name"])
        plain = unquote(found["value"])
        strong = strength == "strong" and not PLACEHOLDER.search(plain) and plain.lower() != "null"
        if strong or (strength == "weak" and looks_random(plain, 8, 3.0)):
            yield Hit(found.start("value"), found.end("value"), URL_CREDENTIAL)
        return
    kind = next((hit.kind for hit in certain(unquote(found["encoded"]))), None)
    if kind:  # a token percent-encoded in a parameter is a token all the same
        yield Hit(found.start("encoded"), found.end("encoded"), kind)


def guesses(text: str) -> Iterator[Hit]:
    """Every guessed kind in `text`, each searched only when its mark is there."""
    lower = text.lower() if text.isascii() else text.translate(_ASCII_LOWER)
    if "auth" in lower or "bearer" in lower or "dpop" in lower or "basic" in lower:
        yield from _auth_headers(text, lower)
    if "://" in text:
        yield from _urls(text)
    if ("=" in text or ":" in text) and any(word in lower for word in _KEY_MARKS):
        yield from _key_values(text, lower)


_KEY_MARKS = ("secret", "key", "token", "credential", "pass", "pwd")
_FIELD_NAMES = _STRONG_NAMES - {"sig", "session", "sessionid", "assertion"}


@functools.lru_cache(maxsize=1024)
def secret_field(field: str) -> str | None:
    """How a value is judged when its key names a secret (`client_secret = "..."` in
    acwizard.toml): "password" or "secret"; None for any other key. Remembered: a
    workspace has few key names and thousands of values."""
    if normal_name(field) not in _FIELD_NAMES:
        return None
    return "password" if "pass" in field.lower() or "pwd" in field.lower() else "secret"
