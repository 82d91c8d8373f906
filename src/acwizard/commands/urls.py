"""`acwizard urls ID [--format text|json|markdown]`: how the app calls one connector.

Prints the REST and SOAP bases of the workspace's environment (or acwizard.toml's
`rest_base_url`/`soap_base_url`), the OAuth endpoints when the connector uses OAuth,
the URL of every granted connector and ready-to-paste curl commands with
placeholders for every credential (`acwizard.calling`). Exits 0; 2 for an id with no
valid connector file, or a workspace whose settings cannot be read.
"""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from acwizard.workspace import Workspace

HELP = "the URLs and curl commands an app uses to call one connector"
DESCRIPTION = (
    "Print how an app calls the connector ID: the REST and SOAP bases of the workspace's "
    "environment, the OAuth endpoints, the URL of every granted connector, and curl commands "
    "for its authentication type with placeholders ($AFAS_TOKEN, $AFAS_CLIENT_SECRET...) for "
    "every credential. acwizard never asks for, prints or stores a secret."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """urls ID [--format F]"""
    parser.add_argument("id", metavar="ID", help="the connector's id: its file name without .toml")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def run(args: argparse.Namespace, root: Path) -> int:
    """Print the call sheet of one connector; 2 when it cannot be read."""
    from acwizard.calling import call_sheet
    from acwizard.checking.load import load_file
    from acwizard.commands.output import out
    from acwizard.model.format import ID_MAX_LENGTH, ID_PATTERN
    from acwizard.problems import has_errors
    from acwizard.reports import markdown
    from acwizard.reports import urls as reports_urls
    from acwizard.text import visible
    from acwizard.workspace import Workspace

    workspace = Workspace.open(root)
    connector_id: str = args.id
    base = Path.cwd()
    for problem in workspace.settings_problems:
        out(problem.format(base), error=True)
    if has_errors(workspace.settings_problems):
        out("acwizard urls: fix acwizard.toml first", error=True)
        return 2
    if len(connector_id) > ID_MAX_LENGTH or not ID_PATTERN.fullmatch(connector_id):
        out(f"acwizard urls: '{visible(connector_id, 100)}' is not a connector id", error=True)
        return 2
    path = workspace.connector_path(connector_id)
    if not (path.exists() or path.is_symlink()):
        out(f"acwizard urls: {_missing(workspace, connector_id)}", error=True)
        return 2
    loaded = load_file(workspace, path)  # without pydantic when plainly valid (fastpath)
    if loaded.connector is None or has_errors(loaded.problems):
        for problem in loaded.problems:
            if problem.is_error:
                out(problem.format(base), error=True)
        out(f"acwizard urls: {connector_id} does not validate: fix it first", error=True)
        return 2
    sheet = call_sheet(connector_id, loaded.connector, workspace.settings, workspace.catalog)
    if args.format == "json":
        out(reports_urls.urls_json(sheet))
    elif args.format == "markdown":
        for line in reports_urls.urls_markdown(sheet):
            out(line, keep=markdown.WORD_JOINER)
    else:
        for line in reports_urls.urls_text(sheet):
            out(line)
    return 0


def _missing(workspace: Workspace, connector_id: str) -> str:
    """Why there is no such connector, with the nearest ids as a hint."""
    ids = [path.name.removesuffix(".toml") for path in workspace.connector_paths()]
    if workspace.listing_problems:
        return workspace.listing_problems[0].format()
    hint = difflib.get_close_matches(connector_id, ids, n=3)
    folded = [name for name in ids if name.casefold() == connector_id.casefold()]
    near = list(dict.fromkeys(folded + hint))
    did_you_mean = f"; did you mean {', '.join(near)}?" if near else " (acwizard list shows them)"
    return f"no connector '{connector_id}' in connectors/{did_you_mean}"
