"""`amanat diff OLD [NEW]`: what changed between two versions of a roadmap, in the model's terms."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from amanat_cli.cli.completion import complete_format
from amanat_cli.cli.exits import ExitCode, UserError
from amanat_cli.cli.options import RoadmapOption
from amanat_cli.i18n import _, ngettext

if TYPE_CHECKING:
    from amanat_cli.model import Roadmap


DIFF_FORMATS = ("text", "json")


def _current_file(roadmap_paths: list[Path] | None) -> Path:
    """NEW by default: the one roadmap file in scope (-r, $AMANAT_ROADMAPS, ./roadmaps/)."""
    from amanat_cli.cli.terminal import note_bundled_sample
    from amanat_cli.read.scope import choose_paths

    files = choose_paths(roadmap_paths)
    note_bundled_sample(files)
    if len(files) != 1:
        raise UserError(
            _("{n} roadmap files are in scope; name the file to compare").format(n=len(files))
        )
    return files[0]


def _load_version(spec: str, current: Path | None) -> Roadmap:
    """A file path, or `git:REV` of the current file; invalid → its problems, exit 1."""
    from amanat_cli.check.rules import check
    from amanat_cli.cli.commands._common import format_problem
    from amanat_cli.read.gitrev import is_revision, load_revision
    from amanat_cli.read.scope import errors_in, expand_paths
    from amanat_cli.read.store import load_file

    if is_revision(spec):
        assert current is not None
        roadmap, problems, label = load_revision(current, spec)
    else:
        path = expand_paths([Path(spec)])[0]
        (roadmap, problems), label = load_file(path), str(path)
    if roadmap is not None:
        from amanat_cli.cli.app import today

        problems = [*problems, *check([roadmap], today=today())]
    errors = errors_in(problems)
    if roadmap is None or errors:
        sys.stderr.writelines(format_problem(p) + "\n" for p in errors[:20])
        raise UserError(
            _("{label} has errors; fix them to compare").format(label=label), ExitCode.DATA
        )
    return roadmap


def register(app: typer.Typer) -> None:
    """Add `amanat diff` to the application."""

    @app.command(
        help=_(
            "Show what changed between two versions of a roadmap: owners, statuses, "
            "measurements, feedback, items, members, and the pledges whose rag moved.\n\n"
            "Example: amanat diff git:HEAD~1"
        )
    )
    def diff(
        old: Annotated[str, typer.Argument(metavar="OLD", help=_("A file, or git:REV of NEW."))],
        new: Annotated[
            str | None,
            typer.Argument(
                metavar="[NEW]",
                show_default=False,
                help=_("A file, or git:REV. Default: the roadmap file in scope."),
            ),
        ] = None,
        format: Annotated[
            str,
            typer.Option(
                "--format",
                metavar="text|json",
                help=_("Output format."),
                autocompletion=complete_format(DIFF_FORMATS),
            ),
        ] = "text",
        roadmap: RoadmapOption = None,
    ) -> None:
        """Show what changed between two versions of a roadmap."""
        from amanat_cli.cli.app import today
        from amanat_cli.compute.modeldiff import diff_roadmaps
        from amanat_cli.compute.pack import rag_moves
        from amanat_cli.compute.progress import compute
        from amanat_cli.read.gitrev import is_revision
        from amanat_cli.render.diff import change_json, describe_change
        from amanat_cli.render.printable import visible

        if format not in DIFF_FORMATS:
            raise UserError(
                _("unknown format '{format}'; choose from: {choices}").format(
                    format=format, choices=", ".join(DIFF_FORMATS)
                )
            )
        plain_new = new is not None and not is_revision(new)
        current = Path(new) if plain_new and new else _current_file(roadmap)
        before = _load_version(old, current)
        after = _load_version(new or str(current), current)
        # Each version's figures on its own as_of: a rag moves with time as well as data.
        moves = rag_moves(
            compute(before, before.branch.as_of or today()),
            compute(after, after.branch.as_of or today()),
        )
        changes = [*diff_roadmaps(before, after), *moves]
        if format == "json":
            sys.stdout.write(
                json.dumps([change_json(c) for c in changes], ensure_ascii=False, indent=2) + "\n"
            )
            return
        sys.stdout.writelines(visible(describe_change(c)) + "\n" for c in changes)
        sys.stderr.write(
            ngettext("{n} change", "{n} changes", len(changes)).format(n=len(changes)) + "\n"
        )
