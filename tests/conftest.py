"""Shared fixtures: small workspaces built on disk for each test."""

from __future__ import annotations

import asyncio
import inspect
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

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


SLOW_MODULES = frozenset({"test_bench_smoke.py", "test_bench_urls_plan.py"})
"""Modules that run benchmarks at a tiny size: whole processes, seconds each."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test `tui` (it drives the app: a coroutine test or a snapshot) or `slow`
    (real terminals, timed child processes, benchmarks), so that the fast unit layer runs
    alone with `-m "not tui and not slow"` (README, "Tests")."""
    for item in items:
        function = getattr(item, "obj", None)
        fixtures = getattr(item, "fixturenames", ())
        if inspect.iscoroutinefunction(function) or "snap_compare" in fixtures:
            item.add_marker(pytest.mark.tui)
        group = item.get_closest_marker("xdist_group")
        if item.path.name in SLOW_MODULES or (group is not None and "terminals" in group.args):
            item.add_marker(pytest.mark.slow)


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
def mixed(workspace: Path, write_connector: Callable[..., Path]) -> Path:
    """Valid, blocked, active, warned, duplicated, invalid and unparsable files."""
    write_connector(PAYROLL, "payroll-sync.toml")
    write_connector(PAYROLL.replace("Payroll Sync", "PAYROLL-SYNC!"), "payroll-again.toml")
    write_connector(
        PAYROLL.replace('"HrCompMut"', '"HrUnknown"').replace("Payroll Sync", "Warned"),
        "warned.toml",
    )
    write_connector(
        PAYROLL.replace("blocked = true", "blocked = false").replace("Payroll Sync", "Live"),
        "live.toml",
    )
    write_connector(PAYROLL.replace("blocked = true", "blocked = 1"), "invalid.toml")
    write_connector('schema_version = 1\ndescription = "Broken\n', "broken.toml")
    return workspace


@pytest.fixture
def three_kinds(workspace: Path, write_connector: Callable[..., Path]) -> Path:
    """A classic connector (a version 1 file: no key), a hybrid one and an OAuth one."""
    write_connector(PAYROLL.replace("Payroll Sync", "Old Payroll", 1), "old-payroll.toml")
    migrating = PAYROLL_V2.replace('authentication = "oauth"', 'authentication = "hybrid"')
    write_connector(migrating.replace("Payroll Sync", "Half Way", 1), "half-way.toml")
    write_connector(PAYROLL_V2.replace("Payroll Sync", "New Payroll", 1), "new-payroll.toml")
    return workspace


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
    monkeypatch.setattr("acwizard.cores.editor.clock_today", lambda: today)
    monkeypatch.setattr("acwizard.cores.listing.rows.clock_today", lambda: today)
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


SETTLE_LIMIT = 20.0
"""Seconds an app under test may stay busy before a Pilot wait fails: far more than any
step takes on a loaded CI machine, so only an app that never settles reaches it."""


def app_busy(app: Any) -> str | None:
    """What `app` still has to do now (a message queued or being handled, a callback, a
    refresh of the screen), or None when it has nothing left to do but wait for a timer.

    Reads Textual's own state (Textual is pinned exactly): every message pump of the app
    (its queue, and whether its task is back waiting on that queue: until then it is
    still handling a message), and the current screen's pending refresh and its
    after-refresh callbacks.
    """
    for pump in [app, *list(app._registry)]:
        if pump._closing or pump._closed:
            # Its queue keeps the end marker it will never take: busy while it runs down.
            if pump._task is not None and not pump._task.done():
                return f"{pump!r} is closing"
            continue
        queue = pump._message_queue
        if not queue.empty() or pump._next_callbacks:
            return f"{pump!r} has messages to handle"
        if pump._task is not None and not any(
            not waiter.done() for waiter in queue.ready_event._waiters
        ):
            return f"{pump!r} is handling a message"  # not back at its empty queue yet
    for worker in app.workers:  # the connector list reads its files in one
        if worker.state.name in ("PENDING", "RUNNING"):
            return f"{worker!r} is working"
    if not app.screen_stack:
        return None
    screen = app.screen
    if screen._callbacks:
        return f"{screen!r} has callbacks waiting for its refresh"
    dirty = (
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
    )
    if dirty and not app._batch_count:
        return f"{screen!r} waits for its refresh"
    return None


async def settle(app: Any, limit: float = SETTLE_LIMIT) -> None:
    """Wait until `app` has handled everything sent to it so far; fail after `limit` seconds.

    Pilot's own wait (`textual._wait.wait_for_idle`) takes the process for idle when it
    used little CPU time in the last 20 ms. On a loaded machine (CI: 2 CPUs, 4 workers)
    the process is often not running at all for 20 ms, so that wait returned while the
    app still had messages queued, and the test read the screen before, say, the footer
    had drawn its keys. This waits for the app's own state instead: no message, callback
    or refresh left, seen twice in a row across a turn of the event loop.
    """
    if not app.is_running or app._exit:
        return
    deadline = time.monotonic() + limit
    quiet = 0
    while quiet < 2:
        # A turn of the event loop to see it stay quiet; a few ms to let it work (each
        # look goes through every widget, so looking all the time would slow it down).
        await asyncio.sleep(0 if quiet else 0.005)
        busy = app_busy(app) if app.is_running and not app._exit else None
        if busy is None:
            quiet += 1
            continue
        quiet = 0
        if time.monotonic() > deadline:
            raise AssertionError(f"the app was still busy after {limit} s: {busy}")


@pytest.fixture(autouse=True)
def settled_pilot(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Pilot key press and `pilot.pause()` waits until the app has handled it (`settle`).

    Pilot waits with `wait_for_idle` after each key and in `pause()`; this runs it as
    before and then waits for the app itself, so a test reads the screen only once the
    app is done, however loaded the machine is. `pause(delay)` still sleeps as asked.
    """
    import textual.app
    import textual.pilot
    from textual._context import active_app
    from textual._wait import SLEEP_GRANULARITY, wait_for_idle

    async def wait_until_settled(
        min_sleep: float = SLEEP_GRANULARITY, max_sleep: float = 1
    ) -> None:
        await wait_for_idle(min_sleep, max_sleep)
        try:
            app = active_app.get()
        except LookupError:  # no app in this task: nothing to wait for
            return
        await settle(app)

    monkeypatch.setattr(textual.pilot, "wait_for_idle", wait_until_settled)
    monkeypatch.setattr(textual.app, "wait_for_idle", wait_until_settled)


@pytest.fixture(autouse=True)
def starved_pilot(monkeypatch: pytest.MonkeyPatch) -> None:
    """With STARVED_PILOT=1 in the environment, Pilot's idle guess always says idle.

    That is what a loaded CI machine does to it now and then (the process got no CPU
    while Pilot slept): run the suite so to find every test that reads the screen
    before the app is done; `settle` must make them all pass.
    """
    if os.environ.get("STARVED_PILOT") == "1":
        import textual._wait

        monkeypatch.setattr(textual._wait, "process_time", lambda: 0.0)


async def until(pilot: Any, condition: Callable[[], object], limit: float = SETTLE_LIMIT) -> None:
    """Let the app run until `condition()` holds; fail when it still does not after `limit`
    seconds. For what a timer does (a draft written, files checked), never a fixed sleep:
    a sleep long enough on a quiet machine is too short on a loaded one."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not so after {limit} s: {condition.__doc__ or condition}")
        await pilot.pause(0.02)
    await pilot.pause()


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

    The list paints what it read first and validates in a worker; a test that reads
    statuses such as INVALID without pressing a key must wait for that, not for a
    lucky timing.
    """
    from acwizard.screens.connector_list import ConnectorListScreen

    def checked() -> bool:
        """the connector list has validated its files"""
        lists = [screen for screen in app.screen_stack if isinstance(screen, ConnectorListScreen)]
        return bool(lists) and lists[0].checked

    app = pilot.app  # type: ignore[attr-defined]
    await until(pilot, checked)


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
