"""The clicks in Profit after saves, deletes and the New wizard, from the keyboard at 80x24
(issue 21): per connector, from before its first save of the session to after its last."""

from __future__ import annotations

from acwizard.app import AcWizardApp
from acwizard.screens.after_save import AfterSaveScreen
from acwizard.screens.connector_list import ConnectorListScreen
from acwizard.screens.properties import PropertiesScreen

from conftest import shown, toasts

SIZE = (80, 24)


def clicks_of(app: AcWizardApp) -> str:
    """The intro and every step of the clicks view on screen, as one text."""
    screen = app.screen
    assert isinstance(screen, AfterSaveScreen)
    return screen.intro + "\n" + "\n".join(screen.lines)


async def test_a_revoke_saved_then_a_grant_saved_both_stay_removal_first(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # GIVEN Payroll Sync loses its first UpdateConnector (HrCompMut), saved
        await pilot.press("down", "down", "down", "enter", "3", "d", "ctrl+s", "enter")
        assert isinstance(app.screen, ConnectorListScreen)
        # AND, opened again, gains a GetConnector, saved
        await pilot.press("enter", "2", "n", *"Profit_Debtors", "down", "space", "enter")
        await pilot.press("ctrl+s", "ctrl+s")
        assert isinstance(app.screen, ConnectorListScreen)
        assert "HrCompMut" not in (demo_copy / "connectors" / "payroll-sync.toml").read_text()
        # WHEN ctrl+p is pressed on its row
        await pilot.press("ctrl+p")
        # THEN both changes are there, the revoke of write access before the grant
        text = clicks_of(app)
        assert "The clicks for the 2 saves of this session, combined." in text
        assert "Select the lines of HrCompMut and delete them." in text
        assert "Select the check boxes of: Profit_Debtors." in text
        assert text.index("HrCompMut") < text.index("Profit_Debtors")
        assert "`acwizard plan` between the commits (in a git workspace)" in await shown(pilot)


async def test_each_row_shows_its_own_saves(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # GIVEN BI Export blocked and saved, then Time Registration blocked and saved
        await pilot.press("enter", "f2", "tab", "tab", "tab", "tab", "space", "ctrl+s", "ctrl+s")
        await pilot.press("down", "down", "down", "down", "enter")
        await pilot.press("f2", "tab", "tab", "tab", "tab", "space", "ctrl+s", "ctrl+s")
        assert isinstance(app.screen, ConnectorListScreen)
        # WHEN ctrl+p is pressed with the cursor back on BI Export
        await pilot.press("home", "ctrl+p")
        # THEN the clicks are BI Export's, not the last save's
        text = clicks_of(app)
        assert "Change the app connector 'BI Export' (bi-export)" in text
        assert "Time Registration" not in text
        await pilot.press("escape", *["down"] * 4, "ctrl+p")
        assert "Change the app connector 'Time Registration'" in clicks_of(app)
        assert "BI Export" not in clicks_of(app)


async def test_a_row_without_saves_says_so_and_names_the_fallback(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "f2", "tab", "tab", "tab", "tab", "space", "ctrl+s", "ctrl+s")
        await pilot.press("down", "ctrl+p")  # Expense App: not saved in this session
        text = clicks_of(app)
        assert text.startswith("'Expense App' has no save in this session.")
        assert "`acwizard plan` between the commits (in a git workspace)" in text
        assert "Change the app connector 'BI Export'" in text  # what the session did save


async def test_deleting_an_active_connector_says_profit_keeps_it_and_offers_its_clicks(
    demo_copy,
):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # GIVEN the delete question for Payroll Sync, which is active
        await pilot.press("down", "down", "down", "d")
        question = await shown(pilot)
        assert "It is ACTIVE" in question and "Profit is not changed by this" in question
        # WHEN it is deleted (the default answer is Keep)
        await pilot.press("left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConnectorListScreen)
        assert not (demo_copy / "connectors" / "payroll-sync.toml").exists()
        # THEN the toast names the step in Profit
        said = await toasts(pilot)
        assert "Deleted connectors/payroll-sync.toml." in said
        assert "Profit is not changed: ctrl+p" in said
        assert "In Profit, block or delete the app connector 'Payroll Sync' too." in said
        # AND ctrl+p, on whatever row the cursor is now, reaches the removal steps
        await pilot.press("ctrl+p")
        text = clicks_of(app)
        assert "Delete the app connector 'Payroll Sync' (payroll-sync)" in text
        assert "Select the app connector 'Payroll Sync' and delete it." in text


async def test_a_connector_the_wizard_created_has_its_clicks_without_another_save(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # GIVEN a connector made with the wizard, its properties closed without a change
        await pilot.press("n", *"Expense Claims", "enter", *"expense app", "enter")
        assert isinstance(app.screen, PropertiesScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ConnectorListScreen)
        # WHEN ctrl+p is pressed on its row
        await pilot.press("ctrl+p")
        # THEN its clicks are Profit's create flow, ending blocked (the file says so)
        text = clicks_of(app)
        assert "Add the app connector 'Expense Claims' (expense-claims)" in text
        assert text.startswith("connectors/expense-claims.toml is created; Profit has not")
        assert text.index("Click on: New.") < text.index("Click on: Finish.")
        assert "creates the app connector blocked" in text
        assert "Deselect the Blocked check box" not in text


async def test_the_footer_offers_clicks_once_the_session_has_saved(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert "^p Clicks" not in await shown(pilot)
        await pilot.press("enter", "f2", "tab", "tab", "tab", "tab", "space", "ctrl+s", "ctrl+s")
        assert isinstance(app.screen, ConnectorListScreen)
        await pilot.pause()
        assert "^p Clicks" in await shown(pilot)
