"""Real git repositories for the sync tests: bare remotes made in tmp folders."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROADMAP_TEXT = "format: 1\n# {label}\n"
"""Not a whole roadmap: the sync engine never parses it, it only moves files."""


def git(*args: str, cwd: Path) -> str:
    """Run git in a test (the identity and config come from the `git_identity` fixture)."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


class Upstream:
    """A branch's repository: a bare remote, and a work tree that pushes to it."""

    def __init__(self, root: Path, name: str) -> None:
        self.bare = root / "remotes" / f"{name}.git"
        self.work = root / "upstream-work" / name
        self.bare.parent.mkdir(parents=True, exist_ok=True)
        self.work.mkdir(parents=True)
        git("init", "--quiet", "--bare", "--initial-branch=main", str(self.bare), cwd=root)
        git("init", "--quiet", "--initial-branch=main", cwd=self.work)
        git("remote", "add", "origin", str(self.bare), cwd=self.work)

    @property
    def url(self) -> str:
        return str(self.bare)

    def commit(self, files: dict[str, str], message: str = "update") -> str:
        """Write `files` in the work tree and commit them; the new commit."""
        for name, text in files.items():
            path = self.work / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        git("add", "--all", cwd=self.work)
        git("commit", "--quiet", "-m", message, cwd=self.work)
        return self.head()

    def head(self) -> str:
        return git("rev-parse", "HEAD", cwd=self.work)

    def push(self, *refs: str, force: bool = False) -> None:
        git("push", "--quiet", *(["--force"] if force else []), "origin", *(refs or ("main",)),
            cwd=self.work)  # fmt: skip

    def publish(self, text: str, path: str = "roadmap.yaml") -> str:
        """Commit a new roadmap text and push it; the new commit."""
        commit = self.commit({path: text})
        self.push()
        return commit

    def rewrite(self, text: str, path: str = "roadmap.yaml") -> str:
        """Replace the last commit by another and force-push it: a rewritten history."""
        (self.work / path).write_text(text, encoding="utf-8")
        git("commit", "--quiet", "--all", "--amend", "-m", "rewritten", cwd=self.work)
        self.push(force=True)
        return self.head()

    def remove(self) -> None:
        shutil.rmtree(self.bare)


def write_manifest(folder: Path, branches: list[dict[str, str]], extra: str = "") -> Path:
    """Write `folder/branches.yaml` listing `branches` (id, remote, path, ref)."""
    lines = ["format: 1", *([extra] if extra else []), "branches:"]
    for branch in branches:
        first = True
        for key, value in branch.items():
            lines.append(f"  {'- ' if first else '  '}{key}: '{value}'")
            first = False
    path = folder / "branches.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
