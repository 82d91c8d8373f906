"""What OK shows before it writes, and how a write ends: saved, a conflict, or a failure.

The save preview states the change in access terms, the diff of the file, the
comments saving drops and, first, what the save makes riskier (a new high audit
finding, apps that stop signing in, a description another connector has) and
that a version 1 file becomes version 2. A write replaces only the file as it
was opened: anything else on disk is a `Conflict`, whose diff names both sides
in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from acwizard.changes import access_changes, text_diff, unified_lines
from acwizard.model import AppConnector
from acwizard.rules import Finding
from acwizard.workspace import ConnectorFile, SaveConflict, Workspace

__all__ = [
    "VERSION_NOTE",
    "Conflict",
    "SaveFailed",
    "SavePlan",
    "SaveResult",
    "Saved",
    "conflict_diff",
    "discarded_changes",
    "plan_save",
    "save_warnings",
    "sign_in_warnings",
    "write_connector",
]

VERSION_NOTE = (
    "This file is format version 1 (a classic-token connector); saving writes format "
    "version 2, which says authentication and writes IP ranges in CIDR. What changes "
    "in access is listed below; the format alone changes nothing."
)
"""What the save preview says first when the file on disk is version 1."""


def conflict_diff(disk_text: str, yours: str, name: str) -> list[str]:
    """The diff from the file on disk now to yours: `-` is what Overwrite throws away.

    Both sides are named in words, because a bare `---`/`+++` made a colleague's
    line read as one of yours.
    """
    return unified_lines(
        disk_text, yours, f"{name}: on disk now (a colleague's change)", f"{name}: yours"
    )


def sign_in_warnings(before: AppConnector | None, after: AppConnector) -> list[str]:
    """What an authentication change stops, for the save preview to say first.

    Hybrid -> OAuth is the migration's last step, and the moment apps still on a
    classic token stop working: the admin must know they are all moved. Nothing
    to say for a blocked connector (Profit refuses every call anyway).
    """
    if before is None or after.blocked or before.authentication == after.authentication:
        return []
    tokens = {"classic": {"classic"}, "hybrid": {"classic", "oauth"}, "oauth": {"oauth"}}
    lost = tokens[before.authentication] - tokens[after.authentication]
    if "classic" in lost:
        return [
            (
                "SIGN-IN: apps still on a classic token stop working once this is in Profit: "
                "move every app to OAuth first (hybrid accepts both meanwhile)"
            )
        ]
    if "oauth" in lost:
        return ["SIGN-IN: apps signing in with OAuth stop working once this is in Profit"]
    return []


@dataclass(frozen=True)
class SavePlan:
    """What OK shows before it writes: the change in access terms, the diff, the warnings."""

    file_name: str
    """`connectors/<id>.toml`."""
    connector: AppConnector
    """The connector that Save writes."""
    changes: list[str]
    """One sentence per change in access."""
    diff: list[str]
    """From the file as loaded to the text Save writes."""
    comment_lines: list[int]
    """Lines of hand-written comments that saving drops."""
    warnings: list[str]
    """What this save makes riskier: new high-risk findings, a description clash."""
    note: str | None = None
    """Said before anything else: the format changes (VERSION_NOTE), or None."""


@dataclass(frozen=True)
class Saved:
    """The file was written."""

    file_name: str


@dataclass(frozen=True)
class Conflict:
    """The file changed (or went) on disk since it was opened: nothing was written."""

    connector: AppConnector
    """What the admin wanted to save."""
    on_disk: str | None
    """The fingerprint of the file on disk now (None: deleted); Overwrite replaces that."""
    disk_text: str
    """The file's text on disk now (empty when deleted or unreadable)."""
    diff: list[str]
    """From the file on disk now to yours; empty when deleted."""

    @property
    def deleted(self) -> bool:
        """True when the file is gone from disk."""
        return self.on_disk is None


@dataclass(frozen=True)
class SaveFailed:
    """The file could not be written (read-only directory, full disk): nothing changed."""

    message: str


SaveResult = Saved | Conflict | SaveFailed


def save_warnings(
    original: AppConnector,
    connector: AppConnector,
    audit: Callable[[AppConnector], list[Finding]],
    clash: str | None,
) -> list[str]:
    """What the save preview must put first: high-risk findings this save brings, clashes.

    A finding the file as loaded (`original`) already had is the reviewer's old
    news; one that only the new version has is what this save introduces. `audit`
    gives a connector's findings; `clash` says how the description clashes, or None.
    """
    before = {(f.code, f.message) for f in audit(original)}
    warnings = [
        f"HIGH RISK (audit): {finding.message}"
        for finding in audit(connector)
        if finding.level == "high" and (finding.code, finding.message) not in before
    ]
    warnings += sign_in_warnings(original, connector)
    if clash:
        warnings.append(f"Description: {clash}")
    return warnings


def plan_save(
    loaded: ConnectorFile,
    original: AppConnector,
    connector: AppConnector,
    file_name: str,
    warnings: list[str],
) -> SavePlan:
    """The preview of writing `connector` over the file as `loaded` (`original`: its
    connector in version 2)."""
    old_version = loaded.connector is not None and loaded.connector.schema_version
    return SavePlan(
        file_name,
        connector,
        access_changes(original, connector),
        text_diff(loaded.text or "", connector.to_toml(), file_name),
        loaded.positions.comment_lines,
        warnings,
        VERSION_NOTE if old_version == 1 else None,
    )


def discarded_changes(original: AppConnector, connector: AppConnector | None) -> list[str]:
    """The admin's changes in access terms (the preview's words), or that only fields
    changed: what a Reload throws away, to be named when it does. Nothing when the
    candidate is invalid or the same as the file."""
    if connector is None or connector == original:
        return []
    return access_changes(original, connector) or ["changes to notes or fields"]


def write_connector(
    workspace: Workspace,
    path: Path,
    connector: AppConnector,
    expected: str | None,
    file_name: str,
) -> SaveResult:
    """Save through the workspace, refusing to replace anything but `expected`."""
    try:
        workspace.save(path, connector, expected)
    except SaveConflict:
        disk = workspace.on_disk(path)
        diff = (
            conflict_diff(disk.text, connector.to_toml(), file_name)
            if disk.fingerprint is not None
            else []
        )
        return Conflict(connector, disk.fingerprint, disk.text, diff)
    except OSError as exc:
        return SaveFailed(f"Could not save: {exc.strerror or exc}. Nothing was changed on disk.")
    return Saved(file_name)
