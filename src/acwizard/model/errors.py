"""How the model says what is wrong: one error type, made only when something is wrong.

Every rule raises `rule_error(kind, message)`: a pydantic error whose message
is shown as written (pydantic would read `{...}` in it as a placeholder).
pydantic_core is imported when the first error is made, not before: the pure
parts of the model (`ip`, `hosts`, `urls`, `format`) serve the fast path and
the command line's start, which must not pay 50 ms for pydantic. A
`PydanticCustomError` is a `ValueError`, which is what the pure parts catch.
"""

from __future__ import annotations

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


def shown_value(value: Any) -> str:
    """A value the model refused, as an error names it: a text quoted and made visible,
    anything else short (a list of 300,000 items made a 900 KB error line)."""
    if isinstance(value, str):
        return f"'{visible(value)}'"
    return visible(reprlib.repr(value))
