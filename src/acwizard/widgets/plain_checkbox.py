"""Check boxes and radio buttons whose state shows in characters, not only in colour.

Textual's toggle buttons draw the same mark ticked or not and tell the two
apart by colour alone, which NO_COLOR terminals and 16-colour SSH sessions
lose. For the Blocked flag and the access mode that would be dangerous, so
acwizard draws `[X]`/`[ ]` and `(*)`/`( )`, as nmtui and menuconfig do.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton


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
