"""How to call and the clicks after a save, driven from the keyboard at 80x24 (issue 21).

The demo holds a classic connector (Payroll Sync), an OAuth one (Time Registration)
and a hybrid one (Webshop Integration); each opens from the list and from its
properties, a command copies through OSC 52, and a save offers its clicks in Profit.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest

from acwizard.app import AcWizardApp
from acwizard.guard import redact
from acwizard.screens.after_save import AfterSaveScreen
from acwizard.screens.connector_list import ConnectorListScreen
from acwizard.screens.how_to_call import HowToCallScreen
from acwizard.screens.properties import PropertiesScreen

from conftest import shown, toasts

SIZE = (80, 24)

KINDS = [
    # (rows down from the top, description, authentication, the first command's words)
    pytest.param(3, "Payroll Sync", "classic token", "/otprequest", id="classic"),
    pytest.param(4, "Time Registration", "OAuth", "/oauth/token", id="oauth"),
    pytest.param(5, "Webshop Integration", "hybrid", "/otprequest", id="hybrid"),
]
OSC52 = re.compile(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07")
"""What Textual's `App.copy_to_clipboard` writes (textual 8.2.8, app.py): ESC ] 52 ; c ;
the text in base64, BEL."""


def capture_output(app: AcWizardApp) -> list[str]:
    """Everything the app writes to its terminal from now on (the headless driver drops it)."""
    written: list[str] = []
    driver: Any = app._driver
    original = driver.write

    def write(data: str) -> None:
        written.append(data)
        original(data)

    driver.write = write
    return written


@pytest.mark.parametrize(("down", "description", "kind", "first"), KINDS)
async def test_how_to_call_opens_from_the_list_for_each_kind_and_escape_returns(
    demo_copy, down, description, kind, first
):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # GIVEN the cursor on the connector in the list
        await pilot.press(*["down"] * down)
        # WHEN ctrl+o is pressed
        await pilot.press("ctrl+o")
        # THEN How to call shows its bases and its kind of credentials
        assert isinstance(app.screen, HowToCallScreen)
        text = await shown(pilot)
        assert f"How to call: {description}" in text
        assert f"{kind}, " in text
        assert "REST https://12345.rest.afas.online/ProfitRestServices" in text
        assert "some terminals refuse it, tmux needs set-clipboard on" in text
        # AND down selects the second command and brings it into view
        await pilot.press("down")
        assert "> 2. " in await shown(pilot)
        # AND Escape goes back to the list, the cursor where it was
        await pilot.press("escape")
        assert isinstance(app.screen, ConnectorListScreen)
        assert app.screen.highlighted_id() is not None
        listed = app.screen.highlighted()
        assert listed is not None and listed.row is not None
        assert listed.row.description == description


@pytest.mark.parametrize(("down", "description", "kind", "first"), KINDS)
async def test_how_to_call_opens_from_the_properties_with_9_and_ctrl_o(
    demo_copy, down, description, kind, first
):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*["down"] * down, "enter")
        assert isinstance(app.screen, PropertiesScreen)
        # WHEN 9 is pressed on the tab bar
        await pilot.press("9")
        assert isinstance(app.screen, HowToCallScreen)
        assert f"How to call: {description}" in await shown(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, PropertiesScreen)
        # WHEN ctrl+o is pressed in the Description field: it opens, nothing is typed
        await pilot.press("tab", "ctrl+o")
        assert isinstance(app.screen, HowToCallScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, PropertiesScreen)
        assert app.screen.description_input.value == description
        # AND a 9 typed in the Description field is text
        await pilot.press("end", "9")
        assert isinstance(app.screen, PropertiesScreen)
        assert app.screen.description_input.value == description + "9"


async def test_unsaved_edits_are_shown_and_said_as_unsaved(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # GIVEN Payroll Sync with a GetConnector removed, not saved
        await pilot.press("down", "down", "down", "enter", "2", "d")
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, HowToCallScreen)
        assert "not saved yet" in await shown(pilot)
        endpoints = [endpoint.connector for endpoint in app.screen.view.sheet.endpoints]
        assert "Employment_data" not in endpoints  # the first row, removed by d
        assert "Profit_Employees" in endpoints


async def test_c_copies_the_selected_command_in_an_osc52_sequence_without_a_secret(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # GIVEN How to call of the hybrid connector, its third command selected (OAuth token)
        await pilot.press(*["down"] * 5, "ctrl+o", "down", "down")
        screen = app.screen
        assert isinstance(screen, HowToCallScreen)
        written = capture_output(app)
        # WHEN c is pressed
        await pilot.press("c")
        # THEN the terminal received the command in an OSC 52 sequence
        found = [OSC52.search(chunk) for chunk in written]
        payloads = [match.group(1) for match in found if match]
        assert len(payloads) == 1
        copied = base64.b64decode(payloads[0]).decode("utf-8")
        assert copied == screen.view.sheet.commands[2].text
        assert "/oauth/token" in copied and "$AFAS_CLIENT_SECRET" in copied
        assert redact(copied) == copied  # placeholders only
        assert app.clipboard == copied
        # AND the toast says where it went without claiming it arrived
        said = await toasts(pilot)
        assert "Command 3 was sent to the terminal (OSC 52). Paste to check" in said
        assert "copied to" not in said.casefold()


async def test_how_to_call_of_an_invalid_file_says_why_not(demo_copy):
    (demo_copy / "connectors" / "broken.toml").write_text("description = 1\n", encoding="utf-8")
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "ctrl+o")  # broken.toml sorts after BI Export
        assert isinstance(app.screen, ConnectorListScreen)
        assert "broken.toml does not validate: p shows its problems." in await toasts(pilot)


async def test_a_digit_typed_at_the_list_still_starts_the_filter(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("9")
        assert isinstance(app.screen, ConnectorListScreen)
        assert app.screen.query_one("#filter").value == "9"  # type: ignore[attr-defined]


async def test_after_a_save_the_clicks_are_offered_and_lead_to_how_to_call(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # GIVEN no save yet: ctrl+p says what it is for
        await pilot.press("ctrl+p")
        assert "Nothing saved in this session yet" in await toasts(pilot)
        # WHEN Payroll Sync loses a GetConnector and is saved
        await pilot.press("down", "down", "down", "enter", "2", "d", "ctrl+s", "ctrl+s")
        assert isinstance(app.screen, ConnectorListScreen)
        # THEN the list says where the clicks are
        assert "ctrl+p on the list: the clicks that make it match." in await toasts(pilot)
        # AND ctrl+p shows them, as acwizard plan prints them
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, AfterSaveScreen)
        text = await shown(pilot)
        assert "connectors/payroll-sync.toml is saved; Profit has not changed" in text
        assert "Change the app connector 'Payroll Sync' (payroll-sync)" in text
        assert "Select the lines of Employment_data and delete them." in text
        # AND ctrl+o leads to How to call of the connector as saved, Escape back each time
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, HowToCallScreen)
        assert "How to call: Payroll Sync" in await shown(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, AfterSaveScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ConnectorListScreen)


async def test_a_new_connector_gets_the_create_flow_with_unblocking_last(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # GIVEN a connector made with the wizard, a GetConnector ticked and Blocked unticked
        await pilot.press("n", *"Expense Claims", "enter", *"expense app", "enter")
        assert isinstance(app.screen, PropertiesScreen)
        await pilot.press("ctrl+t", "n", *"Profit_Employees", "down", "space", "enter")
        await pilot.press("f2", "tab", "tab", "tab", "tab", "space")
        # WHEN it is saved
        await pilot.press("ctrl+s", "ctrl+s")
        assert isinstance(app.screen, ConnectorListScreen)
        await pilot.press("ctrl+p")
        # THEN its clicks are Profit's create flow: New, Finish (blocked), unblock last
        screen = app.screen
        assert isinstance(screen, AfterSaveScreen)
        text = "\n".join(screen.lines)
        assert "Add the app connector 'Expense Claims' (expense-claims)" in text
        assert "Change the app connector" not in text
        order = [
            "Click on: New.",
            "Enter the description: 'Expense Claims'.",
            "Click on: Finish.",
            "Select the check boxes of: Profit_Employees.",
            "Deselect the Blocked check box.",
            "Click on: OK.",
        ]
        places = [text.index(words) for words in order]
        assert places == sorted(places)
        assert "Add the app connector 'Expense Claims'" in await shown(pilot)


async def test_help_lists_the_new_keys_where_they_work(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f1", "end")
        text = await shown(pilot)
        await pilot.press("pageup")  # the list's help ends with what the Profit column says
        text += " " + await shown(pilot)
        assert "^o How to call the connector under the cursor" in text
        assert "^p The clicks in Profit that make it match this session's saves" in text
        await pilot.press("escape", "down", "down", "down", "enter", "f1", "end")
        assert "9 / ^o How to call this connector" in await shown(pilot)
        await pilot.press("escape", "9", "f1")
        text = await shown(pilot)
        assert "Help: how to call" in text
        assert "c Copy the selected command (OSC 52: the terminal may refuse it)" in text
