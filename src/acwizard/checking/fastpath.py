"""Checking a plainly valid connector file without pydantic, agreeing exactly with the model.

A cold run (CI: a fresh clone, no cache) validates every file, and for the
usual file, a well-kept connector in canonical form, most of pydantic's cost
is paid for nothing: importing it (about a tenth of a second), building the
model, and checking values that are plainly fine. This module accepts only
files whose every value is plainly fine by the model's own rules, and
answers "don't know" (None) for anything else: an unknown or version 2 key
(OAuth, webhooks), `not_secret`, a value of an unexpected type, any text with a character
outside printable ASCII, an id that is not plainly valid, IPv6, a range with
host bits set, the same id or range twice, mixed access, a token of the
register that is not plainly fine. The caller then validates the file with the
model, as before. A version 3 file of a classic connector whose register lists
plain tokens (`tokens`, the only version 3 key taken here) is accepted.

What it accepts, it turns into a `PlainConnector`: the values the model
would hold after validation (texts stripped, ids sorted, IP lines in the
model's order), with what the rules, the list and the audit read of a
connector (`model.ConnectorLike`, which mypy checks it against). The
workspace rules themselves are not repeated here: `acwizard.rules` runs on
the `PlainConnector` as on a model instance, so each rule exists once.
Anything else is the model's, validated from the same data on first use
(`PlainConnector.model`). IPv4 addresses and masks are read by the model's
own reader (`model.ip`). `acwizard.checking.load` decides which path a file takes.

`tests/test_fastpath.py` checks, for generated files (valid and nearly
valid, versions 1 and 2, hostile strings), that this module either declines
or gives exactly the problems, values and rows of the model path. A file on
which the two differ is a bug here. This module never imports pydantic or
Textual.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acwizard.checking.secrets import secret_problems
from acwizard.files import quicktoml
from acwizard.files.ids import id_problem
from acwizard.model.format import (
    CREDENTIALS_MAX,
    DESCRIPTION_MAX_LENGTH,
    FIELD_ORDER_V1,
    ID_MAX_LENGTH,
    ID_PATTERN,
    IP_LINE_FIELDS,
    IP_LINES_MAX,
    LIST_FIELDS,
    NOTES_MAX_LENGTH,
    TOKEN_FIELDS,
    USER_GROUP_MAX_LENGTH,
    USER_MAX_LENGTH,
    ip_summary,
)
from acwizard.model.ip import MASK_LENGTHS, ipv4_number
from acwizard.model.protocol import ConnectorLike

if TYPE_CHECKING:
    from acwizard.model import AppConnector, OAuthSettings, Webhook
    from acwizard.workspace import LoadedFile, Workspace

_PLAIN_TEXT = re.compile(r"[ -~]*")
"""Printable ASCII: text of only these characters is safe and visible once stripped
(`text.unsafe_character` and `text.invisible_only` accept it without a look)."""
_PLAIN_NOTES = re.compile(r"[ -~\n\t]*")
"""Notes may also hold line breaks and tabs (`fields.check_notes`)."""

_CIDR_PREFIX = re.compile(r"[1-9]|[12][0-9]|3[01]|0")
"""A prefix length below 32 as written (a /32 is written as the address alone)."""

_V1_KEYS = frozenset(FIELD_ORDER_V1)
"""The keys this module understands; a version 2 file may also say authentication = classic,
a version 3 file also list its tokens."""
_LINE_KEYS = frozenset(IP_LINE_FIELDS)
_TOKEN_KEYS = frozenset(TOKEN_FIELDS)
_TOKEN_DATES = ("issued", "expires", "last_used")


def _one_line(value: object, max_length: int) -> str | None:
    """The stripped text when `value` is plainly a valid one-line text (`model._one_line_text`)."""
    if type(value) is not str or not _PLAIN_TEXT.fullmatch(value):
        return None
    value = value.strip()
    if not value or len(value) > max_length:
        return None
    return value


def _ids(value: object) -> list[str] | None:
    """The ids sorted as the model sorts them, when each is plainly valid and listed once
    ignoring case (`model.check_connector_id`, `AppConnector._unique_sorted_ids`)."""
    if type(value) is not list:
        return None
    for item in value:
        if type(item) is not str or len(item) > ID_MAX_LENGTH or not _ID(item):
            return None
    folded = [item.casefold() for item in value]
    if len(set(folded)) != len(folded):
        return None
    # Sorting (casefold, id) pairs is sorting by `model.id_sort_key`.
    return [item for _, item in sorted(zip(folded, value, strict=True))]


_ID = ID_PATTERN.fullmatch


@dataclass(frozen=True, slots=True)
class PlainIpLine:
    """An IPv4 line the model accepts unchanged: what `model.IpRestriction` answers of it."""

    address: str
    subnet_mask: str | None
    access: str
    network_int: int
    prefixlen: int
    range: ipaddress.IPv4Network
    """The addresses this line covers: a /32 for a single address (made once: the rules
    and the audit ask for it several times per line)."""

    @property
    def network(self) -> ipaddress.IPv4Network | None:
        """The range, or None for a single address (also one written with mask 255.255.255.255)."""
        return None if self.prefixlen == 32 else self.range

    @property
    def prefix_length(self) -> int:
        """32 for a single address, else the range's prefix length."""
        return self.prefixlen

    @property
    def is_v2_only(self) -> bool:
        """True for a CIDR range (this module takes no IPv6)."""
        return "/" in self.address

    def sort_key(self) -> tuple[int, int, int, str]:
        """As `IpRestriction.sort_key`: version, address, prefix length, access."""
        return (4, self.network_int, self.prefixlen, self.access)

    def summary(self) -> str:
        """`192.168.10.0/24` or `203.0.113.7`, as `IpRestriction.summary`."""
        if self.subnet_mask is None and "/" not in self.address:
            return self.address
        if self.prefixlen == 32:
            return str(ipaddress.IPv4Address(self.network_int))
        return f"{ipaddress.IPv4Address(self.network_int)}/{self.prefixlen}"


def _ip_line(item: object, version: int) -> PlainIpLine | None:
    """One IP line, when the model accepts it as written (`model.IpRestriction` and the
    version rules of `AppConnector._one_access_mode`); its address read by the model's own
    IPv4 reader (`ip.ipv4_number`)."""
    if type(item) is not dict or not item.keys() <= _LINE_KEYS:
        return None
    address, access, mask = item.get("address"), item.get("access"), item.get("subnet_mask")
    if access not in ("allowed", "disallowed") or type(access) is not str:
        return None
    if type(address) is not str:
        return None
    written, slash, prefix = address.partition("/")
    number = ipv4_number(written)
    if number is None:
        return None
    if slash:  # version 2's CIDR: no mask, prefix below 32, no host bits
        if version == 1 or "subnet_mask" in item or not _CIDR_PREFIX.fullmatch(prefix):
            return None
        length = int(prefix)
    elif "subnet_mask" in item:  # version 1's mask: contiguous, starting at the address
        if version != 1 or type(mask) is not str or mask not in MASK_LENGTHS:
            return None
        length = MASK_LENGTHS[mask]
    else:
        length = 32
    if number & ~(0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF:
        return None
    network = ipaddress.IPv4Network((number, length))
    return PlainIpLine(address, mask if slash == "" else None, access, number, length, network)


@dataclass(frozen=True, slots=True)
class PlainToken:
    """A classic user token the model accepts unchanged: what `model.UserToken` answers."""

    user: str
    description: str
    issued: date | None = None
    expires: date | None = None
    last_used: date | None = None


def _token(item: object) -> PlainToken | None:
    """One token of the register, when the model accepts it as written (`model.UserToken`):
    plain texts, dates that are dates (not date-times) and in order."""
    if type(item) is not dict or not item.keys() <= _TOKEN_KEYS:
        return None
    user = _one_line(item.get("user"), USER_MAX_LENGTH)
    description = _one_line(item.get("description"), DESCRIPTION_MAX_LENGTH)
    dates = [item.get(name) for name in _TOKEN_DATES]
    if (
        user is None
        or description is None
        or any(value is not None and type(value) is not date for value in dates)
    ):
        return None
    issued, expires, last_used = dates
    if issued is not None and any(later is not None and later < issued for later in dates[1:]):
        return None
    return PlainToken(user, description, issued, expires, last_used)


def _tokens(value: object) -> list[PlainToken] | None:
    """The tokens sorted as the model sorts them, when each is plainly fine and its
    description is listed once ignoring case (`credentials.sorted_tokens`)."""
    if type(value) is not list or len(value) > CREDENTIALS_MAX:
        return None
    tokens = [_token(item) for item in value]
    plain = [token for token in tokens if token is not None]
    folded = {token.description.casefold() for token in plain}
    if len(plain) != len(tokens) or len(folded) != len(plain):
        return None
    return sorted(plain, key=_token_order)


def _token_order(token: PlainToken) -> tuple[str, str, str]:
    """As `credentials.sorted_tokens`: by user ignoring case, then as written, then description."""
    return (token.user.casefold(), token.user, token.description.casefold())


@dataclass(eq=False)
class PlainConnector:
    """A connector as the model would hold it after validation, made without pydantic.

    It offers what readers need of a connector (`model.ConnectorLike`: the rules,
    the list, the audit, the cache), checked by mypy; whatever else is wanted
    of it is the model's (`model`, validated from the same data on first use).
    """

    data: dict[str, Any] = field(repr=False)
    """The file's parsed TOML, from which the model is validated when asked."""
    schema_version: int
    description: str
    user_group: str
    blocked: bool
    notes: str
    get_connectors: list[str]
    update_connectors: list[str]
    connectors: list[str]
    ip_restrictions: list[PlainIpLine]
    authentication: str = "classic"
    tokens: list[PlainToken] | None = None
    """The classic user tokens recorded (version 3); None: not recorded."""
    not_secret: list[str] = field(default_factory=list)
    """Never set: a file with `not_secret` is the model's."""
    oauth: OAuthSettings | None = None
    """Never set: a file with [oauth] is the model's."""
    webhooks: list[Webhook] = field(default_factory=list)
    """Never set: a file with webhooks is the model's."""

    @cached_property
    def model(self) -> AppConnector:
        """The model instance of the same data (imports pydantic)."""
        from acwizard.model import AppConnector

        return AppConnector.model_validate(self.data, context={"file": True})

    @property
    def access_mode(self) -> str | None:
        """'allowed' or 'disallowed' when IP restrictions exist, else None."""
        return self.ip_restrictions[0].access if self.ip_restrictions else None

    def ip_summary(self) -> str:
        """As `AppConnector.ip_summary`: `allow 192.168.10.0/24 +1`, or `none`."""
        return ip_summary([line.summary() for line in self.ip_restrictions], self.access_mode)

    def authentication_summary(self) -> str:
        """As `AppConnector.authentication_summary` of a classic connector (the only kind
        this module accepts)."""
        return "classic token"


def plain_connector(data: dict[str, Any]) -> PlainConnector | None:
    """The connector `data` (a parsed file) holds, when it is plainly valid; else None.

    None means "ask the model": it is not a verdict that the file is invalid.
    """
    # version 2 may say what its default says (classic), version 3 list its tokens too
    extra = data.keys() - _V1_KEYS - {"tokens"}
    if extra and (extra != {"authentication"} or data["authentication"] != "classic"):
        return None
    version = data.get("schema_version")
    if type(version) is not int or version not in (1, 2, 3):
        return None
    if version == 1 and "authentication" in data:
        return None
    tokens = None
    if "tokens" in data:
        tokens = _tokens(data["tokens"]) if version == 3 else None
        if tokens is None:
            return None
    description = _one_line(data.get("description"), DESCRIPTION_MAX_LENGTH)
    user_group = _one_line(data.get("user_group"), USER_GROUP_MAX_LENGTH)
    if description is None or user_group is None:
        return None
    blocked = data.get("blocked", True)
    notes = data.get("notes", "")
    if type(blocked) is not bool or type(notes) is not str or not _PLAIN_NOTES.fullmatch(notes):
        return None
    notes = notes.strip()
    if len(notes) > NOTES_MAX_LENGTH:
        return None
    lists = [_ids(data.get(name, [])) for name in LIST_FIELDS]
    written = data.get("ip_restrictions", [])
    if type(written) is not list or len(written) > IP_LINES_MAX:
        return None
    lines: list[PlainIpLine] = []
    ranges: set[tuple[int, int]] = set()
    for item in written:
        line = _ip_line(item, version)
        if line is None or line.access != (lines[0].access if lines else line.access):
            return None
        if (line.network_int, line.prefixlen) in ranges:
            return None
        ranges.add((line.network_int, line.prefixlen))
        lines.append(line)
    get, update, special = lists
    if get is None or update is None or special is None:
        return None
    lines.sort(key=PlainIpLine.sort_key)
    return PlainConnector(
        data=data,
        schema_version=version,
        description=description,
        user_group=user_group,
        blocked=blocked,
        notes=notes,
        get_connectors=get,
        update_connectors=update,
        connectors=special,
        ip_restrictions=lines,
        tokens=tokens,
    )


def load_plain(
    workspace: Workspace, path: Path, raw: bytes | None = None
) -> LoadedFile[ConnectorLike] | None:
    """`workspace.load(path, raw)` for a plainly valid file, without pydantic; else None.

    The same steps as `Workspace.load`: the file's bytes and name, then the
    workspace rules (`Workspace.finding_problems`), each finding placed at its
    line. A file with any problem of its own (syntax, name, or anything the
    model might refuse) is left to `Workspace.load`.
    """
    from acwizard.workspace import LoadedFile

    document = quicktoml.parse(path, raw=raw)
    if document.data is None or document.problems or id_problem(path):
        return None
    plain = plain_connector(document.data)
    if plain is None:
        return None
    problems = secret_problems(path, document.data, document.positions, hatch_errors=False)
    problems += workspace.finding_problems(path, document, plain)
    problems.sort(key=lambda problem: (problem.line, not problem.is_error))
    return LoadedFile(path, document.text, plain, problems, document.positions)
