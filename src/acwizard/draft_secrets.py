"""What a recovery draft leaves out: every value the secret guard refuses.

A draft keeps everything typed except a value validate would refuse in the file
(`guard.refused_values`, with the draft's own `not_secret`): a token, a JWT or a
private key pasted into a field, or into a form not applied yet, never reaches
the state directory. `drafts.write_draft`, the one place every draft is written,
applies both functions. This module never imports Textual.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["typed_without_secrets", "without_secrets"]


_TYPED_FIELDS = {
    "ip_form": "ip_restrictions",
    "webhook_form": "webhooks",
    "oauth": "oauth",
    "token_form": "tokens",
}
"""The file's key each place of `Draft.typed` edits, as `not_secret` names its fields."""


def typed_without_secrets(
    typed: dict[str, dict[str, str]], data: dict[str, Any]
) -> dict[str, dict[str, str]]:
    """`typed` (text not applied yet, by place and field) without any text the secret guard
    refuses, judged as validate would judge it in that field of the file (the draft's own
    `not_secret` confirms a field). `typed` is not changed."""
    from acwizard.guard import hatch_fields, secret_kind

    confirmed = hatch_fields(data)[0]
    kept: dict[str, dict[str, str]] = {}
    for place, fields in typed.items():
        prefix = _TYPED_FIELDS.get(place, place)
        clean = {}
        for name, text in fields.items():
            key = name.split("-", 1)[-1].replace("-", "_")  # a form's field id: token-last-used
            if not secret_kind(text, key, confirmed=f"{prefix}.{key}" in confirmed):
                clean[name] = text
        if clean:
            kept[place] = clean
    return kept


_RECORDS: dict[tuple[str | int, ...], frozenset[str]] = {
    ("oauth", "certificates", 0): frozenset({"key_id", "not_after"}),
    ("oauth", "secrets", 0): frozenset({"label"}),
    ("tokens", 0): frozenset({"user", "description"}),
}
"""Lists whose items cannot do without some of their keys: an item that would lose one of
them to the guard is left out whole (an IP line or a webhook only loses the value)."""


def without_secrets(data: dict[str, Any]) -> dict[str, Any]:
    """`data` (a connector on screen) without any value the secret guard refuses, as validate
    would refuse it in a file (`guard.refused_values`, with the draft's own `not_secret`).

    A refused text is left out (its key goes, so restoring leaves the field as the file
    had it); a refused list item is left out; a key that is itself a credential goes with
    what it holds. `data` is not changed; without a refusal it is returned as it is.
    """
    from acwizard.guard import hatch_fields, refused_values

    hits = [path for path, _ in refused_values(data, hatch_fields(data)[0])]
    if not hits:
        return data
    cleaned = copy.deepcopy(data)
    for path in reversed(hits):  # later places first: list positions before them stay put
        _drop(cleaned, path)
    return cleaned


def _drop(data: dict[str, Any], path: tuple[str | int, ...]) -> None:
    """Remove the value at `path` (or, inside a record that needs it, the record)."""
    from acwizard.guard import REDACTED, secret_kind

    for depth in range(1, len(path)):
        shape = tuple(0 if isinstance(part, int) else part for part in path[:depth])
        required = _RECORDS.get(shape)
        if required is not None and path[depth] in required:
            path = path[:depth]  # the whole record
            break
    parent: Any = data
    for part in path[:-1]:
        if part == REDACTED or not isinstance(parent, (dict, list)):
            return  # below a key that is a credential: it goes whole, below
        if isinstance(parent, dict):
            parent = parent.get(part)
        elif isinstance(part, int) and 0 <= part < len(parent):
            parent = parent[part]
        else:
            return
    last = path[-1]
    if last == REDACTED and isinstance(parent, dict):
        for key in [key for key in parent if isinstance(key, str) and secret_kind(key)]:
            del parent[key]
    elif isinstance(parent, dict):
        parent.pop(last, None)
    elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        del parent[last]
