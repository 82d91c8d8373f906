"""What the parts of the properties screen share: the editor, and the screen's own steps.

The properties screen is one screen built from parts, one job each: keeping the
recovery draft (`draft_keeping`), undo and redo (`undo_keys`), OK and Cancel
with the save preview and conflicts (`save_keys`), and the layout and the tabs
(`properties`). Each part is a `Screen` subclass that knows the editor and the
steps below, which the properties screen implements.
"""

from __future__ import annotations

from textual.screen import Screen

from acwizard.cores.describe import Said
from acwizard.cores.editor import ConnectorEditor, ConnectorFile

__all__ = ["EditingScreen"]


class EditingScreen(Screen[None]):
    """A screen editing one connector through `editor`."""

    editor: ConnectorEditor
    """The connector being edited, and every rule about it."""

    def edited(self) -> None:
        """After any call that may change the editor: show its state if it moved."""
        raise NotImplementedError

    def read_fields(self) -> None:
        """Give the editor the text fields as they are now."""
        raise NotImplementedError

    def show_fields(self, fields: frozenset[str], select: str | None = None) -> None:
        """Show `fields` as the editor has them now."""
        raise NotImplementedError

    def show_tab_of(self, said: Said) -> None:
        """Bring what an undo changed into view."""
        raise NotImplementedError

    def select_tab(self, tab_id: str) -> None:
        """Show tab `tab_id`, the focus where it is."""
        raise NotImplementedError

    def typing(self) -> dict[str, dict[str, str]]:
        """Text typed and not applied yet, by place, for the recovery draft (none here)."""
        return {}

    def oauth_unapplied(self) -> str:
        """Why the OAuth tab holds more than the connector, in words; "" when it does not."""
        raise NotImplementedError

    def close(self) -> None:
        """Leave the screen; its edits are saved or discarded, so the draft goes."""
        raise NotImplementedError

    def reopen(self, fresh: ConnectorFile) -> None:
        """Open `fresh` (the file as on disk now) in a new screen of this kind."""
        raise NotImplementedError
