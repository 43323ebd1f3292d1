"""`amanat undo`: restore the version before the last `amanat` write."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from amanat_cli.cli.completion import complete_roadmap_file
from amanat_cli.cli.exits import ExitCode, UserError
from amanat_cli.cli.options import (
    DryRunOption,
    RoadmapOption,
)
from amanat_cli.i18n import _, ngettext
from amanat_cli.read.scope import choose_paths


def _target(path: Path | None, roadmap: list[Path] | None) -> Path:
    """The file to undo: PATH, else the single roadmap in scope (several -> ask, exit 2)."""
    files = choose_paths([path] if path else None, roadmap)
    if len(files) > 1:
        raise UserError(
            _("several roadmaps in scope; name the one to undo: {paths}").format(
                paths=", ".join(str(f) for f in files)
            ),
            ExitCode.USAGE,
        )
    return files[0]


def register(app: typer.Typer) -> None:
    @app.command()
    def undo(
        path: Annotated[
            Path | None,
            typer.Argument(
                metavar="[PATH]", autocompletion=complete_roadmap_file, show_default=False
            ),
        ] = None,
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
    ) -> None:
        """Restore the version before the last amanat write, if the file is still exactly
        what that write produced; run it again to go further back.

        Example: amanat undo roadmaps/almaty.yaml
        """
        from amanat_cli.write import safewrite

        target = _target(path, roadmap)
        if dry_run:
            from amanat_cli.write.edit import unified_diff

            sys.stdout.write(unified_diff(*safewrite.undo_preview(target), str(target)))
            return
        undone = safewrite.undo_last_write(target)
        message = ngettext(
            "restored {path} to the version before the last amanat write "
            "({n} earlier write can still be undone)",
            "restored {path} to the version before the last amanat write "
            "({n} earlier writes can still be undone)",
            undone.remaining,
        )
        sys.stdout.write(message.format(path=undone.path, n=undone.remaining) + "\n")
