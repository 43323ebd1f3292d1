"""What most commands do first: choose paths, load, check, pick the as-of date."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from amanat_cli.cli import app
from amanat_cli.cli.exits import ExitCode, UserError
from amanat_cli.cli.inputs import parse_date_option
from amanat_cli.i18n import _, ngettext
from amanat_cli.model import Problem, Roadmap, Severity
from amanat_cli.read.scope import choose_paths
from amanat_cli.render.printable import visible

MAX_PROBLEMS_SHOWN = 20
"""A refusing command lists at most this many problems; `amanat check` lists all."""


@dataclass(frozen=True, slots=True)
class Scope:
    """The roadmaps a command works on, with what `check` found in them."""

    paths: list[Path]
    roadmaps: list[Roadmap]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]


def format_problem(problem: Problem) -> str:
    """`path:line:col: error|warning: message [rule]`, the one format of CLI.md.

    One line, and nothing a terminal would obey: a file name or a quoted key may
    hold a newline or an escape sequence (`render.printable`).
    """
    if problem.source is None:
        where = "amanat"
    elif problem.source.line == 0:  # a whole-file problem (unreadable): no line to point at
        where = problem.source.path
    else:
        where = str(problem.source)
    severity = _("error") if problem.severity == Severity.ERROR else _("warning")
    return visible(f"{where}: {severity}: {problem.message} [{problem.rule}]")


def load_scope(
    *groups: Sequence[Path] | None,
    require_valid: bool = True,
    today: date | None = None,
    as_of: date | None = None,
) -> Scope:
    """Load and check the named (or default) roadmaps.

    `as_of` is `--as-of` (rules that compute figures use it over `branch.as_of`).
    A branches manifest among the paths stands for its branches' synced roadmaps.
    With `require_valid`, a roadmap with errors stops the command with exit 1
    and its first problems on stderr: no report is computed from broken data.
    """
    from amanat_cli.check.rules import check
    from amanat_cli.cli.terminal import LoadProgress, note_bundled_sample
    from amanat_cli.read.store import load_paths

    unsynced: list[Problem] = []  # branches of a manifest with no synced roadmap yet
    paths = choose_paths(*groups, unsynced=unsynced)
    note_bundled_sample(paths)
    progress = LoadProgress()
    try:
        roadmaps, problems = load_paths(paths, progress)
    finally:
        progress.close()
    problems = sorted(
        [*unsynced, *problems, *check(roadmaps, today=today or app.today(), as_of=as_of)],
        key=Problem.sort_key,
    )
    scope = Scope(paths, roadmaps, problems)
    if require_valid:  # a report goes on without them, but says so (`check` lists them itself)
        for problem in unsynced:
            sys.stderr.write(format_problem(problem) + "\n")
    if require_valid and scope.errors:
        for problem in scope.errors[:MAX_PROBLEMS_SHOWN]:
            sys.stderr.write(format_problem(problem) + "\n")
        count = len(scope.errors)
        raise UserError(
            ngettext(
                "the roadmap has {n} error; run `amanat check` for details",
                "the roadmap has {n} errors; run `amanat check` for details",
                count,
            ).format(n=count),
            ExitCode.DATA,
        )
    return scope


def as_of_for(roadmap: Roadmap, as_of_option: str | None, today: date | None = None) -> date:
    """`--as-of` if given, else the branch's `as_of`, else today (ROADMAP.md)."""
    if as_of_option is not None:
        return parse_date_option(as_of_option, "--as-of")
    if roadmap.branch.as_of is not None:
        return roadmap.branch.as_of
    return today or app.today()
