"""What a change to a connector means in access terms, and the text diff of its file.

Reviewers approve access, not TOML: "unblocked", "granted UpdateConnector
KnEmployee", "IP line 10.0.0.0/8 removed". The save preview in the TUI shows
these sentences next to the file's diff.

Case: an id respelled only in case (knemployee to KnEmployee) is the same
connector to the model (which refuses both in one list), the catalog and the
audit, so it is reported as "spelling of ... changed", never as a revoke and a
grant, which would tell a reviewer that access to personnel data was granted
when nothing was. This module never imports Textual.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

from acwizard.model import AppConnector
from acwizard.text import visible

SECTION_NAMES = {
    "get_connectors": "GetConnector",
    "update_connectors": "UpdateConnector",
    "connectors": "special connector",
}
"""How each list is named in sentences."""


def _plural(word: str, count: int) -> str:
    """`word`, with an s when `count` is not 1."""
    return word if count == 1 else f"{word}s"


def access_changes(before: AppConnector | None, after: AppConnector | None) -> list[str]:
    """One sentence per change in what the connector grants or who may use it."""
    if before is None and after is None:
        return []
    if before is None:
        assert after is not None
        state = "blocked" if after.blocked else "ACTIVE"
        empty = AppConnector(description=after.description, user_group=after.user_group)
        created = f"created, {state}, for user group '{visible(after.user_group)}'"
        return [created, *_grants(empty, after)]
    if after is None:
        state = "blocked" if before.blocked else "ACTIVE"
        grants = sum(len(getattr(before, section)) for section in SECTION_NAMES)
        return [f"deleted (it was {state} and granted {grants} connectors)"]
    lines: list[str] = []
    if before.blocked != after.blocked:
        lines.append(
            "UNBLOCKED: the app can now call Profit"
            if not after.blocked
            else "blocked: the app can no longer call Profit"
        )
    if before.user_group != after.user_group:
        old_group, new_group = visible(before.user_group), visible(after.user_group)
        if before.user_group.casefold() == after.user_group.casefold():
            lines.append(f"spelling of user group '{old_group}' changed to '{new_group}'")
        else:
            lines.append(f"user group changed: '{old_group}' -> '{new_group}'")
    if before.description != after.description:
        lines.append(
            f"description changed: '{visible(before.description)}' -> "
            f"'{visible(after.description)}'"
        )
    lines += _grants(before, after)
    if before.notes != after.notes:
        lines.append("notes changed")
    return lines


def _grants(before: AppConnector, after: AppConnector) -> list[str]:
    """Granted and revoked connectors, added and removed IP lines."""
    lines: list[str] = []
    for section, name in SECTION_NAMES.items():
        old, new = getattr(before, section), getattr(after, section)
        old_set, new_set = set(old), set(new)
        granted = [item for item in new if item not in old_set]
        revoked = [item for item in old if item not in new_set]
        was_spelled = {item.casefold(): item for item in revoked}
        respelled = {
            item: was_spelled[item.casefold()] for item in granted if item.casefold() in was_spelled
        }
        earlier_spellings = set(respelled.values())
        granted = [item for item in granted if item not in respelled]
        revoked = [item for item in revoked if item not in earlier_spellings]
        if granted:
            lines.append(f"granted {_plural(name, len(granted))}: {', '.join(granted)}")
        if revoked:
            lines.append(f"revoked {_plural(name, len(revoked))}: {', '.join(revoked)}")
        for item, earlier in respelled.items():
            lines.append(f"spelling of {name} {earlier} changed to {item}")
    old_ip = {(line.summary(), line.access) for line in before.ip_restrictions}
    new_ip = {(line.summary(), line.access) for line in after.ip_restrictions}
    for summary, access in sorted(new_ip - old_ip):
        lines.append(f"IP line added: {summary} {access}")
    for summary, access in sorted(old_ip - new_ip):
        lines.append(f"IP line removed: {summary} {access}")
    if before.ip_restrictions and not after.ip_restrictions:
        lines.append("no IP restrictions left: any address may call")
    return lines


def text_diff(old: str, new: str, name: str) -> list[str]:
    """A unified diff of a file's text, as lines without line ends."""
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{name} (on disk)",
            tofile=f"{name} (to be saved)",
        )
    ]


ChangeKind = Literal["created", "deleted", "changed", "invalid"]


@dataclass(frozen=True)
class ConnectorChange:
    """What happened to one connector between two states."""

    connector_id: str
    description: str
    kind: ChangeKind
    lines: list[str]


def compare(
    before: dict[str, AppConnector],
    after: dict[str, AppConnector],
    invalid_after: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[ConnectorChange]:
    """Every connector whose access changed, in id order; unchanged ones are left out."""
    result: list[ConnectorChange] = []
    for connector_id in sorted(set(before) | set(after) | set(invalid_after)):
        old, new = before.get(connector_id), after.get(connector_id)
        if connector_id in invalid_after:
            name = old.description if old else connector_id
            result.append(
                ConnectorChange(
                    connector_id, name, "invalid", ["the file does not validate: run acwizard validate"]
                )
            )
            continue
        if old == new:
            continue
        lines = access_changes(old, new)
        if not lines:
            continue
        kind: ChangeKind = "created" if old is None else "deleted" if new is None else "changed"
        shown = (new or old).description  # type: ignore[union-attr]
        result.append(ConnectorChange(connector_id, shown, kind, lines))
    return result
