"""`amanat members`: the roster by body, with each member's load."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from amanat_cli.cli.commands._common import as_of_for, load_scope
from amanat_cli.cli.commands.status import FormatOption
from amanat_cli.cli.completion import complete_body
from amanat_cli.cli.options import AsOfOption, PathsArgument, RawOption, RoadmapOption
from amanat_cli.i18n import _
from amanat_cli.render.formats import OutputFormat, resolve_format

BodyOption = Annotated[
    str | None,
    typer.Option(
        "--body",
        metavar="BODY",
        help=_("Only this body: bureau, political_council, faction."),
        autocompletion=complete_body,
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    """Add `amanat members` to the application."""

    @app.command(
        help=_(
            "The roster by body (a member in two bodies is listed in both), with each "
            "member's load: sections and indicators owned, how many are red, amber, overdue.\n\n"
            "Example: amanat members --body bureau"
        )
    )
    def members(
        paths: PathsArgument = None,
        roadmap: RoadmapOption = None,
        body: BodyOption = None,
        output_format: FormatOption = None,
        raw: RawOption = False,
        as_of: AsOfOption = None,
    ) -> None:
        """The roster by body, with each member's load.

        Example: amanat members --body bureau
        """
        from amanat_cli.cli.inputs import parse_body
        from amanat_cli.compute.progress import compute
        from amanat_cli.compute.report import members_by_body

        scope = load_scope(roadmap, paths)
        figures = [compute(r, as_of_for(r, as_of)) for r in scope.roadmaps]
        roster = members_by_body(figures, parse_body(body) if body is not None else None)
        output_format = resolve_format(output_format, sys.stdout.isatty())
        if output_format == OutputFormat.TABLE:
            from amanat_cli.cli.terminal import make_console
            from amanat_cli.render.roster import print_roster

            print_roster(make_console(), roster)
        else:
            from amanat_cli.render.roster import roster_text

            sys.stdout.write(roster_text(roster, output_format, raw))
        sys.stdout.flush()
