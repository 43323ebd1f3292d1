"""`amanat set-status`: change a pledge's declared status."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from typing import Annotated

import typer

from amanat_cli.commands._write import Plan, Planner, files_of, parse_choice, write_change
from amanat_cli.edit import SetKey, item_path, update_item
from amanat_cli.errors import ExitCode, UserError
from amanat_cli.i18n import _
from amanat_cli.model import Item, Pledge, Roadmap, Status
from amanat_cli.options import AsOfOption, ColorOption, DryRunOption, LangOption, RoadmapOption
from amanat_cli.scope import find, parse_date_option
from amanat_cli.terminal import warn
from amanat_cli.yamltree import YNode


def find_pledge(roadmap: Roadmap, ref: str) -> Pledge:
    """The pledge `ref`; a section or indicator is a usage error (exit 2)."""
    pledge = find([roadmap], ref, members=False).item
    if not isinstance(pledge, Pledge):
        raise UserError(_("'{ref}' is not a pledge").format(ref=ref), ExitCode.USAGE)
    return pledge


def plan_status(ref: str, status: Status, as_of: date | None) -> Planner:
    """Set `status:` (inserting it when absent); warn when done is not borne out by the figures."""

    def plan(roadmap: Roadmap, tree: YNode) -> Plan | str:
        from amanat_cli.progress import pledge_figures

        pledge = find_pledge(roadmap, ref)
        if pledge.status == status:
            return _("{id} is already {status}; nothing written").format(
                id=pledge.id, status=status
            )

        def change(item: Item) -> Item:
            assert isinstance(item, Pledge)
            return replace(item, status=status)

        day = as_of or roadmap.branch.as_of or date.today()
        figures = pledge_figures(change(pledge), day, roadmap.branch.settings)  # type: ignore[arg-type]
        if figures.unconfirmed:
            warn(
                _(
                    "{id} is marked done but its indicators show {percent}% on {as_of} "
                    "(unconfirmed); record the final values"
                ).format(id=pledge.id, percent=math.floor(figures.progress * 100), as_of=day)
            )
        summary = _("set {id} to {status} in {path}").format(
            id=pledge.id, status=status, path=roadmap.path
        )
        edit = SetKey(item_path(tree, pledge.id), "status", status.value)
        return Plan([edit], update_item(roadmap, pledge.id, change), summary)

    return plan


def register(app: typer.Typer) -> None:
    @app.command("set-status")
    def set_status(
        pledge: Annotated[str, typer.Argument(metavar="PLEDGE", show_default=False)],
        status: Annotated[
            str, typer.Argument(metavar="planned|in_progress|done|cancelled", show_default=False)
        ],
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
        as_of: AsOfOption = None,
        color: ColorOption = "auto",
        lang: LangOption = None,
    ) -> None:
        """Change a pledge's status; warns when `done` is not borne out by its indicators.

        Example: amanat set-status health-polyclinics done
        """
        chosen = parse_choice(Status, status, _("status"))
        day = parse_date_option(as_of, "--as-of") if as_of else None
        for path, _refs in files_of(roadmap, [pledge], members=False).items():
            write_change(path, plan_status(pledge, chosen, day), dry_run=dry_run)
