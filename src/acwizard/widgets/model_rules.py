"""The model's own rules as Textual `Input` validators, so a field says what is wrong as it is typed.

A field never holds a second copy of a rule: `ModelRule` asks a core's check
(`OAuthEditing.redirect_problem`, `webhook_problems`...), which answers in the
model's words, and shows them. Used by the OAuth pane and the webhook dialog, as
posting's new_request_modal uses `Input(validators=[...])`.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Static

__all__ = ["ModelRule", "first_failure"]


class ModelRule(Validator):
    """An Input validator that asks a core's check (its words, "" when the value passes);
    an empty field passes."""

    def __init__(self, check: Callable[[str], str]) -> None:
        super().__init__()
        self.check = check

    def validate(self, value: str) -> ValidationResult:
        """Success, or a failure carrying the model's message."""
        if not value.strip():
            return self.success()  # required or not is the form's matter, said at OK
        problem = self.check(value.strip())
        return self.failure(problem) if problem else self.success()


def first_failure(field: Input) -> str:
    """What the field's validators say about its value now, or `""` when it passes."""
    result = field.validate(field.value)
    if result is None or result.is_valid:
        return ""
    return result.failure_descriptions[0] if result.failure_descriptions else "is not valid"


def say_failure(message: Static, field: Input) -> str:
    """Show under `field`, in `message`, what its validators say now (never its value), marked
    as an error; "" (and an empty message) when it passes. Returns what was said."""
    problem = first_failure(field)
    message.update(Content(f"! {problem}" if problem else ""))
    message.set_class(bool(problem), "-error")
    return problem
