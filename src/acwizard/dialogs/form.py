"""What every form dialog does with its keys: Enter in a field and OK accept, Cancel closes.

The IP restriction form and the webhook form each wrote these handlers out in
full; a form subclasses `FormDialog`, names its OK button and says in
`action_ok` what accepting means (check, then `dismiss` with the result).
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.screen import ModalScreen
from textual.widgets import Button, Input

__all__ = ["FormDialog"]

ResultType = TypeVar("ResultType")


class FormDialog(ModalScreen[ResultType | None]):
    """A modal form: Enter in a field or its OK button accepts, any other button cancels."""

    OK_BUTTON: ClassVar[str] = "ok"
    """The id of the form's OK button."""

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Enter in a field accepts the form."""
        event.stop()
        self.action_ok()

    @on(Button.Pressed)
    def button_pressed(self, event: Button.Pressed) -> None:
        """OK or Cancel."""
        event.stop()
        if event.button.id == self.OK_BUTTON:
            self.action_ok()
        else:
            self.action_cancel()

    def action_ok(self) -> None:
        """Accept: check the form, then `dismiss` with its result (each form says how)."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
