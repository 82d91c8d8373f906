"""The `acwizard` command: the TUI, and the verbs used in git hooks and CI.

`acwizard` alone opens the TUI on the workspace. `validate`, `fmt`, `schema`
and `list` never import Textual, so that a pre-commit hook starts fast; the
TUI is imported only when it is about to run.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from acwizard import __version__, markdown
from acwizard.audit import LEVELS, WIDE_PREFIX, WIDE_PREFIX_V6
from acwizard.catalog import read_catalog_file
from acwizard.checkcache import (
    ValidationCache,
    catalog_problems,
    check_file,
    check_files,
    in_two_processes,
    load_file,
    load_files,
)
from acwizard.problems import Problem, has_errors
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
from acwizard.text import escaped, file_lines, json_text, terminal_text, visible
from acwizard.workspace import ConnectorFile, Workspace, duplicate_description_problems


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
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{visible(value, 40)}' is not a date: write YYYY-MM-DD, such as 2027-05-02"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every verb."""
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
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND")

    validate = verbs.add_parser(
        "validate",
        help="check connector files; exit 1 when there is an error",
        description=(
            "Check the workspace, or the given files, and print one line per problem "
            "as path:line: error|warning: message. Exits 1 when there is an error."
        ),
    )
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

    fmt = verbs.add_parser(
        "fmt",
        help="rewrite connector files in canonical form",
        description=(
            "Rewrite connector files in their canonical form. A file that does not "
            "validate is never rewritten. Hand-written comments are not part of the "
            "format: they are reported, and removed only when the file is rewritten."
        ),
    )
    fmt.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    fmt.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file is not canonical"
    )
    fmt.add_argument("--diff", action="store_true", help="show what would change; change nothing")

    migrate = verbs.add_parser(
        "migrate",
        help="rewrite schema_version 1 files as canonical version 2 files",
        description=(
            "Rewrite schema_version 1 connector files as canonical version 2 files with "
            'the same meaning: authentication = "classic" (what a version 1 file was) '
            "and IP ranges in CIDR. A file with errors is never rewritten. Comments are "
            "reported as fmt reports them."
        ),
    )
    migrate.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    migrate.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file is not version 2"
    )
    migrate.add_argument(
        "--diff", action="store_true", help="show what would change; change nothing"
    )

    verbs.add_parser(
        "schema",
        help="print the JSON Schema of a connector file",
        description="Print the JSON Schema of a connector file, for editors such as taplo.",
    )

    audit = verbs.add_parser(
        "audit",
        help="findings per connector for an access review",
        description=(
            "Report what an access review should look at: active connectors callable "
            "from anywhere, AFAS Connect test addresses, wide ranges, deny lists, writes "
            "of payroll, personnel or finance data, shared user groups, ids missing from "
            "the catalog."
        ),
    )
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

    diff = verbs.add_parser(
        "diff",
        help="what changed in access between two revisions",
        description=(
            "Say per connector what changed in access terms: created, deleted, blocked "
            "or unblocked, connectors granted or revoked, IP lines added or removed, user "
            "group changed. Without revisions: HEAD against the working tree; with one: "
            "that revision against the working tree. Two directories also work."
        ),
    )
    diff.add_argument("revisions", nargs="*", metavar="REV", help="git revisions or directories")
    diff.add_argument("--format", choices=("text", "markdown"), default="text")

    listing = verbs.add_parser(
        "list",
        help="list the workspace's connectors with their status",
        description="List the workspace's connectors: id, status, what they grant.",
    )
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    root = args.workspace or Path.cwd()
    try:
        if args.verb == "schema":
            return cmd_schema()
        refusal = _not_a_workspace(
            root, whole=args.verb in WHOLE_WORKSPACE_VERBS and not getattr(args, "paths", None)
        )
        if refusal:
            out(f"acwizard: {refusal}", error=True)
            return 2
        if args.verb is None:
            return run_tui(root)
        workspace = Workspace.open(root)
        if args.verb == "validate":
            return cmd_validate(
                workspace,
                args.paths,
                explicit=args.workspace is not None,
                cache=not args.no_cache,
                whole=args.whole_workspace,
            )
        if args.verb == "fmt":
            return cmd_fmt(workspace, args.paths, check=args.check, diff=args.diff)
        if args.verb == "migrate":
            return cmd_fmt(workspace, args.paths, check=args.check, diff=args.diff, migrate=True)
        if args.verb == "list":
            return cmd_list(workspace, as_json=args.json)
        if args.verb == "audit":
            return cmd_audit(
                workspace,
                args.format,
                args.fail_on,
                args.wide_prefix,
                today=args.today or date.today(),
                wide_prefix_v6=args.wide_prefix_v6,
            )
        if args.verb == "diff":
            return cmd_diff(workspace, args.revisions, args.format)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        sys.stderr.close()
        return 0
    raise AssertionError(f"unknown verb {args.verb}")  # pragma: no cover


WHOLE_WORKSPACE_VERBS = frozenset({"validate", "fmt", "migrate", "list", "audit"})
"""Verbs that, without paths, look at every file of the workspace."""


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
    base = Path.cwd()
    for problem in unique:
        out(problem.format(base))
    errors = sum(problem.is_error for problem in unique)
    warnings = len(unique) - errors
    out(
        f"{checked} file{'s' * (checked != 1)} checked: {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}",
        error=True,
    )
    return 1 if errors else 0


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
    base = Path.cwd()
    for problem in workspace.listing_problems:
        out(problem.format(base), error=True)
    return bool(workspace.listing_problems)


# -- fmt -------------------------------------------------------------------------


def _comment_note(loaded: ConnectorFile) -> str:
    """Which hand-written comments a rewrite removes, or ''."""
    lines = loaded.positions.comment_lines
    if not lines:
        return ""
    shown = ", ".join(str(line) for line in lines[:10]) + (", ..." if len(lines) > 10 else "")
    plural = "s" if len(lines) > 1 else ""
    return f" (removes the comment{plural} on line{plural} {shown})"


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
            lines = difflib.unified_diff(
                file_lines(loaded.text or ""),
                file_lines(canonical),
                fromfile=f"{shown} (on disk)",
                tofile=f"{shown} ({'version 2' if migrate else 'canonical'})",
            )
            # Comments are copied into the diff as they are: bidi and C1
            # characters in them are shown as escapes, line ends are kept.
            out("".join(lines), end="")
        if check:
            if migrate and loaded.connector.schema_version == 1:
                out(f"{shown}: still schema_version 1{_comment_note(loaded)}")
            else:
                out(f"{shown}: not in canonical form{_comment_note(loaded)}")
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
            out(f"{shown}: {done}{_comment_note(loaded)}")
    if migrate:
        verb = "would be migrated or reformatted" if (check or diff) else "migrated or reformatted"
    else:
        verb = "would be reformatted" if (check or diff) else "reformatted"
    out(
        f"{len(targets)} file{'s' * (len(targets) != 1)} checked, {changed} {verb}",
        error=True,
    )
    return status


# -- schema and list ------------------------------------------------------------------


def cmd_schema() -> int:
    """Print the connector file's JSON Schema."""
    from acwizard.model import json_schema

    out(json.dumps(json_schema(), indent=2))
    return 0


def cmd_list(workspace: Workspace, as_json: bool) -> int:
    """Print the workspace's connectors; 0 even when some are invalid."""
    rows: list[dict[str, Any]] = []  # JSON objects: each key has its own type
    loaded_files = load_files(workspace)  # in two processes when there are many
    if _unreadable(workspace):
        return 2
    for loaded in loaded_files:
        connector = loaded.connector
        errors = sum(problem.is_error for problem in loaded.problems)
        rows.append(
            {
                "id": loaded.id,
                "path": str(loaded.path),
                "status": loaded.status,
                "description": connector.description if connector else None,
                "user_group": connector.user_group if connector else None,
                "get_connectors": len(connector.get_connectors) if connector else None,
                "update_connectors": len(connector.update_connectors) if connector else None,
                "connectors": len(connector.connectors) if connector else None,
                "ip_restrictions": connector.ip_summary() if connector else None,
                "errors": errors,
            }
        )
    if as_json:
        out(json_text(json.dumps(rows, indent=2, ensure_ascii=False)))
        return 0
    if not rows:
        out(f"no connectors in {visible(str(workspace.root / CONNECTORS_DIR), 200)}")
        return 0
    header = ("ID", "STATUS", "GET", "UPD", "CONN", "IP", "DESCRIPTION")
    table = [header]
    for row in rows:
        if row["status"] == "invalid":
            table.append(
                (escaped(row["id"]), "invalid", "-", "-", "-", "-", f"{row['errors']} error(s)")
            )
            continue
        table.append(
            (
                row["id"],
                row["status"],
                str(row["get_connectors"]),
                str(row["update_connectors"]),
                str(row["connectors"]),
                str(row["ip_restrictions"]),
                visible(str(row["description"])),
            )
        )
    widths = [max(len(line[column]) for line in table) for column in range(len(header) - 1)]
    for line in table:
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
        out("  ".join([*cells, line[-1]]).rstrip())
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
    from acwizard.audit import (
        CLASSIC_END,
        Finding,
        at_or_above,
        connector_findings,
        migration_status,
        workspace_findings,
    )

    today = today or date.today()

    online = workspace.settings.online

    def load_and_review(path: Path) -> tuple[ConnectorFile, list[Finding] | None]:
        """A file and its own findings: both in either process when there are many."""
        loaded = load_file(workspace, path)  # without pydantic when plainly valid
        if loaded.connector is None or loaded.status == "invalid":
            return loaded, None
        return loaded, connector_findings(
            loaded.id,
            loaded.connector,
            workspace.catalog,
            online,
            wide_prefix,
            today,
            wide_prefix_v6,
        )

    reviewed = in_two_processes(workspace, workspace.connector_paths(), load_and_review)
    loaded_files = [loaded for loaded, _ in reviewed]
    if _unreadable(workspace):
        return 2
    connectors = {
        loaded.id: loaded.connector
        for loaded in loaded_files
        if loaded.connector is not None and loaded.status != "invalid"
    }
    own = {loaded.id: found for loaded, found in reviewed if found is not None}
    findings = workspace_findings(
        connectors,
        workspace.catalog,
        online,
        wide_prefix,
        today=today,
        wide_prefix_v6=wide_prefix_v6,
        own=own,
    )
    migration = migration_status(connectors, today)
    left = max((CLASSIC_END - today).days, 0)
    to_do = sum(row["authentication"] != "oauth" for row in migration)
    migration_title = (
        f"Migration to OAuth: {to_do} of {len(migration)} connectors still to move; "
        f"classic tokens stop working after {CLASSIC_END.isoformat()} ({left} days left "
        f"on {today.isoformat()})"
    )
    findings += [
        Finding(loaded.id, "high", "invalid-file", "does not validate: run acwizard validate")
        for loaded in loaded_files
        if loaded.status == "invalid"
    ]
    findings.sort(key=lambda f: (f.connector_id, LEVELS.index(f.level)))
    counts = {level: sum(f.level == level for f in findings) for level in LEVELS}
    summary = ", ".join(f"{count} {level}" for level, count in counts.items() if count)
    summary = f"{len(findings)} finding{'s' * (len(findings) != 1)}" + (
        f": {summary}" if summary else ""
    )
    names = {key: value.description for key, value in connectors.items()}
    states = {key: "blocked" if value.blocked else "active" for key, value in connectors.items()}
    if output == "json":
        report = {
            "summary": counts,
            "findings": [f.to_dict() for f in findings],
            "migration": {
                "today": today.isoformat(),
                "deadline": CLASSIC_END.isoformat(),
                "days_left": left,
                "connectors": migration,
            },
        }
        out(json_text(json.dumps(report, indent=2, ensure_ascii=False)))
    elif output == "markdown":
        out(f"### acwizard audit: {summary}\n")
        if findings:
            out("| Connector | State | Severity | Finding |")
            out("|---|---|---|---|")
            for f in findings:
                name = markdown.inline(names.get(f.connector_id, f.connector_id))
                connector_id = markdown.code(f.connector_id, in_table=True)
                state = states.get(f.connector_id, "invalid")
                out(
                    f"| **{name}** ({connector_id}) | {state} | {f.level} | "
                    f"{markdown.inline(f.message)} |",
                    keep=markdown.WORD_JOINER,
                )
        if migration:
            out(f"\n### {markdown.inline(migration_title)}\n", keep=markdown.WORD_JOINER)
            out("| Connector | Authentication | Days left |")
            out("|---|---|---|")
            for row in migration:
                connector_id = str(row["connector_id"])
                name = markdown.inline(names.get(connector_id, connector_id))
                days = "done" if row["days_left"] is None else str(row["days_left"])
                out(
                    f"| **{name}** ({markdown.code(connector_id, in_table=True)}) | "
                    f"{row['authentication']} | {days} |",
                    keep=markdown.WORD_JOINER,
                )
    else:
        current = None
        for f in findings:
            if f.connector_id != current:
                current = f.connector_id
                name = visible(names.get(current, current))
                out(f"{escaped(current)} ({name}, {states.get(current, 'invalid')})")
            out(f"  {f.level:<7} {f.code:<21} {f.message}")
        out(summary)
        if migration:
            out("")
            out(migration_title)
            for row in migration:
                days = "done" if row["days_left"] is None else f"{row['days_left']} days left"
                out(f"  {escaped(str(row['connector_id'])):<30} {row['authentication']:<8} {days}")
    if fail_on == "never":
        return 0
    return 1 if at_or_above(findings, fail_on) else 0  # type: ignore[arg-type]


def cmd_diff(workspace: Workspace, revisions: list[str], output: str) -> int:
    """Print what changed in access between two states; 2 when one cannot be read."""
    from acwizard.changes import compare
    from acwizard.history import WORKING_TREE, HistoryError, snapshots

    if len(revisions) > 2:
        out("acwizard diff: give at most two revisions or directories", error=True)
        return 2
    if not revisions:
        sources = ["HEAD", WORKING_TREE]
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
    title = f"{before.label} -> {after.label}"
    problems = before.problems + after.problems
    if output == "markdown":
        labels = f"{markdown.inline(before.label)} -\\> {markdown.inline(after.label)}"
        out(f"### Access changes ({labels})\n", keep=markdown.WORD_JOINER)
        if problems:  # files of a revision that could not be read or do not validate
            out("Files that do not validate:\n")
            for problem in problems:
                out(f"- {markdown.inline(problem.format())}", keep=markdown.WORD_JOINER)
            out()
        if not changes:
            out("No access changes.")
        for change in changes:
            path = markdown.code(f"{CONNECTORS_DIR}/{change.connector_id}.toml")
            entry = f"**{markdown.inline(change.description)}** ({path}, {change.kind})"
            out(entry, keep=markdown.WORD_JOINER)
            for line in change.lines:
                out(f"- {markdown.inline(line)}", keep=markdown.WORD_JOINER)
            out()
        return 0
    for problem in problems:  # before the changes, as validate prints them
        out(problem.format())
    if not changes:
        out(f"No access changes ({visible(title)}).")
    for change in changes:
        out(f"{escaped(change.connector_id)} ({visible(change.description)}): {change.kind}")
        for line in change.lines:
            out(f"  {line}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
