"""Reading connectors from git revisions: hostile trees and blobs become problem lines.

Each test builds a real repository in tmp_path (the demo workspace in
`workspace/`, committed), commits something odd and runs `acwizard diff`
between the two commits, as a pull request's check would. Whatever the
revision holds, the diff goes on: the odd file is a problem line
`REV:connectors/<name>:line: error: ...` and counts as invalid; only a revision
that cannot be read at all exits 2.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from acwizard import history
from acwizard.cli import main
from acwizard.files.reading import MAX_FILE_BYTES

from conftest import DEMO, git

VALID = (DEMO / "connectors" / "expense-app.toml").read_bytes()
"""A valid connector file (Expense App, blocked, granting nothing)."""


def commit_file(repo: Path, name: str, data: bytes) -> None:
    """Commit `connectors/<name>` holding `data`."""
    (repo / "connectors" / name).write_bytes(data)
    git(repo, "add", "--", f"connectors/{name}")
    git(repo, "commit", "-qm", "add a file")


def commit_entry(repo: Path, mode: str, oid: str, name: str) -> None:
    """Commit a tree entry `connectors/<name>` as git stores it, without a file on disk."""
    prefix = git(repo, "rev-parse", "--show-prefix").strip()  # --cacheinfo paths are not relative
    git(repo, "update-index", "--add", "--cacheinfo", f"{mode},{oid},{prefix}connectors/{name}")
    git(repo, "commit", "-qm", "add an entry")


def blob(repo: Path, data: bytes) -> str:
    """Store `data` as a blob; its object id."""
    return git(repo, "hash-object", "-w", "--stdin", stdin=data).strip()


def diff(capsys: pytest.CaptureFixture[str], repo: Path, *args: str) -> tuple[int, str, str]:
    """Run `acwizard diff` on the workspace: exit status, stdout, stderr."""
    status = main(["-w", str(repo), "diff", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def unblock_expense_app(repo: Path) -> None:
    """Stage a change that does show in access terms, to see that the diff goes on."""
    path = repo / "connectors" / "expense-app.toml"
    path.write_bytes(VALID.replace(b"blocked = true", b"blocked = false"))
    git(repo, "add", "--", "connectors/expense-app.toml")


GOES_ON = "expense-app ('Expense App'): changed\n  UNBLOCKED: the app can now call Profit\n"
"""The change `unblock_expense_app` makes, as the diff prints it."""


class TestOddEntries:
    def test_a_name_with_a_newline_is_a_problem_not_a_crash(self, repo, capsys):
        # GIVEN a commit adding `connectors/a<newline>b.toml` next to a real change
        unblock_expense_app(repo)
        commit_file(repo, "a\nb.toml", VALID)
        # WHEN the reviewer compares the commits
        status, out, _ = diff(capsys, repo, "HEAD~1", "HEAD")
        # THEN the name is a problem line, shown escaped, and the diff goes on
        assert status == 0
        assert (
            "HEAD:connectors/a\\x0ab.toml:1: error: file name 'a\\x0ab.toml' is not a valid" in out
        )
        assert "a\\x0ab ('a\\x0ab'): invalid\n" in out
        assert GOES_ON in out

    def test_a_gitlink_is_a_problem_not_a_crash(self, repo, capsys):
        unblock_expense_app(repo)
        head = git(repo, "rev-parse", "HEAD").strip()
        commit_entry(repo, "160000", head, "vendor.toml")
        status, out, _ = diff(capsys, repo, "HEAD~1", "HEAD")
        assert status == 0
        assert (
            "HEAD:connectors/vendor.toml:1: error: is a git submodule (gitlink), not a file\n"
        ) in out
        assert "vendor ('vendor'): invalid\n" in out
        assert GOES_ON in out

    def test_a_gitlink_not_named_toml_is_skipped_as_validate_skips_it(self, repo, capsys):
        head = git(repo, "rev-parse", "HEAD").strip()
        commit_entry(repo, "160000", head, "vendor")
        status, out, _ = diff(capsys, repo, "HEAD~1", "HEAD")
        assert (status, out) == (0, "No access changes (HEAD~1 -> HEAD).\n")

    def test_a_symbolic_link_entry_is_not_followed(self, repo, capsys):
        # A link in git is a blob holding the target; reading it as TOML would be wrong,
        # and following it on disk would read outside the workspace.
        target = blob(repo, b"../../secrets.toml")
        commit_entry(repo, "120000", target, "link.toml")
        status, out, _ = diff(capsys, repo, "HEAD~1", "HEAD")
        assert status == 0
        assert (
            "HEAD:connectors/link.toml:1: error: is a symbolic link; acwizard does not follow links\n"
        ) in out
        assert "link ('link'): invalid\n" in out

    def test_a_subdirectory_named_like_a_file_is_a_problem(self, repo, capsys):
        nested = repo / "connectors" / "nested.toml"
        nested.mkdir()
        (nested / "inner.toml").write_bytes(VALID)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "a directory")
        status, out, _ = diff(capsys, repo, "HEAD~1", "HEAD")
        assert status == 0
        assert "HEAD:connectors/nested.toml:1: error: is a directory, not a file\n" in out
        assert "inner" not in out  # validate does not look into subdirectories either

    def test_a_file_name_validate_refuses_is_invalid_to_diff_too(self, repo, capsys):
        # GIVEN a valid connector committed as `Payroll Sync.toml`
        commit_file(repo, "Payroll Sync.toml", VALID)
        # WHEN validate and diff look at it
        assert main(["-w", str(repo), "validate"]) == 1
        said = capsys.readouterr().out
        status, out, _ = diff(capsys, repo, "HEAD~1", "HEAD")
        assert status == 0
        # THEN both say the same: an invalid file name, not a created connector
        reason = "error: file name 'Payroll Sync.toml' is not a valid connector id"
        assert reason in said
        assert f"HEAD:connectors/Payroll Sync.toml:1: {reason}" in out
        assert "Payroll Sync ('Payroll Sync'): invalid\n" in out
        assert "created" not in out

    def test_bytes_that_are_not_utf8(self, repo, capsys):
        commit_file(repo, "latin.toml", VALID.replace(b"Expense App", b"D\xe9penses"))
        status, out, _ = diff(capsys, repo, "HEAD~1", "HEAD")
        assert status == 0
        assert (
            "HEAD:connectors/latin.toml:2: error: is not valid UTF-8 (byte 0xe9 at column 17); "
            "save it as UTF-8\n"
        ) in out
        assert "latin ('latin'): invalid\n" in out

    def test_bytes_that_are_not_toml(self, repo, capsys):
        commit_file(repo, "broken.toml", b"description = \n")
        status, out, _ = diff(capsys, repo, "HEAD~1", "HEAD")
        assert status == 0
        assert "HEAD:connectors/broken.toml:1: error: invalid TOML: " in out

    def test_a_file_over_the_size_limit_is_refused_unread(self, repo, capsys):
        commit_file(repo, "huge.toml", VALID + b"# " + b"x" * MAX_FILE_BYTES + b"\n")
        status, out, _ = diff(capsys, repo, "HEAD~1", "HEAD")
        assert status == 0
        assert (
            "HEAD:connectors/huge.toml:1: error: is larger than 1024 KiB; is this the right file?\n"
            in out
        )
        assert "huge ('huge'): invalid\n" in out

    def test_an_escape_sequence_in_a_name_reaches_no_output_raw(self, repo, capsys):
        # GIVEN a file name that would retitle the terminal and turn text red
        name = "evil\x1b]0;pwned\x07\x1b[31m.toml"
        commit_file(repo, name, VALID)
        # WHEN it is diffed, as text and as markdown
        status, out, err = diff(capsys, repo, "HEAD~1", "HEAD")
        markdown_status, markdown, markdown_err = diff(
            capsys, repo, "HEAD~1", "HEAD", "--format", "markdown"
        )
        # THEN it is reported, escaped, and no control character is printed
        assert status == markdown_status == 0
        assert "HEAD:connectors/evil\\x1b]0;pwned\\x07\\x1b[31m.toml:1: error: file name" in out
        for printed in (out, err, markdown, markdown_err):
            assert "\x1b" not in printed and "\x07" not in printed
        assert "evil\\\\x1b" in markdown  # the problem line, as markdown_text escapes it

    def test_deep_nesting_is_a_problem_not_a_recursion_error(self, repo, capsys):
        # 600 nested arrays: tomllib's recursion gives up (until parse_toml refuses them first)
        commit_file(
            repo, "deep.toml", b"schema_version = 1\nx = " + b"[" * 600 + b"]" * 600 + b"\n"
        )
        unblock_expense_app(repo)
        git(repo, "commit", "-qm", "unblock")
        status, out, _ = diff(capsys, repo, "HEAD~2", "HEAD")
        assert status == 0
        assert "HEAD:connectors/deep.toml:" in out and ": error: " in out
        assert "deep ('deep'): invalid\n" in out
        assert GOES_ON in out

    def test_connectors_committed_as_a_file(self, tmp_path, capsys):
        git(tmp_path, "init", "-q")
        (tmp_path / "connectors").write_text("not a directory\n")
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-qm", "odd")
        (tmp_path / "connectors").unlink()
        (tmp_path / "connectors").mkdir()
        status, out, err = diff(capsys, tmp_path, "HEAD")
        # Every connector would look created: not a state to compare (exit 2, as a working
        # tree whose connectors/ cannot be listed)
        assert (status, out) == (2, "")
        assert err == "acwizard diff: HEAD:connectors:1: error: is a file, not a directory\n"

    def test_connectors_committed_as_a_submodule_says_so(self, tmp_path, capsys):
        git(tmp_path, "init", "-q")
        git(tmp_path, "commit", "-q", "--allow-empty", "-m", "x")
        head = git(tmp_path, "rev-parse", "HEAD").strip()
        git(tmp_path, "update-index", "--add", "--cacheinfo", f"160000,{head},connectors")
        git(tmp_path, "commit", "-qm", "a submodule")
        (tmp_path / "connectors").mkdir(exist_ok=True)
        status, out, err = diff(capsys, tmp_path, "HEAD")
        assert (status, out) == (2, "")
        assert err == (
            "acwizard diff: HEAD:connectors:1: error: is a git submodule, not a directory\n"
        )

    def test_problems_come_before_the_changes_in_markdown_as_a_list(self, repo, capsys):
        unblock_expense_app(repo)
        commit_file(repo, "Bad Name.toml", VALID)
        _, out, _ = diff(capsys, repo, "HEAD~1", "HEAD", "--format", "markdown")
        # GIVEN the markdown as a PR comment renders it (word joiners are invisible)
        tokens = MarkdownIt("commonmark").parse(out)
        texts = [
            "".join(child.content for child in token.children or []).replace("\u2060", "")
            for token in tokens
            if token.type == "inline"
        ]
        # THEN the heading, then the problem as a list item, then the change
        assert texts[:3] == [
            "Access changes (HEAD~1 -> HEAD)",
            "Files that do not validate:",
            texts[2],
        ]
        assert texts[2].startswith(
            "HEAD:connectors/Bad Name.toml:1: error: file name 'Bad Name.toml' is not a valid"
        )
        types = [token.type for token in tokens]
        assert types[6:9] == ["bullet_list_open", "list_item_open", "paragraph_open"]
        assert "**Expense App** (`connectors/expense-app.toml`, changed)\n" in out


class TestUnreadable:
    def test_a_revision_that_is_not_a_commit_exits_2(self, repo, capsys):
        status, out, err = diff(capsys, repo, "HEAD^{tree}", "HEAD")
        assert (status, out) == (2, "")
        assert err == "acwizard diff: 'HEAD^{tree}' is not a commit of this repository\n"

    def test_a_revision_that_looks_like_an_option_is_not_passed_to_git(self, repo, capsys):
        status, _, err = diff(capsys, repo, "--", "--output=/tmp/x", "HEAD")
        assert status == 2
        assert err == "acwizard diff: '--output=/tmp/x' is not a commit of this repository\n"

    def test_an_escape_sequence_in_a_revision_is_shown_escaped(self, repo, capsys):
        status, _, err = diff(capsys, repo, "\x1b]0;pwned\x07", "HEAD")
        assert status == 2
        assert "\x1b" not in err and "'\\x1b]0;pwned\\x07' is not a commit" in err

    def test_not_a_repository_exits_2(self, tmp_path, capsys):
        shutil.copytree(DEMO, tmp_path / "workspace")
        status, out, err = diff(capsys, tmp_path / "workspace", "HEAD")
        assert (status, out) == (2, "")
        assert err.startswith("acwizard diff: fatal: not a git repository")

    def test_without_git_exits_2(self, repo, capsys, monkeypatch):
        monkeypatch.setenv("PATH", str(repo / "no-such-dir"))
        status, _, err = diff(capsys, repo, "HEAD")
        assert status == 2
        assert err == "acwizard diff: git is not installed\n"

    def test_a_commit_whose_tree_is_gone_exits_2_with_gits_words(self, repo, capsys):
        tree = git(repo, "rev-parse", "HEAD^{tree}").strip()
        git_dir = Path(git(repo, "rev-parse", "--absolute-git-dir").strip())
        (git_dir / "objects" / tree[:2] / tree[2:]).unlink()
        status, out, err = diff(capsys, repo, "HEAD")
        assert (status, out) == (2, "")
        assert err == "acwizard diff: 'HEAD' cannot be read: fatal: not a tree object\n"

    def test_a_missing_object_is_a_problem(self, repo, capsys):
        # A tree can name a blob the repository does not hold (a damaged or partial clone).
        oid = blob(repo, b"schema_version = 1\n# gone\n")
        unblock_expense_app(repo)
        commit_entry(repo, "100644", oid, "gone.toml")
        git_dir = Path(git(repo, "rev-parse", "--absolute-git-dir").strip())
        (git_dir / "objects" / oid[:2] / oid[2:]).unlink()
        status, out, _ = diff(capsys, repo, "HEAD~1", "HEAD")
        assert status == 0
        assert "HEAD:connectors/gone.toml:1: error: is missing from the repository" in out
        assert GOES_ON in out


class TestBlobReader:
    def test_every_kind_of_answer_is_a_result_not_an_exception(self, repo):
        data = b"schema_version = 1\n"
        good = blob(repo, data)
        tree = git(repo, "rev-parse", "HEAD^{tree}").strip()
        missing = "0" * 40
        blobs, failures = history.read_blobs(repo, [missing, tree, good])
        assert blobs == {good: data}
        assert failures == {
            missing: "is missing from the repository (git cat-file found no such object)",
            tree: "is not a file in git's object store",
        }

    def test_an_answer_git_garbles_fails_that_object_and_the_rest(self, repo):
        # An id git cannot even parse gets an answer that is not about it: stop there.
        good, later = blob(repo, b"x = 1\n"), blob(repo, b"x = 2\n")
        blobs, failures = history.read_blobs(repo, [good, "not an id", later])
        assert blobs == {good: b"x = 1\n"}
        assert failures == {
            "not an id": "git did not give its contents",
            later: "git did not give its contents",
        }

    def test_a_tree_record_that_makes_no_sense_is_a_problem(self):
        revision = history._Revision(
            "HEAD",
            [
                b"garbage",
                b"100644 blob 0123\tconnectors/sub/deeper.toml",
                b"100644 blob 4567\tconnectors/ok.toml",
            ],
            [],
        )
        revision.parse()
        assert [entry.name for entry in revision.entries] == ["ok.toml"]
        assert [problem.format() for problem in revision.problems] == [
            "HEAD:connectors:1: error: git ls-tree gave 2 entries acwizard cannot read"
        ]


class TestSharedWork:
    def test_a_file_both_revisions_hold_unchanged_is_not_read(self, repo, monkeypatch):
        checked: list[Path] = []
        real = history.check_blob

        def counting(path: Path, raw: bytes):
            checked.append(path)
            return real(path, raw)

        monkeypatch.setattr(history, "check_blob", counting)
        unblock_expense_app(repo)
        git(repo, "commit", "-qm", "unblock")
        before, after = history.snapshots(repo, ["HEAD~1", "HEAD"])
        assert checked == [
            Path("HEAD~1:connectors/expense-app.toml"),
            Path("HEAD:connectors/expense-app.toml"),
        ]
        assert (
            before.connectors["expense-app"].blocked and not after.connectors["expense-app"].blocked
        )

    def test_an_unchanged_invalid_file_is_no_change_between_revisions(self, repo, capsys):
        commit_file(repo, "Bad Name.toml", VALID)
        unblock_expense_app(repo)
        git(repo, "commit", "-qm", "unblock")
        status, out, _ = diff(capsys, repo, "HEAD~1", "HEAD")
        assert (status, out) == (0, GOES_ON)

    def test_a_blob_with_the_bytes_on_disk_takes_the_connector_loaded_from_disk(
        self, repo, monkeypatch
    ):
        checked: list[Path] = []
        real = history.check_blob

        def counting(path: Path, raw: bytes):
            checked.append(path)
            return real(path, raw)

        monkeypatch.setattr(history, "check_blob", counting)
        unblock_expense_app(repo)
        before, after = history.snapshots(repo, ["HEAD", ""])
        assert (
            before.connectors["expense-app"].blocked and not after.connectors["expense-app"].blocked
        )
        assert before.connectors["bi-export"] is after.connectors["bi-export"]
        assert checked == [Path("HEAD:connectors/expense-app.toml")]  # the only changed file

    def test_files_under_a_workspace_deeper_in_the_repository(self, tmp_path, capsys):
        workspace = tmp_path / "deep er" / "[ws]"
        shutil.copytree(DEMO, workspace)
        git(tmp_path, "init", "-q")
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-qm", "demo")
        (workspace / "connectors" / "bi-export.toml").unlink()
        status, out, _ = diff(capsys, workspace, "HEAD")
        assert status == 0
        assert out.startswith("bi-export ('BI Export'): deleted\n")


def test_a_working_tree_whose_connectors_cannot_be_listed_exits_2(repo, capsys):
    # Every connector would look deleted: not a state to compare.
    shutil.rmtree(repo / "connectors")
    (repo / "connectors").write_text("a file\n")
    status, out, err = diff(capsys, repo, "HEAD")
    assert (status, out) == (2, "")
    assert err == f"acwizard diff: {repo}/connectors:1: error: cannot be read: Not a directory\n"


class TestNamesThatAreBothADirectoryAndARevision:
    """A pull request can add a directory named like a branch, holding the files the
    access diff should see instead of the branch's."""

    def planted(self, repo: Path, name: str) -> None:
        """Unblock Expense App in a commit, and plant `name/connectors/` holding the new
        state, so that reading the directory shows no change."""
        unblock_expense_app(repo)
        git(repo, "commit", "-qm", "unblock")
        (repo / name / "connectors").mkdir(parents=True)
        for file in (repo / "connectors").iterdir():
            shutil.copy(file, repo / name / "connectors" / file.name)

    def test_a_branch_name_that_is_also_a_directory_is_refused(self, repo, capsys, monkeypatch):
        git(repo, "branch", "main-line", "HEAD")
        self.planted(repo, "main-line")
        monkeypatch.chdir(repo)
        status, out, err = diff(capsys, repo, "main-line", "HEAD")
        assert (status, out) == (2, "")
        assert err == (
            "acwizard diff: 'main-line' is both a directory and a git revision: write "
            "./main-line for the directory, or the revision's commit id\n"
        )
        # AND written as a path it is the directory, without doubt
        status, out, _ = diff(capsys, repo, "./main-line", "HEAD")
        assert (status, out) == (0, "No access changes (main-line -> HEAD).\n")

    def test_a_directory_named_head_does_not_replace_head(self, repo, capsys, monkeypatch):
        # GIVEN a committed unblock, then the working tree back to blocked
        unblock_expense_app(repo)
        git(repo, "commit", "-qm", "unblock")
        (repo / "connectors" / "expense-app.toml").write_bytes(VALID)
        # AND a planted HEAD/ holding the blocked state
        (repo / "HEAD" / "connectors").mkdir(parents=True)
        for file in (repo / "connectors").iterdir():
            shutil.copy(file, repo / "HEAD" / "connectors" / file.name)
        monkeypatch.chdir(repo)
        # WHEN diff runs without revisions (HEAD against the working tree)
        status, out, _ = diff(capsys, repo)
        # THEN it read the commit, not the directory
        assert status == 0
        assert "expense-app ('Expense App'): changed\n  blocked: the app can no longer call" in out


# -- the one git runner (issue 19) -----------------------------------------------------------


class TestGitRunner:
    def test_a_git_hooks_variables_do_not_point_diff_at_another_repository(
        self, repo, tmp_path, capsys, monkeypatch
    ):
        # GIVEN a committed change, and the GIT_DIR a hook of another repository would set
        unblock_expense_app(repo)
        git(repo, "commit", "-qm", "unblock")
        other = tmp_path / "other"
        other.mkdir()
        git(other, "init", "-q")
        monkeypatch.setenv("GIT_DIR", str(other / ".git"))
        monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
        # WHEN diff compares the workspace's last two commits
        status, out, err = diff(capsys, repo, "HEAD~1", "HEAD")
        # THEN it read the workspace's own repository
        assert (status, out, err) == (0, GOES_ON, "")

    def test_a_git_that_does_not_answer_is_an_error_not_a_hang(
        self, repo, tmp_path, capsys, monkeypatch
    ):
        from acwizard.files import git as runner

        # GIVEN a git that hangs (a dead network mount, say)
        fake = tmp_path / "bin"
        fake.mkdir()
        (fake / "git").write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
        (fake / "git").chmod(0o755)
        monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
        monkeypatch.setattr(runner, "GIT_TIMEOUT", 0.5)
        # WHEN diff asks it for a revision
        status, out, err = diff(capsys, repo, "HEAD", "HEAD")
        # THEN it gives up and says why, with diff's error status
        assert (status, out) == (2, "")
        assert err.startswith("acwizard diff: git ") and "did not answer within" in err

    def test_committed_state_says_what_git_keeps(self, repo, tmp_path_factory):
        from acwizard.files.git import committed_state

        new = repo / "connectors" / "new.toml"
        new.write_bytes(VALID)
        alone = tmp_path_factory.mktemp("alone")
        (alone / "x.toml").write_bytes(VALID)
        assert committed_state(repo / "connectors" / "expense-app.toml") == "committed"
        assert committed_state(new) == "not committed"
        assert committed_state(alone / "x.toml") in ("no git", "unknown")
