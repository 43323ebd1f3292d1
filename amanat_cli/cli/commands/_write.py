"""What every write command does on the CLI side: one write per file, then print.

The work itself (lock, check, edit, verify, write) is `amanat_cli.write.changes`,
imported only when a write command runs: it pulls in the YAML reader, which
`--help` and shell completion should not pay for.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from amanat_cli.cli import app
from amanat_cli.cli.exits import ExitCode, UserError, exit_code
from amanat_cli.cli.terminal import LoadProgress, warn
from amanat_cli.errors import AmanatError
from amanat_cli.i18n import _
from amanat_cli.read.scope import choose_paths

if TYPE_CHECKING:
    from amanat_cli.read.store import Store
    from amanat_cli.write.changes import Planner


def run_writes(
    roadmap_paths: Sequence[Path] | None,
    refs: Sequence[str],
    planner_for: Callable[[list[str]], Planner],
    *,
    dry_run: bool,
    also: Sequence[str] = (),
    members: bool = False,
) -> None:
    """Write the change to each file holding some of `refs` and print what happened.

    `refs` are item ids, or with `members` member ids or names.  A roadmap that
    cannot be read whole, or a change that would add errors, is refused (exit 1)
    with the errors listed first, as `check` shows them; the errors a change
    removes are named after its summary (`fixed: …`).  An unknown id that looks
    like a file name (`also`: other ids given, e.g. the member) gets a hint to
    name roadmaps with -r.
    """
    from amanat_cli.write.changes import files_of

    given = [*refs, *also]
    slashed = next((arg for arg in given if "/" in arg or "\\" in arg), None)
    if slashed is not None:  # never an id: ids are slugs (ROADMAP.md)
        raise _file_not_id(slashed)

    def groups(store: Store, progress: LoadProgress) -> dict[Path, list[str]]:
        kinds = {"members": members, "items": not members}
        return files_of(store, roadmap_paths, refs, progress, **kinds)

    try:
        _write_each(groups, planner_for, dry_run=dry_run)
    except AmanatError as error:
        usage = exit_code(error) == ExitCode.USAGE
        named = _yaml_named_as_id(roadmap_paths, given) if usage else None
        if named is not None:
            raise _file_not_id(named) from None
        raise


def run_write_to_one(
    roadmap_paths: Sequence[Path] | None, planner: Planner, *, dry_run: bool
) -> None:
    """Write the change to the one roadmap in scope; several are a usage error (exit 2)."""
    paths = choose_paths(roadmap_paths)
    if len(paths) > 1:
        raise UserError(
            _("several roadmaps in scope; name the one to change with -r: {paths}").format(
                paths=", ".join(str(p) for p in paths)
            ),
            ExitCode.USAGE,
        )
    _write_each(lambda _store, _progress: {paths[0]: []}, lambda _refs: planner, dry_run=dry_run)


def _write_each(
    groups_of: Callable[[Store, LoadProgress], dict[Path, list[str]]],
    planner_for: Callable[[list[str]], Planner],
    *,
    dry_run: bool,
) -> None:
    """One write per file of `groups_of` (file -> its refs), each said as it is made."""
    from amanat_cli.cli.commands._common import MAX_PROBLEMS_SHOWN, format_problem
    from amanat_cli.read.store import gc_paused, open_store
    from amanat_cli.render.printable import visible, visible_lines
    from amanat_cli.write.changes import RefusedWithProblems, write_change

    # A write whose file is not in the parse cache parses it (~10^6 objects for a big
    # file, no cycles): the cyclic collector would only traverse them.
    today = app.today()
    progress = LoadProgress()
    try:
        store = open_store(with_layouts=True)  # one load of each file serves the whole write
        with gc_paused():
            try:
                groups = groups_of(store, progress)
            finally:
                progress.close()
            for path, group in groups.items():
                planner = planner_for(group)
                outcome = write_change(store, path, planner, dry_run=dry_run, today=today)
                sys.stdout.write(visible_lines(outcome.text))
                for problem in outcome.fixed:
                    line = _("fixed: {message} [{rule}]")
                    said = line.format(message=problem.message, rule=problem.rule)
                    sys.stdout.write(visible(said) + "\n")
                sys.stdout.flush()  # what was written, then what to mind about it
                for warning in outcome.warnings:
                    warn(warning)
    except RefusedWithProblems as refused:
        for problem in refused.problems[:MAX_PROBLEMS_SHOWN]:
            sys.stderr.write(format_problem(problem) + "\n")
        raise


def _file_not_id(arg: str) -> UserError:
    return UserError(
        _("'{arg}' looks like a file; name roadmaps with -r PATH").format(arg=arg), ExitCode.USAGE
    )


def _yaml_named_as_id(roadmap_paths: Sequence[Path] | None, args: Sequence[str]) -> str | None:
    """The first argument ending in .yaml or .yml that is no id in the roadmaps."""
    from amanat_cli.read.scope import choose_paths, find
    from amanat_cli.read.store import load_paths

    suspects = [arg for arg in args if arg.lower().endswith((".yaml", ".yml"))]
    if not suspects:
        return None
    try:
        roadmaps, _problems = load_paths(choose_paths(roadmap_paths))
    except AmanatError:
        return None
    for arg in suspects:
        try:
            find(roadmaps, arg)
        except AmanatError:
            return arg
    return None
