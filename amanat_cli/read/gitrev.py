"""Reading the committed version of a roadmap from git (`git:REV` in `diff` and `export`).

Runs the `git` program in the file's folder: no git library, and the user's
own git configuration (worktrees, safe directories) applies.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from amanat_cli.errors import BadValue, Unreadable
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


def read_at_revision(path: Path, revision: str) -> bytes:
    """The bytes of `path` as committed at `revision`; Unreadable if git cannot say."""
    folder = path.resolve().parent
    prefix = _git(folder, "rev-parse", "--show-prefix").decode("utf-8").strip()
    return _git(folder, "show", f"{revision}:{prefix}{path.name}")


def load_revision(path: Path, spec: str) -> tuple[Roadmap | None, list[Problem], str]:
    """Load `git:REV` of `path`: (roadmap, problems, label shown to the user)."""
    from amanat_cli.read.loader import load_bytes

    revision = spec[len(PREFIX) :] if is_revision(spec) else spec
    if not revision:
        raise BadValue(_("'{spec}': name a revision after git:, e.g. git:HEAD").format(spec=spec))
    label = f"{PREFIX}{revision}:{path}"
    roadmap, problems = load_bytes(read_at_revision(path, revision), label)
    return roadmap, problems, label
