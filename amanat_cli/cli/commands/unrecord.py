"""`amanat unrecord`: take a measurement out of an indicator."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer

from amanat_cli.cli.commands._write import run_writes
from amanat_cli.cli.completion import complete_indicator_id
from amanat_cli.cli.inputs import parse_date_option, parse_value
from amanat_cli.cli.options import DryRunOption, RoadmapOption
from amanat_cli.i18n import _


def register(app: typer.Typer) -> None:
    @app.command()
    def unrecord(
        indicator: Annotated[
            str,
            typer.Argument(
                metavar="INDICATOR", autocompletion=complete_indicator_id, show_default=False
            ),
        ],
        on: Annotated[
            str,
            typer.Option(
                "--date",
                metavar="DATE",
                help=_("Date of the figure to remove."),
                show_default=False,
            ),
        ],
        value: Annotated[
            str | None,
            typer.Option(
                "--value",
                metavar="VALUE",
                help=_("Which figure, when the date has several."),
                show_default=False,
            ),
        ] = None,
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
    ) -> None:
        """Remove a measurement from an indicator (to correct one, use record --replace).

        Example: amanat unrecord health-polyclinics-opened --date 2025-06-30
        """
        from amanat_cli.write import changes

        day = parse_date_option(on, "--date")
        figure = parse_value(value, "--value") if value is not None else None
        planner = partial(changes.plan_unrecord, day=day, value=figure)
        run_writes(roadmap, [indicator], lambda refs: planner(refs[0]), dry_run=dry_run)
