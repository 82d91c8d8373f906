"""The command line's verbs: one module per verb, each the same shape.

A verb's module says what `--help` says of it and provides two functions:

- `add_arguments(parser)`: its arguments, on the subparser `acwizard.cli` made;
- `run(args, root) -> int`: runs it on the parsed arguments and the workspace
  root, and returns the exit status.

and, as module constants, `HELP` (one line, in `acwizard --help`) and
`DESCRIPTION` (the paragraph of `acwizard VERB --help`). Adding a verb is one
module here and one line in `acwizard.cli.VERBS`:
`"name": Verb.of(name_module, whole_workspace=True)`.

A verb finds what it reports (through the workspace, the rules, the audit or
the history), has it rendered by `acwizard.reports` (plain functions of data)
and writes the lines through `output.out`, the one writer, which keeps them
inert. Nothing here imports Textual or Rich.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class Command(Protocol):
    """What a verb's module provides (a module satisfies this protocol)."""

    HELP: str
    DESCRIPTION: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Add the verb's arguments to its subparser."""

    def run(self, args: argparse.Namespace, root: Path) -> int:
        """Run the verb; the exit status."""


@dataclass(frozen=True, slots=True)
class Verb:
    """One command as the parser needs it: what `--help` says of it, its arguments, its run."""

    help: str
    description: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Path], int]
    """Runs the verb on the parsed arguments and the workspace root; returns the exit status."""
    whole_workspace: bool = False
    """Without paths it looks at every file, so it refuses a directory that is no workspace."""
    needs_workspace: bool = True
    """False: runs anywhere (the root is neither checked nor read)."""

    @classmethod
    def of(
        cls, command: Command, *, whole_workspace: bool = False, needs_workspace: bool = True
    ) -> Verb:
        """The verb a command module makes."""
        return cls(
            help=command.HELP,
            description=command.DESCRIPTION,
            add_arguments=command.add_arguments,
            run=command.run,
            whole_workspace=whole_workspace,
            needs_workspace=needs_workspace,
        )
