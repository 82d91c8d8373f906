"""Bytes on disk: everything acwizard reads from or writes to a file, and nothing else.

- `reading`: hostile reads (no link, FIFO or device opened; size, NUL and UTF-8
  checked), fingerprints of what was read.
- `tomltext`: where a string or a comment starts and ends in TOML text, one way
  for every scanner.
- `toml`: a TOML file read and parsed into a `Document`, its problems at their
  lines; the nesting check that runs before the parser.
- `positions`: where each key of a parsed document is (lines for messages).
- `quicktoml`: the plain TOML acwizard writes, read without `tomllib`.
- `layout`: a workspace's parts (`connectors/`, `acwizard.toml`, `catalog.toml`,
  `.acwizard/`) and the listing of its connector files.
- `settings`: `acwizard.toml`.
- `ids`: connector ids, derived from descriptions.
- `writing`: atomic writes, links refused, temporaries of killed writers removed.
- `state`: `.acwizard/`, which ignores itself in git.
- `lock`: the workspace lock.
- `saving`: saving, deleting and creating connector files under the lock.
- `userdirs`: the user's own state and cache directories.
- `git`: the one way git is run.

Nothing here imports Textual or Rich, nor pydantic at import time.
"""
