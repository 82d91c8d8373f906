"""Choosing a user group from the properties screen, as a dialog.

The same chooser as step 2 of the New wizard; returns the chosen name or None.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from acwizard.widgets.key_footer import KeyFooter
from acwizard.widgets.user_group_chooser import UserGroupChooser

__all__ = ["UserGroupDialog"]


class UserGroupDialog(ModalScreen[str | None]):
    """Filter and pick a user group; Enter chooses, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="group-dialog.cancel"),
    ]
    """Escape closes without choosing."""

    def __init__(self, groups: dict[str, str], new_group_name: str | None, current: str) -> None:
        super().__init__(classes="dialog")
        self.groups = groups
        self.new_group_name = new_group_name
        self.current = current

    def compose(self) -> ComposeResult:
        """Title and chooser."""
        with Vertical(classes="dialog-box picker"):
            yield Static(Content("Choose a user group"), classes="dialog-title")
            yield UserGroupChooser(self.groups, self.new_group_name, self.current)
        yield KeyFooter()

    def on_mount(self) -> None:
        """Start in the filter."""
        self.query_one(UserGroupChooser).focus_filter()

    @on(UserGroupChooser.Chosen)
    def chosen(self, event: UserGroupChooser.Chosen) -> None:
        """Return the chosen name."""
        event.stop()
        self.dismiss(event.name)
