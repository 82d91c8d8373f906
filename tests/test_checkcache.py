"""`acwizard validate` remembers results: the second run must say exactly what the first said.

The cache may only make validate faster. Every test compares what a user
sees (stdout, stderr, exit status) with and without remembered results, and
checks that whatever a result depends on (the file, the catalog, the
settings, acwizard itself) makes validate look again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from acwizard.checking import cache as cache_module
from acwizard.checking import cache as checkcache
from acwizard.checking import load as load_module
from acwizard.checking import parallel as parallel_module
from acwizard.cli import main

from conftest import PAYROLL

BROKEN_TOML = 'schema_version = 1\ndescription = "Broken\n'


def validate(
    capsys: pytest.CaptureFixture[str], *args: str, workspace: Path | None = None
) -> tuple[int, str, str]:
    """Run `acwizard [--workspace W] validate ARGS` in-process; (status, stdout, stderr)."""
    status = main([*(["--workspace", str(workspace)] if workspace else []), "validate", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def cache_files(cache_home: Path) -> list[Path]:
    """The cache files written so far."""
    return sorted(cache_home.glob("validate-*.json")) if cache_home.exists() else []


@pytest.fixture
def troubled(workspace: Path, write_connector) -> Path:
    """A workspace with an error, a warning, a syntax error, a duplicate and a bad name."""
    write_connector(PAYROLL.replace('"HrCompMut"', '"HrUnknown"'), "a.toml")
    write_connector(PAYROLL.replace("blocked = true", "blocked = 1"), "b.toml")
    write_connector(BROKEN_TOML, "c.toml")
    write_connector(PAYROLL, "d.toml")
    write_connector(PAYROLL.replace("Payroll Sync", "Other"), "Bad_Name.toml")
    return workspace


def test_a_second_run_says_exactly_what_the_first_said(
    capsys, monkeypatch, troubled, private_cache
):
    monkeypatch.chdir(troubled)
    first = validate(capsys)
    assert first[0] == 1
    assert "connectors/c.toml:2: error: invalid TOML" in first[1]
    assert "connectors/d.toml:2: warning: description: 'Payroll Sync' is also" in first[1]
    assert "Bad_Name.toml:1: error: file name" in first[1]
    assert len(cache_files(private_cache)) == 1
    assert validate(capsys) == first
    assert validate(capsys, "--no-cache") == first


def test_unchanged_files_are_not_validated_again(troubled, private_cache):
    """The proof of reuse: with every result remembered, pydantic is never imported."""
    code = (
        "import sys; from acwizard.cli import main; "
        f"status = main(['--workspace', {str(troubled)!r}, 'validate']); "
        "print('pydantic' in sys.modules, status)"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(private_cache.parent)}

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        return done.stdout.splitlines()[-1]

    assert run() == "True 1"  # first run: every file validated
    assert run() == "False 1"  # second run: nothing to validate, same verdict
    # One file changed (to another error, which only the model explains): validated again.
    # A plainly valid file would be checked without pydantic (acwizard.checking.fastpath).
    b = troubled / "connectors" / "b.toml"
    b.write_text(b.read_text().replace("blocked = 1", "blocked = 2"), encoding="utf-8")
    assert run() == "True 1"


def test_a_fixed_file_is_checked_again(capsys, monkeypatch, troubled):
    monkeypatch.chdir(troubled)
    _, before, _ = validate(capsys)
    assert "connectors/b.toml:4: error: blocked" in before
    (troubled / "connectors" / "b.toml").write_text(
        PAYROLL.replace('"Payroll Sync"\nuser', '"B"\nuser')
    )
    _, after, _ = validate(capsys)
    assert "b.toml" not in after
    assert "connectors/c.toml:2: error: invalid TOML" in after


def test_a_file_broken_after_a_clean_run_is_reported(
    capsys, monkeypatch, workspace, write_connector
):
    path = write_connector(PAYROLL)
    monkeypatch.chdir(workspace)
    assert validate(capsys)[0] == 0
    path.write_text(PAYROLL.replace("blocked = true", "blocked = 1"), encoding="utf-8")
    status, out, _ = validate(capsys)
    assert (status, out) == (
        1,
        "connectors/payroll-sync.toml:4: error: blocked: must be true or false (without quotes)\n",
    )


def test_a_catalog_change_is_seen(capsys, monkeypatch, troubled):
    monkeypatch.chdir(troubled)
    assert "'HrUnknown' is not in the catalog" in validate(capsys)[1]
    catalog = troubled / "catalog.toml"
    catalog.write_text(catalog.read_text() + '\n[update_connectors]\nHrUnknown = "Now known"\n')
    assert "HrUnknown" not in validate(capsys)[1]


def test_a_settings_change_is_seen(capsys, monkeypatch, workspace, write_connector):
    write_connector(PAYROLL)
    monkeypatch.chdir(workspace)
    assert validate(capsys)[0] == 0
    settings = workspace / "acwizard.toml"
    settings.write_text(settings.read_text() + "online = false\n")
    status, out, _ = validate(capsys)
    assert status == 1
    assert (
        "connectors/payroll-sync.toml:14: error: ip_restrictions: IP restrictions exist only" in out
    )


def test_results_from_other_rules_are_ignored(
    capsys, monkeypatch, workspace, write_connector, private_cache
):
    """A result remembered by another acwizard version (other rules) is never used."""
    path = write_connector(PAYROLL.replace("blocked = true", "blocked = 1"))
    monkeypatch.chdir(workspace)
    first = validate(capsys)
    assert first[0] == 1
    (cache,) = cache_files(private_cache)
    data = json.loads(cache.read_text())
    key = checkcache.ValidationCache.key(path, path.read_bytes())
    assert data["files"][key][1]  # the remembered problem
    data["files"][key] = [None, []]  # claim the file is fine...
    data["fingerprint"] = "written by another version"  # ...under other rules
    cache.write_text(json.dumps(data))
    assert validate(capsys) == first
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    assert validate(capsys) == first


def test_the_cache_is_never_in_the_workspace(capsys, troubled, private_cache):
    before = sorted(path for path in troubled.rglob("*"))
    validate(capsys, workspace=troubled)
    assert sorted(path for path in troubled.rglob("*")) == before
    assert cache_files(private_cache)


def test_a_damaged_cache_is_ignored_and_replaced(capsys, monkeypatch, troubled, private_cache):
    monkeypatch.chdir(troubled)
    first = validate(capsys)
    (cache,) = cache_files(private_cache)
    for damage in (b"\x00garbage", b"[]", b'{"format": 1, "fingerprint": 3, "files": 7}', b""):
        cache.write_bytes(damage)
        assert validate(capsys) == first
    assert json.loads(cache.read_text())["format"] == checkcache.CACHE_FORMAT


def test_an_unusable_cache_directory_changes_nothing(capsys, monkeypatch, troubled, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.chdir(troubled)
    first = validate(capsys, "--no-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert validate(capsys) == first
    assert validate(capsys) == first


def test_no_cache_writes_no_cache(capsys, monkeypatch, troubled, private_cache):
    monkeypatch.chdir(troubled)
    validate(capsys, "--no-cache")
    assert cache_files(private_cache) == []


def test_named_files_use_the_cache_too(capsys, monkeypatch, troubled, private_cache):
    monkeypatch.chdir(troubled)
    first = validate(capsys, "connectors/b.toml")
    assert first[0] == 1 and "connectors/b.toml:4: error" in first[1]
    assert len(cache_files(private_cache)) == 1
    assert validate(capsys, "connectors/b.toml") == first


def both_ways(capsys, **kwargs) -> tuple[int, str, str]:
    """validate with the cache and without; asserts they agree and returns the result."""
    cached = validate(capsys, **kwargs)
    assert validate(capsys, "--no-cache", **kwargs) == cached
    return cached


@pytest.mark.parametrize("replacement", ["directory", "link", "dangling link"])
def test_a_catalog_replaced_by_something_acwizard_refuses_is_seen(
    capsys, monkeypatch, troubled, replacement
):
    """A link to the same bytes or a directory where there was none: acwizard refuses both."""
    monkeypatch.chdir(troubled)
    catalog = troubled / "catalog.toml"
    if replacement == "link":
        assert both_ways(capsys)[0] == 1  # the catalog's bytes are remembered...
        catalog.rename(troubled / "real-catalog.toml")  # ...and a link to them replaces it
    else:
        catalog.rename(troubled / "real-catalog.toml")
        assert both_ways(capsys)[0] == 1  # no catalog at all: remembered as absent
    if replacement == "directory":
        catalog.mkdir()
    else:
        catalog.symlink_to("real-catalog.toml" if replacement == "link" else "gone.toml")
    status, out, _ = both_ways(capsys)
    assert status == 1
    assert "catalog.toml:1: error: is a" in out


def test_settings_replaced_by_a_link_are_seen(capsys, monkeypatch, workspace, write_connector):
    write_connector(PAYROLL)
    monkeypatch.chdir(workspace)
    settings = workspace / "acwizard.toml"
    settings.write_text(settings.read_text() + "online = false\n")
    assert "ip_restrictions: IP restrictions exist only" in both_ways(capsys)[1]
    settings.rename(workspace / "real.toml")
    settings.symlink_to("real.toml")  # refused: defaults (online) apply
    status, out, _ = both_ways(capsys)
    assert status == 1
    assert "ip_restrictions" not in out
    assert "acwizard.toml:1: error: is a symbolic link" in out


def test_catalog_problems_are_shown_where_the_catalog_is_now(
    capsys, monkeypatch, tmp_path, troubled
):
    catalog = troubled / "catalog.toml"
    catalog.write_text(catalog.read_text() + "\n[bogus]\n")
    monkeypatch.chdir(troubled.parent)
    there = validate(capsys, workspace=Path(troubled.name))[1]
    assert there.splitlines()[0].startswith(f"{troubled.name}/catalog.toml:")
    monkeypatch.chdir(troubled)
    _, out, _ = both_ways(capsys)
    assert out.splitlines()[0].startswith("catalog.toml:")


def test_names_that_are_not_utf8_are_checked(capsys, tmp_path, workspace):
    bad_root = tmp_path / "outer" / os.fsdecode(b"ws\xfe")
    (bad_root / "connectors").mkdir(parents=True)
    for name in ("catalog.toml", "acwizard.toml"):
        (bad_root / name).write_bytes((workspace / name).read_bytes())
    (bad_root / "connectors" / os.fsdecode(b"bad\xff.toml")).write_text(PAYROLL)
    status, out, _ = both_ways(capsys, workspace=bad_root)
    assert status == 1
    assert "is not a valid connector id" in out
    assert validate(capsys, workspace=bad_root) == (status, out, _)


def test_without_a_home_directory_validate_checks_everything(capsys, monkeypatch, troubled):
    monkeypatch.chdir(troubled)
    expected = validate(capsys, "--no-cache")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert validate(capsys) == expected
    assert validate(capsys, "connectors/b.toml")[0] == 1


@pytest.mark.parametrize(
    "source", ["model/format.py", "rules/ip.py", "checking/fastpath.py", "builtin_catalog.toml"]
)
def test_a_rule_changed_with_the_same_size_and_time_is_seen(
    monkeypatch, tmp_path, workspace, source
):
    """Some packagers reset every time stamp: acwizard's sources count by content, in every
    subpackage (a rule changed in the model package must not reuse old results)."""
    copy = tmp_path / "acwizard"
    shutil.copytree(cache_module.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    for path in copy.rglob("*"):
        os.utime(path, ns=(1, 1))
    monkeypatch.setattr(cache_module, "PACKAGE", copy)
    before = cache_module.rules_fingerprint(workspace)
    changed = copy / source
    data = changed.read_bytes()
    changed.write_bytes(data.replace(b"0", b"5", 1))  # same size
    os.utime(changed, ns=(1, 1))
    assert cache_module.rules_fingerprint(workspace) != before


def test_damaged_entries_are_checked_again(capsys, monkeypatch, troubled, private_cache):
    monkeypatch.chdir(troubled)
    first = validate(capsys)
    (cache,) = cache_files(private_cache)
    data = json.loads(cache.read_text())
    damages = [[5, []], [None, [["x", None, 3]]], [None, [[1, "fatal", "m"]]], [None, 7], "x"]
    for key, damage in zip(list(data["files"]), damages * 3, strict=False):  # as many as files
        data["files"][key] = damage
    data["catalog"] = [[3, 1, "error", "m"]]
    cache.write_text(json.dumps(data))
    assert validate(capsys) == first


def test_caches_of_workspaces_gone_for_two_months_are_removed(
    capsys, monkeypatch, troubled, private_cache
):
    private_cache.mkdir(parents=True)
    day = 24 * 60 * 60
    old, recent = private_cache / "validate-old.json", private_cache / "validate-recent.json"
    stale_temporary = private_cache / ".validate-x.json.acwizard-tmp-0123abcd"
    unrelated = private_cache / "notes.txt"
    for path in (old, recent, stale_temporary, unrelated):
        path.write_text("{}")
        os.utime(path, (0, time.time() - 61 * day))
    os.utime(recent, (0, time.time() - 59 * day))
    monkeypatch.chdir(troubled)
    validate(capsys)
    (written,) = [path.name for path in cache_files(private_cache) if path != recent]
    left = sorted(path.name for path in private_cache.iterdir())
    assert left == sorted(["notes.txt", "validate-recent.json", written])


def test_a_cache_in_use_is_not_taken_for_an_old_one(capsys, monkeypatch, troubled, private_cache):
    monkeypatch.chdir(troubled)
    validate(capsys)
    (cache,) = cache_files(private_cache)
    os.utime(cache, (0, time.time() - 61 * 24 * 60 * 60))
    validate(capsys)  # nothing changed, so nothing is written, but the cache was used
    assert time.time() - cache.stat().st_mtime < 60


def test_checking_in_two_processes_says_exactly_what_one_process_says(
    capsys, monkeypatch, workspace, write_connector, private_cache
):
    """Many files are split over a forked child and this process: same bytes, same order.

    Errors, warnings, duplicates (which depend on the order files are met), an
    unreadable entry and bad names are spread so that both processes get some.
    """
    for number in range(40):
        text = PAYROLL.replace("Payroll Sync", f"Payroll Sync {number % 13}")
        if number % 7 == 0:
            text = text.replace('"HrCompMut"', f'"HrUnknown{number}"')  # a warning
        if number % 9 == 0:
            text = text.replace("blocked = true", "blocked = 1")  # an error
        write_connector(BROKEN_TOML if number == 17 else text, f"c{number:02d}.toml")
    write_connector(PAYROLL.replace("Payroll Sync", "Other"), "Bad_Name.toml")
    (workspace / "connectors" / "dir.toml").mkdir()  # cannot be read as a file
    monkeypatch.chdir(workspace)
    forks: list[int] = []
    real_fork = os.fork

    def counted_fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted_fork)
    monkeypatch.setattr(parallel_module, "_cpus", lambda: 2)
    monkeypatch.setattr(parallel_module, "PARALLEL_MIN", 10**9)
    serial = validate(capsys, "--no-cache")
    assert forks == []
    monkeypatch.setattr(parallel_module, "PARALLEL_MIN", 2)
    parallel = validate(capsys, "--no-cache")
    assert len(forks) == 1  # the files really were split
    assert parallel == serial
    assert serial[0] == 1
    assert "c17.toml:2: error: invalid TOML" in serial[1]
    assert "is also the description of c01.toml" in serial[1]
    assert "'HrUnknown7'" in serial[1] and "Bad_Name.toml:1: error" in serial[1]
    assert "dir.toml" in serial[1]
    # Through the cache: results written by the split run are read back the same.
    assert validate(capsys) == serial
    assert validate(capsys) == serial


def split_serially_first(capsys, monkeypatch, workspace, write_connector) -> tuple[int, str, str]:
    """Ten files checked in one process (what is expected), then set to be split in two."""
    for number in range(10):
        write_connector(PAYROLL.replace("Payroll Sync", f"Sync {number}"), f"c{number}.toml")
    monkeypatch.chdir(workspace)
    expected = validate(capsys, "--no-cache")
    monkeypatch.setattr(parallel_module, "_cpus", lambda: 2)
    monkeypatch.setattr(parallel_module, "PARALLEL_MIN", 2)
    return expected


def test_a_failing_child_changes_nothing(capsys, monkeypatch, workspace, write_connector):
    """If the forked child cannot send its results, this process checks its share."""
    expected = split_serially_first(capsys, monkeypatch, workspace, write_connector)
    import pickle

    monkeypatch.setattr(pickle, "dumps", lambda *args, **kwargs: 1 / 0)
    assert validate(capsys, "--no-cache") == expected


def test_a_killed_child_changes_nothing(capsys, monkeypatch, workspace, write_connector):
    """If the forked child is killed mid-work (out of memory), this process checks its
    share: same output, no hang."""
    expected = split_serially_first(capsys, monkeypatch, workspace, write_connector)
    parent = os.getpid()
    real = load_module._read_and_check

    def killed_in_the_child(*args, **kwargs):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            os.kill(os.getpid(), 9)
        return real(*args, **kwargs)

    monkeypatch.setattr(load_module, "_read_and_check", killed_in_the_child)
    assert validate(capsys, "--no-cache") == expected


@pytest.mark.parametrize(
    "verb",
    [
        ["list"],
        ["list", "--json"],
        ["audit"],
        ["audit", "--format", "json"],
        ["audit", "--format", "markdown"],
    ],
)
def test_list_and_audit_in_two_processes_say_what_one_process_says(
    capsys, monkeypatch, workspace, write_connector, verb
):
    for number in range(30):
        text = PAYROLL.replace("Payroll Sync", f"Payroll Sync {number % 11}")
        if number % 7 == 0:
            text = text.replace('"HrCompMut"', f'"HrUnknown{number}"')
        if number % 9 == 0:
            text = text.replace("blocked = true", "blocked = 1")
        write_connector(BROKEN_TOML if number == 17 else text, f"c{number:02d}.toml")
    monkeypatch.chdir(workspace)
    monkeypatch.setattr(parallel_module, "_cpus", lambda: 2)
    forks: list[int] = []
    real_fork = os.fork

    def counted_fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted_fork)

    def run() -> tuple[int, str, str]:
        status = main(["--workspace", str(workspace), *verb])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    monkeypatch.setattr(parallel_module, "PARALLEL_MIN", 10**9)
    serial = run()
    monkeypatch.setattr(parallel_module, "PARALLEL_MIN", 2)
    assert run() == serial
    assert len(forks) == 1
    assert "c17" in serial[1] and "c29" in serial[1]


# -- whose cache: an entry says "these bytes are valid", so only this user may write one ---


def lie_about_broken_file(cache_home: Path, workspace: Path) -> None:
    """Plant, in the cache at `cache_home`, an entry saying c.toml's broken bytes are valid."""
    cache = checkcache.ValidationCache(workspace, cache_home)
    path = workspace / "connectors" / "c.toml"
    cache.put(
        path,
        path.read_bytes(),
        ([], "Broken"),
        ["Broken", "G", "Active", "0", "0", "0", "none", ""],
    )
    cache.save()


def test_a_cache_directory_that_is_a_link_is_neither_read_nor_written(
    capsys, monkeypatch, troubled, private_cache, tmp_path
):
    # GIVEN the cache directory is a link to a directory holding a lying cache
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    lie_about_broken_file(elsewhere, troubled)
    private_cache.parent.mkdir(parents=True, exist_ok=True)
    private_cache.symlink_to(elsewhere)
    planted = sorted(p.name for p in elsewhere.iterdir())
    monkeypatch.chdir(troubled)
    # WHEN validate runs, THEN the broken file is an error, and nothing was written there
    status, out, _ = validate(capsys)
    assert status == 1 and "connectors/c.toml:2: error: invalid TOML" in out
    assert sorted(p.name for p in elsewhere.iterdir()) == planted


def test_a_cache_of_another_user_is_not_trusted(capsys, monkeypatch, troubled, private_cache):
    # GIVEN a cache saying the broken file is valid, written by someone else
    lie_about_broken_file(private_cache, troubled)
    real_uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real_uid + 1)  # the files are now another's
    monkeypatch.chdir(troubled)
    # THEN validate checks the file itself
    status, out, _ = validate(capsys)
    assert status == 1 and "connectors/c.toml:2: error: invalid TOML" in out


def test_a_cache_directory_others_may_write_to_is_closed(
    capsys, monkeypatch, troubled, private_cache
):
    private_cache.mkdir(parents=True)
    private_cache.chmod(0o777)
    monkeypatch.chdir(troubled)
    validate(capsys)
    assert private_cache.stat().st_mode & 0o777 == 0o700
    assert len(cache_files(private_cache)) == 1
