"""The review rules: what an access review should know about one connector, and about the
connectors of a workspace together (shared user groups).

Modelled on AFAS's own "App connector auditor" (Profit 5); each finding has a
level (high, medium, low, info), a code and a one-line reason. The IP rules
are `rules.ip`'s, the deadline `rules.deadlines`'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import date

from acwizard.catalog import Catalog
from acwizard.model.format import DEFAULT_SECRET_VALIDITY_DAYS, LIST_FIELDS
from acwizard.model.protocol import ConnectorLike
from acwizard.rules.credentials import credential_findings
from acwizard.rules.deadlines import EXPIRY_WINDOW_DAYS, Grouped, classic_finding
from acwizard.rules.files import catalog_mismatches, host_lookalikes, misspelled
from acwizard.rules.findings import NOT_IN_CATALOG, Finding, ReviewLevel, level_order
from acwizard.rules.ip import WIDE_PREFIX, WIDE_PREFIX_V6, ip_findings
from acwizard.text import say, visible

__all__ = [
    "SENSITIVE_UPDATE_CONNECTORS",
    "SHARED_NAMED",
    "connector_findings",
    "sensitive_writes",
    "shared_user_group_findings",
]

SENSITIVE_UPDATE_CONNECTORS: tuple[tuple[str, str], ...] = (
    ("Hr", "HR and payroll data"),
    ("Fi", "finance data"),
    ("KnEmployee", "personnel data"),
    ("KnUser", "Profit user accounts"),
)
"""UpdateConnector ids (or prefixes) that write data reviewers must look at twice."""


def _oauth_findings(connector: ConnectorLike, add: Callable[[ReviewLevel, str, str], None]) -> None:
    """A client secret (prefer private key JWT), redirect URLs not on https. The register
    (secrets and certificates that run out) is `rules.credentials`'."""
    oauth = connector.oauth
    if oauth is None:
        return
    if oauth.client_authentication == "client_secret":
        days = oauth.secret_validity_days or DEFAULT_SECRET_VALIDITY_DAYS
        add(
            "low",
            "client-secret",
            f"authenticates with a client secret, renewed every {days} days: prefer private "
            "key JWT (no shared secret to leak or renew)",
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
    connector: ConnectorLike, catalog: Catalog | None = None
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
    connector: ConnectorLike, catalog: Catalog, add: Callable[[ReviewLevel, str, str], None]
) -> None:
    """Low findings for a user group or ids the catalog lacks or spells otherwise."""
    missing_ids: dict[str, list[str]] = defaultdict(list)
    respelled: dict[str, list[str]] = defaultdict(list)
    for loc, written, spelling in catalog_mismatches(connector, catalog):
        if loc == ("user_group",):
            if spelling is None:
                add(
                    "low",
                    "not-in-catalog",
                    say("user group {group!q} is {what}", group=written, what=NOT_IN_CATALOG),
                )
            else:
                add(
                    "low",
                    "catalog-spelling",
                    misspelled(written, spelling, lead="user group ", free=True),
                )
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
    connector: ConnectorLike,
    catalog: Catalog | None = None,
    online: bool = True,
    wide_prefix: int = WIDE_PREFIX,
    today: date | None = None,
    wide_prefix_v6: int = WIDE_PREFIX_V6,
    window: int = EXPIRY_WINDOW_DAYS,
) -> list[Finding]:
    """What an access review should know about one connector, most serious first.

    `today` dates the classic-token deadline and the ends of tokens, client secrets and
    certificates (`window`: how many days ahead an end is worth a finding); without it
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
    ip_findings(lines, "high" if active else "medium", online, (wide_prefix, wide_prefix_v6), add)
    if today is not None:
        deadline = classic_finding(connector, today)
        if deadline is not None:
            add(*deadline)
    _oauth_findings(connector, add)
    credential_findings(connector, catalog, today, add, window)
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
    for _, where, reason in host_lookalikes(connector):
        add("low", "host-lookalike", f"{where}: {reason}")
    if catalog is not None:
        _catalog_review(connector, catalog, add)
    return sorted(findings, key=level_order)


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
                say(
                    "user group {group!q} is also used by {named}; AFAS advises one user "
                    "group per app",
                    group=connector.user_group,
                    named=named,
                ),
                connector_id,
            )
        )
    return findings
