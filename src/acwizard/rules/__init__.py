"""Every rule about a connector that needs more than its own file: one finding type, each rule once.

The model (`acwizard.model`) holds the rules a file can be judged by alone (types,
ranges, secrets, one id listed twice). This package holds the rest, in two
families that share one `Finding` (`findings`):

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

The parts: `findings` (the one finding type and its levels), `files` (the
file rules), `ip` (AFAS Connect, wide and private ranges), `deadlines` (the
classic-token deadlines, worded once, and the migration status), `credentials`
(the Auditor's questions about tokens, client secrets, certificates and group
members), `review` (the review rules of one connector and of a workspace). This package never imports Textual,
nor pydantic at run time: the command line imports it at start-up.
"""

from __future__ import annotations

from acwizard.rules.credentials import (
    TOKEN_ROTATE_MONTHS,
    TOKEN_UNUSED_MONTHS,
    ExpiryMark,
    credential_findings,
    earliest_end,
    expiry_mark,
    months_before,
)
from acwizard.rules.deadlines import (
    CERTIFICATE_NEAR_DAYS,
    CLASSIC_END,
    CLASSIC_EXPIRY,
    CLASSIC_NOTICE,
    EXPIRY_WINDOW_DAYS,
    Grouped,
    Migrating,
    MigrationRow,
    classic_finding,
    day_words,
    days_words,
    deadlines_text,
    migration_status,
)
from acwizard.rules.files import (
    catalog_mismatches,
    connector_urls,
    file_findings,
    host_lookalikes,
    misspelled,
    version_findings,
)
from acwizard.rules.findings import (
    LEVELS,
    NOT_IN_CATALOG,
    Finding,
    Level,
    ReviewLevel,
    at_or_above,
    level_order,
)
from acwizard.rules.ip import (
    AFAS_CONNECT_ADDRESSES,
    WIDE_PREFIX,
    WIDE_PREFIX_V6,
    afas_connect_addresses_in,
    afas_connect_in_range,
    not_on_the_internet,
    wide_range,
)
from acwizard.rules.review import (
    SENSITIVE_UPDATE_CONNECTORS,
    SHARED_NAMED,
    connector_findings,
    sensitive_writes,
    shared_user_group_findings,
)

__all__ = [
    "AFAS_CONNECT_ADDRESSES",
    "CERTIFICATE_NEAR_DAYS",
    "CLASSIC_END",
    "CLASSIC_EXPIRY",
    "CLASSIC_NOTICE",
    "EXPIRY_WINDOW_DAYS",
    "LEVELS",
    "NOT_IN_CATALOG",
    "SENSITIVE_UPDATE_CONNECTORS",
    "SHARED_NAMED",
    "TOKEN_ROTATE_MONTHS",
    "TOKEN_UNUSED_MONTHS",
    "WIDE_PREFIX",
    "WIDE_PREFIX_V6",
    "ExpiryMark",
    "Finding",
    "Grouped",
    "Level",
    "Migrating",
    "MigrationRow",
    "ReviewLevel",
    "afas_connect_addresses_in",
    "afas_connect_in_range",
    "at_or_above",
    "catalog_mismatches",
    "classic_finding",
    "connector_findings",
    "connector_urls",
    "credential_findings",
    "day_words",
    "days_words",
    "deadlines_text",
    "earliest_end",
    "expiry_mark",
    "file_findings",
    "host_lookalikes",
    "level_order",
    "migration_status",
    "misspelled",
    "months_before",
    "not_on_the_internet",
    "sensitive_writes",
    "shared_user_group_findings",
    "version_findings",
    "wide_range",
]
