"""Inputs that mark what the field's edge cuts: a placeholder, and a URL not being edited.

Textual's Input lets the field's edge cut a placeholder wider than the field,
and shows the end of a value just typed, without a sign either way: at 60x20
the OAuth tab's "valid until 2027-06-30, Enter" lost its ", Enter", and a JWKS
or webhook URL, once left, showed its path and hid its host, which is what an
admin reviews. `FittedInput` cuts its placeholder with an ellipsis to the
field's width; `UrlInput` also shows its URL, while it is not being edited,
as the tables do (`clip_url`: the host in view, the cut marked with `…`). With
the focus the value is the ordinary Input's.

`NotesInput` holds notes, which a file may give several lines: Textual's Input
sent a newline in its value to the terminal as it was, and the text after it
was drawn over the lines below the field (a note could write a fake "no
findings" over the Review panel). Each newline shows as `⏎`, one cell wide
like any letter, so the cursor still stands where it is in the value.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.expand_tabs import expand_tabs_inline
from textual.strip import Strip
from textual.widgets import Input

from acwizard.widgets.cells import clip, clip_url

__all__ = ["FittedInput", "NotesInput", "UrlInput"]

NEWLINE_SHOWN = "\u23ce"
"""⏎: how a newline in a one-line field shows, instead of being sent to the terminal."""


class FittedInput(Input):
    """An Input whose placeholder, when wider than the field, is cut with an ellipsis."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.full_placeholder = self.placeholder
        """The placeholder as given; what shows is it cut to the field's width."""

    def on_resize(self, event: events.Resize) -> None:
        """Cut the placeholder to the field's width now."""
        width = self.scrollable_content_region.width
        if width > 0:
            self.placeholder = clip(self.full_placeholder, width)


class UrlInput(FittedInput):
    """An Input for one URL; see the module's docstring."""

    def render_line(self, y: int) -> Strip:
        """The URL fitted to the field while the field is not focused."""
        if y != 0 or self.has_focus or not self.value:
            return super().render_line(y)
        width = self.scrollable_content_region.width
        shown = clip_url(self.value, width)
        return Strip([Segment(shown)]).extend_cell_length(width + 1).apply_style(self.rich_style)


class NotesInput(FittedInput):
    """An Input whose value may hold newlines, each shown as `⏎`; see the module's docstring."""

    @property
    def _value(self) -> Text:
        """The value as drawn: each newline a visible one-cell mark."""
        return Text(
            self.value.replace("\n", NEWLINE_SHOWN), no_wrap=True, overflow="ignore", end=""
        )

    def _position_to_cell(self, position: int) -> int:
        """The cell of `position` in the value as drawn (a newline takes a cell there)."""
        shown = self.value[:position].replace("\n", NEWLINE_SHOWN)
        return cell_len(expand_tabs_inline(shown, 4))
