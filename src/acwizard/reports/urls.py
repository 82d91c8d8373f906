"""What `acwizard urls` prints: a call sheet as text, Markdown or JSON (plain functions).

User text (descriptions from the catalog, base URLs from acwizard.toml, redirect URLs)
reaches the text through `visible`/`escaped`, the Markdown through `acwizard.reports.markdown`
and fenced blocks whose fence is longer than any run of backticks inside, and the JSON
through `json_text`. The JSON document is stable for scripts; README.md documents
it (`URLS_JSON_VERSION` changes only when a key changes meaning or goes away).
This module never imports Textual.
"""

from __future__ import annotations

import json
import re
from typing import Any

from acwizard.calling import CallSheet, Endpoint
from acwizard.reports import markdown
from acwizard.text import escaped, json_text, redacted, visible

URLS_JSON_VERSION = 1
"""The `version` of the JSON document `urls --format json` prints."""

AUTHENTICATION_NAMES = {"classic": "classic token", "hybrid": "hybrid", "oauth": "OAuth"}
SOURCE_NAMES = {
    "environment": "derived from the environment id",
    "settings": "from acwizard.toml",
    "unknown": "acwizard.toml names no environment",
}


def _headline(sheet: CallSheet) -> str:
    """`classic token, blocked; environment O12345AA (production)`."""
    state = "blocked" if sheet.blocked else "active"
    where = "no environment"
    if sheet.environment:
        where = f"environment {sheet.environment}"
        if sheet.environment_kind:
            where += f" ({sheet.environment_kind})"
    return f"{AUTHENTICATION_NAMES[sheet.authentication]}, {state}; {where}"


def _bases(sheet: CallSheet) -> list[tuple[str, str]]:
    """(name, URL) of each base and OAuth endpoint."""
    rows = [("REST base", sheet.rest_base), ("SOAP base", sheet.soap_base)]
    if sheet.oauth is not None:
        rows += [("OAuth token", sheet.oauth.token_url)]
        if "authorization_code" in sheet.oauth.flows:
            rows += [("OAuth authorize", sheet.oauth.authorize_url)]
    return rows


def _endpoint_name(endpoint: Endpoint) -> str:
    """What an endpoint serves, in words: `GetConnector Profit_Employees (Employees)`."""
    kind = {
        "metainfo": "what the app connector grants",
        "get_connector": "GetConnector",
        "update_connector": "UpdateConnector",
        "special_connector": "special connector",
    }[endpoint.kind]
    if endpoint.connector is None:
        return kind
    named = f"{kind} {endpoint.connector}"
    return f"{named} ({endpoint.description})" if endpoint.description else named


# -- text ------------------------------------------------------------------------------


def urls_text(sheet: CallSheet) -> list[str]:
    """The sheet as text lines: bases, endpoints, commands, variables, notes."""
    lines = [
        (
            f"{escaped(sheet.connector_id)} ({visible(redacted(sheet.description), None)}): "
            f"{_headline(sheet)}"
        ),
        "",
    ]
    for name, url in _bases(sheet):
        lines.append(f"{name + ':':<17}{escaped(url)}")
    lines.append(f"{'':<17}({SOURCE_NAMES[sheet.base_source]})")
    lines += ["", "Endpoints:"]
    for endpoint in sheet.endpoints:
        methods = " ".join(endpoint.methods)
        lines.append(f"  {methods:<16} {escaped(endpoint.url)}")
        lines.append(f"  {'':<16} {visible(redacted(_endpoint_name(endpoint)), None)}")
    lines += ["", "Commands (set the variables below first; acwizard never holds a secret):"]
    for number, command in enumerate(sheet.commands, start=1):
        lines += ["", f"# {number}. {visible(command.title, None)}"]
        lines += [escaped(line) for line in command.text.split("\n")]
    lines += ["", "Variables:"]
    lines += [f"  {variable.name}: {variable.meaning}" for variable in sheet.variables]
    if sheet.notes:
        lines += ["", "Notes:"]
        lines += [f"  - {visible(note, None)}" for note in sheet.notes]
    return lines


# -- Markdown --------------------------------------------------------------------------


def _fenced(text: str) -> list[str]:
    """`text` as a fenced code block that nothing inside can close; control characters
    shown as escapes."""
    shown = "\n".join(escaped(line) for line in text.split("\n"))
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}sh", shown, fence]


def urls_markdown(sheet: CallSheet) -> list[str]:
    """The sheet as Markdown for a hand-over note or ticket; every user text inert."""
    connector = markdown.code(sheet.connector_id)
    lines = [
        f"### How to call **{markdown.inline(sheet.description)}** ({connector})",
        "",
        markdown.inline(_headline(sheet)),
        "",
        "| Base | URL |",
        "|---|---|",
    ]
    for name, url in _bases(sheet):
        lines.append(f"| {name} | {markdown.code(url, in_table=True)} |")
    lines += ["", markdown.inline(f"Bases {SOURCE_NAMES[sheet.base_source]}."), ""]
    lines += ["#### Endpoints", "", "| Methods | URL | Serves |", "|---|---|---|"]
    for endpoint in sheet.endpoints:
        lines.append(
            f"| {' '.join(endpoint.methods)} | {markdown.code(endpoint.url, in_table=True)} | "
            f"{markdown.inline(_endpoint_name(endpoint))} |"
        )
    lines += [
        "",
        "#### Commands",
        "",
        "Set the variables below first: acwizard never holds a secret.",
    ]
    for number, command in enumerate(sheet.commands, start=1):
        lines += ["", f"{number}\\. {markdown.inline(command.title)}", "", *_fenced(command.text)]
    lines += ["", "#### Variables", ""]
    lines += [
        f"- {markdown.code(variable.name)}: {markdown.inline(variable.meaning)}"
        for variable in sheet.variables
    ]
    if sheet.notes:
        lines += ["", "#### Notes", ""]
        lines += [f"- {markdown.prose(note)}" for note in sheet.notes]
    return lines


# -- JSON ------------------------------------------------------------------------------


def urls_document(sheet: CallSheet) -> dict[str, Any]:
    """The sheet as the JSON document README.md describes."""
    oauth = sheet.oauth
    return {
        "version": URLS_JSON_VERSION,
        "connector": {
            "id": sheet.connector_id,
            "description": redacted(sheet.description),
            "authentication": sheet.authentication,
            "blocked": sheet.blocked,
        },
        "environment": {"id": sheet.environment, "kind": sheet.environment_kind},
        "bases": {"rest": sheet.rest_base, "soap": sheet.soap_base, "source": sheet.base_source},
        "oauth": None
        if oauth is None
        else {
            "token_url": oauth.token_url,
            "authorize_url": oauth.authorize_url,
            "client_type": oauth.client_type,
            "flows": list(oauth.flows),
            "client_authentication": oauth.client_authentication,
            "dpop": oauth.dpop,
            "redirect_urls": list(oauth.redirect_urls),
        },
        "endpoints": [
            {
                "kind": endpoint.kind,
                "connector": endpoint.connector,
                "description": None
                if endpoint.description is None
                else redacted(endpoint.description),
                "methods": list(endpoint.methods),
                "url": endpoint.url,
            }
            for endpoint in sheet.endpoints
        ],
        "commands": [
            {"title": command.title, "command": command.text} for command in sheet.commands
        ],
        "variables": [
            {"name": variable.name, "meaning": variable.meaning} for variable in sheet.variables
        ],
        "notes": list(sheet.notes),
    }


def urls_json(sheet: CallSheet) -> str:
    """The JSON document as text, unsafe characters escaped."""
    return json_text(json.dumps(urls_document(sheet), indent=2, ensure_ascii=False))
