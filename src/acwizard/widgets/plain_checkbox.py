"""Check boxes and radio buttons whose state shows in characters, not only in colour.

Textual's toggle buttons draw the same mark ticked or not and tell the two
apart by colour alone, which NO_COLOR terminals and 16-colour SSH sessions
lose. For the Blocked flag and the access mode that would be dangerous, so
acwizard draws `[X]`/`[ ]` and `(*)`/`( )`, as nmtui and menuconfig do, and
marks the focused button `> OK <`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Button, Checkbox, RadioButton, RadioSet


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


class PlainRadioSet(RadioSet):
    """A radio set whose keyboard highlight starts on the chosen button.

    Textual's set highlights its first button when it mounts, whatever is
    chosen: on a hybrid connector the highlight sat on Classic token while
    `(*)` stood beside Hybrid, so Enter - meant to confirm what the admin saw -
    switched the connector back to a classic token.

    Home and End move the highlight to the first and last button, as in every list.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "jump(0)", "First option", show=False),
        Binding("end", "jump(-1)", "Last option", show=False),
    ]

    def action_jump(self, where: int) -> None:
        """Highlight the first (0) or last (-1) button."""
        buttons = list(self.query(RadioButton))
        if buttons:
            # `_selected` is the highlight (Textual's own state, as in `highlight_chosen`).
            self._selected = 0 if where == 0 else len(buttons) - 1

    def on_mount(self) -> None:
        """Once Textual's own mount handler has found the chosen button, highlight it.

        Textual runs each class's Mount handler, this one before RadioSet's,
        which is what finds the chosen button: so the move waits its turn.
        """
        self.call_later(self.highlight_chosen)

    def on_focus(self) -> None:
        """Highlight the chosen button again: a pane may have set the buttons since."""
        self.highlight_chosen()

    def highlight_chosen(self) -> None:
        """Put the keyboard highlight on the button that shows `(*)`, if one does.

        Read from the buttons themselves: a pane that sets its buttons while holding
        back their messages (to show, not to edit) leaves the set's own idea of the
        chosen button behind, and Enter then chose the first button (the OAuth tab's
        Client secret, over a private key JWT and its certificates).
        """
        buttons = list(self.query(RadioButton))
        chosen = next((index for index, button in enumerate(buttons) if button.value), None)
        if chosen is not None:
            # `_pressed_button` and `_selected` (the highlight) are Textual's own state,
            # without a public setter (Textual is pinned exactly; tests pin this).
            self._pressed_button = buttons[chosen]
            self._selected = chosen


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
