"""With NO_COLOR, a field's placeholder reads as a hint, not as a value (issue 18).

Textual greys a placeholder; without colour the grey was all that told the Notes
hint (`optional, e.g. RFC-1234, owner: HR`) or the secret validity's `180` from a
typed value. Under `:nocolor` a placeholder is italic (Textual draws dim as a colour,
which NO_COLOR drops), a value is not.
Read as a monochrome terminal shows it (`test_no_color.monochrome`), at 80x24.
"""

from __future__ import annotations

from test_no_color import SIZE, monochrome, no_color_app  # noqa: F401 - the fixture
from textual.pilot import Pilot
from textual.widgets import Input

from acwizard.app import AcWizardApp

HINT = frozenset({"italic"})


async def field_cells(pilot: Pilot[None], field: Input, text: str) -> list[frozenset[str]]:
    """The attributes of the cells that draw `text` in `field`."""
    (row,) = await monochrome(pilot, field.region.intersection(pilot.app.screen.region))
    line = "".join(character for character, _ in row)
    start = line.index(text)
    return [style for _, style in row[start : start + len(text)]]


async def assert_placeholders_read_as_hints(pilot: Pilot[None], where: str) -> int:
    """Every empty field's placeholder on screen is italic; how many were seen."""
    seen = 0
    for field in pilot.app.screen.query(Input):
        if field.value or not field.placeholder or not field.region.height:
            continue
        shown = field.placeholder[:20]
        styles = await field_cells(pilot, field, shown)
        assert all(style >= HINT for style in styles), (where, field.id, styles)
        seen += 1
    return seen


async def test_placeholders_are_italic_and_values_are_not(
    no_color_app: AcWizardApp,  # noqa: F811 - the fixture
) -> None:
    async with no_color_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # the list's filter, empty: its hint reads as one
        assert await assert_placeholders_read_as_hints(pilot, "list") == 1
        # BI Export, which has no notes: the Notes hint reads as one
        await pilot.press("enter")
        await pilot.pause()
        notes = pilot.app.screen.query_one("#notes", Input)
        assert notes.value == "" and "RFC-1234" in notes.placeholder
        assert await assert_placeholders_read_as_hints(pilot, "properties") >= 1
        # and a value typed there does not look like a hint
        notes.focus()
        await pilot.press(*"RFC-1")
        styles = await field_cells(pilot, notes, "RFC-1")
        assert not any(style & HINT for style in styles), styles
