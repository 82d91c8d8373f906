"""Nothing an admin saved is ever lost: kills mid-write, concurrent saves, hostile files."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from acwizard.cli import main
from acwizard.files.layout import connector_files
from acwizard.files.reading import fingerprint
from acwizard.files.saving import SaveConflict, create_connector_file, save_connector
from acwizard.model import AppConnector
from acwizard.workspace import Workspace

from conftest import PAYROLL

TIMED = pytest.mark.xdist_group("terminals")
"""Child processes killed at random moments or started on the same instant: under xdist on
one worker, one at a time, beside no other timed test (see test_recovery.py)."""

VERSION_A = "a = 1\n" + "# " + "A" * 4_000_000 + "\n"
VERSION_B = "b = 2\n" + "# " + "B" * 4_000_000 + "\n"

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from acwizard.files.writing import atomic_write
    target = Path(sys.argv[1])
    a, b = Path(sys.argv[2]).read_text(), Path(sys.argv[3]).read_text()
    print("ready", flush=True)
    while True:
        atomic_write(target, a)
        atomic_write(target, b)
    """
)


@TIMED
def test_a_writer_killed_at_any_moment_leaves_the_old_or_the_new_file(tmp_path):
    # GIVEN a file that a process rewrites over and over with two large versions
    target = tmp_path / "connectors" / "big.toml"
    target.parent.mkdir()
    target.write_text(VERSION_A)
    (tmp_path / "a").write_text(VERSION_A)
    (tmp_path / "b").write_text(VERSION_B)
    rng = random.Random(1234)
    for _ in range(40):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), str(tmp_path / "a"), str(tmp_path / "b")],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        # WHEN it is killed at a random moment
        time.sleep(rng.uniform(0.0, 0.08))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        # THEN the file is whole: one version or the other, never a mix or a stump
        content = target.read_text()
        assert content in (VERSION_A, VERSION_B), f"partial file of {len(content)} bytes"
    # AND leftover temporary files are never taken for connectors
    assert [path.name for path in connector_files(tmp_path)] == ["big.toml"]


SLOW_SAVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import acwizard.files.saving as store
    from acwizard.model import AppConnector
    original = store.atomic_write
    def slow(*args, **kwargs):
        time.sleep(0.3)  # widen the gap between checking and writing
        return original(*args, **kwargs)
    store.atomic_write = slow
    path, expected, description = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    connector = AppConnector(description=description, user_group="Payroll Sync")
    while time.time() < float(sys.argv[4]):
        time.sleep(0.001)
    try:
        store.save_connector(path, connector, expected)
    except store.SaveConflict:
        print("conflict")
    else:
        print("saved")
    """
)


@TIMED
def test_two_processes_saving_at_once_never_lose_an_update(write_connector):
    # GIVEN two admins who loaded the same file
    path = write_connector(PAYROLL)
    expected = fingerprint(PAYROLL)
    start = str(time.time() + 1.0)
    # WHEN both save a different change at the same moment
    savers = [
        subprocess.Popen(
            [sys.executable, "-c", SLOW_SAVER, str(path), expected, name, start],
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("Payroll Sync A", "Payroll Sync B")
    ]
    results = [saver.communicate(timeout=30)[0].strip() for saver in savers]
    # THEN exactly one is written and the other is told the file changed
    assert sorted(results) == ["conflict", "saved"]
    winner = ("Payroll Sync A", "Payroll Sync B")[results.index("saved")]
    assert f'description = "{winner}"\n' in path.read_text(encoding="utf-8")


CREATOR = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from acwizard.model import AppConnector
    from acwizard.files.saving import create_connector_file
    connector = AppConnector(description="Payroll Sync", user_group="Payroll Sync")
    while time.time() < float(sys.argv[2]):
        time.sleep(0.0005)
    print(create_connector_file(Path(sys.argv[1]), connector).name)
    """
)


@TIMED
def test_connectors_created_at_once_never_share_a_file(workspace):
    start = str(time.time() + 1.0)
    creators = [
        subprocess.Popen(
            [sys.executable, "-c", CREATOR, str(workspace), start],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    names = sorted(creator.communicate(timeout=30)[0].strip() for creator in creators)
    assert names == [
        "payroll-sync-2.toml",
        "payroll-sync-3.toml",
        "payroll-sync-4.toml",
        "payroll-sync.toml",
    ]


def test_the_lock_lives_in_a_directory_git_ignores(workspace):
    create_connector_file(workspace, AppConnector(description="X", user_group="Payroll Sync"))
    assert (workspace / ".acwizard" / "lock").exists()
    assert (workspace / ".acwizard" / ".gitignore").read_text().splitlines()[-1] == "*"


@pytest.mark.parametrize("link", [".acwizard", ".acwizard/lock", ".acwizard/.gitignore"])
@pytest.mark.parametrize("verb", ["create", "save"])
def test_acwizard_never_writes_through_a_link_under_its_state_directory(
    workspace, write_connector, tmp_path_factory, link, verb
):
    # GIVEN a repository whose .acwizard (or a file in it) is a link to somewhere else
    path = write_connector(PAYROLL)
    outside = tmp_path_factory.mktemp("outside")
    if link == ".acwizard":
        (workspace / ".acwizard").symlink_to(outside, target_is_directory=True)
    else:
        (workspace / ".acwizard").mkdir()
        (workspace / link).symlink_to(outside / "target")  # dangling: O_CREAT would make it
    # WHEN acwizard would take the lock to write a connector
    connector = AppConnector(description="New One", user_group="Payroll Sync")
    with pytest.raises(OSError, match="is a symbolic link; acwizard does not write through links"):
        if verb == "create":
            create_connector_file(workspace, connector)
        else:
            save_connector(path, connector, fingerprint(PAYROLL))
    # THEN nothing was created at the link's target, and no connector was written
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in (workspace / "connectors").iterdir()) == ["payroll-sync.toml"]
    assert path.read_text(encoding="utf-8") == PAYROLL


def test_a_refused_link_is_said_by_fmt_and_nothing_is_written(workspace, write_connector, capsys):
    unsorted = PAYROLL.replace(
        '    "Profit_Employees",\n', '    "Profit_Employees",\n    "Profit_Debtor",\n'
    )
    path = write_connector(unsorted)
    outside = workspace.parent / f"{workspace.name}-outside"
    outside.mkdir()
    (workspace / ".acwizard").symlink_to(outside, target_is_directory=True)
    assert main(["-w", str(workspace), "fmt"]) != 0
    assert ".acwizard is a symbolic link; acwizard does not write through links" in (
        capsys.readouterr().err
    )
    assert list(outside.iterdir()) == []
    assert path.read_text(encoding="utf-8") == unsorted


def test_fmt_never_overwrites_a_file_changed_after_it_was_read(
    write_connector, workspace, monkeypatch, capsys
):
    unsorted = PAYROLL.replace(
        '    "Profit_Employees",\n', '    "Profit_Employees",\n    "Profit_Debtor",\n'
    )
    path = write_connector(unsorted)
    hand_edit = unsorted.replace("blocked = true", "blocked = false")
    original_load = Workspace.load

    def load_then_someone_edits(self, target, raw=None):
        loaded = original_load(self, target, raw)
        target.write_text(hand_edit, encoding="utf-8")
        return loaded

    monkeypatch.setattr(Workspace, "load", load_then_someone_edits)
    assert main(["-w", str(workspace), "fmt"]) == 1
    assert "changed on disk since it was loaded" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == hand_edit


def test_a_save_into_a_read_only_directory_leaves_everything_as_it_was(
    write_connector, monkeypatch
):
    path = write_connector(PAYROLL)
    connector = AppConnector.model_validate(
        {**Workspace.open(path.parent.parent).load(path).connector.model_dump(), "blocked": False}
    )

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        save_connector(path, connector, fingerprint(PAYROLL))
    assert path.read_text(encoding="utf-8") == PAYROLL
    assert sorted(os.listdir(path.parent)) == ["payroll-sync.toml"]


def test_a_conflict_is_reported_when_the_file_was_deleted_meanwhile(write_connector):
    path = write_connector(PAYROLL)
    connector = Workspace.open(path.parent.parent).load(path).connector
    path.unlink()
    with pytest.raises(SaveConflict):
        save_connector(path, connector.model_copy(update={"notes": "x"}), fingerprint(PAYROLL))
    assert not path.exists()


def test_leftover_temporary_files_are_ignored_by_validate_list_and_fmt(
    write_connector, workspace, capsys
):
    write_connector(PAYROLL)
    leftover = workspace / "connectors" / ".payroll-sync.toml.acwizard-tmp-0badf00d"
    leftover.write_text("half a fi", encoding="utf-8")
    assert main(["-w", str(workspace), "validate"]) == 0
    assert main(["-w", str(workspace), "fmt", "--check"]) == 0
    assert main(["-w", str(workspace), "list", "--json"]) == 0
    assert ".acwizard-tmp-" not in capsys.readouterr().out
    assert leftover.read_text(encoding="utf-8") == "half a fi"


def test_an_unreadable_connectors_directory_is_reported(workspace, monkeypatch, capsys):
    real_listdir = os.listdir

    def refuse(path):
        if Path(path).name == "connectors":
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", refuse)
    assert main(["-w", str(workspace), "validate"]) == 1
    out = capsys.readouterr().out
    assert out.endswith("connectors:1: error: cannot be read: Permission denied\n")
