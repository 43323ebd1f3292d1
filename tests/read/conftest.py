"""Fixtures of the read tests: a git identity of their own, and bare remotes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.read.gitrepos import ROADMAP_TEXT, Upstream


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A git identity and an empty configuration for every test here: never the user's."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    config = tmp_path_factory.getbasetemp() / "gitconfig"
    config.touch()
    for name in ("GIT_AUTHOR", "GIT_COMMITTER"):
        monkeypatch.setenv(f"{name}_NAME", "Test Secretary")
        monkeypatch.setenv(f"{name}_EMAIL", "secretary@example.kz")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def upstream(tmp_path: Path) -> Callable[..., Upstream]:
    """Make a branch's remote with a first roadmap commit pushed (unless `empty`)."""

    def make(name: str, *, empty: bool = False, path: str = "roadmap.yaml") -> Upstream:
        made = Upstream(tmp_path, name)
        if not empty:
            made.publish(ROADMAP_TEXT.format(label=f"{name} 1"), path)
        return made

    return make
