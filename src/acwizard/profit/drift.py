"""Drift: where Profit's /metainfo answer and a connector's file disagree, in plain words.

Access granted in Profit but not in the file comes first: nobody reviewed it.
Then a connector that answers while its file says blocked, an answer from
another environment, grants in the file that Profit does not have, a different
user group or description, and ids spelled otherwise. Special connectors are
compared only when Profit lists them (since Profit 7, under a key AFAS does not
document); otherwise the outcome says "not compared". Whatever matches, IP
restrictions, the authentication type, OAuth settings, webhooks and tokens
are never compared: /metainfo does not show them (`NOT_SHOWN`), and every
report says so. This module never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from acwizard.profit.metainfo import Granted, MetaInfo
from acwizard.text import quoted, say

NOT_SHOWN = (
    "IP restrictions",
    "the authentication type",
    "OAuth settings",
    "webhooks",
    "tokens",
)
"""What /metainfo does not show, so verify cannot compare."""
NOT_SHOWN_NOTE = (
    "Not compared, because Profit's /metainfo does not show them: "
    + ", ".join(NOT_SHOWN[:-1])
    + f" and {NOT_SHOWN[-1]}. A match means the grants, user group and description match."
)

DriftKind = Literal[
    "granted_in_profit",
    "answers_while_blocked",
    "environment",
    "missing_in_profit",
    "user_group",
    "description",
    "spelling",
]
KIND_ORDER: tuple[DriftKind, ...] = get_args(DriftKind)
"""The order drifts are said in: unreviewed access first."""
SECTION_WORDS = {
    "get_connectors": "GetConnector",
    "update_connectors": "UpdateConnector",
    "connectors": "special connector",
}
Status = Literal["match", "drift", "not_asked", "skipped"]
"""match and drift: asked and compared; not_asked: could not be asked (a failure, exit 2);
skipped: deliberately not asked (blocked in its file and not named)."""


@dataclass(frozen=True)
class Drift:
    """One disagreement between Profit and the file."""

    kind: DriftKind
    message: str
    section: str | None = None
    id: str | None = None
    profit: str | None = None
    file: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The drift as a JSON object."""
        return {
            "kind": self.kind,
            "section": self.section,
            "id": self.id,
            "profit": self.profit,
            "file": self.file,
            "message": self.message,
        }


@dataclass(frozen=True)
class Outcome:
    """What verify found for one connector."""

    connector_id: str
    description: str
    status: Status
    drifts: list[Drift] = field(default_factory=list)
    reason: str | None = None
    """Why it was not asked (not_asked, skipped): Profit's answer in words, or ours."""
    failure: str | None = None
    """The kind of failure: unauthorized, ip_restricted, timeout, credentials, sign_in..."""
    notes: list[str] = field(default_factory=list)
    """What else a reader should know: special connectors not compared, unknown keys."""

    @property
    def unreviewed_access(self) -> bool:
        """True when Profit grants something the file does not."""
        return any(drift.kind == "granted_in_profit" for drift in self.drifts)


def _ids(connector: Any, section: str) -> list[str]:
    """The ids a file grants in one section."""
    return list(getattr(connector, section))


def _section_drifts(section: str, in_file: list[str], in_profit: list[Granted]) -> list[Drift]:
    """Grants only in Profit, only in the file, and spelled otherwise, for one section."""
    word = SECTION_WORDS[section]
    file_by_fold = {ident.casefold(): ident for ident in in_file}
    profit_by_fold = {granted.id.casefold(): granted for granted in in_profit}
    drifts: list[Drift] = []
    for fold, granted in profit_by_fold.items():
        own = file_by_fold.get(fold)
        if own is None:
            drifts.append(
                Drift(
                    "granted_in_profit",
                    say(
                        "UNREVIEWED ACCESS: {word} {id!v} is granted in Profit but not in the file",
                        word=word,
                        id=granted.id,
                    ),
                    section,
                    granted.id,
                    granted.id,
                    None,
                )
            )
        elif own != granted.id:
            drifts.append(
                Drift(
                    "spelling",
                    say(
                        "{word} {own!v} is spelled {id!v} in Profit",
                        word=word,
                        own=own,
                        id=granted.id,
                    ),
                    section,
                    own,
                    granted.id,
                    own,
                )
            )
    for fold, own in file_by_fold.items():
        if fold not in profit_by_fold:
            drifts.append(
                Drift(
                    "missing_in_profit",
                    say(
                        "{word} {own!v} is in the file but not granted in Profit",
                        word=word,
                        own=own,
                    ),
                    section,
                    own,
                    None,
                    own,
                )
            )
    return drifts


def _text_drift(kind: DriftKind, label: str, in_profit: str | None, in_file: str) -> list[Drift]:
    """A differing user group or description (None: Profit did not say)."""
    if in_profit is None or in_profit == in_file:
        return []
    return [
        Drift(
            kind,
            say(
                "{label} in Profit: {profit!q}; in the file: {file!q}",
                label=label,
                profit=in_profit,
                file=in_file,
            ),
            None,
            None,
            in_profit,
            in_file,
        )
    ]


def compare(connector_id: str, connector: Any, meta: MetaInfo, environment: str | None) -> Outcome:
    """The outcome of comparing a connector's file with what Profit answered for it."""
    drifts = _section_drifts(
        "get_connectors", _ids(connector, "get_connectors"), meta.get_connectors
    )
    drifts += _section_drifts(
        "update_connectors", _ids(connector, "update_connectors"), meta.update_connectors
    )
    notes: list[str] = []
    if meta.special_connectors is not None:
        drifts += _section_drifts(
            "connectors", _ids(connector, "connectors"), meta.special_connectors
        )
        notes.append(
            f"special connectors compared as Profit lists them under "
            f"{quoted(meta.special_key or '')}, a key AFAS does not document"
        )
    else:
        notes.append("special connectors: not compared (Profit did not list them)")
    if connector.blocked:
        drifts.append(
            Drift(
                "answers_while_blocked",
                "the file says blocked, but Profit answers: the app connector is active",
                file="blocked",
                profit="active",
            )
        )
    if meta.environment is not None and environment and meta.environment != environment:
        drifts.append(
            Drift(
                "environment",
                say(
                    "Profit answers for environment {profit!q}, the workspace is {file!q}: "
                    "the base URL or the credentials belong to another environment",
                    profit=meta.environment,
                    file=environment,
                ),
                profit=meta.environment,
                file=environment,
            )
        )
    drifts += _text_drift("user_group", "user group", meta.user_group, connector.user_group)
    drifts += _text_drift("description", "description", meta.app_name, connector.description)
    other_keys = [key for key in meta.unknown_keys if key != meta.special_key]
    if other_keys:
        notes.append(
            "Profit's answer has keys AFAS does not document: " + ", ".join(other_keys[:10])
        )
    drifts.sort(key=lambda drift: KIND_ORDER.index(drift.kind))
    return Outcome(
        connector_id,
        connector.description,
        "drift" if drifts else "match",
        drifts,
        notes=notes,
    )


def not_asked(
    connector_id: str, description: str, failure: str, reason: str, skipped: bool = False
) -> Outcome:
    """An outcome for a connector that was not asked, and why."""
    return Outcome(
        connector_id, description, "skipped" if skipped else "not_asked", [], reason, failure
    )


def ordered(outcomes: list[Outcome]) -> list[Outcome]:
    """Unreviewed access first, then other drift, then failures, skipped, and matches."""

    def rank(outcome: Outcome) -> tuple[int, str]:
        if outcome.unreviewed_access:
            return 0, outcome.connector_id
        order = {"drift": 1, "not_asked": 2, "skipped": 3, "match": 4}
        return order[outcome.status], outcome.connector_id

    return sorted(outcomes, key=rank)


def exit_status(outcomes: list[Outcome]) -> int:
    """1 when anything drifted; else 2 when something could not be asked; else 0."""
    if any(outcome.status == "drift" for outcome in outcomes):
        return 1
    if any(outcome.status == "not_asked" for outcome in outcomes):
        return 2
    return 0
