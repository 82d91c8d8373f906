"""The New wizard without Textual: the description's rule, and which user group a name is.

The wizard checks the one field step 1 asks for with the model's own rule, and on step 2
offers a new user group named after the connector only when no group of the catalog
reads the same: user groups are matched as descriptions are (`text.skeleton`: case,
runs of spaces, compatibility forms, Cyrillic and Greek look-alikes), so "payroll  sync"
finds "Payroll Sync" instead of offering a second group that reads the same.
"""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

from acwizard.guard import secret_kind
from acwizard.model import DESCRIPTION_MAX_LENGTH, AppConnector
from acwizard.problems import first_error
from acwizard.text import skeleton

__all__ = [
    "DESCRIPTION_MAX_LENGTH",
    "NEW_GROUP_IN_PROFIT",
    "description_error",
    "group_key",
    "secret_error",
]

DESCRIPTION: TypeAdapter[str] = TypeAdapter(
    AppConnector.model_fields["description"].rebuild_annotation()
)
"""The model's own rule for a description, to check the one field step 1 asks for."""

NEW_GROUP_IN_PROFIT = "add it in Profit too (Profit's help: Add a user group)"
"""What a new user group still needs: the connector file names it, Profit must have it."""


def description_error(text: str) -> str | None:
    """Why `text` is not a valid description, in the model's own words, or None.

    A description the secret guard recognises is refused by what it looks like (never
    repeated) before it becomes a would-be file name, a toast or a file."""
    return secret_error(text, "description") or _model_error(text)


def secret_error(text: str, field: str) -> str | None:
    """What `text` typed in the wizard's `field` looks like when it is a credential, or None."""
    kind = secret_kind(text, field)
    return f"{kind}; secrets never go into files" if kind else None


def _model_error(text: str) -> str | None:
    """The model's own words on `text` as a description, or None."""
    try:
        DESCRIPTION.validate_python(text)
    except ValidationError as exc:
        return first_error(exc.errors())[1]
    return None


def group_key(name: str) -> str:
    """What a user group's name reads as: two names with one key are one group to people."""
    return skeleton(name)
