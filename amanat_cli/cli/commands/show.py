"""`amanat show ID`: one section, pledge, indicator or member in full."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from amanat_cli.cli.commands._common import as_of_for, load_scope
from amanat_cli.cli.completion import complete_id
from amanat_cli.cli.options import AsOfOption, RoadmapOption
from amanat_cli.errors import AmanatError
from amanat_cli.i18n import _
from amanat_cli.render.formats import DetailFormat

IdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help=_(
            "A section, pledge, indicator or member id (BRANCH:ID when ambiguous), or a branch id."
        ),
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
            "One section, pledge, indicator, member or branch in full: fields, owners, "
            "measurements with sources, feedback and the computed figures.\n\n"
            "Example: amanat show health-polyclinics"
        )
    )
    def show(
        item_id: IdArgument,
        roadmap: RoadmapOption = None,
        output_format: FormatOption = DetailFormat.TEXT,
        as_of: AsOfOption = None,
    ) -> None:
        """One section, pledge, indicator, member or branch in full.

        Example: amanat show health-polyclinics
        """
        from amanat_cli.compute.progress import compute
        from amanat_cli.read.scope import find, item_kind
        from amanat_cli.render.detail import show_json, show_text

        scope = load_scope(roadmap)
        branches = {r.branch.id: r for r in scope.roadmaps}
        item: object
        try:
            found = find(scope.roadmaps, item_id)
            target, item, kind = found.roadmap, found.item, item_kind(found.item)
        except AmanatError:
            if item_id not in branches:
                raise
            target = branches[item_id]  # an item or member id wins over a branch id
            item, kind = target.branch, "branch"
        figures = compute(target, as_of_for(target, as_of))
        if output_format == DetailFormat.JSON:
            sys.stdout.write(show_json(kind, item, figures))
        else:
            sys.stdout.write(show_text(item, figures))
        sys.stdout.flush()
