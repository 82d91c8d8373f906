"""What `acwizard list` prints: a row per connector file, as a table or as JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acwizard.files.layout import CONNECTORS_DIR
from acwizard.rules import days_words, deadlines_text, earliest_end, expiry_mark
from acwizard.text import escaped, json_text, redacted, visible

if TYPE_CHECKING:
    from acwizard.workspace import CheckedFile


def list_row(loaded: CheckedFile, today: date | None = None) -> dict[str, Any]:
    """A connector file as a JSON object: what `list` shows (each key has its own type).

    Made where the file is loaded, so `list`'s second process sends back rows, not files.
    `tokens`: how many classic tokens the register records (None: not recorded);
    `expires`: the first day a token, client secret or certificate ends (None: no date);
    `expiry`: `expired`, `expiring` (within 30 days of `today`) or None.
    """
    connector = loaded.connector
    end = earliest_end(connector) if connector else None
    tokens = connector.tokens if connector else None
    return {
        "id": loaded.id,
        "path": str(loaded.path),
        "status": loaded.status,
        "authentication": connector.authentication if connector else None,
        "description": redacted(connector.description) if connector else None,
        "user_group": redacted(connector.user_group) if connector else None,
        "get_connectors": len(connector.get_connectors) if connector else None,
        "update_connectors": len(connector.update_connectors) if connector else None,
        "connectors": len(connector.connectors) if connector else None,
        "ip_restrictions": connector.ip_summary() if connector else None,
        "tokens": None if tokens is None else len(tokens),
        "expires": None if end is None else end.isoformat(),
        "expiry": expiry_mark(end, today or date.today()),
        "errors": sum(problem.is_error for problem in loaded.problems),
    }


def list_json(rows: list[dict[str, Any]]) -> str:
    """The rows as a JSON document, unsafe characters escaped."""
    return json_text(json.dumps(rows, indent=2, ensure_ascii=False))


def _expiry_cell(row: dict[str, Any], today: date) -> str:
    """`expired 6 days ago`, `in 13 days` for something within the window, else `-`."""
    if row.get("expiry") is None:
        return "-"
    end = date.fromisoformat(row["expires"])
    return f"{row['expiry']} {days_words(end, today)}"


def deadlines_line(rows: list[dict[str, Any]], today: date) -> list[str]:
    """Below the table, while classic or hybrid connectors remain: how many, and both
    deadlines with the days left to each (`rules.deadlines_text`, the words audit uses)."""
    counts = {
        kind: sum(row["authentication"] == kind for row in rows) for kind in ("classic", "hybrid")
    }
    if not any(counts.values()):
        return []
    which = ", ".join(f"{count} {kind}" for kind, count in counts.items() if count)
    return ["", f"{which}: {deadlines_text(today)}"]


def list_table(rows: list[dict[str, Any]], root: Path, today: date | None = None) -> list[str]:
    """The rows as a table of columns, or a line saying `root` has no connectors; EXPIRY marks
    a connector with something expired or ending within 30 days."""
    if not rows:
        return [f"no connectors in {visible(str(root / CONNECTORS_DIR), 200)}"]
    today = today or date.today()
    header = ("ID", "STATUS", "AUTH", "GET", "UPD", "CONN", "IP", "EXPIRY", "DESCRIPTION")
    table = [header]
    for row in rows:
        if row["status"] == "invalid":
            table.append(
                (
                    escaped(row["id"]),
                    "invalid",
                    "-",
                    "-",
                    "-",
                    "-",
                    "-",
                    "-",
                    f"{row['errors']} error(s)",
                )
            )
            continue
        table.append(
            (
                row["id"],
                row["status"],
                str(row["authentication"]),
                str(row["get_connectors"]),
                str(row["update_connectors"]),
                str(row["connectors"]),
                str(row["ip_restrictions"]),
                _expiry_cell(row, today),
                visible(str(row["description"])),
            )
        )
    widths = [max(len(line[column]) for line in table) for column in range(len(header) - 1)]
    lines = []
    for line in table:
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
        lines.append("  ".join([*cells, line[-1]]).rstrip())
    return lines + deadlines_line(rows, today)
