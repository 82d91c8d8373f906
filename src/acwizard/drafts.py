"""Recovery drafts: unsaved edits kept outside `connectors/`, like an editor's swap file.

While a connector's properties are open with unsaved changes, the TUI keeps a
draft in `.acwizard/drafts/<id>.json` (git ignores `.acwizard/`). A dropped SSH
session, a SIGTERM or even a SIGKILL therefore loses at most the last second
of typing; the next start offers to restore the draft. Drafts are JSON, not
TOML, because they may hold a half-typed, invalid connector; `validate` and
`list` never look at them. This module never imports Textual.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from acwizard.store import atomic_write, state_dir

DRAFTS_DIR = "drafts"
"""Where drafts live inside `.acwizard/`."""
MAX_DRAFT_BYTES = 1024 * 1024
"""A larger draft file is not ours; it is ignored."""


@dataclass(frozen=True)
class Draft:
    """Unsaved edits of one connector."""

    connector_id: str
    """The file name of the connector, without `.toml`."""
    data: dict[str, Any]
    """The connector as it was on screen; it may not validate."""
    fingerprint: str | None
    """The fingerprint of the file the edits started from."""
    saved_at: float
    """When the draft was written (seconds since the epoch)."""
    base: str | None = None
    """The file's text when the edits started, to show what others changed since."""

    def age(self, now: float | None = None) -> str:
        """`3 minutes ago`, for the restore question."""
        seconds = max(0, int((now or time.time()) - self.saved_at))
        for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
            if seconds >= size:
                count = seconds // size
                return f"{count} {unit}{'s' * (count != 1)} ago"
        return "just now"


def draft_path(root: Path, connector_id: str) -> Path:
    """The draft file of one connector."""
    return root / ".acwizard" / DRAFTS_DIR / f"{connector_id}.json"


def write_draft(root: Path, draft: Draft) -> None:
    """Keep `draft`, replacing any earlier draft of the same connector."""
    directory = state_dir(root) / DRAFTS_DIR
    directory.mkdir(exist_ok=True)
    document = {
        "connector_id": draft.connector_id,
        "fingerprint": draft.fingerprint,
        "saved_at": draft.saved_at,
        "base": draft.base,
        "data": draft.data,
    }
    atomic_write(directory / f"{draft.connector_id}.json", json.dumps(document, indent=1))


def remove_draft(root: Path, connector_id: str) -> None:
    """Forget the draft of a connector, if there is one."""
    draft_path(root, connector_id).unlink(missing_ok=True)


def read_drafts(root: Path) -> list[Draft]:
    """Every readable draft of the workspace, oldest first; broken ones are skipped."""
    directory = root / ".acwizard" / DRAFTS_DIR
    if not directory.is_dir():
        return []
    drafts = []
    for path in sorted(directory.glob("*.json")):
        try:
            if path.is_symlink() or path.stat().st_size > MAX_DRAFT_BYTES:
                continue
            document = json.loads(path.read_text(encoding="utf-8"))
            draft = Draft(
                connector_id=str(document["connector_id"]),
                data=dict(document["data"]),
                fingerprint=document.get("fingerprint"),
                saved_at=float(document["saved_at"]),
                base=document.get("base") if isinstance(document.get("base"), str) else None,
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if draft.connector_id == path.stem:
            drafts.append(draft)
    return sorted(drafts, key=lambda draft: draft.saved_at)
