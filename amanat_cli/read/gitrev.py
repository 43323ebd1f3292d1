"""Reading the committed version of a roadmap from git (`git:REV` in `diff` and `export`).

Runs the `git` program in the file's folder: no git library, and the user's
own git configuration (worktrees, safe directories) applies.  No shell is
involved, and REV reaches git only as one commit: a REV that starts with `-`
is refused (git would take it as an option: `--output=PATH` writes a file),
and any other is resolved to a commit id first, so a range (`A..B`), a path
(`HEAD:other`) or anything else that is not one commit is refused by git.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from amanat_cli.errors import BadValue, NotFound, Unreadable
from amanat_cli.i18n import _
from amanat_cli.model import Problem, Roadmap

PREFIX = "git:"


def is_revision(text: str) -> bool:
    """True for `git:REV`."""
    return text.startswith(PREFIX)


def _git(folder: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, check=False)
    except OSError as error:  # git not installed
        raise Unreadable(
            _("cannot run git: {reason}").format(reason=error.strerror or error)
        ) from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Unreadable(_("git: {reason}").format(reason=reason[-1] if reason else args[0]))
    return done.stdout


def _commit(folder: Path, revision: str) -> str:
    """The id of the one commit `revision` names; BadValue or NotFound for anything else."""
    if revision.startswith("-"):
        raise BadValue(
            _("git:{revision}: a revision cannot start with '-'").format(revision=revision)
        )
    try:
        found = _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    except Unreadable:
        raise NotFound(
            _("git: '{revision}' names no commit of this repository").format(revision=revision)
        ) from None
    return found.decode("ascii", "replace").strip()


def read_at_revision(path: Path, revision: str) -> bytes:
    """The bytes of `path` as committed at `revision`; Unreadable if git cannot say."""
    folder = path.resolve().parent
    prefix = _git(folder, "rev-parse", "--show-prefix").decode("utf-8").strip()
    return _git(folder, "show", f"{_commit(folder, revision)}:{prefix}{path.name}")


def load_revision(path: Path, spec: str) -> tuple[Roadmap | None, list[Problem], str]:
    """Load `git:REV` of `path`: (roadmap, problems, label shown to the user)."""
    from amanat_cli.read.loader import load_bytes

    revision = spec[len(PREFIX) :] if is_revision(spec) else spec
    if not revision:
        raise BadValue(_("'{spec}': name a revision after git:, e.g. git:HEAD").format(spec=spec))
    label = f"{PREFIX}{revision}:{path}"
    roadmap, problems = load_bytes(read_at_revision(path, revision), label)
    return roadmap, problems, label
