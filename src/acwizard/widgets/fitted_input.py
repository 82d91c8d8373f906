"""Inputs that mark what the field's edge cuts: a placeholder, and a URL not being edited.

Textual's Input lets the field's edge cut a placeholder wider than the field,
and shows the end of a value just typed, without a sign either way: at 60x20
the OAuth tab's "valid until 2027-06-30, Enter" lost its ", Enter", and a JWKS
or webhook URL, once left, showed its path and hid its host, which is what an
admin reviews. `FittedInput` cuts its placeholder with an ellipsis to the
field's width; `UrlInput` also shows its URL, while it is not being edited,
as the tables do (`clip_url`: the host in view, the cut marked with `…`). With
the focus the value is the ordinary Input's.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual import events
from textual.strip import Strip
from textual.widgets import Input

from acwizard.widgets.cells import clip, clip_url

__all__ = ["FittedInput", "UrlInput"]


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
