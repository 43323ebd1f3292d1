"""`amanat undo`: restore the version before the last `amanat` write."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from amanat_cli.cli.completion import complete_roadmap_file
from amanat_cli.cli.exits import ExitCode, UserError
from amanat_cli.cli.options import (
    DryRunOption,
    RoadmapOption,
)
from amanat_cli.i18n import _, ngettext
from amanat_cli.read.scope import choose_paths
from amanat_cli.render.printable import visible, visible_lines

if TYPE_CHECKING:
    from amanat_cli.write.journal import Entry


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


def _described(entry: Entry) -> str:
    """What a write changed, in the model's terms and the user's language, on one line."""
    from amanat_cli.render.diff import describe_change

    return visible("; ".join(describe_change(change) for change in entry.changes))


def _listing(path: Path) -> str:
    """The writes of `path` undo can take back, newest first, with when and what."""
    from amanat_cli.errors import NotFound
    from amanat_cli.write import safewrite

    snapshot = safewrite.read_snapshot(path)
    try:  # a damaged journal, a file edited by hand: refused as undo refuses them
        entries = safewrite.undoable(path, snapshot).entries
    except NotFound as nothing:
        return visible(nothing.message) + "\n"  # nothing to undo: an empty list
    heading = ngettext(
        "{n} write of {path} can be undone, newest first:",
        "{n} writes of {path} can be undone, newest first:",
        len(entries),
    ).format(n=len(entries), path=path)
    lines = [visible(heading)]
    for number, entry in enumerate(reversed(entries), start=1):
        when = entry.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        lines.append(f"{number:>3}. {when}  {_described(entry)}")
    return "\n".join(lines) + "\n"


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
        list_writes: Annotated[
            bool,
            typer.Option(
                "--list",
                help=_("Show the writes undo can still take back, newest first; change nothing."),
            ),
        ] = False,
        dry_run: DryRunOption = False,
    ) -> None:
        """Restore the version before the last amanat write, if the file is still exactly
        what that write produced, and say what it took back; run it again to go
        further back, or see with --list what can be.

        Example: amanat undo roadmaps/almaty.yaml
        """
        from amanat_cli.write import safewrite

        target = _target(path, roadmap)
        if list_writes:
            sys.stdout.write(_listing(target))
            return
        if dry_run:
            from amanat_cli.write.edit import unified_diff

            diff = unified_diff(*safewrite.undo_preview(target), str(target))
            sys.stdout.write(visible_lines(diff))
            return
        undone = safewrite.undo_last_write(target)
        if undone.entry.changes:
            sys.stdout.write(_("undid: {changes}").format(changes=_described(undone.entry)) + "\n")
        message = ngettext(
            "restored {path} to the version before the last amanat write "
            "({n} earlier write can still be undone)",
            "restored {path} to the version before the last amanat write "
            "({n} earlier writes can still be undone)",
            undone.remaining,
        )
        sys.stdout.write(visible(message.format(path=undone.path, n=undone.remaining)) + "\n")
