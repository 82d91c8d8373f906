"""The credentials register: who holds a classic token, which client secrets exist, until when.

Metadata only, never a secret: Profit's User tokens tab shows each token's user,
its unique description and the date it was last used; a client secret has a
validity period (Profit 9: 180 days by default) and an expiry date. A file that
records any of it is schema_version 3 (`format.V3_FIELDS`).

- `UserToken`: one classic user token (`tokens = [...]`, classic and hybrid
  connectors only). A missing `tokens` key means "not recorded"; `tokens = []`
  means the connector has no token.
- `ClientSecret`: one client secret of a `client_secret` client
  (`[oauth] secrets = [...]`).
- `check_client_id_hint`: how the admin recognises the OAuth client, never the
  secret (the secret guard is asked, as if the hint were the secret's field).
- `check_not_secret`: the secret guard's hatch (`guard.HATCH_KEY`) as a list of
  field paths.

Each list is kept in a canonical order (`sorted_tokens`, `sorted_secrets`) and
written one inline table per line, as IP lines and certificates are. This module
imports pydantic.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from acwizard.guard import HATCH_KEY, hatch_fields, secret_kind
from acwizard.model.errors import field_error, rule_error
from acwizard.model.fields import one_line_text, toml_value
from acwizard.model.format import (
    CREDENTIALS_MAX,
    DESCRIPTION_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    SECRET_FIELDS,
    TOKEN_FIELDS,
    USER_MAX_LENGTH,
)

__all__ = [
    "ClientSecret",
    "UserToken",
    "check_client_id_hint",
    "check_not_secret",
    "credentials_toml",
    "sorted_secrets",
    "sorted_tokens",
]


def _in_order(earlier: date | None, later: date | None) -> bool:
    """True unless both dates are known and `later` comes before `earlier`."""
    return earlier is None or later is None or earlier <= later


class UserToken(BaseModel):
    """One classic user token, as Profit's User tokens tab lists it. Never the token itself."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    user: Annotated[str, one_line_text(USER_MAX_LENGTH)] = Field(
        description="The Profit user who holds the token (a member of the user group)."
    )
    description: Annotated[str, one_line_text(DESCRIPTION_MAX_LENGTH)] = Field(
        description="The token's description, unique within the connector (Profit's column)."
    )
    issued: date | None = Field(
        default=None, description="When the token was made (TOML date); absent: not recorded."
    )
    expires: date | None = Field(
        default=None,
        description="When it expires (every existing classic token: 2027-05-01 at the latest).",
    )
    last_used: date | None = Field(
        default=None, description="Profit's 'Date last used'; absent: not recorded."
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> UserToken:
        """A token expires and is used after it was issued."""
        if not _in_order(self.issued, self.expires):
            raise field_error("expires", "is before issued: a token expires after it is made")
        if not _in_order(self.issued, self.last_used):
            raise field_error("last_used", "is before issued: a token is used after it is made")
        return self


class ClientSecret(BaseModel):
    """One client secret of a `client_secret` OAuth client. Never the secret itself."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    label: Annotated[str, one_line_text(LABEL_MAX_LENGTH)] = Field(
        description="How the admin names the secret (such as 2026-H2), unique in the connector."
    )
    created: date | None = Field(default=None, description="When it was made (TOML date).")
    expires: date | None = Field(
        default=None,
        description="The expiry date Profit shows; absent: not recorded (audit asks for it).",
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> ClientSecret:
        """A secret expires after it was made."""
        if not _in_order(self.created, self.expires):
            raise field_error("expires", "is before created: a secret expires after it is made")
        return self


def _no_more_than(values: list[object], what: str) -> None:
    """At most CREDENTIALS_MAX entries, counted before any is checked (hostile input)."""
    if len(values) > CREDENTIALS_MAX:
        raise rule_error(
            "too_many", f"has {len(values):,} {what}; the limit is {CREDENTIALS_MAX:,}"
        )


def check_token_count(value: object) -> object:
    """Before the tokens are checked: not more than CREDENTIALS_MAX."""
    if isinstance(value, list):
        _no_more_than(value, "tokens")
    return value


def check_secret_count(value: object) -> object:
    """Before the secrets are checked: not more than CREDENTIALS_MAX."""
    if isinstance(value, list):
        _no_more_than(value, "secrets")
    return value


def sorted_tokens(tokens: list[UserToken]) -> list[UserToken]:
    """Each description once (ignoring case, as Profit keeps it unique); sorted by user,
    then description, as people read them."""
    seen: dict[str, str] = {}
    for index, token in enumerate(tokens):
        folded = token.description.casefold()
        if folded in seen:
            raise rule_error(
                "duplicate_token",
                "two tokens have the description "
                f"{toml_value(token.description)}: Profit keeps each token's description unique",
                index=index,
                key="description",
            )
        seen[folded] = token.description
    return sorted(
        tokens,
        key=lambda token: (token.user.casefold(), token.user, token.description.casefold()),
    )


def sorted_secrets(secrets: list[ClientSecret]) -> list[ClientSecret]:
    """Each label once (ignoring case); sorted by expiry, unknown expiries last, then label."""
    seen: set[str] = set()
    for index, secret in enumerate(secrets):
        if secret.label.casefold() in seen:
            raise rule_error(
                "duplicate_label",
                f"the label {toml_value(secret.label)} is listed twice",
                index=index,
                key="label",
            )
        seen.add(secret.label.casefold())
    return sorted(
        secrets,
        key=lambda secret: (secret.expires or date.max, secret.label.casefold(), secret.label),
    )


def check_client_id_hint(value: str) -> str:
    """A name the admin recognises the client by, never the secret: a value the guard would
    refuse as a client secret (random-looking, a token, a JWT, a key) is refused here."""
    kind = secret_kind(value, "client_secret")
    if kind is not None:
        raise rule_error(
            "secret_hint",
            f"{kind}; a hint is a name you know the client by (such as payroll-2026), never "
            "the secret or a random value: secrets never go into files",
        )
    return value


def check_not_secret(values: list[str]) -> list[str]:
    """The guard's hatch: field paths (`notes`, `oauth.jwks_url`), each once; kept sorted.

    The guard's own rule (`guard.hatch_fields`) decides what a field path is; an
    entry is named by its position, never by its text (it could be a pasted secret).
    """
    seen: set[str] = set()
    for index, value in enumerate(values):
        if hatch_fields({HATCH_KEY: [value]})[1]:
            raise rule_error(
                "bad_hatch",
                "must name a field, such as notes or oauth.jwks_url (keys joined by dots)",
                index=index,
            )
        if value in seen:
            raise rule_error("duplicate_hatch", "names the same field twice", index=index)
        seen.add(value)
    return sorted(values)


def credentials_toml(name: str, items: list[UserToken] | list[ClientSecret]) -> str:
    """`tokens = [...]` or `secrets = [...]`: one inline table per line, dates as TOML dates,
    keys in `format`'s order, unknown dates left out; `name = []` for an empty list."""
    if not items:
        return f"{name} = []\n"
    fields = TOKEN_FIELDS if name == "tokens" else SECRET_FIELDS
    lines = []
    for item in items:
        parts = []
        for field in fields:
            value = getattr(item, field)
            if value is None:
                continue
            written = value.isoformat() if isinstance(value, date) else toml_value(value)
            parts.append(f"{field} = {written}")
        lines.append("    { " + ", ".join(parts) + " },\n")
    return f"{name} = [\n{''.join(lines)}]\n"
