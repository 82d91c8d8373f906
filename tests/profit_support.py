"""What the tests of verify and import share: an isolated environment, the stand-in Profit on
the demo workspace, a credential helper, and running the CLI in this process.

The stand-in is a real HTTP server on 127.0.0.1 (acwizard.standin.server); nothing patches
the HTTP client. The credential helper is a small shell script outside the workspace that
prints the stand-in's made-up credentials and logs each call.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest

from acwizard.cli import main
from acwizard.standin.fromworkspace import from_workspace
from acwizard.standin.server import StandIn

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "data"
CLEARED = (
    "AFAS_TOKEN",
    "AFAS_CLIENT_ID",
    "AFAS_CLIENT_SECRET",
    "AFAS_CLIENT_KEY_FILE",
    "AFAS_CLIENT_KEY_ID",
    "ACWIZARD_CREDENTIAL_HELPER",
    "ACWIZARD_TRUST",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
)


@dataclass
class Demo:
    """The demo workspace (a copy), its stand-in and its made-up credentials."""

    root: Path
    standin: StandIn
    credentials: Path
    helper: str
    """The credential helper's command line."""
    helper_log: Path
    state: Path
    """XDG_STATE_HOME: where verify keeps its results."""

    def secrets(self) -> list[str]:
        """Every made-up secret of the stand-in, in every form a leak could take."""
        import base64

        from acwizard.standin.fromworkspace import token_xml

        found: list[str] = []
        for connector in self.standin.connectors.values():
            if connector.token_data:
                xml = token_xml(connector.token_data)
                found += [connector.token_data, xml, base64.b64encode(xml.encode()).decode()]
            if connector.client_secret:
                found.append(connector.client_secret)
        for pem in (self.credentials / "keys").glob("*.pem"):
            body = pem.read_text().splitlines()[1]  # a line of the key itself
            found.append(body)
        found += list(self.standin.issued)
        return found


def isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No credential, helper, proxy or trust setting from the machine; a state and config
    directory of the test's own. Returns the state directory."""
    for name in CLEARED:
        monkeypatch.delenv(name, raising=False)
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_PROXY", "*")
    return state


def shell_helper(directory: Path, credentials: Path, log: Path) -> str:
    """A credential helper script: prints `<credentials>/<env>/<id>.json`, logs each call."""
    script = directory / "afas-helper.sh"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$1 $2 $3" >> "{log}"\n'
        '[ "$1" = get ] || exit 2\n'
        f'exec cat "{credentials}/$2/$3.json"\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def demo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seed: str = "test-seed") -> Demo:
    """The demo workspace copied to `tmp_path`, its stand-in and a configured helper."""
    state = isolate(monkeypatch, tmp_path)
    root = tmp_path / "workspace"
    shutil.copytree(DEMO, root)
    credentials = tmp_path / "credentials"
    standin, _ = from_workspace(root, seed, credentials)
    log = tmp_path / "helper.log"
    helper = shell_helper(tmp_path, credentials, log)
    monkeypatch.setenv("ACWIZARD_CREDENTIAL_HELPER", helper)
    return Demo(root, standin, credentials, helper, log, state)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """acwizard in this process: exit status, stdout, stderr."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def stored_text(state: Path) -> str:
    """Everything verify kept in the state directory, as one text."""
    return "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(state.rglob("*"))
        if path.is_file()
    )


def environment_free_of(names: tuple[str, ...]) -> bool:
    """True when none of `names` is set (a sanity check of `isolate`)."""
    return not any(name in os.environ for name in names)
