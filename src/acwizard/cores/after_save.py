"""After a save: the clicks that make Profit match what was just saved.

A saved file changes nothing in Profit: every change is clicked by hand in each
environment (issue 21). When OK has written a connector, the properties screen keeps
a `SavedConnector` (the connector before and after the save); the list shows its
steps on request (`screens.after_save`), made by `acwizard plan`'s own core
(`planning.connector.connector_section`) and renderer (`reports.plan.plan_text`), so
the TUI and `acwizard plan` never disagree.

A connector the New wizard created in this session has no counterpart in Profit
yet: its steps are Profit's create flow (New, description, user group, Finish,
which creates it blocked; unblocking last, only when the file says so), preceded
by "Add a user group" when neither the catalog nor another connector names its
group. This module never imports Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from acwizard.changes import access_changes
from acwizard.planning.connector import Context, connector_section, user_group_section
from acwizard.planning.steps import Plan
from acwizard.reports.plan import plan_text

if TYPE_CHECKING:
    from acwizard.catalog import Catalog
    from acwizard.files.settings import Settings
    from acwizard.model import AppConnector

__all__ = ["SavedConnector", "clicks_text", "known_groups"]

BEFORE_CREATED = "not in Profit yet"
"""The plan's `before` for a connector the wizard created in this session."""


@dataclass(frozen=True)
class SavedConnector:
    """A connector OK has just written: what Profit has (as far as acwizard knows), and
    what the file says now."""

    connector_id: str
    before: AppConnector | None
    """The connector as it was opened; None when the New wizard created it in this session
    (Profit does not have it yet)."""
    after: AppConnector
    """The connector as saved."""

    @property
    def created(self) -> bool:
        """True when the steps are Profit's create flow."""
        return self.before is None


def known_groups(groups: Iterable[tuple[str, str]], saved_id: str) -> set[str]:
    """The user groups (case-folded) of the other connectors, from (id, group) pairs: a
    group one of them names exists in Profit already."""
    return {group.casefold() for connector_id, group in groups if connector_id != saved_id}


def clicks_text(
    saved: SavedConnector,
    settings: Settings,
    catalog: Catalog,
    other_groups: Iterable[str] = (),
) -> list[str]:
    """The steps of `saved` as `acwizard plan` prints them (English, text).

    `other_groups`: user groups (case-folded) other connectors of the workspace name.
    """
    context = Context(settings.profit_version)
    section = connector_section(
        saved.connector_id,
        saved.before,
        saved.after,
        context,
        access_changes(saved.before, saved.after),
    )
    sections = [section]
    group = saved.after.user_group
    existing = {name.casefold() for name in catalog.section("user_groups")} | set(other_groups)
    if saved.created and group.casefold() not in existing:
        sections.insert(0, user_group_section(group))
    before = BEFORE_CREATED if saved.created else f"{saved.connector_id} as opened"
    plan = Plan(before, f"{saved.connector_id} as saved", settings.environment, sections=sections)
    return plan_text(plan, "en")
