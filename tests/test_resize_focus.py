"""A terminal resized mid-edit (an SSH window dragged smaller) keeps the field being typed in on screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from acwizard.app import AcWizardApp

from conftest import until

PAYROLL_ROW = ("down", "down", "down")


async def test_the_focused_field_stays_in_view_when_the_terminal_shrinks(demo_copy: Path) -> None:
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        # GIVEN the admin typing in Notes, the last field of General, at 80x24
        await pilot.press(*PAYROLL_ROW, "enter")
        notes = app.screen.query_one("#notes", Input)
        notes.focus()
        await pilot.pause()
        await pilot.press("end", *" 45")
        # WHEN the terminal shrinks to 60x20
        await pilot.resize_terminal(60, 20)

        def notes_in_view() -> bool:
            """Notes is whole on screen (a moment after the resize: RESIZE_SETTLE)"""
            placed = app.screen.find_widget(notes)
            return placed.clip.contains_region(placed.region)

        await until(pilot, notes_in_view)
        # THEN Notes is still on screen, whole, where the next keys land
        assert app.focused is notes
        placed = app.screen.find_widget(notes)
        assert placed.clip.contains_region(placed.region), (placed.region, placed.clip)


async def test_the_resize_timer_firing_during_shutdown_is_harmless(demo_copy: Path) -> None:
    # The scroll-into-view waits RESIZE_SETTLE for the layout; on a slow machine the app can be
    # closing by then, its screens gone (CI once failed with 'No screens on stack').
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.resize_terminal(130, 24)
    assert not app.screen_stack
    app._focus_in_view()  # the timer's call, with no screen left: nothing to do, no error
