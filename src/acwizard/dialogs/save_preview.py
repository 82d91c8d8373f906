"""Before OK writes a file: what changes, in access terms and as the file's diff.

Like harlequin's config wizard, acwizard shows what it will write and asks
first. Hand-written comments are not part of the format, so the preview says
when saving removes them. A note on the file's format (a version 1 file is
written as version 2) comes first; what the save makes riskier (a new high audit
finding, a description another connector has) next, above the summary. Returns
True to save.

One rule for the default button, said above the buttons: Back when the save
widens access or stops sign-ins (`cores.save_plan.second_look`), Save otherwise;
ctrl+s and F10 save either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from acwizard.text import visible
from acwizard.widgets.key_footer import KeyFooter
from acwizard.widgets.plain_checkbox import PlainButton

__all__ = ["SavePreview", "diff_content"]


def diff_content(lines: list[str]) -> Content:
    """Diff lines with colour; the +/- prefixes keep it readable without colour.

    A diff holds the file's own text, hand-written comments included, so each
    line is shown through `visible()`: a bidi override or a C1 control in a
    comment appears as an escape and never reaches the terminal. Escaping keeps
    each line a line, so the diff keeps its layout.
    """
    parts: list[Content] = []
    for raw in lines:
        line = visible(raw, limit=len(raw) * 6 + 1)
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("+"):
            style = "$text-success"
        elif line.startswith("-"):
            style = "$text-error"
        elif line.startswith("@@"):
            style = "$text-accent"
        else:
            style = ""
        parts.append(Content.styled(line, style) if style else Content(line))
    return Content("\n").join(parts)


class SavePreview(ModalScreen[bool]):
    """The change summary and the diff; Save or go back."""

    DEFAULT_CSS = """
    SavePreview #preview-note {
        margin-bottom: 1;
    }
    SavePreview #preview-body:focus {
        border-left: thick $accent;
    }
    SavePreview #preview-default {
        height: auto;
        color: $text-muted;
    }
    """
    """The note that the file's format version changes: first, set apart. Tab stops on the
    diff too (it scrolls), where Enter saves nothing: a bar on its left says so, as on the
    review panel; Textual draws no focus mark on a scrolling container, in colour or not."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(False)", "Back", id="preview.back"),
        Binding("ctrl+s,f10", "dismiss(True)", "Save", id="preview.save"),
        Binding("left", "app.focus_previous", "Previous", show=False),
        Binding("right", "app.focus_next", "Next", show=False),
        Binding("up", "scroll(-1)", "Scroll up", show=False),
        Binding("down", "scroll(1)", "Scroll down", show=False),
        Binding("pageup", "scroll(-10)", "Page up", show=False),
        Binding("pagedown", "scroll(10)", "Page down", show=False),
    ]
    """ctrl+s or F10 saves; Escape goes back to editing."""

    def __init__(
        self,
        file_name: str,
        changes: list[str],
        diff: list[str],
        comments: list[int],
        warnings: Sequence[str] = (),
        note: str | None = None,
        careful: str = "",
    ) -> None:
        super().__init__(classes="dialog")
        self.file_name = file_name
        self.changes = changes
        self.diff = diff
        self.comments = comments
        self.warnings = list(warnings)
        """What this save makes riskier; shown first, in bold."""
        self.note = note
        """Said before anything else: that the file's format version changes."""
        self.careful = careful
        """Why Back is the default (the save widens access or stops sign-ins); "": Save."""

    def compose(self) -> ComposeResult:
        """Summary, warnings, diff, buttons."""
        with Vertical(classes="dialog-box wide"):
            yield Static(Content(f"Save {self.file_name}?"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body", id="preview-body"):
                if self.note:
                    yield Static(Content(self.note), id="preview-note")
                if self.warnings:
                    yield Static(
                        Content("\n".join(f"! {warning}" for warning in self.warnings)),
                        classes="field-message -error",
                        id="preview-warnings",
                    )
                summary = "\n".join(f"* {line}" for line in self.changes) or "* layout only"
                yield Static(Content(f"What changes:\n{summary}"), id="preview-changes")
                if self.comments:
                    lines = ", ".join(str(line) for line in self.comments)
                    yield Static(
                        Content(
                            f"Saving removes the hand-written comments on line(s) {lines}: "
                            "comments are not part of the connector format. Use notes instead."
                        ),
                        classes="field-message -error",
                        id="preview-comments",
                    )
                yield Static(diff_content(self.diff), id="preview-diff")
            yield Static(Content(self.default_text()), id="preview-default")
            with Horizontal(classes="button-row"):
                yield PlainButton("Save", id="save", variant="primary", compact=True)
                yield PlainButton("Back", id="back", compact=True)
        yield KeyFooter()

    def default_text(self) -> str:
        """The rule of the default button, as it applies to this save."""
        if self.careful:
            return (
                f"Enter goes Back: this save widens access or stops sign-ins ({self.careful}). "
                "ctrl+s or F10 saves."
            )
        return "Enter saves: nothing here widens access or stops sign-ins."

    def on_mount(self) -> None:
        """Focus Back when the save widens access or stops sign-ins, else Save (the admin
        asked for it once already): such a change should be read, not passed over with
        a second Enter."""
        self.query_one("#back" if self.careful else "#save", Button).focus()

    def action_scroll(self, lines: int) -> None:
        """Scroll the diff, wherever the focus is."""
        body = self.query_one("#preview-body", VerticalScroll)
        body.scroll_to(y=body.scroll_y + lines, animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or back."""
        event.stop()
        self.dismiss(event.button.id == "save")
