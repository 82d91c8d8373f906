"""How the model says what is wrong: one error type, made only when something is wrong.

Every rule raises `rule_error(kind, message)`: a pydantic error whose message
is shown as written (pydantic would read `{...}` in it as a placeholder).
pydantic_core is imported when the first error is made, not before: the pure
parts of the model (`ip`, `hosts`, `urls`, `format`) serve the fast path and
the command line's start, which must not pay 50 ms for pydantic. A
`PydanticCustomError` is a `ValueError`, which is what the pure parts catch.

A message that names the value it refuses names it through `shown_value`, the one
way the model quotes input: a value the secret guard recognises (a token typed into
`client_authentication`, a JWT pasted as an IP address) is described, never repeated.
"""

from __future__ import annotations

import itertools
import reprlib
from typing import TYPE_CHECKING, Any

from acwizard.text import visible

if TYPE_CHECKING:
    from pydantic_core import PydanticCustomError

__all__ = ["field_error", "rule_error", "shown_value"]


def rule_error(kind: str, message: str, **context: Any) -> PydanticCustomError:
    """A validation error whose message is shown as written."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(kind, message.replace("{", "{{").replace("}", "}}"), context)


def field_error(key: str, message: str) -> PydanticCustomError:
    """An error of a model as a whole that belongs to one of its keys."""
    return rule_error("rule", message, key=key)


def shown_value(value: Any, field: str | None = None, limit: int = 80) -> str:
    """A value the model refused, as an error names it: a text quoted and made visible,
    anything else short (a list of 300,000 items made a 900 KB error line).

    A text the secret guard recognises (`guard.secret_kind`; `field` is its key) is
    described, never shown, nor is a list or table that holds one where the short form
    would show a piece of it: errors reach terminals, CI logs, toasts and PR comments.
    """
    kind = _secret_in(value, field, depth=0)
    if kind is not None:
        return f"a value that {kind} (not shown: secrets never go into files)"
    if isinstance(value, str):
        return f"'{visible(value, limit)}'"
    return visible(reprlib.repr(value), limit)


def _secret_in(value: Any, field: str | None, depth: int) -> str | None:
    """What the first text `reprlib` would show of `value` looks like, when the guard
    recognises it as a credential; None when none does."""
    from acwizard.guard import secret_kind  # not at import: the guard is only asked on an error

    if isinstance(value, str):
        return secret_kind(value, field)
    if depth >= _SHOWN.maxlevel:
        return None
    if isinstance(value, dict):
        pairs = itertools.islice(value.items(), _SHOWN.maxdict)
        items: list[Any] = [item for pair in pairs for item in pair]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(itertools.islice(value, _SHOWN.maxlist))
    else:
        return None
    for item in items:
        kind = _secret_in(item, field, depth + 1)
        if kind is not None:
            return kind
    return None


_SHOWN = reprlib.Repr()
"""What `reprlib.repr` shows: this many items per level, this deep."""
