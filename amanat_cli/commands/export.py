"""`amanat export`: the meeting pack as md, html, csv, json or xlsx."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from amanat_cli.commands._common import as_of_for, load_scope
from amanat_cli.errors import ExitCode, UserError
from amanat_cli.i18n import _
from amanat_cli.options import AsOfOption, ColorOption, LangOption, PathsArgument, RoadmapOption

if TYPE_CHECKING:
    from amanat_cli.model import Roadmap
    from amanat_cli.pack import MeetingPack

FORMATS = ("md", "html", "csv", "json", "xlsx")
SUFFIXES = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".json": "json",
    ".xlsx": "xlsx",
}


def choose_format(asked: str | None, output: Path | None) -> str:
    """--format, else the -o extension, else md; an unknown one is a usage error."""
    if asked is not None:
        if asked not in FORMATS:
            raise UserError(
                _("unknown format '{format}'; choose from: {choices}").format(
                    format=asked, choices=", ".join(FORMATS)
                )
            )
        return asked
    if output is not None:
        return SUFFIXES.get(output.suffix.lower(), "md")
    return "md"


def render_pack(pack: MeetingPack, format: str) -> str | bytes:
    """The pack in one format (each exporter is imported only when asked for)."""
    import importlib

    module = importlib.import_module(f"amanat_cli.render.export_{format}")
    rendered: str | bytes = getattr(module, f"render_{format}")(pack)
    return rendered


def _previous(roadmap: Roadmap, since: str) -> tuple[Roadmap, str]:
    """The roadmap at `git:REV`; its errors stop the export (exit 1)."""
    from amanat_cli.commands._common import format_problem
    from amanat_cli.gitrev import load_revision
    from amanat_cli.scope import errors_in

    previous, problems, label = load_revision(Path(roadmap.path), since)
    errors = errors_in(problems)
    if previous is None or errors:
        sys.stderr.writelines(format_problem(p) + "\n" for p in errors[:20])
        raise UserError(
            _("{label} has errors; cannot count changes from it").format(label=label), ExitCode.DATA
        )
    return previous, since[len("git:") :]


def _write(rendered: str | bytes, output: Path | None) -> None:
    """To FILE atomically, or to standard output as bytes (a csv keeps its BOM)."""
    from amanat_cli.safewrite import atomic_write

    data = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    if output is not None:
        atomic_write(output, data)
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def register(app: typer.Typer) -> None:
    """Add `amanat export` to the application."""

    @app.command(
        help=_(
            "Write the meeting pack: headline figures, exceptions, ownership gaps, "
            "changes, load by member, every pledge.\n\n"
            'Example: amanat export -o pack.xlsx --meeting "Bureau, 2025-07-02"'
        )
    )
    def export(
        paths: PathsArgument = None,
        roadmap: RoadmapOption = None,
        format: Annotated[
            str | None,
            typer.Option(
                "--format",
                metavar="md|html|csv|json|xlsx",
                help=_("Output format. Default: from the -o extension, else md."),
                show_default=False,
            ),
        ] = None,
        output: Annotated[
            Path | None,
            typer.Option(
                "-o",
                "--output",
                metavar="FILE",
                help=_("Write to FILE (atomically). Default: standard output."),
                show_default=False,
            ),
        ] = None,
        body: Annotated[
            str | None,
            typer.Option(
                "--body",
                metavar="bureau|political_council",
                help=_("Focus: sensitive sections (bureau) or indicators (political_council)."),
                show_default=False,
            ),
        ] = None,
        member: Annotated[
            str | None,
            typer.Option(
                "--member",
                metavar="ID",
                help=_("A personal brief of what this member owns."),
                show_default=False,
            ),
        ] = None,
        since: Annotated[
            str | None,
            typer.Option(
                "--since",
                metavar="DATE|git:REV",
                help=_(
                    "Changes since this date (default: 30 days before as-of), or since a git "
                    "revision of the file."
                ),
                show_default=False,
            ),
        ] = None,
        meeting: Annotated[
            str | None,
            typer.Option(
                "--meeting",
                metavar="TEXT",
                help=_('The meeting the pack is for, e.g. "Bureau, 2025-07-02".'),
                show_default=False,
            ),
        ] = None,
        as_of: AsOfOption = None,
        color: ColorOption = "auto",
        lang: LangOption = None,
    ) -> None:
        """Write the meeting pack."""
        from amanat_cli.pack import build_pack
        from amanat_cli.scope import parse_date_option

        fmt = choose_format(format, output)
        if fmt == "xlsx" and output is None:
            raise UserError(_("xlsx needs -o FILE"))
        scope = load_scope(roadmap, paths)
        if len(scope.roadmaps) != 1:
            raise UserError(
                _(
                    "export makes a pack for one branch; {n} roadmaps are in scope: name one file"
                ).format(n=len(scope.roadmaps))
            )
        chosen = scope.roadmaps[0]
        day = as_of_for(chosen, as_of)
        previous, revision = (
            _previous(chosen, since) if since and since.startswith("git:") else (None, None)
        )
        start = parse_date_option(since, "--since") if since and previous is None else None
        pack = build_pack(
            chosen,
            day,
            meeting=meeting,
            body=body,
            member=member,
            since=start,
            previous=previous,
            since_revision=revision,
        )
        _write(render_pack(pack, fmt), output)
