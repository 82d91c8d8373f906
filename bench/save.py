"""Figure 5: saving one connector, fsync included.

`acwizard.files.saving.save_connector` is called on one file of a workspace on disk,
alternating between two versions of the connector so that every call really
writes: lock, compare with what is on disk, write a temporary file, fsync,
rename, fsync the directory. The baseline is a plain open/write/close of the
same bytes, with no fsync. Only the median is reported; there is no target.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench.common import Config, Figure, median


def _filesystem(path: Path) -> str:
    """The type of the filesystem holding `path` (ext4, tmpfs, ...), from /proc/mounts."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return "unknown"
    best, kind = "", "unknown"
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) > 2 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
            best, kind = parts[1], parts[2]
    return kind


def measure_save(config: Config, root: Path) -> Figure:
    """Figure 5: median of `config.saves` saves of one connector."""
    from acwizard.files.reading import fingerprint
    from acwizard.files.saving import dump_connector, save_connector
    from acwizard.workspace import Workspace

    workspace = Workspace.open(root)
    path = workspace.connector_paths()[0]
    loaded = workspace.load(path)
    assert loaded.connector is not None, f"{path} does not validate"
    versions = [
        loaded.connector.model_copy(update={"notes": "Benchmark save A"}),
        loaded.connector.model_copy(update={"notes": "Benchmark save B"}),
    ]
    texts = [dump_connector(version).encode("utf-8") for version in versions]
    expected = fingerprint(loaded.text)
    saves = []
    plain_path = path.with_name(".bench-plain-write")
    plain = []
    for index in range(config.saves):
        connector = versions[index % 2]
        start = time.perf_counter()
        wrote = save_connector(path, connector, expected)
        saves.append(time.perf_counter() - start)
        assert wrote, "save_connector wrote nothing"
        expected = fingerprint(texts[index % 2])
        start = time.perf_counter()
        with open(plain_path, "wb") as handle:
            handle.write(texts[index % 2])
        plain.append(time.perf_counter() - start)
    os.unlink(plain_path)
    figure = Figure(
        "5 save one connector (median)",
        median(saves),
        median(plain),
        target="report",
    )
    figure.notes.append(
        f"{config.saves} saves on {_filesystem(path)}, {saves and min(saves) * 1000:.2f}-"
        f"{max(saves) * 1000:.2f} ms; lock + compare + temporary file + fsync + rename + "
        "directory fsync; baseline: open/write/close of the same bytes, no fsync"
    )
    return figure
