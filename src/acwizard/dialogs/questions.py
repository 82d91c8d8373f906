"""Small modal dialogs: yes/no questions, a choice of actions, and scrollable text.

Every dialog answers through `dismiss()` with a typed value, closes with
Escape, and lets arrow keys move between its buttons, so it works with the
keyboard alone. Text shown here is never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from acwizard.widgets.key_footer import KeyFooter
from acwizard.widgets.plain_checkbox import PlainButton

__all__ = ["ChoiceDialog", "ConfirmDialog", "TextDialog", "ask_to_discard"]


class ChoiceDialog(ModalScreen[Any]):
    """A question with a few answers; returns the id of the chosen button or None."""

    DEFAULT_CSS = """
    ChoiceDialog .dialog-buttons {
        height: 3;
        align-horizontal: center;
    }
    ChoiceDialog .dialog-buttons Button {
        margin: 0 1;
    }
    """
    """The row of answers: full-height buttons, centred. The frame is app.tcss's `.dialog-box`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="dialog.close"),
        Binding("left,up", "app.focus_previous", "Previous", show=False),
        Binding("right,down", "app.focus_next", "Next", show=False),
        Binding("pageup", "scroll_body(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_body(1)", "Scroll down", show=False),
    ]
    """Escape closes without an answer; arrows move between the buttons; PgUp/PgDn scroll."""

    def __init__(
        self,
        title: str,
        body: str | Content,
        choices: Sequence[tuple[str, str]],
        default: str | None = None,
        danger: Sequence[str] = (),
        wide: bool = False,
    ) -> None:
        super().__init__(classes="dialog")
        self.wide = wide
        """Use the whole screen, for a body as long as a diff."""
        self.title_text = title
        self.body = body if isinstance(body, Content) else Content(body)
        self.choices = list(choices)
        self.default = default or self.choices[-1][0]
        """The safe answer, focused first and shown as the primary button."""
        self.danger = set(danger)
        """Answers that lose something, shown in red."""

    def compose(self) -> ComposeResult:
        """Title, body and a row of buttons."""
        with Vertical(classes="dialog-box wide" if self.wide else "dialog-box"):
            yield Static(Content(self.title_text), classes="dialog-title")
            with VerticalScroll(classes="dialog-body", can_focus=False):
                yield Static(self.body)
            with Horizontal(classes="dialog-buttons"):
                for choice_id, label in self.choices:
                    if choice_id in self.danger:
                        variant = "error"
                    elif choice_id == self.default:
                        variant = "primary"
                    else:
                        variant = "default"
                    yield PlainButton(Content(label), id=choice_id, variant=variant)
        yield KeyFooter()

    def on_mount(self) -> None:
        """Focus the default answer, which is the safe one."""
        self.query_one(f"#{self.default}", Button).focus()

    def action_scroll_body(self, pages: int) -> None:
        """Scroll the body by a page, wherever the focus is (it stays on the buttons)."""
        body = self.query_one(".dialog-body", VerticalScroll)
        body.scroll_to(y=body.scroll_y + pages * max(1, body.size.height - 1), animate=False)

    def answer(self, choice: str | None) -> Any:
        """The result for a chosen button id (None: closed with Escape)."""
        return choice

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the chosen button."""
        event.stop()
        self.dismiss(self.answer(event.button.id))

    def action_close(self) -> None:
        """Close without choosing."""
        self.dismiss(self.answer(None))


class ConfirmDialog(ChoiceDialog):
    """A yes/no question; returns True for yes. The default answer, and Escape, is No."""

    def __init__(self, title: str, body: str | Content, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(title, body, [("yes", yes), ("no", no)], default="no", danger=["yes"])

    def answer(self, choice: str | None) -> bool:
        """True only for yes."""
        return choice == "yes"


class TextDialog(ModalScreen[None]):
    """Scrollable read-only text, such as a file's problems."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "dismiss(None)", "Close", id="dialog.close"),
    ]
    """Escape, Enter or q closes."""

    def __init__(self, title: str, body: str | Content) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.body = body if isinstance(body, Content) else Content(body)

    def compose(self) -> ComposeResult:
        """Title and scrollable text."""
        with Vertical(classes="dialog-box wide"):
            yield Static(Content(self.title_text), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(self.body)
        yield KeyFooter()


def ask_to_discard(
    screen: Screen[Any], title: str, body: str, keep: str, then: Callable[[], object]
) -> None:
    """Ask whether to throw something away; `then()` only on Discard. `keep` (the
    default, and Escape's answer) names going on, e.g. "Keep editing"."""

    def answered(discard: bool | None) -> None:
        if discard:
            then()

    screen.app.push_screen(ConfirmDialog(title, body, yes="Discard", no=keep), answered)
