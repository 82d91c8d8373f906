"""OK and Cancel on the properties screen: the save preview, conflicts, and leaving.

OK checks the candidate, shows what the save changes (`SavePreview`) and writes
after the admin says so; a file changed on disk since it was opened is a
conflict, answered in its own dialog. Cancel leaves, asking first when
something is unsaved. Both act only once what the admin did just before has
reached the editor (`Leave`).
"""

from __future__ import annotations

from textual import on
from textual.message import Message

from acwizard.cores.save_plan import Conflict, SaveFailed, SaveResult
from acwizard.dialogs.conflict import ConflictDialog, dropped_notice
from acwizard.dialogs.questions import ask_to_discard
from acwizard.dialogs.save_preview import SavePreview
from acwizard.screens.editing_screen import EditingScreen

__all__ = ["SaveKeys"]


class SaveKeys(EditingScreen):
    """OK saves `editor`'s candidate after a preview; Cancel discards it."""

    class Leave(Message):
        """OK or Cancel, sent through the focused widget before it is acted on.

        Keys that arrive in one burst (over SSH, `d` then ctrl+s) run their
        bindings at once, while what a pane asks for (`IdListPane.Changed`) still
        waits in that pane's queue. Sent through the focused widget, this message
        reaches the screen after everything the widget and its pane sent before:
        OK and Cancel never act on a connector without the admin's last change.
        """

        def __init__(self, save: bool) -> None:
            super().__init__()
            self.save = save
            """True for OK, False for Cancel."""

    def action_ok(self) -> None:
        """OK: save, once what the admin did just before has reached the editor."""
        (self.focused or self).post_message(self.Leave(save=True))

    def action_cancel(self) -> None:
        """Cancel: leave, once what the admin did just before has reached the editor."""
        (self.focused or self).post_message(self.Leave(save=False))

    @on(Leave)
    def leave(self, event: Leave) -> None:
        """OK or Cancel, in the order of the keys."""
        event.stop()
        self.read_fields()
        self.edited()
        unapplied = self.oauth_unapplied()
        if event.save and unapplied:
            # An OAuth edit the model refused so far, or a value typed and not applied,
            # is on screen but not in the connector: saving without it would change
            # less than the admin sees.
            self.select_tab("oauth")
            self.notify(unapplied, title="Not saved", severity="error", markup=False)
            return
        if event.save:
            self.review_and_save()
        else:
            self.cancel()

    def review_and_save(self) -> None:
        """Validate, show the change, save after confirmation."""
        problems = self.editor.problems
        if problems:
            field, message = next(iter(problems.items()))
            self.select_tab("general")
            self.notify(f"{field}: {message}", title="Not saved", severity="error", markup=False)
            return
        plan = self.editor.save_plan()
        if plan is None:
            self.notify(
                "Nothing changed; the file was not written.", title="No changes", markup=False
            )
            self.close()
            return
        preview = SavePreview(
            plan.file_name,
            plan.changes,
            plan.diff,
            plan.comment_lines,
            plan.warnings,
            note=plan.note,
            careful=plan.careful,
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.saved(self.editor.save(plan.connector))

        self.app.push_screen(preview, confirmed)

    def saved(self, result: SaveResult) -> None:
        """Say how the save went: done (close), a conflict (ask), or why it failed."""
        if isinstance(result, Conflict):
            self.conflict(result)
        elif isinstance(result, SaveFailed):
            self.notify(result.message, title="Not saved", severity="error", markup=False)
        else:
            self.notify(f"{result.file_name} written.", title="Saved", markup=False)
            self.close()

    def conflict(self, conflict: Conflict) -> None:
        """The file changed on disk since it was opened: drop mine, drop theirs or go back."""
        mine = self.editor.discarded_changes()

        def answered(choice: str | None) -> None:
            if choice == "overwrite":
                self.saved(self.editor.overwrite(conflict))
            elif choice == "reload":
                self.close()
                fresh = None if conflict.deleted else self.editor.on_disk_now()
                # What is on disk now may be no connector at all (half a merge, a directory):
                # the list shows its problems, as for any invalid file.
                broken = fresh is not None and fresh.status == "invalid"
                if fresh is not None and not broken:
                    self.reopen(fresh)
                message, title = dropped_notice(mine, fresh is not None and not broken, broken)
                self.app.notify(message, title=title, severity="warning", timeout=30, markup=False)

        self.app.push_screen(ConflictDialog(conflict), answered)

    def cancel(self) -> None:
        """Leave; ask first when there are unsaved changes."""
        if not self.editor.is_modified() and not self.oauth_unapplied():
            self.close()
            return

        def discard() -> None:
            self.close()
            self.notify("Changes discarded; the file was not written.", markup=False)

        ask_to_discard(
            self,
            "Discard changes?",
            "This connector has unsaved changes. Discard them?",
            "Keep editing",
            discard,
        )
