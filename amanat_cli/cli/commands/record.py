"""`amanat record`: add a measurement to an indicator."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer

from amanat_cli.cli.app import today
from amanat_cli.cli.commands._write import run_writes
from amanat_cli.cli.completion import complete_indicator_id
from amanat_cli.cli.exits import UserError
from amanat_cli.cli.inputs import free_text, parse_date_option, parse_value
from amanat_cli.cli.options import DryRunOption, RoadmapOption
from amanat_cli.cli.toolkit import NegativeNumbersAreValues
from amanat_cli.i18n import _
from amanat_cli.model import Measurement


def register(app: typer.Typer) -> None:
    @app.command(cls=NegativeNumbersAreValues)
    def record(
        indicator: Annotated[
            str,
            typer.Argument(
                metavar="INDICATOR", autocompletion=complete_indicator_id, show_default=False
            ),
        ],
        value: Annotated[str, typer.Argument(metavar="VALUE", show_default=False)],
        on: Annotated[
            str | None,
            typer.Option("--date", metavar="DATE", help=_("Date of the figure. Default: today.")),
        ] = None,
        source: Annotated[
            str | None, typer.Option("--source", help=_("Who reported the figure (evidence)."))
        ] = None,
        note: Annotated[str | None, typer.Option("--note", help=_("A remark."))] = None,
        force: Annotated[
            bool,
            typer.Option("--force", help=_("Record it even beside a figure of the same date.")),
        ] = False,
        replacing: Annotated[
            bool,
            typer.Option(
                "--replace",
                help=_("Replace the figure of that date (its source and note too, when given)."),
            ),
        ] = False,
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
    ) -> None:
        """Add a measurement to an indicator (decimal comma accepted: 12,5; a negative value: -5).

        Example: amanat record health-polyclinics-opened 3 --date 2025-06-30 --source "Управление здравоохранения"
        """
        from amanat_cli.write import changes

        if force and replacing:
            raise UserError(_("--force keeps both figures, --replace one: choose one of them"))
        day = parse_date_option(on, "--date") if on else today()
        figure = parse_value(value)
        texts = free_text(source, "--source"), free_text(note, "--note")
        measurement = Measurement(day, figure, *texts)
        planner = partial(
            changes.plan_record, measurement=measurement, force=force, replacing=replacing
        )
        run_writes(roadmap, [indicator], lambda refs: planner(refs[0]), dry_run=dry_run)
