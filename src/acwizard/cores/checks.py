"""The model's checks asked of one value, answered in the model's words ("" when it passes).

A field of a form or a tab says what is wrong as the admin types; it never holds
a second copy of a rule. `field_check` gives the validators of one field of a
model, `message_of` runs a check and returns its first message, as `validate`
words it (`problems.first_error`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from acwizard.problems import first_error

__all__ = ["field_check", "message_of", "refused_change"]


def field_check(model: type[BaseModel], name: str) -> Callable[[str], object]:
    """A check that runs the validators of `model`'s field `name` on one value."""
    field = model.model_fields[name]
    annotated: Any = Annotated[field.annotation, *field.metadata]
    adapter: TypeAdapter[Any] = TypeAdapter(annotated)
    return adapter.validate_python


def message_of(check: Callable[[str], object], text: str) -> str:
    """What `check` says is wrong with `text` (its first message), or "" when it passes."""
    try:
        check(text)
    except ValidationError as exc:
        return first_error(exc.errors())[1]
    except PydanticCustomError as exc:
        return exc.message()
    return ""


def refused_change(changes: dict[str, Any], not_secret: Collection[str] = ()) -> str | None:
    """Where the first value of `changes` (fields as plain data, as a pane proposes them)
    looks like a credential, and what it looks like (`webhooks[0].url: looks like a JWT;
    secrets never go into files`), as validate would say it in the file; None when none
    does. The answer never holds the value. `not_secret`: the fields a reviewer confirmed."""
    from acwizard.guard import refusal, refused_values

    for path, kind in refused_values(changes, not_secret):
        return refusal(path, kind)
    return None
