"""The one-line description field, whose pastes never lose text unseen.

Textual's `Input` keeps only the first line of a paste and, when the paste
would pass `max_length`, inserts nothing at all, both without a word. For the
description (the subject of the one-time-password e-mail) that is a trap: the
admin believes the text is in. `DescriptionInput` fits the paste instead and
keeps a note of what it did, which the screen shows next to the field.

Line breaks are joined with spaces rather than cut: a description copied from a
ticket or an e-mail is usually one name wrapped over lines, so every word the
admin chose stays visible and is easy to trim, while cutting would throw away
text they never see again. Text longer than the room left is cut to fit, and
the note says so, so that the field holds what the admin can check on screen.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input

__all__ = ["DescriptionInput", "fit_paste"]


def fit_paste(text: str, room: int) -> tuple[str, str]:
    """What to insert for pasted `text` with `room` characters left, and a note on what changed.

    The note is empty when the paste goes in as it is.
    """
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    joined = " ".join(lines)
    notes: list[str] = []
    if len(lines) > 1:
        notes.append(f"the pasted text had {len(lines)} lines; they were joined with spaces")
    if len(joined) > room:
        if room <= 0:
            notes.append(f"the field is full ({len(joined)} characters pasted): nothing was pasted")
        else:
            notes.append(
                f"the pasted text was {len(joined)} characters and only {room} fit: "
                f"cut to {room}, check the end"
            )
        joined = joined[: max(room, 0)]
    return joined, "; ".join(notes)


class DescriptionInput(Input):
    """An `Input` whose pastes are joined and cut visibly, never dropped in silence."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # Input's own parameters
        super().__init__(*args, **kwargs)
        self._paste_note = ""
        self._note_value: str | None = None

    @property
    def paste_note(self) -> str:
        """What the last paste changed, while the field still holds what it produced."""
        return self._paste_note if self.value == self._note_value else ""

    def paste_text(self, text: str) -> None:
        """Insert `text` over the selection, fitted to one line and to the length limit."""
        start, end = sorted(self.selection)
        limit = self.max_length or 10**9
        room = limit - (len(self.value) - (end - start))
        fitted, note = fit_paste(text, room)
        self._paste_note = f"Pasted: {note}." if note else ""
        self._note_value = f"{self.value[:start]}{fitted}{self.value[end:]}"
        if not fitted:
            self.refresh_paste_note()
            return
        self.replace(fitted, start, end)

    def refresh_paste_note(self) -> None:
        """Nothing was inserted: no Changed event comes, so ask the screen to look again."""
        self.post_message(self.Changed(self, self.value))

    def _on_paste(self, event: events.Paste) -> None:
        """A terminal paste (bracketed paste over SSH); Input's own handler must not run too."""
        event.stop()
        event.prevent_default()
        if event.text:
            self.paste_text(event.text)

    def action_paste(self) -> None:
        """ctrl+v: paste from the app's own clipboard, the same way."""
        self.paste_text(self.app.clipboard)
