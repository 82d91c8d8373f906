"""Recovery drafts: unsaved edits kept outside the workspace, like an editor's swap file.

While a connector's properties are open with unsaved changes, the TUI keeps a
draft in the user's own state directory (`files.userdirs.state_directory`:
`$XDG_STATE_HOME/acwizard/drafts/<workspace key>/`, else
`~/.local/state/acwizard/drafts/<workspace key>/` on Linux). A dropped SSH session, a
SIGTERM or even a SIGKILL therefore loses at most the last second of typing;
the next start offers to restore the draft. Drafts are JSON, not TOML, because
they may hold a half-typed, invalid connector; `validate` and `list` never look
at them.

Drafts never live in the workspace: a repository (a pull request, a clone of
someone else's workspace) could otherwise put a "draft" there that acwizard
offers at start. Old drafts in `<workspace>/.acwizard/drafts/` are ignored.
Even in the state directory a draft is read as hostile input: its size, its
nesting, its connector id and the type of every field (`DraftData`, checked by
pydantic) are checked.

Each editing session writes its own draft file (`<id>.<owner>.json`), so a
session only ever removes a draft it wrote or restored itself, never another
session's. This module never imports Textual.

A draft keeps everything typed except a value the secret guard refuses
(`draft_secrets.without_secrets` and `typed_without_secrets`, applied in
`write_draft`, the one place every draft is written): a token, a JWT or a private key pasted into a field never reaches the
state directory, whatever path the draft took (a timer, SIGHUP, SIGTERM).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import math
import os
import re
import secrets
import stat
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from acwizard.draft_secrets import typed_without_secrets, without_secrets
from acwizard.files.ids import id_problem
from acwizard.files.reading import read_regular_file
from acwizard.files.userdirs import state_directory
from acwizard.files.writing import atomic_write
from acwizard.text import plural

DRAFTS_DIR = "drafts"
"""Where drafts live inside acwizard's state directory."""
MAX_DRAFT_BYTES = 1024 * 1024
"""A larger draft file is not ours; it is ignored."""
MAX_DRAFT_DEPTH = 8
"""Deepest JSON nesting a draft of ours has (document, data, ip line: 4); deeper is not ours."""
MAX_DRAFTS = 200
"""Drafts read per workspace at most; more than this is not the work of an admin."""
_OWNER = re.compile(r"[0-9a-f]{16}")
_FINGERPRINT = re.compile(r"[0-9a-f]{64}")
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|"[\s\S]*|[\[\]{}]')
"""A JSON string (skipped whole) or a bracket; used to measure nesting before parsing.

An unterminated string takes the rest of the text: `json.loads` fails there
anyway (every string it reads, this reads too), and without it the search
read a string again from every later quote, to the end: `"\\"\\"...` was
quadratic (40 KB took seconds, a 1 MB draft would have held up the start for
an hour).
"""


TYPED_PLACES = ("ip_form", "webhook_form", "oauth", "token_form")
"""Where a draft may hold text typed and not applied yet (`Draft.typed`)."""


def new_owner() -> str:
    """A fresh owner token for one editing session's draft."""
    return secrets.token_hex(8)


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
    owner: str = field(default_factory=new_owner)
    """The editing session that wrote it; only that session (or a restore) removes it."""
    typed: dict[str, dict[str, str]] = field(default_factory=dict)
    """Text typed and not applied yet, by where (`TYPED_PLACES`): the fields of a form
    still open, or of the OAuth tab, by field; put back there on restore."""

    def age(self, now: float | None = None) -> str:
        """`3 minutes ago`, for the restore question."""
        seconds = max(0, int((now or time.time()) - self.saved_at))
        for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
            if seconds >= size:
                count = seconds // size
                return f"{count} {plural(unit, count)} ago"
        return "just now"


class UnsafeStateDirectory(OSError):
    """acwizard's state directory is a link, not a directory, or someone else's."""


# -- where drafts live ----------------------------------------------------------------


def workspace_key(root: Path) -> str:
    """A directory name for a workspace: a hash of its real path and a readable tail."""
    real = os.path.realpath(root)
    digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:16]
    tail = re.sub(r"[^A-Za-z0-9._-]+", "-", os.path.basename(real)).strip("-.")[:32]
    return f"{tail}-{digest}" if tail else digest


def drafts_directory(root: Path) -> Path:
    """The directory of the workspace's drafts; raises OSError when there is none."""
    home = state_directory()
    if home is None:
        raise UnsafeStateDirectory(errno.ENOENT, "there is no home directory to keep drafts in")
    return home / DRAFTS_DIR / workspace_key(root)


def _checked(directory: Path, create: bool) -> bool:
    """True when `directory` is a real directory of this user; create it (0700) if asked.

    Raises UnsafeStateDirectory for a link, a non-directory or someone else's
    directory: drafts are never written through, or read from, such a place.
    """
    try:
        info = os.lstat(directory)
    except FileNotFoundError:
        if not create:
            return False
        # Created meanwhile (another acwizard): checked below like any other.
        with contextlib.suppress(FileExistsError):
            os.mkdir(directory, 0o700)
        info = os.lstat(directory)
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeStateDirectory(
            errno.ELOOP, f"{directory} is a symbolic link; acwizard does not write through links"
        )
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeStateDirectory(errno.ENOTDIR, f"{directory} is not a directory")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise UnsafeStateDirectory(errno.EPERM, f"{directory} belongs to another user")
    return True


def _usable_directory(root: Path, create: bool) -> Path | None:
    """The drafts directory after checking each level acwizard owns; None if it is absent."""
    directory = drafts_directory(root)
    if create:
        directory.parent.parent.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    for level in (directory.parent.parent, directory.parent, directory):
        if not _checked(level, create):
            return None
    return directory


def draft_path(root: Path, draft: Draft) -> Path:
    """The file that holds `draft`."""
    return drafts_directory(root) / f"{draft.connector_id}.{draft.owner}.json"


# -- writing and removing -------------------------------------------------------------


def write_draft(root: Path, draft: Draft) -> None:
    """Keep `draft`, replacing the earlier draft of the same editing session; every value
    the secret guard refuses is left out (`without_secrets`)."""
    directory = _usable_directory(root, create=True)
    assert directory is not None
    document = {
        "connector_id": draft.connector_id,
        "owner": draft.owner,
        "fingerprint": draft.fingerprint,
        "saved_at": draft.saved_at,
        "base": draft.base,
        "data": without_secrets(draft.data),
    }
    typed = typed_without_secrets(draft.typed, draft.data)
    if typed:
        document["typed"] = typed
    atomic_write(draft_path(root, draft), json.dumps(document, indent=1, default=_json_value))


def _json_value(value: object) -> str:
    """A certificate's `not_after` (a date) as JSON text, YYYY-MM-DD; read back by `_dates`."""
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not kept in drafts")


def remove_draft(root: Path, connector_id: str, owner: str) -> None:
    """Forget the draft that session `owner` kept of a connector, if it is there.

    Other sessions' drafts of the same connector are separate files and stay.
    """
    try:
        directory = _usable_directory(root, create=False)
    except UnsafeStateDirectory:
        return  # nothing of ours can be there
    if directory is not None:
        (directory / f"{connector_id}.{owner}.json").unlink(missing_ok=True)


# -- reading ----------------------------------------------------------------------


def _read_regular(path: Path) -> bytes | None:
    """The bytes of a regular file no larger than MAX_DRAFT_BYTES, never through a link."""
    try:
        raw = read_regular_file(path, MAX_DRAFT_BYTES)
    except OSError:  # a link, a FIFO, a directory, unreadable: not a draft of ours
        return None
    return raw if len(raw) <= MAX_DRAFT_BYTES else None


def _too_deep(text: str) -> bool:
    """True when JSON `text` nests deeper than MAX_DRAFT_DEPTH (checked before parsing).

    `json.loads` raises RecursionError on deep nesting, which is not ours to
    provoke; counting brackets outside strings is linear and cannot recurse.
    """
    depth = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DRAFT_DEPTH:
                return True
        elif token in "]}":
            depth -= 1
    return False


def _valid_data(data: object) -> bool:
    """True when `data` has the shape of a connector on screen (`draftshape.DraftData`).

    Imported here, not at the top: pydantic is not loaded before the TUI's first paint.
    """
    from acwizard.draftshape import valid_data

    return valid_data(data)


_DATE_KEYS = frozenset({"not_after", "issued", "expires", "last_used", "created"})
"""The keys of a draft's records that hold a date, kept as JSON text (YYYY-MM-DD)."""


def _with_dates(items: object) -> object:
    """A list of records (certificates, tokens, secrets) with each date key a date again."""
    if not isinstance(items, list):
        return items
    return [
        {
            key: date.fromisoformat(value)
            if key in _DATE_KEYS and isinstance(value, str)
            else value
            for key, value in item.items()
        }
        if isinstance(item, dict)
        else item
        for item in items
    ]


def _valid_typed(typed: object) -> bool:
    """True when `typed` has the shape of `Draft.typed`: text by field, by place."""
    from acwizard.draftshape import valid_typed

    return valid_typed(typed)


def _dates(data: dict[str, Any]) -> dict[str, Any] | None:
    """`data` with the dates of certificates, tokens and secrets dates again (None: one is not
    a real date)."""
    try:
        if isinstance(data.get("tokens"), list):
            data = {**data, "tokens": _with_dates(data["tokens"])}
        oauth = data.get("oauth")
        if isinstance(oauth, dict):
            changed = {
                name: _with_dates(oauth[name])
                for name in ("certificates", "secrets")
                if isinstance(oauth.get(name), list)
            }
            if changed:
                data = {**data, "oauth": {**oauth, **changed}}
    except ValueError:
        return None
    return data


def parse_draft(raw: bytes, name: str) -> Draft | None:
    """The draft in file `name` with bytes `raw`, or None when it is not a draft of ours."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _too_deep(text):
        return None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict):
        return None
    connector_id = document.get("connector_id")
    owner = document.get("owner")
    saved_at = document.get("saved_at")
    fingerprint = document.get("fingerprint")
    base = document.get("base")
    data = document.get("data")
    if not (
        isinstance(connector_id, str)
        and id_problem(Path(f"{connector_id}.toml")) is None
        and isinstance(owner, str)
        and _OWNER.fullmatch(owner)
        and name == f"{connector_id}.{owner}.json"
        and isinstance(saved_at, (int, float))
        and not isinstance(saved_at, bool)
        and math.isfinite(saved_at)
        and (fingerprint is None or bool(_FINGERPRINT.fullmatch(str(fingerprint))))
        and (fingerprint is None or isinstance(fingerprint, str))
        and (base is None or isinstance(base, str))
        and _valid_data(data)
        and _valid_typed(document.get("typed", {}))
    ):
        return None
    assert isinstance(data, dict)
    data = _dates(data)
    if data is None:
        return None
    typed = document.get("typed", {})
    return Draft(connector_id, data, fingerprint, float(saved_at), base, owner, typed)


def read_drafts(root: Path) -> list[Draft]:
    """Every readable draft of the workspace, oldest first; anything else is skipped."""
    try:
        directory = _usable_directory(root, create=False)
        if directory is None:
            return []
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    drafts = []
    for name in names:
        if not name.endswith(".json") or name.startswith("."):
            continue
        raw = _read_regular(directory / name)
        draft = parse_draft(raw, name) if raw is not None else None
        if draft is not None:
            drafts.append(draft)
        if len(drafts) >= MAX_DRAFTS:
            break
    return sorted(drafts, key=lambda draft: draft.saved_at)
