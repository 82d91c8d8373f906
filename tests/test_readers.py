"""Hostile files never crash, hang or fool a reader (issue 10).

Every reader of workspace files (connector files through `Workspace.load`,
`load_all` and the TUI's first paint, `catalog.toml`, `acwizard.toml`, the
validate cache) turns a file nested too deep or a file that is not a regular
file (a FIFO, a device) into `path:line: error: ...`. The verbs fail when they
could not read what they check, and placing one finding per id stays linear.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from acwizard.catalog import load_catalog
from acwizard.checking import cache as checkcache
from acwizard.checking import load as checking_load
from acwizard.cli import main
from acwizard.files.reading import NOT_A_REGULAR_FILE, current_fingerprint, read_bytes
from acwizard.files.saving import SaveConflict, replace_file
from acwizard.files.settings import load_settings
from acwizard.files.toml import MAX_NESTING, nesting_problem, parse_toml
from acwizard.workspace import Workspace, quick_rows

from conftest import PAYROLL

DEEP_ARRAYS = "schema_version = 1\ndescription = " + "[" * 600 + "]" * 600 + "\n"
"""A 1.2 KB file whose description is 600 nested arrays: tomllib recursed until it crashed."""
DEEP_TABLES = "schema_version = 1\nnotes = " + "{ a = " * 400 + "1" + " }" * 400 + "\n"
"""400 nested inline tables."""
DEEP_MESSAGE = f"levels deep (arrays, tables and dotted keys); acwizard reads at most {MAX_NESTING}"


class Hung(Exception):
    """Still blocked when time ran out (not an OSError, which a reader would swallow)."""


@contextlib.contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: a blocked open() is interrupted after `seconds`."""

    def expire(signum: int, frame: object) -> None:
        raise Hung(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (status, stdout, stderr)."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_process(root: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a hook would, killed after 20 s if it hangs."""
    return subprocess.run(
        [sys.executable, "-m", "acwizard", "--workspace", str(root), *argv],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )


# -- nesting ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "depth"),
    [
        ("x = " + "[" * 600 + "]" * 600, 1, 600),
        ("a = 1\nx = " + "{ a = " * 400 + "1" + " }" * 400, 2, 400),
        ("a" + ".a" * 2000 + " = 1\n", 1, 2000),
        ("b = 2\n\n[" + ".".join(["t"] * 100) + "]\nc = 1\n", 3, 100),
        ("[[" + ".".join(["t"] * 40) + "]]\n", 1, 41),
        ("x = [\n" + "[\n" * 40 + "]\n" * 40 + "]\n", 1 + MAX_NESTING, 41),
        ("x = { " + "a." * 40 + "b = 1 }", 1, 41),
        ("[[t]]\nx = " + "[" * 31 + "]" * 31, 2, 33),
        ("[t]\nx.y = " + "[" * 31 + "]" * 31, 2, 33),
    ],
    ids=[
        "arrays",
        "inline tables",
        "dotted key",
        "table header",
        "array of tables",
        "arrays over lines",
        "dotted key in a table",
        "array of tables and arrays",
        "table, dotted key and arrays",
    ],
)
def test_nesting_deeper_than_the_limit_is_found_at_the_line_it_crosses(text, line, depth):
    problem = nesting_problem(Path("x.toml"), text)
    assert problem is not None
    assert (problem.line, problem.severity) == (line, "error")
    assert problem.message == f"is nested {depth} {DEEP_MESSAGE} levels"


@pytest.mark.parametrize(
    "text",
    [
        PAYROLL,
        "x = " + "[" * MAX_NESTING + "]" * MAX_NESTING,
        'x = "' + "[" * 100 + "\"\ny = '" + "{" * 100 + "'\n",
        'x = """\n' + "[" * 100 + "\n\"\"\"\ny = '''" + "[" * 100 + "'''\n",
        'x = """a \\""" [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["""""\n',
        "# " + "[" * 100 + "\nx = 1\n",
        '"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h" = 1\n',
        "x = [" + ", ".join(["1.5"] * 100) + "]\n",
        "x = { " + ", ".join(f"k{n}.a = 1" for n in range(100)) + " }\n",
        'x = "unterminated ' + "[" * 100,
    ],
    ids=[
        "example",
        "at the limit",
        "strings",
        "multi-line strings",
        "escaped quotes",
        "comment",
        "quoted key",
        "floats",
        "many dotted keys",
        "unterminated string",
    ],
)
def test_brackets_in_strings_comments_and_wide_files_are_not_depth(text):
    assert nesting_problem(Path("x.toml"), text) is None


def test_the_position_scanner_never_raises_even_on_text_nobody_checked():
    from acwizard.files.positions import scan

    positions = scan("a = 1\nx = " + "[" * 5_000 + "]" * 5_000 + "\n")
    assert positions.line_of(("a",)) == 1
    assert positions.line_of(("x", 0, 0)) == 2


def test_a_deep_connector_file_is_an_error_at_its_line_for_every_reader(workspace):
    directory = workspace / "connectors"
    (directory / "arrays.toml").write_text(DEEP_ARRAYS, encoding="utf-8")
    (directory / "tables.toml").write_text(DEEP_TABLES, encoding="utf-8")
    ws = Workspace.open(workspace)
    for loaded in ws.load_all():
        assert loaded.status == "invalid"
        depth = 600 if loaded.id == "arrays" else 400
        assert [p.format(workspace) for p in loaded.problems] == [
            f"connectors/{loaded.path.name}:2: error: is nested {depth} {DEEP_MESSAGE} levels"
        ]
    rows = quick_rows(sorted(directory.glob("*.toml")))  # the TUI's first paint
    assert [row.description for row in rows] == ["arrays.toml", "tables.toml"]
    result = checking_load.check_file(ws, directory / "arrays.toml", None)
    assert [p.line for p in result[0]] == [2]


def test_bytes_from_elsewhere_are_checked_by_parse_toml_too(tmp_path):
    """Git revisions and drafts hand their bytes to parse_toml(path, raw=...)."""
    document = parse_toml(tmp_path / "from-git.toml", raw=DEEP_TABLES.encode())
    assert document.data is None
    assert [(p.line, p.message) for p in document.problems] == [
        (2, f"is nested 400 {DEEP_MESSAGE} levels")
    ]


def test_a_deep_catalog_and_settings_file_are_errors(workspace):
    (workspace / "catalog.toml").write_text(
        '[user_groups]\n"A" = ' + "[" * 700 + "]" * 700 + "\n", encoding="utf-8"
    )
    (workspace / "acwizard.toml").write_text(
        "online = true\nx." + "y." * 1500 + "z = 1\n", encoding="utf-8"
    )
    _, catalog_problems = load_catalog(workspace)
    assert [(p.path.name, p.line) for p in catalog_problems] == [("catalog.toml", 2)]
    settings, problems = load_settings(workspace)
    assert [(p.line, p.message) for p in problems] == [(2, f"is nested 1501 {DEEP_MESSAGE} levels")]
    assert settings.online is True


@pytest.mark.parametrize("name", ["arrays", "tables"])
def test_the_verbs_report_a_deep_file_instead_of_crashing(capsys, workspace, monkeypatch, name):
    (workspace / "connectors" / f"{name}.toml").write_text(
        DEEP_ARRAYS if name == "arrays" else DEEP_TABLES, encoding="utf-8"
    )
    monkeypatch.chdir(workspace)
    expected = f"connectors/{name}.toml:2: error: is nested"
    status, out, _ = run(capsys, "validate")
    assert status == 1 and out.startswith(expected)
    status, out, err = run(capsys, "fmt")
    assert status == 1 and out.startswith(expected)
    assert err.endswith("1 file checked, 0 reformatted, 1 not formatted: it has errors\n")
    status, out, _ = run(capsys, "fmt", "--check")
    assert status == 1 and out.startswith(expected)
    status, out, _ = run(capsys, "list")
    assert status == 0 and f"{name}  invalid" in out and "1 error(s)" in out
    status, out, _ = run(capsys, "audit")
    assert status == 1 and "invalid-file" in out
    status, out, _ = run(capsys, "validate", "--whole-workspace", f"connectors/{name}.toml")
    assert status == 1 and out.startswith(expected)


def test_a_deep_file_prints_no_traceback_in_a_real_process(workspace):
    (workspace / "connectors" / "arrays.toml").write_text(DEEP_ARRAYS, encoding="utf-8")
    (workspace / "catalog.toml").write_text(
        "[get_connectors]\nA = " + "{ a = " * 500 + "1" + " }" * 500 + "\n", encoding="utf-8"
    )
    # (list and audit depend on the catalog: a broken one stops them, exit 2.)
    for verb, status in (("validate", 1), ("fmt", 1), ("list", 2), ("audit", 2)):
        result = run_process(workspace, verb)
        assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr, verb
        assert result.returncode == status, (verb, result.stderr)
    result = run_process(workspace, "validate")
    assert f"{workspace}/connectors/arrays.toml:2: error: is nested 600" in result.stdout
    assert f"{workspace}/catalog.toml:2: error: is nested 501" in result.stdout


# -- files that are not regular files ------------------------------------------------


def test_a_fifo_is_refused_without_waiting_for_a_writer(workspace):
    fifo = workspace / "connectors" / "x.toml"
    os.mkfifo(fifo)
    expected = "is not a regular file (a FIFO, a named pipe); acwizard reads only regular files"
    with within(10):
        raw, problems = read_bytes(fifo)
        assert raw is None
        assert [(p.line, p.message) for p in problems] == [(1, expected)]
        loaded = Workspace.open(workspace).load_all()
        assert [p.message for p in loaded[0].problems] == [expected]
        assert quick_rows([fifo])[0].description == "x.toml"
        assert current_fingerprint(fifo) == NOT_A_REGULAR_FILE
        with pytest.raises(SaveConflict):
            replace_file(fifo, PAYROLL, None)  # a new file's save never writes into it
        problems, _ = checking_load.check_file(Workspace.open(workspace), fifo, None)
        assert [p.message for p in problems] == [expected]


def test_a_device_is_refused_too():
    raw, problems = read_bytes(Path("/dev/zero"))
    assert raw is None
    assert [p.message for p in problems] == [
        "is not a regular file (a device); acwizard reads only regular files"
    ]


@pytest.mark.parametrize("name", ["connectors/x.toml", "acwizard.toml", "catalog.toml"])
def test_validate_reports_a_fifo_and_finishes(workspace, name):
    (workspace / name).unlink(missing_ok=True)
    os.mkfifo(workspace / name)
    result = run_process(workspace, "validate")
    assert result.returncode == 1
    assert f"{workspace}/{name}:1: error: is not a regular file (a FIFO" in result.stdout
    assert "Traceback" not in result.stderr
    for verb in ("list", "audit", "fmt"):  # each reads the FIFO's name too, and must finish
        result = run_process(workspace, verb)
        assert "Traceback" not in result.stderr, (verb, result.stderr)


def test_a_fifo_in_place_of_the_validate_cache_is_ignored(workspace, private_cache):
    cache = checkcache.ValidationCache.open(workspace)
    assert cache is not None
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(cache.path)
    with within(10):
        again = checkcache.ValidationCache.open(workspace)
    assert again is not None and again.files == {}


# -- verbs that could not read connectors/ ----------------------------------------------


def unreadable(workspace: Path, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make connectors/ unlistable: a file in its place, or listing denied (tests run as root)."""
    if how == "a file":
        (workspace / "connectors").rmdir()
        (workspace / "connectors").write_text("not a directory\n", encoding="utf-8")
        return
    real = os.listdir

    def denied(path: object = ".") -> list[str]:
        if Path(str(path)).name == "connectors":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "listdir", denied)


@pytest.mark.parametrize("how", ["a file", "permission denied"])
@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json"],
        ["audit"],
        ["audit", "--format", "json"],
        ["fmt"],
        ["fmt", "--check"],
        ["fmt", "--diff"],
    ],
)
def test_every_verb_fails_when_connectors_cannot_be_read(capsys, workspace, monkeypatch, how, argv):
    unreadable(workspace, how, monkeypatch)
    monkeypatch.chdir(workspace)
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.startswith("connectors:1: error: cannot be read: ")
    status, out, _ = run(capsys, "validate")  # validate already failed, and still does
    assert status == 1 and out.startswith("connectors:1: error: cannot be read: ")


# -- fmt counts only what it wrote -----------------------------------------------------------


def test_fmt_does_not_count_a_failed_write_as_reformatted(capsys, workspace, monkeypatch):
    path = workspace / "connectors" / "payroll-sync.toml"
    untidy = PAYROLL.replace("blocked = true", "blocked   =   true")
    path.write_text(untidy, encoding="utf-8")

    def disk_full(*args: object, **options: object) -> bool:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("acwizard.commands.fmt.replace_file", disk_full)
    status, out, err = run(capsys, "-w", str(workspace), "fmt")
    assert status == 1
    assert "reformatted" not in out
    assert "not formatted: [Errno 28] No space left on device" in err
    assert err.endswith("1 file checked, 0 reformatted\n")
    assert path.read_text(encoding="utf-8") == untidy
    monkeypatch.undo()
    status, out, err = run(capsys, "-w", str(workspace), "fmt")
    assert status == 0 and err.endswith("1 file checked, 1 reformatted\n")


# -- one finding per id stays linear ---------------------------------------------------------


class CountingList(list):  # type: ignore[type-arg]
    """A list that counts the elements visited by scans and look-ups."""

    visits = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        CountingList.visits += len(self)
        return super().__iter__()

    def __contains__(self, value: object) -> bool:
        found = super().__contains__(value)
        CountingList.visits += super().index(value) + 1 if found else len(self)
        return found

    def index(self, value, *args):  # type: ignore[no-untyped-def]
        position = super().index(value, *args)
        CountingList.visits += position + 1
        return position


def element_visits(workspace: Path, monkeypatch: pytest.MonkeyPatch, count: int) -> int:
    """Elements of the file's id list visited while placing `count` catalog warnings."""
    import acwizard.workspace as workspace_module

    real = workspace_module.parse_toml

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        document = real(*args, **kwargs)
        if document.data is not None:
            document.data["get_connectors"] = CountingList(document.data["get_connectors"])
        return document

    ids = "".join(f'    "Missing{n:05d}",\n' for n in reversed(range(count)))
    path = workspace / "connectors" / "many.toml"
    path.write_text(
        f'schema_version = 1\ndescription = "Many"\nuser_group = "Payroll Sync"\n'
        f"get_connectors = [\n{ids}]\n",
        encoding="utf-8",
    )
    CountingList.visits = 0
    with monkeypatch.context() as patched:
        patched.setattr(workspace_module, "parse_toml", counting)
        # Every warning listed (by default those past 1,000 are only counted).
        patched.setattr(workspace_module, "PROBLEMS_PER_FILE", count)
        loaded = Workspace.open(workspace).load(path)
    warnings = [p for p in loaded.problems if p.severity == "warning"]
    assert len(warnings) == count
    # The file lists the ids in reverse; each warning is at its own id's line.
    assert warnings[0].line == 5 and warnings[-1].line == 4 + count
    return CountingList.visits


def test_placing_catalog_warnings_is_linear_in_their_number(workspace, monkeypatch):
    small = element_visits(workspace, monkeypatch, 1_000)
    large = element_visits(workspace, monkeypatch, 4_000)
    assert small <= 3 * 1_000  # a list scan per finding visited about 1,000,000
    assert large <= 4.5 * small


# -- the TUI starts on such a workspace -----------------------------------------------------


async def test_the_tui_starts_and_lists_a_deep_file_and_a_fifo_as_invalid(demo_copy):
    from acwizard.app import AcWizardApp

    from conftest import list_checked, shown

    # GIVEN a workspace holding a 600-level file and a FIFO among valid connectors
    (demo_copy / "connectors" / "deep.toml").write_text(DEEP_ARRAYS, encoding="utf-8")
    os.mkfifo(demo_copy / "connectors" / "pipe.toml")
    app = AcWizardApp(demo_copy)
    # WHEN acwizard starts (it used to die here, dumping the file in its traceback)
    with within(30):
        async with app.run_test(size=(80, 24)) as pilot:
            await list_checked(pilot)
            screen = await shown(pilot)
    # THEN both are listed as invalid files beside the others
    assert "deep.toml" in screen and "pipe.toml" in screen
    assert "2 INVALID" in screen
