"""Holes 8 and 12 in `amanat sync` (which landed while issue 12 was closed elsewhere).

The sync folder's `.amanat/` (half-made clones) is created like the one beside
a roadmap (`read.private`): a dangling `.gitignore` link there made a sync
create its target anywhere.  And git's own words about a failure, which a
remote can choose (`remote: …`), are printed escaped.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from amanat_cli.errors import WriteRefused
from amanat_cli.model import Source
from amanat_cli.read.gitsync import Outcome, SyncResult, sync_all
from amanat_cli.read.manifest import BranchRepo, load_manifest
from amanat_cli.render.sync import result_line
from tests.gitrepos import Upstream, write_manifest


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need a privilege on Windows")
def test_a_dangling_gitignore_link_in_the_sync_folder_creates_nothing(
    tmp_path: Path, upstream: Callable[..., Upstream]
) -> None:
    made = upstream("almaty")
    branches = [{"id": "almaty", "remote": made.url, "path": "roadmap.yaml"}]
    manifest, problems = load_manifest(write_manifest(tmp_path, branches))
    assert manifest is not None and problems == []
    planted = tmp_path / "anywhere" / "created-by-sync"
    planted.parent.mkdir()
    (manifest.folder / ".amanat").mkdir(parents=True)
    (manifest.folder / ".amanat" / ".gitignore").symlink_to(planted)
    with pytest.raises(WriteRefused) as refused:
        sync_all(manifest, jobs=1)
    assert "is a symbolic link" in refused.value.message
    assert not planted.exists()


def test_what_a_remote_says_is_printed_escaped() -> None:
    branch = BranchRepo(
        "almaty", "https://evil.example/r.git", "roadmap.yaml", None, Source("b", 1, 1)
    )
    said = SyncResult(branch, Outcome.UNREACHABLE, "remote: \x1b]0;owned\x07\x1b[2Jgone")
    line = result_line(said)
    assert "\x1b" not in line and "\x07" not in line
    assert line == "almaty: unreachable — remote: \\x1b]0;owned\\x07\\x1b[2Jgone"
