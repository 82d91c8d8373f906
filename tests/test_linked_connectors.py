"""A `connectors` directory that is a symbolic link is refused: never listed, written or cleaned.

A repository can hold `connectors -> ../victim`. Followed, `fmt` and `migrate`
rewrote files outside the workspace, the TUI saved, created and deleted there,
and cleaning up temporary files deleted in the link's target. Reading at a git
revision already refused such a link; the working tree now does the same.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from acwizard.app import AcWizardApp
from acwizard.catalog import load_catalog
from acwizard.cli import main
from acwizard.files.layout import list_connector_files
from acwizard.files.reading import fingerprint
from acwizard.files.saving import create_connector_file, delete_connector, save_connector
from acwizard.files.settings import load_settings
from acwizard.files.writing import TEMP_MARKER, remove_stale_temporaries
from acwizard.model import AppConnector

from conftest import toasts

MISFORMATTED = 'schema_version = 1\ndescription  =  "X"\nuser_group = "G"\n'
"""A valid version 1 file that `fmt` and `migrate` would rewrite."""


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace whose `connectors` links to a directory outside it: (workspace, victim)."""
    workspace, victim = tmp_path / "ws", tmp_path / "victim"
    workspace.mkdir()
    victim.mkdir()
    (victim / "x.toml").write_text(MISFORMATTED, encoding="utf-8")
    (workspace / "connectors").symlink_to("../victim", target_is_directory=True)
    return workspace, victim


def test_listing_a_linked_connectors_directory_is_an_error(linked):
    workspace, _ = linked
    paths, problems = list_connector_files(workspace)
    assert paths == []
    assert [problem.format(workspace) for problem in problems] == [
        "connectors:1: error: is a symbolic link, not a directory"
    ]


@pytest.mark.parametrize("verb", ["fmt", "migrate", "list", "audit"])
def test_rewriting_verbs_refuse_a_linked_connectors_directory(linked, verb, capsys, monkeypatch):
    workspace, victim = linked
    monkeypatch.chdir(workspace)
    status = main([verb])
    err = capsys.readouterr().err
    assert status == 2
    assert "connectors:1: error: is a symbolic link, not a directory" in err
    assert (victim / "x.toml").read_text(encoding="utf-8") == MISFORMATTED


def test_validate_reports_a_linked_connectors_directory(linked, capsys, monkeypatch):
    workspace, _ = linked
    monkeypatch.chdir(workspace)
    status = main(["validate", "--no-cache"])
    out = capsys.readouterr().out
    assert status == 1
    assert out.splitlines() == ["connectors:1: error: is a symbolic link, not a directory"]


def test_fmt_of_a_file_named_through_the_link_writes_nothing(linked, capsys, monkeypatch):
    workspace, victim = linked
    monkeypatch.chdir(workspace)
    status = main(["fmt", "connectors/x.toml"])
    err = capsys.readouterr().err
    assert status == 1
    assert "connectors/x.toml: not formatted: " in err
    assert "connectors is a symbolic link; acwizard does not write through links" in err
    assert (victim / "x.toml").read_text(encoding="utf-8") == MISFORMATTED


def test_saving_through_a_linked_directory_is_refused(linked):
    workspace, victim = linked
    connector = AppConnector(description="X", user_group="G")
    with pytest.raises(OSError, match="connectors is a symbolic link"):
        save_connector(workspace / "connectors" / "x.toml", connector, fingerprint(MISFORMATTED))
    assert (victim / "x.toml").read_text(encoding="utf-8") == MISFORMATTED
    assert sorted(os.listdir(victim)) == ["x.toml"]


def test_creating_through_a_linked_directory_is_refused(linked):
    workspace, victim = linked
    with pytest.raises(OSError, match="connectors is a symbolic link"):
        create_connector_file(workspace, AppConnector(description="New", user_group="G"))
    assert sorted(os.listdir(victim)) == ["x.toml"]


def test_deleting_through_a_linked_directory_is_refused(linked):
    workspace, victim = linked
    with pytest.raises(OSError, match="connectors is a symbolic link"):
        delete_connector(workspace / "connectors" / "x.toml", fingerprint(MISFORMATTED))
    assert (victim / "x.toml").read_text(encoding="utf-8") == MISFORMATTED


def test_stale_temporaries_at_a_link_s_target_are_not_deleted(linked):
    workspace, victim = linked
    stale = victim / f".x.toml{TEMP_MARKER}0123abcd"
    stale.write_text("someone's file", encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    assert remove_stale_temporaries(workspace / "connectors") == []
    assert stale.read_text(encoding="utf-8") == "someone's file"


def test_a_real_connectors_directory_is_still_written(workspace):
    # The refusal is about links only: the usual workspace saves, creates and deletes.
    path = create_connector_file(workspace, AppConnector(description="New", user_group="G"))
    assert path.parent == workspace / "connectors" and path.is_file()
    text = path.read_text(encoding="utf-8")
    delete_connector(path, fingerprint(text))
    assert not path.exists()


# -- the workspace's other files --------------------------------------------------------


@pytest.mark.parametrize("inside", [True, False], ids=["link inside", "link outside"])
def test_settings_and_catalog_that_are_links_are_refused(tmp_path, inside):
    # Even a link to a file inside the workspace: git keeps the link, not the file, so
    # what a revision holds and what the working tree reads would differ; and a link's
    # target can change between the check and the read.
    workspace = tmp_path / "ws"
    (workspace / "real").mkdir(parents=True)
    target_dir = workspace / "real" if inside else tmp_path
    (target_dir / "settings.toml").write_text('environment = "O12345AA"\n', encoding="utf-8")
    (target_dir / "catalog.toml").write_text("", encoding="utf-8")
    (workspace / "acwizard.toml").symlink_to(target_dir / "settings.toml")
    (workspace / "catalog.toml").symlink_to(target_dir / "catalog.toml")
    settings, problems = load_settings(workspace)
    assert settings.environment is None
    assert [problem.format(workspace) for problem in problems] == [
        "acwizard.toml:1: error: is a symbolic link; acwizard does not follow links"
    ]
    _, problems = load_catalog(workspace)
    assert [problem.format(workspace) for problem in problems] == [
        "catalog.toml:1: error: is a symbolic link; acwizard does not follow links"
    ]


async def test_the_tui_says_a_linked_connectors_directory_is_refused(linked):
    workspace, victim = linked
    app = AcWizardApp(workspace)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        assert "is a symbolic link, not a directory" in await toasts(pilot)
    assert sorted(os.listdir(victim)) == ["x.toml"]
