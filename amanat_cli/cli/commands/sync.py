"""`amanat sync [MANIFEST]`: clone or fast-forward every branch's repository of a manifest."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from amanat_cli.cli.exits import ExitCode, UserError
from amanat_cli.i18n import _, ngettext

if TYPE_CHECKING:
    import rich.progress
    from rich.console import Console

    from amanat_cli.read.gitsync import Progress
    from amanat_cli.read.manifest import Manifest

DEFAULT_MANIFEST = Path("branches.yaml")

ManifestArgument = Annotated[
    Path | None,
    typer.Argument(
        metavar="MANIFEST",
        help=_("The branches manifest. Default: branches.yaml in the current folder."),
        show_default=False,
    ),
]
JobsOption = Annotated[
    int,
    typer.Option("--jobs", "-j", min=1, max=64, help=_("How many repositories to sync at once.")),
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=1,
        metavar="SECONDS",
        help=_("Give up on a git command that takes longer (the repository is then reported)."),
    ),
]


def register(app: typer.Typer) -> None:
    """Add `amanat sync` to the application."""

    @app.command(
        help=_(
            "Clone or fast-forward every branch's repository listed in a manifest "
            "(branches.yaml).\n\nNever a merge, never a force: a branch with "
            "local changes or commits, a rewritten history, a missing ref or an unreachable "
            "remote is reported and left as it is (exit 1). Reports read the synced roadmaps "
            "when given the manifest: amanat status branches.yaml.\n\n"
            "Example: amanat sync --jobs 8"
        )
    )
    def sync(
        manifest: ManifestArgument = None,
        jobs: JobsOption = 4,  # gitsync.JOBS and TIMEOUT, written out: importing gitsync
        timeout: TimeoutOption = 120,  # here would slow every `amanat --help`
    ) -> None:
        """Clone or fast-forward every branch's repository listed in a manifest.

        Example: amanat sync --jobs 8
        """
        from rich.text import Text

        from amanat_cli.cli.terminal import make_console
        from amanat_cli.read.gitsync import Git, sync_all
        from amanat_cli.render.sync import line_parts, shown, summary

        loaded = _load(manifest or DEFAULT_MANIFEST)
        with _ProgressBar(make_console(stderr=True), len(loaded.branches)) as progress:
            results = sync_all(loaded, jobs=jobs, git=Git(timeout), progress=progress)
        console = make_console()
        for result in shown(results):
            head, label, tail = line_parts(result)
            style = "green" if result.outcome.ok else "red"
            console.print(Text.assemble(head, (label, style), tail), soft_wrap=True)
        console.print(Text(summary(results)), soft_wrap=True)
        if not all(result.outcome.ok for result in results):
            raise typer.Exit(int(ExitCode.DATA))


def _load(path: Path) -> Manifest:
    """The manifest, or its problems on stderr and exit 2."""
    from amanat_cli.cli.commands._common import format_problem
    from amanat_cli.read.manifest import load_manifest

    if not path.is_file():
        if path.exists():
            raise UserError(_("{path}: not a regular file").format(path=path))
        message = _("{path}: no such file; name the branches manifest, e.g. amanat sync {example}")
        raise UserError(message.format(path=path, example="national/branches.yaml"))
    loaded, problems = load_manifest(path)
    if loaded is None:
        for problem in problems:
            sys.stderr.write(format_problem(problem) + "\n")
        message = ngettext(
            "the manifest has {n} error; nothing was synced",
            "the manifest has {n} errors; nothing was synced",
            len(problems),
        )
        raise UserError(message.format(n=len(problems)))
    return loaded


class _ProgressBar:
    """A bar on stderr while the branches sync, on a terminal only; wiped when done."""

    def __init__(self, console: Console, total: int) -> None:
        self.console = console
        self.total = total
        self.bar: rich.progress.Progress | None = None

    def __enter__(self) -> Progress | None:
        if not self.console.is_terminal:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[last]}"),  # the branch that just finished
            console=self.console,
            transient=True,
        )
        task = bar.add_task(_("syncing branches"), total=self.total, last="")
        bar.start()
        self.bar = bar
        return lambda result, done, _total: bar.update(task, completed=done, last=result.branch.id)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
