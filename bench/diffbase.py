"""The baseline of figure 6: the least that reading two revisions' connectors costs.

    python bench/diffbase.py REPO REV_A REV_B

`git ls-tree -z` of `connectors/` at both revisions, one `git cat-file --batch`
of every listed blob by object id, `tomllib.loads` of each: plain reading and
parsing, no checks, no comparison. Nothing is shared between the revisions,
as a straightforward script would do it.
"""

import subprocess
import sys
import tomllib


def listing(repo: str, revision: str) -> list[str]:
    """The object ids of the `.toml` blobs in `connectors/` at `revision`."""
    output = subprocess.run(
        ["git", "-C", repo, "ls-tree", "-z", f"{revision}:connectors"],
        capture_output=True,
        check=True,
    ).stdout
    oids = []
    for record in output.split(b"\0"):
        meta, _, name = record.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob" and name.endswith(b".toml"):
            oids.append(parts[2].decode())
    return oids


def main() -> int:
    """Parse every connector blob of both revisions; 1 if one does not parse."""
    repo, *revisions = sys.argv[1:]
    oids = [oid for revision in revisions for oid in listing(repo, revision)]
    output = subprocess.run(
        ["git", "-C", repo, "cat-file", "--batch"],
        input="".join(f"{oid}\n" for oid in oids).encode(),
        capture_output=True,
        check=True,
    ).stdout
    position = 0
    status = 0
    for _ in oids:
        end = output.index(b"\n", position)
        size = int(output[position:end].split()[2])
        body = output[end + 1 : end + 1 + size]
        position = end + 1 + size + 1
        try:
            tomllib.loads(body.decode("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            print(exc)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
