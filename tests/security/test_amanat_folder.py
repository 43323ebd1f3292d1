"""Holes 2 and 12 (first half): nothing inside `.amanat/` is reached through a link.

Only the roadmap itself may be a symbolic link.  A link planted as the
journal, the `.gitignore`, a backup or `.amanat/` itself (by hand, or
committed to a repository and cloned) would make a write replace or create
its target anywhere; each is refused (exit 3) and the target is untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, has_program

Run = Callable[..., Result]

pytestmark = pytest.mark.skipif(
    os.name == "nt", reason="symbolic links need a privilege on Windows"
)

LINK_REFUSED = "is a symbolic link; amanat follows no link into or inside .amanat/ — remove it"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file of the user's outside the roadmap folder."""
    path = tmp_path / "victim.txt"
    path.write_text("keep me\n", encoding="utf-8")
    return path


def _roadmap(folder: Path) -> Path:
    return folder / "roadmaps" / "almaty.yaml"


def test_a_journal_link_is_refused_and_its_target_kept(
    run_cli: Run, folder: Path, victim: Path
) -> None:
    private = folder / "roadmaps" / ".amanat"
    private.mkdir()
    (private / "almaty.yaml.journal.json").symlink_to(victim)
    before = _roadmap(folder).read_bytes()
    result = run_cli("assign", "water", "ospanov-b")
    assert result.exit_code == 3
    assert result.stderr == f"amanat: roadmaps/.amanat/almaty.yaml.journal.json {LINK_REFUSED}\n"
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert _roadmap(folder).read_bytes() == before
    for args in (["undo"], ["undo", "--list"]):
        refused = run_cli(*args)
        assert (refused.exit_code, refused.stderr) == (3, result.stderr)


@pytest.mark.skipif(not has_program("git"), reason="git is not installed")
def test_a_cloned_repository_cannot_plant_a_journal_link(
    run_cli: Run, folder: Path, victim: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    upstream = tmp_path / "upstream"
    shutil.copytree(folder / "roadmaps", upstream / "roadmaps")
    (upstream / "roadmaps" / ".amanat").mkdir()
    (upstream / "roadmaps" / ".amanat" / "almaty.yaml.journal.json").symlink_to(victim)

    def git(*args: str, cwd: Path = upstream) -> None:
        subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "planted")
    git("clone", "-q", str(upstream), str(tmp_path / "clone"), cwd=tmp_path)
    monkeypatch.chdir(tmp_path / "clone")
    result = run_cli("assign", "water", "ospanov-b")
    assert result.exit_code == 3 and LINK_REFUSED in result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_amanat_folder_as_a_link_is_refused(run_cli: Run, folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (folder / "roadmaps" / ".amanat").symlink_to(elsewhere)
    result = run_cli("record", "health-polyclinics-opened", "3", "--date", "2025-06-15")
    assert result.exit_code == 3
    assert result.stderr == f"amanat: roadmaps/.amanat {LINK_REFUSED}\n"
    assert list(elsewhere.iterdir()) == []


def test_a_dangling_gitignore_link_creates_nothing(
    run_cli: Run, folder: Path, tmp_path: Path
) -> None:
    planted = tmp_path / "anywhere" / "created-by-amanat"
    planted.parent.mkdir()
    private = folder / "roadmaps" / ".amanat"
    private.mkdir()
    (private / ".gitignore").symlink_to(planted)
    result = run_cli("assign", "water", "ospanov-b")
    assert result.exit_code == 3
    assert result.stderr == f"amanat: roadmaps/.amanat/.gitignore {LINK_REFUSED}\n"
    assert not planted.exists()


def test_a_backup_replaced_by_a_link_is_not_restored(
    run_cli: Run, folder: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "id_ed25519"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n", encoding="utf-8")
    assert run_cli("assign", "water", "ospanov-b").exit_code == 0
    written = _roadmap(folder).read_bytes()
    private = folder / "roadmaps" / ".amanat"
    journal = json.loads((private / "almaty.yaml.journal.json").read_text(encoding="utf-8"))
    backup = private / journal[-1]["backup"]
    backup.unlink()
    backup.symlink_to(secret)
    result = run_cli("undo")
    assert result.exit_code == 3
    assert result.stderr == f"amanat: roadmaps/.amanat/{backup.name} {LINK_REFUSED}\n"
    assert _roadmap(folder).read_bytes() == written


def test_a_lock_file_link_is_refused(run_cli: Run, folder: Path, victim: Path) -> None:
    private = folder / "roadmaps" / ".amanat"
    private.mkdir()
    (private / "almaty.yaml.lock").symlink_to(victim)
    result = run_cli("assign", "water", "ospanov-b")
    assert result.exit_code == 3
    assert victim.read_text(encoding="utf-8") == "keep me\n"
