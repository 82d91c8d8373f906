"""The two states a plan goes between: git revisions (as diff reads them), or two workspaces.

Between revisions (`plan [REV_A [REV_B]]`), `acwizard.history.snapshots` reads both
sides and `acwizard.changes.compare` says which connectors changed, exactly as
`acwizard diff`; the workspace's settings and catalog say which user groups exist
and which Profit version the environment runs.

Between workspaces (`plan --from TEST --to PRODUCTION`) the clicks are made in the
environment of `--to`, so that it matches the files of `--from`. Connectors are
matched by id; each side is read with its own settings and catalog. A file whose
bytes are the same on both sides is not read further (at 5,000 connectors, reading
every file through the model would cost more than the rest together). What the
target's acwizard.toml marks as differing on purpose (`[environment_differences]`,
`acwizard.planning.differences`) is left out before comparing, and each connector to
repeat is checked against the target's settings and catalog: an error (a feature the
target's Profit version lacks) means it cannot be repeated there, a warning (an id
the target's catalog does not list) is shown above its steps. This module never
imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from acwizard.changes import compare
from acwizard.files.layout import list_connector_files
from acwizard.files.reading import read_bytes
from acwizard.history import WORKING_TREE, HistoryError, Revision, snapshots
from acwizard.planning.connector import Context, connector_section, user_group_section
from acwizard.planning.differences import apply_differences
from acwizard.planning.steps import Plan, PlanMode, Section, Value, note
from acwizard.problems import Problem, has_errors
from acwizard.text import visible
from acwizard.workspace import Workspace

if TYPE_CHECKING:
    from acwizard.model import AppConnector


@dataclass
class States:
    """Two states to plan between, and what the steps depend on."""

    before: dict[str, AppConnector]
    after: dict[str, AppConnector]
    invalid: set[str]
    existing_groups: set[str]
    """User groups known to exist (case-folded): a connector of `before` or the catalog names them."""
    context: Context
    problems: list[Problem] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    """Per connector id, findings of the target workspace about the connector to repeat."""
    refused: set[str] = field(default_factory=set)
    """Connectors the target workspace cannot take as they are (errors among `notes`)."""
    all_groups: Callable[[], set[str]] | None = None
    """Every user group of the state before, read only when a connector needs a group
    `existing_groups` does not know (reading every file costs; the catalog usually knows)."""


def known_groups(connectors: Iterable[AppConnector], workspace: Workspace) -> set[str]:
    """The user groups the environment has: used by its connectors or listed in its catalog."""
    groups = {connector.user_group.casefold() for connector in connectors}
    groups |= {group.casefold() for group in workspace.catalog.section("user_groups")}
    return groups


def plan_revisions(workspace: Workspace, revisions: list[str]) -> Plan:
    """The plan between revisions, as `diff` reads them; raises HistoryError as diff's."""
    if len(revisions) > 2:
        raise HistoryError("give at most two revisions or directories")
    if not revisions:
        sources: list[str] = [Revision("HEAD"), WORKING_TREE]
    elif len(revisions) == 1:
        sources = [revisions[0], WORKING_TREE]
    else:
        sources = list(revisions)
    before, after = snapshots(workspace.root, sources)

    def all_groups() -> set[str]:
        # Between two revisions, files both hold unchanged were not read: read them now.
        whole = before if sources[1] == WORKING_TREE else snapshots(workspace.root, sources[:1])[0]
        return {connector.user_group.casefold() for connector in whole.connectors.values()}

    states = States(
        before.connectors,
        after.connectors,
        set(after.invalid),
        known_groups(before.connectors.values(), workspace),
        Context(workspace.settings.profit_version),
        before.problems + after.problems,
        all_groups=all_groups,
    )
    return build_plan(states, before.label, after.label, workspace.settings.environment)


def build_plan(
    states: States,
    before: str,
    after: str,
    environment: str | None,
    mode: PlanMode = "revisions",
) -> Plan:
    """The sections: new user groups first, then each changed connector in id order."""
    plan = Plan(before, after, environment, mode, problems=list(states.problems))
    changes = compare(states.before, states.after, states.invalid)
    groups: dict[str, str] = {}
    for change in changes:
        connector = states.after.get(change.connector_id)
        if change.kind == "invalid" or connector is None:
            continue
        if change.connector_id in states.refused:
            continue
        group = connector.user_group
        if group.casefold() not in states.existing_groups:
            groups.setdefault(group.casefold(), group)
    if groups and states.all_groups is not None:
        known = states.all_groups()
        groups = {folded: group for folded, group in groups.items() if folded not in known}
    plan.sections = [user_group_section(group) for group in sorted(groups.values())]
    for change in changes:
        plan.sections.append(_section(states, change.connector_id, change.kind, change.lines))
    return plan


def _section(states: States, connector_id: str, kind: str, lines: list[str]) -> Section:
    """One connector's section, with the target's findings above its steps."""
    if kind == "invalid":
        title = note("section_invalid", Value(connector_id, "id"))
        return Section("invalid", title, connector_id, [note("note_invalid", level=0)], lines)
    before, after = states.before.get(connector_id), states.after.get(connector_id)
    section = connector_section(connector_id, before, after, states.context, lines)
    findings = [
        note(
            "note_cannot_repeat" if connector_id in states.refused else "note_target_finding",
            Value(message, "message"),
            level=0,
        )
        for message in states.notes.get(connector_id, [])
    ]
    if connector_id in states.refused:
        section.steps = findings
    else:
        section.steps = findings + section.steps
    return section


# -- two workspaces ------------------------------------------------------------------


def _open_workspace(directory: Path, role: str) -> Workspace:
    """A workspace to plan from or to; HistoryError when it cannot be read whole."""
    if not directory.is_dir():
        raise HistoryError(f"{role} {visible(str(directory), 200)} is not a directory")
    workspace = Workspace.open(directory)
    errors = [problem for problem in workspace.settings_problems if problem.is_error]
    if errors:
        raise HistoryError(f"{errors[0].format()} (fix {role}'s acwizard.toml first)")
    return workspace


def _listing(workspace: Workspace) -> dict[str, Path]:
    """The connector files of a workspace by id; HistoryError when connectors/ is unreadable."""
    paths, problems = list_connector_files(workspace.root)
    if problems:
        raise HistoryError(problems[0].format())
    return {path.name.removesuffix(".toml"): path for path in paths}


def plan_workspaces(source_dir: Path, target_dir: Path) -> Plan:
    """The clicks in `target_dir`'s environment that repeat `source_dir`'s connectors."""
    source = _open_workspace(source_dir, "--from")
    target = _open_workspace(target_dir, "--to")
    differences = target.settings.urls_plan.differences
    expected = differences.source_environment
    if expected and source.settings.environment != expected:
        named = source.settings.environment or "no environment"
        raise HistoryError(
            f"--from {visible(str(source_dir), 200)} is {named}, but --to's acwizard.toml "
            f"says it repeats {expected} (environment_differences.source_environment)"
        )
    source_files, target_files = _listing(source), _listing(target)
    prefixes = [prefix.encode() for prefix, _ in differences.url_prefixes]
    states = States({}, {}, set(), set(), Context(target.settings.profit_version))
    for connector_id in sorted(source_files.keys() | target_files.keys()):
        raw_source = _raw(source_files.get(connector_id))
        raw_target = _raw(target_files.get(connector_id))
        if (
            raw_source is not None
            and raw_source == raw_target
            and not any(prefix in raw_source for prefix in prefixes)
        ):
            continue  # the same bytes: the same connector (no URL to rewrite in it)
        wanted, wanted_valid = _load(source, source_files.get(connector_id), raw_source, states)
        current, current_valid = _load(target, target_files.get(connector_id), raw_target, states)
        if not (wanted_valid and current_valid):
            states.invalid.add(connector_id)
            continue
        if current is not None:
            states.before[connector_id] = current
        if wanted is not None:
            adjusted, current_adjusted = apply_differences(wanted, current, differences)
            states.after[connector_id] = adjusted
            if current_adjusted is not None:
                states.before[connector_id] = current_adjusted
            _check_in_target(connector_id, adjusted, target, states)
    states.existing_groups = _target_groups(target, target_files, states)
    return build_plan(
        states,
        visible(str(target_dir), 200),
        visible(str(source_dir), 200),
        target.settings.environment,
        "workspaces",
    )


def _raw(path: Path | None) -> bytes | None:
    """A file's bytes, or None when absent or unreadable (then loading says why)."""
    if path is None:
        return None
    return read_bytes(path)[0]


def _load(
    workspace: Workspace, path: Path | None, raw: bytes | None, states: States
) -> tuple[AppConnector | None, bool]:
    """The valid connector of `path` (None when there is no such file), and False when the
    file does not validate (its errors go to the plan's problems)."""
    if path is None:
        return None, True
    loaded = workspace.load(path, raw)
    if loaded.connector is None or has_errors(loaded.problems):
        states.problems += [problem for problem in loaded.problems if problem.is_error]
        return None, False
    return loaded.connector, True


def _check_in_target(
    connector_id: str, connector: AppConnector, target: Workspace, states: States
) -> None:
    """What the target's settings and catalog say of a connector to repeat there."""
    from acwizard.rules import file_findings

    for finding in file_findings(connector, target.settings, target.catalog):
        if finding.code == "not-in-catalog" and finding.loc[:1] == ("user_group",):
            continue  # a user group the target lacks gets its own section ("Add a user group")
        states.notes.setdefault(connector_id, []).append(finding.message)
        if finding.severity == "error":
            states.refused.add(connector_id)


def _target_groups(target: Workspace, files: dict[str, Path], states: States) -> set[str]:
    """The target's user groups: its catalog's, and those of its connectors (files read only
    when the catalog does not list a group a connector to repeat needs)."""
    groups = known_groups(states.before.values(), target)
    needed = {
        connector.user_group.casefold()
        for connector in states.after.values()
        if connector.user_group.casefold() not in groups
    }
    if not needed:
        return groups
    from acwizard.checking.load import load_file

    for path in files.values():
        loaded = load_file(target, path)  # without pydantic when plainly valid
        if loaded.connector is not None:
            groups.add(loaded.connector.user_group.casefold())
    return groups
