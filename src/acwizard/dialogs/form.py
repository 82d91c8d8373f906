"""What every form dialog does with its keys: Enter in a field and OK accept, Cancel closes.

The IP restriction form and the webhook form each wrote these handlers out in
full; a form subclasses `FormDialog`, names its OK button and says in
`action_ok` what accepting means (check, then `dismiss` with the result).
Cancel (and Escape) asks first when a field holds something other than what the
form opened with: an Escape meant for something else lost a half-typed URL.
A session that ends while a form holds typed text keeps that text in its
recovery draft (`typing`), and the next session opens the form with it
(`recovered`).
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from acwizard.dialogs.questions import ask_to_discard

__all__ = ["FormDialog"]

ResultType = TypeVar("ResultType")


class FormDialog(ModalScreen[ResultType | None]):
    """A modal form: Enter in a field or its OK button accepts, any other button cancels."""

    OK_BUTTON: ClassVar[str] = "ok"
    """The id of the form's OK button."""
    PLACE: ClassVar[str] = "form"
    """Where the form's typing is kept in a recovery draft (`drafts.TYPED_PLACES`)."""

    _opened_with: tuple[str, ...] | None = None
    """The fields' values when the form was shown (`typed`)."""
    index: int | None = None
    """Which line or webhook the form edits (its place in the connector's list), None: new."""
    recovered: dict[str, str] | None = None
    """Text typed in an earlier session, by field id, put into the fields once shown."""

    def on_mount(self) -> None:
        """Remember what the fields hold to begin with, to tell an edit from none."""
        self.call_after_refresh(self._remember_opening)

    def _remember_opening(self) -> None:
        """(after the form's own `on_mount` filled its fields), then put back what was
        typed in an earlier session: it counts as typed (Cancel asks first)."""
        self._opened_with = self.typed()
        for field in self.query(Input):
            text = (self.recovered or {}).get(field.id or "")
            if text is not None:
                field.value = text

    def typed(self) -> tuple[str, ...]:
        """What the form's fields hold now."""
        return tuple(field.value for field in self.query(Input))

    def typing(self) -> dict[str, str]:
        """What a recovery draft keeps of this form: each field's text by field id, and
        `index` (empty for a new one); nothing while the fields hold what they opened with."""
        if self._opened_with is None or self.typed() == self._opened_with:
            return {}
        texts = {field.id or "": field.value for field in self.query(Input) if field.id}
        return {"index": "" if self.index is None else str(self.index), **texts}

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
        """Close without changing anything; ask first when something was typed."""
        if self._opened_with is None or self.typed() == self._opened_with:
            self.dismiss(None)
            return

        ask_to_discard(
            self,
            "Discard what you typed?",
            "This form has text you typed that is not applied yet. Discard it?",
            "Keep editing",
            lambda: self.dismiss(None),
        )
