"""Dropped SSH sessions lose nothing: drafts, signals, restore at the next start."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from acwizard import drafts
from acwizard.app import AcWizardApp
from acwizard.cores.recovery import kept_typing
from acwizard.drafts import (
    MAX_DRAFT_BYTES,
    Draft,
    drafts_directory,
    parse_draft,
    read_drafts,
    write_draft,
)
from acwizard.files.reading import fingerprint
from acwizard.screens.properties import PropertiesScreen

from conftest import PAYROLL, PAYROLL_V2, shown, toasts, until

SIZE = (80, 24)

pytestmark = pytest.mark.xdist_group("terminals")
"""Real terminals, signals and timed exits: under xdist these run on one worker, one at a
time, as they do serially (and the 3,000-connector workspace is built once, not per worker)."""


SLOW_DRAFTS = (
    "import sys; import acwizard.screens.draft_keeping as keeping; "
    "keeping.RECOVERY_DELAY = 60.0; from acwizard.cli import main; "
    "sys.exit(main(['-w', sys.argv[1]]))"
)
"""acwizard whose draft timer would wait a minute: a draft on disk came from the signal."""


class Terminal:
    """acwizard running on a real pseudo-terminal, as over SSH."""

    def __init__(
        self, workspace: Path, slow_drafts: bool = False, script: str | None = None
    ) -> None:
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        if script is not None:
            argv = [sys.executable, "-c", script, str(workspace)]
        elif slow_drafts:
            argv = [sys.executable, "-c", SLOW_DRAFTS, str(workspace)]
        else:
            argv = [sys.executable, "-m", "acwizard", "-w", str(workspace)]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover - the child
            os.execve(sys.executable, argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.output = b""

    def read(self, seconds: float) -> None:
        """Collect what the program writes for `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:
                    return

    def type(self, data: bytes, wait: float = 0.6) -> None:
        """Send keys, then let the program react."""
        os.write(self.fd, data)
        self.read(wait)

    def wait_for(self, text: bytes, seconds: float = 20.0) -> None:
        """Read until `text` appears on the terminal."""
        deadline = time.monotonic() + seconds
        while text not in self.output and time.monotonic() < deadline:
            self.read(0.1)
        assert text in self.output, self.output[-500:]

    def wait_until(self, condition: Callable[[], bool], seconds: float = 20.0) -> None:
        """Keep reading the terminal (so the program never blocks on a full one) until
        `condition` holds; fail when it still does not after `seconds`."""
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            self.read(0.1)
        assert condition(), self.output[-500:]

    def end(self, signal_number: int, within: float = 10.0) -> int:
        """Send a signal and return the exit status, which must come `within` seconds."""
        os.kill(self.pid, signal_number)
        return self.exit_status(within)

    def hang_up(self, within: float = 10.0) -> int:
        """Close the terminal (tmux kill-server, a dropped SSH connection); the exit status."""
        os.close(self.fd)
        self.fd = -1
        return self.exit_status(within)

    def exit_status(self, within: float) -> int:
        """Wait for the program to end; fail (and kill it) when it is still running."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.fd >= 0:
                self.read(0.1)
            else:
                time.sleep(0.05)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                if self.fd >= 0:
                    os.close(self.fd)
                return status
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError(f"acwizard still ran {within} s after it was told to end")


def draft_descriptions(workspace: Path) -> list[object]:
    """The description in each recovery draft of `workspace` now."""
    return [draft.data.get("description") for draft in read_drafts(workspace)]


@pytest.mark.parametrize("signal_number", [signal.SIGHUP, signal.SIGTERM, signal.SIGKILL])
def test_a_session_cut_off_mid_edit_keeps_a_draft(workspace, write_connector, signal_number):
    # GIVEN an admin editing a description over SSH
    path = write_connector(PAYROLL)
    terminal = Terminal(workspace)
    terminal.wait_for(b"Payroll Sync")
    terminal.type(b"\r")  # open the connector
    terminal.wait_for(b"Choose")
    terminal.type(b"\t")  # from the tab bar, where the screen opens, to Description
    terminal.type(b"\x05 Renamed", wait=0.1)  # ctrl+e (end of field), then type
    # AND the draft timer has kept the edit (SIGKILL leaves no later chance to)
    terminal.wait_until(lambda: draft_descriptions(workspace) == ["Payroll Sync Renamed"])
    # WHEN the session is cut off
    status = terminal.end(signal_number)
    # THEN the file is untouched and the draft holds what was typed
    assert path.read_text(encoding="utf-8") == PAYROLL
    [draft] = read_drafts(workspace)
    assert draft.connector_id == "payroll-sync"
    assert draft.data["description"] == "Payroll Sync Renamed"
    assert draft.fingerprint == fingerprint(PAYROLL)
    if signal_number != signal.SIGKILL:
        # AND acwizard exited with 128 + the signal's number (SIGHUP 129, SIGTERM 143)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 128 + signal_number
        # AND the terminal was handed back: alternate screen left, cursor shown
        tail = terminal.output[-2000:]
        assert b"\x1b[?1049l" in tail
        assert b"\x1b[?25h" in tail


async def test_drafts_are_kept_while_editing_and_removed_on_save(workspace, write_connector):
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end", *" 2")
        await until(pilot, lambda: draft_descriptions(workspace) == ["Payroll Sync 2"])
        assert [draft.connector_id for draft in read_drafts(workspace)] == ["payroll-sync"]
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.pause()
    assert read_drafts(workspace) == []
    assert list(drafts_directory(workspace).iterdir()) == []
    assert 'description = "Payroll Sync 2"' in path.read_text(encoding="utf-8")


async def test_discarding_changes_removes_the_draft(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end", *" 2")
        await until(pilot, lambda: draft_descriptions(workspace) == ["Payroll Sync 2"])
        await pilot.press("escape", "left", "enter")
        await pilot.pause()
    assert read_drafts(workspace) == []


async def test_the_next_start_offers_to_restore_and_nothing_is_written_until_ok(
    workspace, write_connector
):
    # GIVEN a draft left by a session that was cut off
    path = write_connector(PAYROLL)
    data = {
        "schema_version": 1,
        "description": "Payroll Sync",
        "user_group": "Payroll Sync",
        "blocked": False,
        "notes": "half-typed note",
        "get_connectors": ["Profit_Employees", "Profit_Debtor"],
        "update_connectors": ["HrCompMut"],
        "connectors": ["AppConnectorSubject"],
        "ip_restrictions": [],
    }
    write_draft(workspace, Draft("payroll-sync", data, fingerprint(PAYROLL), time.time() - 300))
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # WHEN acwizard starts again
        text = await shown(pilot)
        assert "Unsaved changes found" in text
        assert "ended 5 minutes ago before its changes were saved" in text
        # AND the admin restores
        await pilot.press("enter")
        text = await shown(pilot)
        assert isinstance(app.screen, PropertiesScreen)
        assert "Active · modified" in text
        assert "half-typed note" in text
        assert path.read_text(encoding="utf-8") == PAYROLL
        # THEN OK shows the recovered changes and saves them
        await pilot.press("ctrl+s")
        text = await shown(pilot)
        assert "UNBLOCKED" in text
        assert "granted GetConnector: Profit_Debtor" in text
        assert "IP line removed: 203.0.113.7 allowed" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = path.read_text(encoding="utf-8")
    assert 'notes = "half-typed note"' in saved and "ip_restrictions = []" in saved
    assert read_drafts(workspace) == []


async def test_a_draft_over_a_file_changed_since_leads_to_the_conflict_dialog(
    workspace, write_connector
):
    path = write_connector(PAYROLL.replace("blocked = true", "blocked = false"))
    data = {"description": "Payroll Sync 3", "user_group": "Payroll Sync"}
    write_draft(workspace, Draft("payroll-sync", data, fingerprint(PAYROLL), time.time(), PAYROLL))
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        await pilot.press("ctrl+s", "ctrl+s")
        text = await shown(pilot)
        assert "The file changed on disk" in text
        # yours was rebuilt on the file as it is now, so Overwrite keeps its blocked = false
        assert '-description = "Payroll Sync"' in text
        assert '+description = "Payroll Sync 3"' in text
        assert "blocked = true" not in text
    assert "Payroll Sync 3" not in path.read_text(encoding="utf-8")


async def test_discard_at_start_forgets_the_draft(workspace, write_connector):
    write_connector(PAYROLL)
    write_draft(workspace, Draft("payroll-sync", {"notes": "x"}, None, time.time()))
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("right", "enter")
        assert "Discarded the unsaved changes to payroll-sync.toml." in await shown(pilot)
    assert read_drafts(workspace) == []


def test_broken_or_foreign_draft_files_are_ignored(workspace):
    write_draft(workspace, Draft("payroll-sync", {"notes": "x"}, None, time.time()))
    directory = drafts_directory(workspace)
    (directory / "a.json").write_text("{not json", encoding="utf-8")
    (directory / "b.json").write_text('{"connector_id": "other", "data": {}, "saved_at": 1}')
    (directory / "c.json").write_bytes(b"\xff\xfe")
    assert [draft.connector_id for draft in read_drafts(workspace)] == ["payroll-sync"]


# -- signals and dropped terminals: the process ends, the draft is written at once ----------


def hang_up_or_signal(terminal: Terminal, how: str) -> int:
    """End the session the way `how` says: a signal, or the terminal going away."""
    if how == "closed":
        return terminal.hang_up(within=6)
    return terminal.end(getattr(signal, how), within=6)


EXPECTED_STATUS = {"SIGHUP": 129, "SIGTERM": 143, "closed": 129}
"""128 + the signal's number; a closed terminal is a hang-up."""


@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM", "closed"])
def test_a_signal_mid_edit_writes_the_draft_at_once_and_exits(workspace, write_connector, how):
    # GIVEN an admin typing into a description, with a draft timer that would wait a minute
    write_connector(PAYROLL)
    terminal = Terminal(workspace, slow_drafts=True)
    terminal.wait_for(b"Payroll Sync")
    terminal.type(b"\r")
    terminal.wait_for(b"Choose")
    terminal.type(b"\t")  # from the tab bar, where the screen opens, to Description
    terminal.type(b"\x05 Renamed", wait=0.1)
    terminal.wait_for(b"Renamed")
    # WHEN the session ends before the timer could have written anything
    status = hang_up_or_signal(terminal, how)
    # THEN acwizard exited with 128 + the signal, and the draft holds the edit
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == EXPECTED_STATUS[how]
    [draft] = read_drafts(workspace)
    assert draft.data["description"] == "Payroll Sync Renamed"


def test_a_hang_up_while_the_ip_form_holds_typed_text_keeps_it(workspace, write_connector):
    # GIVEN an admin typing an address into the IP form, nothing applied yet
    write_connector(PAYROLL)
    terminal = Terminal(workspace, slow_drafts=True)
    terminal.wait_for(b"Payroll Sync")
    terminal.type(b"\r")
    terminal.wait_for(b"Choose")
    terminal.type(b"5")  # the IP restrictions tab
    terminal.type(b"n")
    terminal.wait_for(b"New IP restriction")
    terminal.type(b"10.9.8.0/24", wait=0.1)
    terminal.wait_for(b"10.9.8.0/24")
    # WHEN the terminal hangs up
    status = hang_up_or_signal(terminal, "SIGHUP")
    # THEN the draft keeps the typed address with the form it was typed in
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 129
    [draft] = read_drafts(workspace)
    assert draft.typed == {"ip_form": {"ip-address": "10.9.8.0/24"}}


@pytest.fixture(scope="module")
def big_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace of 3,000 connectors: loading it holds the event loop for seconds."""
    repo = Path(__file__).resolve().parent.parent
    if str(repo) not in sys.path:  # bench/ sits beside src/, outside the installed package
        sys.path.insert(0, str(repo))
    from bench.generate import write_workspace

    return write_workspace(tmp_path_factory.mktemp("big"), 3_000, catalog_size=2_000)


@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM", "closed"])
def test_a_session_ended_while_a_large_workspace_loads_exits(big_workspace, how):
    # GIVEN acwizard reading and validating 3,000 connector files
    terminal = Terminal(big_workspace)
    terminal.wait_for(b"\x1b[?1049h")  # the terminal is taken: the list is being mounted
    # WHEN the session ends while it is still loading
    started = time.monotonic()
    status = hang_up_or_signal(terminal, how)
    # THEN it ends within a few seconds with 128 + the signal
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == EXPECTED_STATUS[how]
    assert time.monotonic() - started < 6
    if how != "closed":  # AND a terminal still there is handed back: main screen, cursor
        assert b"\x1b[?1049l" in terminal.output[-2000:]
        assert b"\x1b[?25h" in terminal.output[-2000:]


FAILING_TEARDOWN = (
    "import sys; from acwizard.screens.connector_list import ConnectorListScreen as S; "
    "S.on_unmount = lambda self: 1 / 0; from acwizard.cli import main; "
    "sys.exit(main(['-w', sys.argv[1]]))"
)
"""acwizard whose list screen fails as it is torn down, as a screen still loading may."""


FAILING_WHILE_CLOSING = (
    "import sys; from acwizard.app import AcWizardApp as A; exit_app = A.exit\n"
    "def failing_exit(self, *args, **kwargs):\n"
    "    exit_app(self, *args, **kwargs); self.call_later(lambda: 1 / 0)\n"
    "A.exit = failing_exit; from acwizard.cli import main; sys.exit(main(['-w', sys.argv[1]]))"
)
"""acwizard where a handler fails just after the app was asked to exit, as a screen
still mounting did when a hang-up came (`NoMatches` for the header's title)."""


@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM"])
def test_no_crash_report_follows_a_session_ended_by_a_signal(workspace, write_connector, how):
    # GIVEN acwizard where a handler fails while the app closes
    write_connector(PAYROLL)
    terminal = Terminal(workspace, script=FAILING_WHILE_CLOSING)
    terminal.wait_for(b"Payroll Sync")
    # WHEN the session ends by a signal
    status = hang_up_or_signal(terminal, how)
    # THEN the status names the signal and no crash report (Textual prints one with the
    # locals of the failing frame, quoting whatever files held) reaches the terminal
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == EXPECTED_STATUS[how]
    assert b"ZeroDivisionError" not in terminal.output
    assert b"Traceback" not in terminal.output


@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM"])
def test_the_exit_status_names_the_signal_even_when_closing_down_fails(
    workspace, write_connector, how
):
    # GIVEN acwizard whose list screen raises while the app closes
    write_connector(PAYROLL)
    terminal = Terminal(workspace, script=FAILING_TEARDOWN)
    terminal.wait_for(b"Payroll Sync")
    # WHEN the session ends by a signal
    status = hang_up_or_signal(terminal, how)
    # THEN the status is still 128 + the signal (a service manager or a script can tell
    # a hang-up from a crash), not the 1 of a crashed app
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == EXPECTED_STATUS[how]


@pytest.mark.parametrize("how", ["SIGTERM", "closed"])
def test_a_session_ended_with_a_dialog_open_exits(workspace, write_connector, how):
    # GIVEN the delete dialog open
    write_connector(PAYROLL)
    terminal = Terminal(workspace)
    terminal.wait_for(b"Payroll Sync")
    terminal.type(b"d")
    terminal.wait_for(b"Delete")
    # WHEN the session ends
    status = hang_up_or_signal(terminal, how)
    # THEN acwizard is gone and the file is untouched
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == EXPECTED_STATUS[how]
    assert (workspace / "connectors" / "payroll-sync.toml").read_text(encoding="utf-8") == PAYROLL


# -- where drafts live, and drafts as hostile input ------------------------------------------


def test_drafts_live_in_the_users_state_directory_never_in_the_workspace(workspace, private_state):
    write_draft(workspace, Draft("payroll-sync", {"notes": "x"}, None, time.time()))
    [path] = [path for path in private_state.rglob("*") if path.is_file()]
    # one directory per workspace, named by a hash of its real path and a readable tail
    assert path.parent.parent == private_state / "drafts"
    assert path.parent.name.startswith(f"{workspace.name}-")
    for directory in (private_state, private_state / "drafts", path.parent):
        assert directory.stat().st_mode & 0o777 == 0o700
    assert not (workspace / ".acwizard").exists()
    # another workspace with a directory of the same name has its own drafts
    other = workspace / "elsewhere" / workspace.name
    other.mkdir(parents=True)
    assert read_drafts(other) == []


VALID_DRAFT = {
    "connector_id": "payroll-sync",
    "owner": "0123456789abcdef",
    "fingerprint": None,
    "saved_at": 1_700_000_000.0,
    "base": None,
    "data": {"description": "Payroll Sync 2", "blocked": False, "get_connectors": ["X"]},
}


@pytest.mark.parametrize(
    "change",
    [
        {"connector_id": 7},
        {"connector_id": "../payroll-sync"},
        {"connector_id": "Payroll Sync"},
        {"owner": "mine"},
        {"saved_at": "yesterday"},
        {"saved_at": True},
        {"saved_at": float("inf")},
        {"fingerprint": 12},
        {"fingerprint": "not a hash"},
        {"base": ["x"]},
        {"data": ["not", "a", "table"]},
        {"data": {"description": 5}},
        {"data": {"description": "\x1b]0;pwned\x07Payroll"}},
        {"data": {"notes": "\x1b[2J"}},
        {"data": {"blocked": "no"}},
        {"data": {"get_connectors": "Profit_Employees"}},
        {"data": {"get_connectors": [["nested"]]}},
        {"data": {"ip_restrictions": [{"address": {"deep": 1}}]}},
        {"data": {"not_a_field": 1}},
    ],
)
def test_a_draft_with_a_wrong_field_is_never_offered(change):
    document = {**VALID_DRAFT, **change}
    name = "payroll-sync.0123456789abcdef.json"
    assert parse_draft(json.dumps(document).encode(), name) is None
    assert parse_draft(json.dumps(VALID_DRAFT).encode(), name) is not None


def test_a_deeply_nested_or_oversized_draft_is_skipped_without_a_crash(workspace):
    write_draft(workspace, Draft("payroll-sync", {"notes": "kept"}, None, time.time()))
    directory = drafts_directory(workspace)
    nested = {**VALID_DRAFT, "connector_id": "nested", "owner": "1" * 16}
    deep = "[" * 100_000 + "]" * 100_000  # json.loads alone raises RecursionError
    text = json.dumps(nested).replace('"data": {', f'"data": {{"notes": {deep}, ')
    (directory / "nested.1111111111111111.json").write_text(text, encoding="utf-8")
    huge = {**VALID_DRAFT, "connector_id": "huge", "owner": "2" * 16}
    huge["base"] = "x" * MAX_DRAFT_BYTES
    (directory / "huge.2222222222222222.json").write_text(json.dumps(huge), encoding="utf-8")
    os.mkfifo(directory / "fifo.3333333333333333.json")  # reading it would hang
    outside = workspace / "planted.json"
    outside.write_text(json.dumps({**VALID_DRAFT, "connector_id": "link", "owner": "4" * 16}))
    (directory / "link.4444444444444444.json").symlink_to(outside)
    assert [draft.data for draft in read_drafts(workspace)] == [{"notes": "kept"}]


async def test_drafts_a_repository_put_in_the_workspace_are_never_offered(
    workspace, write_connector
):
    # GIVEN a repository that carries a draft, as the old versions kept them, and a link
    write_connector(PAYROLL)
    planted = workspace / ".acwizard" / "drafts"
    planted.mkdir(parents=True)
    document = {**VALID_DRAFT, "saved_at": time.time(), "data": {"description": "Evil"}}
    (planted / "payroll-sync.json").write_text(json.dumps(document), encoding="utf-8")
    (planted / "payroll-sync.0123456789abcdef.json").write_text(json.dumps(document))
    (planted / "linked.json").symlink_to(planted / "payroll-sync.json")
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # WHEN acwizard starts
        text = await shown(pilot)
        # THEN nothing is offered for restoring
        assert "Payroll Sync" in text
        assert "Unsaved changes found" not in text
        assert "Evil" not in text


@pytest.mark.parametrize("problem", ["link", "someone else's", "a file"])
def test_a_state_directory_that_is_not_the_users_own_is_refused(
    workspace, private_state, monkeypatch, tmp_path_factory, problem
):
    target = tmp_path_factory.mktemp("target")
    private_state.parent.mkdir(parents=True, exist_ok=True)
    if problem == "link":
        private_state.symlink_to(target)
    elif problem == "a file":
        private_state.write_text("not a directory")
    else:
        private_state.mkdir(mode=0o700)
        real_uid = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: real_uid + 1)
    with pytest.raises(OSError, match=r"symbolic link|not a directory|another user"):
        write_draft(workspace, Draft("payroll-sync", {"notes": "x"}, None, time.time()))
    assert list(target.iterdir()) == []
    assert read_drafts(workspace) == []


# -- a draft belongs to the session that wrote it ---------------------------------------------


async def test_a_draft_survives_a_later_session_that_opens_the_connector_and_leaves(
    workspace, write_connector
):
    # GIVEN an edit cut off by SIGTERM
    write_connector(PAYROLL)
    terminal = Terminal(workspace)
    terminal.wait_for(b"Payroll Sync")
    terminal.type(b"\r")
    terminal.wait_for(b"Choose")
    terminal.type(b"\t")  # from the tab bar, where the screen opens, to Description
    terminal.type(b"\x05 Renamed", wait=0.1)
    terminal.wait_for(b"Renamed")
    terminal.end(signal.SIGTERM)
    assert len(read_drafts(workspace)) == 1, terminal.output[-3000:]
    # WHEN acwizard starts again, the admin chooses Later, opens the same connector and
    # leaves it with Escape without changing anything
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert "Unsaved changes found" in await shown(pilot)
        await pilot.press("right", "right")
        assert app.focused is not None and app.focused.id == "later"
        await pilot.press("enter")
        await pilot.press("enter")
        assert isinstance(app.screen, PropertiesScreen)
        await pilot.pause(0.8)  # longer than the draft timer
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PropertiesScreen)
    # THEN the draft of the first session is still there, with its edit
    [draft] = read_drafts(workspace)
    assert draft.data["description"] == "Payroll Sync Renamed"


# -- a draft that cannot be written is said at once --------------------------------------------


@pytest.mark.parametrize("problem", ["disk full", "directory is a file"])
async def test_a_draft_that_cannot_be_written_is_said_at_once(
    workspace, write_connector, private_state, monkeypatch, problem
):
    write_connector(PAYROLL)
    if problem == "disk full":

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(drafts, "atomic_write", full)
        reason = "No space left on device"
    else:
        private_state.parent.mkdir(parents=True, exist_ok=True)
        private_state.write_text("a file where the directory should be")
        reason = "is not a directory"
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # WHEN the admin edits and the draft is due
        await pilot.press("enter", "tab", "end", *" 2")
        await until(pilot, lambda: app.screen.query("#draft-problem"))
        # THEN a toast says so at once
        toast = await toasts(pilot)
        assert "No recovery draft Unsaved changes cannot be kept for recovery" in toast
        assert reason in toast
        # AND the properties screen keeps saying so after the toast is gone
        app.clear_notifications()
        text = await shown(pilot)
        assert "! Unsaved changes cannot be kept for recovery:" in text
        assert reason in text
        assert "save with OK soon" in text


def test_a_terminal_that_goes_away_without_a_sighup_still_ends_acwizard(workspace, write_connector):
    # GIVEN acwizard on a terminal that is not its controlling terminal, so that closing
    # it sends no SIGHUP (as when a wrapper or another session owns the terminal)
    write_connector(PAYROLL)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    child = subprocess.Popen(
        [sys.executable, "-m", "acwizard", "-w", str(workspace)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 20
    while b"Payroll Sync" not in seen and time.monotonic() < deadline:
        if select.select([master], [], [], 0.1)[0]:
            seen += os.read(master, 65536)
    assert b"Payroll Sync" in seen
    # WHEN the terminal goes away
    os.close(master)
    # THEN acwizard notices the hang-up and ends as on SIGHUP
    try:
        assert child.wait(timeout=6) == 129
    finally:
        child.kill()
        child.wait()


def test_a_draft_of_a_version_2_connector_restores_as_the_same_connector(workspace):
    """Drafts are JSON: certificate dates go out as text and must come back as dates."""
    import tomllib

    from acwizard.drafts import Draft, write_draft
    from acwizard.model import AppConnector

    from conftest import PAYROLL_V2

    connector = AppConnector.model_validate(tomllib.loads(PAYROLL_V2))
    write_draft(workspace, Draft("payroll-sync", connector.model_dump(), None, 1.0, None, "0" * 16))
    [draft] = read_drafts(workspace)
    assert AppConnector.model_validate(draft.data) == connector


@pytest.mark.parametrize(
    "oauth",
    [
        {"client_type": "confidential", "client_secret": "s3cr3t"},
        {"certificates": [{"key_id": "k", "not_after": "2027-02-30"}]},
        {"certificates": [{"key_id": "k", "not_after": "soon"}]},
        {"flows": ["\x1b]0;pwned\x07"]},
    ],
    ids=["secret-key", "impossible-date", "not-a-date", "escape"],
)
def test_a_hostile_version_2_draft_is_ignored(workspace, oauth):
    import json

    from acwizard.drafts import drafts_directory

    directory = drafts_directory(workspace)
    directory.mkdir(parents=True, exist_ok=True)
    document = {
        "connector_id": "payroll-sync",
        "owner": "0" * 16,
        "fingerprint": None,
        "saved_at": 1.0,
        "base": None,
        "data": {"description": "x", "oauth": oauth},
    }
    (directory / f"payroll-sync.{'0' * 16}.json").write_text(json.dumps(document))
    assert read_drafts(workspace) == []


@pytest.mark.parametrize("ending", ["ctrl+q", "signal"])
async def test_ending_right_after_undoing_every_edit_leaves_no_draft(
    workspace, write_connector, ending
):
    # GIVEN an edit kept as a draft, then undone: nothing is unsaved any more
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "tab", "end", *" 2")
        await until(pilot, lambda: draft_descriptions(workspace) == ["Payroll Sync 2"])
        await pilot.press("ctrl+z")
        assert not app.screen.is_modified()  # type: ignore[attr-defined]
        # WHEN the admin quits, or the terminal goes away (the signal handler writes what
        # is held), at once: before the draft timer has removed the draft
        if ending == "signal":
            app.write_held_drafts()
            assert read_drafts(workspace) == []
        else:
            await pilot.press("ctrl+q")
    # THEN no draft is left for the next start to offer (it would restore the undone edit)
    assert read_drafts(workspace) == []


# -- where drafts live: platformdirs, and where older versions put them (issue 19) --------


def a_draft(connector_id: str = "payroll-sync") -> Draft:
    """A small draft of a connector on screen."""
    return Draft(connector_id, {"description": "Payroll"}, None, 1.0, None, "0" * 16)


def test_a_relative_xdg_state_home_never_puts_drafts_in_the_working_directory(
    workspace, monkeypatch, tmp_path_factory
):
    import platformdirs

    # GIVEN a relative XDG_STATE_HOME (which the XDG specification says to ignore), run in
    # the workspace itself, and a platformdirs that would take it as it is
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", "state")
    monkeypatch.setattr(platformdirs, "user_state_dir", lambda *a, **k: "state/acwizard")
    monkeypatch.chdir(workspace)
    # WHEN a draft is kept
    write_draft(workspace, a_draft())
    # THEN it is in the user's home, not under the working directory
    assert not (workspace / "state").exists()
    assert [path.name for path in home.rglob("*.json")] == [f"payroll-sync.{'0' * 16}.json"]


def test_drafts_an_older_version_left_in_the_xdg_place_are_still_found(
    workspace, monkeypatch, tmp_path_factory, private_state
):
    import platformdirs

    # GIVEN a draft written where acwizard kept drafts before platformdirs ($XDG_STATE_HOME)
    write_draft(workspace, a_draft())
    # WHEN the platform's own place is elsewhere (macOS: ~/Library/Application Support)
    elsewhere = tmp_path_factory.mktemp("platform") / "acwizard"
    monkeypatch.setattr(platformdirs, "user_state_dir", lambda *a, **k: str(elsewhere))
    # THEN the draft is still offered, and the next one goes to the same place
    assert [draft.connector_id for draft in read_drafts(workspace)] == ["payroll-sync"]
    write_draft(workspace, a_draft("other"))
    assert not elsewhere.exists()
    # AND once only the platform's place exists, that is the one used
    shutil.rmtree(private_state)
    write_draft(workspace, a_draft("third"))
    assert [draft.connector_id for draft in read_drafts(workspace)] == ["third"]
    assert elsewhere.is_dir()


def test_a_draft_whose_data_has_the_wrong_shape_is_never_offered(workspace):
    import json

    from acwizard.drafts import drafts_directory

    directory = drafts_directory(workspace)
    directory.mkdir(parents=True, exist_ok=True)
    for index, data in enumerate(
        [
            {"blocked": 1},  # a number where a boolean goes
            {"schema_version": True},  # a boolean where a number goes
            {"description": "x\u202ey"},  # a bidi override
            {"ip_restrictions": [{"address": "10.0.0.0/8", "via": "x"}]},  # a key no line has
            {"webhooks": [{"url": 3}]},
            {"get_connectors": "Profit_Employees"},  # a text where a list goes
            {"authentication": "token"},
        ]
    ):
        owner = f"{index:016x}"
        document = {"connector_id": "payroll-sync", "owner": owner, "fingerprint": None,
                    "saved_at": 1.0, "base": None, "data": data}  # fmt: skip
        (directory / f"payroll-sync.{owner}.json").write_text(json.dumps(document))
    assert read_drafts(workspace) == []


# -- text typed and not applied yet: a form still open, the OAuth tab ----------------------


async def test_the_webhook_form_comes_back_with_what_was_typed_in_it(workspace, write_connector):
    # GIVEN the webhook form with a description and a URL typed, not applied
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f8", "n")
        await pilot.press(*"Dossier", "tab", *"https://hooks.example.com/afas")
        # WHEN the session ends (the signal handler writes what is held)
        app.write_held_drafts()
    [draft] = read_drafts(workspace)
    assert draft.typed == {
        "webhook_form": {
            "webhook-description": "Dossier",
            "webhook-url": "https://hooks.example.com/afas",
        }
    }
    # THEN the next session opens the form again with that text in it
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # Restore
        await until(pilot, lambda: app.screen.query("#webhook-url"))
        assert app.screen.query_one("#webhook-url", Input).value == (
            "https://hooks.example.com/afas"
        )
        assert "Dossier" in await shown(pilot)
        # AND Escape asks before it throws the recovered text away
        await pilot.press("escape")
        assert "Discard what you typed?" in await shown(pilot)


async def test_an_ip_form_editing_a_line_comes_back_on_that_line(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        # GIVEN the second line being edited: 203.0.113.7 becomes 203.0.113.8
        await pilot.press("enter", "f6", "down", "e", "ctrl+u", *"203.0.113.8")
        app.write_held_drafts()
    [draft] = read_drafts(workspace)
    assert draft.typed == {"ip_form": {"index": "1", "ip-address": "203.0.113.8"}}
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query("#ip-address"))
        assert "Edit IP restriction" in await shown(pilot)
        await pilot.press("enter")  # OK: the edited line replaces the second one
        text = await shown(pilot)
        assert "203.0.113.8" in text and "203.0.113.7" not in text


async def test_oauth_fields_typed_and_not_applied_come_back(workspace, write_connector):
    write_connector(PAYROLL_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f7")
        app.screen.query_one("#oauth-redirect-new").focus()
        await pilot.press(*"https://payroll.example.com/cb")
        app.write_held_drafts()
    [draft] = read_drafts(workspace)
    assert draft.typed["oauth"]["redirect_url"] == "https://payroll.example.com/cb"
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PropertiesScreen))
        screen = app.screen
        assert screen.query_one("#oauth-redirect-new", Input).value == (
            "https://payroll.example.com/cb"
        )
        # AND OK still says it is not applied, as before the session ended
        await pilot.press("ctrl+s")
        assert "a redirect URL typed but not applied" in await toasts(pilot)


def test_typed_text_a_draft_cannot_hold_is_left_out_and_a_foreign_place_refused(workspace):
    # Text a field may not hold is left out when the draft is made...
    assert kept_typing({"ip_form": {"ip-address": "10.0.0.1\x1b[2J", "ip-mask": "/8"}}) == {
        "ip_form": {"ip-mask": "/8"}
    }
    assert kept_typing({"oauth": {"jwks_url": "  "}}) == {}
    # ...and a draft file that holds it anyway, or a place of its own, is never offered
    write_draft(workspace, Draft("payroll-sync", {"notes": "x"}, None, time.time()))
    [path] = drafts.drafts_directory(workspace).iterdir()
    document = json.loads(path.read_text(encoding="utf-8"))
    for typed in (
        {"elsewhere": {"x": "y"}},
        {"ip_form": {"ip-address": "1\x07"}},
        {"ip_form": {"Not A Field": "x"}},
        {"ip_form": "10.0.0.1"},
    ):
        path.write_text(json.dumps({**document, "typed": typed}), encoding="utf-8")
        assert read_drafts(workspace) == [], typed
    path.write_text(json.dumps({**document, "typed": {"oauth": {"key_id": "k"}}}))
    assert [draft.typed for draft in read_drafts(workspace)] == [{"oauth": {"key_id": "k"}}]
