"""After a save: the clicks that make Profit match what this session saved.

A saved file changes nothing in Profit: every change is clicked by hand in each
environment (issue 21). `acwizard.cores.session_saves.SessionSaves` keeps, per
connector, its state before the first save of this session and after the last;
the list shows the steps between the two on request (`screens.after_save`), made
by `acwizard plan`'s own core (`planning.connector.connector_section`) and renderer
(`reports.plan.plan_text`), so the TUI and `acwizard plan` never disagree.

A connector the New wizard created in this session has no counterpart in Profit
yet: its steps are Profit's create flow (New, description, user group, Finish,
which creates it blocked; unblocking last, only when the file says so), preceded
by "Add a user group" when neither the catalog nor another connector names its
group. A connector deleted in this session gets plan's steps for a removed one.
Changes from before this session are `acwizard plan`'s (`FALLBACK`). This module
never imports Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from acwizard.changes import access_changes
from acwizard.cores.session_saves import SavedConnector
from acwizard.planning.connector import Context, connector_section, user_group_section
from acwizard.planning.steps import Plan, Section
from acwizard.reports.plan import plan_text
from acwizard.text import plural

if TYPE_CHECKING:
    from acwizard.catalog import Catalog
    from acwizard.files.settings import Settings

__all__ = ["FALLBACK", "SavedConnector", "clicks_text", "heading", "known_groups"]

BEFORE_CREATED = "not in Profit yet"
"""The plan's `before` for a connector the wizard created in this session."""

FALLBACK = (
    "Earlier changes: `acwizard plan` between the commits (in a git workspace) or "
    "`acwizard plan --from`."
)
"""Where the clicks for what this session did not save are."""

NOTHING_TO_CLICK = "Nothing to click in Profit: {}"


def known_groups(groups: Iterable[tuple[str, str]], saved_id: str) -> set[str]:
    """The user groups (case-folded) of the other connectors, from (id, group) pairs: a
    group one of them names exists in Profit already."""
    return {group.casefold() for connector_id, group in groups if connector_id != saved_id}


def _sections(saved: SavedConnector, context: Context, existing_groups: set[str]) -> list[Section]:
    """The plan's sections for one connector's saves, combined; none when they undo
    each other."""
    if saved.unchanged:
        return []
    section = connector_section(
        saved.connector_id,
        saved.before,
        saved.after,
        context,
        access_changes(saved.before, saved.after),
    )
    after = saved.after
    if saved.created and after is not None and after.user_group.casefold() not in existing_groups:
        return [user_group_section(after.user_group), section]
    return [section]


def _labels(saves: Sequence[SavedConnector]) -> tuple[str, str]:
    """The plan's `before` and `after`: which states the steps lie between."""
    if len(saves) != 1:
        return "before this session's first saves", "as saved last"
    saved = saves[0]
    before = BEFORE_CREATED if saved.created else f"{saved.connector_id} before this session"
    return before, f"{saved.connector_id} {'deleted' if saved.deleted else 'as saved'}"


def _why_nothing(saved: SavedConnector) -> str:
    """Why one connector's saves leave nothing to click."""
    if saved.created:
        return "it was created and deleted in this session; Profit never had it."
    return (
        f"the {saved.saves} {plural('save', saved.saves)} of this session end where they began "
        "(the last undid the earlier ones)."
    )


def clicks_text(
    saves: SavedConnector | Sequence[SavedConnector],
    settings: Settings,
    catalog: Catalog,
    other_groups: Iterable[str] = (),
) -> list[str]:
    """The steps of `saves` as `acwizard plan` prints them (English, text).

    `other_groups`: user groups (case-folded) other connectors of the workspace name.
    """
    saves = [saves] if isinstance(saves, SavedConnector) else list(saves)
    context = Context(settings.profit_version)
    existing = {name.casefold() for name in catalog.section("user_groups")} | set(other_groups)
    sections: list[Section] = []
    for saved in saves:
        for section in _sections(saved, context, existing):
            if section.kind == "user_group":
                if section.title in (known.title for known in sections):
                    continue
                sections.insert(0, section)  # a group comes before what needs it
            else:
                sections.append(section)
    if not sections:
        reasons = [_why_nothing(saved) for saved in saves]
        return [NOTHING_TO_CLICK.format(reason) for reason in reasons or ["nothing was saved."]]
    before, after = _labels(saves)
    return plan_text(Plan(before, after, settings.environment, sections=sections), "en")


def heading(saves: Sequence[SavedConnector], under_cursor: str | None = None) -> str:
    """What the clicks view says above the steps: which saves they cover, and where the
    clicks for anything else are.

    `under_cursor`: the name of the list's row when it has no save in this session (the
    view then covers every save of the session).
    """
    if under_cursor is not None or len(saves) != 1:
        lead = f"'{under_cursor}' has no save in this session. " if under_cursor is not None else ""
        return (
            f"{lead}The clicks for every save and deletion of this session ({len(saves)} "
            f"{plural('connector', len(saves))}), combined; Profit has not changed. {FALLBACK}"
        )
    saved = saves[0]
    file_name = f"connectors/{saved.connector_id}.toml"
    done = "deleted" if saved.deleted else "created" if saved.created else "saved"
    return (
        f"{file_name} is {done}; Profit has not changed. The clicks for the {saved.saves} "
        f"{plural('save', saved.saves)} of this session, combined. {FALLBACK}"
    )
