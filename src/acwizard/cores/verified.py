"""What the TUI says of the last `acwizard verify` result: a mark in the list, lines in the review.

The TUI never asks Profit itself (no network, no httpx here): it reads what
`acwizard verify` kept in the user's state directory (`profit.results`, which
also refuses another workspace's results and reads a damaged file as none)
and says it per connector. A result is only as good as the file it was
checked against: when the file's bytes are no longer those verified (their
fingerprint), the mark says "edited", so an old "matched" never vouches for a
changed file. Every text from the results file goes through `visible`.

The list's mark fits six cells (`MARK_WIDTH`):

    EXTRA   Profit grants a connector the file does not (access nobody reviewed)
    ACTIVE  Profit answers while the file says blocked
    ENV     Profit answered for another environment
    fewer   the file grants a connector Profit does not
    group   the user group differs
    descr   the description differs
    case    an id is spelled otherwise
    +       after a word: more kinds of drift besides
    ok 3d   matched, 3 days ago (<1h, 5h, 3d; old: more than 99 days)
    ? 3d    could not be asked, 3 days ago
    skip    not asked (blocked in its file)
    edited  the file changed since it was verified: the result no longer applies
    -       not verified yet
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from acwizard.files.reading import fingerprint, read_bytes
from acwizard.profit.drift import NOT_SHOWN_NOTE
from acwizard.profit.results import StoredResult, read_results, results_path
from acwizard.text import plural, visible

if TYPE_CHECKING:
    from acwizard.workspace import Workspace

MarkState = Literal["drift", "match", "not_asked", "skipped", "changed", "none"]
MARK_WIDTH = 6
"""Cells of the list's Profit column: the longest mark ("ACTIVE", "edited", "ok 99d")."""
KIND_MARKS = {
    "granted_in_profit": "EXTRA",
    "answers_while_blocked": "ACTIVE",
    "environment": "ENV",
    "missing_in_profit": "fewer",
    "user_group": "group",
    "description": "descr",
    "spelling": "case",
}
"""The mark of each kind of drift: capitals where Profit lets in what nobody reviewed."""
MARK_HELP = (
    "Column: the last acwizard verify run (the list never asks Profit itself). "
    "EXTRA: Profit grants what the file does not, access nobody reviewed; ACTIVE: Profit "
    "answers while the file says blocked; ENV: another environment answered; fewer, group, "
    "descr, case: the file grants more, another user group, description or spelling; "
    "+: more kinds; ok 3d: matched 3 days ago (grants, user group and description only); "
    "? 3d: could not be asked; skip: not asked; edited: the file changed since, the "
    "result no longer applies; -: not verified yet. Open a connector for the details."
)
"""The list's help row on the Profit column."""
NOT_VERIFIED = "-"
EDITED = "edited"
OLD_DAYS = 99
"""Past this many days the age reads "old"."""
SKEW_SECONDS = 300
"""A time this far ahead of the clock is not believed (a clock set wrong, a hand edit)."""
MAX_RESULTS_SHOWN = 40
"""Drifts the review lists; more are counted."""
MESSAGE_LIMIT = 300


@dataclass(frozen=True)
class VerifyMark:
    """What the TUI says of one connector's last verify result."""

    state: MarkState
    cell: str
    """The list's cell, at most `MARK_WIDTH` characters."""
    words: str
    """The same in a sentence, for the review and the help."""


def checked_time(result: StoredResult) -> datetime | None:
    """When the result was found, or None when the stored time is not one."""
    return _parsed_time(result.checked_at)


@functools.lru_cache(maxsize=256)
def _parsed_time(text: str) -> datetime | None:
    """`text` as verify writes times (a run writes one for all: strptime took 80 ms for
    5,000 results), or None."""
    try:
        when = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None
    return when.replace(tzinfo=UTC)


def _seconds_ago(result: StoredResult, now: datetime) -> float | None:
    """How long ago the result was found; None when unknown or in the future."""
    when = checked_time(result)
    if when is None:
        return None
    seconds = (now - when).total_seconds()
    if seconds < -SKEW_SECONDS:
        return None
    return max(0.0, seconds)


def short_age(result: StoredResult, now: datetime) -> str:
    """The age in three cells at most: <1h, 5h, 3d, old; ? when unknown."""
    seconds = _seconds_ago(result, now)
    if seconds is None:
        return "?"
    if seconds < 3600:
        return "<1h"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h"
    days = int(seconds // 86400)
    return f"{days}d" if days <= OLD_DAYS else "old"


def age_words(result: StoredResult, now: datetime) -> str:
    """When, in words: "3 days ago (2026-12-05 10:12 UTC)"; says so when unknown."""
    seconds = _seconds_ago(result, now)
    when = checked_time(result)
    if seconds is None or when is None:
        return "at an unknown time (the results file says no time this clock believes)"
    stamp = when.strftime("%Y-%m-%d %H:%M UTC")
    if seconds < 60:
        return f"just now ({stamp})"
    if seconds < 3600:
        count, unit = int(seconds // 60), "minute"
    elif seconds < 86400:
        count, unit = int(seconds // 3600), "hour"
    else:
        count, unit = int(seconds // 86400), "day"
    return f"{count} {plural(unit, count)} ago ({stamp})"


def _drift_cell(result: StoredResult) -> str:
    """The mark of a drift: its first kind's word, `+` when there are more kinds."""
    kinds = list(dict.fromkeys(result.kinds))
    if not kinds:
        return "EXTRA" if result.unreviewed_access else "drift"
    word = KIND_MARKS[kinds[0]]
    return word + "+" if len(kinds) > 1 and len(word) < MARK_WIDTH else word


def mark_of(result: StoredResult | None, current: str | None, now: datetime) -> VerifyMark:
    """The mark of a connector whose file's fingerprint is `current` now (None: unreadable)."""
    if result is None:
        return VerifyMark("none", NOT_VERIFIED, "not verified against Profit yet")
    asked = result.status in ("match", "drift")
    if asked and (result.fingerprint is None or result.fingerprint != current):
        # No fingerprint, or another: the result was of other bytes than these.
        return VerifyMark(
            "changed",
            EDITED,
            "the file changed since it was verified: the result no longer applies",
        )
    age = short_age(result, now)
    if result.status == "match":
        return VerifyMark("match", f"ok {age}", "Profit matched the file")
    if result.status == "drift":
        return VerifyMark("drift", _drift_cell(result), "Profit differed from the file")
    if result.status == "skipped":
        return VerifyMark("skipped", "skip", "not asked")
    return VerifyMark("not_asked", f"? {age}", "Profit could not be asked")


def review_lines(
    connector_id: str, result: StoredResult | None, current: str | None, now: datetime
) -> list[str]:
    """The review's lines on the last verify result of `connector_id`; none without one."""
    if result is None:
        return []
    mark = mark_of(result, current, now)
    when = age_words(result, now)
    base = visible(result.base, 200)
    hint = f"  acwizard verify {connector_id} asks Profit again."
    lines: list[str] = []
    if mark.state == "changed":
        was = {"match": "it matched", "drift": "it differed"}.get(result.status, "")
        lines.append(
            f"! verify  this file changed since Profit was asked {when}, at {base}: "
            f"{was} then; the result no longer applies."
        )
    elif result.status == "match":
        lines.append(f"  verify  Profit matched this file {when}, asked at {base}.")
    elif result.status == "drift":
        count = len(result.messages)
        lines.append(
            f"! verify  Profit differed from this file {when}, asked at {base}: "
            f"{count} {plural('difference', count)}."
        )
    else:
        reason = visible(result.messages[0], MESSAGE_LIMIT) if result.messages else "no reason"
        asked = "was not asked" if result.status == "skipped" else "could not be asked"
        lines.append(f"! verify  Profit {asked} {when}, at {base}: {reason}")
    if result.status == "drift":
        prefix = "was" if mark.state == "changed" else "drift"
        for message in result.messages[:MAX_RESULTS_SHOWN]:
            lines.append(f"! {prefix:<6}  {visible(message, MESSAGE_LIMIT)}")
        more = len(result.messages) - MAX_RESULTS_SHOWN
        if more > 0:
            lines.append(f"  ... and {more} more: acwizard verify {connector_id} lists them.")
    if mark.state in ("match", "drift"):
        lines.append(f"  {NOT_SHOWN_NOTE}")
    lines.append(hint)
    return lines


Stamp = tuple[int, int, int, int]
_READ: dict[Path, tuple[Stamp, dict[str, StoredResult]]] = {}
"""The results as last read, per results file, with its stamp: the list's read and the
review share them (reading 5,000 results took 200 ms, too long for opening a connector)."""


def stored_results(root: Path) -> dict[str, StoredResult]:
    """The stored results of the workspace at `root` (`read_results`), read again only when
    the file's stamp changed (verify replaces it whole: a new inode); never raises."""
    path = results_path(root)
    if path is None:
        return {}
    try:
        info = os.lstat(path)
    except OSError:
        _READ.pop(path, None)
        return {}
    stamp = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
    known = _READ.get(path)
    if known is not None and known[0] == stamp:
        return known[1]
    results = read_results(root)
    _READ[path] = (stamp, results)
    return results


class VerifiedMarks:
    """The marks of a workspace's connectors, for the list (runs off the event loop).

    The results file is read again only when it changed (`stored_results`). A file
    whose bytes, as the list read them, are those verified is not read again (the
    list's digest is SHA-256, as the fingerprint); another is, once per change of its
    bytes, and only when its connector has a result.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._fingerprints: dict[Path, tuple[bytes, str | None]] = {}

    def current(self, path: Path, digest: bytes | None) -> str | None:
        """The fingerprint of the file's bytes now; taken again unless `digest` is that of
        the bytes it was last taken of."""
        known = self._fingerprints.get(path)
        if known is not None and digest is not None and known[0] == digest:
            return known[1]
        from acwizard.cores.listing.reads import digest_of

        raw, _ = read_bytes(path)
        if raw is None:
            self._fingerprints.pop(path, None)
            return None
        found = fingerprint(raw)
        self._fingerprints[path] = (digest_of(raw), found)
        return found

    def marks(
        self, files: Iterable[tuple[str, Path, bytes | None]], now: datetime | None = None
    ) -> dict[str, VerifyMark]:
        """The mark of each (id, path, digest) that has a result; the others have none."""
        now = now or clock_now()
        results = stored_results(self.root)
        found: dict[str, VerifyMark] = {}
        if not results:
            return found
        memo: dict[tuple[str, tuple[str, ...], bool, str, bool], VerifyMark] = {}
        for connector_id, path, digest in files:
            result = results.get(connector_id)
            if result is None:
                continue
            current: str | None = result.fingerprint
            if digest is None or current != digest.hex():  # changed, or a byte-order mark
                current = self.current(path, digest)
            # else the bytes the list read are those verified
            same = current is not None and current == result.fingerprint
            # One run of verify gives most connectors the same time and status: their
            # marks are one (marking 5,000 took 26 ms on every return to the list).
            key = (result.status, result.kinds, result.unreviewed_access, result.checked_at, same)
            mark = memo.get(key)
            if mark is None:
                mark = memo[key] = mark_of(result, current, now)
            found[connector_id] = mark
        return found


def clock_now() -> datetime:
    """Now, in UTC (tests set their own)."""
    return datetime.now(UTC)


def verify_review(workspace: Workspace, connector_id: str) -> list[str]:
    """The review's lines on the last verify result of `connector_id` (`review_lines`),
    its file's bytes as they are on disk now."""
    result = stored_results(workspace.root).get(connector_id)
    if result is None:
        return []
    raw, _ = read_bytes(workspace.connector_path(connector_id))
    return review_lines(connector_id, result, fingerprint(raw), clock_now())
