"""`amanat check`: validate roadmaps, one problem per line, silent when clean."""

from __future__ import annotations

import contextlib
import enum
import json
import sys
from typing import Annotated

import typer

from amanat_cli.cli.commands._common import Scope, format_problem, load_scope
from amanat_cli.cli.inputs import parse_date_option
from amanat_cli.cli.options import AsOfOption, PathsArgument, RoadmapOption
from amanat_cli.cli.terminal import asked_color, color_wanted
from amanat_cli.i18n import _, ngettext
from amanat_cli.model import Problem, Severity, Source


class CheckFormat(enum.StrEnum):
    """What `amanat check --format` prints."""

    TEXT = "text"
    JSON = "json"


def _count(problems: list[Problem], severity: Severity) -> int:
    return sum(1 for p in problems if p.severity == severity)


def summary(scope: Scope) -> str:
    """The counts, and how many files have problems: "2 errors, 1 warning in 1 file"."""
    errors = _count(scope.problems, Severity.ERROR)
    warnings = _count(scope.problems, Severity.WARNING)
    files = len({p.source.path for p in scope.problems if p.source is not None}) or 1
    counts = []
    if errors:
        counts.append(ngettext("{n} error", "{n} errors", errors).format(n=errors))
    if warnings:
        counts.append(ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings))
    return _("{counts} in {files}").format(
        counts=", ".join(counts), files=ngettext("{n} file", "{n} files", files).format(n=files)
    )


def as_json(scope: Scope) -> str:
    """The machine-readable report of `--format json` (locale-independent keys)."""
    problems = [
        {
            "path": p.source.path if p.source is not None else None,
            "line": p.source.line if p.source is not None and p.source.line else None,
            "col": p.source.col if p.source is not None and p.source.line else None,
            "severity": str(p.severity),
            "rule": p.rule,
            "message": p.message,
        }
        for p in scope.problems
    ]
    report = {
        "files": [str(path) for path in scope.paths],
        "problems": problems,
        "errors": _count(scope.problems, Severity.ERROR),
        "warnings": _count(scope.problems, Severity.WARNING),
    }
    return json.dumps(report, ensure_ascii=False, indent=2)


LEFTOVERS_NAMED = 3
"""How many leftover temp files a warning names."""


def leftover_problems(scope: Scope) -> list[Problem]:
    """A warning for each roadmap beside which killed writes left temp files."""
    from amanat_cli.write.safewrite import leftovers

    problems = []
    for path in scope.paths:
        temps = leftovers(path)
        if not temps:
            continue
        size = 0
        for temp in temps:
            with contextlib.suppress(OSError):
                size += temp.lstat().st_size
        names = ", ".join(t.name for t in temps[:LEFTOVERS_NAMED])
        names += ", …" if len(temps) > LEFTOVERS_NAMED else ""
        message = ngettext(
            "{n} temp file left by an interrupted amanat write ({size} KB): {names}; "
            "the next write of this file removes it",
            "{n} temp files left by interrupted amanat writes ({size} KB): {names}; "
            "the next write of this file removes them",
            len(temps),
        ).format(n=len(temps), size=-(-size // 1024), names=names)
        problems.append(Problem(Source(str(path), 0, 0), Severity.WARNING, "leftover", message))
    return problems


def print_problems(problems: list[Problem], color: str) -> None:
    """One line per problem on stdout; the severity coloured on a terminal (or when asked)."""
    wanted = color_wanted(color, sys.stdout)
    if not (wanted or (wanted is None and sys.stdout.isatty())):
        sys.stdout.write("".join(format_problem(p) + "\n" for p in problems))
        return
    from rich.text import Text  # only a terminal pays for Rich

    from amanat_cli.cli.terminal import make_console

    console = make_console(color)
    for problem in problems:
        style = "bold red" if problem.severity == Severity.ERROR else "yellow"
        line = Text(format_problem(problem))
        # Colour only the severity word: the first ": error: " is it (the path comes before).
        label = _(str(problem.severity))
        start = line.plain.index(f": {label}: ") + 2
        line.stylize(style, start, start + len(label))
        console.print(line, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add `amanat check` to the application."""

    @app.command()
    def check(
        paths: PathsArgument = None,
        roadmap: RoadmapOption = None,
        strict: Annotated[
            bool, typer.Option("--strict", help=_("Fail (exit 1) on warnings too."))
        ] = False,
        output_format: Annotated[
            CheckFormat, typer.Option("--format", help=_("Output: text lines or one JSON object."))
        ] = CheckFormat.TEXT,
        as_of: AsOfOption = None,
    ) -> None:
        r"""Validate roadmaps: each problem as `path:line:col: error|warning: message \[rule]`.

        Prints nothing and exits 0 when the roadmaps are clean; warnings alone
        exit 0 (1 with --strict); any error exits 1.

        Example: amanat check roadmaps/ --strict
        """
        as_of_date = parse_date_option(as_of, "--as-of") if as_of else None
        scope = load_scope(roadmap, paths, require_valid=False, as_of=as_of_date)
        found = sorted([*scope.problems, *leftover_problems(scope)], key=Problem.sort_key)
        scope = Scope(scope.paths, scope.roadmaps, found)
        if output_format == CheckFormat.JSON:
            sys.stdout.write(as_json(scope) + "\n")
        elif scope.problems:
            print_problems(scope.problems, asked_color())
            sys.stderr.write(summary(scope) + "\n")
        if scope.errors or (strict and scope.problems):
            raise typer.Exit(1)
