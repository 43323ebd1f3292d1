"""`amanat set-status`: change a pledge's declared status."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer

from amanat_cli.cli.commands._write import run_writes
from amanat_cli.cli.completion import complete_pledge_id, complete_status
from amanat_cli.cli.inputs import parse_choice, parse_date_option
from amanat_cli.cli.options import AsOfOption, DryRunOption, RoadmapOption
from amanat_cli.i18n import _
from amanat_cli.model import Status


def register(app: typer.Typer) -> None:
    @app.command("set-status")
    def set_status(
        pledge: Annotated[
            str,
            typer.Argument(metavar="PLEDGE", autocompletion=complete_pledge_id, show_default=False),
        ],
        status: Annotated[
            str,
            typer.Argument(
                metavar="planned|in_progress|done|cancelled",
                autocompletion=complete_status,
                show_default=False,
            ),
        ],
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
        as_of: AsOfOption = None,
    ) -> None:
        """Change a pledge's status; warns when `done` is not borne out by its indicators.

        Example: amanat set-status health-polyclinics done
        """
        from amanat_cli.write import changes

        chosen = parse_choice(Status, status, _("status"))
        day = parse_date_option(as_of, "--as-of") if as_of else None
        planner = partial(changes.plan_status, status=chosen, as_of=day)
        run_writes(roadmap, [pledge], lambda refs: planner(refs[0]), dry_run=dry_run)
