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
    "second_look",
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


TOKENS = {"classic": {"classic"}, "hybrid": {"classic", "oauth"}, "oauth": {"oauth"}}
"""The ways apps sign in under each authentication type."""


def sign_in_warnings(before: AppConnector | None, after: AppConnector) -> list[str]:
    """What an authentication change stops, for the save preview to say first.

    Hybrid -> OAuth is the migration's last step, and the moment apps still on a
    classic token stop working: the admin must know they are all moved. Nothing
    to say for a blocked connector (Profit refuses every call anyway).
    """
    if before is None or after.blocked or before.authentication == after.authentication:
        return []
    lost = TOKENS[before.authentication] - TOKENS[after.authentication]
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
    careful: str = ""
    """Why Back is the preview's default (this save widens access or stops sign-ins, in
    words: `second_look`); "" when Save is."""


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
        second_look(original, connector),
    )


def second_look(before: AppConnector, after: AppConnector) -> str:
    """Why saving `after` over `before` deserves a second look, in words; "" when it does not.

    The save preview's one rule for its default button: Back when the save widens
    access (more granted, more addresses, more ways to sign in or to send data out,
    unblocked, another user group) or stops sign-ins (a token type goes, or the
    connector is blocked); Save otherwise. ctrl+s and F10 save either way.
    """
    reasons = [reason for reason, found in _widenings(before, after) if found]
    stops = (not before.blocked and after.blocked) or bool(sign_in_warnings(before, after))
    if stops:
        reasons.append("apps stop signing in")
    return ", ".join(reasons)


def _widenings(before: AppConnector, after: AppConnector) -> list[tuple[str, bool]]:
    """(reason, whether this save does it) for each way a save widens access."""
    granted = any(
        {item.casefold() for item in getattr(after, section)}
        - {item.casefold() for item in getattr(before, section)}
        for section in ("get_connectors", "update_connectors", "connectors")
    )
    return [
        ("it is unblocked", before.blocked and not after.blocked),
        ("the user group changes", before.user_group.casefold() != after.user_group.casefold()),
        ("it grants more connectors", granted),
        ("more addresses may call", _more_addresses(before, after)),
        ("apps may sign in more ways", _more_sign_in(before, after)),
        ("it sends data to more places", _more_webhooks(before, after)),
    ]


def _more_addresses(before: AppConnector, after: AppConnector) -> bool:
    """True when lines an allow list lacked come, lines a deny list had go, or the
    restrictions go or turn from allowing to denying."""
    old = {(line.summary(), line.access) for line in before.ip_restrictions}
    new = {(line.summary(), line.access) for line in after.ip_restrictions}
    if before.ip_restrictions and not after.ip_restrictions:
        return True
    if before.access_mode == "allowed" and after.access_mode == "disallowed":
        return True
    return any(access == "allowed" for _, access in new - old) or any(
        access == "disallowed" for _, access in old - new
    )


def _more_sign_in(before: AppConnector, after: AppConnector) -> bool:
    """True when a token type comes, or OAuth lets more in: a redirect URL, a JWKS URL or a
    certificate added, a flow added, a public client, DPoP off."""
    if TOKENS[after.authentication] - TOKENS[before.authentication]:
        return True
    old, new = before.oauth, after.oauth
    if new is None or old is None:
        return False
    return bool(
        set(new.redirect_urls) - set(old.redirect_urls)
        or (new.jwks_url is not None and new.jwks_url != old.jwks_url)
        or set(new.certificates) - set(old.certificates)
        or set(new.flows) - set(old.flows)
        or (new.client_type == "public" and old.client_type != "public")
        or (old.dpop and not new.dpop)
    )


def _more_webhooks(before: AppConnector, after: AppConnector) -> bool:
    """True when an unblocked webhook's URL is one no unblocked webhook had."""
    old = {hook.url for hook in before.webhooks if not hook.blocked}
    return any(not hook.blocked and hook.url not in old for hook in after.webhooks)


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
