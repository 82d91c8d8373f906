"""`acwizard schema`: the JSON Schema of a connector file, for editors such as taplo."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from acwizard.commands.output import out

HELP = "print the JSON Schema of a connector file"
DESCRIPTION = "Print the JSON Schema of a connector file, for editors such as taplo."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """schema takes no options."""


def run(args: argparse.Namespace, root: Path) -> int:
    """Print the connector file's JSON Schema; needs no workspace."""
    from acwizard.model import json_schema

    out(json.dumps(json_schema(), indent=2))
    return 0
