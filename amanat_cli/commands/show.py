"""`amanat show ID`: one section, pledge, indicator or member in full."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from amanat_cli.commands._common import as_of_for, load_scope
from amanat_cli.completion import complete_id
from amanat_cli.i18n import _
from amanat_cli.options import AsOfOption, ColorOption, LangOption, RoadmapOption
from amanat_cli.render import DetailFormat

IdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help=_("A section, pledge, indicator or member id (BRANCH:ID when ambiguous)."),
        autocompletion=complete_id,
        show_default=False,
    ),
]
FormatOption = Annotated[
    DetailFormat, typer.Option("--format", help=_("Output: text or one JSON object."))
]


def register(app: typer.Typer) -> None:
    """Add `amanat show` to the application."""

    @app.command(
        help=_(
            "One section, pledge, indicator or member in full: fields, owner, measurements "
            "with sources, feedback and the computed figures.\n\n"
            "Example: amanat show health-polyclinics"
        )
    )
    def show(
        item_id: IdArgument,
        roadmap: RoadmapOption = None,
        output_format: FormatOption = DetailFormat.TEXT,
        as_of: AsOfOption = None,
        color: ColorOption = "auto",
        lang: LangOption = None,
    ) -> None:
        """One section, pledge, indicator or member in full.

        Example: amanat show health-polyclinics
        """
        from amanat_cli.progress import compute
        from amanat_cli.render.detail import show_json, show_text
        from amanat_cli.scope import find, item_kind

        scope = load_scope(roadmap)
        found = find(scope.roadmaps, item_id)
        figures = compute(found.roadmap, as_of_for(found.roadmap, as_of))
        if output_format == DetailFormat.JSON:
            sys.stdout.write(show_json(item_kind(found.item), found.item, figures))
        else:
            sys.stdout.write(show_text(found.item, figures))
        sys.stdout.flush()
