"""The shape of a recovery draft's connector, checked by pydantic: types only, no rules.

A draft is read as hostile input (`acwizard.drafts`); this says which keys its
connector may have and of which type each is, strictly (no "1" for 1, no true
for 1), with every text one a connector may hold. Kept apart from
`acwizard.drafts` so that pydantic loads only when a draft is read, never
before the TUI's first paint. This module never imports Textual.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal, NotRequired

from pydantic import (
    AfterValidator,
    ConfigDict,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    with_config,
)
from typing_extensions import TypedDict  # pydantic needs it before Python 3.12

from acwizard.text import unsafe_character


def _check_line(value: str) -> str:
    """A one-line text a connector may hold (the model's own test, `unsafe_character`)."""
    if unsafe_character(value) is not None:
        raise ValueError("not a text a connector holds")
    return value


def _check_notes(value: str) -> str:
    """Notes: line breaks and tabs allowed (model._check_notes), nothing else unsafe."""
    if unsafe_character(value, allow_newlines=True) is not None:
        raise ValueError("not a text a connector holds")
    return value


_Line = Annotated[str, AfterValidator(_check_line)]
"""A text that can go into a field and onto the terminal as it is: never a control or
bidirectional character (a draft refused for one is never offered, and stays on disk)."""
_SHAPE = ConfigDict(strict=True, extra="forbid")
"""Types as they are (no "1" for 1, no true for 1), and no key a connector does not have."""


@with_config(_SHAPE)
class _IpLine(TypedDict, total=False):
    """An IP restriction line as on screen (model.IpRestriction: no other key)."""

    address: _Line | None
    subnet_mask: _Line | None
    access: _Line | None


@with_config(_SHAPE)
class _Webhook(TypedDict, total=False):
    """A webhook as on screen."""

    description: _Line
    url: _Line
    blocked: bool


_Date = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
"""A date as JSON text, YYYY-MM-DD (made a date again by `drafts._dates`)."""


@with_config(_SHAPE)
class _Certificate(TypedDict):
    """A certificate: both keys, its date as JSON text (YYYY-MM-DD, made a date by `_dates`)."""

    key_id: _Line
    not_after: _Date


@with_config(_SHAPE)
class _Token(TypedDict):
    """A classic user token of the register: who holds it, its description, its dates."""

    user: _Line
    description: _Line
    issued: NotRequired[_Date | None]
    expires: NotRequired[_Date | None]
    last_used: NotRequired[_Date | None]


@with_config(_SHAPE)
class _Secret(TypedDict):
    """A client secret of the register: its label and dates (never the secret)."""

    label: _Line
    created: NotRequired[_Date | None]
    expires: NotRequired[_Date | None]


@with_config(_SHAPE)
class _OAuth(TypedDict, total=False):
    """The OAuth settings as on screen; no key holds a secret."""

    client_type: _Line | None
    client_authentication: _Line | None
    client_id_hint: _Line | None
    jwks_url: _Line | None
    flows: list[_Line]
    redirect_urls: list[_Line]
    certificates: list[_Certificate]
    secret_validity_days: int | None
    secrets: list[_Secret] | None
    dpop: bool


@with_config(_SHAPE)
class DraftData(TypedDict, total=False):
    """The shape of a connector on screen, as a draft keeps it: types only, no rules."""

    description: _Line
    user_group: _Line
    notes: Annotated[str, AfterValidator(_check_notes)]
    not_secret: list[_Line]
    blocked: bool
    schema_version: int
    authentication: Literal["classic", "hybrid", "oauth"]
    get_connectors: list[_Line]
    update_connectors: list[_Line]
    connectors: list[_Line]
    ip_restrictions: list[_IpLine]
    tokens: list[_Token] | None
    oauth: _OAuth | None
    webhooks: list[_Webhook]


_TypedField = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_-]{0,39}$")]
"""A field's name in a form or on the OAuth tab (`ip-address`, `redirect_urls`)."""
Typed = dict[Literal["ip_form", "webhook_form", "oauth", "token_form"], dict[_TypedField, _Line]]
"""`Draft.typed`: text typed and not applied yet, by field, by place (`drafts.TYPED_PLACES`)."""


@cache
def _typed() -> TypeAdapter[Typed]:
    """The validator of `Typed`, built once, when the first draft with typed text is read."""
    return TypeAdapter(Typed, config=_SHAPE)


def valid_typed(typed: object) -> bool:
    """True when `typed` has the shape of `Draft.typed`."""
    try:
        _typed().validate_python(typed)
    except ValidationError:
        return False
    return True


@cache
def _shape() -> TypeAdapter[DraftData]:
    """The validator of `DraftData`, built once, when the first draft is read."""
    return TypeAdapter(DraftData)


def valid_data(data: object) -> bool:
    """True when `data` has the shape of a connector on screen (`DraftData`)."""
    try:
        _shape().validate_python(data)
    except ValidationError:
        return False
    return True
