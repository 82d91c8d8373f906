"""An Input for a URL that shows the URL's host, and marks the cut, while it is not being edited.

Textual's Input shows the end of a value the admin just typed, and the field's
edge cuts it without a sign: a JWKS or webhook URL left at 60 columns showed
its path and hid its host, which is what an admin reviews. Without the focus
this field shows the URL as the tables do (`clip_url`: the host in view, the
cut marked with `…`); with the focus it is the ordinary Input.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Input

from acwizard.widgets.cells import clip_url

__all__ = ["UrlInput"]


class UrlInput(Input):
    """An Input for one URL; see the module's docstring."""

    def render_line(self, y: int) -> Strip:
        """The URL fitted to the field while the field is not focused."""
        if y != 0 or self.has_focus or not self.value:
            return super().render_line(y)
        width = self.scrollable_content_region.width
        shown = clip_url(self.value, width)
        return Strip([Segment(shown)]).extend_cell_length(width + 1).apply_style(self.rich_style)
