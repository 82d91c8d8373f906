"""Audit findings: the questions an access review asks of each app connector.

Modelled on AFAS's own "App connector auditor" (Profit 5), answered from the
files in git: which connectors are callable from anywhere, which still allow
AFAS Connect's test addresses, which write payroll, personnel or finance data,
which share a user group. Each finding has a severity and a one-line reason;
the thresholds live here, in one place.

Case: risk rules never depend on how an id is spelled. An id is judged by the
catalog's spelling of it (`knemployee` is KnEmployee, so it writes personnel
data); an id the catalog lacks is compared ignoring case. How it should be
spelled is a separate, low finding. This module never imports Textual.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from acwizard.catalog import Catalog
from acwizard.fileformat import LIST_FIELDS
from acwizard.text import visible

if TYPE_CHECKING:
    from acwizard.model import AppConnector, IpRestriction

Level = Literal["high", "medium", "low", "info"]
LEVELS: tuple[Level, ...] = ("high", "medium", "low", "info")
"""Severities, most serious first."""

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
    """One thing an access review should look at, for one connector."""

    connector_id: str
    level: Level
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """The finding as JSON-ready data."""
        return asdict(self)


def afas_connect_addresses_in(line: IpRestriction) -> list[str]:
    """The AFAS Connect test addresses `line` covers: its own address, or those in its range."""
    return afas_connect_in_range(line.range)


def afas_connect_in_range(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> list[str]:
    """The AFAS Connect addresses inside `network`; IPv6 counts their IPv4-mapped form."""
    if network.version == 4:
        return [str(address) for address in _AFAS_CONNECT if address in network]
    return [
        str(address)
        for address in _AFAS_CONNECT
        if ipaddress.IPv6Address(f"::ffff:{address}") in network
    ]


def classic_finding(connector: AppConnector, today: date) -> tuple[Level, str, str] | None:
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
        message = (
            "classic tokens expire on 1 May 2027; this connector stops working after "
            "31 August 2027: migrate to OAuth"
        )
        if today >= CLASSIC_EXPIRY:
            return "high", "classic-token", message
        return ("medium" if today >= CLASSIC_NOTICE else "low"), "classic-token", message
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


def migration_status(
    connectors: dict[str, AppConnector], today: date
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
    connector: AppConnector, today: date | None, add: Callable[[Level, str, str], None]
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

    def add(level: Level, code: str, message: str) -> None:
        findings.append(Finding(connector_id, level, code, message))

    active = not connector.blocked
    grants = sum(len(getattr(connector, section)) for section in LIST_FIELDS)
    lines = connector.ip_restrictions
    if online and not lines:
        if active:
            add("high", "no-ip-restrictions", "active and callable from any address")
        else:
            add("low", "no-ip-restrictions", "no IP restrictions yet (blocked for now)")
    connect_level: Level = "high" if active else "medium"
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
                f"{_plural('address', len(inside))} {', '.join(inside)}",
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
        group = connector.user_group
        if catalog.find("user_groups", group) is None:
            add("low", "not-in-catalog", f"user group '{visible(group)}' is not in the catalog")
        elif spelling := catalog.correct_spelling("user_groups", group):
            add(
                "low",
                "catalog-spelling",
                f"user group '{visible(group)}' is spelled '{visible(spelling)}' in the "
                f"catalog; did you mean {visible(spelling)}?",
            )
        for section in LIST_FIELDS:
            missing = []
            respelled = []
            for granted in getattr(connector, section):
                found = catalog.find(section, granted)
                if found is None:
                    missing.append(granted)
                elif found != granted:
                    respelled.append(f"{found} (not {granted})")
            if missing:
                add("low", "not-in-catalog", f"{section} not in the catalog: {', '.join(missing)}")
            if respelled:
                add(
                    "low",
                    "catalog-spelling",
                    f"{section} spelled otherwise in the catalog: did you mean "
                    f"{', '.join(respelled)}?",
                )
    return sorted(findings, key=lambda finding: LEVELS.index(finding.level))


def _plural(word: str, count: int) -> str:
    """`word` for one, its plural for more (address, addresses)."""
    return word if count == 1 else f"{word}es" if word.endswith("s") else f"{word}s"


def workspace_findings(
    connectors: dict[str, AppConnector],
    catalog: Catalog | None = None,
    online: bool = True,
    wide_prefix: int = WIDE_PREFIX,
    today: date | None = None,
    wide_prefix_v6: int = WIDE_PREFIX_V6,
    own: dict[str, list[Finding]] | None = None,
) -> list[Finding]:
    """Findings for every connector, plus user groups shared between connectors.

    `own`: each connector's `connector_findings`, when already found (the command
    line finds them in two processes).
    """
    findings: list[Finding] = []
    by_group: dict[str, list[str]] = defaultdict(list)
    for connector_id, connector in sorted(connectors.items()):
        if own is not None and connector_id in own:
            findings += own[connector_id]
        else:
            findings += connector_findings(
                connector_id, connector, catalog, online, wide_prefix, today, wide_prefix_v6
            )
        by_group[connector.user_group.casefold()].append(connector_id)
    for connector_id, connector in sorted(connectors.items()):
        others = [i for i in by_group[connector.user_group.casefold()] if i != connector_id]
        if others:
            findings.append(
                Finding(
                    connector_id,
                    "medium",
                    "shared-user-group",
                    f"user group '{visible(connector.user_group)}' is also used by "
                    f"{', '.join(others)}; AFAS advises one user group per app",
                )
            )
    return sorted(findings, key=lambda f: (f.connector_id, LEVELS.index(f.level)))


def at_or_above(findings: list[Finding], level: Level) -> list[Finding]:
    """The findings at least as serious as `level`."""
    limit = LEVELS.index(level)
    return [finding for finding in findings if LEVELS.index(finding.level) <= limit]
