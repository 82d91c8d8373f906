"""Keyboard slips in the properties, its dialogs, the IP form and the save preview (issue 10).

Each test drives the app at 80x24 (or 60x20 where the size is the point) and
asserts what the admin sees on screen or what lands on disk.
"""

from __future__ import annotations

from test_properties_undo import TWO_GETS
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, TabbedContent
from textual.widgets._toast import Toast

from acwizard.app import AcWizardApp
from acwizard.dialogs.save_preview import SavePreview
from acwizard.screens.help import HelpScreen
from acwizard.screens.properties import PropertiesScreen
from acwizard.widgets.description_input import DescriptionInput, fit_paste

from conftest import PAYROLL, PAYROLL_AS_V2, PAYROLL_V2, shown, toasts

SIZE = (80, 24)
NARROW = (60, 20)

ACTIVE_PAYROLL = PAYROLL.replace("blocked = true", "blocked = false")


def description_on_screen(app: AcWizardApp) -> str:
    """The description field's text."""
    return app.screen.query_one("#description", Input).value


# -- 1. moving around never types into a field ---------------------------------------


async def test_pressing_a_tab_digit_right_after_open_switches_tab_and_changes_nothing(
    workspace, write_connector
):
    # GIVEN a connector just opened
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        # WHEN the admin presses 2 to go to GetConnectors
        await pilot.press("2")
        # THEN the GetConnectors tab is active and the description is as it was
        assert app.screen.query_one(TabbedContent).active == "get"
        assert description_on_screen(app) == "Payroll Sync"
        # AND 1 then 3 (General, then UpdateConnectors) types nothing either
        await pilot.press("1", "3")
        assert app.screen.query_one(TabbedContent).active == "update"
        assert description_on_screen(app) == "Payroll Sync"
        # AND OK has nothing to save
        await pilot.press("ctrl+s")
        assert "Nothing changed; the file was not written." in await shown(pilot)
    assert path.read_text(encoding="utf-8") == PAYROLL


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Keys that arrive in one read, as over SSH: no pause between them (then a pause)."""
    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    await pilot.pause()


async def test_an_ip_line_deleted_just_before_ok_is_in_the_save(workspace, write_connector):
    # GIVEN the IP tab of a connector
    path = write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "5")
        # WHEN d and ctrl+s arrive together
        await burst(pilot, "d", "ctrl+s")
        # THEN OK shows the deleted line instead of "Nothing changed"
        assert isinstance(app.screen, SavePreview)
        assert "IP line removed: 192.168.10.0/24 allowed" in await shown(pilot)
    assert path.read_text(encoding="utf-8") == PAYROLL_AS_V2


async def test_a_grant_deleted_just_before_cancel_is_asked_about(workspace, write_connector):
    write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "2")
        await burst(pilot, "d", "escape")
        assert "This connector has unsaved changes. Discard them?" in await shown(pilot)


async def test_after_finish_a_digit_goes_to_the_tab_not_into_the_subject(demo_copy):
    # GIVEN the New wizard finished "Travel Claims"
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", *"Travel Claims", "enter", *"expense app", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PropertiesScreen)
        # WHEN 2 is pressed
        await pilot.press("2")
        # THEN GetConnectors shows and the subject of the OTP e-mail is unchanged
        assert app.screen.query_one(TabbedContent).active == "get"
        assert description_on_screen(app) == "Travel Claims"
        assert "Travel Claims2" not in await shown(pilot)
    text = (demo_copy / "connectors" / "travel-claims.toml").read_text(encoding="utf-8")
    assert 'description = "Travel Claims"\n' in text


async def test_f_keys_switch_tabs_even_from_inside_a_text_field(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab")
        assert app.focused is app.screen.query_one("#description")
        await pilot.press("f3")
        assert app.screen.query_one(TabbedContent).active == "get"
        await pilot.press("f6")
        assert app.screen.query_one(TabbedContent).active == "ip"
        assert description_on_screen(app) == "Payroll Sync"


async def test_help_says_which_tab_keys_work_in_a_text_field(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "f1")
        text = await shown(pilot)
        assert "1 / f2 General tab" in text
        assert "2 / f3 GetConnectors tab" in text
        assert "In a text field 1-8 are text; F2-F9 and ctrl+t/ctrl+b switch tabs" in text


# -- 2. the conflict dialog says which side is whose ---------------------------------


async def test_conflict_dialog_shows_what_overwrite_throws_away_as_minus(
    workspace, write_connector
):
    # GIVEN the admin edits the description (of a version 2 file: a version 1 file's
    # diff would also show the format change, pushing the description out of view)
    path = write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end", *" 2")
        # AND a colleague adds a GetConnector to the file meanwhile
        theirs = PAYROLL_AS_V2.replace(
            '    "Profit_Employees",\n', '    "Profit_Debtor",\n    "Profit_Employees",\n'
        )
        path.write_text(theirs, encoding="utf-8")
        # WHEN OK and Save run into the conflict
        await pilot.press("ctrl+s", "ctrl+s")
        text = await shown(pilot)
        # THEN both sides are named in words and the colleague's line is a `-`
        assert "on disk now (a colleague's change)" in text
        assert "connectors/payroll-sync.toml: yours" in text
        assert "- on disk now (a colleague's change): Drop theirs throws it away" in text
        assert '- "Profit_Debtor",' in text
        assert '-description = "Payroll Sync"' in text
        assert '+description = "Payroll Sync 2"' in text
        assert '+ "Profit_Debtor",' not in text
    assert path.read_text(encoding="utf-8") == theirs


# -- 3. pastes say what happened -------------------------------------------------------


def test_fit_paste_joins_lines_and_cuts_to_the_room_left():
    assert fit_paste("Payroll Sync", 100) == ("Payroll Sync", "")
    assert fit_paste("Payroll\r\n  Sync\n\n", 100) == (
        "Payroll Sync",
        "the pasted text had 2 lines; they were joined with spaces",
    )
    text, note = fit_paste("x" * 143, 100)
    assert text == "x" * 100
    assert note == "the pasted text was 143 characters and only 100 fit: cut to 100, check the end"
    assert fit_paste("abc", 0) == (
        "",
        "the field is full (3 characters pasted): nothing was pasted",
    )


async def test_a_long_paste_into_the_description_is_cut_and_said(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "ctrl+u")
        field = app.screen.query_one("#description", DescriptionInput)
        field.post_message(events.Paste("A" * 143))
        text = await shown(pilot)
        assert field.value == "A" * 100
        assert "the pasted text was 143 characters and only 100 fit: cut to 100" in text
        # AND the note goes once the admin types on
        await pilot.press("backspace")
        assert "143 characters" not in await shown(pilot)


async def test_a_paste_into_a_full_description_says_nothing_was_pasted(workspace, write_connector):
    full = f'description = "{"P" * 100}"'
    write_connector(PAYROLL.replace('description = "Payroll Sync"', full))
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end")
        field = app.screen.query_one("#description", DescriptionInput)
        field.post_message(events.Paste("more"))
        text = await shown(pilot)
        assert field.value == "P" * 100
        assert "the field is full (4 characters pasted): nothing was pasted" in text


async def test_a_pasted_line_break_joins_the_lines_in_properties(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "ctrl+u")
        field = app.screen.query_one("#description", DescriptionInput)
        field.post_message(events.Paste("Payroll\nSync"))
        text = await shown(pilot)
        assert field.value == "Payroll Sync"
        assert "the pasted text had 2 lines; they were joined with spaces" in text


async def test_a_paste_into_the_wizard_description_says_what_happened(workspace):
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n")
        field = app.screen.query_one("#description", DescriptionInput)
        field.post_message(events.Paste("Travel\nClaims " + "x" * 120))
        text = await shown(pilot)
        assert field.value == ("Travel Claims " + "x" * 120)[:100]
        assert "the pasted text had 2 lines; they were joined with spaces" in text
        assert "only 100 fit: cut to 100" in text


# -- 4. duplicate descriptions -----------------------------------------------------------


async def test_properties_and_preview_warn_about_a_description_another_connector_has(
    workspace, write_connector
):
    write_connector(PAYROLL)
    write_connector(
        PAYROLL.replace("Payroll Sync", "BI Export"),
        name="bi-export.toml",
    )
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # open Payroll Sync (the list is sorted: BI Export first)
        await pilot.press("down", "enter", "tab", "ctrl+u", *"bi export")
        text = await shown(pilot)
        assert "'bi export' is also the description of bi-export.toml" in text
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SavePreview)
        preview = await shown(pilot)
        assert "! Description: 'bi export' is also the description of bi-export.toml" in preview


async def test_a_clashing_file_name_with_an_escape_is_shown_escaped(workspace, write_connector):
    write_connector(PAYROLL)
    write_connector(PAYROLL.replace("Payroll Sync", "BI Export"), name="bi\x1b[7m.toml")
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("end", "enter", "tab", "ctrl+u", *"BI Export")
        assert isinstance(app.screen, PropertiesScreen)
        assert app.screen.loaded.id == "payroll-sync"
        text = await shown(pilot)
        assert "is also the description of bi\\x1b[7m.toml" in text
        assert "\x1b" not in text


# -- 5. marks that read without colour ----------------------------------------------------


async def test_the_grant_table_marks_its_cursor_row_and_the_dialog_its_focused_button(
    workspace, write_connector
):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "5")
        lines = (await shown(pilot)).split(" > ")
        assert len(lines) == 2 and lines[1].startswith("192.168.10.0")
        await pilot.press("down")
        text = await shown(pilot)
        assert "> 203.0.113.7" in text and "> 192.168.10.0" not in text
        # the discard dialog: the safe answer is focused and marked
        await pilot.press("d", "escape")
        text = await shown(pilot)
        assert "> Keep editing <" in text
        await pilot.press("left")
        text = await shown(pilot)
        assert "> Discard <" in text and "> Keep editing <" not in text


async def test_the_active_tab_is_underlined_so_it_reads_without_colour(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "3")
        tabs = app.screen.query_one(TabbedContent)
        active = tabs.get_tab("update")
        other = tabs.get_tab("get")
        assert active.rich_style.underline and active.rich_style.bold
        assert not other.rich_style.underline


# -- 6. IP lines ---------------------------------------------------------------------------


async def test_the_ip_form_warns_about_overlaps_and_wide_ranges(workspace, write_connector):
    write_connector(ACTIVE_PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "5", "n", *"192.168.10.7")
        assert "! 192.168.10.7 is already inside 192.168.10.0/24" in await shown(pilot)
        await pilot.press("ctrl+u", *"203.0.113.0/24")
        assert "! 203.0.113.0/24 already holds 203.0.113.7" in await shown(pilot)
        await pilot.press("ctrl+u", *"10.0.0.0/8")
        assert "! Audit (high): allows 10.0.0.0/8: 16,777,216 addresses" in await shown(pilot)


async def test_an_allow_all_line_says_every_address_may_call(workspace, write_connector):
    write_connector(ACTIVE_PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "5", "n", *"0.0.0.0/0", "enter")
        text = await shown(pilot)
        assert "every address may call" in text
        assert "only these may call" not in text


async def test_a_deny_all_line_says_no_address_may_call(workspace, write_connector):
    write_connector(PAYROLL.replace('access = "allowed"', 'access = "disallowed"'))
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "5", "n", *"0.0.0.0/0", "enter")
        text = await shown(pilot)
        assert "0.0.0.0/0: no address may call" in text
        assert "every other address may call" not in text


async def test_the_save_preview_flags_a_high_risk_change(workspace, write_connector):
    write_connector(ACTIVE_PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "5", "n", *"10.0.0.0/8", "enter", "ctrl+s")
        assert isinstance(app.screen, SavePreview)
        text = await shown(pilot)
        assert "! HIGH RISK (audit): allows 10.0.0.0/8: 16,777,216 addresses" in text
        # AND Enter alone does not save it: Back has the focus
        assert "> Back <" in text and "> Save <" not in text


# -- 7. the review panel follows every edit ------------------------------------------------
# A rule, not a flow: test_editor.test_the_review_follows_blocked_while_a_field_is_invalid.
# (So are "the connector itself is no duplicate" and "the preview does not repeat a risk
# the file already had": test_editor checks both on the editor.)


# -- 8. toasts never cover the buttons -------------------------------------------------------


async def test_a_toast_does_not_cover_ok_or_cancel(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "2", "d", "d")
        await pilot.pause()
        toasts = list(app.screen.query(Toast))
        assert toasts
        for button_id in ("#ok", "#cancel"):
            button = app.screen.query_one(button_id).region
            for toast in toasts:
                assert not toast.region.overlaps(button), (button_id, toast.region)


async def test_a_toast_does_not_cover_the_save_previews_buttons(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await pilot.press("enter", "2", "d", "ctrl+s")
        app.screen.notify("A message that takes a few lines to say in a narrow terminal.")
        await pilot.pause()
        assert isinstance(app.screen, SavePreview)
        toasts = list(app.screen.query(Toast))
        assert toasts
        for button_id in ("#save", "#back"):
            button = app.screen.query_one(button_id).region
            for toast in toasts:
                assert not toast.region.overlaps(button), (button_id, toast.region)


async def test_the_access_choice_under_the_cursor_is_marked_without_colour(
    workspace, write_connector
):
    # GIVEN the IP form of a connector without lines (so both access choices are open)
    write_connector(PAYROLL.split("ip_restrictions")[0])
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "5", "n", "tab", "tab")
        await pilot.pause()
        radio_set = app.screen.query_one("#ip-access")
        assert radio_set.has_focus
        # WHEN the cursor is on one of the two access choices
        selected = [button for button in radio_set.children if button.has_class("-selected")]
        assert len(selected) == 1
        # THEN its label is underlined (an attribute, not a colour), the other's is not
        for button in radio_set.children:
            label = [
                segment.style
                for segment in button.render_line(0)
                if segment.text.strip() in ("allowed", "disallowed") and segment.style
            ]
            assert label, button.id
            assert bool(label[0].underline) == (button in selected), button.id


async def test_a_tables_toast_does_not_stand_over_the_dialog_opened_next(
    workspace, write_connector
):
    # GIVEN a grant removed: its notice names ctrl+z
    write_connector(TWO_GETS)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "2", "d")
        assert "removed. ctrl+z undoes this." in await toasts(pilot)
        # WHEN the admin opens the picker (or help): THEN the notice is not over it
        await pilot.press("n")
        assert "Add GetConnectors" in await shown(pilot)
        assert "removed" not in await toasts(pilot)


async def test_a_toast_about_one_connector_is_gone_when_the_next_opens(workspace, write_connector):
    write_connector(PAYROLL)
    write_connector(PAYROLL.replace("Payroll Sync", "BI Export"), "bi-export.toml")
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # GIVEN a notice on the first connector, which is then left unchanged
        await pilot.press("enter", "ctrl+z")
        assert "Nothing to undo." in await toasts(pilot)
        await pilot.press("escape")
        # WHEN the next connector opens: THEN the first one's notice does not stand over it
        await pilot.press("down", "enter")
        assert isinstance(app.screen, PropertiesScreen)
        assert "Nothing to undo" not in await toasts(pilot)


async def test_the_preview_says_its_default_and_defaults_to_back_when_access_widens(
    workspace, write_connector
):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        # GIVEN a grant revoked: narrower access, Save is the default
        await pilot.press("enter", "3", "d", "ctrl+s")
        assert isinstance(app.screen, SavePreview)
        assert "Enter saves: nothing here widens access or stops sign-ins." in await shown(pilot)
        assert app.focused is app.screen.query_one("#save")
        # WHEN Blocked is unticked as well: THEN Back is the default, and the preview says why
        await pilot.press("escape", "f2", "tab", "tab", "tab", "tab", "space", "ctrl+s")
        assert isinstance(app.screen, SavePreview)
        text = await shown(pilot)
        assert "Enter goes Back: this save widens access or stops sign-ins (it is unblocked)" in (
            text
        )
        assert app.focused is app.screen.query_one("#back")
        await pilot.press("enter")
        assert isinstance(app.screen, PropertiesScreen)  # Enter went back, nothing written


# -- 9. 60x20 -----------------------------------------------------------------------------------


async def test_every_tab_label_reads_at_60_columns(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await pilot.press("enter")
        first_lines = (await shown(pilot))[:200]
        labels = ("General", "Get", "Update", "Conn.", "IP", "OAuth", "Webhooks", "Tokens")
        for label in labels:
            assert f" {label} " in f" {first_lines} "


async def test_the_ip_form_keeps_its_buttons_on_screen_at_60x20(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        # (a line with the longest messages: overlaps, a warning and the audit's note)
        await pilot.press("enter", "5", "n", *"0.0.0.0/0")
        await pilot.pause()
        screen = app.screen
        for button_id in ("#ip-ok", "#ip-cancel"):
            region = screen.query_one(button_id).region
            assert region.height and region.bottom <= NARROW[1] - 1, (button_id, region)
        text = await shown(pilot)
        assert "OK" in text and "Cancel" in text


async def test_the_footer_keeps_ok_cancel_and_help_at_60_columns_on_every_tab(
    workspace, write_connector
):
    # GIVEN a connector open at 60x20
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await pilot.press("enter")
        for tab in "12345":
            # WHEN the admin goes to each tab (the IP tab adds New, Edit and Delete)
            await pilot.press(tab)
            await pilot.pause()
            # THEN the footer's last line still offers OK, Cancel and Help
            footer = (await shown(pilot))[-60:]
            for key in ("^s OK", "esc Cancel", "f1 Help"):
                assert key in footer, (tab, footer)


async def test_help_lists_the_keys_of_the_tab_in_view(workspace, write_connector):
    # GIVEN a connector without webhooks, on its GetConnectors tab; WHEN the admin presses F1
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "2", "f1")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.title_text == "app connector properties, GetConnectors tab"
        rows = {description: keys for keys, description in app.screen.rows}
        # THEN n and d are listed once, for what they do on this tab, with the screen's keys
        assert rows["Remove the grant under the cursor"] == "d / del"
        assert rows["New: tick connectors to grant"] == "n"
        assert "Delete the IP line under the cursor" not in rows
        assert rows["OK"] == "^s / f10"
        # AND on the Webhooks tab its keys, those that wait for a webhook too
        await pilot.press("escape", "f8", "f1")
        rows = {description: keys for keys, description in app.screen.rows}
        assert rows["Block or unblock the webhook under the cursor"] == "b"
        assert rows["Remove the webhook under the cursor"] == "d / del"
        assert "Remove the grant under the cursor" not in rows
        # AND on the OAuth tab the keys of its tables and of an edit not applied yet
        await pilot.press("escape", "f7", "f1")
        rows = {description: keys for keys, description in app.screen.rows}
        assert rows["Remove the redirect URL or certificate under the cursor"] == "d / del"


async def test_a_catalog_description_too_long_for_the_table_is_cut_with_an_ellipsis(
    workspace, write_connector
):
    write_connector(PAYROLL)
    for size, end in ((SIZE, "(subject connector; also n…"), (NARROW, "(subje…")):
        app = AcWizardApp(workspace)
        async with app.run_test(size=size) as pilot:
            await pilot.press("enter", "4")
            text = await shown(pilot)
            # the id whole, the description cut where the table ends, and saying so
            assert f"AppConnectorSubject Dossier item attachments {end}" in text, size
            assert "1 special connector granted" in text


# -- 10. control characters in comments reach the preview only as escapes ------------------------


async def test_the_save_preview_shows_bidi_and_c1_characters_in_comments_as_escapes(
    workspace, write_connector
):
    write_connector("# owner\u202e: evil \x9b31m\n" + PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end", "x", "ctrl+s")
        assert isinstance(app.screen, SavePreview)
        text = await shown(pilot)
        assert "-# owner\\u202e: evil \\x9b31m" in text
        assert "\u202e" not in text and "\x9b" not in text


async def test_the_conflict_dialog_shows_control_characters_as_escapes(workspace, write_connector):
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end", "x")
        path.write_text("# approved\u202e by \x9b2J\n" + PAYROLL, encoding="utf-8")
        await pilot.press("ctrl+s", "ctrl+s")
        text = await shown(pilot)
        assert "The file changed on disk" in text
        assert "-# approved\\u202e by \\x9b2J" in text
        assert "\u202e" not in text and "\x9b" not in text


# -- 11. single letters on a table (issue 18 item 7) ---------------------------------------------


async def test_a_word_typed_at_a_grant_table_finds_and_removes_nothing(
    workspace, write_connector, monkeypatch
):
    # GIVEN the GetConnectors tab with two grants, its table focused (finding lasts long
    # here: a loaded machine may take longer between the keys than the real pause)
    monkeypatch.setattr("acwizard.widgets.marked_table.FIND_PAUSE", 60.0)
    path = write_connector(TWO_GETS)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "2")
        # WHEN the admin types a word meant for somewhere else: its d's are letters too
        await burst(pilot, *"added")
        # THEN no grant went, and the tab says what the typing found
        text = await shown(pilot)
        assert "2 GetConnectors granted" not in text
        assert "Find: 'added' (no match); Esc or a pause ends it." in text
        assert "Profit_Debtor" in text and "Profit_Employees" in text
        assert "removed" not in await toasts(pilot)
        # AND once finding ends (Escape here) the keys act again: d removes, and says
        # that ctrl+z puts it back
        await pilot.press("escape")
        assert "2 GetConnectors granted" in await shown(pilot)
        await pilot.press("d")
        assert "GetConnectors: Profit_Debtor removed. ctrl+z undoes this." in await toasts(pilot)
    assert path.read_text(encoding="utf-8") == TWO_GETS


async def test_finding_ends_after_a_pause(workspace, write_connector, monkeypatch):
    monkeypatch.setattr("acwizard.widgets.marked_table.FIND_PAUSE", 0.2)
    write_connector(TWO_GETS)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "2", "x")
        await pilot.pause(1.0)
        assert "2 GetConnectors granted" in await shown(pilot)
        assert app.screen.query_one("#get-pane DataTable", DataTable).found == ""  # type: ignore[attr-defined]


async def test_typing_at_a_table_puts_the_cursor_on_the_row_it_finds(workspace, write_connector):
    write_connector(TWO_GETS)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "2")
        table = app.screen.query_one("#get-pane DataTable", DataTable)
        assert table.cursor_row == 0
        # a letter no key is bound to starts finding; Backspace takes a letter back
        await burst(pilot, *"profit_x", "backspace", "e")
        assert table.cursor_row == 1  # Profit_Employees
        # Escape ends finding, and does not leave the connector
        await pilot.press("escape")
        assert "2 GetConnectors granted" in await shown(pilot)
        assert isinstance(app.screen, PropertiesScreen)


async def test_removing_a_redirect_url_or_certificate_says_so_and_a_word_removes_none(
    workspace, write_connector, monkeypatch
):
    monkeypatch.setattr("acwizard.widgets.marked_table.FIND_PAUSE", 60.0)
    write_connector(PAYROLL_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "f7")
        app.screen.query_one("#oauth-certificates").focus()
        # a word typed at the certificates table finds, and removes nothing
        await burst(pilot, *"xdd")
        assert "Find: 'xdd' (no match)" in await shown(pilot)
        assert app.screen.query_one("#oauth-certificates", DataTable).row_count == 1
        await pilot.press("escape")
        # d removes the certificate, and says so with ctrl+z
        await pilot.press("d")
        assert "OAuth: certificate payroll-2026 removed. ctrl+z undoes this." in await toasts(pilot)
