"""Figure 9: `acwizard verify` and `acwizard import` at 5,000 connectors.

verify: the stand-in Profit (`python -m acwizard.standin`, its own process)
serves the large workspace's connectors over http on 127.0.0.1, with made-up
credentials that a shell-script credential helper prints (`cat` of one small
file). `acwizard verify --base-url ...` is compared with `python
bench/verifybase.py` (a plain httpx loop: the same helper calls, the same GET
/metainfo calls, 5 at once, each answer parsed): both whole processes,
alternately, medians compared. Target (issue 22): at most 1.2x.

import: one saved /metainfo answer per connector of the large workspace, one in
a hundred granting a GetConnector the file does not. `acwizard import
ANSWERS...` (the preview: nothing written) is compared with `python
bench/importbase.py` (json and tomllib loops over the same answers and files,
comparing grants). Target: at most 2x.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import REPO, Config, Figure, median, ratio_figure

VERIFY_LIMIT = 1.2
IMPORT_LIMIT = 2.0


def _timed(argv: list[str], env: dict[str, str], allowed: tuple[int, ...] = (0,)) -> float:
    """Seconds of one run of `argv` (output discarded); RuntimeError on another exit status."""
    started = time.perf_counter()
    done = subprocess.run(
        argv, check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in allowed:
        message = done.stderr.decode(errors="replace")[-500:]
        raise RuntimeError(f"{argv[:4]} exited {done.returncode}: {message}")
    return elapsed


def _helper(directory: Path, credentials: Path) -> str:
    """A credential helper that prints the stand-in's answer for one connector."""
    script = directory / "bench-helper.sh"
    script.write_text(f'#!/bin/sh\nexec cat "{credentials}/$2/$3.json"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def _alternate(
    config: Config, ours: list[str], theirs: list[str], env: dict[str, str]
) -> tuple[list[float], list[float]]:
    """Both commands, alternately, after a warm-up of each."""
    if config.warmup:
        _timed(ours, env)
        _timed(theirs, env)
    mine: list[float] = []
    base: list[float] = []
    for _ in range(config.process_runs):
        mine.append(_timed(ours, env))
        base.append(_timed(theirs, env))
    return mine, base


def measure_verify(config: Config, root: Path) -> Figure:
    """verify on the large workspace against the stand-in, vs the plain httpx loop."""
    with tempfile.TemporaryDirectory(prefix="acwizard-bench-verify-") as top:
        work = Path(top)
        credentials = work / "credentials"
        ready = work / "ready"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "acwizard.standin",
                "-w",
                str(root),
                "--port",
                "0",
                "--seed",
                "bench",
                "--credentials-dir",
                str(credentials),
                "--ready-file",
                str(ready),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 300
            while not ready.exists():
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the stand-in did not start")
                time.sleep(0.1)
            base = ready.read_text(encoding="utf-8")
            helper = _helper(work, credentials)
            env = {
                **os.environ,
                "ACWIZARD_CREDENTIAL_HELPER": helper,
                "XDG_STATE_HOME": str(work / "state"),
                "XDG_CONFIG_HOME": str(work / "config"),
                "NO_PROXY": "*",
            }
            ours = [sys.executable, "-m", "acwizard", "-w", str(root), "verify", "--base-url", base]
            theirs = [
                sys.executable,
                str(REPO / "bench" / "verifybase.py"),
                str(root),
                base,
                helper,
            ]
            mine, baseline = _alternate(config, ours, theirs, env)
        finally:
            server.terminate()
            server.wait(timeout=10)
    asked = sum(
        1 for path in (root / "connectors").glob("*.toml") if "blocked = false" in path.read_text()
    )
    count = len(list((root / "connectors").glob("*.toml")))
    figure = ratio_figure(
        f"9 verify, {count:,} connectors",
        median(mine),
        median(baseline),
        VERIFY_LIMIT,
        "a plain httpx loop (same helper, same calls)",
    )
    figure.notes.append(
        f"{asked:,} connectors asked (the others are blocked), one helper process and one "
        f"GET /metainfo each, 5 calls at once; runs {', '.join(f'{s:.2f}' for s in mine)} s "
        f"vs {', '.join(f'{s:.2f}' for s in baseline)} s"
    )
    return figure


def write_answers(root: Path, directory: Path) -> list[Path]:
    """One saved /metainfo answer per connector file; one in 100 grants one GetConnector more."""
    import tomllib

    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, path in enumerate(sorted((root / "connectors").glob("*.toml"))):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        gets = [{"id": ident, "description": ident} for ident in data["get_connectors"]]
        if index % 100 == 0:
            gets.append({"id": "Bench_Extra_Grant", "description": "Granted only in Profit"})
        answer = {
            "updateConnectors": [
                {"id": ident, "description": ident} for ident in data["update_connectors"]
            ],
            "getConnectors": gets,
            "info": {
                "envid": "O12345AA",
                "appName": data["description"],
                "group": data["user_group"],
                "tokenExpiry": "0",
            },
        }
        target = directory / f"{path.stem}.json"
        target.write_text(json.dumps(answer), encoding="utf-8")
        paths.append(target)
    return paths


def measure_import(config: Config, root: Path) -> Figure:
    """import's preview of one answer per connector, vs a json/tomllib loop."""
    with tempfile.TemporaryDirectory(prefix="acwizard-bench-import-") as top:
        answers = [str(path) for path in write_answers(root, Path(top) / "answers")]
        env = {**os.environ, "XDG_STATE_HOME": str(Path(top) / "state"), "NO_PROXY": "*"}
        ours = [sys.executable, "-m", "acwizard", "-w", str(root), "import", *answers]
        theirs = [sys.executable, str(REPO / "bench" / "importbase.py"), str(root), *answers]
        mine, baseline = _alternate(config, ours, theirs, env)
    figure = ratio_figure(
        f"9 import, {len(answers):,} saved answers",
        median(mine),
        median(baseline),
        IMPORT_LIMIT,
        "a json/tomllib loop",
    )
    figure.notes.append(
        f"preview only (no --write); {len(answers) // 100 + 1} answers change their file; runs "
        f"{', '.join(f'{s:.2f}' for s in mine)} s vs {', '.join(f'{s:.2f}' for s in baseline)} s"
    )
    return figure


def measure_profit(config: Config, root: Path) -> list[Figure]:
    """Figure 9: verify and import."""
    return [measure_verify(config, root), measure_import(config, root)]
