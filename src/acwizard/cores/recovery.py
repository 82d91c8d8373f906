"""The recovery draft of one connector being edited: what an ended session must not lose.

While something is unsaved, the editor's draft (the candidate as data, the file
content it may replace, the text the edits started from) is held where a signal
finds it at once (`held`, by owner: see `app.SessionEnd`) and written to the
state directory a moment after the last change. Each session writes and
removes drafts under its own owner only: another session's draft of the same
connector is never touched.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acwizard.cores.fields import STRUCTURED_FIELDS, TEXT_FIELDS
from acwizard.drafts import Draft, new_owner, remove_draft, write_draft
from acwizard.model.format import LIST_FIELDS
from acwizard.text import unsafe_character

if TYPE_CHECKING:
    from acwizard.cores.editor import ConnectorEditor

__all__ = ["MAX_TYPED", "Recovery", "Typed", "kept_typing", "restore"]

Typed = dict[str, dict[str, str]]
"""Text typed and not applied yet, by field, by place (a form still open, the OAuth tab)."""
MAX_TYPED = 10_000
"""Characters of one field's typing a draft keeps at most (an address or a URL is short)."""


def kept_typing(typed: Typed) -> Typed:
    """What of `typed` a draft keeps: each place's fields that hold text a field may hold
    (no control or bidirectional character, which a draft is refused for) and no more
    than `MAX_TYPED` characters. A place with nothing left is left out."""
    kept: Typed = {}
    for place, fields in typed.items():
        texts = {
            name: text
            for name, text in fields.items()
            if text.strip() and len(text) <= MAX_TYPED and unsafe_character(text) is None
        }
        if texts:
            kept[place] = texts
    return kept


class Recovery:
    """This session's draft of connector `connector_id` in the workspace at `root`."""

    def __init__(
        self, root: Path, connector_id: str, base_text: str, held: dict[str, Draft] | None
    ) -> None:
        self.root = root
        self.connector_id = connector_id
        self.base_text = base_text
        """The text the edits started from, kept in the draft."""
        self.owner = new_owner()
        """This session's drafts are written and removed under this owner only."""
        self.held = held if held is not None else {}
        """Where the latest unsaved edits wait, by owner, for a signal to write them at once."""

    def adopt(self, draft: Draft) -> None:
        """A draft of an earlier session is restored: its owner and base become this one's,
        so saving or discarding removes that draft, and no other."""
        if draft.base is not None:
            self.base_text = draft.base
        self.owner = draft.owner

    def draft(
        self, data: dict[str, Any], expected: str | None, typed: Typed | None = None
    ) -> Draft:
        """A draft of the candidate `data`, which may replace the file content `expected`,
        with the text `typed` and not applied yet (see `kept_typing`)."""
        return Draft(
            self.connector_id,
            data,
            expected,
            time.time(),
            self.base_text,
            self.owner,
            kept_typing(typed or {}),
        )

    def hold(self, draft: Draft | None) -> Draft | None:
        """Hold `draft` where a signal finds it (None: nothing unsaved, nothing held)."""
        if draft is None:
            self.held.pop(self.owner, None)
        else:
            self.held[self.owner] = draft
        return draft

    def keep(self, draft: Draft | None) -> None:
        """Write `draft` now, or remove this session's draft when it is None.

        Raises OSError when the state directory cannot take it.
        """
        self.hold(draft)
        if draft is not None:
            write_draft(self.root, draft)
        else:
            remove_draft(self.root, self.connector_id, self.owner)

    def forget(self) -> None:
        """The edits are saved or knowingly discarded: this session's draft goes."""
        self.held.pop(self.owner, None)
        with contextlib.suppress(OSError):
            remove_draft(self.root, self.connector_id, self.owner)


def restore(editor: ConnectorEditor, draft: Draft) -> bool:
    """Put `draft`'s unsaved edits of an earlier session back into `editor`; False when
    some were not valid (they are left out).

    The draft's owner becomes the editor's: saving or discarding removes that
    draft, and no other. The recovered edits are where the session starts: undo
    goes no further back (Cancel discards them).
    """
    data = draft.data
    editor.expected = draft.fingerprint
    editor.recovery.adopt(draft)
    structured = {key: data[key] for key in STRUCTURED_FIELDS if key in data}
    # A draft's authentication and OAuth only make sense together; the lists on
    # their own, so a refused OAuth table does not lose the grants.
    together = editor.propose(**structured) if structured else None
    refused = together
    if together is not None:
        lists = {key: data[key] for key in (*LIST_FIELDS, "ip_restrictions") if key in data}
        refused = editor.propose(**lists) if lists else None
        refused = refused or together
    for name in TEXT_FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            editor.set_field(name, value)
    if isinstance(data.get("blocked"), bool):
        editor.set_blocked(data["blocked"])
    editor.history.clear()
    editor.changed()
    return refused is None
