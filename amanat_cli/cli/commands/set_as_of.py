"""`amanat set-as-of`: move the date the reports are computed for."""

from __future__ import annotations

from typing import Annotated

import typer

from amanat_cli.cli.commands._write import run_write_to_one
from amanat_cli.cli.inputs import parse_date_option
from amanat_cli.cli.options import DryRunOption, RoadmapOption


def register(app: typer.Typer) -> None:
    @app.command("set-as-of")
    def set_as_of(
        day: Annotated[str, typer.Argument(metavar="DATE", show_default=False)],
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
    ) -> None:
        """Move the branch's as_of, the date every report is computed for.

        DATE is YYYY-MM-DD or DD.MM.YYYY; measurements and feedback up to it count.

        Example: amanat set-as-of 30.09.2025
        """
        from amanat_cli.write.changes import plan_set_as_of

        planner = plan_set_as_of(parse_date_option(day, "DATE"))
        run_write_to_one(roadmap, planner, dry_run=dry_run)
