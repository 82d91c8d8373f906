"""The keys of `acwizard.toml` that `urls` and `plan` read, each checked as hostile input.

```toml
rest_base_url = "https://profit.example.com/ProfitRestServices"   # on-premises only
soap_base_url = "https://profit.example.com/profitservices"

[environment_differences]          # read in the workspace `plan --to` names
source_environment = "T12345AA"    # plan --from must name a workspace of this environment
ip_ranges = ["10.20.0.0/16"]       # IP lines inside these ranges differ on purpose
fields = ["blocked"]               # settings each environment keeps for itself
[environment_differences.url_prefixes]
"https://hooks-test.example.com/" = "https://hooks.example.com/"
```

`rest_base_url` and `soap_base_url` change only what acwizard *prints* for the app's
vendor (`urls`, the How to call view), for installations outside AFAS Online. They
never decide where acwizard sends credentials: a pull request can change this file
(see `acwizard.profit.hosts`).

`[environment_differences]` says what differs on purpose between the environment of
this workspace and the one `plan --from` copies from, so that plan does not propose
it: the environment ids differ by nature (each workspace names its own), the IP
lines of test servers are the test environment's own, a webhook of the test
environment posts to a test host. It is read only in the target workspace.

The store calls `read_urls_plan_settings` with the document's keys; it takes its own
keys out and leaves the rest to the store. This module imports neither pydantic nor
Textual: settings are read before any connector file.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from acwizard.model.errors import shown_value
from acwizard.model.format import WIDE_PREFIX, WIDE_PREFIX_V6
from acwizard.problems import Problem
from acwizard.profit.hosts import ENVIRONMENT_PATTERN

IpRange = ipaddress.IPv4Network | ipaddress.IPv6Network

BASE_URL_KEYS = ("rest_base_url", "soap_base_url")
"""Top-level keys: the bases `urls` prints instead of AFAS Online's."""
DIFFERENCES_TABLE = "environment_differences"
"""The table of what differs on purpose between two environments."""
DIFFERENCE_KEYS = ("source_environment", "ip_ranges", "url_prefixes", "fields")
"""The keys of that table, in the order the README lists them."""

FIELDS_ON_PURPOSE = (
    "blocked",
    "description",
    "user_group",
    "redirect_urls",
    "jwks_url",
    "certificates",
    "webhooks",
    "secret_validity_days",
)
"""Connector settings an environment may keep for itself (`fields`): plan --from leaves
them as the target has them, and a connector it creates gets Profit's default."""

URL_MAX_LENGTH = 2000
_URL_CHARACTERS = re.compile(r"[!-~]+")
"""Printable ASCII without spaces: what a URL written by hand in a settings file holds."""

LineOf = Callable[[tuple[str | int, ...]], int]


@dataclass(frozen=True)
class EnvironmentDifferences:
    """What differs on purpose between this workspace's environment and plan --from's source."""

    source_environment: str | None = None
    """The environment `plan --from` must read; None: any."""
    ip_ranges: tuple[IpRange, ...] = ()
    """IP lines inside one of these ranges are never proposed (added or removed)."""
    url_prefixes: tuple[tuple[str, str], ...] = ()
    """(source prefix, this environment's prefix): URLs of the source are rewritten first."""
    fields: frozenset[str] = frozenset()
    """Settings from `FIELDS_ON_PURPOSE` that each environment keeps for itself."""

    @property
    def any(self) -> bool:
        """True when something is marked as differing on purpose."""
        return bool(self.source_environment or self.ip_ranges or self.url_prefixes or self.fields)


@dataclass(frozen=True)
class UrlsPlanSettings:
    """The settings `urls` and `plan` read from `acwizard.toml`."""

    rest_base_url: str | None = None
    """The REST base `urls` prints instead of AFAS Online's (no slash at the end)."""
    soap_base_url: str | None = None
    """The SOAP base `urls` prints instead of AFAS Online's (no slash at the end)."""
    differences: EnvironmentDifferences = field(default_factory=EnvironmentDifferences)


def url_problem(value: object) -> str | None:
    """Why `value` is not an https URL acwizard may print as a base, or None.

    The message never repeats the URL: it may hold a password someone pasted.
    """
    if not isinstance(value, str):
        return "must be a text in double quotes, an https URL"
    if len(value) > URL_MAX_LENGTH:
        return f"must be at most {URL_MAX_LENGTH} characters"
    if not _URL_CHARACTERS.fullmatch(value):
        return "must be a URL of printable ASCII characters without spaces (encode others)"
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError for a port that is no number
    except ValueError:
        return "is not a URL"
    del port
    if parts.scheme.lower() != "https":
        return "must start with https:// (credentials would travel unencrypted)"
    if "@" in parts.netloc:
        return "must not hold a user name or password; credentials never go into a file"
    if not parts.hostname:
        return "has no host name"
    if not _host_name(parts.hostname):
        # curl expands {a,b} and [1-9] in a URL: the printed command would call other hosts.
        return (
            "has a host name that is no host name (letters, digits, dots and hyphens, or an "
            "IP address in brackets)"
        )
    if parts.query or parts.fragment or "?" in value or "#" in value:
        return "must not have a query (?...) or fragment (#...): it is a base URL"
    return None


_HOST_NAME = re.compile(r"[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?")


def _host_name(host: str) -> bool:
    """True for a DNS name or an IP address (urlsplit gives an IPv6 one without brackets)."""
    if _HOST_NAME.fullmatch(host):
        return True
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return False
    return True


def _error(path: Path, line: int, message: str) -> Problem:
    """An error at `line` of `path`."""
    return Problem(path, line, "error", message)


def read_urls_plan_settings(
    path: Path, data: dict[str, Any], line_of: LineOf
) -> tuple[UrlsPlanSettings, list[Problem]]:
    """Take this module's keys out of `data` (the parsed acwizard.toml) and check them.

    A key with a bad value is reported at its line and ignored (as if absent).
    """
    problems: list[Problem] = []
    bases: dict[str, str | None] = {}
    for key in BASE_URL_KEYS:
        value = data.pop(key, None)
        reason = None if value is None else url_problem(value)
        if reason:
            problems.append(_error(path, line_of((key,)), f"{key}: {reason}"))
            value = None
        bases[key] = value.rstrip("/") if isinstance(value, str) else None
    differences = EnvironmentDifferences()
    table = data.pop(DIFFERENCES_TABLE, None)
    if table is not None:
        if isinstance(table, dict):
            differences = _differences(path, dict(table), line_of, problems)
        else:
            problems.append(
                _error(path, line_of((DIFFERENCES_TABLE,)), f"{DIFFERENCES_TABLE}: must be a table")
            )
    settings = UrlsPlanSettings(bases["rest_base_url"], bases["soap_base_url"], differences)
    return settings, problems


def _differences(
    path: Path, table: dict[str, Any], line_of: LineOf, problems: list[Problem]
) -> EnvironmentDifferences:
    """The `[environment_differences]` table, each bad value reported and left out."""
    name = DIFFERENCES_TABLE
    source = table.pop("source_environment", None)
    if source is not None and not (
        isinstance(source, str) and ENVIRONMENT_PATTERN.fullmatch(source)
    ):
        problems.append(
            _error(
                path,
                line_of((name, "source_environment")),
                f"{name}.source_environment: must be an environment id such as T12345AA "
                "(O production, T test, A accept)",
            )
        )
        source = None
    ranges = _ip_ranges(path, table.pop("ip_ranges", []), line_of, problems)
    prefixes = _url_prefixes(path, table.pop("url_prefixes", {}), line_of, problems)
    fields = _fields(path, table.pop("fields", []), line_of, problems)
    for key in table:
        hint = difflib.get_close_matches(key, DIFFERENCE_KEYS, n=1)
        did_you_mean = f"; did you mean {hint[0]}?" if hint else ""
        problems.append(
            _error(
                path,
                line_of((name, key)),
                f"{name}: unknown key {shown_value(key, limit=60)}{did_you_mean}",
            )
        )
    return EnvironmentDifferences(source, tuple(ranges), tuple(prefixes), frozenset(fields))


def _wrong_type(path: Path, line_of: LineOf, key: str, wanted: str) -> Problem:
    """`environment_differences.KEY: must be ...` at the key's line."""
    return _error(path, line_of((DIFFERENCES_TABLE, key)), f"{DIFFERENCES_TABLE}.{key}: {wanted}")


def _ip_ranges(
    path: Path, value: object, line_of: LineOf, problems: list[Problem]
) -> list[IpRange]:
    """`ip_ranges`: a list of addresses or CIDR ranges, IPv4 or IPv6."""
    where = f"{DIFFERENCES_TABLE}.ip_ranges"
    if not isinstance(value, list):
        problems.append(_wrong_type(path, line_of, "ip_ranges", "must be a list"))
        return []
    ranges: list[IpRange] = []
    for index, item in enumerate(value):
        line = line_of((DIFFERENCES_TABLE, "ip_ranges", index))
        if not isinstance(item, str) or not re.fullmatch(r"[0-9A-Fa-f.:/]{1,64}", item):
            problems.append(
                _error(
                    path,
                    line,
                    f"{where}[{index}]: must be an address or CIDR range in double quotes, "
                    'such as "10.20.0.0/16"',
                )
            )
            continue
        try:
            network = ipaddress.ip_network(item, strict=True)
        except ValueError:
            try:
                start = ipaddress.ip_network(item, strict=False)
            except ValueError:
                problems.append(
                    _error(path, line, f"{where}[{index}]: '{item}' is not an address or range")
                )
                continue
            problems.append(
                _error(
                    path,
                    line,
                    f"{where}[{index}]: '{item}' does not start its range (host bits set); "
                    f"did you mean {start}?",
                )
            )
            continue
        widest = WIDE_PREFIX if network.version == 4 else WIDE_PREFIX_V6
        if network.prefixlen <= widest:
            # plan --from leaves every line inside these ranges out on both sides: a range
            # this wide would hide any address, and plan would say both grant the same.
            problems.append(
                _error(
                    path,
                    line,
                    f"{where}[{index}]: '{item}' is a /{network.prefixlen}, as wide as the "
                    f"widest ranges audit flags (/{widest}): plan would leave every IP line "
                    "inside it out unseen; name the ranges of this environment's own servers",
                )
            )
            continue
        ranges.append(network)
    return ranges


def _url_prefixes(
    path: Path, value: object, line_of: LineOf, problems: list[Problem]
) -> list[tuple[str, str]]:
    """`url_prefixes`: source prefix = this environment's prefix, both https URLs."""
    where = f"{DIFFERENCES_TABLE}.url_prefixes"
    if not isinstance(value, dict):
        wanted = 'must be a table of "source prefix" = "this environment\'s prefix"'
        problems.append(_wrong_type(path, line_of, "url_prefixes", wanted))
        return []
    pairs: list[tuple[str, str]] = []
    for position, (source, target) in enumerate(value.items(), start=1):
        line = line_of((DIFFERENCES_TABLE, "url_prefixes", source))
        reason = url_problem(source)
        which = f"{where}: prefix {position}"
        if reason is None:
            reason = url_problem(target)
            which = f"{where}: the replacement of prefix {position}"
        if reason is not None:
            problems.append(_error(path, line, f"{which} {reason}"))
            continue
        pairs.append((source, target))
    # The longest source prefix first: the most specific one wins.
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def _fields(path: Path, value: object, line_of: LineOf, problems: list[Problem]) -> list[str]:
    """`fields`: names from FIELDS_ON_PURPOSE."""
    where = f"{DIFFERENCES_TABLE}.fields"
    choices = ", ".join(FIELDS_ON_PURPOSE)
    if not isinstance(value, list):
        problems.append(_wrong_type(path, line_of, "fields", f"must be a list of: {choices}"))
        return []
    fields: list[str] = []
    for index, item in enumerate(value):
        if isinstance(item, str) and item in FIELDS_ON_PURPOSE:
            fields.append(item)
            continue
        shown = shown_value(item, limit=60) if isinstance(item, str) else f"'{type(item).__name__}'"
        hint = (
            difflib.get_close_matches(item, FIELDS_ON_PURPOSE, n=1) if isinstance(item, str) else []
        )
        did_you_mean = f"did you mean {hint[0]}? " if hint else ""
        problems.append(
            _error(
                path,
                line_of((DIFFERENCES_TABLE, "fields", index)),
                f"{where}[{index}]: {shown} is not a setting plan knows; {did_you_mean}"
                f"choose from: {choices}",
            )
        )
    return fields
