"""The expiry calendar: which tokens, client secrets and certificates run out, and when.

`acwizard expiring` lists what has expired or expires within a window, soonest
first, with AFAS's two classic-token deadlines for every classic and hybrid
connector: on 1 May 2027 existing classic tokens expire, after 31 August 2027
connectors with a classic token stop. The deadlines are always listed and
count like any expiry once inside the window, also after they passed, so a
daily job keeps alerting until the connector is migrated.

Plain functions on plain values: `connector_items` makes the items of one
connector from its register (user tokens, client secrets, certificates),
`expiries` does so for a connector as the model (or the fast path) holds it,
`select` applies the window, and `render_text`, `render_markdown`,
`render_json`, `render_csv` and `render_ics` write them. The deadlines are
`acwizard.rules.deadlines`' (one place for both dates).

JSON (`render_json`), stable keys: `today` and `within_days`; `items`, each with
`connector` (the file's id), `description`, `authentication` (classic, hybrid,
oauth), `kind` (token, client_secret, certificate, deadline), `holder` (the
token's user, the secret's label, the certificate's key id, or what the
deadline ends), `date` (YYYY-MM-DD), `days_left` (negative once passed) and
`expired`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from acwizard.reports.markdown import code, inline
from acwizard.rules.deadlines import CLASSIC_END, CLASSIC_EXPIRY
from acwizard.text import escaped, json_text, quoted, redacted

if TYPE_CHECKING:
    from acwizard.model.protocol import ConnectorLike

TOKENS_EXPIRE = CLASSIC_EXPIRY
"""Every existing classic token expires (AFAS, September 2026): `rules.CLASSIC_EXPIRY`."""
CLASSIC_STOPS = CLASSIC_END
"""The last day app connectors with a classic token work: `rules.CLASSIC_END`."""

Kind = Literal["token", "client_secret", "certificate", "deadline"]

KIND_LABELS: dict[Kind, str] = {
    "token": "classic token",
    "client_secret": "client secret",
    "certificate": "certificate",
    "deadline": "classic-token deadline",
}
"""How each kind reads in text, markdown and the calendar."""

_KIND_ORDER: dict[Kind, int] = {"deadline": 0, "token": 1, "client_secret": 2, "certificate": 3}

DEADLINE_TOKENS = "classic tokens expire"
DEADLINE_STOP = "connectors with a classic token stop working"
"""The holders of the two deadline items: what each deadline ends, in the words of
`rules.deadlines_text`."""

ALARM_DAYS = 14
"""The calendar reminds this many days before each date."""

PRODID = "-//acwizard//App connector expiry calendar//EN"
UID_DOMAIN = "acwizard.invalid"
"""UIDs end in a domain that is no one's (RFC 2606), so they never collide with real ones."""


@dataclass(frozen=True, slots=True)
class ExpiryItem:
    """One date on the calendar: a credential of a connector that runs out, or a deadline."""

    connector_id: str
    description: str
    authentication: str
    kind: Kind
    holder: str
    date: date
    days_left: int
    """Days from `today` to `date`; negative once it passed."""

    @property
    def expired(self) -> bool:
        """True once the date has passed (on the date itself it is still valid)."""
        return self.days_left < 0

    def when(self) -> str:
        """`expired 3 days ago`, `expires today`, `in 12 days`."""
        if self.days_left < 0:
            days = -self.days_left
            return f"expired {days} day{'s' if days != 1 else ''} ago"
        if self.days_left == 0:
            return "expires today"
        return f"in {self.days_left} day{'s' if self.days_left != 1 else ''}"


@dataclass(frozen=True, slots=True)
class Dated:
    """A credential of the register: who holds it (or its label, or key id), and its end."""

    holder: str
    expires: date | None


def connector_items(
    connector_id: str,
    description: str,
    authentication: str,
    today: date,
    tokens: Iterable[Dated] = (),
    secrets: Iterable[Dated] = (),
    certificates: Iterable[Dated] = (),
) -> list[ExpiryItem]:
    """Every dated credential of one connector, and the two deadlines when it is classic or
    hybrid. A credential without a date has no place on a calendar (audit names it)."""

    def item(kind: Kind, holder: str, when: date) -> ExpiryItem:
        days = (when - today).days
        return ExpiryItem(connector_id, description, authentication, kind, holder, when, days)

    items = [item("token", token.holder, token.expires) for token in tokens if token.expires]
    items += [item("client_secret", one.holder, one.expires) for one in secrets if one.expires]
    items += [
        item("certificate", cert.holder, cert.expires) for cert in certificates if cert.expires
    ]
    if authentication in ("classic", "hybrid"):
        items.append(item("deadline", DEADLINE_TOKENS, TOKENS_EXPIRE))
        items.append(item("deadline", DEADLINE_STOP, CLASSIC_STOPS))
    return items


def expiries(connector_id: str, connector: ConnectorLike, today: date) -> list[ExpiryItem]:
    """`connector_items` of a connector as the model or the fast path holds it: each token by
    its holder (user), each client secret by its label, each certificate by its key id."""
    oauth = connector.oauth
    secrets = (oauth.secrets or []) if oauth is not None else []
    certificates = oauth.certificates if oauth is not None else []
    return connector_items(
        connector_id,
        redacted(connector.description),
        connector.authentication,
        today,
        tokens=[Dated(redacted(token.user), token.expires) for token in connector.tokens or ()],
        secrets=[Dated(redacted(secret.label), secret.expires) for secret in secrets],
        certificates=[Dated(item.key_id, item.not_after) for item in certificates],
    )


def _order(item: ExpiryItem) -> tuple[date, str, str, int, str]:
    """Soonest first; on one day by connector, then deadlines, tokens, secrets, certificates."""
    return (
        item.date,
        item.connector_id.casefold(),
        item.connector_id,
        _KIND_ORDER[item.kind],
        item.holder,
    )


def select(items: Iterable[ExpiryItem], within: int) -> list[ExpiryItem]:
    """The items to list: every credential expired or expiring within `within` days, and every
    deadline (always listed: the migration calendar), soonest first."""
    chosen = [item for item in items if item.kind == "deadline" or item.days_left <= within]
    return sorted(chosen, key=_order)


def needs_attention(items: Iterable[ExpiryItem], within: int) -> bool:
    """True when something has expired or falls inside the window, deadlines included (also
    after they passed): `acwizard expiring` then exits 1, so a daily job alerts."""
    return any(item.days_left <= within for item in items)


def _what(item: ExpiryItem) -> str:
    """What the item is, in words: `client secret '2026-H2'`, `classic tokens expire`."""
    if item.kind == "deadline":
        return escaped(item.holder)
    return f"{KIND_LABELS[item.kind]} {quoted(item.holder)}"


# -- text and markdown ------------------------------------------------------------------------


def render_text(items: Sequence[ExpiryItem], today: date, within: int) -> str:
    """One line per item: date, how far away, connector, what ends; user text escaped."""
    if not items:
        return f"nothing expires within {within} days of {today.isoformat()}\n"
    lines = [
        f"{item.date.isoformat()}  {item.when():<22}  {escaped(item.connector_id)} "
        f"({quoted(item.description)}, {item.authentication}): {_what(item)}"
        for item in items
    ]
    return "\n".join(lines) + "\n"


def render_markdown(items: Sequence[ExpiryItem], today: date, within: int) -> str:
    """A table for a PR comment or an issue; every user text is inert (`acwizard.reports.markdown`)."""
    heading = f"### Expiring within {within} days of {today.isoformat()}\n\n"
    if not items:
        return heading + "Nothing expires.\n"
    rows = [
        "| Date | Days left | Connector | Description | Authentication | Kind | Holder |",
        "|---|---:|---|---|---|---|---|",
    ]
    for item in items:
        rows.append(
            f"| {item.date.isoformat()} | {item.days_left} | {code(item.connector_id, in_table=True)}"
            f" | {inline(item.description)} | {item.authentication} | {KIND_LABELS[item.kind]}"
            f" | {inline(item.holder)} |"
        )
    return heading + "\n".join(rows) + "\n"


# -- JSON and CSV -------------------------------------------------------------------------------


def render_json(items: Sequence[ExpiryItem], today: date, within: int) -> str:
    """The items with the keys the module docstring lists; unsafe characters escaped."""
    document = {
        "today": today.isoformat(),
        "within_days": within,
        "items": [
            {
                "connector": item.connector_id,
                "description": item.description,
                "authentication": item.authentication,
                "kind": item.kind,
                "holder": item.holder,
                "date": item.date.isoformat(),
                "days_left": item.days_left,
                "expired": item.expired,
            }
            for item in items
        ],
    }
    return json_text(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


CSV_HEADER = (
    "connector", "description", "authentication", "kind", "holder", "date", "days_left",
    "days_to_token_expiry", "days_to_connector_stop",
)  # fmt: skip
"""The spreadsheet's columns; the two last are empty for an OAuth connector."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def inert_cell(text: str) -> str:
    """`text` as a spreadsheet cell that is never a formula (CSV injection, OWASP).

    A cell starting with `=`, `+`, `-` or `@`, also after leading spaces or
    tabs, or with a tab or carriage return, gets a leading `'`: Excel and
    LibreOffice then show it as text. Control and invisible characters are
    shown as escapes, as everywhere acwizard writes user text.
    """
    shown = escaped(text)
    if text.startswith(_FORMULA_STARTS) or text.lstrip(" \t\r\n").startswith(_FORMULA_STARTS):
        return "'" + shown
    return shown


def render_csv(items: Sequence[ExpiryItem], today: date) -> str:
    """The migration spreadsheet: UTF-8 with a byte-order mark (so Excel reads it as UTF-8),
    comma separated, CRLF line ends. Numbers are written by acwizard and stay numbers; every
    text cell passes `inert_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for item in items:
        classic = item.authentication in ("classic", "hybrid")
        writer.writerow(
            [
                inert_cell(item.connector_id),
                inert_cell(item.description),
                inert_cell(item.authentication),
                item.kind,
                inert_cell(item.holder),
                item.date.isoformat(),
                item.days_left,
                (TOKENS_EXPIRE - today).days if classic else "",
                (CLASSIC_STOPS - today).days if classic else "",
            ]
        )
    return "\ufeff" + out.getvalue()


# -- iCalendar -----------------------------------------------------------------------------------


def _uids(items: Sequence[ExpiryItem]) -> list[str]:
    """A UID per item from what it is (connector, kind, holder), never from its date or the
    clock: a renewed credential keeps its UID, so re-importing moves the event instead of
    adding one. Two items alike (one user's two tokens) are told apart by their order."""
    seen: Counter[tuple[str, str, str]] = Counter()
    uids = []
    for item in items:
        key = (item.connector_id, item.kind, item.holder)
        seen[key] += 1
        digest = hashlib.sha256("\x00".join((*key, str(seen[key]))).encode()).hexdigest()
        uids.append(f"{digest[:32]}@{UID_DOMAIN}")
    return uids


def _summary(item: ExpiryItem) -> str:
    """The event's title: what ends, for which connector."""
    name = escaped(item.description)
    if item.kind == "deadline":
        if item.holder == DEADLINE_STOP:
            return f"{name}: classic token stops working (migrate to OAuth)"
        return f"{name}: classic tokens expire"
    return f"{name}: {KIND_LABELS[item.kind]} {escaped(item.holder)} expires"


def _text(value: str) -> str:
    """An iCalendar TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line
    breaks escaped. (acwizard's own `escaped` already showed control characters.)"""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _folded(line: str) -> str:
    """`line` folded as RFC 5545 3.1 asks (at most 75 octets a line, never inside a UTF-8
    sequence, continuation lines start with a space) and ended with CRLF; the folds fall
    where icalendar puts them, so the bytes are what that library writes."""
    if line.isascii():  # every character one octet: slices (figure 10: 10,000 events)
        return line + "\r\n" if len(line) < 75 else _folded_ascii(line)
    pieces: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= 75:
            if len(current) > 1 and current[-1] in "\\^":  # keep an escape with its char
                carried = current.pop()
                pieces.append("".join(current))
                current, count = [carried], len(carried.encode("utf-8"))
            else:
                pieces.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def _folded_ascii(line: str) -> str:
    """`_folded` for a line of one-octet characters: 74 a piece, one less where the piece
    would end in an escape's backslash or caret."""
    pieces = []
    start = 0
    while len(line) - start > 74:
        end = start + 74
        if line[end - 1] in "\\^":  # keep an escape with its char
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return "\r\n ".join(pieces) + "\r\n"


_EVENT_MIDDLE = (
    "TRANSP:TRANSPARENT\r\n"
    "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\n"
    "X-MICROSOFT-CDO-BUSYSTATUS:FREE\r\n"
    "BEGIN:VALARM\r\n"
    "ACTION:DISPLAY\r\n"
)
"""The lines of every event that hold no data (short: never folded)."""


def _event(item: ExpiryItem, uid: str) -> str:
    """An all-day event on the item's date with a display reminder ALARM_DAYS before, its
    properties in the order icalendar writes them. DTSTAMP comes from the data (a later date,
    a renewal, stamps later), never from the clock. Only lines that hold text are folded."""
    day = item.date.isoformat().replace("-", "")
    summary = _text(_summary(item))
    description = (
        f"App connector {escaped(item.connector_id)} ({escaped(item.description)}), "
        f"authentication {item.authentication}: {_what(item)}, {item.date.isoformat()}."
    )
    following = (item.date + timedelta(days=1)).isoformat().replace("-", "")
    return (
        f"BEGIN:VEVENT\r\n{_folded(f'SUMMARY:{summary}')}"
        f"DTSTART;VALUE=DATE:{day}\r\nDTEND;VALUE=DATE:{following}\r\n"
        f"DTSTAMP:{day}T000000Z\r\n{_folded(f'UID:{_text(uid)}')}"
        f"{_folded(f'CATEGORIES:acwizard,{_text(KIND_LABELS[item.kind])}')}"
        f"{_folded(f'DESCRIPTION:{_text(description)}')}{_EVENT_MIDDLE}"
        f"{_folded(f'DESCRIPTION:{summary}')}"  # the alarm says what the title says
        f"TRIGGER:-P{ALARM_DAYS}D\r\nEND:VALARM\r\nEND:VEVENT\r\n"
    )


def render_ics(items: Sequence[ExpiryItem]) -> bytes:
    """An iCalendar file (RFC 5545) Outlook, Google and Apple import: METHOD:PUBLISH, one
    all-day event per item, CRLF line ends and folded lines. The same items give the same
    bytes: nothing depends on the clock or the order of the input.

    Written as text, not through icalendar's objects: its `Event` and `to_ical` cost about
    0.5 ms an event, 5 s for the 10,000 events of 5,000 classic connectors (figure 10 in
    docs/benchmarks.md). The tests parse the result with icalendar and compare it byte for
    byte with what icalendar writes for the same events."""
    ordered = sorted(items, key=_order)
    head = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        f"{_folded(f'PRODID:{_text(PRODID)}')}"
        "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:App connector expiries\r\n"
    )
    events = [_event(item, uid) for item, uid in zip(ordered, _uids(ordered), strict=True)]
    return (head + "".join(events) + "END:VCALENDAR\r\n").encode("utf-8")
