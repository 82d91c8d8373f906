"""The connector list without Textual: every connector file as the TUI's list shows it.

`Listing` is the state behind `screens.connector_list`: each file of `connectors/` as
a `ListedFile` (its typed `ListRow` when the connector is valid, its problems, its
status), read the cheapest honest way (`read`):

- at start, from validate's remembered results when every file's bytes are
  remembered under the current rules (no file parsed), else every file checked,
  and that check remembered for the next start and for validate;
- back from a screen that may have changed files, only files whose `lstat` changed
  (the one just saved, one just created, a `git pull` in another pane) are read
  again; acwizard.toml and catalog.toml are compared by their bytes, and when
  either changed every file is checked again, as their rules changed;
- `r` compares every file's bytes.

`read` touches no state the screen shows, so the screen runs it in a worker, off the
event loop; `apply` then makes what it found the state. The list's sentences (the
line above the table, the problems, the delete question) are `texts`.
"""

from __future__ import annotations

from acwizard.cores.listing.git import UNDO_NOTES, GitState, git_state
from acwizard.cores.listing.rows import ListedFile, ListRow, Look, Status
from acwizard.cores.listing.state import QUICK_PAINT_LIMIT, Listing

__all__ = [
    "QUICK_PAINT_LIMIT",
    "UNDO_NOTES",
    "GitState",
    "ListRow",
    "ListedFile",
    "Listing",
    "Look",
    "Status",
    "git_state",
]
