"""Every rule about a connector that needs more than its own file: one finding type, each rule once.

The model (`model.py`) holds the rules a file can be judged by alone (types,
ranges, secrets, one id listed twice). This module holds the rest, in two
families that share one `Finding`:

- file rules (`file_findings`): what this workspace's settings and catalog say
  about one connector: AFAS Online only, the Profit version, ids and user
  groups missing from the catalog or spelled otherwise. Each finding is an
  `error` or a `warning` at a key path, so `validate` prints it at the key's
  line and the TUI beside the field.
- review rules (`connector_findings`, `shared_user_group_findings`): what an access
  review should look at, modelled on AFAS's own "App connector auditor"
  (Profit 5): connectors callable from anywhere, AFAS Connect's test
  addresses, wide ranges, deny lists, writes of payroll, personnel or finance
  data, shared user groups, the classic-token deadline, OAuth secrets and
  certificates. Each finding has a level (high, medium, low, info), a code and
  a one-line reason; the thresholds live here, in one place.

Which rule does not live here: two descriptions that clash compare files with
each other and live with the workspace (`workspace.description_clash`).
`audit.py` assembles the audit *report* from these findings; `reports.py`
renders it. Whether an id is in the catalog is decided once, in
`catalog_mismatches`, and said once (`NOT_IN_CATALOG`).

Case: an id (or user group) has one spelling, the catalog's. One that matches
a catalog entry only when case is ignored is a warning (a low finding) that
names the catalog's spelling; it is not "missing", and the risk rules judge it
as the connector it names (`knemployee` is KnEmployee, so it writes personnel
data); an id the catalog lacks is compared ignoring case.

This module never imports Textual, nor pydantic at run time: the command
line imports it at start-up.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal, Protocol

from acwizard.catalog import Catalog
from acwizard.fileformat import LIST_FIELDS
from acwizard.problems import Severity
from acwizard.text import plural, visible
from acwizard.versions import missing

if TYPE_CHECKING:
    from acwizard.files.settings import Settings
    from acwizard.model import AppConnector, IpRestriction

ReviewLevel = Literal["high", "medium", "low", "info"]
"""How serious a review finding is."""
Level = Literal["error", "warning", "high", "medium", "low", "info"]
"""A file rule's severity (error, warning) or a review finding's level."""
LEVELS: tuple[ReviewLevel, ...] = ("high", "medium", "low", "info")
"""Review levels, most serious first."""

NOT_IN_CATALOG = "not in the catalog"
"""How every message says that the catalog lacks an id or a user group."""

AFAS_CONNECT_ADDRESSES = frozenset({"52.174.142.76", "52.174.142.140"})
"""AFAS Connect, AFAS's testing tool, calls from these; allow them only while testing."""

_AFAS_CONNECT = tuple(sorted(ipaddress.IPv4Address(address) for address in AFAS_CONNECT_ADDRESSES))
"""The same addresses, parsed, in address order."""

WIDE_PREFIX = 8
"""An allowed range this wide (a /8) or wider is flagged."""
WIDE_PREFIX_V6 = 32
"""An allowed IPv6 range this wide (a /32) or wider is flagged.

A /32 is what a regional registry gives a whole internet provider (its
minimum allocation); a site gets a /48, a home or office a /56 to /64. So a
/32 allows everyone behind one provider, as a /8 does in IPv4.
"""

CLASSIC_NOTICE = date(2026, 9, 1)
"""AFAS gave every existing classic token the expiry date 1 May 2027 (September 2026)."""
CLASSIC_EXPIRY = date(2027, 5, 1)
"""Existing classic tokens expire; new ones can still be made, with limited validity."""
CLASSIC_END = date(2027, 8, 31)
"""The last day app connectors with a classic token work."""
CERTIFICATE_NEAR_DAYS = 30
"""A certificate that ends within this many days needs its successor uploaded now."""

SENSITIVE_UPDATE_CONNECTORS: tuple[tuple[str, str], ...] = (
    ("Hr", "HR and payroll data"),
    ("Fi", "finance data"),
    ("KnEmployee", "personnel data"),
    ("KnUser", "Profit user accounts"),
)
"""UpdateConnector ids (or prefixes) that write data reviewers must look at twice."""


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


# -- the catalog ----------------------------------------------------------------------


def catalog_mismatches(
    connector: AppConnector, catalog: Catalog
) -> Iterator[tuple[tuple[str | int, ...], str, str | None]]:
    """Each user group or granted id the catalog lacks or spells otherwise, in file order.

    Yields (key path, as written, the catalog's spelling or None when the
    catalog lacks it): the user group first, then each list in `LIST_FIELDS`
    order. An entry spelled as in the catalog is not yielded.
    """
    group = connector.user_group
    found = catalog.find("user_groups", group)
    if found != group:
        yield ("user_group",), group, found
    for section in LIST_FIELDS:
        for index, granted in enumerate(getattr(connector, section)):
            found = catalog.find(section, granted)
            if found != granted:
                yield (section, index), granted, found


def misspelled(written: str, spelling: str) -> str:
    """The sentence for an id or user group that the catalog spells in other case."""
    return (
        f"'{visible(written)}' is spelled '{visible(spelling)}' in the catalog; "
        f"did you mean {visible(spelling)}?"
    )


# -- file rules ---------------------------------------------------------------------------


def file_findings(connector: AppConnector, settings: Settings, catalog: Catalog) -> list[Finding]:
    """What the workspace's settings and catalog say about `connector`: errors and warnings."""
    findings: list[Finding] = []
    if connector.ip_restrictions and not settings.online:
        findings.append(
            Finding(
                "error",
                "not-online",
                "ip_restrictions: IP restrictions exist only in AFAS Online, and this "
                "workspace is not AFAS Online (online = false in acwizard.toml)",
                loc=("ip_restrictions",),
            )
        )
    findings += version_findings(connector, settings.profit_version)
    for loc, written, spelling in catalog_mismatches(connector, catalog):
        key = str(loc[0])
        if spelling is None:
            # User groups may hold any character; ids are checked by the model.
            shown = visible(written) if key == "user_group" else written
            message = f"{key}: '{shown}' is {NOT_IN_CATALOG}"
            findings.append(Finding("warning", "not-in-catalog", message, loc=loc))
        else:
            message = f"{key}: {misspelled(written, spelling)}"
            findings.append(Finding("warning", "catalog-spelling", message, loc=loc))
    return findings


def version_findings(connector: AppConnector, profit_version: int) -> list[Finding]:
    """An error at each feature `connector` uses that `profit_version` lacks (see versions)."""
    uses: list[tuple[str, tuple[str | int, ...], str]] = []
    for index, line in enumerate(connector.ip_restrictions):
        if line.range.version == 6:
            # Named by its range: the model's index is not the file's (lines are sorted).
            where = f"ip_restrictions: {line.summary()}"
            uses.append(("ipv6", ("ip_restrictions", index, "address"), where))
    if connector.webhooks:
        uses.append(("webhooks", ("webhooks",), "webhooks"))
    if connector.authentication != "classic":
        uses.append(("oauth", ("authentication",), "authentication"))
    oauth = connector.oauth
    if oauth is not None:
        if oauth.client_type == "public":
            uses.append(("public_client", ("oauth", "client_type"), "oauth.client_type"))
        if oauth.client_authentication == "private_key_jwt":
            uses.append(
                (
                    "private_key_jwt",
                    ("oauth", "client_authentication"),
                    "oauth.client_authentication",
                )
            )
        if oauth.secret_validity_days is not None:
            uses.append(
                ("secret_validity", ("oauth", "secret_validity_days"), "oauth.secret_validity_days")
            )
    findings = []
    for feature, loc, where in uses:
        reason = missing(feature, profit_version)
        if reason:
            findings.append(Finding("error", "profit-version", f"{where}: {reason}", loc=loc))
    return findings


# -- review rules -------------------------------------------------------------------------


def afas_connect_addresses_in(line: IpRestriction) -> list[str]:
    """The AFAS Connect test addresses `line` covers: its own address, or those in its range."""
    return afas_connect_in_range(line.range)


_NOT_ON_THE_INTERNET = tuple(
    ipaddress.ip_network(block)
    for block in (
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",  # private (RFC 1918)
        "100.64.0.0/10",  # shared address space behind carrier NAT (RFC 6598)
        "127.0.0.0/8", "169.254.0.0/16",  # loopback, link-local
        "fc00::/7", "fe80::/10", "::1/128",  # IPv6 unique local, link-local, loopback
        "::ffff:10.0.0.0/104", "::ffff:172.16.0.0/108", "::ffff:192.168.0.0/112",
    )
)  # fmt: skip
"""Ranges no caller reaches AFAS Online from: it sees public addresses only. (Documentation
ranges such as 203.0.113.0/24 are left alone: examples use them on purpose.)"""


def not_on_the_internet(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
    """True when `network` lies wholly inside a private, loopback or link-local block."""
    return any(
        network.version == block.version and network.subnet_of(block)  # type: ignore[arg-type]
        for block in _NOT_ON_THE_INTERNET
    )


def afas_connect_in_range(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> list[str]:
    """The AFAS Connect addresses inside `network`; IPv6 counts their IPv4-mapped form."""
    if network.version == 4:
        return [str(address) for address in _AFAS_CONNECT if address in network]
    return [
        str(address)
        for address in _AFAS_CONNECT
        if ipaddress.IPv6Address(f"::ffff:{address}") in network
    ]


def classic_finding(connector: AppConnector, today: date) -> tuple[ReviewLevel, str, str] | None:
    """The classic-token deadline, as (level, code, message), or None for an OAuth connector.

    Classic: medium from September 2026 (the expiry date is set), high from
    1 May 2027 (tokens expired), high "no longer works" after 31 August 2027;
    before September 2026, low. Hybrid: medium until the end, as apps still
    on a classic token break then but the connector itself keeps working with
    OAuth (which the files cannot tell); low after it, when only the word
    "hybrid" is left to change.
    """
    left = (CLASSIC_END - today).days
    if connector.authentication == "classic":
        if today > CLASSIC_END:
            return (
                "high",
                "classic-token",
                (
                    "classic token: this connector no longer works (classic tokens stopped "
                    "after 31 August 2027): migrate to OAuth"
                ),
            )
        stops = "this connector stops working after 31 August 2027: migrate to OAuth"
        if today >= CLASSIC_EXPIRY:
            return "high", "classic-token", f"classic tokens expired on 1 May 2027; {stops}"
        level: ReviewLevel = "medium" if today >= CLASSIC_NOTICE else "low"
        return level, "classic-token", f"classic tokens expire on 1 May 2027; {stops}"
    if connector.authentication == "hybrid":
        if today > CLASSIC_END:
            return (
                "low",
                "hybrid",
                'hybrid, but classic tokens no longer work: set authentication = "oauth"',
            )
        return (
            "medium",
            "hybrid",
            (
                "hybrid: apps still on a classic token stop working after 31 August 2027 "
                f"({left} days left): finish the migration and switch to OAuth"
            ),
        )
    return None


class Grouped(Protocol):
    """What the workspace-wide rules read of a connector: a model, a plain connector, or
    the audit's summary of one (`acwizard.audit.Summary`)."""

    @property
    def user_group(self) -> str: ...

    @property
    def authentication(self) -> str: ...


def migration_status(
    connectors: Mapping[str, Grouped], today: date
) -> list[dict[str, str | int | None]]:
    """Per connector: its authentication and the days left to move it to OAuth (None: done)."""
    left = max((CLASSIC_END - today).days, 0)
    return [
        {
            "connector_id": connector_id,
            "authentication": connector.authentication,
            "days_left": None if connector.authentication == "oauth" else left,
        }
        for connector_id, connector in sorted(connectors.items())
    ]


def _oauth_findings(
    connector: AppConnector, today: date | None, add: Callable[[ReviewLevel, str, str], None]
) -> None:
    """Client secrets, certificates near or past their end, redirect URLs not on https."""
    oauth = connector.oauth
    if oauth is None:
        return
    if oauth.client_authentication == "client_secret":
        days = oauth.secret_validity_days or 180
        add(
            "low",
            "client-secret",
            f"authenticates with a client secret, renewed every {days} days: prefer private "
            "key JWT (no shared secret to leak or renew)",
        )
    if today is not None:
        for certificate in oauth.certificates:
            left = (certificate.not_after - today).days
            if left < 0:
                add(
                    "high"
                    if oauth.jwks_url is None
                    and all(c.not_after < today for c in oauth.certificates)
                    else "medium",
                    "certificate-expired",
                    f"certificate {certificate.key_id} ended on "
                    f"{certificate.not_after.isoformat()}: remove it",
                )
            elif left <= CERTIFICATE_NEAR_DAYS:
                add(
                    "medium",
                    "certificate-ending",
                    f"certificate {certificate.key_id} ends on {certificate.not_after.isoformat()} "
                    f"({left} days left): upload its successor",
                )
    for url in oauth.redirect_urls:
        if not url.lower().startswith("https://"):
            add(
                "low",
                "redirect-not-https",
                f"redirect URL {visible(url, 200)} is not https (loopback only, for a native app)",
            )


def _is_sensitive(name: str, prefix: str) -> bool:
    """True when the UpdateConnector spelled `name` is `prefix` or one of its family."""
    if len(prefix) > 2:
        return name.casefold() == prefix.casefold()
    if name[:2] == prefix:
        # Profit's own CamelCase: Hr + CompMut is HR's; "Hrx" is not.
        return name[2:3].isupper()
    # Spelled in another case ("hrcompmut", "FIENTRIES"), the case says nothing
    # about where the prefix ends; a misspelling must never hide a risk.
    return name[:2].casefold() == prefix.casefold() and len(name) > 2


def sensitive_writes(
    connector: AppConnector, catalog: Catalog | None = None
) -> dict[str, list[str]]:
    """The UpdateConnectors that write sensitive data, grouped by what they write.

    Each id is judged by the catalog's spelling of it when the catalog has it.
    """
    found: dict[str, list[str]] = defaultdict(list)
    for connector_id in connector.update_connectors:
        name = connector_id
        if catalog is not None:
            name = catalog.find("update_connectors", connector_id) or connector_id
        for prefix, what in SENSITIVE_UPDATE_CONNECTORS:
            if _is_sensitive(name, prefix):
                found[what].append(connector_id)
                break
    return dict(found)


def _catalog_review(
    connector: AppConnector, catalog: Catalog, add: Callable[[ReviewLevel, str, str], None]
) -> None:
    """Low findings for a user group or ids the catalog lacks or spells otherwise."""
    missing_ids: dict[str, list[str]] = defaultdict(list)
    respelled: dict[str, list[str]] = defaultdict(list)
    for loc, written, spelling in catalog_mismatches(connector, catalog):
        if loc == ("user_group",):
            if spelling is None:
                add("low", "not-in-catalog", f"user group '{visible(written)}' is {NOT_IN_CATALOG}")
            else:
                add("low", "catalog-spelling", "user group " + misspelled(written, spelling))
        elif spelling is None:
            missing_ids[str(loc[0])].append(written)
        else:
            respelled[str(loc[0])].append(f"{spelling} (not {written})")
    for section in LIST_FIELDS:
        if missing_ids[section]:
            add(
                "low",
                "not-in-catalog",
                f"{section} {NOT_IN_CATALOG}: {', '.join(missing_ids[section])}",
            )
        if respelled[section]:
            add(
                "low",
                "catalog-spelling",
                f"{section} spelled otherwise in the catalog: did you mean "
                f"{', '.join(respelled[section])}?",
            )


def connector_findings(
    connector_id: str,
    connector: AppConnector,
    catalog: Catalog | None = None,
    online: bool = True,
    wide_prefix: int = WIDE_PREFIX,
    today: date | None = None,
    wide_prefix_v6: int = WIDE_PREFIX_V6,
) -> list[Finding]:
    """What an access review should know about one connector, most serious first.

    `today` dates the classic-token deadline and certificate ends; without it
    those findings are left out (the CLI always passes one).
    """
    findings: list[Finding] = []

    def add(level: ReviewLevel, code: str, message: str) -> None:
        findings.append(Finding(level, code, message, connector_id))

    active = not connector.blocked
    grants = sum(len(getattr(connector, section)) for section in LIST_FIELDS)
    lines = connector.ip_restrictions
    if online and not lines:
        if active:
            add("high", "no-ip-restrictions", "active and callable from any address")
        else:
            add("low", "no-ip-restrictions", "no IP restrictions yet (blocked for now)")
    connect_level: ReviewLevel = "high" if active else "medium"
    allowed = [line for line in lines if line.access == "allowed"]
    connect = sorted(
        line.address for line in allowed if line.network is None and afas_connect_addresses_in(line)
    )
    if connect:
        add(
            connect_level,
            "afas-connect-allowed",
            f"AFAS Connect test address still allowed: {', '.join(connect)}",
        )
    for line in allowed:
        inside = afas_connect_addresses_in(line) if line.network is not None else []
        if inside:
            add(
                connect_level,
                "afas-connect-allowed",
                f"allowed range {line.summary()} contains the AFAS Connect test "
                f"{plural('address', len(inside))} {', '.join(inside)}",
            )
    for line in lines:
        version = line.range.version
        limit = wide_prefix if version == 4 else wide_prefix_v6
        if line.access == "allowed" and line.prefix_length <= limit:
            bits = line.range.max_prefixlen - line.prefix_length
            if line.prefix_length == 0:
                what = "every address" if version == 4 else "every IPv6 address"
            elif version == 4:
                what = f"{2**bits:,} addresses"
            else:
                what = (
                    f"2^{bits} addresses, more than a whole internet provider's /32"
                    if (line.prefix_length < 32)
                    else f"2^{bits} addresses, a whole internet provider's allocation"
                )
            add("high", "wide-range", f"allows {line.summary()}: {what}")
    if online:
        for line in lines:
            if not_on_the_internet(line.range):
                add(
                    "low",
                    "private-range",
                    f"{line.summary()} is a private range: AFAS Online sees the public address "
                    "a call comes from, so this line matches no caller",
                )
    if today is not None:
        deadline = classic_finding(connector, today)
        if deadline is not None:
            add(*deadline)
    _oauth_findings(connector, today, add)
    if lines and lines[0].access == "disallowed":
        add(
            "medium",
            "deny-list",
            "disallowed lines only: every other address may call; an allow list is stronger",
        )
    for what, ids in sensitive_writes(connector, catalog).items():
        add("medium", "sensitive-write", f"writes {what}: {', '.join(ids)}")
    if active and grants == 0:
        add("low", "grants-nothing", "active but grants no connector: block or delete it")
    if catalog is not None:
        _catalog_review(connector, catalog, add)
    return sorted(findings, key=level_order)


_RANK: dict[str, int] = {"error": -1, "warning": -1} | {
    level: rank for rank, level in enumerate(LEVELS)
}
"""Each level's place in `level_order`."""


def level_order(finding: Finding) -> int:
    """Where `finding` sorts: most serious first (file rules' levels before review levels)."""
    return _RANK[finding.level]


SHARED_NAMED = 5
"""How many of the other connectors on a user group a finding names before "and N more":
each of them has the finding too, and naming all made the report grow with the square of
a group's size (5,000 connectors on one group: 277 MB of text)."""


def shared_user_group_findings(connectors: Mapping[str, Grouped]) -> list[Finding]:
    """A medium finding for each connector whose user group (ignoring case) another one uses.

    AFAS advises one user group per app: the group's rights are the app's.
    """
    by_group: dict[str, list[str]] = defaultdict(list)
    for connector_id, connector in sorted(connectors.items()):
        by_group[connector.user_group.casefold()].append(connector_id)
    findings = []
    for connector_id, connector in sorted(connectors.items()):
        group = by_group[connector.user_group.casefold()]
        if len(group) < 2:
            continue
        others = [i for i in group[: SHARED_NAMED + 1] if i != connector_id][:SHARED_NAMED]
        more = len(group) - 1 - len(others)
        named = ", ".join(others) + (f" and {more} more" if more else "")
        findings.append(
            Finding(
                "medium",
                "shared-user-group",
                f"user group '{visible(connector.user_group)}' is also used by {named}; "
                "AFAS advises one user group per app",
                connector_id,
            )
        )
    return findings


def at_or_above(findings: list[Finding], level: ReviewLevel) -> list[Finding]:
    """The review findings at least as serious as `level`."""
    limit = LEVELS.index(level)
    return [finding for finding in findings if level_order(finding) <= limit]
