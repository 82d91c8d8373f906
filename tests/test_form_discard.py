"""Escape in a form: an Escape meant for something else must not throw away what was typed."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from acwizard.app import AcWizardApp
from acwizard.dialogs.form import FormDialog

from conftest import shown, toasts

SIZE = (80, 24)
PAYROLL_ROW = ("down", "down", "down")


async def test_escape_in_a_half_typed_webhook_form_asks_first(demo_copy: Path) -> None:
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        # GIVEN a new webhook's description and half its URL typed
        await pilot.press(
            *PAYROLL_ROW, "enter", "f8", "n", *"Orders", "tab", "ctrl+u", *"https://ho"
        )
        form = app.screen
        assert isinstance(form, FormDialog)
        # WHEN Escape is pressed
        await pilot.press("escape")
        # THEN the form asks, Keep editing is the default, and the text is still there
        assert "Discard what you typed?" in await shown(pilot)
        await pilot.press("enter")
        assert app.screen is form
        assert form.query_one("#webhook-url", Input).value == "https://ho"
        # AND Discard closes it
        await pilot.press("escape", "left", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        assert "Orders" not in await shown(pilot)


async def test_escape_in_an_untouched_form_closes_it_at_once(demo_copy: Path) -> None:
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*PAYROLL_ROW, "enter", "f6", "n")
        assert isinstance(app.screen, FormDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        assert "Discard what you typed?" not in await shown(pilot)


async def test_escape_in_an_ip_form_with_a_typed_address_asks_first(demo_copy: Path) -> None:
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*PAYROLL_ROW, "enter", "f6", "n", *"2001:db8::/48", "escape")
        assert "Discard what you typed?" in await shown(pilot)
        await pilot.press("escape")  # Escape on the question keeps editing too
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#ip-address", Input).value == "2001:db8::/48"


async def test_escape_in_the_picker_with_ticked_entries_asks_first(demo_copy: Path) -> None:
    from acwizard.dialogs.connector_picker import ConnectorPicker

    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        # GIVEN two entries ticked in the GetConnectors picker
        await pilot.press(*PAYROLL_ROW, "enter", "f3", "n", "down", "space", "down", "space")
        assert app.screen_stack[-2].editor.is_modified() is False  # type: ignore[attr-defined]
        picker = app.screen
        assert isinstance(picker, ConnectorPicker)
        assert len(picker.checklist.checked) == 2
        # WHEN Escape is pressed, THEN it asks; keeping them keeps both ticks
        await pilot.press("escape")
        assert "2 ticked entries are not added yet" in await shown(pilot)
        await pilot.press("enter")
        assert app.screen is picker and len(picker.checklist.checked) == 2
        # AND Discard closes the picker without granting anything
        await pilot.press("escape", "left", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ConnectorPicker)
        properties = app.screen
        assert (
            properties.editor.on_screen().get_connectors
            == properties.editor.loaded.connector.get_connectors
        )  # type: ignore[attr-defined]


async def test_a_toast_does_not_stand_over_a_dialog(demo_copy: Path) -> None:
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        # GIVEN a grant removed: its toast says ctrl+z undoes it
        await pilot.press(*PAYROLL_ROW, "enter", "f3", "d")
        assert (await toasts(pilot)).count("ctrl+z undoes this") == 1
        # WHEN Cancel asks whether to discard the change
        await pilot.press("escape")
        assert "Discard changes?" in await shown(pilot)
        # THEN the toast is gone: it was the properties screen's, not the dialog's (issue 18;
        # before, it stood twice, then once, over the question)
        assert "ctrl+z undoes this" not in await toasts(pilot)
