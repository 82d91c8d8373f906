"""Dropped SSH sessions lose nothing: drafts, signals, restore at the next start."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

from acwizard.app import AcWizardApp
from acwizard.drafts import Draft, draft_path, read_drafts, write_draft
from acwizard.screens.properties import PropertiesScreen
from acwizard.store import fingerprint
from conftest import PAYROLL, shown

SIZE = (80, 24)


class Terminal:
    """acwizard running on a real pseudo-terminal, as over SSH."""

    def __init__(self, workspace: Path) -> None:
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover - the child
            os.execve(
                sys.executable, [sys.executable, "-m", "acwizard", "-w", str(workspace)], env
            )
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

    def end(self, signal_number: int) -> int:
        """Send a signal and return the exit status."""
        os.kill(self.pid, signal_number)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            self.read(0.1)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return status
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError("acwizard did not exit")


@pytest.mark.parametrize("signal_number", [signal.SIGHUP, signal.SIGTERM, signal.SIGKILL])
def test_a_session_cut_off_mid_edit_keeps_a_draft(workspace, write_connector, signal_number):
    # GIVEN an admin editing a description over SSH
    path = write_connector(PAYROLL)
    terminal = Terminal(workspace)
    terminal.wait_for(b"Payroll Sync")
    terminal.type(b"\r")  # open the connector
    terminal.wait_for(b"Choose")
    terminal.type(b"\t")  # from the tab bar, where the screen opens, to Description
    terminal.type(b"\x05 Renamed", wait=1.5)  # ctrl+e (end of field), then type
    # WHEN the session is cut off
    status = terminal.end(signal_number)
    # THEN the file is untouched and the draft holds what was typed
    assert path.read_text(encoding="utf-8") == PAYROLL
    [draft] = read_drafts(workspace)
    assert draft.connector_id == "payroll-sync"
    assert draft.data["description"] == "Payroll Sync Renamed"
    assert draft.fingerprint == fingerprint(PAYROLL)
    if signal_number != signal.SIGKILL:
        # AND the terminal was handed back: alternate screen left, cursor shown
        assert os.WIFEXITED(status)
        tail = terminal.output[-2000:]
        assert b"\x1b[?1049l" in tail
        assert b"\x1b[?25h" in tail


async def test_drafts_are_kept_while_editing_and_removed_on_save(workspace, write_connector):
    path = write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end", *" 2")
        await pilot.pause(0.8)
        assert draft_path(workspace, "payroll-sync").exists()
        await pilot.press("ctrl+s", "ctrl+s")
        await pilot.pause()
    assert not draft_path(workspace, "payroll-sync").exists()
    assert 'description = "Payroll Sync 2"' in path.read_text(encoding="utf-8")


async def test_discarding_changes_removes_the_draft(workspace, write_connector):
    write_connector(PAYROLL)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "tab", "end", *" 2")
        await pilot.pause(0.8)
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
    write_draft(
        workspace, Draft("payroll-sync", data, fingerprint(PAYROLL), time.time(), PAYROLL)
    )
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        await pilot.press("ctrl+s", "ctrl+s")
        text = await shown(pilot)
        assert "The file changed on disk" in text
        # yours was rebuilt on the file as it is now, so Overwrite keeps its blocked = false
        assert "-description = \"Payroll Sync\"" in text
        assert "+description = \"Payroll Sync 3\"" in text
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
    directory = workspace / ".acwizard" / "drafts"
    directory.mkdir(parents=True)
    (directory / "a.json").write_text("{not json", encoding="utf-8")
    (directory / "b.json").write_text('{"connector_id": "other", "data": {}, "saved_at": 1}')
    (directory / "c.json").write_bytes(b"\xff\xfe")
    assert read_drafts(workspace) == []
