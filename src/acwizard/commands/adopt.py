"""`acwizard import`: adopt app connectors from Profit's /metainfo answers.

    acwizard import METAINFO.json... [--description TEXT] [--user-group NAME]
                    [--authentication classic|hybrid|oauth] [--write] [--write-catalog]
    acwizard import --live [ID...] [--base-url URL] ...

Each answer (a saved file, or asked live with the credentials `verify` uses)
becomes a connector file, or a change to the existing one it matches (by id
when asked live for a connector that has a file, else by description). What
would change is shown as the TUI's save preview shows it (the editor's
`SavePlan`: access changes, warnings, the file's diff); nothing is written
without `--write`, and then only through `Workspace.create` (never over an
existing file) and `ConnectorEditor.save` (never over a file changed since it
was read). What /metainfo cannot tell is never guessed silently: the
authentication type comes from `--authentication` or is assumed classic, and a
new file's notes say what is not yet reviewed (authentication, IP restrictions,
webhooks, tokens). Exit 0, or 2 when an input could not be read or asked or a
file could not be written. This module never imports Textual.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from acwizard.files.catalog_merge import NewEntries, merge_into_catalog
from acwizard.guard import secret_kind
from acwizard.profit.metainfo import MetaInfo, MetaInfoError, read_metainfo_file
from acwizard.text import quoted, redacted, visible
from acwizard.workspace import CheckedFile, Workspace

NOT_REVIEWED = "authentication, IP restrictions, webhooks and tokens"


HELP = "adopt connectors from Profit's /metainfo answers (saved or --live)"
DESCRIPTION = (
    "Turn saved /metainfo answers (or, with --live, Profit's own) into connector files, "
    "or show what would change in the existing ones; nothing is written without --write."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """import [METAINFO.json ...] [--live [ID ...]] [options]"""
    parser.add_argument("files", nargs="*", type=Path, metavar="METAINFO.json")
    parser.add_argument(
        "--live",
        nargs="*",
        metavar="ID",
        default=None,
        help="ask Profit instead of reading files: no ID uses AFAS_TOKEN / AFAS_CLIENT_ID; IDs "
        "are asked of the credential helper",
    )
    parser.add_argument("--description", help="the connector's description (default: Profit's)")
    parser.add_argument("--user-group", help="its user group (default: Profit's)")
    parser.add_argument(
        "--authentication",
        choices=("classic", "hybrid", "oauth"),
        help="how apps sign in (/metainfo does not tell; default: classic, marked not reviewed)",
    )
    parser.add_argument("--write", action="store_true", help="write the connector files")
    parser.add_argument(
        "--write-catalog",
        action="store_true",
        help="add Profit's descriptions of new ids to catalog.toml, keeping its comments",
    )
    parser.add_argument("--base-url", metavar="URL", help="the REST base to ask (with --live)")


@dataclass
class Answer:
    """One /metainfo answer to adopt, or why there is none."""

    label: str
    meta: MetaInfo | None
    error: str | None = None
    connector_id: str | None = None
    """The id it was asked live as, if any."""


def read_files(paths: list[Path]) -> list[Answer]:
    """Saved answers; a bad one becomes an error, the others are read."""
    answers = []
    for path in paths:
        label = visible(str(path), 200)
        try:
            answers.append(Answer(label, read_metainfo_file(path)))
        except MetaInfoError as exc:
            answers.append(Answer(label, None, str(exc)))
    return answers


def ask_live(args: argparse.Namespace, workspace: Workspace) -> list[Answer]:
    """Answers asked of Profit; ValueError when nothing can be set up."""
    import asyncio

    from acwizard.commands.verify import setup
    from acwizard.profit.client import ProfitClient
    from acwizard.profit.failures import ProfitError
    from acwizard.profit.verifying import CredentialSource, fetch

    named: list[str] = list(args.live)
    config, base, credential = setup(args, workspace, named or ["-"])
    if not named and credential is None:
        raise ValueError("import --live without ids needs AFAS_TOKEN or AFAS_CLIENT_ID")
    ids = named or ["-"]
    source = CredentialSource(
        workspace.settings.environment, workspace.root, credential, ids[0], config.helper
    )

    async def one(client: ProfitClient, ident: str) -> Answer:
        label = f"{visible(ident, 60)} at {base}" if ident != "-" else f"{base}/metainfo"
        try:
            return Answer(label, await fetch(client, source, ident), None, ident)
        except ProfitError as exc:
            return Answer(label, None, exc.message, ident)

    async def main() -> list[Answer]:
        async with ProfitClient(base, config.trust) as client:
            return list(await asyncio.gather(*(one(client, ident) for ident in ids)))

    return asyncio.run(main())


def _by_description(files: list[CheckedFile]) -> dict[str, CheckedFile]:
    """Valid connector files by folded description."""
    found: dict[str, CheckedFile] = {}
    for loaded in files:
        if loaded.connector is not None and loaded.status != "invalid":
            found.setdefault(loaded.connector.description.casefold(), loaded)
    return found


def _grants(meta: MetaInfo) -> dict[str, list[str]]:
    """What the answer grants, as the file's lists."""
    grants = {
        "get_connectors": [granted.id for granted in meta.get_connectors],
        "update_connectors": [granted.id for granted in meta.update_connectors],
    }
    if meta.special_connectors is not None:
        grants["connectors"] = [granted.id for granted in meta.special_connectors]
    return grants


def _same(connector: Any, grants: dict[str, list[str]], user_group: str) -> bool:
    """True when the file already grants exactly this (the common case: no editor needed)."""
    if connector.user_group != user_group:
        return False
    return all(sorted(getattr(connector, key)) == sorted(ids) for key, ids in grants.items())


def _import_editor() -> type[Any]:
    """The editor of an existing connector being adopted (imported late: pydantic)."""
    from acwizard.cores.editor import ConnectorEditor

    class ImportEditor(ConnectorEditor):
        """The TUI's editor, but an unchanged description is no news: import keeps the
        file's description, so the save preview need not compare it with every other
        connector's (at 5,000 connectors that cost 0.3 s per changed file)."""

        def description_clash(self, description: str) -> str | None:
            if description == self.original.description:
                return None
            return super().description_clash(description)

    return ImportEditor


class Adoption:
    """Turning answers into previews and writes, one workspace, one run."""

    def __init__(self, workspace: Workspace, args: argparse.Namespace) -> None:
        from acwizard.checking.load import load_file

        self.workspace = workspace
        self.args = args
        paths = workspace.connector_paths()
        self.files = {path.name.removesuffix(".toml"): load_file(workspace, path) for path in paths}
        self.by_description = _by_description(list(self.files.values()))
        self.seen: set[str] = set()
        self.failed = False
        self.lines: list[str] = []

    def say(self, line: str) -> None:
        """Keep a line of the report."""
        self.lines.append(line)

    def adopt(self, answer: Answer) -> None:
        """Preview (and with --write, write) one answer."""
        meta = answer.meta
        assert meta is not None
        description = self.args.description or meta.app_name
        user_group = self.args.user_group or meta.user_group
        if not description or not user_group:
            missing = "--description" if not description else "--user-group"
            self.fail(f"{answer.label}: Profit's answer names no {missing[2:]}: give {missing}")
            return
        for field, value in (("description", description), ("user group", user_group)):
            kind = secret_kind(value)
            if kind is not None:  # it would go into a file: refused, never shown
                self.fail(
                    f"{answer.label}: cannot be adopted: the {field} {kind}; secrets never go into files"
                )
                return
        if description.casefold() in self.seen:
            self.fail(f"{answer.label}: another answer in this run is also {quoted(description)}")
            return
        self.seen.add(description.casefold())
        existing = self.files.get(answer.connector_id or "") or self.by_description.get(
            description.casefold()
        )
        if meta.unknown_keys:
            keys = ", ".join(meta.unknown_keys[:10])
            read_as = (
                f" ({quoted(meta.special_key)} read as the special connectors)"
                if meta.special_key
                else ""
            )
            self.say(f"{answer.label}: keys AFAS does not document: {keys}{read_as}")
        if existing is not None and existing.connector is not None:
            self.update(answer, existing, _grants(meta), user_group)
        else:
            self.create(answer, meta, description, user_group)

    def fail(self, message: str) -> None:
        """An input that could not be adopted."""
        self.failed = True
        self.say(message)

    def update(
        self, answer: Answer, loaded: CheckedFile, grants: dict[str, list[str]], group: str
    ) -> None:
        """The change to an existing connector, as the save preview shows it."""
        from acwizard.cores.save_plan import Saved

        name = f"connectors/{loaded.path.name}"
        assert loaded.connector is not None
        if _same(loaded.connector, grants, group):
            self.say(f"{answer.label} -> {name}: already the same; nothing to change")
            return
        editor = _import_editor()(self.workspace, self.workspace.load(loaded.path))
        refused = editor.propose(**grants)
        if refused is None and group != editor.text["user_group"]:
            editor.set_field("user_group", group)
        try:
            plan = None if refused else editor.save_plan()
        except ValueError:
            refused = "the user group is not valid"
        if refused:
            self.fail(f"{answer.label} -> {name}: cannot be adopted: {refused}")
            return
        if plan is None:
            self.say(f"{answer.label} -> {name}: already the same; nothing to change")
            return
        self.say(
            f"{answer.label} -> {name} (existing): {'changed' if self.args.write else 'would change'}"
        )
        self.preview(plan.note, plan.warnings, plan.changes, plan.diff)
        if self.args.write:
            result = editor.save(plan.connector)
            if not isinstance(result, Saved):
                why = getattr(result, "message", "it changed on disk since it was read")
                self.fail(f"  not written: {why}")

    def create(self, answer: Answer, meta: MetaInfo, description: str, user_group: str) -> None:
        """A new connector file, as the save preview shows it."""
        from pydantic import ValidationError

        from acwizard.changes import access_changes, text_diff
        from acwizard.cores.new_connector import new_oauth_settings
        from acwizard.model import AppConnector, errors_by_field

        authentication = self.args.authentication or "classic"
        assumed = "" if self.args.authentication else f" ({authentication} assumed)"
        data: dict[str, Any] = {
            "schema_version": 2,
            "description": description,
            "user_group": user_group,
            "blocked": False,
            "authentication": authentication,
            "notes": (
                f"Imported from Profit's /metainfo on {date.today().isoformat()}. Not yet "
                f"reviewed: authentication{assumed}, IP restrictions, webhooks, tokens."
            ),
            **_grants(meta),
        }
        if authentication != "classic":
            data["oauth"] = new_oauth_settings().model_dump(exclude_none=True)
        try:
            connector = AppConnector.model_validate(data)
        except ValidationError as exc:
            field, message = next(iter(errors_by_field(exc).items()))
            self.fail(f"{answer.label}: cannot be adopted: {field}: {message}")
            return
        name = f"connectors/{self.workspace.new_id(description)}.toml"
        self.say(
            f"{answer.label} -> {name} (new): {'created' if self.args.write else 'would be created'}"
        )
        clash = self.workspace.description_clash(description)
        warnings = [f"Description: {clash}"] if clash else []
        self.preview(
            None,
            warnings,
            access_changes(None, connector),
            text_diff("", connector.to_toml(), name),
        )
        self.say(f"  not yet reviewed: {NOT_REVIEWED}{assumed}")
        if self.args.write:
            try:
                self.workspace.create(connector)
            except OSError as exc:
                self.fail(f"  not written: {exc.strerror or 'error'}")

    def preview(
        self, note: str | None, warnings: list[str], changes: list[str], diff: list[str]
    ) -> None:
        """The save preview's pieces, indented under their file."""
        for line in ([note] if note else []) + warnings + changes:
            self.say(f"  {line}")
        self.lines += [f"  {line}" for line in diff]


def run(args: argparse.Namespace, root: Path) -> int:
    """import: read or ask, preview, write when told to."""
    from acwizard.commands.output import out

    workspace = Workspace.open(root)
    if not args.files and args.live is None:
        out(
            "acwizard import: name saved /metainfo answers (METAINFO.json...) or --live", error=True
        )
        return 2
    answers = read_files(args.files)
    if args.live is not None:
        try:
            answers += ask_live(args, workspace)
        except ValueError as exc:
            out(f"acwizard import: {exc}", error=True)
            return 2
    adoption = Adoption(workspace, args)
    entries = NewEntries()
    for answer in answers:
        if answer.meta is None:
            adoption.fail(f"{answer.label}: {answer.error}")
            continue
        adoption.adopt(answer)
        for section, found in (
            ("get_connectors", answer.meta.get_connectors),
            ("update_connectors", answer.meta.update_connectors),
            ("connectors", answer.meta.special_connectors or []),
        ):
            for granted in found:
                # a credential in Profit's description never goes into catalog.toml
                entries.add(workspace.catalog, section, granted.id, redacted(granted.description))
    for line in adoption.lines:
        out(redacted(line))  # a credential in an answer of Profit's is never printed
    _catalog(workspace, entries, args.write_catalog, adoption)
    if not args.write:
        out("Nothing was written: run again with --write to write the connector files.", error=True)
    return 2 if adoption.failed else 0


def _catalog(workspace: Workspace, entries: NewEntries, write: bool, adoption: Adoption) -> None:
    """Print the catalog snippet, or merge it into catalog.toml."""
    from acwizard.commands.output import out

    if not entries.count:
        return
    if write:
        try:
            out(merge_into_catalog(workspace, entries))
        except ValueError as exc:
            adoption.failed = True
            out(f"acwizard import: {exc}", error=True)
        return
    out("# catalog.toml entries from Profit's descriptions (--write-catalog adds them):")
    out(entries.snippet(), end="")
