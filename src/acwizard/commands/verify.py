"""`acwizard verify [ID...] [--base-url URL] [--format text|json|markdown]`: does Profit match?

Asks the live environment what each app connector really grants (`GET
{REST base}/metainfo`, as that connector) and compares it with its file
(`acwizard.profit.drift`). Connectors blocked in their file are asked only when
named. Exit 0 when everything asked matches, 1 when anything drifted (even if
others could not be asked), 2 when nothing drifted but something could not be
asked (or nothing could be set up), 130 on Ctrl+C, with what was checked so
far. The results are kept in the user's state directory for the TUI
(`acwizard.profit.results`). Credentials: `acwizard.profit.credentials`; where
they may go: `resolve_base`. This module never imports Textual.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
from pathlib import Path
from typing import Any

from acwizard.profit.config import ConfigError, UserConfig, load_user_config
from acwizard.profit.credentials import Credential, CredentialError, from_environment
from acwizard.profit.drift import Outcome, not_asked
from acwizard.profit.hosts import checked_rest_base, parse_environment, rest_base
from acwizard.text import visible
from acwizard.workspace import CheckedFile, Workspace

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


HELP = "ask Profit whether it grants what the files say; exit 1 on drift"
DESCRIPTION = (
    "Ask the live environment what each app connector grants (/metainfo) and compare "
    "it with its file. Exit 0 when everything asked matches, 1 when anything drifted, "
    "2 when something could not be asked, 130 on Ctrl+C."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """verify [ID ...] [--base-url URL] [--format F]"""
    parser.add_argument(
        "ids", nargs="*", metavar="ID", help="connector ids (default: every connector not blocked)"
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="the REST base to ask, with /ProfitRestServices (on-premises, tests); default: "
        "the AFAS host of acwizard.toml's environment",
    )
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def resolve_base(option: str | None, config: UserConfig, environment: str | None) -> str:
    """Where credentials may go: --base-url, the user's config file, or the AFAS host of the
    environment id; never a URL from the workspace. ValueError says why there is none."""
    if option:
        try:
            return checked_rest_base(option)
        except ValueError as exc:
            raise ValueError(f"--base-url {exc}") from None
    if config.base_url:
        return config.base_url
    parsed = parse_environment(environment)
    if parsed is None:
        raise ValueError(
            'acwizard.toml names no environment id (environment = "O12345AA"), so acwizard '
            "does not know where Profit is: set it, or give --base-url"
        )
    return rest_base(parsed)


def setup(
    args: argparse.Namespace, workspace: Workspace, named: list[str]
) -> tuple[UserConfig, str, Credential | None]:
    """The admin's config, the base to ask and the environment's credential; ValueError
    (ConfigError, CredentialError) with a sentence when any of them is unusable."""
    config = load_user_config(os.environ, workspace.root)
    base = resolve_base(args.base_url, config, workspace.settings.environment)
    credential = from_environment(os.environ, workspace.root)
    if credential is not None and len(named) != 1 and config.helper is None:
        raise CredentialError(
            "AFAS_TOKEN and AFAS_CLIENT_ID serve one connector: name it (acwizard verify ID), "
            "or configure a credential helper for several (see the README)"
        )
    return config, base, credential


def targets(workspace: Workspace, named: list[str]) -> tuple[list[CheckedFile], list[Outcome]]:
    """The files to ask about, and outcomes for those not asked (blocked, invalid, missing)."""
    from acwizard.checking.load import load_file

    outcomes: list[Outcome] = []
    if named:
        paths = []
        for ident in dict.fromkeys(named):
            path = workspace.connector_path(ident) if _ID.fullmatch(ident) else None
            if path is None or not (path.exists() or path.is_symlink()):
                shown = visible(ident, 60)
                outcomes.append(not_asked(shown, shown, "no_file", "no such connector file"))
            else:
                paths.append(path)
    else:
        paths = workspace.connector_paths()
    asked: list[CheckedFile] = []
    for path in paths:
        loaded = load_file(workspace, path)
        connector = loaded.connector
        if connector is None or loaded.status == "invalid":
            outcomes.append(
                not_asked(
                    loaded.id,
                    connector.description if connector is not None else loaded.id,
                    "invalid_file",
                    "its file does not validate (acwizard validate says why)",
                )
            )
        elif connector.blocked and not named:
            outcomes.append(
                not_asked(
                    loaded.id,
                    connector.description,
                    "blocked",
                    "blocked in its file (a blocked connector answers 401 like a bad token; "
                    "name it to ask anyway)",
                    skipped=True,
                )
            )
        else:
            asked.append(loaded)
    return asked, outcomes


def _ask(
    base: str,
    config: UserConfig,
    workspace: Workspace,
    asked: list[CheckedFile],
    source: Any,
    done: Any,
) -> None:
    """Run the calls (Ctrl+C raises KeyboardInterrupt here, after cancelling them)."""
    from acwizard.profit.client import ProfitClient
    from acwizard.profit.verifying import check_all

    async def main() -> None:
        async with ProfitClient(base, config.trust) as client:
            pairs = [(loaded.id, loaded.connector) for loaded in asked]
            await check_all(client, source, pairs, workspace.settings.environment, done)

    asyncio.run(main())


def run(args: argparse.Namespace, root: Path) -> int:
    """verify: ask Profit, compare, print, keep the results."""
    from acwizard.commands.output import Progress, out
    from acwizard.profit.results import store_results
    from acwizard.profit.verifying import CredentialSource
    from acwizard.reports.verify import VerifyRun

    workspace = Workspace.open(root)
    named: list[str] = list(args.ids)
    try:
        config, base, credential = setup(args, workspace, named)
    except (ConfigError, CredentialError, ValueError) as exc:
        out(f"acwizard verify: {exc}", error=True)
        return 2
    asked, outcomes = targets(workspace, named)
    if not named and workspace.listing_problems:
        for problem in workspace.listing_problems:
            out(problem.format(Path.cwd()), error=True)
        return 2
    run_state = VerifyRun(workspace.settings.environment, base, len(asked) + len(outcomes))
    run_state.outcomes = list(outcomes)
    progress = Progress(run_state.total)
    source = CredentialSource(
        workspace.settings.environment,
        workspace.root,
        credential,
        named[0] if len(named) == 1 else None,
        config.helper,
    )

    def done(outcome: Outcome) -> None:
        run_state.outcomes.append(outcome)
        progress.update(len(run_state.outcomes))

    try:
        _ask(base, config, workspace, asked, source, done)
    except KeyboardInterrupt:
        run_state.interrupted = True
    finally:
        progress.close()
    fingerprints = {loaded.id: loaded.fingerprint for loaded in asked}
    run_state.stored = store_results(workspace.root, run_state.outcomes, fingerprints, base)
    _print(run_state, args.format)
    return run_state.status


def _print(run_state: Any, output: str) -> None:
    """The report in the chosen format, through the one writer."""
    from acwizard.commands.output import out
    from acwizard.reports import markdown
    from acwizard.reports.verify import verify_json, verify_markdown, verify_text

    if output == "json":
        out(verify_json(run_state))
    elif output == "markdown":
        for line in verify_markdown(run_state):
            out(line, keep=markdown.WORD_JOINER)
    else:
        for line in verify_text(run_state):
            out(line)
