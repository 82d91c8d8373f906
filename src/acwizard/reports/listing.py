"""What `acwizard list` prints: a row per connector file, as a table or as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acwizard.files.layout import CONNECTORS_DIR
from acwizard.text import escaped, json_text, visible

if TYPE_CHECKING:
    from acwizard.workspace import CheckedFile


def list_row(loaded: CheckedFile) -> dict[str, Any]:
    """A connector file as a JSON object: what `list` shows (each key has its own type).

    Made where the file is loaded, so `list`'s second process sends back rows, not files.
    """
    connector = loaded.connector
    return {
        "id": loaded.id,
        "path": str(loaded.path),
        "status": loaded.status,
        "authentication": connector.authentication if connector else None,
        "description": connector.description if connector else None,
        "user_group": connector.user_group if connector else None,
        "get_connectors": len(connector.get_connectors) if connector else None,
        "update_connectors": len(connector.update_connectors) if connector else None,
        "connectors": len(connector.connectors) if connector else None,
        "ip_restrictions": connector.ip_summary() if connector else None,
        "errors": sum(problem.is_error for problem in loaded.problems),
    }


def list_json(rows: list[dict[str, Any]]) -> str:
    """The rows as a JSON document, unsafe characters escaped."""
    return json_text(json.dumps(rows, indent=2, ensure_ascii=False))


def list_table(rows: list[dict[str, Any]], root: Path) -> list[str]:
    """The rows as a table of columns, or a line saying `root` has no connectors."""
    if not rows:
        return [f"no connectors in {visible(str(root / CONNECTORS_DIR), 200)}"]
    header = ("ID", "STATUS", "AUTH", "GET", "UPD", "CONN", "IP", "DESCRIPTION")
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
                visible(str(row["description"])),
            )
        )
    widths = [max(len(line[column]) for line in table) for column in range(len(header) - 1)]
    lines = []
    for line in table:
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
        lines.append("  ".join([*cells, line[-1]]).rstrip())
    return lines
