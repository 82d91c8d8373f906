"""The question when a save finds the file changed on disk: drop mine, drop theirs, or go back.

Each answer says whose change it throws away (Reload's cost used to stand below
a long diff): Drop theirs writes yours over the file on disk, Drop mine discards
your changes and opens the file as it is on disk now, and names the changes it
threw away, so that a change the admin made (a security fix) can be made again.
The diff is the file's own text, shown inert. Returns `reload`, `overwrite`,
`back` or None (Escape).
"""

from __future__ import annotations

from textual.content import Content

from acwizard.cores.save_plan import Conflict
from acwizard.dialogs.questions import ChoiceDialog
from acwizard.dialogs.save_preview import diff_content

__all__ = ["ConflictDialog", "dropped_notice"]

DELETED = (
    "Someone deleted this file since you opened it (another admin, git pull or a hand "
    "edit). Drop theirs writes yours again; Drop mine closes it and discards your changes."
)
CHANGED = (
    "Someone changed this file since you opened it. Drop theirs writes yours over the file "
    "on disk (PgDn scrolls):\n"
    "- on disk now (a colleague's change): Drop theirs throws it away\n"
    "+ yours: Drop theirs writes it\n"
)
MINE_GOES = (
    "\nDrop mine discards your changes (they are named afterwards, to make again) and opens "
    "the file as it is on disk now."
)


class ConflictDialog(ChoiceDialog):
    """The file changed (or went) on disk since it was opened: reload, overwrite or go back."""

    def __init__(self, conflict: Conflict) -> None:
        if conflict.deleted:
            body = Content(DELETED)
        else:
            body = Content("\n").join(
                [Content(CHANGED), diff_content(conflict.diff), Content(MINE_GOES)]
            )
        super().__init__(
            "The file changed on disk",
            body,
            [("reload", "Drop mine"), ("overwrite", "Drop theirs"), ("back", "Back")],
            default="back",
            danger=["reload", "overwrite"],
            wide=True,
        )


def dropped_notice(mine: list[str], reopened: bool, broken: bool) -> tuple[str, str]:
    """What Drop mine says, and its title: the changes thrown away (`mine`, in the save
    preview's words), and whether the file reopened or is no connector at all now."""
    message = (
        "Your changes were discarded"
        + (": " + "; ".join(mine) if mine else "")
        + ". Make them again if they still apply."
        + (
            " The file on disk is not a valid connector now: p in the list shows why."
            if broken
            else ""
        )
    )
    return message, "Reloaded from disk" if reopened else "Closed"
