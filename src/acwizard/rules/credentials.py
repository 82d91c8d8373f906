"""The credentials register under review: AFAS's App connector Auditor's questions, from the files.

Who holds a classic token, since when, whether it is still used, whether the holder
belongs to the connector's user group and whether that group holds one user; which
client secrets and certificates run out, and when. Each answer is a review finding
with a level; `high` only for a credential already expired and for a hybrid
connector still holding classic tokens once they expired (1 May 2027), so that CI
with `--fail-on high` does not turn red merely because a register is incomplete.

A register that is not recorded (no `tokens` key, no `secrets`) gives no finding
about its contents; audit's migration section says "not recorded" instead. This
module never imports Textual, nor pydantic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal

from acwizard.catalog import Catalog
from acwizard.model.format import DEFAULT_SECRET_VALIDITY_DAYS
from acwizard.model.protocol import ConnectorLike, TokenLike
from acwizard.rules.deadlines import CLASSIC_EXPIRY, EXPIRY_WINDOW_DAYS, day_words, days_words
from acwizard.rules.findings import ReviewLevel
from acwizard.text import Sentence, say

__all__ = [
    "MEMBERS_NAMED",
    "TOKEN_ROTATE_MONTHS",
    "TOKEN_UNUSED_MONTHS",
    "ExpiryMark",
    "credential_findings",
    "earliest_end",
    "ending_finding",
    "expiry_mark",
    "months_before",
]

TOKEN_ROTATE_MONTHS = 12
"""A token issued longer ago than this is rotated (AFAS's Auditor)."""
TOKEN_UNUSED_MONTHS = 3
"""A token not used for longer than this may belong to no app any more (AFAS's Auditor)."""
MEMBERS_NAMED = 5
"""How many members or holders a finding names before "and N more"."""

Add = Callable[[ReviewLevel, str, Sentence | str], None]
ExpiryMark = Literal["expired", "expiring"]
"""What the list marks a connector with: something of its register has expired, or ends
within the window."""


def earliest_end(connector: ConnectorLike) -> date | None:
    """The first day on which a token, client secret or certificate of `connector` ends (its
    recorded `expires` or `not_after`), or None when none has a date. The list's mark and the
    validate cache's row keep this date, not the mark: the mark changes with the day."""
    oauth = connector.oauth
    ends = [token.expires for token in connector.tokens or ()]
    if oauth is not None:
        ends += [secret.expires for secret in oauth.secrets or ()]
        ends += [certificate.not_after for certificate in oauth.certificates]
    known = [end for end in ends if end is not None]
    return min(known) if known else None


def expiry_mark(
    end: date | None, today: date, window: int = EXPIRY_WINDOW_DAYS
) -> ExpiryMark | None:
    """`expired` once `end` (see `earliest_end`) has passed, `expiring` within `window` days
    of it, else None: as audit's findings judge each credential (`ending_finding`)."""
    if end is None:
        return None
    left = (end - today).days
    if left < 0:
        return "expired"
    return "expiring" if left <= window else None


def months_before(today: date, months: int) -> date:
    """The same day `months` months before `today` (the month's last day when it is shorter)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in range(today.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(today.day, 28))


def _names(values: Sequence[str]) -> list[str]:
    """At most MEMBERS_NAMED values, then `and N more`."""
    shown = list(values[:MEMBERS_NAMED])
    if len(values) > MEMBERS_NAMED:
        shown.append(f"and {len(values) - MEMBERS_NAMED} more")
    return shown


def ending_finding(
    what: Sentence, ends: date, today: date, window: int, renew: str
) -> tuple[ReviewLevel, Sentence] | None:
    """`high` once `what` has expired (the day after `ends`), `medium` within `window` days
    of `ends`, else None: one wording for tokens, client secrets and certificates."""
    left = (ends - today).days
    if left < 0:
        return "high", say(
            "{what} expired on {day} ({ago}): {renew}",
            what=what,
            day=day_words(ends),
            ago=days_words(ends, today),
            renew=renew,
        )
    if left <= window:
        return "medium", say(
            "{what} expires on {day} ({left}): {renew}",
            what=what,
            day=day_words(ends),
            left=days_words(ends, today),
            renew=renew,
        )
    return None


def _token(token: TokenLike) -> Sentence:
    """`classic token 'Payroll server (prod)' of 'SYS_PAYROLL'`."""
    return say(
        "classic token {description!q} of {user!q}", description=token.description, user=token.user
    )


def credential_findings(
    connector: ConnectorLike,
    catalog: Catalog | None,
    today: date | None,
    add: Add,
    window: int = EXPIRY_WINDOW_DAYS,
) -> None:
    """Every finding about the connector's tokens, client secrets and certificates, and its
    user group's members (when the catalog lists them)."""
    tokens = connector.tokens
    if tokens is not None:
        _token_count(connector, tokens, add)
        if today is not None:
            for token in tokens:
                _token_dates(token, today, window, add)
            if connector.authentication == "hybrid" and tokens and today >= CLASSIC_EXPIRY:
                holders = sorted({token.user for token in tokens}, key=str.casefold)
                add(
                    "high",
                    "hybrid-classic-tokens",
                    say(
                        "hybrid, still holding classic tokens after they expired on {day} "
                        '(held by {users!q}): revoke them and set authentication = "oauth"',
                        day=day_words(CLASSIC_EXPIRY),
                        users=_names(holders),
                    ),
                )
    if catalog is not None:
        _group_members(connector, tokens, catalog, add)
    _secrets(connector, today, window, add)
    if today is not None:
        _certificates(connector, today, window, add)


def _token_count(connector: ConnectorLike, tokens: Sequence[TokenLike], add: Add) -> None:
    """No token, or more than one, on a classic connector (the Auditor's first questions)."""
    if connector.authentication != "classic":
        return
    if not tokens:
        add(
            "low",
            "no-token",
            "no classic token recorded (tokens = []): no app can sign in; block or delete "
            "the connector if it is unused",
        )
    elif len(tokens) > 1:
        add(
            "medium",
            "more-than-one-token",
            say(
                "{count} classic tokens ({names!q}): AFAS advises one token per app; revoke "
                "those no app uses",
                count=len(tokens),
                names=_names([token.description for token in tokens]),
            ),
        )


def _token_dates(token: TokenLike, today: date, window: int, add: Add) -> None:
    """Issued more than 12 months ago, unused for more than 3 months, expired or expiring."""
    if token.issued is not None and token.issued < months_before(today, TOKEN_ROTATE_MONTHS):
        add(
            "medium",
            "token-old",
            say(
                "{token} was issued on {day}, more than {months} months ago: rotate it (a new "
                "token for the same user, watch Date last used, then delete the old one)",
                token=_token(token),
                day=day_words(token.issued),
                months=TOKEN_ROTATE_MONTHS,
            ),
        )
    if token.last_used is not None and token.last_used < months_before(today, TOKEN_UNUSED_MONTHS):
        add(
            "medium",
            "token-unused",
            say(
                "{token} was last used on {day}, more than {months} months ago: delete it if no "
                "app uses it",
                token=_token(token),
                day=day_words(token.last_used),
                months=TOKEN_UNUSED_MONTHS,
            ),
        )
    if token.expires is not None:
        found = ending_finding(
            _token(token),
            token.expires,
            today,
            window,
            "give the app OAuth (or, until 31 August 2027, a new token) and delete this one",
        )
        if found is not None:
            add(found[0], "token-expiry", found[1])


def _group_members(
    connector: ConnectorLike, tokens: Sequence[TokenLike] | None, catalog: Catalog, add: Add
) -> None:
    """Token holders the group lacks, and a group of more than one user (catalog members)."""
    members = catalog.members_of(connector.user_group)
    if members is None:
        return
    folded = {member.casefold() for member in members}
    for user in sorted({token.user for token in tokens or ()}, key=str.casefold):
        if user.casefold() not in folded:
            add(
                "medium",
                "holder-not-in-group",
                say(
                    "token holder {user!q} is not a member of user group {group!q} (catalog): "
                    "Profit refuses the token, or the catalog is out of date",
                    user=user,
                    group=connector.user_group,
                ),
            )
    if len(members) > 1:
        add(
            "medium",
            "group-members",
            say(
                "user group {group!q} has {count} members ({names!q}): AFAS advises one "
                "system user per app, whose group's rights are the app's",
                group=connector.user_group,
                count=len(members),
                names=_names(list(members)),
            ),
        )


def _secrets(connector: ConnectorLike, today: date | None, window: int, add: Add) -> None:
    """Client secrets without a recorded expiry, expired or expiring, or whose expiry
    disagrees with `secret_validity_days`."""
    oauth = connector.oauth
    if oauth is None or oauth.client_authentication != "client_secret":
        return
    if oauth.secrets is None:
        add(
            "low",
            "secret-expiry-unknown",
            "client secrets not recorded: list each with the expiry date Profit shows "
            "([oauth] secrets), so that expiring warns before one runs out",
        )
        return
    validity = oauth.secret_validity_days or DEFAULT_SECRET_VALIDITY_DAYS
    for secret in oauth.secrets:
        what = say("client secret {label!q}", label=secret.label)
        if secret.expires is None:
            add(
                "low",
                "secret-expiry-unknown",
                say("{what} has no expiry recorded: add the date Profit shows", what=what),
            )
            continue
        if secret.created is not None and (secret.expires - secret.created).days != validity:
            add(
                "low",
                "secret-validity",
                say(
                    "{what} expires {days} days after it was created, but secret_validity_days "
                    "is {validity}: check the date Profit shows",
                    what=what,
                    days=(secret.expires - secret.created).days,
                    validity=validity,
                ),
            )
        if today is not None:
            found = ending_finding(
                what,
                secret.expires,
                today,
                window,
                "add a new secret, switch the app to it, then revoke this one",
            )
            if found is not None:
                add(found[0], "secret-expiry", found[1])


def _certificates(connector: ConnectorLike, today: date, window: int, add: Add) -> None:
    """Certificates of private key JWT that ended or end within the window."""
    oauth = connector.oauth
    if oauth is None:
        return
    for certificate in oauth.certificates:
        what = say("certificate {key!v}", key=certificate.key_id)
        expired = certificate.not_after < today
        renew = (
            "remove it" if expired else "upload its successor, then remove it once the app signs"
        )
        found = ending_finding(what, certificate.not_after, today, window, renew)
        if found is not None:
            code = "certificate-expired" if expired else "certificate-ending"
            add(found[0], code, found[1])
