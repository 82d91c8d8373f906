"""One connector document checked by the model, and its problems placed at their lines.

`read_connector` is every rule that needs no workspace (the bytes, the file
name, the model), the same for files on disk and files read from a git
revision; `FileIndex` turns the model's key paths (into sorted lists) back
into the file's, so that the workspace rules' findings land at their lines.
This module imports pydantic only when a document reaches the model.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acwizard.checking.secrets import not_said_twice, secret_problems
from acwizard.files.ids import id_problem
from acwizard.files.toml import Document, parse_toml
from acwizard.model.format import KNOWN_KEYS, LATEST_SCHEMA_VERSION, LIST_FIELDS, SCHEMA_VERSION
from acwizard.model.protocol import ConnectorLike
from acwizard.problems import Problem, problems_from_validation

if TYPE_CHECKING:
    from acwizard.model import AppConnector

__all__ = ["FileIndex", "read_connector", "validate_document"]


def validate_document(
    path: Path, data: dict[str, Any], positions: Any
) -> tuple[AppConnector | None, list[Problem]]:
    """Validate parsed TOML as a connector; problems are placed at their lines."""
    version = data.get("schema_version")
    # Before anything else: a newer version's keys must never be judged by this one's
    # rules (version 3's `tokens` would read as a secret's name here in an older release).
    if (
        isinstance(version, int)
        and not isinstance(version, bool)
        and version > LATEST_SCHEMA_VERSION
    ):
        return None, [
            Problem(
                path,
                positions.line_of(("schema_version",)),
                "error",
                f"schema_version: this file uses schema_version {version}, written by a "
                f"newer acwizard; this version reads 1 to {LATEST_SCHEMA_VERSION}. Upgrade "
                "acwizard.",
            )
        ]
    if "schema_version" not in data:
        return None, [
            Problem(
                path,
                1,
                "error",
                f"schema_version is missing; start the file with schema_version = {SCHEMA_VERSION}",
            )
        ]
    # Imported here: pydantic costs tens of milliseconds to load, and the TUI
    # paints its first screen before any file is validated.
    from pydantic import ValidationError

    from acwizard.model import AppConnector

    try:
        return AppConnector.model_validate(data, context={"file": True}), []
    except ValidationError as exc:
        return None, problems_from_validation(path, exc.errors(), positions, KNOWN_KEYS)


class FileIndex:
    """Translates an index into a sorted model list back to its place in the file.

    The model sorts id lists, the file need not be sorted. Each list's
    positions are looked up in a dictionary built once, so placing one finding
    per id (80,000 ids missing from the catalog) stays linear; a list scan per
    finding took 71 s there.
    """

    def __init__(self, data: dict[str, Any], connector: ConnectorLike) -> None:
        self.data = data
        self.connector = connector
        self.positions: dict[str, dict[Any, int]] = {}

    def __call__(self, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
        """The key path in the file of the model's `loc`."""
        if len(loc) == 2 and loc[0] in LIST_FIELDS and isinstance(loc[1], int):
            name = str(loc[0])
            value = getattr(self.connector, name)[loc[1]]
            if name not in self.positions:
                original = self.data.get(name, [])
                found: dict[Any, int] = {}
                if isinstance(original, list):
                    for index, item in enumerate(original):
                        if isinstance(item, str):
                            found.setdefault(item, index)
                self.positions[name] = found
            position = self.positions[name].get(value)
            if position is not None:
                return (loc[0], position)
        if loc[:2] == ("oauth", "redirect_urls") and len(loc) == 3 and isinstance(loc[2], int):
            # Sorted by the model too: the file's line with the same URL.
            oauth = self.connector.oauth
            table = self.data.get("oauth")
            written = table.get("redirect_urls") if isinstance(table, dict) else None
            if oauth is not None and isinstance(written, list):
                url = oauth.redirect_urls[loc[2]]
                for index, item in enumerate(written):
                    if item == url:
                        return ("oauth", "redirect_urls", index)
        if len(loc) >= 2 and loc[0] == "ip_restrictions" and isinstance(loc[1], int):
            # The model sorts IP lines too: find the file's line with the same range.
            wanted = self.connector.ip_restrictions[loc[1]].range
            original = self.data.get("ip_restrictions")
            for index, item in enumerate(original if isinstance(original, list) else []):
                address = item.get("address") if isinstance(item, dict) else None
                mask = item.get("subnet_mask") if isinstance(item, dict) else None
                try:
                    written = ipaddress.ip_network(
                        f"{address}/{mask}" if isinstance(mask, str) else str(address)
                    )
                except ValueError:
                    continue
                if written == wanted:
                    return ("ip_restrictions", index, *loc[2:])
        return loc


def read_connector(
    path: Path, raw: bytes | None = None
) -> tuple[Document, AppConnector | None, list[Problem]]:
    """Check a connector file (or its bytes, `raw`) by every rule that needs no workspace.

    The bytes (size, UTF-8, NUL, nesting, syntax), the file name, the secret
    guard (`checking.secrets`) and the model: files on disk and files read from a
    git revision go through this same function, so a file is valid or invalid the
    same way wherever it comes from.
    """
    document = parse_toml(path, raw=raw)
    problems = list(document.problems)
    reason = id_problem(path)
    if reason:
        problems.append(Problem(path, 1, "error", reason))
    if document.data is None:
        return document, None, problems
    guarded = secret_problems(path, document.data, document.positions, hatch_errors=False)
    connector, model_problems = validate_document(path, document.data, document.positions)
    # The model refuses a key named like a secret and a URL with a password itself: the
    # guard's words for the same line would say it twice.
    guarded = not_said_twice(guarded, model_problems)
    return document, connector, problems + guarded + model_problems
