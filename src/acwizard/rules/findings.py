"""The one finding type of every rule, its levels, and their order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from acwizard.problems import Severity

__all__ = [
    "LEVELS",
    "NOT_IN_CATALOG",
    "Finding",
    "Level",
    "ReviewLevel",
    "at_or_above",
    "level_order",
]

ReviewLevel = Literal["high", "medium", "low", "info"]
"""How serious a review finding is."""
Level = Literal["error", "warning", "high", "medium", "low", "info"]
"""A file rule's severity (error, warning) or a review finding's level."""
LEVELS: tuple[ReviewLevel, ...] = ("high", "medium", "low", "info")
"""Review levels, most serious first."""

NOT_IN_CATALOG = "not in the catalog"
"""How every message says that the catalog lacks an id or a user group."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's verdict on one connector.

    A file rule's finding has a `loc` (the key path it is about, for a line or
    a field) and the level `error` or `warning`; a review finding has the
    connector's id and a review level. `code` names the rule.
    """

    level: Level
    code: str
    message: str
    connector_id: str = ""
    loc: tuple[str | int, ...] = ()

    @property
    def severity(self) -> Severity:
        """A file rule's level as a problem's severity (anything but an error is a warning)."""
        return "error" if self.level == "error" else "warning"

    def to_dict(self) -> dict[str, str]:
        """The finding as the audit's JSON has always shown it."""
        return {
            "connector_id": self.connector_id,
            "level": self.level,
            "code": self.code,
            "message": self.message,
        }

    def __reduce__(
        self,
    ) -> tuple[type[Finding], tuple[Level, str, str, str, tuple[str | int, ...]]]:
        """Pickled as its five values: the audit's second process sends thousands, and
        the generic state of a slotted dataclass takes seven times as long to load."""
        return Finding, (self.level, self.code, self.message, self.connector_id, self.loc)


_RANK: dict[str, int] = {"error": -1, "warning": -1} | {
    level: rank for rank, level in enumerate(LEVELS)
}
"""Each level's place in `level_order`."""


def level_order(finding: Finding) -> int:
    """Where `finding` sorts: most serious first (file rules' levels before review levels)."""
    return _RANK[finding.level]


def at_or_above(findings: list[Finding], level: ReviewLevel) -> list[Finding]:
    """The review findings at least as serious as `level`."""
    limit = LEVELS.index(level)
    return [finding for finding in findings if level_order(finding) <= limit]
