"""The `acwizard` command: the TUI, and the verbs used in git hooks and CI.

`acwizard` alone opens the TUI on the workspace. `validate`, `fmt`, `schema`
and `list` never import Textual, so that a pre-commit hook starts fast; the
TUI is imported only when it is about to run.

`VERBS` is the table of commands: each names its arguments and the function
that runs it; `main` parses and looks the verb up. A `cmd_*` function finds
what its verb reports (through the workspace, `acwizard.rules` and
`acwizard.audit`), has it rendered by `acwizard.reports` (plain functions of
data) and writes the lines through `out`, the one writer, which keeps them inert.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from acwizard import __version__, markdown, reports
from acwizard.catalog import read_catalog_file
from acwizard.checkcache import (
    ValidationCache,
    catalog_problems,
    check_file,
    check_files,
    in_two_processes,
    load_file,
)
from acwizard.commands import adopt, verify
from acwizard.problems import Problem, has_errors
from acwizard.rules import LEVELS, WIDE_PREFIX, WIDE_PREFIX_V6, connector_findings
from acwizard.store import (
    CATALOG_FILE,
    CONNECTORS_DIR,
    SETTINGS_FILE,
    SaveConflict,
    dump_connector,
    load_settings,
    parse_toml,
    replace_file,
)
from acwizard.text import terminal_text, visible
from acwizard.workspace import Workspace, duplicate_description_problems


def out(text: str = "", *, error: bool = False, end: str = "\n", keep: str = "") -> None:
    """Print `text` to stdout (stderr with `error`) as inert text: every verb prints through here.

    File names, ids, comments and git's messages are user input; whatever a
    renderer builds from them, no escape sequence, C1 control or bidi
    character reaches the terminal raw (see `terminal_text`). Newlines and
    tabs of multi-line output pass, and ordinary text is printed byte for byte.
    Markdown renderers pass `keep=markdown.WORD_JOINER` for the joiners they add.
    """
    print(terminal_text(text, keep), end=end, file=sys.stderr if error else sys.stdout)


def _iso_date(value: str) -> date:
    """A YYYY-MM-DD date for --today; anything else is a usage error (exit 2)."""
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{visible(value, 40)}' is not a date: write YYYY-MM-DD, such as 2027-05-02"
        ) from None


def _validate_arguments(validate: argparse.ArgumentParser) -> None:
    """validate [--whole-workspace] [--no-cache] [PATH ...]"""
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    validate.add_argument(
        "--whole-workspace",
        action="store_true",
        help="check the whole workspace of each PATH (for commit hooks: a changed catalog or "
        "acwizard.toml can make other files wrong)",
    )
    validate.add_argument(
        "--no-cache",
        action="store_true",
        help="check every file again instead of reusing the results of unchanged files",
    )


def _fmt_arguments(fmt: argparse.ArgumentParser) -> None:
    """fmt [--check] [--diff] [PATH ...]"""
    fmt.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    fmt.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file is not canonical"
    )
    fmt.add_argument("--diff", action="store_true", help="show what would change; change nothing")


def _migrate_arguments(migrate: argparse.ArgumentParser) -> None:
    """migrate [--check] [--diff] [PATH ...]"""
    migrate.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    migrate.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file is not version 2"
    )
    migrate.add_argument(
        "--diff", action="store_true", help="show what would change; change nothing"
    )


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """A verb without options."""


def _audit_arguments(audit: argparse.ArgumentParser) -> None:
    """audit [--format F] [--fail-on LEVEL] [--wide-prefix N] [--wide-prefix-v6 N] [--today D]"""
    audit.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    audit.add_argument(
        "--fail-on",
        choices=(*LEVELS, "never"),
        default="high",
        help="exit 1 when a finding is at least this serious (default: high)",
    )
    audit.add_argument(
        "--wide-prefix",
        type=int,
        default=WIDE_PREFIX,
        metavar="N",
        help=f"flag allowed IPv4 ranges of /N or wider (default: {WIDE_PREFIX})",
    )
    audit.add_argument(
        "--wide-prefix-v6",
        type=int,
        default=WIDE_PREFIX_V6,
        metavar="N",
        help=f"flag allowed IPv6 ranges of /N or wider (default: {WIDE_PREFIX_V6}, an "
        "internet provider's allocation)",
    )
    audit.add_argument(
        "--today",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the date the classic-token deadline and certificate ends are judged at "
        "(default: today), for reproducible runs",
    )


def _diff_arguments(diff: argparse.ArgumentParser) -> None:
    """diff [--format F] [REV [REV]]"""
    diff.add_argument("revisions", nargs="*", metavar="REV", help="git revisions or directories")
    diff.add_argument("--format", choices=("text", "markdown"), default="text")


def _list_arguments(listing: argparse.ArgumentParser) -> None:
    """list [--json]"""
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")


@dataclass(frozen=True, slots=True)
class Verb:
    """One command: what `--help` says of it, its arguments, and what runs it."""

    help: str
    description: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Path], int]
    """Runs the verb on the parsed arguments and the workspace root; returns the exit status."""
    whole_workspace: bool = False
    """Without paths it looks at every file, so it refuses a directory that is no workspace."""
    needs_workspace: bool = True
    """False: runs anywhere (the root is neither checked nor read)."""


def _run_validate(args: argparse.Namespace, root: Path) -> int:
    """validate: the workspace, or the named files (each in its own workspace)."""
    return cmd_validate(
        Workspace.open(root),
        args.paths,
        explicit=args.workspace is not None,
        cache=not args.no_cache,
        whole=args.whole_workspace,
    )


def _run_fmt(args: argparse.Namespace, root: Path) -> int:
    """fmt: rewrite, check or diff the canonical form."""
    return cmd_fmt(Workspace.open(root), args.paths, check=args.check, diff=args.diff)


def _run_migrate(args: argparse.Namespace, root: Path) -> int:
    """migrate: as fmt, to schema_version 2."""
    return cmd_fmt(Workspace.open(root), args.paths, check=args.check, diff=args.diff, migrate=True)


def _run_schema(args: argparse.Namespace, root: Path) -> int:
    """schema: needs no workspace."""
    return cmd_schema()


def _run_audit(args: argparse.Namespace, root: Path) -> int:
    """audit: judged at --today, or today."""
    return cmd_audit(
        Workspace.open(root),
        args.format,
        args.fail_on,
        args.wide_prefix,
        today=args.today or date.today(),
        wide_prefix_v6=args.wide_prefix_v6,
    )


def _run_diff(args: argparse.Namespace, root: Path) -> int:
    """diff: between revisions or directories."""
    return cmd_diff(Workspace.open(root), args.revisions, args.format)


def _run_list(args: argparse.Namespace, root: Path) -> int:
    """list: a table or JSON."""
    return cmd_list(Workspace.open(root), as_json=args.json)


VERBS: dict[str, Verb] = {
    "validate": Verb(
        help="check connector files; exit 1 when there is an error",
        description=(
            "Check the workspace, or the given files, and print one line per problem "
            "as path:line: error|warning: message. Exits 1 when there is an error."
        ),
        arguments=_validate_arguments,
        run=_run_validate,
        whole_workspace=True,
    ),
    "fmt": Verb(
        help="rewrite connector files in canonical form",
        description=(
            "Rewrite connector files in their canonical form. A file that does not "
            "validate is never rewritten. Hand-written comments are not part of the "
            "format: they are reported, and removed only when the file is rewritten."
        ),
        arguments=_fmt_arguments,
        run=_run_fmt,
        whole_workspace=True,
    ),
    "migrate": Verb(
        help="rewrite schema_version 1 files as canonical version 2 files",
        description=(
            "Rewrite schema_version 1 connector files as canonical version 2 files with "
            'the same meaning: authentication = "classic" (what a version 1 file was) '
            "and IP ranges in CIDR. A file with errors is never rewritten. Comments are "
            "reported as fmt reports them."
        ),
        arguments=_migrate_arguments,
        run=_run_migrate,
        whole_workspace=True,
    ),
    "schema": Verb(
        help="print the JSON Schema of a connector file",
        description="Print the JSON Schema of a connector file, for editors such as taplo.",
        arguments=_no_arguments,
        run=_run_schema,
        needs_workspace=False,
    ),
    "audit": Verb(
        help="findings per connector for an access review",
        description=(
            "Report what an access review should look at: active connectors callable "
            "from anywhere, AFAS Connect test addresses, wide ranges, deny lists, writes "
            "of payroll, personnel or finance data, shared user groups, ids missing from "
            "the catalog."
        ),
        arguments=_audit_arguments,
        run=_run_audit,
        whole_workspace=True,
    ),
    "diff": Verb(
        help="what changed in access between two revisions",
        description=(
            "Say per connector what changed in access terms: created, deleted, blocked "
            "or unblocked, connectors granted or revoked, IP lines added or removed, user "
            "group changed. Without revisions: HEAD against the working tree; with one: "
            "that revision against the working tree. Two directories also work."
        ),
        arguments=_diff_arguments,
        run=_run_diff,
    ),
    "list": Verb(
        help="list the workspace's connectors with their status",
        description="List the workspace's connectors: id, status, what they grant.",
        arguments=_list_arguments,
        run=_run_list,
        whole_workspace=True,
    ),
    "verify": Verb(
        help="ask Profit whether it grants what the files say; exit 1 on drift",
        description=(
            "Ask the live environment what each app connector grants (/metainfo) and compare "
            "it with its file. Exit 0 when everything asked matches, 1 when anything drifted, "
            "2 when something could not be asked, 130 on Ctrl+C."
        ),
        arguments=verify.add_arguments,
        run=verify.run,
        whole_workspace=True,
    ),
    "import": Verb(
        help="adopt connectors from Profit's /metainfo answers (saved or --live)",
        description=(
            "Turn saved /metainfo answers (or, with --live, Profit's own) into connector files, "
            "or show what would change in the existing ones; nothing is written without --write."
        ),
        arguments=adopt.add_arguments,
        run=adopt.run,
    ),
}
"""Every verb, in the order `--help` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every verb in `VERBS`."""
    parser = argparse.ArgumentParser(
        prog="acwizard",
        description=(
            "Manage AFAS Profit app connectors as TOML files. Without a command, "
            "opens the wizard on the workspace."
        ),
    )
    parser.add_argument("--version", action="version", version=f"acwizard {__version__}")
    parser.add_argument(
        "--workspace",
        "-w",
        metavar="DIR",
        type=Path,
        default=None,
        help="the workspace directory (default: the current directory)",
    )
    subparsers = parser.add_subparsers(dest="verb", metavar="COMMAND")
    for name, verb in VERBS.items():
        verb.arguments(subparsers.add_parser(name, help=verb.help, description=verb.description))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    root = args.workspace or Path.cwd()
    verb = VERBS.get(args.verb) if args.verb is not None else None
    try:
        if verb is not None and not verb.needs_workspace:
            return verb.run(args, root)
        whole = verb is not None and verb.whole_workspace and not getattr(args, "paths", None)
        refusal = _not_a_workspace(root, whole=whole)
        if refusal:
            out(f"acwizard: {refusal}", error=True)
            return 2
        if verb is None:
            return run_tui(root)
        return verb.run(args, root)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        sys.stderr.close()
        return 0


def _not_a_workspace(root: Path, whole: bool) -> str | None:
    """Why acwizard refuses to work on `root`, or None.

    A check of a directory that is no workspace must not pass by finding
    nothing to check (a CI job in the wrong directory would stay green). A
    directory with none of a workspace's parts is only accepted by the TUI,
    where pressing n starts a new workspace.
    """
    shown = visible(str(root), 200)
    if not root.is_dir():
        return f"{shown}: no such directory (use --workspace DIR)"
    if whole and not any(
        (root / part).exists() for part in (CONNECTORS_DIR, SETTINGS_FILE, CATALOG_FILE)
    ):
        return (
            f"{shown} is not an acwizard workspace: it has no {CONNECTORS_DIR}/, "
            f"{SETTINGS_FILE} or {CATALOG_FILE} (use --workspace DIR)"
        )
    return None


def run_tui(root: Path) -> int:
    """Open the wizard; Textual is imported only here."""
    from acwizard.app import run

    return run(root)


# -- validate -------------------------------------------------------------------


def _workspace_for(path: Path, default: Workspace, explicit: bool) -> Workspace:
    """The workspace a file belongs to: the parent of its `connectors/` directory."""
    if explicit:
        return default
    parent = path.resolve().parent
    root = parent.parent if parent.name == CONNECTORS_DIR else parent
    if root == default.root.resolve():
        return default
    return Workspace.open(root)


def _problems_for_path(
    path: Path,
    default: Workspace,
    explicit: bool,
    caches: dict[Path, ValidationCache | None] | None,
) -> list[Problem]:
    """The problems of one named file, whichever kind of workspace file it is."""
    if path.name == CATALOG_FILE:
        return read_catalog_file(path)[1]
    if path.name == SETTINGS_FILE:
        return load_settings(path.parent)[1]
    workspace = _workspace_for(path, default, explicit)
    cache = None
    if caches is not None:
        if workspace.root not in caches:
            caches[workspace.root] = ValidationCache.open(workspace.root)
        cache = caches[workspace.root]
    return workspace.settings_problems + check_file(workspace, path, cache)[0]


def cmd_validate(
    workspace: Workspace,
    paths: list[Path],
    explicit: bool = False,
    cache: bool = True,
    whole: bool = False,
) -> int:
    """Print every problem; 1 when any is an error.

    With `cache`, files whose bytes were checked before (under the same rules,
    settings and catalog) are not checked again: see `acwizard.checkcache`.
    With `whole`, each named file stands for its whole workspace: a changed
    catalog or `acwizard.toml` can make other files wrong.
    """
    problems: list[Problem] = []
    if paths and not whole:
        caches: dict[Path, ValidationCache | None] | None = {} if cache else None
        for path in paths:
            problems += _problems_for_path(path, workspace, explicit, caches)
        for used in (caches or {}).values():
            if used is not None:
                used.save()
        checked = len(paths)
    else:
        workspaces = {workspace.root: workspace}
        if paths:
            named = [_workspace_for(path, workspace, explicit) for path in paths]
            workspaces = {each.root: each for each in named}
        checked = 0
        for each in workspaces.values():
            found, count = _workspace_problems(each, cache)
            problems += found
            checked += count
    unique = list(dict.fromkeys(problems))
    for line in reports.problem_lines(unique, Path.cwd()):
        out(line)
    out(reports.validate_summary(checked, unique), error=True)
    return 1 if has_errors(unique) else 0


def _workspace_problems(workspace: Workspace, cache: bool) -> tuple[list[Problem], int]:
    """Every problem of a whole workspace, and how many connector files it has."""
    remembered = ValidationCache.open(workspace.root) if cache else None
    connector_paths = workspace.connector_paths()
    problems = workspace.listing_problems + workspace.settings_problems
    problems += catalog_problems(workspace, remembered)
    described = []
    for path, (found, description) in zip(
        connector_paths, check_files(workspace, connector_paths, remembered), strict=True
    ):
        problems += found
        if description is not None:
            described.append((path, description))
    problems += duplicate_description_problems(described, _description_line)
    if remembered is not None:
        remembered.save(prune=True)
    return problems, len(connector_paths)


def _description_line(path: Path) -> int:
    """The line of `description` in a connector file (read again: only for duplicates)."""
    return parse_toml(path).positions.line_of(("description",))


def _unreadable(workspace: Workspace) -> bool:
    """Say on stderr why `connectors/` could not be listed; True when it could not.

    A verb that could not read what it checks must fail (exit 2), not report
    "0 findings" over a directory it never saw.
    """
    for line in reports.problem_lines(workspace.listing_problems, Path.cwd()):
        out(line, error=True)
    return bool(workspace.listing_problems)


# -- fmt -------------------------------------------------------------------------


def cmd_fmt(
    workspace: Workspace, paths: list[Path], check: bool, diff: bool, migrate: bool = False
) -> int:
    """Rewrite files in canonical form, or report which would change.

    With `migrate`, the canonical form is schema_version 2's: a version 1 file
    is rewritten with the same meaning (classic, CIDR ranges). Without it, a
    file keeps its own version.
    """
    targets = paths or workspace.connector_paths()
    if not paths and _unreadable(workspace):
        return 2
    base = Path.cwd()
    status = 0
    changed = 0
    verb_done = "migrated to schema_version 2" if migrate else "reformatted"
    for path in targets:
        loaded = _workspace_for(path, workspace, explicit=False).load(path)
        shown = visible(str(Path(path)), 200)
        if has_errors(loaded.problems) or loaded.connector is None:
            for problem in loaded.problems:
                if problem.is_error:
                    out(problem.format(base))
            what = "migrated" if migrate else "formatted"
            out(f"{shown}: not {what}: fix the errors first", error=True)
            status = 1
            continue
        canonical: str | None
        if migrate:
            canonical = dump_connector(loaded.connector.migrated())
        else:
            canonical = loaded.canonical_text
        assert canonical is not None
        if loaded.text == canonical:
            continue
        if check or diff:
            changed += 1
        if diff:
            out(reports.rewrite_diff(shown, loaded.text or "", canonical, migrate), end="")
        if check:
            if migrate and loaded.connector.schema_version == 1:
                out(
                    f"{shown}: still schema_version 1{reports.comment_note(loaded.positions.comment_lines)}"
                )
            else:
                out(
                    f"{shown}: not in canonical form{reports.comment_note(loaded.positions.comment_lines)}"
                )
            status = 1
        elif not diff:
            try:
                replace_file(path, canonical, loaded.fingerprint)
            except (SaveConflict, OSError) as exc:
                out(f"{shown}: not {'migrated' if migrate else 'formatted'}: {exc}", error=True)
                status = 1
                continue
            changed += 1  # only a write that happened
            done = verb_done if loaded.connector.schema_version == 1 else "reformatted"
            out(f"{shown}: {done}{reports.comment_note(loaded.positions.comment_lines)}")
    out(reports.rewrite_summary(len(targets), changed, check or diff, migrate), error=True)
    return status


# -- schema and list ------------------------------------------------------------------


def cmd_schema() -> int:
    """Print the connector file's JSON Schema."""
    from acwizard.model import json_schema

    out(json.dumps(json_schema(), indent=2))
    return 0


def cmd_list(workspace: Workspace, as_json: bool) -> int:
    """Print the workspace's connectors; 0 even when some are invalid."""
    rows = in_two_processes(  # without pydantic when plainly valid
        workspace,
        workspace.connector_paths(),
        lambda path: reports.list_row(load_file(workspace, path)),
    )
    if _unreadable(workspace):
        return 2
    if as_json:
        out(reports.list_json(rows))
        return 0
    for line in reports.list_table(rows, workspace.root):
        out(line)
    return 0


# -- audit and diff ---------------------------------------------------------------------


def cmd_audit(
    workspace: Workspace,
    output: str,
    fail_on: str,
    wide_prefix: int,
    today: date | None = None,
    wide_prefix_v6: int = WIDE_PREFIX_V6,
) -> int:
    """Print the findings and the migration status; 1 when a finding is at least `fail_on`."""
    from acwizard.audit import Reviewed, audit_report, reviewed

    today = today or date.today()
    online = workspace.settings.online

    def load_and_review(path: Path) -> Reviewed:
        """A file's summary and own findings, in either process when there are many."""
        loaded = load_file(workspace, path)  # without pydantic when plainly valid
        if loaded.connector is None or loaded.status == "invalid":
            return reviewed(loaded.id, None, [])
        return reviewed(
            loaded.id,
            loaded.connector,
            connector_findings(
                loaded.id,
                loaded.connector,
                workspace.catalog,
                online,
                wide_prefix,
                today,
                wide_prefix_v6,
            ),
        )

    reviewed_files = in_two_processes(workspace, workspace.connector_paths(), load_and_review)
    if _unreadable(workspace):
        return 2
    report = audit_report(reviewed_files, today)
    if output == "json":
        out(reports.audit_json(report))
    elif output == "markdown":
        for line in reports.audit_markdown(report):
            out(line, keep=markdown.WORD_JOINER)
    else:
        for line in reports.audit_text(report):
            out(line)
    return 1 if report.fails(fail_on) else 0


def cmd_diff(workspace: Workspace, revisions: list[str], output: str) -> int:
    """Print what changed in access between two states; 2 when one cannot be read."""
    from acwizard.changes import compare
    from acwizard.history import WORKING_TREE, HistoryError, Revision, snapshots

    if len(revisions) > 2:
        out("acwizard diff: give at most two revisions or directories", error=True)
        return 2
    if not revisions:
        sources = [Revision("HEAD"), WORKING_TREE]
    elif len(revisions) == 1:
        sources = [revisions[0], WORKING_TREE]
    else:
        sources = revisions
    try:
        before, after = snapshots(workspace.root, sources)
    except HistoryError as exc:
        out(f"acwizard diff: {exc}", error=True)
        return 2
    changes = compare(before.connectors, after.connectors, after.invalid)
    problems = before.problems + after.problems
    render = reports.diff_markdown if output == "markdown" else reports.diff_text
    for line in render(before.label, after.label, changes, problems):
        out(line, keep=markdown.WORD_JOINER if output == "markdown" else "")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
