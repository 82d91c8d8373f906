"""The How to call view's core and the clicks after a save, without Textual.

`HowToCall` lays out `acwizard urls`' call sheet for a terminal and hands out one
command to copy; `clicks_text` is `acwizard plan`'s steps for one saved connector.
"""

from __future__ import annotations

import pytest

from acwizard.calling import CallSheet, Command
from acwizard.cores.after_save import SavedConnector, clicks_text, known_groups
from acwizard.cores.how_to_call import OSC52_NOTE, Copied, HowToCall, NotCopied
from acwizard.guard import redact
from acwizard.workspace import Workspace

from conftest import DEMO

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
"""A well-formed JWT (its signature is no secret of anyone's): what the guard must stop."""


@pytest.fixture(scope="module")
def demo() -> Workspace:
    """The demo workspace, read once (nothing here writes)."""
    return Workspace.open(DEMO)


def view_of(demo: Workspace, connector_id: str, unsaved: bool = False) -> HowToCall:
    """The view of one demo connector."""
    connector = demo.load(demo.connector_path(connector_id)).connector
    assert connector is not None
    return HowToCall.of(connector_id, connector, demo.settings, demo.catalog, unsaved)


def every_command(view: HowToCall) -> str:
    """The text of every command as the view shows it."""
    return "\n".join(line for index in range(view.count) for line in view.command_lines(index)[1])


def sheet_with(commands: list[Command], description: str = "Payroll Sync") -> CallSheet:
    """A call sheet holding `commands`, as if a base URL or redirect URL had put them there."""
    return CallSheet(
        "payroll-sync",
        description,
        "classic",
        False,
        "O12345AA",
        "production",
        "https://12345.rest.afas.online/ProfitRestServices",
        "https://12345.soap.afas.online/profitservices",
        "environment",
        None,
        commands=commands,
    )


# -- what the view shows, per authentication type --------------------------------------


def test_a_classic_connector_shows_its_bases_endpoints_and_the_otp_and_afastoken_calls(demo):
    view = view_of(demo, "payroll-sync")
    overview = "\n".join(view.overview())
    assert "payroll-sync: classic token, active; environment O12345AA (production)" in overview
    assert "Bases (derived from the environment id):" in overview
    assert "REST  https://12345.rest.afas.online/ProfitRestServices" in overview
    assert "OAuth:" not in overview
    connector = demo.load(demo.connector_path("payroll-sync")).connector
    assert connector is not None
    for name in [*connector.get_connectors, *connector.update_connectors]:
        assert f"/connectors/{name}" in overview
    assert "/ProfitRestServices/metainfo" in overview
    commands = every_command(view)
    assert "/otprequest" in commands and "/otpvalidation" in commands
    assert "Authorization: AfasToken" in commands
    assert "Bearer" not in commands


def test_an_oauth_connector_shows_the_token_endpoint_and_bearer_calls_only(demo):
    view = view_of(demo, "time-registration")
    overview = "\n".join(view.overview())
    assert "time-registration: OAuth, active" in overview
    assert "token      https://12345.rest.afas.online/ProfitRestServices/oauth/token" in overview
    commands = every_command(view)
    assert "grant_type=client_credentials" in commands
    assert "client_assertion=$AFAS_CLIENT_ASSERTION" in commands  # private key JWT
    assert "Authorization: Bearer $AFAS_ACCESS_TOKEN" in commands
    assert "AfasToken" not in commands and "/otprequest" not in commands


def test_a_hybrid_connector_shows_both_ways_in(demo):
    view = view_of(demo, "webshop-integration")
    assert "hybrid, blocked" in view.overview()[0]
    commands = every_command(view)
    assert "/otprequest" in commands and "AfasToken" in commands
    assert "client_secret=$AFAS_CLIENT_SECRET" in commands and "Bearer" in commands
    closing = "\n".join(view.closing())
    assert "AFAS_CLIENT_SECRET:" in closing and "AFAS_TOKEN:" in closing
    assert "The app connector is blocked" in closing


def test_the_view_says_when_it_shows_unsaved_edits(demo):
    assert "not saved yet" in "\n".join(view_of(demo, "payroll-sync", unsaved=True).overview())
    assert "not saved yet" not in "\n".join(view_of(demo, "payroll-sync").overview())


def test_the_note_on_screen_says_the_terminal_may_refuse_the_copy():
    assert "OSC 52" in OSC52_NOTE and "refuse" in OSC52_NOTE and "set-clipboard on" in OSC52_NOTE


# -- selecting and copying -----------------------------------------------------------


def test_up_and_down_select_a_command_within_the_list(demo):
    view = view_of(demo, "webshop-integration")
    assert view.command_lines(0)[0].startswith("> 1. ")
    assert not view.move(-1)  # already the first
    assert view.move(2)
    assert view.selected == 2
    assert view.command_lines(2)[0].startswith("> 3. ")
    assert view.command_lines(0)[0].startswith("  1. ")
    assert view.move(100)
    assert view.selected == view.count - 1
    assert not view.move(1)


def test_copy_hands_out_the_selected_command_exactly_with_placeholders_only(demo):
    for connector_id in ("payroll-sync", "webshop-integration", "time-registration"):
        view = view_of(demo, connector_id)
        for index in range(view.count):
            view.selected = index
            copied = view.copy()
            assert isinstance(copied, Copied)
            assert copied.text == view.sheet.commands[index].text
            assert redact(copied.text) == copied.text  # nothing the guard takes for a secret
            assert "Paste to check" in copied.said and "copied" not in copied.said.casefold()


def test_copy_refuses_a_command_that_holds_what_looks_like_a_credential():
    # The commands are built from placeholders; their URLs come from the workspace
    # (acwizard.toml's bases, redirect URLs), so a credential pasted there must not leave.
    view = HowToCall(sheet_with([Command("call", f'curl -H "Authorization: Bearer {JWT}"')]))
    refused = view.copy()
    assert isinstance(refused, NotCopied)
    assert "looks like a credential" in refused.reason
    assert JWT not in refused.reason and JWT[:20] not in refused.reason


def test_copy_refuses_a_command_holding_a_control_character():
    view = HowToCall(sheet_with([Command("call", "curl https://example.com/\x1b]52;c;AAAA\x07")]))
    refused = view.copy()
    assert isinstance(refused, NotCopied)
    assert "U+001B" in refused.reason


def test_user_text_in_the_sheet_is_shown_escaped_never_raw():
    sheet = sheet_with(
        [Command("call \x1b[31mred", "curl https://example.com/\x1b[2J")], "Pay\x1b[31mroll"
    )
    view = HowToCall(sheet)
    shown = [view.title(), *view.overview(), *view.command_lines(0)[0], *view.command_lines(0)[1]]
    assert not any("\x1b" in line for line in shown)
    assert "Pay\\x1b[31mroll" in view.title()
    assert "\\x1b[2J" in view.command_lines(0)[1][0]


def test_a_sheet_without_commands_copies_nothing():
    view = HowToCall(sheet_with([]))
    assert view.command is None
    assert not view.move(1)
    assert isinstance(view.copy(), NotCopied)


# -- the clicks after a save -------------------------------------------------------------


def saved_change(demo: Workspace, connector_id: str, created: bool = False, **changes: object):
    """A SavedConnector of a demo connector with `changes` made."""
    loaded = demo.load(demo.connector_path(connector_id)).connector
    assert loaded is not None
    before = loaded.migrated()
    after = before.model_copy(update=changes)
    return SavedConnector(connector_id, None if created else before, after)


def test_a_changed_connector_gets_the_steps_acwizard_plan_prints(demo):
    saved = saved_change(
        demo, "webshop-integration", blocked=False, get_connectors=["Webshop_Customers"]
    )
    text = "\n".join(clicks_text(saved, demo.settings, demo.catalog))
    assert "Change the app connector 'Webshop Integration' (webshop-integration)" in text
    assert "Environment: O12345AA" in text
    assert "Select the lines of Webshop_Item_Prices" in text
    # unblocking comes last, just before OK
    steps = [line.strip() for line in text.splitlines()]
    untick = next(i for i, line in enumerate(steps) if "Deselect the Blocked check box" in line)
    assert "Click on: OK." in steps[untick + 1]


def test_a_connector_the_wizard_created_gets_the_create_flow_unblocked_last(demo):
    saved = saved_change(demo, "payroll-sync", created=True)
    assert saved.created
    text = "\n".join(clicks_text(saved, demo.settings, demo.catalog, {"payroll sync"}))
    assert "Add the app connector 'Payroll Sync'" in text
    assert "Clicks in Profit (not in Profit yet -> payroll-sync as saved)" in text
    order = [
        "Click on: New.",
        "Enter the description: 'Payroll Sync'.",
        "Click on: Finish.",
        "creates the app connector blocked",
        "Deselect the Blocked check box",
        "Click on: OK.",
    ]
    places = [text.index(words) for words in order]
    assert places == sorted(places)
    assert "Add a user group" not in text  # another connector names the group


def test_a_created_connector_with_an_unknown_group_adds_the_group_first(demo):
    saved = saved_change(demo, "payroll-sync", created=True, user_group="Fleet Manager")
    text = "\n".join(clicks_text(saved, demo.settings, demo.catalog, set()))
    assert text.index("Add a user group: 'Fleet Manager'") < text.index("Add the app connector")


def test_the_groups_of_other_connectors_count_but_not_the_saved_ones_own():
    pairs = [("a", "Payroll Sync"), ("b", "BI"), ("new", "Fleet Manager")]
    assert known_groups(pairs, "new") == {"payroll sync", "bi"}


def test_a_file_change_that_profit_does_not_hold_says_so(demo):
    saved = saved_change(demo, "payroll-sync", notes="Owner: HR.")
    text = "\n".join(clicks_text(saved, demo.settings, demo.catalog))
    assert "Nothing to click" in text
