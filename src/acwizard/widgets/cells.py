"""Fitting user text into terminal columns, where wide characters take two cells.

Kept out of `acwizard.text` because it needs Rich, and the command-line verbs
load neither Rich nor Textual.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size


def clip(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells, ending in an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"
