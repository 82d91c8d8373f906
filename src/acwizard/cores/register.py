"""The credentials register on screen: the User tokens tab, and the OAuth tab's secrets and
certificates with their expiry.

Profit's tab lists each classic user token with its user, its unique
*Description* and its *Date last used*; the register adds when it was issued
and when it expires. Never the token itself: the form's fields are metadata, and
a value the secret guard recognises is refused at its field ("looks like an AFAS
token"), never repeated.

`TokenRules` checks one token being added or edited, field by field as typed, in
the model's words (`UserToken`), with the description unique among the
connector's other tokens and dates as YYYY-MM-DD (empty: not recorded).
`token_rows` and `token_summary` are what the tab shows, `secret_rows` and
`certificate_rows` what the OAuth tab shows, each expiry judged as the list and
audit judge it (`rules.expiry_mark`) and said in words after its date. Nothing
here imports Textual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from acwizard.cores.checks import field_check, message_of
from acwizard.guard import secret_kind
from acwizard.model import UserToken
from acwizard.problems import first_error
from acwizard.rules import EXPIRY_WINDOW_DAYS, expiry_mark
from acwizard.text import visible

__all__ = [
    "TOKEN_COLUMNS",
    "TOKEN_DATES",
    "TOKEN_FIELDS",
    "TokenRules",
    "certificate_rows",
    "refused_secret",
    "secret_rows",
    "token_rows",
    "token_summary",
]

TOKEN_FIELDS = ("user", "description", "issued", "expires", "last_used")
"""The form's fields, in the order of the file's keys."""
TOKEN_DATES = ("issued", "expires", "last_used")
"""The fields that hold a date (YYYY-MM-DD; empty: not recorded)."""
TOKEN_COLUMNS = ("User", "Description", "Issued", "Expires", "Date last used")
"""The tab's columns: Profit's words where it has them (Description, Date last used)."""
MARK_WORDS = {"expired": "expired", "expiring": "soon"}
"""What the Expires column adds to a date: readable without colour."""
USER_CHECK = field_check(UserToken, "user")
DESCRIPTION_CHECK = field_check(UserToken, "description")


def refused_secret(text: str, field: str) -> str:
    """What the secret guard says of `text` typed in `field` ("looks like a JWT; ..."), or "".
    The answer never holds the value or a piece of it."""
    kind = secret_kind(text, field)
    return f"{kind}; secrets never go into files" if kind else ""


@dataclass
class TokenRules:
    """The rules of one token among the connector's `others` (the tokens not being edited)."""

    others: Sequence[UserToken] = ()

    def user_problem(self, text: str) -> str:
        """The model's rule for the holder's user name, then the secret guard's."""
        return refused_secret(text, "user") or message_of(USER_CHECK, text)

    def description_problem(self, text: str) -> str:
        """The model's rule for a description, the guard's, and unique among the others
        (ignoring case, as Profit keeps it)."""
        problem = refused_secret(text, "description") or message_of(DESCRIPTION_CHECK, text)
        if problem:
            return problem
        folded = text.strip().casefold()
        if any(other.description.casefold() == folded for other in self.others):
            return "another token of this connector has this description: Profit keeps each unique"
        return ""

    @staticmethod
    def date_problem(text: str) -> str:
        """A date as YYYY-MM-DD, or nothing (not recorded)."""
        text = text.strip()
        if not text:
            return ""
        try:
            if len(text) == 10:  # fromisoformat also takes 20270501 and week dates
                date.fromisoformat(text)
                return ""
        except ValueError:
            pass
        return "must be a date as YYYY-MM-DD, such as 2027-05-01 (or empty: not recorded)"

    def problem(self, field: str, text: str) -> str:
        """What is wrong with `text` in the form's field `field`, or ""."""
        if field == "user":
            return self.user_problem(text)
        if field == "description":
            return self.description_problem(text)
        return self.date_problem(text)

    def token(self, typed: dict[str, str]) -> tuple[dict[str, Any] | None, str]:
        """The token the form's fields describe, as plain data, or None and `field: what is
        wrong` (the first field in the form's order, then the model's rule on the dates)."""
        for field in TOKEN_FIELDS:
            problem = self.problem(field, typed.get(field, ""))
            if problem:
                return None, f"{field}: {problem}"
        data: dict[str, Any] = {
            "user": typed.get("user", "").strip(),
            "description": typed.get("description", "").strip(),
        }
        for field in TOKEN_DATES:
            text = typed.get(field, "").strip()
            if text:
                data[field] = date.fromisoformat(text)
        try:
            return UserToken.model_validate(data).model_dump(exclude_none=True), ""
        except ValidationError as exc:
            field, text = first_error(exc.errors())
            return None, f"{field or 'token'}: {text}"


def _day(value: date | None) -> str:
    """A date as the table shows it; '-' when not recorded."""
    return value.isoformat() if value is not None else "-"


def _ending(value: date | None, today: date, window: int) -> str:
    """An end date as the tables show it: `2026-12-20 soon`, `2026-11-27 expired`."""
    mark = expiry_mark(value, today, window)
    return _day(value) + (f" {MARK_WORDS[mark]}" if mark else "")


def secret_rows(
    secrets: Sequence[Mapping[str, Any]], today: date, window: int = EXPIRY_WINDOW_DAYS
) -> list[tuple[str, ...]]:
    """The OAuth tab's client secrets (plain data: label, created, expires): label, created,
    and the expiry marked when it has passed or is within `window` days."""
    return [
        (
            visible(str(secret["label"])),
            _day(secret.get("created")),
            _ending(secret.get("expires"), today, window),
        )
        for secret in secrets
    ]


def certificate_rows(
    certificates: Sequence[Mapping[str, Any]], today: date, window: int = EXPIRY_WINDOW_DAYS
) -> list[tuple[str, ...]]:
    """The OAuth tab's certificates (plain data: key_id, not_after): key ID and the end,
    marked when it has passed or is within `window` days."""
    return [
        (visible(str(item["key_id"])), _ending(item.get("not_after"), today, window))
        for item in certificates
    ]


def token_rows(
    tokens: Sequence[UserToken], today: date, window: int = EXPIRY_WINDOW_DAYS
) -> list[tuple[str, ...]]:
    """The tab's rows (`TOKEN_COLUMNS`), in the file's order; an expiry already passed or
    within `window` days says so after its date."""
    return [
        (
            visible(token.user),
            visible(token.description),
            _day(token.issued),
            _ending(token.expires, today, window),
            _day(token.last_used),
        )
        for token in tokens
    ]


def token_summary(
    tokens: Sequence[UserToken] | None,
    authentication: str,
    today: date,
    window: int = EXPIRY_WINDOW_DAYS,
) -> str:
    """The line above the table: how many tokens, which expired or expire soon, or why the
    tab is empty (not recorded, none, or an OAuth connector, which holds none)."""
    if authentication == "oauth":
        return (
            "An OAuth connector holds no classic token: tokens belong to classic and hybrid "
            "connectors (General, Authentication)."
        )
    if tokens is None:
        return "Tokens not recorded. Press n to add the first as Profit's User tokens tab lists it."
    if not tokens:
        return "No token: no app can sign in with a classic token. Press n to add one."
    expired = [token for token in tokens if expiry_mark(token.expires, today, window) == "expired"]
    soon = [token for token in tokens if expiry_mark(token.expires, today, window) == "expiring"]
    words = [f"{len(tokens)} token{'s' * (len(tokens) != 1)}"]
    if expired:
        words.append(f"{len(expired)} expired")
    if soon:
        words.append(f"{len(soon)} expiring within {window} days")
    return ", ".join(words) + " (all end by 1 May 2027)."
