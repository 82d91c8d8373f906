"""Issue 10 in the list, the wizard, the picker and help: hostile names, slips, narrow screens.

Pilot tests at 80x24 (60x20 where the narrow terminal is the point), asserting
what the screen shows and what is on disk.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from test_typeahead import burst
from test_typeahead import settle as settled
from textual.widgets import Input

from acwizard.app import AcWizardApp
from acwizard.cores.listing import git_state
from acwizard.screens.connector_list import ConnectorListScreen
from acwizard.screens.help import HelpScreen
from acwizard.screens.properties import PropertiesScreen
from acwizard.widgets.connector_table import ConnectorTable

from conftest import PAYROLL, list_checked, screen_text, shown, toasts

SIZE = (80, 24)
NARROW = (60, 20)
TALL = (100, 60)
"""Tall enough for a whole help screen to show without scrolling."""

NO_IP_LINES = PAYROLL.split("ip_restrictions")[0]
"""The payroll connector without IP restrictions: valid whether or not AFAS Online."""


def rendered(app: AcWizardApp) -> str:
    """Every character the screen sends to the terminal now, from the strips it renders."""
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    return "".join(segment.text for line in update.strips for strip in line for segment in strip)


def footer_line(app: AcWizardApp) -> str:
    """The last line of the screen: the footer."""
    return screen_text(app).splitlines()[-1]


def git(root: Path, *args: str) -> None:
    """Run git in `root` as a throwaway identity."""
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


class TestReloadRereadsSettingsAndCatalog:
    async def test_r_after_online_false_turns_the_ip_row_invalid_and_says_why(
        self, workspace, write_connector
    ):
        # GIVEN a valid connector with IP lines and one without, AFAS Online
        write_connector(PAYROLL, "a-payroll.toml")
        write_connector(NO_IP_LINES.replace("Payroll Sync", "No Lines", 1), "b-plain.toml")
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            assert "INVALID" not in await shown(pilot)
            # WHEN the settings say the workspace is not AFAS Online and r is pressed
            (workspace / "acwizard.toml").write_text(
                'environment = "T12345AA"\nonline = false\n', encoding="utf-8"
            )
            await pilot.press("r")
            text = await shown(pilot)
            # THEN the row with IP lines is invalid, as validate says, the other is not
            assert "1 INVALID: press p to go to it" in text
            assert "not AFAS Online" in text
            assert "a-payroll.toml INVALID" in text
            assert "No Lines" in text
            await pilot.press("p")
            text = await shown(pilot)
            assert "connectors/a-payroll.toml:" in text
            assert "IP restrictions exist only in AFAS Online" in text

    async def test_r_after_the_environment_changed_shows_the_new_one_in_the_title(
        self, workspace, write_connector
    ):
        # GIVEN the list of a test environment's workspace
        write_connector(NO_IP_LINES)
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            assert app.title == "acwizard · T12345AA (test)"
            # WHEN acwizard.toml now names the production environment and r is pressed
            (workspace / "acwizard.toml").write_text('environment = "O12345AA"\n', encoding="utf-8")
            await pilot.press("r")
            await pilot.pause()
            # THEN the title says production: edits must not look like test edits
            assert app.title == "acwizard · O12345AA (production)"
            assert "O12345AA (production)" in await shown(pilot)

    async def test_settings_problems_show_in_the_header_and_with_p(
        self, workspace, write_connector
    ):
        write_connector(NO_IP_LINES)
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            (workspace / "acwizard.toml").write_text('online = "no"\n', encoding="utf-8")
            await pilot.press("r")
            text = await shown(pilot)
            assert "1 problem in acwizard.toml: press p" in text
            assert "press p to see them" in await toasts(pilot)
            await pilot.press("p")
            text = await shown(pilot)
            assert "acwizard.toml:1: error: online: must be true or false" in text

    async def test_a_catalog_changed_while_editing_is_read_when_the_list_returns(
        self, workspace, write_connector
    ):
        # GIVEN a connector whose user group is in the catalog, opened for editing
        write_connector(NO_IP_LINES)
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("enter")
            assert isinstance(app.screen, PropertiesScreen)
            # WHEN the catalog loses that group and the admin goes back to the list
            (workspace / "catalog.toml").write_text('[user_groups]\n"BI" = "x"\n', "utf-8")
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ConnectorListScreen)
            await pilot.press("p")
            # THEN the list knows the group is no longer in the catalog
            assert "user_group: 'Payroll Sync' is not in the catalog" in await shown(pilot)

    async def test_an_unchanged_catalog_is_not_parsed_again_when_the_list_returns(
        self, workspace, write_connector, monkeypatch
    ):
        from acwizard import workspace as workspace_module

        parsed: list[Path | None] = []
        real = workspace_module.load_catalog

        def counted(root):  # type: ignore[no-untyped-def]
            parsed.append(root)
            return real(root)

        monkeypatch.setattr(workspace_module, "load_catalog", counted)
        write_connector(NO_IP_LINES)
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("enter")
            assert isinstance(app.screen, PropertiesScreen)
            before = len(parsed)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ConnectorListScreen)
            # 10,000 entries took a fifth of a second to parse, each time the list came back
            assert len(parsed) == before


class TestNamesReachTheTerminalAsText:
    async def test_deleting_a_file_named_like_markup_shows_its_name_literally(
        self, workspace, write_connector
    ):
        path = write_connector(PAYROLL, "zz[reverse]x.toml")
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("d")
            assert "This removes connectors/zz[reverse]x.toml." in await shown(pilot)
            await pilot.press("left", "enter")
            assert "Deleted connectors/zz[reverse]x.toml." in await toasts(pilot)
        assert not path.exists()

    async def test_an_escape_sequence_in_a_file_name_never_reaches_the_terminal(
        self, workspace, write_connector
    ):
        # GIVEN a file whose name holds an OSC sequence that retitles a terminal
        write_connector(PAYROLL, "zz\x1b]0;PWNED\x07y.toml")
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            listed = rendered(app)
            # WHEN the admin reads its problems, asks to delete it, and does
            await pilot.press("p")
            await pilot.pause()
            problems = rendered(app)
            await pilot.press("escape", "d")
            await pilot.pause()
            dialog = rendered(app)
            await pilot.press("left", "enter")
            await pilot.pause()
            after = rendered(app)
            toast = await toasts(pilot)
        # THEN what the screen sends holds the name as visible escapes, never ESC or BEL
        assert "connectors/zz\\x1b]0;PWNED\\x07y.toml" in dialog.replace(" ", "")
        for text in (listed, problems, dialog, after):
            assert "\x1b" not in text and "\x07" not in text
        assert "connectors/zz\\x1b]0;PWNED\\x07y.toml:1: error" in problems
        assert "Deleted connectors/zz\\x1b]0;PWNED\\x07y.toml." in toast

    async def test_a_catalog_with_control_characters_is_reported_as_inert_text(self, workspace):
        (workspace / "catalog.toml").write_text(
            '[user_groups]\n"Bell\\u0007Group" = "rings \\u001b[5m"\n', encoding="utf-8"
        )
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            assert "1 problem in catalog.toml: press p" in await shown(pilot)
            await pilot.press("p")
            await pilot.pause()
            text = rendered(app)
        assert "\x07" not in text and "\x1b" not in text
        assert "Bell\\x07Group" in text

    @pytest.mark.parametrize("widget", ["user groups", "check list"])
    async def test_the_lists_show_control_characters_as_escapes(self, widget):
        # The catalog reader refuses such names today; the lists do not rely on it.
        from textual.app import App, ComposeResult

        from acwizard.widgets.checklist import CheckList
        from acwizard.widgets.user_group_chooser import UserGroupChooser

        entries = {"Bell\x07Group": "rings \x1b]0;PWNED\x07"}

        class Harness(App[None]):
            def compose(self) -> ComposeResult:
                if widget == "user groups":
                    yield UserGroupChooser(entries, "New\x1b[2J")
                else:
                    yield CheckList(list(entries.items()))

        app = Harness()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            text = rendered(app)  # type: ignore[arg-type]
        assert "\x07" not in text and "\x1b" not in text
        assert "Bell\\x07Group" in text and "rings \\x1b]0;PWNED\\x07" in text


class TestDeleteSaysWhatGitKeeps:
    async def test_a_committed_file_and_a_never_committed_one(self, workspace, write_connector):
        # GIVEN a git repository where a.toml is committed and b.toml never was
        write_connector(PAYROLL, "a.toml")
        git(workspace, "init", "-q")
        git(workspace, "add", "connectors/a.toml")
        git(workspace, "commit", "-q", "-m", "a")
        write_connector(PAYROLL.replace("Payroll Sync", "Other", 1), "b.toml")
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            # WHEN the admin asks to delete the committed file
            await pilot.press("d")
            text = await shown(pilot)
            assert "This removes connectors/a.toml. Git keeps the last committed version." in text
            # AND the one never committed
            await pilot.press("escape", "down", "d")
            text = await shown(pilot)
            # THEN only the committed one is said to be kept by git
            assert "This removes connectors/b.toml." in text
            assert (
                "This file is not in git (it was never committed): once deleted, it is gone."
                in text
            )
            assert "Git keeps" not in text

    def test_a_partial_clone_s_missing_blob_is_not_fetched(self, workspace, write_connector):
        # GIVEN a.toml committed, its blob missing as in a partial clone, and a promisor
        # remote whose fetch would run a command (an archive's .git/config)
        path = write_connector(PAYROLL, "a.toml")
        git(workspace, "init", "-q")
        git(workspace, "add", "connectors/a.toml")
        git(workspace, "commit", "-q", "-m", "a")
        blob = subprocess.run(
            ["git", "rev-parse", "HEAD:connectors/a.toml"],
            cwd=workspace, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        (workspace / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
        ran = workspace.parent / "FETCHED"
        for setting in [
            ("core.repositoryformatversion", "1"),
            ("extensions.partialClone", "origin"),
            ("remote.origin.url", "ssh://example.invalid/x"),
            ("remote.origin.promisor", "true"),
            ("core.sshCommand", f"touch {ran}; false"),
        ]:
            git(workspace, "config", *setting)
        # WHEN the delete dialog asks git whether the file is committed
        state = git_state(path)
        # THEN the tree answers it; nothing is fetched, no command runs
        assert state == "committed"
        assert not ran.exists()

    async def test_a_git_folder_git_cannot_read_promises_nothing(self, workspace, write_connector):
        # GIVEN a `.git` that is no repository (git refuses it, or is missing)
        write_connector(PAYROLL)
        (workspace / ".git").mkdir()
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("d")
            text = await shown(pilot)
        assert "git could not tell whether this file is committed" in text
        assert "Git keeps" not in text

    async def test_git_is_asked_only_when_the_dialog_opens(
        self, workspace, write_connector, monkeypatch
    ):
        from acwizard.cores.listing import git as git_module

        calls: list[list[str]] = []
        real_run = subprocess.run

        def run(args, *rest, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(list(args))
            return real_run(args, *rest, **kwargs)

        monkeypatch.setattr(git_module.subprocess, "run", run)
        write_connector(PAYROLL)
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            assert not calls  # starting the list costs no git process
            await pilot.press("d")
            assert "This workspace is not in git" in await shown(pilot)
            assert calls and calls[0][0] == "git"


class TestAWordTypedAtTheList:
    """The rule for single keys on the list: a letter, digit or sign that is no key of the
    list starts the filter, so a word typed at the table by mistake filters the list."""

    @pytest.mark.parametrize("problems", [False, True], ids=["clean", "an invalid file"])
    async def test_a_word_typed_at_the_table_lands_in_the_filter(
        self, workspace, write_connector, problems
    ):
        write_connector(PAYROLL)
        if problems:
            write_connector(PAYROLL.replace("blocked = true", "blocked = 1"), "broken.toml")
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            # WHEN "spending" arrives in one burst at the table
            burst(app, list("spending"))
            await settled(pilot)
            # THEN it is the filter, the list is the screen; "p" used to open Problems (or
            # say there were none) and "n" the wizard, which took "ding" as a description
            assert isinstance(app.screen, ConnectorListScreen)
            assert app.screen.query_one("#filter", Input).value == "spending"
            assert "0 shown" in await shown(pilot)

    async def test_the_list_s_own_letters_still_act_alone(self, workspace, write_connector):
        write_connector(PAYROLL)
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            await pilot.press("d")
            assert "Delete app connector?" in await shown(pilot)
            await pilot.press("escape", "x", "escape", "n")  # x: the filter; Esc: back
            assert type(app.screen).__name__ == "NewConnectorWizard"


class TestFiltersKeepTheirText:
    async def test_backspace_after_typing_on_the_picker_list_removes_one_letter(
        self, workspace, write_connector
    ):
        write_connector(PAYROLL)
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("enter", "ctrl+t", "n", *"prof", "down")
            # WHEN typing on the list sends focus back to the filter
            await pilot.press("i")
            await pilot.pause()
            field = app.screen.query_one("#picker-filter", Input)
            assert field.value == "profi"
            await pilot.press("backspace")
            # THEN Backspace removes the last letter, not the whole filter
            assert field.value == "prof"
            assert "Profit_Debtor" in await shown(pilot)

    async def test_backspace_after_typing_on_the_user_group_list_removes_one_letter(
        self, workspace
    ):
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("n", *"Fleet", "enter", *"pay", "down", "r")
            await pilot.pause()
            field = app.screen.query_one("#group-filter", Input)
            assert field.value == "payr"
            await pilot.press("backspace")
            assert field.value == "pay"


class TestInvalidFiles:
    @pytest.fixture
    def mixed(self, workspace: Path, write_connector: Callable[..., Path]) -> Path:
        """a and c valid, b and d invalid (in list order)."""
        write_connector(NO_IP_LINES, "a.toml")
        write_connector("schema_version = 1\n", "b.toml")
        write_connector(NO_IP_LINES.replace("Payroll Sync", "Cee", 1), "c.toml")
        write_connector(PAYROLL.replace("blocked = true", "blocked = maybe"), "d.toml")
        return workspace

    async def test_p_goes_to_each_invalid_file_in_turn_and_shows_its_problems(self, mixed):
        app = AcWizardApp(mixed)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            assert "2 INVALID: press p to go to the next" in await shown(pilot)
            table = app.screen.query_one(ConnectorTable)
            assert table.highlighted_key() == "a"
            await pilot.press("p")
            assert "Problems in connectors/b.toml" in await shown(pilot)
            await pilot.press("escape")
            assert table.highlighted_key() == "b"
            await pilot.press("p")
            assert "Problems in connectors/d.toml" in await shown(pilot)
            await pilot.press("escape", "p")
            assert "Problems in connectors/b.toml" in await shown(pilot)  # round to the top
            await pilot.press("escape")
            assert table.highlighted_key() == "b"

    async def test_p_clears_a_filter_that_hides_the_invalid_file(self, mixed):
        app = AcWizardApp(mixed)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("slash", *"cee", "enter")
            assert app.screen.query_one(ConnectorTable).row_count == 1
            await pilot.press("p")  # from c, the only row shown, the next is d
            assert "Problems in connectors/d.toml" in await shown(pilot)
            await pilot.press("escape")
            assert app.screen.query_one("#filter", Input).value == ""
            assert app.screen.query_one(ConnectorTable).highlighted_key() == "d"
            assert "4 connectors · AFAS Online" in await shown(pilot)

    async def test_enter_on_an_invalid_file_says_where_and_what_can_be_done(self, mixed):
        app = AcWizardApp(mixed)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("end", "enter")
            text = await shown(pilot)
            assert not isinstance(app.screen, PropertiesScreen)
            assert "Problems in connectors/d.toml" in text
            assert "connectors/d.toml:4: error: invalid TOML" in text
            assert "fix the lines above in an editor, then press r" in text
            assert "run acwizard validate in a shell" in text
            assert "press d in the list, on this row, to delete the file" in text
            # AND the way forward works: fixed on disk, r reads it, Enter opens it
            (mixed / "connectors" / "d.toml").write_text(PAYROLL, encoding="utf-8")
            await pilot.press("escape", "r", "enter")
            await pilot.pause()
            assert isinstance(app.screen, PropertiesScreen)
            assert app.screen.loaded.path.name == "d.toml"


class TestChangedOnDisk:
    """A git pull or a colleague in another pane changed a file after the list read it."""

    async def test_enter_opens_the_file_as_it_is_now_and_says_so(self, workspace, write_connector):
        path = write_connector(NO_IP_LINES, "a.toml")
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            path.write_text(NO_IP_LINES.replace('"HrCompMut"', '"KnPerson"'), encoding="utf-8")
            await pilot.press("enter", "f4")
            assert isinstance(app.screen, PropertiesScreen)
            text = await shown(pilot)
            assert "KnPerson" in text and "HrCompMut" not in text
            assert "a.toml changed on disk since the list read it: shown as it is now" in text

    async def test_enter_on_a_file_broken_since_shows_its_problems(
        self, workspace, write_connector
    ):
        path = write_connector(NO_IP_LINES, "a.toml")
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            path.write_text(NO_IP_LINES + 'description = "oops\n', encoding="utf-8")
            await pilot.press("enter")
            assert not isinstance(app.screen, PropertiesScreen)
            assert "Problems in connectors/a.toml" in await shown(pilot)

    async def test_a_file_with_a_byte_order_mark_opens_and_saves_as_unchanged_on_disk(
        self, workspace, write_connector
    ):
        # Windows Notepad writes UTF-8 with a byte-order mark; the text as loaded has none
        path = write_connector(b"\xef\xbb\xbf" + NO_IP_LINES.encode(), "a.toml")
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            await pilot.press("enter")
            assert isinstance(app.screen, PropertiesScreen)
            assert "changed on disk" not in await toasts(pilot)
            await pilot.press("tab", "end", *" 2", "ctrl+s", "ctrl+s")
            text = await shown(pilot)
            assert "The file changed on disk" not in text  # it always did: never saved
        assert 'description = "Payroll Sync 2"' in path.read_text(encoding="utf-8")

    async def test_enter_on_a_file_that_is_no_text_shows_its_problems_only(
        self, workspace, write_connector
    ):
        write_connector(b"\xff\xfe junk", "a.toml")
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            await pilot.press("enter")
            text = await shown(pilot)
            assert "Problems in connectors/a.toml" in text
            assert "changed on disk" not in text

    async def test_enter_on_a_file_deleted_since_opens_nothing(self, workspace, write_connector):
        path = write_connector(NO_IP_LINES, "a.toml")
        write_connector(NO_IP_LINES.replace("Payroll Sync", "Cee", 1), "c.toml")
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await list_checked(pilot)
            path.unlink()
            await pilot.press("enter")
            assert not isinstance(app.screen, PropertiesScreen)
            text = await shown(pilot)
            assert "a.toml is no longer on disk" in text
            assert "1 connector ·" in text


class TestNoColourNeeded:
    async def test_the_user_group_enter_takes_is_marked(self, workspace):
        app = AcWizardApp(workspace)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.press("n", *"Fleet", "enter")
            lines = screen_text(app).splitlines()
            marked = [line for line in lines if "▊ >" in line]
            assert len(marked) == 1 and "+ New user group 'Fleet'" in marked[0]
            await pilot.press("down", "down")
            await pilot.pause()
            lines = screen_text(app).splitlines()
            marked = [line for line in lines if "▊ >" in line]
            assert len(marked) == 1 and "BI Export" in marked[0]
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, PropertiesScreen)
            assert app.screen.loaded.connector.user_group == "BI Export"


class TestNarrowTerminal:
    async def test_the_footer_keeps_help_and_quit_at_60_columns(self, demo_copy):
        app = AcWizardApp(demo_copy)
        async with app.run_test(size=NARROW) as pilot:
            await list_checked(pilot)
            footer = footer_line(app)
            assert "f1 Help" in footer and "q Quit" in footer
            assert "p Problems" in footer and "n New" in footer
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            await pilot.pause()
            footer = footer_line(app)
            assert "/ Filter" in footer and "r Reload" in footer and "q Quit" in footer

    async def test_the_wizard_step_bar_shows_every_step_at_60_columns(self, demo_copy):
        app = AcWizardApp(demo_copy)
        async with app.run_test(size=NARROW) as pilot:
            await pilot.press("n")
            assert "[1 Description] > 2 User group > Finish" in await shown(pilot)
            await pilot.press(*"Fleet", "enter")
            assert "1 Description > [2 User group] > Finish" in await shown(pilot)

    async def test_right_and_left_scroll_a_column_and_the_marker_stays(self, demo_copy):
        app = AcWizardApp(demo_copy)
        async with app.run_test(size=NARROW) as pilot:
            await list_checked(pilot)
            lines = screen_text(app).splitlines()[3:-1]
            assert "IP" not in lines[0].split()
            assert lines[0].rstrip().endswith("\u203a")  # more to the right
            # WHEN Right is pressed once
            await pilot.press("right")
            lines = screen_text(app).splitlines()[3:-1]
            # THEN Status scrolled out to the left, behind the description, which stays
            # (it used to scroll away: rows that said no connector's name), the cursor row
            # still starts with the marker, and the title line says what is out of view
            assert lines[0].split()[:2] == ["Description", "\u2039Profit"]
            assert lines[1].startswith(">BI Export ")
            # ! a token ends soon; - not verified
            assert lines[1].split()[2:5] == ["!", "-", "classic"]
            assert "Active" not in lines[1]
            # WHEN Left is pressed once: back to the first column
            await pilot.press("left")
            lines = screen_text(app).splitlines()[3:-1]
            assert lines[0].split()[:2] == ["Description", "Status"]
            assert lines[1].startswith(">BI Export ")


class TestHelpListsEveryKey:
    @staticmethod
    async def help_text(pilot) -> str:  # type: ignore[no-untyped-def]
        """Press F1 and read the whole help screen (tall enough to need no scrolling)."""
        screen = pilot.app.screen
        bound = {
            pilot.app.get_key_display(binding.with_key(key))
            for node in [screen, *screen.walk_children()]
            for key, binding in node._bindings
            if binding.id
        }
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        text = await shown(pilot)
        names = {"⏎": "enter", "⌫": "backspace"}
        missing = [key for key in bound if names.get(key, key) not in text]
        assert not missing, f"help does not list {missing}"
        return text

    async def test_the_list(self, demo_copy):
        app = AcWizardApp(demo_copy)
        async with app.run_test(size=TALL) as pilot:
            await list_checked(pilot)
            text = await self.help_text(pilot)
            assert "← / → Scroll sideways, a column at a time" in text
            assert "enter Open the connector" in text
            assert "↑ / ↓ / home / Move the cursor end / pgup / pgdn" in text

    async def test_the_wizard(self, demo_copy):
        app = AcWizardApp(demo_copy)
        async with app.run_test(size=TALL) as pilot:
            await pilot.press("n")
            text = await self.help_text(pilot)
            assert "enter Next step; on the user group step, Finish" in text
            assert "^b Back" in text and "esc Cancel" in text
            await pilot.press("escape", *"Fleet", "enter")
            text = await self.help_text(pilot)
            assert "↓ Into the list of user groups" in text

    async def test_the_picker(self, demo_copy):
        app = AcWizardApp(demo_copy)
        async with app.run_test(size=TALL) as pilot:
            await pilot.press("down", "down", "down", "enter", "ctrl+t", "n")
            text = await self.help_text(pilot)
            for expected in ("space Tick", "enter Finish", "esc Cancel", "type Filter", "↓ From"):
                assert expected in text


def test_every_toast_is_plain_text():
    """Every `notify(...)` in acwizard passes markup=False: toasts show names and ids, which
    are user text, and Textual parses a toast's message as markup by default."""
    import ast

    import acwizard

    package = Path(acwizard.__file__).parent
    parsing = []
    for source in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "notify"
            ):
                markup = {k.arg: k.value for k in node.keywords}.get("markup")
                if not (isinstance(markup, ast.Constant) and markup.value is False):
                    parsing.append(f"{source.relative_to(package)}:{node.lineno}")
    assert not parsing, f"notify() without markup=False: {parsing}"
