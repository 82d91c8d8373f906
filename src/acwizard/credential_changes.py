"""What a change to the credentials register means, for `acwizard diff` and the save preview.

Classic user tokens and client secrets added, removed or renewed, the client id
hint, and the secret guard's hatch (`not_secret`): a reviewer sees each as a
sentence, as `acwizard.changes` says grants and sign-in settings. Values are
shown as `text.say` shows them (quoted, and `[secret removed]` for a credential
that reached a file anyway). This module never imports Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from acwizard.model import AppConnector, ClientSecret, UserToken
from acwizard.text import say

__all__ = ["hatch_changes", "register_changes"]


def register_changes(before: AppConnector | None, after: AppConnector) -> list[str]:
    """The credentials register: classic tokens and client secrets added, removed or renewed
    (a new expiry or issue date under the same description or label), the client id hint.

    Each token is known by its description and each secret by its label, as Profit keeps
    them unique; a date last used that moved is no access change. A register that starts
    or stops being recorded is one line, not a line per credential it always held.
    """
    lines = _dated(
        "classic token",
        [_token_key(token) for token in before.tokens or []] if before else [],
        [_token_key(token) for token in after.tokens or []],
        recorded=(before is not None and before.tokens is not None, after.tokens is not None),
    )
    old = before.oauth if before is not None else None
    new = after.oauth
    lines += _dated(
        "client secret",
        [_secret_key(secret) for secret in (old.secrets or []) if old] if old else [],
        [_secret_key(secret) for secret in (new.secrets or [])] if new else [],
        recorded=(
            old is not None and old.secrets is not None,
            new is not None and new.secrets is not None,
        ),
    )
    old_hint = old.client_id_hint if old else None
    new_hint = new.client_id_hint if new else None
    if old_hint != new_hint:
        if new_hint is None:
            lines.append(say("client id hint removed (was {hint!q})", hint=old_hint))
        elif old_hint is None:
            lines.append(say("client id hint: {hint!q}", hint=new_hint))
        else:
            lines.append(say("client id hint: {a!q} -> {b!q}", a=old_hint, b=new_hint))
    return lines


class _Dated(NamedTuple):
    """A credential as the diff compares it."""

    key: str
    """Its description or label, folded: Profit keeps each unique."""
    name: str
    holder: str
    """A token's user; "" for a secret."""
    dates: str
    """Its dates in words (`_dates`)."""
    expires: date | None


def _token_key(token: UserToken) -> _Dated:
    """A token by its description; its dates as the diff shows them."""
    return _Dated(
        token.description.casefold(),
        token.description,
        token.user,
        _dates(("issued", token.issued), ("expires", token.expires)),
        token.expires,
    )


def _secret_key(secret: ClientSecret) -> _Dated:
    """A secret by its label; its dates as the diff shows them."""
    return _Dated(
        secret.label.casefold(),
        secret.label,
        "",
        _dates(("created", secret.created), ("expires", secret.expires)),
        secret.expires,
    )


def _dates(*dates: tuple[str, date | None]) -> str:
    """`issued 2026-03-01, expires 2027-05-01`; "" when neither is known."""
    return ", ".join(f"{name} {day.isoformat()}" for name, day in dates if day is not None)


def _dated(
    what: str, old: list[_Dated], new: list[_Dated], recorded: tuple[bool, bool]
) -> list[str]:
    """Added, removed and renewed (a later expiry) or re-dated credentials of one kind."""
    if recorded == (False, True):
        if not new:
            return [f"{what}s now recorded: none"]
        return [say("{what}s now recorded: {names!q}", what=what, names=[i.name for i in new])]
    if recorded == (True, False):
        return [f"{what}s no longer recorded"]
    old_by_key = {item.key: item for item in old}
    new_by_key = {item.key: item for item in new}
    lines: list[str] = []
    for key, item in new_by_key.items():
        earlier = old_by_key.get(key)
        if earlier is None or earlier.holder != item.holder:
            if earlier is not None:
                lines.append(say("{what} removed: {name!q}", what=what, name=earlier.name))
            lines.append(_added(what, item))
        elif earlier.dates != item.dates:
            later = item.expires is not None and (
                earlier.expires is None or item.expires > earlier.expires
            )
            lines.append(
                say(
                    "{what} {name!q} {how}: {a} -> {b}",
                    what=what,
                    name=item.name,
                    how="renewed" if later else "dates changed",
                    a=earlier.dates or "no dates",
                    b=item.dates or "no dates",
                )
            )
    for key, item in old_by_key.items():
        if key not in new_by_key:
            lines.append(say("{what} removed: {name!q}", what=what, name=item.name))
    return lines


def _added(what: str, item: _Dated) -> str:
    """`classic token added: 'Prod' held by 'SYS_PAYROLL' (expires 2027-05-01)`."""
    held = say(" held by {user!q}", user=item.holder) if item.holder else ""
    dates = f" ({item.dates})" if item.dates else ""
    return say(
        "{what} added: {name!q}{held}{dates}", what=what, name=item.name, held=held, dates=dates
    )


def hatch_changes(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """Fields a reviewer confirmed hold no secret (`not_secret`): each added one is a guess of
    the secret guard silenced there, for every later reviewer to see."""
    lines: list[str] = [
        say(
            "not_secret: field {field!v} confirmed to hold no secret (the guard's guesses are "
            "silenced there)",
            field=field,
        )
        for field in new
        if field not in old
    ]
    lines += [
        say("not_secret: {field!v} no longer confirmed", field=field)
        for field in old
        if field not in new
    ]
    return lines
