"""The baseline of figure 9, import: a json/tomllib loop over the same answers and files.

    python bench/importbase.py WORKSPACE ANSWER.json...

Read every connector file (tomllib), index them by description, read every
saved /metainfo answer (json) and compare its grants with its connector's:
the least an import that previews changes must do. No checks, no preview text.
"""

import json
import os
import sys
import tomllib


def main() -> int:
    """Count the answers whose grants differ from their connector's file."""
    root, answers = sys.argv[1], sys.argv[2:]
    folder = os.path.join(root, "connectors")
    files = {}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as handle:
            data = tomllib.load(handle)
        files[data["description"].casefold()] = data
    changed = 0
    for path in answers:
        with open(path, "rb") as handle:
            answer = json.load(handle)
        found = files.get(answer["info"]["appName"].casefold())
        grants = sorted(item["id"] for item in answer["getConnectors"])
        if found is None or grants != sorted(found["get_connectors"]):
            changed += 1
    print(f"{changed} answers would change a file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
