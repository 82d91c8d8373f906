"""Shared fixtures: small workspaces built on disk for each test."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "data"

PAYROLL = """\
schema_version = 1
description = "Payroll Sync"
user_group = "Payroll Sync"
blocked = true
get_connectors = [
    "Profit_Employees",
]
update_connectors = [
    "HrCompMut",
]
connectors = [
    "AppConnectorSubject",
]
ip_restrictions = [
    { address = "192.168.10.0", subnet_mask = "255.255.255.0", access = "allowed" },
    { address = "203.0.113.7", access = "allowed" },
]
"""
"""The example from the format's specification, in canonical form."""

PAYROLL_AS_V2 = """\
schema_version = 2
description = "Payroll Sync"
user_group = "Payroll Sync"
blocked = true
authentication = "classic"
get_connectors = [
    "Profit_Employees",
]
update_connectors = [
    "HrCompMut",
]
connectors = [
    "AppConnectorSubject",
]
ip_restrictions = [
    { address = "192.168.10.0/24", access = "allowed" },
    { address = "203.0.113.7", access = "allowed" },
]
"""
"""PAYROLL as the TUI saves it: version 2, same meaning (classic token, ranges in CIDR)."""

PAYROLL_V2 = """\
schema_version = 2
description = "Payroll Sync"
user_group = "Payroll Sync"
blocked = false
authentication = "oauth"
notes = "Owner: HR systems. RFC-2291."
get_connectors = [
    "Profit_Employees",
]
update_connectors = [
    "HrCompMut",
]
connectors = []
ip_restrictions = [
    { address = "192.168.10.0/24", access = "allowed" },
    { address = "203.0.113.7", access = "allowed" },
    { address = "2001:db8:10::/48", access = "allowed" },
]

[oauth]
client_type = "confidential"
flows = [
    "client_credentials",
]
client_authentication = "private_key_jwt"
redirect_urls = []
jwks_url = "https://payroll.example.com/.well-known/jwks.json"
certificates = [
    { key_id = "payroll-2026", not_after = 2027-06-30 },
]
dpop = false

[[webhooks]]
description = "Dossier changes"
url = "https://hooks.example.com/afas"
blocked = false
"""
"""The example of issue 13 (schema_version 2: OAuth, CIDR, IPv6, a webhook), canonical."""

TEST_CATALOG = """\
[get_connectors]
Profit_Employees = "Employees"
Profit_Debtor = "Debtors"

[user_groups]
"Payroll Sync" = "System users of the payroll synchronisation"
"BI Export" = "BI"
"""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` (pyproject's addopts) starts two workers per CPU, not one.

    Pilot tests sleep at least 40 ms per key press while the app is idle, and terminal
    tests wait on child processes, so one worker per CPU left the CPUs idle nearly half
    the time (2 CPUs: 221 s of CPU in 204 s; two per CPU: 134 s). The terminal tests
    still run one at a time (xdist_group "terminals"). PYTEST_XDIST_AUTO_NUM_WORKERS
    still decides when set.
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    affinity = getattr(os, "sched_getaffinity", None)  # Linux: the CPUs this may use
    return 2 * (len(affinity(0)) if affinity else os.cpu_count() or 1)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace with a small catalog, AFAS Online."""
    (tmp_path / "connectors").mkdir()
    (tmp_path / "catalog.toml").write_text(TEST_CATALOG, encoding="utf-8")
    (tmp_path / "acwizard.toml").write_text('environment = "T12345AA"\n', encoding="utf-8")
    return tmp_path


@pytest.fixture
def write_connector(workspace: Path) -> Callable[..., Path]:
    """Write a connector file into the workspace and return its path."""

    def write(text: str | bytes, name: str = "payroll-sync.toml") -> Path:
        path = workspace / "connectors" / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the demo workspace."""
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test its own `acwizard validate` cache, never the user's (child processes too)."""
    directory = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(directory))
    return directory / "acwizard"


@pytest.fixture(autouse=True)
def private_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test its own state directory (recovery drafts), never the user's (child processes
    too)."""
    directory = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(directory))
    return directory / "acwizard"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """The TUI's review dated 2026-11-24 (the classic-token notice period): screens that
    show days left stay the same from day to day. Tests of other dates pass their own."""
    today = date(2026, 11, 24)
    monkeypatch.setattr("acwizard.editor.clock_today", lambda: today)
    return today


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop text cursors from blinking, so screenshots do not depend on timing."""
    from textual.widgets import Input

    original = Input._on_mount

    def on_mount(self: Input, event: object) -> None:
        self.cursor_blink = False
        original(self, event)  # type: ignore[arg-type]

    monkeypatch.setattr(Input, "_on_mount", on_mount)


@pytest.fixture(autouse=True)
def no_animations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps in tests start with Textual's animations off (`TEXTUAL_ANIMATIONS=none`).

    The only animation acwizard has is the tab underline sliding for 0.3 s; every Pilot
    key press and every screenshot waits for animations to end, so with them off the
    underline is drawn at once where it would have come to rest: the same screen, sooner.
    Processes started by tests (real terminals) keep the user's setting.
    """
    from textual import constants

    monkeypatch.setattr(constants, "TEXTUAL_ANIMATIONS", "none")


def screen_text(app: object) -> str:
    """What the terminal shows now, as plain text (the screenshot without colour)."""
    import io

    from rich.console import Console

    width, height = app.size  # type: ignore[attr-defined]
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    screen = app.screen  # type: ignore[attr-defined]
    console.print(
        screen._compositor.render_update(
            full=True,
            screen_stack=app._background_screens,  # type: ignore[attr-defined]
            simplify=True,
        )
    )
    return console.export_text()


async def shown(pilot: object) -> str:
    """The screen as text with white space and box borders folded away.

    Waits for pending messages first. Folding lets a sentence match even where
    a toast or a dialog wraps it over several lines.
    """
    await pilot.pause()  # type: ignore[attr-defined]
    text = screen_text(pilot.app)  # type: ignore[attr-defined]
    for border in "▌│":
        text = text.replace(border, " ")
    return " ".join(text.split())


async def toasts(pilot: object) -> str:
    """The text of the notifications on screen: what stands right of their `▌` edge."""
    await pilot.pause()  # type: ignore[attr-defined]
    lines = screen_text(pilot.app).splitlines()  # type: ignore[attr-defined]
    return " ".join(
        " ".join(line.split("▌", 1)[1].split()) for line in lines if "▌" in line
    ).strip()


async def list_checked(pilot: object) -> None:
    """Wait until the connector list has validated its files.

    The list paints what it read first and validates a moment later
    (`connector_list.CHECK_DELAY`); a test that reads statuses such as INVALID
    without pressing a key must wait for that, not for a lucky timing.
    """
    from acwizard.screens.connector_list import ConnectorListScreen

    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(250):
        lists = [screen for screen in app.screen_stack if isinstance(screen, ConnectorListScreen)]
        if lists and lists[0].checked:
            break
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


def git(repo: Path, *args: str, stdin: bytes | None = None) -> str:
    """Run git in `repo` and return what it printed."""
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        input=stdin,
        capture_output=True,
        check=True,
    ).stdout.decode()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding the demo workspace in `workspace/`, committed."""
    shutil.copytree(DEMO, tmp_path / "workspace")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "demo")
    return tmp_path / "workspace"
