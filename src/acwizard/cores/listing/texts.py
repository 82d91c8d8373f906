"""What the list says: the line above the table, problems, the delete and recovery questions.

Plain text built from the list's state; every name or message from a file goes
through `visible`, so the screen shows it as inert text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from acwizard.problems import Problem
from acwizard.text import plural, visible

if TYPE_CHECKING:
    from acwizard.cores.listing.rows import ListedFile
    from acwizard.cores.listing.state import Listing
    from acwizard.drafts import Draft

DELETE_TITLE = "Delete app connector?"
CHANGED_ON_DISK = "changed on disk since the list read it: shown as it is now."
GONE_FROM_DISK = "is no longer on disk; the list shows what is there now."
NOT_RESTORABLE = (
    "cannot be opened now (missing or invalid); the unsaved changes are kept for later."
)


def info_line(listing: Listing, shown: int) -> str:
    """The line above the table: problems first, then counts, then where this is."""
    if not listing.checked:
        return "checking the connector files…"
    files = listing.files
    total = len(files)
    invalid = sum(file.status == "invalid" for file in files)
    parts = []
    if invalid:
        where = "to go to it" if invalid == 1 else "to go to the next"
        parts.append(f"{invalid} INVALID: press p {where}")
    troubled = listing.workspace_problems()
    if troubled:
        names = sorted({visible(problem.path.name, 30) for problem in troubled})
        count = len(troubled)
        press = "" if invalid else ": press p"
        parts.append(f"{count} {plural('problem', count)} in {' and '.join(names)}{press}")
    marks = [file.expiry() for file in files]
    ending = [f"{marks.count(mark)} {mark}" for mark in ("expired", "expiring") if mark in marks]
    if ending:  # the rows' `!` (acwizard expiring lists what)
        parts.append(f"! {', '.join(ending)}")
    parts.append(f"{total} {plural('connector', total)}")
    if shown != total:
        parts.append(f"{shown} shown")
    workspace = listing.workspace
    parts.append("AFAS Online" if workspace.settings.online else "not AFAS Online")
    parts.append(f"workspace {visible(workspace.root.resolve().name, 20)}")
    return " · ".join(parts)


def empty_text(listing: Listing) -> str:
    """What the table says when no row shows."""
    if not listing.checked and not listing.files:  # a large workspace's first paint
        return "Reading the connector files…"
    if not listing.files:
        return "No app connectors yet: press n to create the first."
    return "No connector matches the filter: Esc shows them all."


def problem_lines(problems: list[Problem], root: Path, indent: str = "") -> list[str]:
    """`path:line: severity: message`, as validate prints them, made visible."""
    return [f"{indent}{visible(problem.format(root), 1000)}" for problem in problems]


def problems_report(listing: Listing, listed: ListedFile) -> tuple[str, str]:
    """The title and text of one file's problems, and for an invalid file what can be done."""
    root = listing.workspace.root
    name = visible(listed.path.name)
    lines = problem_lines(listed.problems, root)
    if listed.status == "invalid":
        lines += [
            "",
            (
                f"acwizard does not open or rewrite connectors/{name} while it has errors, "
                "so nothing in it changes by accident. What you can do:"
            ),
            "- fix the lines above in an editor, then press r in the list to read the file again;",
            "- run acwizard validate in a shell: it prints the same problems, for every file;",
            "- press d in the list, on this row, to delete the file.",
        ]
    elsewhere = listing.workspace_problems()
    if elsewhere:
        lines += ["", "The workspace's settings or catalog have problems too:"]
        lines += problem_lines(elsewhere, root, "  ")
    return f"Problems in connectors/{name}", "\n".join(lines)


def all_problems_report(listing: Listing) -> tuple[str, str] | None:
    """Every problem of every file and of the workspace, or None when there is none."""
    root = listing.workspace.root
    troubled = [file for file in listing.files if file.problems]
    elsewhere = listing.workspace_problems()
    if not troubled and not elsewhere:
        return None
    lines = problem_lines(elsewhere, root)
    for listed in troubled:
        lines.append(f"connectors/{visible(listed.path.name)} ({listed.status})")
        lines += problem_lines(listed.problems, root, "  ")
    return "Problems in this workspace", "\n".join(lines)


PROFIT_KEEPS = "Profit is not changed by this"
"""What the delete question adds: deleting the file blocks nothing in Profit."""


def delete_question(listed: ListedFile, undo_note: str) -> str:
    """What the delete dialog asks: the connector, what it grants, how to get it back."""
    file_name = visible(listed.path.name)
    row = listed.row
    if row is None:
        return (
            f"Delete '{file_name}'?\n\nThis removes connectors/{file_name}. {undo_note} "
            f"{PROFIT_KEEPS}."
        )
    state = "blocked" if row.blocked else "ACTIVE"
    get, update, special = row.get_connectors, row.update_connectors, row.connectors
    grants = (
        f"{get} {plural('GetConnector', get)}, "
        f"{update} {plural('UpdateConnector', update)} and "
        f"{special} special {plural('connector', special)}"
    )
    return (
        f"Delete '{visible(row.description)}'?\n\nIt is {state} and grants {grants}. "
        f"This removes connectors/{file_name}. {undo_note} {PROFIT_KEEPS}: the app "
        f"connector stays there, {'blocked' if row.blocked else 'active, with this access'}."
    )


def recovery_question(draft: Draft, file_name: str) -> str:
    """What the list asks about a recovery draft of an earlier session."""
    description = draft.data.get("description")
    # A draft is read as hostile input: its text reaches the terminal only made visible.
    name = f"'{visible(description, 60)}' " if isinstance(description, str) else ""
    return (
        f"The session editing {name}(connectors/{visible(file_name)}) ended {draft.age()} "
        "before its changes were saved. acwizard kept them.\n\nRestore opens the connector "
        "with those changes; nothing is written until you press OK. Discard forgets them."
    )


def reload_notice(listing: Listing) -> tuple[str, bool]:
    """What `r` says when done, and whether it is a warning (the settings or catalog)."""
    troubled = listing.workspace_problems()
    if not troubled:
        return "Reloaded from disk.", False
    count = len(troubled)
    notice = (
        f"Reloaded from disk. The settings or the catalog have {count} "
        f"{plural('problem', count)}: press p to see them."
    )
    return notice, True
