"""Check boxes and radio buttons whose state shows in characters, not only in colour.

Textual's toggle buttons draw the same mark ticked or not and tell the two
apart by colour alone, which NO_COLOR terminals and 16-colour SSH sessions
lose. For the Blocked flag and the access mode that would be dangerous, so
acwizard draws `[X]`/`[ ]` and `(*)`/`( )`, as nmtui and menuconfig do, and
marks the focused button `> OK <`.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Button, Checkbox, RadioButton


class PlainCheckbox(Checkbox):
    """`[X] label` when ticked, `[ ] label` when not."""

    @property
    def _button(self) -> Content:
        """The box, drawn in characters."""
        return Content.assemble("[", ("X" if self.value else " ", "bold"), "] ")


class PlainRadioButton(RadioButton):
    """`(*) label` when chosen, `( ) label` when not."""

    @property
    def _button(self) -> Content:
        """The button, drawn in characters."""
        return Content.assemble("(", ("*" if self.value else " ", "bold"), ") ")


class PlainButton(Button):
    """A button that reads `> label <` while it has the focus and `  label  ` otherwise.

    Textual marks the focused button by colour and reverse video on the label
    alone; in a dialog that decides between Overwrite and Back the admin must
    see which one Enter presses, in any terminal. Both forms are equally wide,
    so moving the focus never shifts the buttons.
    """

    def __init__(self, label: str | Content, *args: Any, **kwargs: Any) -> None:
        self.plain_label = label if isinstance(label, Content) else Content(label)
        """The label without its focus marks."""
        super().__init__(self.framed(False), *args, **kwargs)

    def framed(self, focused: bool) -> Content:
        """The label with the focus marks, or with blanks of the same width."""
        if focused:
            return Content.assemble(("> ", "bold"), self.plain_label, (" <", "bold"))
        return Content.assemble("  ", self.plain_label, "  ")

    def on_focus(self) -> None:
        """Show the marks."""
        self.label = self.framed(True)

    def on_blur(self) -> None:
        """Hide the marks."""
        self.label = self.framed(False)
