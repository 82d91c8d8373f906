"""The undo history of one connector being edited: steps back, steps forward.

Each change the admin makes is a `Step` holding the candidate before and after
it. A run of typing in one field is one step (each key joins the step of the key
before, while nothing came between); a bulk change (a paste, a wipe, a user
group chosen) is a step of its own. A new change clears what `undo` took back.
"""

from __future__ import annotations

from acwizard.cores.describe import EditState, Step
from acwizard.cores.fields import TextField

__all__ = ["UNDO_LIMIT", "History"]

UNDO_LIMIT = 100
"""Steps the undo history keeps; the oldest go first (Cancel still discards them all)."""


class History:
    """The steps `undo` takes back and those it took back, for `redo`."""

    def __init__(self) -> None:
        self.undo_steps: list[Step] = []
        """The changes `undo` takes back, the last last."""
        self.redo_steps: list[Step] = []
        """The changes `undo` took back, for `redo`; a new change clears them."""

    def record(self, before: EditState, after: EditState, typing: TextField | None) -> None:
        """A change from `before` to `after`; `typing`: one key typed in that field, which
        joins the step before when that is the same field's typing and nothing came between."""
        if after == before:
            return
        last = self.undo_steps[-1] if self.undo_steps else None
        joins = typing is not None and last is not None and last.typing == typing
        if joins and last is not None and last.after == before:
            self.undo_steps[-1] = Step(last.before, after, typing)
            self.redo_steps.clear()
            return
        self.undo_steps.append(Step(before, after, typing))
        del self.undo_steps[:-UNDO_LIMIT]
        self.redo_steps.clear()

    def last(self) -> Step | None:
        """The last change, or None."""
        return self.undo_steps[-1] if self.undo_steps else None

    def back(self) -> Step | None:
        """The step an undo takes back (now redoable), or None."""
        if not self.undo_steps:
            return None
        step = self.undo_steps.pop()
        self.redo_steps.append(step)
        return step

    def forward(self) -> Step | None:
        """The step a redo makes again (now undoable, never joined by typing), or None."""
        if not self.redo_steps:
            return None
        step = self.redo_steps.pop()
        self.undo_steps.append(Step(step.before, step.after))
        return step

    def clear(self) -> None:
        """Forget every step: where the history starts (a restored draft)."""
        self.undo_steps.clear()
        self.redo_steps.clear()
