"""ctrl+z and ctrl+y on the properties screen: take the last change back, or make it again.

On every tab, whatever has the focus (a simple ctrl+letter arrives over SSH; `u`
would mean something else on the OAuth tab, where it drops an edit not applied
yet). An undo shows the tab of what came back, the table's cursor on it, and
says it in a toast. Undo and Redo show in the footer only while there is
something to undo or redo; a second binding of each key, out of the footer,
answers with a bell while there is not.
"""

from __future__ import annotations

from textual import on
from textual.message import Message

from acwizard.screens.editing_screen import EditingScreen

__all__ = ["UndoKeys"]


class UndoKeys(EditingScreen):
    """Undo and redo through `editor`'s history."""

    class Undo(Message):
        """ctrl+z or ctrl+y, sent through the focused widget (see `Leave`): a `d` and a
        ctrl+z that arrive in one burst undo that `d`, not the change before it."""

        def __init__(self, redo: bool) -> None:
            super().__init__()
            self.redo = redo
            """True for ctrl+y."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo and Redo show only while there is something to undo or redo."""
        if action in ("undo", "undo_none"):
            return bool(self.editor.undo_steps) == (action == "undo")
        if action in ("redo", "redo_none"):
            return bool(self.editor.redo_steps) == (action == "redo")
        return True

    def action_undo(self) -> None:
        """ctrl+z: undo, once what the admin did just before has reached the editor."""
        (self.focused or self).post_message(self.Undo(redo=False))

    def action_undo_none(self) -> None:
        """ctrl+z while the footer offers no Undo: a change may still be on its way."""
        self.action_undo()

    def action_redo(self) -> None:
        """ctrl+y: redo what ctrl+z undid."""
        (self.focused or self).post_message(self.Undo(redo=True))

    def action_redo_none(self) -> None:
        """ctrl+y while there is nothing to redo: a change may still be on its way."""
        self.action_redo()

    @on(Undo)
    def undo(self, event: Undo) -> None:
        """Take the last change back (or make it again): show where, and say what."""
        event.stop()
        self.read_fields()  # a key typed just before is a step of its own
        editor = self.editor
        said = editor.redo() if event.redo else editor.undo()
        if said is None:
            self.app.bell()
            self.notify(
                "Nothing to redo." if event.redo else "Nothing to undo.",
                title="Redo" if event.redo else "Undo",
                markup=False,
            )
            return
        self.show_fields(said.fields, said.select)
        self.show_tab_of(said)
        again = "ctrl+z undoes it." if event.redo else "ctrl+y redoes it."
        title = "Redone" if event.redo else "Undone"
        # The removal's toast ("ctrl+z undoes this") would stand beside this one, stale.
        self.app.clear_notifications()
        self.notify(f"{said.text}. {again}", title=title, markup=False)
        self.edited()
