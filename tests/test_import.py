"""`acwizard import`: saved and live /metainfo answers become connector files that validate,
changes to existing ones are previewed as the TUI's save preview does, and hostile answers get
a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from profit_support import demo, isolate, run_cli

from acwizard.standin.server import serving

ANSWER = {
    "updateConnectors": [{"id": "KnEmployee", "description": "Employee"}],
    "getConnectors": [
        {"id": "Profit_Employees", "description": "Employees"},
        {"id": "Fresh_Export", "description": "Fresh export of everything"},
    ],
    "info": {
        "envid": "O12345AA",
        "appName": "Fresh App",
        "group": "Payroll Sync",
        "tokenExpiry": "0",
    },
    "customConnectors": [{"id": "AppConnectorSubject", "description": "Attachments"}],
}


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    isolate(monkeypatch, tmp_path)
    import shutil

    root = tmp_path / "workspace"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data", root)
    return root


def saved(tmp_path: Path, document: object, name: str = "metainfo.json") -> Path:
    path = tmp_path / name
    path.write_text(
        json.dumps(document) if not isinstance(document, bytes) else "", encoding="utf-8"
    )
    if isinstance(document, bytes):
        path.write_bytes(document)
    return path


def test_a_saved_answer_becomes_a_file_that_validates(capsys, tmp_path, workspace):
    answer = saved(tmp_path, ANSWER)
    status, out, err = run_cli(capsys, "-w", str(workspace), "import", str(answer))
    assert status == 0
    assert "-> connectors/fresh-app.toml (new): would be created" in out
    assert "granted GetConnectors: Fresh_Export, Profit_Employees" in out
    assert (
        "not yet reviewed: authentication, IP restrictions, webhooks and tokens (classic assumed)"
        in out
    )
    assert "keys AFAS does not document: customConnectors" in out
    assert "Nothing was written" in err
    assert not (workspace / "connectors" / "fresh-app.toml").exists()
    status, out, _ = run_cli(capsys, "-w", str(workspace), "import", str(answer), "--write")
    assert status == 0
    written = (workspace / "connectors" / "fresh-app.toml").read_text()
    assert 'connectors = [\n    "AppConnectorSubject",\n]' in written
    assert "Not yet reviewed: authentication (classic assumed)" in written
    status, out, err = run_cli(capsys, "-w", str(workspace), "validate")
    assert status == 0, out + err
    # Imported again: the file already says it.
    status, out, _ = run_cli(capsys, "-w", str(workspace), "import", str(answer), "--write")
    assert "already the same; nothing to change" in out


def test_an_existing_connector_shows_the_save_preview_and_is_written_only_with_write(
    capsys, tmp_path, workspace
):
    path = workspace / "connectors" / "payroll-sync.toml"
    before = path.read_bytes()
    answer = dict(ANSWER, info=dict(ANSWER["info"], appName="payroll sync"))  # case differs
    status, out, _ = run_cli(capsys, "-w", str(workspace), "import", str(saved(tmp_path, answer)))
    assert status == 0
    assert "-> connectors/payroll-sync.toml (existing): would change" in out
    assert "Profit 8 format" in out or "schema_version" in out  # the version note comes first
    assert "revoked UpdateConnector" in out or "revoked UpdateConnectors" in out
    assert '+    "Fresh_Export",' in out
    assert path.read_bytes() == before
    status, _, _ = run_cli(
        capsys, "-w", str(workspace), "import", str(saved(tmp_path, answer)), "--write"
    )
    assert status == 0
    assert '"Fresh_Export"' in path.read_text()


def test_write_catalog_keeps_the_comments(capsys, tmp_path, workspace):
    catalog = workspace / "catalog.toml"
    before = catalog.read_text()
    status, out, _ = run_cli(capsys, "-w", str(workspace), "import", str(saved(tmp_path, ANSWER)))
    assert '[get_connectors]\nFresh_Export = "Fresh export of everything"' in out
    assert catalog.read_text() == before
    status, out, _ = run_cli(
        capsys, "-w", str(workspace), "import", str(saved(tmp_path, ANSWER)), "--write-catalog"
    )
    assert status == 0 and "catalog.toml: added 1 entry" in out
    after = catalog.read_text()
    assert after.startswith(before.split("[get_connectors]")[0])  # the header comments stay
    assert 'Fresh_Export = "Fresh export of everything"' in after
    assert len(after.splitlines()) == len(before.splitlines()) + 1
    assert run_cli(capsys, "-w", str(workspace), "validate", str(catalog))[0] == 0


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"{not json", "is not JSON"),
        (b"[1, 2]", "is a JSON object with getConnectors"),
        (b'{"getConnectors": {"id": 1}}', "'getConnectors' must be a list, not an object"),
        (b'{"getConnectors": [{"id": "../../etc"}]}', "is not a connector id"),
        (b'{"getConnectors": [{"id": "A\\u202eB"}]}', "getConnectors[0].id"),
        (b"[" * 50000 + b"]" * 50000, "nested more than 16 levels deep"),
        (b"\xff\xfe\x00", "is not UTF-8 text"),
        (
            b'{"info": {}, "getConnectors": [], "x": "' + b"a" * (17 * 1024 * 1024) + b'"}',
            "larger than",
        ),
        (b'{"hello": 1}', "this is no /metainfo answer"),
    ],
)
def test_hostile_answers_get_a_clear_error(capsys, tmp_path, workspace, content, words):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    status, out, err = run_cli(capsys, "-w", str(workspace), "import", str(path), "--write")
    assert status == 2
    assert words in out
    assert "Traceback" not in out + err
    assert sorted(p.name for p in (workspace / "connectors").iterdir()) == sorted(
        p.name for p in (Path(__file__).resolve().parent.parent / "data" / "connectors").iterdir()
    )


def test_a_fifo_or_a_link_is_never_read(capsys, tmp_path, workspace):
    import os

    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    link = tmp_path / "link.json"
    link.symlink_to(saved(tmp_path, ANSWER))
    status, out, _ = run_cli(capsys, "-w", str(workspace), "import", str(fifo), str(link))
    assert status == 2
    assert "is not a regular file" in out and "is a symbolic link" in out


def test_import_live_asks_profit(capsys, monkeypatch, tmp_path):
    d = demo(monkeypatch, tmp_path)
    (d.root / "connectors" / "bi-export.toml").unlink()
    with serving(d.standin) as base:
        status, out, _ = run_cli(
            capsys,
            "-w",
            str(d.root),
            "import",
            "--live",
            "bi-export",
            "payroll-sync",
            "--base-url",
            base,
            "--write",
        )
    assert status == 0, out
    assert "-> connectors/bi-export.toml (new): created" in out
    assert "-> connectors/payroll-sync.toml: already the same" in out
    assert run_cli(capsys, "-w", str(d.root), "validate")[0] == 0
