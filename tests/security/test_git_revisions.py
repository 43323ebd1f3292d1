"""Hole 7: `git:REV` names a commit and nothing else.

`diff git:--output=PATH` made git write a file.  A revision starting with `-`
is refused, and any other is resolved to one commit (`rev-parse --verify
REV^{commit}`) before the file is read from it, so options, ranges and shell
syntax never reach git as such.  No shell is ever involved.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, has_program
from tests.gitrepos import git

Run = Callable[..., Result]

pytestmark = pytest.mark.skipif(not has_program("git"), reason="git is not installed")


@pytest.fixture
def repo(folder: Path, git_identity: None) -> Path:
    """The roadmaps folder as a repository with two commits (the roadmap at its top)."""
    roadmaps = folder / "roadmaps"
    git("init", "-q", cwd=roadmaps)
    git("add", "almaty.yaml", cwd=roadmaps)
    git("commit", "-qm", "first", cwd=roadmaps)
    path = roadmaps / "almaty.yaml"
    path.write_text(
        path.read_text("utf-8").replace("as_of: 2025-06-30", "as_of: 2025-06-29"), "utf-8"
    )
    git("commit", "-qam", "second", cwd=roadmaps)
    return roadmaps


INJECTIONS = [
    "--output=PWNED",
    "--output=../PWNED",
    "-oPWNED",
    "HEAD;touch PWNED",
    "$(touch PWNED)",
    "`touch PWNED`",
    "HEAD|touch PWNED",
    "HEAD && touch PWNED",
    "..",
    "HEAD~1..HEAD",
    "HEAD...HEAD~1",
    "HEAD:../../etc/passwd",
    "--all",
]


@pytest.mark.parametrize("revision", INJECTIONS)
@pytest.mark.parametrize("command", ["diff", "export"])
def test_a_revision_smuggles_no_option_range_or_command(
    run_cli: Run, repo: Path, tmp_path: Path, revision: str, command: str
) -> None:
    if command == "diff":
        result = run_cli("diff", f"git:{revision}")
    else:
        result = run_cli("export", "--format", "json", "--since", f"git:{revision}")
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr.startswith("amanat: ") and result.stderr.count("\n") == 1
    assert [p for p in tmp_path.rglob("*") if "PWNED" in p.name] == []


def test_a_plain_revision_still_works(run_cli: Run, repo: Path) -> None:
    result = run_cli("diff", "git:HEAD~1")
    assert result.exit_code == 0, result.stderr
    # The date moved, and with it the rags of the pledges it moves.
    said = result.stdout.splitlines()
    assert said[0] == "branch: report date changed from 2025-06-30 to 2025-06-29"
    assert len(said) > 1 and all(" → " in line for line in said[1:])
    git("tag", "meeting-june", "HEAD~1", cwd=repo)
    assert run_cli("diff", "git:meeting-june").stdout == result.stdout
