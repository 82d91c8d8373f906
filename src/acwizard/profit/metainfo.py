"""Profit's `/metainfo` answer, saved to a file or fetched live, read as hostile input.

`GET {REST base}/metainfo` answers what the calling app connector grants
(shared/DOMAIN.md, "Calling Profit"):

    {"getConnectors": [{"id", "description"}], "updateConnectors": [...],
     "info": {"envid", "appName", "group", "tokenExpiry"}}

Since Profit 7 the special ("custom") connectors are listed too, under a key
AFAS does not document (`hosts.UNSURE["custom_connectors_key"]`). So an unknown
key is never dropped: it is reported by name, and a top-level list of
`{"id", ...}` objects under an unknown key is read as that list of special
connectors, naming the key, so that a reader sees what was assumed.

Whatever the bytes, the reader answers a `MetaInfo` or raises `MetaInfoError`
with a sentence: too large, not UTF-8, not JSON, nested too deeply, the wrong
shape, an id that is no connector id. Never a traceback. `read_json` is the one
hostile JSON reader of `acwizard.profit` (answers, the credential helper's
answer, the stored verify results). This module never imports Textual.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from acwizard.text import unsafe_character, visible

MAX_ANSWER_BYTES = 16 * 1024 * 1024
"""A /metainfo of 10,000 GetConnectors is about 1 MB; anything far larger is not Profit's."""
MAX_DEPTH = 16
"""The deepest nesting read (a /metainfo answer has 3 levels)."""
MAX_TEXT = 1000
"""The longest id, description or name read from an answer."""

DOCUMENTED_KEYS = ("getConnectors", "updateConnectors", "info")
INFO_KEYS = ("envid", "appName", "group", "tokenExpiry")

_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|"[\s\S]*|[\[\]{}]')
"""A JSON string (skipped whole) or a bracket: nesting is measured before parsing."""
_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
"""A connector id as the file format takes it (model.ConnectorId)."""


class MetaInfoError(ValueError):
    """Why an answer or a file cannot be read as what it should be; the message is a sentence."""


def _depth_over(text: str, limit: int) -> bool:
    """True when brackets outside strings nest deeper than `limit`."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
    return False


def read_json(raw: bytes, what: str, max_bytes: int = MAX_ANSWER_BYTES) -> Any:
    """`raw` as JSON, or MetaInfoError saying what is wrong with `what` (an answer, a file)."""
    if len(raw) > max_bytes:
        raise MetaInfoError(f"{what} is larger than {max_bytes // 1024:,} KiB: not read")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MetaInfoError(f"{what} is not UTF-8 text (byte {exc.start})") from None
    if _depth_over(text, MAX_DEPTH):
        raise MetaInfoError(f"{what} is nested more than {MAX_DEPTH} levels deep: not read")
    try:
        return json.loads(text)
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise MetaInfoError(f"{what} is nested too deeply: not read") from None
    except ValueError as exc:
        message = exc.msg if isinstance(exc, json.JSONDecodeError) else "not JSON"
        line = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise MetaInfoError(f"{what} is not JSON: {message}{line}") from None


@dataclass(frozen=True)
class Granted:
    """One connector an answer lists: its id and Profit's description of it."""

    id: str
    description: str


@dataclass(frozen=True)
class MetaInfo:
    """What one app connector grants, as Profit answered."""

    get_connectors: list[Granted]
    update_connectors: list[Granted]
    special_connectors: list[Granted] | None
    """None when Profit listed no special connectors (Profit before 7, or none found)."""
    special_key: str | None
    """The undocumented key the special connectors came under."""
    environment: str | None
    app_name: str | None
    user_group: str | None
    token_expiry: str | None
    unknown_keys: list[str] = field(default_factory=list)
    """Keys AFAS does not document, at the top level and in `info` (`info.x`)."""


def _text(value: Any, where: str) -> str:
    """A short one-line text from an answer, or MetaInfoError."""
    if not isinstance(value, str):
        raise MetaInfoError(f"{where} must be a text, not {_kind(value)}")
    if len(value) > MAX_TEXT:
        raise MetaInfoError(f"{where} is longer than {MAX_TEXT} characters")
    reason = unsafe_character(value)
    if reason:
        raise MetaInfoError(f"{where} {reason}")
    return value


def _kind(value: Any) -> str:
    """What a JSON value is, in words."""
    names = {dict: "an object", list: "a list", str: "a text", bool: "true or false"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def _granted_list(value: Any, key: str) -> list[Granted]:
    """A list of `{"id", "description"}` objects, or MetaInfoError naming the place."""
    if not isinstance(value, list):
        raise MetaInfoError(f"'{key}' must be a list, not {_kind(value)}")
    granted: list[Granted] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        where = f"{key}[{index}]"
        if not isinstance(item, dict):
            raise MetaInfoError(f"{where} must be an object with an id, not {_kind(item)}")
        ident = _text(item.get("id"), f"{where}.id")
        if not _ID.fullmatch(ident):
            raise MetaInfoError(
                f"{where}.id '{visible(ident, 60)}' is not a connector id "
                "(letters, digits, '_', '.', '-')"
            )
        description = item.get("description", "")
        description = "" if description is None else _text(description, f"{where}.description")
        if ident.casefold() in seen:
            continue  # listed twice by Profit: one grant
        seen.add(ident.casefold())
        granted.append(Granted(ident, description))
    return granted


def _looks_like_connectors(value: Any) -> bool:
    """A list of objects that each have an id (or an empty list): how a list of special
    connectors looks."""
    return isinstance(value, list) and all(
        isinstance(item, dict) and "id" in item for item in value
    )


def _optional_text(info: dict[str, Any], key: str) -> str | None:
    """`info[key]` as text (a number is read as its digits), or None when absent."""
    value = info.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return _text(value, f"info.{key}")


def parse_metainfo(document: Any) -> MetaInfo:
    """A parsed /metainfo answer as a `MetaInfo`, or MetaInfoError naming what is wrong."""
    if not isinstance(document, dict):
        raise MetaInfoError(
            f"a /metainfo answer is a JSON object with getConnectors, updateConnectors and "
            f"info, not {_kind(document)}"
        )
    if not any(key in document for key in DOCUMENTED_KEYS):
        raise MetaInfoError(
            "this is no /metainfo answer: it has none of getConnectors, updateConnectors, info"
        )
    unknown = [key for key in document if key not in DOCUMENTED_KEYS]
    found_key = next((key for key in unknown if _looks_like_connectors(document[key])), None)
    # The key is the answer's own text: it is named only as `visible` shows it (a line
    # break in it wrote a line of its own into import's report), as the other keys are.
    special_key = None if found_key is None else visible(found_key, 60)
    special = _granted_list(document[found_key], special_key) if special_key else None
    info = document.get("info", {})
    if info is None:
        info = {}
    if not isinstance(info, dict):
        raise MetaInfoError(f"'info' must be an object, not {_kind(info)}")
    unknown += [f"info.{key}" for key in info if key not in INFO_KEYS]
    return MetaInfo(
        get_connectors=_granted_list(document.get("getConnectors", []), "getConnectors"),
        update_connectors=_granted_list(document.get("updateConnectors", []), "updateConnectors"),
        special_connectors=special,
        special_key=special_key,
        environment=_optional_text(info, "envid"),
        app_name=_optional_text(info, "appName"),
        user_group=_optional_text(info, "group"),
        token_expiry=_optional_text(info, "tokenExpiry"),
        unknown_keys=[visible(str(key), 60) for key in unknown],
    )


def read_metainfo_bytes(raw: bytes, what: str) -> MetaInfo:
    """A /metainfo answer from its bytes; MetaInfoError names `what` and the problem."""
    document = read_json(raw, what)
    try:
        return parse_metainfo(document)
    except MetaInfoError as exc:
        raise MetaInfoError(f"{what}: {exc}") from None


def read_metainfo_file(path: Path) -> MetaInfo:
    """A saved /metainfo answer; MetaInfoError (or its sentence) for anything else.

    Never follows a link, never opens a FIFO or device, never reads more than
    `MAX_ANSWER_BYTES`.
    """
    from acwizard.files.reading import NotRegularFile, read_regular_file

    shown = visible(str(path), 200)
    try:
        raw = read_regular_file(path, MAX_ANSWER_BYTES)
    except NotRegularFile as exc:
        raise MetaInfoError(f"{shown}: {exc.message}") from None
    except OSError as exc:
        raise MetaInfoError(f"{shown}: cannot be read: {exc.strerror or 'error'}") from None
    return read_metainfo_bytes(raw, shown)
