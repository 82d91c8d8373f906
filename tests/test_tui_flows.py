"""The wizard driven from the keyboard at 80x24, checking the screen and the files on disk."""

from __future__ import annotations

import subprocess

from textual.widgets import RadioButton

from acwizard.app import AcWizardApp
from acwizard.screens.connector_list import ConnectorListScreen
from acwizard.screens.properties import PropertiesScreen

from conftest import PAYROLL, PAYROLL_AS_V2, list_checked, shown, toasts, until

SIZE = (80, 24)

DOCUMENTED_FLOW_RESULT = """\
schema_version = 2
description = "Expense Claims"
user_group = "Expense App"
blocked = false
authentication = "oauth"
get_connectors = [
    "Profit_Employees",
]
update_connectors = [
    "KnEmployee",
]
connectors = [
    "AppConnectorSubject",
]
ip_restrictions = [
    { address = "192.168.10.0/24", access = "allowed" },
]

[oauth]
client_type = "confidential"
flows = [
    "client_credentials",
]
client_authentication = "client_secret"
redirect_urls = []
dpop = false
"""
"""New connectors are version 2, OAuth, confidential, client credentials (issue 13)."""


async def test_the_documented_flow_from_new_to_ok_writes_the_canonical_file(demo_copy):
    # GIVEN the demo workspace open at the connector list
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # WHEN the admin creates a connector: New -> description -> user group -> Finish
        await pilot.press("n")
        await pilot.press(*"Expense Claims", "enter")
        assert "User group for 'Expense Claims'" in await shown(pilot)
        await pilot.press(*"expense app", "enter")
        await pilot.pause()
        # THEN it exists, blocked, and its properties are open
        path = demo_copy / "connectors" / "expense-claims.toml"
        assert path.exists()
        assert "blocked = true\n" in path.read_text(encoding="utf-8")
        assert isinstance(app.screen, PropertiesScreen)
        assert "[X] Blocked" in await shown(pilot)

        # WHEN a GetConnector, an UpdateConnector and AppConnectorSubject are ticked
        await pilot.press("ctrl+t", "n", *"Profit_Employees", "down", "space", "enter")
        await pilot.press("ctrl+t", "n", *"KnEmployee", "down", "space", "enter")
        await pilot.press("ctrl+t", "n", *"AppConnectorSubject", "down", "space", "enter")
        # AND an allowed range is added on the IP restrictions tab
        await pilot.press("ctrl+t", "n", *"192.168.10.0/24", "enter")
        assert "1 allowed: only these may call" in await shown(pilot)
        # AND Blocked is unticked on the General tab
        # (General opens on the tab bar: Tab goes to Description, User group, Choose..., Blocked)
        await pilot.press("f2", "tab", "tab", "tab", "tab", "space")
        assert "[ ] Blocked" in await shown(pilot)
        # AND OK shows the change, which is confirmed
        await pilot.press("ctrl+s")
        preview = await shown(pilot)
        assert "UNBLOCKED: the app can now call Profit" in preview
        assert "granted UpdateConnector: KnEmployee" in preview
        assert "IP line added: 192.168.10.0/24 allowed" in preview
        await pilot.press("ctrl+s")
        await pilot.pause()

        # THEN the file is exactly the canonical form and the list shows it active
        assert path.read_text(encoding="utf-8") == DOCUMENTED_FLOW_RESULT
        assert isinstance(app.screen, ConnectorListScreen)
        assert "Expense Claims" in await shown(pilot)


async def test_cancel_at_each_wizard_step_leaves_nothing_on_disk(demo_copy):
    before = sorted(p.name for p in (demo_copy / "connectors").iterdir())
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", "escape")  # nothing typed: no question
        assert isinstance(app.screen, ConnectorListScreen)
        await pilot.press("n", *"Temporary", "escape", "left", "enter")  # Discard
        assert isinstance(app.screen, ConnectorListScreen)
        await pilot.press("n", *"Temporary", "enter", *"bi", "escape", "left", "enter")
        assert isinstance(app.screen, ConnectorListScreen)
        assert "No app connector was created." in await shown(pilot)
    assert sorted(p.name for p in (demo_copy / "connectors").iterdir()) == before


async def test_escape_in_the_wizard_asks_before_throwing_the_description_away(demo_copy):
    from acwizard.screens.new_wizard import NewConnectorWizard

    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # GIVEN a description typed in the wizard
        await pilot.press("n", *"Fleet Manager")
        # WHEN the admin presses Escape, as every other form asks first
        await pilot.press("escape")
        text = await shown(pilot)
        assert "Discard what you typed?" in text
        # THEN Keep editing (the default, and Escape's answer) keeps the text
        await pilot.press("escape")
        assert isinstance(app.screen, NewConnectorWizard)
        assert app.screen.query_one("#description").value == "Fleet Manager"
        # AND on step 2 too
        await pilot.press("enter", "escape")
        assert "Discard what you typed?" in await shown(pilot)
        await pilot.press("enter")  # Keep editing
        assert isinstance(app.screen, NewConnectorWizard)
        assert "[2 User group]" in await shown(pilot)


async def test_back_returns_to_the_description_with_the_text_kept(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", *"Planning", "enter")
        assert "[2 User group]" in await shown(pilot)
        await pilot.press("ctrl+b")
        text = await shown(pilot)
        assert "[1 Description]" in text
        assert "Planning" in text
        assert "It will be saved as connectors/planning.toml" in text


async def test_the_description_is_validated_as_the_user_types(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", "space", "enter")
        assert "! must not be empty" in await shown(pilot)
        assert "[1 Description]" in await shown(pilot)


async def test_a_new_user_group_is_named_after_the_connector(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", *"Fleet Manager", "enter")
        assert "+ New user group 'Fleet Manager' (named after the app connector)" in await shown(
            pilot
        )
        assert "add it in Profit too (Profit's help: Add a user group)" in await shown(pilot)
        await pilot.press("enter")
        await pilot.pause()
        # The file names the group; Profit must have it too, and the admin is told how
        assert "New user group 'Fleet Manager': add it in Profit too" in await toasts(pilot)
    text = (demo_copy / "connectors" / "fleet-manager.toml").read_text(encoding="utf-8")
    assert 'user_group = "Fleet Manager"\n' in text


async def test_markup_and_brackets_in_a_description_are_shown_literally(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", *"[bold]x[/] [/", "enter", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "[bold]x[/] [/" in await shown(pilot)
    text = (demo_copy / "connectors" / "bold-x.toml").read_text(encoding="utf-8")
    assert 'description = "[bold]x[/] [/"\n' in text


async def test_ok_without_changes_writes_nothing(workspace, write_connector):
    path = write_connector(PAYROLL)
    before = path.stat().st_mtime_ns
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "ctrl+s")
        assert "Nothing changed; the file was not written." in await shown(pilot)
        assert isinstance(app.screen, ConnectorListScreen)
    assert path.stat().st_mtime_ns == before


async def test_leaving_with_unsaved_changes_asks_first(workspace, write_connector):
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end", *" 2", "escape")
        assert "This connector has unsaved changes. Discard them?" in await shown(pilot)
        await pilot.press("escape")  # = keep editing
        assert isinstance(app.screen, PropertiesScreen)
        await pilot.press("escape", "left", "enter")  # focus Discard, press it
        assert isinstance(app.screen, ConnectorListScreen)
    assert path.read_text(encoding="utf-8") == PAYROLL


async def test_removing_a_grant_and_saving_updates_the_file(workspace, write_connector):
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "ctrl+t", "ctrl+t", "d")
        assert "No UpdateConnectors granted. Press n to add." in await shown(pilot)
        await pilot.press("ctrl+s")
        assert "revoked UpdateConnector: HrCompMut" in await shown(pilot)
        await pilot.press("enter")
        await pilot.pause()
    # (saved as version 2: the preview said so, see test_editor)
    assert path.read_text(encoding="utf-8") == PAYROLL_AS_V2.replace(
        'update_connectors = [\n    "HrCompMut",\n]', "update_connectors = []"
    )


async def test_ids_outside_the_catalog_can_be_added_with_a_warning(workspace, write_connector):
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "ctrl+t", "n", *"Custom_Export")
        assert "! not in the catalog" in await shown(pilot)
        await pilot.press("down", "space", "enter")
        text = await shown(pilot)
        assert "Custom_Export" in text
        assert "2 GetConnectors granted (1 not in the catalog)" in text
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.pause()
    assert '    "Custom_Export",\n    "Profit_Employees",\n' in path.read_text(encoding="utf-8")


async def test_the_picker_adds_nothing_when_nothing_is_ticked(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "ctrl+t", "n", "down", "enter")
        assert "Tick entries with Space first" in await shown(pilot)
        await pilot.press("escape")
        assert "1 GetConnector granted" in await shown(pilot)


async def test_the_ip_form_validates_and_prevents_mixing(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "ctrl+t", "ctrl+t", "ctrl+t", "ctrl+t")
        await pilot.press("n", *"10.0.0.5", "tab", *"255.0.0.0")
        text = await shown(pilot)
        assert "did you mean 10.0.0.0?" in text
        assert "This connector's lines are all 'allowed'." in text
        await pilot.press("enter")
        assert "New IP restriction" in await shown(pilot)  # refused, still open
        await pilot.press("shift+tab", "ctrl+u", *"10.0.0.0", "enter")
        assert "3 allowed: only these may call" in await shown(pilot)


async def test_editing_an_ip_line_replaces_it(workspace, write_connector):
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "ctrl+t", "ctrl+t", "ctrl+t", "ctrl+t")
        await pilot.press("down", "e", "ctrl+u", *"203.0.113.8", "enter")
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.pause()
    assert '{ address = "203.0.113.8", access = "allowed" }' in path.read_text(encoding="utf-8")


async def test_the_ip_tab_is_disabled_outside_afas_online(workspace, write_connector):
    (workspace / "acwizard.toml").write_text("online = false\n", encoding="utf-8")
    write_connector(PAYROLL.split("ip_restrictions")[0] + "ip_restrictions = []\n")
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        assert "IP restrictions: not available, because this workspace is not AFAS" in (
            await shown(pilot)
        )
        await pilot.press("tab", "tab", "tab", "5")  # from the Blocked check box
        assert "IP restrictions exist only in AFAS Online" in await toasts(pilot)


async def test_delete_asks_and_removes_only_after_yes(workspace, write_connector):
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("d")
        assert "Delete 'Payroll Sync'?" in await shown(pilot)
        await pilot.press("enter")  # the default answer is Keep
        assert path.exists()
        await pilot.press("d", "left", "enter")
        await pilot.pause()
        assert "Deleted connectors/payroll-sync.toml." in await shown(pilot)
    assert not path.exists()


async def test_an_invalid_file_is_listed_with_its_problems_and_never_opened(
    workspace, write_connector
):
    broken = PAYROLL.replace("blocked = true", "blocked = maybe")
    path = write_connector(broken)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await list_checked(pilot)
        text = await shown(pilot)
        assert "INVALID" in text
        assert "1 INVALID: press p" in text
        await pilot.press("enter")
        text = await shown(pilot)
        assert "Problems in connectors/payroll-sync.toml" in text
        assert "connectors/payroll-sync.toml:4: error: invalid TOML" in text
        await pilot.press("escape")
        assert isinstance(app.screen, ConnectorListScreen)
    assert path.read_text(encoding="utf-8") == broken


async def test_typing_a_filter_narrows_the_list(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("slash", *"sync")
        text = await shown(pilot)
        assert "Payroll Sync" in text
        assert "BI Export" not in text
        assert "6 connectors · 1 shown · AFAS Online" in text
        await pilot.press("enter", "enter")  # to the filtered table, then open
        assert isinstance(app.screen, PropertiesScreen)
        assert app.screen.loaded.path.name == "payroll-sync.toml"
        await pilot.press("escape", "slash", *"kNeMpLoYeE")
        text = await shown(pilot)
        assert "Payroll Sync" in text and "HelloID Provisioning" in text
        assert "2 shown" in text
        await pilot.press("escape")
        assert "6 connectors · AFAS Online" in await shown(pilot)


async def test_a_file_changed_on_disk_is_not_overwritten_silently(workspace, write_connector):
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end", *" 2")
        hand_edit = PAYROLL.replace("blocked = true", "blocked = false")
        path.write_text(hand_edit, encoding="utf-8")
        await pilot.press("ctrl+s", "ctrl+s")
        text = await shown(pilot)
        assert "The file changed on disk" in text
        # the hand edit is on disk now: Drop theirs would throw it away, so it reads `-`
        assert "-blocked = false" in text
        assert "+blocked = true" in text
        assert path.read_text(encoding="utf-8") == hand_edit
        # AND whose change each answer drops is on its button, whatever the length of the diff
        assert "Drop mine" in text and "Drop theirs" in text
        await pilot.press("left", "left", "enter")  # Drop mine (reload)
        await pilot.pause()
        assert isinstance(app.screen, PropertiesScreen)
        assert "[ ] Blocked" in await shown(pilot)
        # THEN the admin is told which of their changes went, to make again
        said = await toasts(pilot)
        assert "Reloaded from disk" in said
        assert "description changed: 'Payroll Sync' -> 'Payroll Sync 2'" in said
    assert path.read_text(encoding="utf-8") == hand_edit


async def test_a_save_after_drop_mine_shows_in_the_list(workspace, write_connector):
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # GIVEN Drop mine after a conflict: the file reopened as it is on disk
        await pilot.press("enter", "tab", "end", *" 2")
        path.write_text(PAYROLL.replace("blocked = true", "blocked = false"), encoding="utf-8")
        await pilot.press("ctrl+s", "ctrl+s", "left", "left", "enter")
        assert isinstance(app.screen, PropertiesScreen)
        # WHEN the admin edits it there and saves
        await pilot.press("tab", "end", *" Zed", "ctrl+s", "ctrl+s")
        assert "Zed" in path.read_text(encoding="utf-8")
        # THEN the list shows the saved description, and opening it is no "change on disk"
        assert isinstance(app.screen, ConnectorListScreen)
        assert "Payroll Sync Zed" in await shown(pilot)
        await pilot.press("enter")
        assert "changed on disk" not in await toasts(pilot)


async def test_drop_mine_on_a_file_broken_on_disk_goes_back_to_the_list(workspace, write_connector):
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end", *" 2")
        path.write_text(PAYROLL + 'description = "oops\n', encoding="utf-8")  # half a merge
        await pilot.press("ctrl+s", "ctrl+s")
        assert "The file changed on disk" in await shown(pilot)
        await pilot.press("left", "left", "enter")  # Drop mine
        await pilot.pause()
        # THEN no crash: the list, the file's problems a key away, the changes named
        assert isinstance(app.screen, ConnectorListScreen)
        said = await toasts(pilot)
        assert "not a valid connector now: p in the list shows why" in said
        assert "description changed: 'Payroll Sync' -> 'Payroll Sync 2'" in said
        assert "1 INVALID" in await shown(pilot)
    assert path.read_text(encoding="utf-8").endswith('"oops\n')


async def test_help_lists_the_keys_of_the_screen(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f1")
        text = await shown(pilot)
        assert "Help: app connector list" in text
        assert "d / del Delete" in text
        await pilot.press("escape", "enter", "f1")
        text = await shown(pilot)
        assert "^s / f10 OK" in text
        assert "^t Next tab" in text


class TestFoundByUsabilityTesting:
    """Each test pins a problem a first-time user ran into."""

    async def test_a_description_equal_to_a_group_name_highlights_that_group(self, demo_copy):
        app = AcWizardApp(demo_copy)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("n", *"Planning Tool", "enter", "enter")
            await pilot.pause()
        text = (demo_copy / "connectors" / "planning-tool.toml").read_text(encoding="utf-8")
        assert 'user_group = "Planning Tool"\n' in text

    async def test_quitting_with_unsaved_changes_asks_first(self, workspace, write_connector):
        path = write_connector(PAYROLL)
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("enter", "tab", "end", "x", "ctrl+q")
            assert "Quit with unsaved changes?" in await shown(pilot)
            await pilot.press("enter")  # the default is Keep editing
            assert isinstance(app.screen, PropertiesScreen)
            assert app.return_code is None
        assert path.read_text(encoding="utf-8") == PAYROLL

    async def test_the_ip_form_takes_ranges_as_people_write_them(self, workspace, write_connector):
        write_connector(PAYROLL)
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("enter", "f6", "n", *"10.0.0.0", "tab", *"/8")
            text = await shown(pilot)
            assert "10.0.0.0/8 allowed: 16777216 addresses" in text
            assert "Access (locked to 'allowed': see below)" in text
            await pilot.press("shift+tab", "end", *"/8")
            assert "give the range once" in await shown(pilot)
            await pilot.press("ctrl+u", *"0.0.0.0/0", "tab", "ctrl+u")
            assert "Warning: this allows every address, the same as no restriction." in (
                await shown(pilot)
            )

    async def test_delete_says_what_is_lost_and_whether_git_has_it(
        self, workspace, write_connector
    ):
        write_connector(PAYROLL)
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("d")
            text = await shown(pilot)
            assert (
                "It is blocked and grants 1 GetConnector, 1 UpdateConnector and 1 special" in text
            )
            assert "This workspace is not in git: the deletion cannot be undone." in text
        # Committed in a real repository (a bare `.git` folder no longer passes for one:
        # git itself is asked whether the file is committed).
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
            subprocess.run(  # noqa: ASYNC221 - between two app sessions: nothing to block
                ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *command],
                cwd=workspace,
                check=True,
                capture_output=True,
            )
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("d")
            assert "Git keeps the last committed version." in await shown(pilot)

    async def test_the_picker_says_when_an_id_belongs_to_another_tab(
        self, workspace, write_connector
    ):
        write_connector(PAYROLL)
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            # (4 is Connectors; ctrl+t goes on through IP, OAuth, Webhooks, User tokens,
            # General to Get)
            await pilot.press("enter", "4", *["ctrl+t"] * 6, "n", *"KnEmployee")
            assert "KnEmployee ! not here: one of the UpdateConnectors" in await shown(pilot)
            await pilot.press("ctrl+u", *'bad id"]')
            assert "no match, and not a valid id" in await shown(pilot)

    async def test_p_lists_every_problem_when_the_row_has_none(self, workspace, write_connector):
        # With no INVALID file (p goes to those first: tests/test_list_slips.py), p on a
        # row without problems lists every file's warnings.
        write_connector(PAYROLL, "a.toml")
        nobody = PAYROLL.replace('user_group = "Payroll Sync"', 'user_group = "Nobody"')
        write_connector(nobody, "b.toml")
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("p")
            text = await shown(pilot)
            assert "Problems in this workspace" in text
            assert "connectors/b.toml (blocked)" in text
            assert (
                "connectors/b.toml:3: warning: user_group: 'Nobody' is not in the catalog" in text
            )

    async def test_two_connectors_with_one_description_are_flagged(
        self, workspace, write_connector
    ):
        write_connector(PAYROLL, "a.toml")
        write_connector(PAYROLL, "b.toml")
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("down", "p")
            assert "'Payroll Sync' is also the description of a.toml" in await shown(pilot)
            await pilot.press("escape", "n", *"payroll sync")
            assert "Warning: 'payroll sync' is also the description of a.toml" in await shown(pilot)
            # a look-alike (Cyrillic a) is the same rule as validate's, with the reason
            await pilot.press(*["backspace"] * 12, *"P\u0430yroll Sync")
            text = await shown(pilot)
            assert "looks the same as 'Payroll Sync'" in text
            assert "CYRILLIC SMALL LETTER A" in text

    async def test_home_and_end_move_in_the_list(self, demo_copy):
        app = AcWizardApp(demo_copy)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("end", "enter")
            assert app.screen.loaded.path.name == "webshop-integration.toml"
            await pilot.press("escape", "home", "enter")
            assert app.screen.loaded.path.name == "bi-export.toml"


async def test_the_general_tab_shows_audit_findings_as_the_connector_changes(
    workspace, write_connector
):
    write_connector(PAYROLL.replace("blocked = true", "blocked = false"))
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        text = await shown(pilot)
        assert "! medium writes HR and payroll data: HrCompMut" in text
        assert "! high" not in text
        # WHEN the IP lines are removed from an active connector
        await pilot.press("f6", "d", "d")
        # (the last allowed line goes only after a yes: every address may call then)
        assert "without it EVERY address may call this connector" in await shown(pilot)
        await pilot.press("left", "enter", "1")
        # THEN the review says it is now callable from anywhere
        assert "! high active and callable from any address" in await shown(pilot)


async def test_saving_a_file_with_hand_written_comments_says_they_will_go(
    workspace, write_connector
):
    path = write_connector(
        "# owner: HR team\n" + PAYROLL.replace("blocked = true", "blocked = true  # until go-live")
    )
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "tab", "tab", "tab", "space", "ctrl+s")
        text = await shown(pilot)
        assert "Saving removes the hand-written comments on line(s) 1, 5" in text
        assert "-# owner: HR team" in text
        await pilot.press("escape", "escape", "left", "enter")
    assert path.read_text(encoding="utf-8").startswith("# owner: HR team\n")


async def test_markup_and_escapes_in_every_text_field_are_shown_literally(
    workspace, write_connector
):
    hostile = PAYROLL.replace(
        'user_group = "Payroll Sync"', 'user_group = "[red]Payroll[/red] [/"'
    ).replace("blocked = true", 'blocked = true\nnotes = "[link=http://x]click[/link] $var [b]"')
    write_connector(hostile)
    write_connector(PAYROLL.replace("blocked = true", 'blocked = "\\u001b[2J"'), "evil.toml")
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await list_checked(pilot)
        # The Group column, last at 80 columns: "[red]" shown as typed, not as a colour.
        await pilot.press(*["right"] * 8)
        assert "2 allowed [red]Payroll[/red] [/" in await shown(pilot)
        await pilot.press(*["left"] * 8)
        await pilot.press("down", "enter")
        text = await shown(pilot)
        assert "[red]Payroll[/red] [/" in text
        assert "[link=http://x]click[/link] $var [b]" in text
        await pilot.press("escape", "up", "p")
        text = await shown(pilot)
        assert "blocked: must be true or false" in text
        assert "\x1b" not in text


async def test_a_read_only_workspace_says_so_and_keeps_the_file_and_the_edits(
    workspace, write_connector, monkeypatch
):
    import acwizard.files.saving

    path = write_connector(PAYROLL)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(acwizard.files.saving, "atomic_write", refuse)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end", *" 2", "ctrl+s", "ctrl+s")
        assert "Could not save: Permission denied. Nothing was changed on disk." in (
            await toasts(pilot)
        )
        assert isinstance(app.screen, PropertiesScreen)
        assert "modified" in await shown(pilot)
    assert path.read_text(encoding="utf-8") == PAYROLL


async def test_long_picker_descriptions_end_in_an_ellipsis(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "down", "down", "enter", "ctrl+t", "n", *"bi_absence")
        assert "BI_Absence_Percentage BI export: sickness absence perce…" in await shown(pilot)


async def test_a_version_2_connector_opens_edits_and_saves_without_losing_oauth_or_webhooks(
    workspace, write_connector
):
    """The TUI has no OAuth or Webhooks tab yet; what it cannot show it must keep."""
    from acwizard.drafts import read_drafts

    from conftest import PAYROLL_V2

    # GIVEN a version 2 OAuth connector with a certificate, IPv6 and a webhook
    path = write_connector(PAYROLL_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # WHEN the admin opens it and changes the description
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PropertiesScreen)
        await pilot.press("tab", "end", *" 2")  # the screen opens on the tab bar
        await until(
            pilot,
            lambda: [d.data["description"] for d in read_drafts(workspace)] == ["Payroll Sync 2"],
        )
        # THEN the recovery draft keeps the OAuth settings and the webhook (dates too)
        [draft] = read_drafts(workspace)
        assert draft.data["oauth"]["certificates"][0]["key_id"] == "payroll-2026"
        assert draft.data["webhooks"][0]["url"] == "https://hooks.example.com/afas"
        # WHEN it is saved through the preview
        await pilot.press("ctrl+s")
        assert "description changed: 'Payroll Sync' -> 'Payroll Sync 2'" in await shown(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
    # THEN only the description changed on disk
    assert path.read_text(encoding="utf-8") == PAYROLL_V2.replace(
        'description = "Payroll Sync"', 'description = "Payroll Sync 2"'
    )


def test_the_wizard_makes_oauth_connectors_only_where_profit_has_oauth():
    from acwizard.rules import version_findings
    from acwizard.screens.new_wizard import new_connector

    modern = new_connector("Fleet", "Fleet", 9)
    assert (modern.schema_version, modern.authentication) == (2, "oauth")
    assert (
        modern.oauth is not None and modern.oauth.summary() == "client credentials, client secret"
    )
    assert version_findings(modern, 8) == []
    old = new_connector("Fleet", "Fleet", 7)
    assert (old.schema_version, old.authentication, old.oauth) == (2, "classic", None)
    assert version_findings(old, 7) == []


async def test_the_admin_moves_a_classic_connector_to_oauth_on_the_general_tab(
    workspace, write_connector
):
    # GIVEN a version 1 (classic token) connector opened in the properties
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        assert "Authentication (*) Classic token ( ) Hybrid ( ) OAuth" in await shown(pilot)
        # WHEN the admin goes to Authentication (after Blocked) and picks Hybrid, then OAuth
        await pilot.press("tab", "tab", "tab", "tab", "tab", "right", "enter")
        assert "( ) Classic token (*) Hybrid ( ) OAuth" in await shown(pilot)
        await pilot.press("right", "enter")
        assert "( ) Classic token ( ) Hybrid (*) OAuth" in await shown(pilot)
        # THEN OK says first that the format changes, then the change in plain words
        await pilot.press("ctrl+s")
        text = await shown(pilot)
        assert text.index(
            "This file is format version 1 (a classic-token connector); saving writes"
        ) < text.index("What changes:")
        assert "authentication: classic token -> OAuth, client credentials, client secret" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
    written = path.read_text(encoding="utf-8")
    assert "schema_version = 2\n" in written and 'authentication = "oauth"\n' in written
    assert '\n[oauth]\nclient_type = "confidential"\n' in written


async def test_a_profit_without_oauth_offers_only_the_classic_token_and_says_why(
    workspace, write_connector
):
    (workspace / "acwizard.toml").write_text("profit_version = 7\n", encoding="utf-8")
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        assert "came with Profit 8; this workspace is Profit 7" in await shown(pilot)
        # WHEN the admin tries to move to Hybrid: the arrows pass over what Profit 7 lacks
        await pilot.press("tab", "tab", "tab", "tab", "tab", "right", "enter", "right", "enter")
        assert "(*) Classic token ( ) Hybrid ( ) OAuth" in await shown(pilot)
        await pilot.press("ctrl+s")
        assert "Nothing changed; the file was not written." in await shown(pilot)
    assert path.read_text(encoding="utf-8") == PAYROLL


async def test_a_refused_authentication_shows_the_editors_choice_again(
    workspace, write_connector, monkeypatch
):
    from acwizard.cores.editor import ConnectorEditor

    # GIVEN an editor that refuses every switch (as for a Profit without OAuth)
    monkeypatch.setattr(
        ConnectorEditor, "set_authentication", lambda self, kind: "authentication: refused"
    )
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "tab", "tab", "tab", "tab", "right", "enter")
        # THEN the reason is said and the choice is the classic token again, one pressed
        assert "authentication: refused" in await toasts(pilot)
        buttons = [
            app.screen.query_one(f"#auth-{kind}", RadioButton).value
            for kind in ("classic", "hybrid", "oauth")
        ]
        assert buttons == [True, False, False]
        # AND the choice still works from the keyboard afterwards (one button pressed at a time)
        monkeypatch.undo()
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        buttons = [
            app.screen.query_one(f"#auth-{kind}", RadioButton).value
            for kind in ("classic", "hybrid", "oauth")
        ]
        assert buttons == [False, False, True]
        assert app.screen.editor.accepted.authentication == "oauth"


async def test_the_picker_keeps_the_collector_off_its_rows_only_while_it_is_open(
    workspace, write_connector
):
    import gc

    # (bench figure 3: a collection walking 10,000 rows made the worst keystroke 105-127 ms)
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "2", "n")
        assert "shown" in await shown(pilot)
        assert gc.get_freeze_count() > 0
        await pilot.press("escape")
        await pilot.pause()
        # closed, everything goes back to the collector: nothing of it stays unfreed
        assert gc.get_freeze_count() == 0
