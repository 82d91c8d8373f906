"""The secret guard: no credential reaches a workspace file, a draft, a log or a message.

A token, a JWT or a private key pasted into Notes would be saved, committed and
printed in every diff. `secret_kind` tells whether one value looks like a
credential and answers only with a short kind ("looks like an AFAS token"),
never with the value or a piece of it; `refused_values` walks a parsed TOML
document; `redact` replaces every credential found in a longer text (a diff, an
audit line) with a fixed marker, for values that reached git before the guard.

Two sorts of rule, after gitleaks, detect-secrets and trufflehog:

- certain kinds, recognised by decoding and checking their structure: AFAS's
  classic token (XML, its base64 form, `AfasToken ...`), JWTs (the first two
  parts decode to JSON objects), PEM and PuTTY private keys, DER private keys
  and PKCS#12 stores in base64 or hex (the ASN.1 header says which). A 64-hex
  checksum or a git commit id is none of these: the token's shape identifies
  it, not its data alone.
- guesses: `Authorization`/`Bearer`/`DPoP`/`Basic` header values, URLs with a
  password or a credential parameter, and `client_secret=...`, `password: ...`
  and the like, each only with a value that looks random (length, letters and
  digits, Shannon entropy, no placeholder such as `xxxx`, `<secret>` or
  `${SECRET}`).

A reviewer may confirm that a field holds no secret with the key `not_secret`
(see `HATCH_KEY`): it silences only the guesses, only in the fields it names.

Every pattern is linear in its input: runs start only at a run's first
character (a look-behind), repeats are possessive, and everything found is
decoded once. Nothing here imports Textual or the model.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping

from acwizard.guard.certain import certain
from acwizard.guard.guesses import guesses, secret_field, value_is_secret
from acwizard.guard.kinds import (
    AFAS_TOKEN,
    AUTH_HEADER,
    CERTAIN_KINDS,
    HATCH_KEY,
    JWT,
    KEY_VALUE,
    MAX_DEPTH,
    PKCS12,
    PRIVATE_KEY,
    REDACTED,
    TOO_DEEP,
    URL_CREDENTIAL,
    URL_PASSWORD,
    KeyPath,
)
from acwizard.text import visible

__all__ = [
    "AFAS_TOKEN",
    "AUTH_HEADER",
    "CERTAIN_KINDS",
    "HATCH_KEY",
    "JWT",
    "KEY_VALUE",
    "MAX_DEPTH",
    "PKCS12",
    "PRIVATE_KEY",
    "REDACTED",
    "TOO_DEEP",
    "URL_CREDENTIAL",
    "URL_PASSWORD",
    "KeyPath",
    "hatch_fields",
    "hatch_name",
    "path_text",
    "redact",
    "refusal",
    "refused_values",
    "secret_kind",
    "unneeded_hatch_fields",
]


def secret_kind(value: str, field: str | None = None, *, confirmed: bool = False) -> str | None:
    """What `value` looks like when it looks like a credential ("looks like a JWT"), else None.

    `field` is the key the value belongs to: a key named like a secret makes
    a random-looking value one. `confirmed`: a reviewer confirmed the field
    holds no secret (`not_secret`), so only certain kinds count. The answer
    never holds the value or any part of it.
    """
    if len(value) < 8:
        return None
    if len(value) >= 40 or not _PLAIN.fullmatch(value):
        for hit in certain(value):
            return hit.kind
        if confirmed:
            return None
        for hit in guesses(value):
            return hit.kind
    elif confirmed:
        return None
    judged_as = secret_field(field) if field is not None else None
    if judged_as and value_is_secret(judged_as, value.strip()):
        return KEY_VALUE
    return None


_PLAIN = re.compile(r"[A-Za-z0-9_]*+")
"""An id shorter than 40 characters made only of these holds no credential a search finds
(each needs a dot, dash, space, colon, `=`, `<` or 40 characters): ids skip the searches."""


def redact(text: str) -> str:
    """`text` with every credential found in it replaced by `REDACTED`.

    Give the whole text, not line by line: a PEM key continues over lines
    whose base64 alone is not recognisable.
    """
    if len(text) < 8:
        return text
    hits = sorted([*certain(text), *guesses(text)], key=lambda hit: hit.start)
    if not hits:
        return text
    parts: list[str] = []
    done = 0
    for hit in hits:
        if hit.end <= done:
            continue
        parts.append(text[done : max(done, hit.start)] + REDACTED)
        done = hit.end
    parts.append(text[done:])
    return "".join(parts)


def hatch_name(path: KeyPath) -> str:
    """How `not_secret` names the field at `path`: its keys joined by dots, list positions left
    out (`webhooks.description` names every webhook's description)."""
    return ".".join(part for part in path if isinstance(part, str))


def path_text(path: KeyPath) -> str:
    """A key path as messages write it: `webhooks[1].description`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + visible(part, 60)
    return out


def refused_values(
    document: object, not_secret: Collection[str] = ()
) -> Iterator[tuple[KeyPath, str]]:
    """(key path, kind) for every value and key of a parsed TOML document that looks like a
    credential, in document order. A key that is itself a credential appears in the path as
    `REDACTED`. `not_secret`: the fields a reviewer confirmed (see `hatch_fields`)."""
    yield from _walk((), document, None, frozenset(not_secret))


def _walk(
    path: KeyPath, value: object, field: str | None, confirmed: frozenset[str]
) -> Iterator[tuple[KeyPath, str]]:
    """`refused_values` below `path`; `field` is the last key on it (a list item's is its list's)."""
    if isinstance(value, str):
        hatched = bool(confirmed) and hatch_name(path) in confirmed
        kind = secret_kind(value, field, confirmed=hatched)
        if kind:
            yield path, kind
    elif isinstance(value, (dict, list)) and len(path) >= MAX_DEPTH:
        yield path, TOO_DEEP
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk((*path, index), item, field, confirmed)
    elif isinstance(value, dict):
        for key, item in value.items():
            kind = secret_kind(key) if isinstance(key, str) else None
            if kind:
                yield (*path, REDACTED), kind
            shown = REDACTED if kind or not isinstance(key, str) else key
            yield from _walk((*path, shown), item, shown, confirmed)


def refusal(path: KeyPath, kind: str) -> str:
    """The message for a refused value: the field and what it looks like, never the value.

    For a guess it says how a reviewer confirms a false positive.
    """
    where = path_text(path) or "value"
    message = f"{where}: {kind}; secrets never go into files"
    field = hatch_name(path)
    if kind in CERTAIN_KINDS or not field or REDACTED in path:
        return message
    return f'{message} (if it is none, a reviewer confirms that with {HATCH_KEY} = ["{field}"])'


_FIELD_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}(?:\.[A-Za-z_][A-Za-z0-9_-]{0,63}){0,7}")


def hatch_fields(document: Mapping[str, object]) -> tuple[frozenset[str], list[str]]:
    """The fields `not_secret` names in `document`, and what is wrong with the key.

    It must be a list of field paths (`notes`, `oauth.jwks_url`,
    `webhooks.description`). Messages name entries by position, never by text:
    an entry could itself be a pasted secret.
    """
    entries = document.get(HATCH_KEY, [])
    if not isinstance(entries, list):
        return frozenset(), [f'{HATCH_KEY}: must be a list of field names, such as ["notes"]']
    fields: set[str] = set()
    problems: list[str] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, str) or not _FIELD_PATH.fullmatch(entry) or entry == HATCH_KEY:
            problems.append(
                f"{HATCH_KEY}[{index}]: must name a field, such as notes or oauth.jwks_url"
            )
        else:
            fields.add(entry)
    return frozenset(fields), problems


def unneeded_hatch_fields(document: object, not_secret: Collection[str]) -> list[str]:
    """The entries of `not_secret` that silence nothing in `document`, sorted: a reviewer's
    confirmation of a value that has since changed, to be removed."""
    needed = {
        hatch_name(path) for path, kind in refused_values(document) if kind not in CERTAIN_KINDS
    }
    return sorted(set(not_secret) - needed)
