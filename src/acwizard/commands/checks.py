"""What verbs check before they answer: that the workspace is one, readable, and set up right.

A check that could not read what it checks must fail instead of passing by
finding nothing: a CI job in the wrong directory, an unreadable
`connectors/`, a broken `acwizard.toml` each stop the verb with its reason.
"""

from __future__ import annotations

from pathlib import Path

from acwizard.commands.output import out
from acwizard.files.layout import CATALOG_FILE, CONNECTORS_DIR, SETTINGS_FILE
from acwizard.files.settings import settings_refusal
from acwizard.reports.validate import problem_lines
from acwizard.text import visible
from acwizard.workspace import Workspace


def not_a_workspace(root: Path, whole: bool) -> str | None:
    """Why acwizard refuses to work on `root`, or None.

    A check of a directory that is no workspace must not pass by finding
    nothing to check (a CI job in the wrong directory would stay green). A
    directory with none of a workspace's parts is only accepted by the TUI,
    where pressing n starts a new workspace.
    """
    shown = visible(str(root), 200)
    if not root.is_dir():
        return f"{shown}: no such directory (use --workspace DIR)"
    if whole and not any(
        (root / part).exists() for part in (CONNECTORS_DIR, SETTINGS_FILE, CATALOG_FILE)
    ):
        return (
            f"{shown} is not an acwizard workspace: it has no {CONNECTORS_DIR}/, "
            f"{SETTINGS_FILE} or {CATALOG_FILE} (use --workspace DIR)"
        )
    return None


def workspace_for(path: Path, default: Workspace, explicit: bool) -> Workspace:
    """The workspace a file belongs to: the parent of its `connectors/` directory.

    A file elsewhere belongs to the workspace of its own directory.
    """
    if explicit:
        return default
    parent = path.resolve().parent
    root = parent.parent if parent.name == CONNECTORS_DIR else parent
    if root == default.root.resolve():
        return default
    return Workspace.open(root)


def settings_broken(workspace: Workspace, verb: str) -> bool:
    """Say on stderr what is wrong in `acwizard.toml` and `catalog.toml`; True on an error.

    Each verb whose answer depends on them (list, audit, fmt, migrate; diff in
    `acwizard.history`) stops there, as validate fails: with the defaults it
    would answer for AFAS Online and the newest Profit, whatever the file says.
    """
    errors = [p for p in workspace.settings_problems + workspace.catalog_problems if p.is_error]
    for line in problem_lines(errors, Path.cwd()):
        out(line, error=True)
    if errors:
        out(f"acwizard {verb}: {settings_refusal(errors)}", error=True)
    return bool(errors)


def unreadable(workspace: Workspace) -> bool:
    """Say on stderr why `connectors/` could not be listed; True when it could not.

    A verb that could not read what it checks must fail (exit 2), not report
    "0 findings" over a directory it never saw.
    """
    for line in problem_lines(workspace.listing_problems, Path.cwd()):
        out(line, error=True)
    return bool(workspace.listing_problems)
