"""The last verify result per connector, kept in the user's state directory: never the workspace.

A pull request could otherwise bring a result that says "no drift". The
results live in `verify/<workspace key>.json` under acwizard's state directory
(platformdirs: `$XDG_STATE_HOME/acwizard`, by default `~/.local/state/acwizard`),
in a directory of this user that nobody else may write to. Each verify run
replaces the entries of the connectors it asked and keeps the others.

`read_results` is what the TUI reads (the drift mark in the list, the
properties' review): it never calls Profit and never raises; a file that is
too large, not JSON, too deep or of the wrong shape reads as no results, and a
bad entry is left out. Each result carries the fingerprint of the connector
file it was checked against, so a reader can tell a result of an older file.
This module never imports Textual.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from acwizard.profit.drift import Outcome
from acwizard.profit.metainfo import MetaInfoError, read_json
from acwizard.text import unsafe_character, visible

RESULTS_FORMAT = 1
RESULTS_DIR = "verify"
MAX_RESULTS_BYTES = 32 * 1024 * 1024
MAX_MESSAGES = 200
"""Messages kept per connector."""
STATUSES = ("match", "drift", "not_asked", "skipped")


@dataclass(frozen=True)
class StoredResult:
    """One connector's last verify result, as the TUI shows it."""

    connector_id: str
    checked_at: str
    """When, in ISO 8601 (UTC)."""
    status: str
    """match, drift, not_asked or skipped."""
    messages: list[str]
    """The drifts in words, unreviewed access first; for not_asked, why."""
    unreviewed_access: bool
    fingerprint: str | None
    """The fingerprint of the connector file it was checked against."""
    base: str
    """The REST base that was asked."""

    @property
    def drifted(self) -> bool:
        """True when Profit and the file disagreed."""
        return self.status == "drift"


def results_path(root: Path) -> Path | None:
    """The results file of the workspace at `root`; None without a usable home."""
    from acwizard.drafts import workspace_key
    from acwizard.files.userdirs import state_directory

    # Never a relative XDG_STATE_HOME: taken as it is, it could put the results (the
    # TUI's "no drift") inside a workspace, where a pull request can write them.
    state = state_directory()
    if state is None:
        return None
    return state / RESULTS_DIR / f"{workspace_key(root)}.json"


def _text(value: Any, limit: int = 2000) -> str | None:
    """A stored text, if it is one and safe to show."""
    if not isinstance(value, str) or len(value) > limit or unsafe_character(value):
        return None
    return value


def _entry(connector_id: str, value: Any) -> StoredResult | None:
    """One stored entry, or None when it is not one of ours."""
    if not isinstance(value, dict):
        return None
    status = value.get("status")
    messages = value.get("messages")
    if status not in STATUSES or not isinstance(messages, list):
        return None
    texts = [_text(message) for message in messages[:MAX_MESSAGES]]
    checked_at = _text(value.get("checked_at"), 40)
    base = _text(value.get("base"), 400)
    fingerprint = value.get("fingerprint")
    if checked_at is None or base is None or any(text is None for text in texts):
        return None
    if fingerprint is not None and _text(fingerprint, 128) is None:
        return None
    return StoredResult(
        connector_id,
        checked_at,
        str(status),
        [text for text in texts if text is not None],
        value.get("unreviewed_access") is True,
        fingerprint,
        base,
    )


def _read_document(path: Path) -> dict[str, Any]:
    """The stored document's results table, {} when there is none or it is not ours."""
    from acwizard.files.reading import read_regular_file

    try:
        raw = read_regular_file(path, MAX_RESULTS_BYTES)
        document = read_json(raw, "the verify results", MAX_RESULTS_BYTES)
    except (OSError, MetaInfoError):
        return {}
    if not isinstance(document, dict) or document.get("format") != RESULTS_FORMAT:
        return {}
    results = document.get("results")
    return results if isinstance(results, dict) else {}


def read_results(root: Path) -> dict[str, StoredResult]:
    """The last verify result of each connector of the workspace at `root`; never raises."""
    path = results_path(root)
    if path is None:
        return {}
    found: dict[str, StoredResult] = {}
    for connector_id, value in _read_document(path).items():
        if not isinstance(connector_id, str) or _text(connector_id, 200) is None:
            continue
        entry = _entry(connector_id, value)
        if entry is not None:
            found[connector_id] = entry
    return found


def _stored(outcome: Outcome, fingerprint: str | None, base: str, now: str) -> dict[str, Any]:
    """One outcome as stored."""
    if outcome.status in ("match", "drift"):
        messages = [drift.message for drift in outcome.drifts]
    else:
        messages = [outcome.reason or ""]
    return {
        "status": outcome.status,
        "checked_at": now,
        "base": base,
        "fingerprint": fingerprint,
        "unreviewed_access": outcome.unreviewed_access,
        "messages": [visible(message, 2000) for message in messages[:MAX_MESSAGES]],
    }


def store_results(
    root: Path, outcomes: list[Outcome], fingerprints: dict[str, str | None], base: str
) -> str | None:
    """Keep `outcomes` as the last results of their connectors; None, or why they were not kept."""
    from acwizard.checking.cache import private_directory
    from acwizard.files.writing import atomic_write

    path = results_path(root)
    if path is None:
        return "there is no home directory to keep verify results in"
    with contextlib.suppress(OSError):
        path.parent.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not (private_directory(path.parent.parent) and private_directory(path.parent)):
        return f"{visible(str(path.parent), 200)} is not a private directory of yours"
    results = {
        key: value
        for key, value in _read_document(path).items()
        if isinstance(key, str) and _entry(key, value) is not None
    }
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for outcome in outcomes:
        results[outcome.connector_id] = _stored(
            outcome, fingerprints.get(outcome.connector_id), base, now
        )
    document = {"format": RESULTS_FORMAT, "workspace": str(root.resolve()), "results": results}
    try:
        atomic_write(path, json.dumps(document, indent=1, ensure_ascii=True))
    except OSError as exc:
        return f"verify results not kept: {exc.strerror or 'error'}"
    return None
