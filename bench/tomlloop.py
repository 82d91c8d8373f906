"""The baseline of figure 2: parse every connector file with tomllib, nothing else.

    python bench/tomlloop.py WORKSPACE/connectors [OTHER/connectors ...]

This is the least a validator can do: start Python, read each file, parse it.
(Figure 9's plan between two workspaces gives it both connectors/ directories.)
"""

import os
import sys
import tomllib


def main() -> int:
    """Parse every `*.toml` file of the directories; 1 if one does not parse."""
    status = 0
    for directory in sys.argv[1:]:
        for name in sorted(os.listdir(directory)):
            if not name.endswith(".toml"):
                continue
            with open(os.path.join(directory, name), encoding="utf-8") as handle:
                try:
                    tomllib.loads(handle.read())
                except tomllib.TOMLDecodeError as exc:
                    print(f"{name}: {exc}")
                    status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
