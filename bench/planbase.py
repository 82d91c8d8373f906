"""The baseline of figure 9's plan between workspaces: parse every connector file of both.

    python bench/planbase.py DIR_A/connectors DIR_B/connectors

`tomllib.loads` of every `*.toml` file of each directory in one process: the least a
comparison of two workspaces can read (figure 2's tomlloop.py, over two directories).
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
