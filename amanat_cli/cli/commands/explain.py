"""`amanat explain ID`: the inputs and the arithmetic behind an item's figures."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from amanat_cli.cli.commands._common import as_of_for, load_scope
from amanat_cli.cli.completion import complete_explainable_id
from amanat_cli.cli.options import AsOfOption, RoadmapOption
from amanat_cli.errors import AmanatError
from amanat_cli.i18n import _

IdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help=_("An indicator, pledge or section id, or a branch id for the whole branch."),
        autocompletion=complete_explainable_id,
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    """Add `amanat explain` to the application."""

    @app.command(
        help=_(
            "The inputs and the arithmetic behind an item's progress, expected and rag, "
            "with the numbers substituted so they can be checked by hand.\n\n"
            "Example: amanat explain health-polyclinics-opened"
        )
    )
    def explain(
        item_id: IdArgument,
        roadmap: RoadmapOption = None,
        as_of: AsOfOption = None,
    ) -> None:
        """The inputs and arithmetic behind an item's figures.

        Example: amanat explain health-polyclinics-opened
        """
        from amanat_cli.compute.progress import compute
        from amanat_cli.read.scope import find
        from amanat_cli.render.explain import explain_text

        scope = load_scope(roadmap)
        branch = next((r for r in scope.roadmaps if r.branch.id == item_id), None)
        try:
            found = find(scope.roadmaps, item_id, members=False)
            target, item = found.roadmap, found.item
        except AmanatError:
            if branch is None:
                raise
            target, item = branch, None  # the whole branch
        figures = compute(target, as_of_for(target, as_of))
        sys.stdout.write(explain_text(item, figures))
        sys.stdout.flush()
