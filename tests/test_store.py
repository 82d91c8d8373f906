"""Reading and writing connector files: canonical form, ids, safe saves."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from acwizard.files.ids import slugify
from acwizard.files.layout import connector_files
from acwizard.files.reading import fingerprint
from acwizard.files.saving import (
    SaveConflict,
    create_connector_file,
    dump_connector,
    save_connector,
)
from acwizard.files.writing import atomic_write
from acwizard.model import AppConnector, IpRestriction
from acwizard.workspace import Workspace

from conftest import DEMO, PAYROLL


def test_the_specified_example_is_written_byte_for_byte():
    connector = AppConnector(
        description="Payroll Sync",
        user_group="Payroll Sync",
        get_connectors=["Profit_Employees"],
        update_connectors=["HrCompMut"],
        connectors=["AppConnectorSubject"],
        ip_restrictions=[
            IpRestriction(address="203.0.113.7", access="allowed"),
            IpRestriction(address="192.168.10.0", subnet_mask="255.255.255.0", access="allowed"),
        ],
    )
    assert dump_connector(connector) == PAYROLL


def test_canonical_form_sorts_lists_and_ip_lines_and_trims_text():
    connector = AppConnector.model_validate(
        {
            "schema_version": 1,
            "description": "  BI Export ",
            "user_group": "BI Export",
            "blocked": False,
            "notes": "Owner: data team, RFC-88",
            "get_connectors": ["b_second", "A_first", "a_third"],
            "ip_restrictions": [
                {"address": "10.0.0.0", "subnet_mask": "255.255.0.0", "access": "disallowed"},
                {"address": "10.0.0.0", "subnet_mask": "255.0.0.0", "access": "disallowed"},
                {"address": "9.9.9.9", "access": "disallowed"},
            ],
        }
    )
    assert dump_connector(connector) == (
        "schema_version = 1\n"
        'description = "BI Export"\n'
        'user_group = "BI Export"\n'
        "blocked = false\n"
        'notes = "Owner: data team, RFC-88"\n'
        "get_connectors = [\n"
        '    "A_first",\n'
        '    "a_third",\n'
        '    "b_second",\n'
        "]\n"
        "update_connectors = []\n"
        "connectors = []\n"
        "ip_restrictions = [\n"
        '    { address = "9.9.9.9", access = "disallowed" },\n'
        '    { address = "10.0.0.0", subnet_mask = "255.0.0.0", access = "disallowed" },\n'
        '    { address = "10.0.0.0", subnet_mask = "255.255.0.0", access = "disallowed" },\n'
        "]\n"
    )


def test_every_demo_connector_round_trips_to_identical_bytes():
    workspace = Workspace.open(DEMO)
    files = workspace.load_all()
    assert len(files) >= 5
    for loaded in files:
        assert loaded.connector is not None, loaded.problems
        assert loaded.canonical_text == loaded.text, loaded.path
        assert dump_connector(AppConnector.model_validate(loaded.connector.model_dump())) == (
            loaded.text
        )


@pytest.mark.parametrize(
    ("description", "slug"),
    [
        ("Payroll Sync", "payroll-sync"),
        ("  HelloID -- Provisioning!! ", "helloid-provisioning"),
        ("Café Ærø Zürich", "cafe-r-zurich"),
        ("../../etc/passwd", "etc-passwd"),
        ("/absolute/path", "absolute-path"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("CON", "con-connector"),
        ("lpt1", "lpt1-connector"),
        ("日本語", "connector"),
        ("", "connector"),
        ("x" * 300, "x" * 48),
        ("a" * 47 + " b", "a" * 47),
    ],
)
def test_slugs_are_safe_file_names(description, slug):
    assert slugify(description) == slug


def test_new_connectors_get_unique_ids_and_never_replace_a_file(workspace):
    first = AppConnector(description="Payroll Sync", user_group="Payroll Sync")
    second = AppConnector(description="payroll  sync!", user_group="Payroll Sync")
    path_one = create_connector_file(workspace, first)
    path_two = create_connector_file(workspace, second)
    assert (path_one.name, path_two.name) == ("payroll-sync.toml", "payroll-sync-2.toml")
    assert path_one.read_text(encoding="utf-8") == dump_connector(first)
    assert path_two.read_text(encoding="utf-8") == dump_connector(second)


def test_save_writes_nothing_when_nothing_changed(write_connector):
    path = write_connector(PAYROLL)
    before = path.stat().st_mtime_ns
    connector = Workspace.open(path.parent.parent).load(path).connector
    assert save_connector(path, connector, fingerprint(PAYROLL)) is False
    assert path.stat().st_mtime_ns == before


def test_save_refuses_to_overwrite_a_file_changed_on_disk(write_connector):
    path = write_connector(PAYROLL)
    loaded = Workspace.open(path.parent.parent).load(path)
    hand_edit = PAYROLL.replace("blocked = true", "blocked = false")
    path.write_text(hand_edit, encoding="utf-8")
    changed = loaded.connector.model_copy(update={"description": "Payroll"})
    with pytest.raises(SaveConflict):
        save_connector(path, changed, loaded.fingerprint)
    assert path.read_text(encoding="utf-8") == hand_edit


def test_save_keeps_the_file_mode_and_leaves_no_temporary_file(write_connector):
    path = write_connector(PAYROLL)
    os.chmod(path, 0o640)
    loaded = Workspace.open(path.parent.parent).load(path)
    changed = loaded.connector.model_copy(update={"blocked": False})
    assert save_connector(path, changed, loaded.fingerprint) is True
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "blocked = false\n" in path.read_text(encoding="utf-8")
    assert sorted(os.listdir(path.parent)) == ["payroll-sync.toml"]


def test_atomic_write_create_only_fails_on_an_existing_file(tmp_path):
    target = tmp_path / "x.toml"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(FileExistsError):
        atomic_write(target, "new", create_only=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["x.toml"]


def test_hidden_and_temporary_files_are_not_connectors(workspace):
    directory = workspace / "connectors"
    (directory / "a.toml").write_text(PAYROLL, encoding="utf-8")
    (directory / ".a.toml.acwizard-tmp-1234abcd").write_text("half", encoding="utf-8")
    (directory / ".hidden.toml").write_text("x", encoding="utf-8")
    (directory / "README.md").write_text("x", encoding="utf-8")
    assert [path.name for path in connector_files(workspace)] == ["a.toml"]


def test_a_missing_connectors_directory_is_an_empty_workspace(tmp_path: Path):
    assert Workspace.open(tmp_path).load_all() == []


def test_the_first_paint_reads_files_without_validating_and_never_raises(workspace):
    from acwizard.workspace import quick_rows

    directory = workspace / "connectors"
    (directory / "payroll-sync.toml").write_text(PAYROLL, encoding="utf-8")
    (directory / "broken.toml").write_bytes(b"\xff\x00 not toml")
    (directory / "odd.toml").write_text('description = 3\nblocked = "yes"\nip_restrictions = [1]\n')
    rows = {row.id: row for row in quick_rows(sorted(directory.glob("*.toml")))}
    assert rows["payroll-sync"].description == "Payroll Sync"
    assert rows["payroll-sync"].counts == (1, 1, 1)
    assert (rows["payroll-sync"].ip_lines, rows["payroll-sync"].ip_access) == (2, "allowed")
    assert rows["broken"].description == "broken.toml"
    assert (rows["odd"].description, rows["odd"].blocked, rows["odd"].ip_access) == (
        "odd.toml",
        None,
        "",
    )


def test_starting_the_tui_does_not_load_pydantic_before_the_first_paint():
    import subprocess
    import sys

    code = (
        "import sys, acwizard.cli, acwizard.app, acwizard.screens.connector_list\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_save_removes_the_stale_temporary_files_of_a_killed_writer(workspace, tmp_path):
    from acwizard.files.saving import delete_connector
    from acwizard.files.writing import STALE_TEMPORARY_SECONDS

    directory = workspace / "connectors"
    path = directory / "payroll-sync.toml"
    path.write_text(PAYROLL, encoding="utf-8")
    hour_ago = os.stat(path).st_mtime - 2 * STALE_TEMPORARY_SECONDS
    stale = directory / ".payroll-sync.toml.acwizard-tmp-1a2b3c4d"
    fresh = directory / ".other.toml.acwizard-tmp-99aa00ff"  # a writer in progress
    unlike = directory / ".payroll-sync.toml.acwizard-tmp-1a2b3c4d.bak"  # not our exact name
    outside = tmp_path / "precious.txt"
    link = directory / ".linked.toml.acwizard-tmp-0000beef"
    folder = directory / ".folder.toml.acwizard-tmp-0000cafe"
    for each in (stale, fresh, unlike, outside):
        each.write_text("half a file", encoding="utf-8")
    link.symlink_to(outside)
    folder.mkdir()
    for each in (stale, unlike, outside, folder):
        os.utime(each, (hour_ago, hour_ago))
    os.utime(link, (hour_ago, hour_ago), follow_symlinks=False)
    loaded = Workspace.open(workspace).load(path)
    changed = loaded.connector.model_copy(update={"notes": "RFC-1"})
    assert save_connector(path, changed, loaded.fingerprint)
    left = sorted(name for name in os.listdir(directory) if name.startswith("."))
    assert left == sorted([fresh.name, unlike.name, link.name, folder.name])
    assert link.is_symlink() and outside.read_text(encoding="utf-8") == "half a file"
    # Deleting and creating take the lock too, and clean up as they go.
    fresh_stale = directory / ".new.toml.acwizard-tmp-abcdef01"
    fresh_stale.write_text("half", encoding="utf-8")
    os.utime(fresh_stale, (hour_ago, hour_ago))
    delete_connector(path, Workspace.open(workspace).load(path).fingerprint)
    assert not fresh_stale.exists() and fresh.exists()
    os.utime(fresh, (hour_ago, hour_ago))
    create_connector_file(workspace, changed)
    assert not fresh.exists()


def test_a_cleanup_that_cannot_read_the_directory_does_not_stop_the_save(workspace, monkeypatch):
    from acwizard.files import writing

    path = workspace / "connectors" / "payroll-sync.toml"

    def unreadable(directory: object) -> None:
        raise PermissionError(13, "Permission denied", str(directory))

    monkeypatch.setattr(writing.os, "scandir", unreadable)
    connector = AppConnector.model_validate_json('{"description": "A", "user_group": "B"}')
    assert save_connector(path, connector, None)
    assert path.exists()


def test_a_description_clash_is_judged_on_the_files_as_last_loaded(workspace, write_connector):
    # The index of other descriptions is kept between keys typed, and made again when
    # the files are loaded again or another connector is edited.
    write_connector(PAYROLL, "payroll-sync.toml")
    ws = Workspace.open(workspace)
    ws.load_all()
    assert ws.description_clash("Expense App") is None
    assert "payroll-sync.toml" in (ws.description_clash("payroll sync") or "")
    assert ws.description_clash("payroll sync", editing="payroll-sync") is None
    write_connector(PAYROLL.replace("Payroll Sync", "Expense App", 1), "expense-app.toml")
    assert ws.description_clash("Expense App") is None  # not loaded yet
    ws.load_all()
    assert "expense-app.toml" in (ws.description_clash("expense app") or "")
    assert "payroll-sync.toml" in (ws.description_clash("payroll sync") or "")


def test_the_new_id_shown_while_typing_sees_files_added_since(workspace, write_connector):
    # The ids in use are listed again only when connectors/ changed: listing 5,000 files
    # for every key typed in the wizard cost 70 ms a key.
    ws = Workspace.open(workspace)
    assert ws.new_id("Payroll Sync") == "payroll-sync"
    write_connector(PAYROLL, "payroll-sync.toml")
    assert ws.new_id("Payroll Sync") == "payroll-sync-2"
    write_connector(PAYROLL, "Payroll-Sync-2.toml")  # another case: the same id
    assert ws.new_id("Payroll Sync") == "payroll-sync-3"
    (workspace / "connectors" / "payroll-sync.toml").unlink()
    assert ws.new_id("Payroll Sync") == "payroll-sync"


# -- acwizard's own files are written whole and repaired (issue 18, item 5) ------------------


@pytest.mark.parametrize(
    "damaged", [b"", b"# acwizard's lock: never com", b"lock\n", b"\x00\x00"], ids=repr
)
def test_a_damaged_state_gitignore_is_repaired_by_the_next_save(workspace, damaged):
    # GIVEN a .acwizard/.gitignore that a full disk or a killed process left empty or cut short
    state = workspace / ".acwizard"
    state.mkdir()
    (state / ".gitignore").write_bytes(damaged)
    # WHEN acwizard next takes its lock (any save)
    create_connector_file(workspace, AppConnector(description="A", user_group="A"))
    # THEN it ignores everything again
    assert (state / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_a_state_gitignore_someone_added_to_is_left_as_it_is(workspace):
    state = workspace / ".acwizard"
    state.mkdir()
    (state / ".gitignore").write_text("*\n# and my notes\n", encoding="utf-8")
    create_connector_file(workspace, AppConnector(description="A", user_group="A"))
    assert (state / ".gitignore").read_text(encoding="utf-8") == "*\n# and my notes\n"


def test_a_state_gitignore_is_never_left_half_written(workspace, monkeypatch):
    # GIVEN a disk that fills up while the .gitignore is written
    from acwizard.files import writing as store

    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "fdopen", lambda fd, *a, **k: FullDisk(real_fdopen(fd, "wb")))
    # WHEN a connector is created
    with pytest.raises(OSError, match="No space left"):
        create_connector_file(workspace, AppConnector(description="A", user_group="A"))
    # THEN there is no empty .gitignore (nor a temporary file) to stay that way
    assert sorted(os.listdir(workspace / ".acwizard")) == []
    monkeypatch.undo()
    create_connector_file(workspace, AppConnector(description="A", user_group="A"))
    assert (workspace / ".acwizard" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_temporaries_a_killed_writer_left_in_the_state_directory_go(workspace):
    import time

    state = workspace / ".acwizard"
    state.mkdir()
    stale = state / "..gitignore.acwizard-tmp-0123abcd"
    stale.write_text("# acwiz", encoding="utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    create_connector_file(workspace, AppConnector(description="A", user_group="A"))
    assert not stale.exists()


# -- the workspace lock (filelock since issue 19) ---------------------------------------------

HOLDER = """
import sys, time
from pathlib import Path
from acwizard.files.lock import workspace_lock
with workspace_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(30)
"""


def test_a_lock_another_process_holds_makes_a_writer_wait_then_say_so(workspace):
    import subprocess
    import sys

    from acwizard.files.lock import WorkspaceBusy, workspace_lock

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(workspace)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(WorkspaceBusy, match="another acwizard process has been writing"):
            with workspace_lock(workspace, timeout=0.3):
                pass
    finally:
        holder.kill()
        holder.wait()
    # Once it is gone the lock is free, and its file stays where it was (never deleted:
    # a third process could otherwise lock a new file while a second waits on the old one).
    with workspace_lock(workspace, timeout=0.3):
        assert (workspace / ".acwizard" / "lock").is_file()
    assert (workspace / ".acwizard" / "lock").is_file()
