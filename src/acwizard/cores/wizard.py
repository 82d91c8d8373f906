"""The New wizard without Textual: the description's rule, and which user group a name is.

The wizard checks the one field step 1 asks for with the model's own rule, and on step 2
offers a new user group named after the connector only when no group of the catalog
reads the same: user groups are matched as descriptions are (`text.skeleton`: case,
runs of spaces, compatibility forms, Cyrillic and Greek look-alikes), so "payroll  sync"
finds "Payroll Sync" instead of offering a second group that reads the same.

The new user group offered (`new_group_offer`) is what the admin typed in the
chooser's filter when that reads as no group of the catalog (issue 18: typing
"Kiosk Users" offered, and Finish wrote, the group named after the connector);
only with nothing typed is it the group named after the app connector.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError

from acwizard.guard import secret_kind
from acwizard.model import DESCRIPTION_MAX_LENGTH, AppConnector
from acwizard.problems import first_error
from acwizard.text import skeleton

__all__ = [
    "DESCRIPTION_MAX_LENGTH",
    "NEW_GROUP_IN_PROFIT",
    "NewGroup",
    "description_error",
    "group_key",
    "new_group_offer",
    "secret_error",
    "user_group_error",
]

DESCRIPTION: TypeAdapter[str] = TypeAdapter(
    AppConnector.model_fields["description"].rebuild_annotation()
)
"""The model's own rule for a description, to check the one field step 1 asks for."""
USER_GROUP: TypeAdapter[str] = TypeAdapter(
    AppConnector.model_fields["user_group"].rebuild_annotation()
)
"""The model's own rule for a user group's name, to check a new group before it is offered."""

NEW_GROUP_IN_PROFIT = "add it in Profit too (Profit's help: Add a user group)"
"""What a new user group still needs: the connector file names it, Profit must have it."""


def description_error(text: str) -> str | None:
    """Why `text` is not a valid description, in the model's own words, or None.

    A description the secret guard recognises is refused by what it looks like (never
    repeated) before it becomes a would-be file name, a toast or a file."""
    return secret_error(text, "description") or _rule_error(DESCRIPTION, text)


def secret_error(text: str, field: str) -> str | None:
    """What `text` typed in the wizard's `field` looks like when it is a credential, or None."""
    kind = secret_kind(text, field)
    return f"{kind}; secrets never go into files" if kind else None


def user_group_error(text: str) -> str | None:
    """Why `text` is not a valid user group name (a credential, or the model's own words), or
    None."""
    return secret_error(text, "user_group") or _rule_error(USER_GROUP, text)


def _rule_error(rule: TypeAdapter[str], text: str) -> str | None:
    """Why `text` breaks `rule`, in the model's own words, or None."""
    try:
        rule.validate_python(text)
    except ValidationError as exc:
        return first_error(exc.errors())[1]
    return None


def group_key(name: str) -> str:
    """What a user group's name reads as: two names with one key are one group to people."""
    return skeleton(name)


@dataclass(frozen=True, slots=True)
class NewGroup:
    """A new user group the chooser offers: the name written on Finish, exactly as shown."""

    name: str
    typed: bool
    """True: the admin typed it; False: named after the app connector."""
    error: str | None = None
    """Why no file may name it (the model's rule), or None: offered, not choosable."""


def new_group_offer(
    typed: str, connector_name: str | None, existing: Container[str]
) -> NewGroup | None:
    """The new user group to offer, or None when the name reads as a group that exists.

    `typed`: the chooser's filter; a name typed there, its runs of spaces made one,
    is the offer. With nothing typed, the group named after the app connector
    (`connector_name`). `existing`: the `group_key` of every group of the catalog.
    """
    name = " ".join(typed.split())
    if name:
        if group_key(name) in existing:
            return None
        return NewGroup(name, typed=True, error=user_group_error(name))
    if connector_name and group_key(connector_name) not in existing:
        return NewGroup(connector_name, typed=False)
    return None
