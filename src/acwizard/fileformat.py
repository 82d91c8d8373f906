"""The connector file format: its key names, their order and its limits.

These facts are shared by the pydantic model (`acwizard.model`), the loader,
the catalog and the TUI's first paint. They live here, without pydantic, so
that code which only needs a name or a limit starts fast.
"""

from __future__ import annotations

import re
from typing import Final, Literal

SCHEMA_VERSION: Final = 1  # Final: its type is Literal[1], the model field's type
"""The connector file format this version of acwizard reads and writes."""

DESCRIPTION_MAX_LENGTH = 100
"""Longest description; it becomes an e-mail subject, so keep it short."""
USER_GROUP_MAX_LENGTH = 100
"""Longest user group name."""
NOTES_MAX_LENGTH = 2000
"""Longest free-text note."""
ID_MAX_LENGTH = 100
"""Longest connector id."""
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
"""Connector ids: letters, digits, `_`, `.` and `-`, starting with a letter or digit."""

SUPPORTS_IPV6 = False
"""AFAS documents IPv4 addresses and subnet masks only; IPv6 support is unsure."""

Access = Literal["allowed", "disallowed"]
"""Whether an IP restriction line lets its addresses in or keeps them out."""

FIELD_ORDER = (
    "schema_version",
    "description",
    "user_group",
    "blocked",
    "notes",
    "get_connectors",
    "update_connectors",
    "connectors",
    "ip_restrictions",
)
"""The order of the keys in a connector file: what reviewers read top to bottom."""

LIST_FIELDS = ("get_connectors", "update_connectors", "connectors")
"""The three lists of connector ids a connector grants."""
