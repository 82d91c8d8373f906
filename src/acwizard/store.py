"""Reading and writing workspace files: settings, connector files, safe saves.

A workspace is a directory (usually a git repository) holding
`connectors/<id>.toml`, an optional `catalog.toml` and an optional
`acwizard.toml`. Everything read here is treated as hostile: a file that is
too large, not UTF-8, not TOML or not a valid connector becomes a list of
`Problem`s, never an exception. Everything written here is written whole or
not at all. This module never imports Textual.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
import sys
import time
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acwizard.problems import Problem, dotted
from acwizard.text import visible
from acwizard.tomlpos import Positions, scan
from acwizard.urls_plan_settings import UrlsPlanSettings, read_urls_plan_settings
from acwizard.versions import NEWEST_PROFIT_VERSION, OLDEST_PROFIT_VERSION

if TYPE_CHECKING:  # the model loads pydantic; the store is read before any file is validated
    from acwizard.model import AppConnector

CONNECTORS_DIR = "connectors"
"""Where connector files live inside a workspace."""
SETTINGS_FILE = "acwizard.toml"
"""Workspace settings: environment id, AFAS Online or not."""
CATALOG_FILE = "catalog.toml"
"""The environment's own catalog of connectors and user groups."""
MAX_FILE_BYTES = 1024 * 1024
"""Files larger than this are refused: no connector file is anywhere near it."""
MAX_CATALOG_BYTES = 32 * 1024 * 1024
"""Catalogs hold thousands of GetConnectors, so they may be larger."""
SLUG_MAX_LENGTH = 48
"""Longest file name (without `.toml`) derived from a description."""
TEMP_MARKER = ".acwizard-tmp-"
"""Part of the name of a temporary file; such files never end in `.toml`."""
STATE_DIR = ".acwizard"
"""acwizard's own files in a workspace (lock, drafts); it ignores itself in git."""
LOCK_TIMEOUT = 10.0
"""Seconds to wait for another acwizard process to finish writing."""
MAX_NESTING = 32
"""Deepest nesting of arrays, inline tables, tables and dotted keys that is read.

A connector file nests 3 levels deep, a catalog 2. Python's TOML parser (and
pydantic, tomli-w and the position scanner after it) recurse once per level:
600 nested arrays in a 1 KB file would end in a RecursionError.
"""
STALE_TEMPORARY_SECONDS = 15 * 60
"""A temporary file this old belongs to a writer that was killed: a live one takes seconds."""

_SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)}
)
"""Names Windows refuses as file names, whatever the extension."""
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")
_ENVIRONMENT_PATTERN = re.compile(r"[OTA][0-9]{5}[A-Z]{2}")
_TEMPORARY_NAME = re.compile(r"\..+" + re.escape(TEMP_MARKER) + r"[0-9a-f]{8}", re.DOTALL)
"""The exact name `_write_temporary` gives: `.<target name>.acwizard-tmp-<8 hex digits>`."""
_STRINGS_AND_COMMENTS = (
    r'"""(?:\\.|[^\\])*?"""(?!")',  # multi-line basic string
    r"'''.*?'''(?!')",  # multi-line literal string
    r'"(?:\\.|[^"\\\n])*"',  # basic string
    r"'[^'\n]*'",  # literal string
    r"#[^\n]*",  # comment
)
_NESTING_TOKENS = re.compile(
    "|".join(
        (
            *_STRINGS_AND_COMMENTS[:2],
            r'"""',  # an unterminated multi-line basic string
            r"'''",  # an unterminated multi-line literal string
            *_STRINGS_AND_COMMENTS[2:4],
            r"[\"']",  # an unterminated string
            _STRINGS_AND_COMMENTS[4],
            r"[\[\]{}=,.\n]",  # what opens, closes or separates
        )
    ),
    re.DOTALL,
)
"""What matters to nesting depth in TOML text; everything between these is skipped."""
_NOT_STRUCTURE = re.compile(
    "|".join(
        (
            *_STRINGS_AND_COMMENTS[:2],
            r'"""[\s\S]*',  # an unterminated multi-line basic string, and all after it
            r"'''[\s\S]*",  # an unterminated multi-line literal string, and all after it
            *_STRINGS_AND_COMMENTS[2:4],
            r"[\"'][\s\S]*",  # an unterminated string, and all after it
            _STRINGS_AND_COMMENTS[4],
        )
    ),
    re.DOTALL,
)
"""The strings and comments of TOML text, whose brackets and dots are no nesting.

The alternatives are `_NESTING_TOKENS`'s, in its order, so both read a string
or comment at the same places; where that scan stops at an unterminated string,
this one takes the rest of the text. Without that, `sub` tried to read a string
again from every quote after an unterminated one, each time to the end of the
line: a line of `\\"` repeated was quadratic (60 KB took half a minute).
"""
_BRACKETS = re.compile(r"[\[\]{}]")


class SaveConflict(Exception):
    """The file changed on disk since it was loaded; saving would overwrite that."""


class WorkspaceBusy(OSError):
    """Another acwizard process held the workspace lock for too long."""


@dataclass
class Document:
    """A TOML file that was read and parsed, or the problems that stopped it."""

    path: Path
    text: str | None = None
    data: dict[str, Any] | None = None
    positions: Positions = field(default_factory=Positions)
    problems: list[Problem] = field(default_factory=list)


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO, a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


class NotRegularFile(OSError):
    """A path names a link, directory, FIFO, socket or device: it is not opened or read."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}")
        self.kind = kind

    @property
    def message(self) -> str:
        """Why the file is refused, as a problem says it."""
        if self.kind == "a symbolic link":
            return "is a symbolic link; acwizard does not follow links"
        if self.kind == "a directory":
            return "is a directory, not a file"
        return f"is not a regular file ({self.kind}); acwizard reads only regular files"


def read_regular_file(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of `path` (up to `max_bytes` + 1), opening nothing that is not a regular file.

    Raises `NotRegularFile` for links, directories, FIFOs, sockets and devices,
    other `OSError`s when the file cannot be read. The file is opened without
    following a link and without blocking (a FIFO would wait for a writer
    forever), and checked again once open, so a file swapped in between is
    refused too.
    """
    mode = os.lstat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, _kind(mode))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if os.path.islink(path):  # swapped for a link since lstat (ELOOP)
            raise NotRegularFile(path, "a symbolic link") from exc
        raise
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(path, _kind(status.st_mode))
        # Read what the file holds, not a buffer of max_bytes: allocating 1 MiB for
        # every 500-byte connector file was a tenth of a cold validate.
        limit = None if max_bytes is None else max_bytes + 1
        chunks: list[bytes] = []
        total = 0
        want = status.st_size + 1  # one read, and one more that finds the end
        while limit is None or total < limit:
            chunk = os.read(fd, want if limit is None else min(want, limit - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = 1024 * 1024
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes; links, directories, FIFOs, devices and files over `max_bytes` refused."""
    try:
        raw = read_regular_file(path, max_bytes)
    except NotRegularFile as exc:
        return None, [_error(path, 1, exc.message)]
    except OSError as exc:
        return None, [_error(path, 1, f"cannot be read: {exc.strerror or exc}")]
    if len(raw) > max_bytes:
        return None, [
            _error(path, 1, f"is larger than {max_bytes // 1024} KiB; is this the right file?")
        ]
    return raw, []


def read_text(
    path: Path, max_bytes: int = MAX_FILE_BYTES, raw: bytes | None = None
) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file, refusing links, huge files, binary junk and bad encodings.

    `raw` is the file's bytes when the caller has read them with `read_bytes` already.
    """
    if raw is None:
        raw, problems = read_bytes(path, max_bytes)
        if raw is None:
            return None, problems
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return None, [_error(path, line, "is not a text file (it contains NUL bytes)")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            _error(
                path,
                line,
                f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {column}); "
                "save it as UTF-8",
            )
        ]
    text = text.removeprefix("\ufeff")
    return text, []


def parse_toml(path: Path, max_bytes: int = MAX_FILE_BYTES, raw: bytes | None = None) -> Document:
    """Read and parse a TOML file (or its bytes, `raw`); syntax errors become problems.

    Every TOML file acwizard reads goes through here (connector files,
    catalogs, settings; files from git revisions and drafts pass their bytes
    as `raw`), so that what would crash the parser or what follows it (too
    deep a nesting) is a problem at its line, never an exception.
    """
    document = Document(path)
    document.text, document.problems = read_text(path, max_bytes, raw)
    if document.text is None:
        return document
    too_deep = nesting_problem(path, document.text)
    if too_deep is not None:
        document.problems.append(too_deep)
        return document
    try:
        document.data = tomllib.loads(document.text)
    except tomllib.TOMLDecodeError as exc:
        document.problems.append(_toml_syntax_problem(path, document.text, str(exc)))
        return document
    except ValueError:
        # The parser hands a decimal integer to int(), which refuses more than
        # sys.get_int_max_str_digits() digits (4300) with a plain ValueError.
        document.problems.append(_long_number_problem(path, document.text))
        return document
    document.positions = scan(document.text)
    too_large = _integer_out_of_range(document.data)
    if too_large is not None:
        document.data = None
        document.problems.append(
            _error(
                path,
                document.positions.line_of(too_large),
                f"invalid TOML: {dotted(too_large)} is a number out of range: TOML integers "
                f"are 64-bit, from {INT64_MIN} to {INT64_MAX}",
            )
        )
    return document


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
"""The range of a TOML integer; Python's parser reads any size (0x and 4,000 f's)."""


def _integer_out_of_range(data: dict[str, Any]) -> tuple[str | int, ...] | None:
    """The key path of the first integer outside TOML's 64-bit range in `data`, or None.

    Such a number is invalid TOML, and larger than 4300 digits it cannot even
    be written out as text (str() raises ValueError), which every message that
    shows a wrong value does.
    """
    pending: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, dict):
            pending.extend(((*path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            pending.extend(
                ((*path, index), item) for index, item in reversed(list(enumerate(value)))
            )
        elif type(value) is int and not INT64_MIN <= value <= INT64_MAX:
            return path
    return None


_DIGIT_RUN = re.compile(r"[0-9_]+")
"""A run of digits (TOML allows 1_000): one match per run, so finding a long one is linear."""


def _long_number_problem(path: Path, text: str) -> Problem:
    """The error for an integer too long for Python to read, at the line of the first one."""
    limit = sys.get_int_max_str_digits()
    line = 1
    for match in _DIGIT_RUN.finditer(text):
        if len(match.group()) - match.group().count("_") > limit:
            line = text.count("\n", 0, match.start()) + 1
            break
    return _error(
        path,
        line,
        f"invalid TOML: a number has more than {limit} digits: TOML integers are 64-bit, "
        f"from {INT64_MIN} to {INT64_MAX}",
    )


def nesting_problem(path: Path, text: str, limit: int = MAX_NESTING) -> Problem | None:
    """An error at the line where `text` nests deeper than `limit` levels, or None.

    Counts, outside strings and comments, what makes the parsed document one
    level deeper: an open array or inline table, each dot of a dotted key,
    each part of a table header (and an array of tables). A linear scan, run
    before the parser, which would recurse once per level. It stops, finding
    nothing, at an unterminated string: the parser stops there with a syntax
    error too.
    """
    if _nesting_bound(text) <= limit:
        return None
    line = 1
    line_start = 0
    frames: list[list[Any]] = []  # per open bracket: [kind, levels its current key adds]
    nested = 0  # levels of the open brackets and of the dotted keys inside them
    header = 0  # levels of the current [table] header
    top_key = 0  # levels of the current top-level dotted key
    in_key = True  # between the start of a key and its "="
    dots = 0  # dots seen in the current key
    in_header = False
    header_start = -2  # where the current header's "[" is
    deepest, first_line = 0, 0
    for match in _NESTING_TOKENS.finditer(text):
        token = match.group()
        kind = token[0]
        if kind == "\n":
            line += 1
            line_start = match.end()
            if in_header:
                in_header = False
            if not frames:
                in_key, dots, top_key = True, 0, 0
            continue
        if kind in "\"'":
            if len(token) == 1 or token in ('"""', "'''"):
                break  # unterminated: the parser reports a syntax error here
            if "\n" in token:
                line += token.count("\n")
                line_start = match.start() + token.rindex("\n") + 1
            continue
        if kind == "#":
            continue
        if in_header:
            if kind == ".":
                header += 1
            elif kind == "]":
                in_header = False
                in_key = False
            elif kind == "[" and match.start() == header_start + 1:
                header += 1  # [[array of tables]]
            depth = header
        elif kind == "." and in_key:
            # Counted now, not only at its "=": the parser builds a dotted key
            # in time quadratic in its parts, so a key of 100,000 parts with no
            # "=" (a syntax error the parser reaches only at the end) took minutes.
            dots += 1
            depth = header + top_key + nested + dots
        elif kind == "[" and not frames and in_key and not text[line_start : match.start()].strip():
            in_header, header, header_start, top_key = True, 1, match.start(), 0
            depth = header
        elif kind in "[{":
            frames.append([kind, 0])
            nested += 1
            in_key, dots = kind == "{", 0
            depth = header + top_key + nested
        elif kind in "]}":
            if frames:
                nested -= 1 + frames.pop()[1]
            in_key = False
            continue
        elif kind == "=":
            if in_key:
                if frames:  # a.b.c = ... inside an inline table: two tables deeper
                    frames[-1][1] = dots
                    nested += dots
                else:
                    top_key = dots
                in_key = False
            depth = header + top_key + nested
        elif kind == ",":
            if frames and frames[-1][0] == "{":
                nested -= frames[-1][1]
                frames[-1][1] = 0
                in_key, dots = True, 0
            continue
        else:
            continue
        if depth > deepest:
            deepest = depth
            if depth > limit and not first_line:
                first_line = line
    if not first_line:
        return None
    return _error(
        path,
        first_line,
        f"is nested {deepest} levels deep (arrays, tables and dotted keys); "
        f"acwizard reads at most {limit} levels",
    )


def _nesting_bound(text: str) -> int:
    """A depth `text` cannot exceed, found at C speed: most files need no closer look.

    Without strings and comments, the deepest run of open brackets, plus every
    dot (each dotted key's and header's), plus 2 (an `[[array of tables]]`
    header), bounds what `nesting_problem` counts. That scan stops at the
    first unterminated string, and this one drops everything from there on:
    both read strings and comments alike up to that point, so the bound holds,
    and no part of the text is read twice (linear on any input).
    """
    quick = text.count("[") + text.count("{") + text.count(".") + 2
    if quick <= MAX_NESTING:
        return quick  # fewer brackets and dots than that in all: the usual file
    bare = _NOT_STRUCTURE.sub("", text)
    depth = deepest = 0
    for bracket in _BRACKETS.findall(bare):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest + bare.count(".") + 2


def _toml_syntax_problem(path: Path, text: str, message: str) -> Problem:
    """A TOML syntax error as a problem at its line, in plainer words."""
    match = _TOML_POSITION.search(message)
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
    else:
        line, column = text.count("\n") + 1, 0
    reason = _TOML_POSITION.sub("", message).strip().rstrip(".")
    if reason.startswith(("Cannot overwrite a value", "Cannot declare")):
        reason = "this key is already set earlier in the file (duplicate key)"
    else:
        reason = reason[:1].lower() + reason[1:]
    where = f" (column {column})" if column else ""
    return _error(path, line, f"invalid TOML: {reason}{where}")


def _error(path: Path, line: int, message: str) -> Problem:
    """An error at `line` of `path`."""
    return Problem(path, line, "error", message)


# -- workspace settings -------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """The workspace settings from `acwizard.toml`."""

    environment: str | None = None
    """The Profit environment, such as O12345AA (O production, T test, A accept)."""
    online: bool = True
    """AFAS Online: IP restrictions exist only there."""
    profit_version: int = NEWEST_PROFIT_VERSION
    """The Profit version of the environment: which app-connector features exist."""
    urls_plan: UrlsPlanSettings = field(default_factory=UrlsPlanSettings)
    """What `urls` prints and what `plan --from` leaves alone (acwizard.urls_plan_settings)."""

    @property
    def environment_kind(self) -> str | None:
        """'production', 'test' or 'accept', from the environment id's first letter."""
        if not self.environment:
            return None
        return {"O": "production", "T": "test", "A": "accept"}.get(self.environment[0])


def load_settings(root: Path) -> tuple[Settings, list[Problem]]:
    """The workspace's settings; defaults when `acwizard.toml` is absent."""
    path = root / SETTINGS_FILE
    if not path.exists() and not path.is_symlink():
        return Settings(), []
    document = parse_toml(path)
    if document.data is None:
        return Settings(), document.problems
    problems: list[Problem] = []
    data = dict(document.data)
    environment = data.pop("environment", None)
    online = data.pop("online", True)
    profit_version = data.pop("profit_version", NEWEST_PROFIT_VERSION)
    line_of = document.positions.line_of
    if environment is not None and not (
        isinstance(environment, str) and _ENVIRONMENT_PATTERN.fullmatch(environment)
    ):
        problems.append(
            _error(
                path,
                line_of(("environment",)),
                "environment: must be an environment id such as O12345AA "
                "(O production, T test, A accept)",
            )
        )
        environment = None
    if not isinstance(online, bool):
        problems.append(
            _error(path, line_of(("online",)), "online: must be true or false (without quotes)")
        )
        online = True
    if type(profit_version) is not int or profit_version < OLDEST_PROFIT_VERSION:
        problems.append(
            _error(
                path,
                line_of(("profit_version",)),
                f"profit_version: must be a whole number from {OLDEST_PROFIT_VERSION} to "
                f"{NEWEST_PROFIT_VERSION}, such as profit_version = {NEWEST_PROFIT_VERSION}",
            )
        )
        profit_version = NEWEST_PROFIT_VERSION
    elif profit_version > NEWEST_PROFIT_VERSION:
        problems.append(
            Problem(
                path,
                line_of(("profit_version",)),
                "warning",
                f"profit_version: acwizard knows Profit up to {NEWEST_PROFIT_VERSION}; "
                f"Profit {profit_version} is checked as {NEWEST_PROFIT_VERSION}",
            )
        )
        profit_version = NEWEST_PROFIT_VERSION
    urls_plan, urls_plan_problems = read_urls_plan_settings(path, data, line_of)
    problems += urls_plan_problems
    for key in data:
        problems.append(_error(path, line_of((key,)), f"unknown key '{visible(key, 60)}'"))
    return (
        Settings(
            environment=environment,
            online=online,
            profit_version=profit_version,
            urls_plan=urls_plan,
        ),
        problems,
    )


# -- connector files -----------------------------------------------------------


def connectors_dir(root: Path) -> Path:
    """The directory holding a workspace's connector files."""
    return root / CONNECTORS_DIR


LINKED_DIRECTORY = "is a symbolic link, not a directory"
"""Why a `connectors` that is a link is neither listed nor written in (as at a git revision)."""


def list_connector_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """The connector files of a workspace, sorted, and a problem if the directory is unreadable.

    Hidden and temporary files are skipped. A workspace without `connectors/`
    simply has no connectors yet. A `connectors` that is a symbolic link is
    refused, not listed: a repository could point it anywhere (`../victim`),
    and `fmt`, `migrate` and the TUI would then rewrite and delete files there.
    """
    directory = connectors_dir(root)
    try:
        if os.path.islink(directory):
            return [], [_error(directory, 1, LINKED_DIRECTORY)]
        names = sorted(os.listdir(directory))
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [_error(directory, 1, f"cannot be read: {exc.strerror or exc}")]
    paths = [
        directory / name for name in names if name.endswith(".toml") and not name.startswith(".")
    ]
    return paths, []


def connector_files(root: Path) -> list[Path]:
    """The connector files of a workspace, sorted; hidden and temporary files are skipped."""
    return list_connector_files(root)[0]


def id_problem(path: Path) -> str | None:
    """Why the file name of `path` is not a valid connector id, or None."""
    stem = path.name.removesuffix(".toml")
    if len(stem) > SLUG_MAX_LENGTH + 8 or not _SLUG_PATTERN.fullmatch(stem):
        return (
            f"file name '{visible(path.name, 60)}' is not a valid connector id: use lowercase "
            f"letters, digits and single hyphens, such as {slugify(stem)}.toml"
        )
    if stem in _RESERVED_NAMES:
        return f"file name '{path.name}' is reserved on Windows; rename it"
    return None


def slugify(description: str) -> str:
    """A file-name-safe id for a description: lowercase ASCII letters, digits and hyphens."""
    ascii_text = (
        unicodedata.normalize("NFKD", description).encode("ascii", "ignore").decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:SLUG_MAX_LENGTH].rstrip("-") or "connector"
    if slug in _RESERVED_NAMES:
        slug = f"{slug}-connector"
    return slug


def candidate_ids(description: str) -> Iterator[str]:
    """The slug of `description`, then the slug with -2, -3, ... for uniqueness."""
    slug = slugify(description)
    yield slug
    for number in range(2, 10_000):
        suffix = f"-{number}"
        yield slug[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix


def taken_ids(root: Path) -> set[str]:
    """The ids the workspace's files use now, in lower case (a case-insensitive file
    system keeps `Payroll-Sync.toml` and `payroll-sync.toml` apart no better)."""
    return {path.name[:-5].lower() for path in connector_files(root)}


def free_ids(root: Path, description: str) -> Iterator[str]:
    """The candidate ids for `description` that no file in the workspace uses now."""
    taken = taken_ids(root)
    return (candidate for candidate in candidate_ids(description) if candidate not in taken)


def new_connector_id(root: Path, description: str) -> str:
    """The id a new connector with `description` would get now."""
    for candidate in free_ids(root, description):
        return candidate
    raise RuntimeError("no free connector id")  # pragma: no cover - 10,000 namesakes


def dump_connector(connector: AppConnector) -> str:
    """The canonical text of a connector file, in the connector's own schema_version."""
    return connector.to_toml()


def fingerprint(text: str | bytes | None) -> str | None:
    """A short hash of a file's content, to notice changes made by others.

    A file's bytes and its text as loaded give the same hash: the text has no UTF-8
    byte-order mark (`read_text` drops it), so neither do the bytes hashed. A file
    written with one (Windows Notepad) could never be saved: it always "changed".
    """
    if text is None:
        return None
    data = text.encode("utf-8") if isinstance(text, str) else text.removeprefix(UTF8_BOM)
    return hashlib.sha256(data).hexdigest()


UTF8_BOM = b"\xef\xbb\xbf"
"""The byte-order mark some editors put before UTF-8 text; it is not part of the text."""


NOT_A_REGULAR_FILE = "not a regular file"
"""The fingerprint of a link, FIFO or directory: never that of a text, never None (absent)."""


def current_fingerprint(path: Path) -> str | None:
    """The fingerprint of what is on disk now at `path`, None when there is no file.

    A link, directory or FIFO is not read (a FIFO would block): its
    fingerprint matches no file as loaded, so saving over it is a conflict.
    """
    try:
        return fingerprint(read_regular_file(path))
    except FileNotFoundError:
        return None
    except NotRegularFile:
        return NOT_A_REGULAR_FILE


# -- safe writing -----------------------------------------------------------------


def _fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_temporary(target: Path, data: bytes) -> Path:
    """Write `data` to a new temporary file beside `target`, flushed and fsynced."""
    temporary = target.with_name(f".{target.name}{TEMP_MARKER}{secrets.token_hex(4)}")
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return temporary


def atomic_write(target: Path, text: str, *, create_only: bool = False) -> None:
    """Replace `target` with `text` so that readers see the old file or the new, never half.

    With `create_only`, fail with FileExistsError instead of replacing an
    existing file, so that two connectors created at once never share a file.
    """
    temporary = _write_temporary(target, text.encode("utf-8"))
    try:
        if create_only:
            os.link(temporary, target)
            temporary.unlink()
        else:
            os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _fsync_directory(target.parent)


def _refuse_link(path: Path, shown: str) -> None:
    """Raise when `path` is a symbolic link: acwizard never writes through one."""
    if path.is_symlink():
        raise OSError(
            errno.ELOOP, f"{shown} is a symbolic link; acwizard does not write through links"
        )


def _refuse_linked_directory(directory: Path) -> None:
    """Raise when the directory a connector file is written in (or deleted from) is a link.

    `connectors` may be a link in a repository; writing through it would
    change files outside the workspace. Checked under the workspace lock,
    just before the write.
    """
    _refuse_link(directory, visible(directory.name, 60))


def state_dir(root: Path) -> Path:
    """acwizard's own directory in a workspace, created on first use, ignored by git.

    A repository may hold `.acwizard`, `.acwizard/.gitignore` or `.acwizard/lock`
    as symbolic links pointing anywhere; acwizard refuses them (OSError) instead
    of creating files at the links' targets.
    """
    directory = root / STATE_DIR
    _refuse_link(directory, STATE_DIR)
    with contextlib.suppress(FileExistsError):
        directory.mkdir()
    _refuse_link(directory, STATE_DIR)  # a link put there since: still never followed
    if not directory.is_dir():
        raise OSError(errno.ENOTDIR, f"{STATE_DIR} is not a directory")
    ignore = directory / ".gitignore"
    _refuse_link(ignore, f"{STATE_DIR}/.gitignore")
    if not ignore.exists():
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(ignore, flags, 0o644)
        except FileExistsError:
            _refuse_link(ignore, f"{STATE_DIR}/.gitignore")  # created meanwhile
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write("# acwizard's lock: never commit it\n*\n")
    return directory


def workspace_root(path: Path) -> Path:
    """The workspace a connector file belongs to: the parent of `connectors/`."""
    return path.parent.parent


@contextlib.contextmanager
def workspace_lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the workspace's write lock, so two acwizard processes never interleave.

    The lock is a separate file (`.acwizard/lock`), never a data file, so that
    editors and git are not disturbed. Where the platform has no `fcntl`, this
    does nothing.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    lock = state_dir(root) / "lock"
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP or lock.is_symlink():
            raise OSError(
                errno.ELOOP,
                f"{STATE_DIR}/lock is a symbolic link; acwizard does not write through links",
            ) from None
        raise
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WorkspaceBusy(
                        f"another acwizard process has been writing in {root} for more than "
                        f"{timeout:.0f} s; try again"
                    ) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def remove_stale_temporaries(directory: Path, now: float | None = None) -> list[str]:
    """Remove the temporary files a killed writer left in `directory`; their names.

    Only what `_write_temporary` creates goes: a regular file (never a link,
    never followed) whose name is exactly `.<name>.acwizard-tmp-<8 hex>`, last
    changed more than STALE_TEMPORARY_SECONDS ago (a live writer's file is
    seconds old). Call it holding the workspace lock, so no acwizard process
    is writing one now. Anything unreadable is left alone.
    """
    now = time.time() if now is None else now
    removed: list[str] = []
    if os.path.islink(directory):
        return removed  # the files at a link's target are not ours to delete
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            if not (entry.name.startswith(".") and _TEMPORARY_NAME.fullmatch(entry.name)):
                continue  # the test on "." first: 5,000 connector names cost nothing
            with contextlib.suppress(OSError):
                status = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(status.st_mode) and now - status.st_mtime > STALE_TEMPORARY_SECONDS:
                    os.unlink(entry.path)  # unlink never follows a link
                    removed.append(entry.name)
    return removed


def replace_file(path: Path, text: str, expected: str | None) -> bool:
    """Write `text` to `path` unless the file changed since it was read as `expected`.

    `expected` is the fingerprint of the file as it was loaded (None for a new
    file). When the file on disk is no longer that, `SaveConflict` is raised
    and nothing is written. Returns False when the file already holds `text`.
    """
    with workspace_lock(workspace_root(path)):
        _refuse_linked_directory(path.parent)
        remove_stale_temporaries(path.parent)
        on_disk = current_fingerprint(path)
        if on_disk != expected:
            raise SaveConflict(f"{path} changed on disk since it was loaded")
        if on_disk == fingerprint(text):
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text, create_only=expected is None)
        return True


def save_connector(path: Path, connector: AppConnector, expected: str | None) -> bool:
    """Write `connector` to `path` in canonical form; False when nothing changed.

    Raises `SaveConflict` when the file changed on disk since it was loaded.
    """
    return replace_file(path, dump_connector(connector), expected)


def delete_connector(path: Path, expected: str | None) -> None:
    """Remove a connector file, unless it changed on disk since it was loaded."""
    with workspace_lock(workspace_root(path)):
        _refuse_linked_directory(path.parent)
        remove_stale_temporaries(path.parent)
        if current_fingerprint(path) != expected:
            raise SaveConflict(f"{path.name} changed on disk since it was loaded; not deleted")
        path.unlink()
        _fsync_directory(path.parent)


def create_connector_file(root: Path, connector: AppConnector) -> Path:
    """Save a new connector under a fresh id derived from its description."""
    directory = connectors_dir(root)
    _refuse_linked_directory(directory)
    directory.mkdir(parents=True, exist_ok=True)
    text = dump_connector(connector)
    with workspace_lock(root):
        _refuse_linked_directory(directory)  # a link put there since: still never followed
        remove_stale_temporaries(directory)
        for candidate in free_ids(root, connector.description):
            path = directory / f"{candidate}.toml"
            try:
                atomic_write(path, text, create_only=True)
            except FileExistsError:
                continue
            return path
    raise RuntimeError("no free connector id")  # pragma: no cover
