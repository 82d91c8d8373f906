"""The model's own rules as Textual `Input` validators, so a field says what is wrong as it is typed.

A field never holds a second copy of a rule: `ModelRule` calls the model's
check (`check_url`, or a field's validators through `field_rule`) and shows
the model's message. Used by the OAuth pane and the webhook dialog, as
posting's new_request_modal uses `Input(validators=[...])`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError
from textual.validation import ValidationResult, Validator
from textual.widgets import Input

from acwizard.problems import first_error

__all__ = ["ModelRule", "field_rule", "first_failure", "model_message"]


def model_message(exc: ValidationError | PydanticCustomError) -> str:
    """The model's words for what is wrong (the first error), without pydantic's framing."""
    if isinstance(exc, ValidationError):
        return first_error(exc.errors())[1]
    return exc.message()


def field_rule(model: type[BaseModel], name: str) -> Callable[[str], object]:
    """A check that runs the validators of `model`'s field `name` on one value."""
    field = model.model_fields[name]
    annotated: Any = Annotated[field.annotation, *field.metadata]
    adapter: TypeAdapter[Any] = TypeAdapter(annotated)
    return adapter.validate_python


class ModelRule(Validator):
    """An Input validator that asks one of the model's checks; empty input passes."""

    def __init__(self, check: Callable[[str], object]) -> None:
        super().__init__()
        self.check = check

    def validate(self, value: str) -> ValidationResult:
        """Success, or a failure carrying the model's message."""
        if not value.strip():
            return self.success()  # required or not is the form's matter, said at OK
        try:
            self.check(value.strip())
        except (ValidationError, PydanticCustomError) as exc:
            return self.failure(model_message(exc))
        return self.success()


def first_failure(field: Input) -> str:
    """What the field's validators say about its value now, or `""` when it passes."""
    result = field.validate(field.value)
    if result is None or result.is_valid:
        return ""
    return result.failure_descriptions[0] if result.failure_descriptions else "is not valid"
