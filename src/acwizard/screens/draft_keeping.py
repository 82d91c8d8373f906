"""The recovery draft of the connector a screen edits: held at once, written a moment later.

Each change is held where a hang-up finds it at once (`app.SessionEnd` writes the
held drafts even while the event loop is busy) and written to the state
directory `RECOVERY_DELAY` after the last change. When the state directory
cannot take it, the screen says so at once and until it can: unsaved edits are
then lost if the session is cut off.
"""

from __future__ import annotations

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from acwizard.drafts import Draft
from acwizard.screens.editing_screen import EditingScreen
from acwizard.text import visible

__all__ = ["RECOVERY_DELAY", "DraftKeeping"]

RECOVERY_DELAY = 0.5
"""Seconds after the last change before the recovery draft is written."""


class DraftKeeping(EditingScreen):
    """Keeps the recovery draft of `editor`'s unsaved edits."""

    _recovery_timer: Timer | None = None
    _draft_failed = False

    def schedule_recovery(self) -> None:
        """Keep a recovery draft a moment after the last change; hold it ready at once."""
        self.editor.hold_draft()
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
        self._recovery_timer = self.set_timer(RECOVERY_DELAY, self.keep_recovery)

    def hold_recovery(self) -> Draft | None:
        """The draft of what is unsaved now, from the fields as they are (a signal calls this).

        The fields hold every key already handled, even while their change
        messages still wait in the queue: they are read into the editor first. Text
        typed in a form still open, or on the OAuth tab, and not applied yet is kept
        with it (`typing`).
        """
        self.read_fields()
        return self.editor.hold_draft(self.typing())

    def keep_recovery(self) -> None:
        """Write this session's recovery draft now, or remove it when nothing is unsaved."""
        try:
            self.editor.keep_draft()
        except OSError as exc:
            self.show_draft_problem(exc)
        else:
            self.show_draft_problem(None)

    def show_draft_problem(self, exc: OSError | None) -> None:
        """Say at once, and until it is fixed, that unsaved edits cannot be kept for recovery."""
        if exc is None:
            if self._draft_failed:
                self._draft_failed = False
                self.query("#draft-problem").remove()
            return
        if self._draft_failed:
            return
        self._draft_failed = True
        reason = exc.strerror or str(exc)
        if exc.filename:
            reason += f" ({exc.filename})"
        message = (
            f"Unsaved changes cannot be kept for recovery: {visible(reason, 160)}. "
            "If this session is cut off they are lost; save with OK soon."
        )
        self.notify(message, title="No recovery draft", severity="error", markup=False)
        self.mount(
            Static(Content(f"! {message}"), id="draft-problem", classes="field-message -error"),
            before="#properties-buttons",
        )

    def forget_recovery(self) -> None:
        """The edits are saved or knowingly discarded: this session's draft goes."""
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
        self.editor.forget_draft()
