"""`amanat assign` and `amanat unassign`: owners of sections and indicators."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from amanat_cli.cli.commands._write import run_writes
from amanat_cli.cli.completion import (
    complete_ids_then_member,
    complete_member_id,
    complete_owned_id,
)
from amanat_cli.cli.exits import UserError
from amanat_cli.cli.options import DryRunOption, RoadmapOption
from amanat_cli.i18n import _


def register(app: typer.Typer) -> None:
    @app.command()
    def assign(
        ids: Annotated[
            list[str] | None,
            typer.Argument(
                metavar="ID... [MEMBER]",
                autocompletion=complete_ids_then_member,
                show_default=False,
            ),
        ] = None,
        to: Annotated[
            str | None,
            typer.Option(
                "--to",
                metavar="MEMBER",
                help=_("The new owner (an id, a surname or the start of the name)."),
                autocompletion=complete_member_id,
            ),
        ] = None,
        old: Annotated[
            str | None,
            typer.Option(
                "--from",
                metavar="MEMBER",
                help=_(
                    "Hand over everything this member owns that the rules let the new owner hold."
                ),
                autocompletion=complete_member_id,
                show_default=False,
            ),
        ] = None,
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
    ) -> None:
        """Set the owner of sections or indicators; the ownership rules are enforced.

        With --from OLD --to NEW: everything OLD owns that NEW may hold, in one write.

        Example: amanat assign water-treatment-readiness access-sound-signals --to kaliyev-a
        """
        from amanat_cli.write import changes

        ids = ids or []
        if old is not None:
            _hand_over(roadmap, old, to, ids, dry_run)
            return
        if to is None and len(ids) < 2:
            raise UserError(_("name the member: amanat assign ID MEMBER, or --to MEMBER"))
        refs, member = (ids, to) if to is not None else (ids[:-1], ids[-1])
        planner = partial(changes.plan_assign, member_ref=member)
        run_writes(roadmap, refs, planner, dry_run=dry_run, also=[member])

    @app.command()
    def unassign(
        ids: Annotated[
            list[str],
            typer.Argument(metavar="ID...", autocompletion=complete_owned_id, show_default=False),
        ],
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
    ) -> None:
        """Remove the owner of sections or indicators.

        Example: amanat unassign health
        """
        from amanat_cli.write import changes

        run_writes(roadmap, ids, changes.plan_unassign, dry_run=dry_run)


def _hand_over(
    roadmap: list[Path] | None, old: str, to: str | None, ids: list[str], dry_run: bool
) -> None:
    """`assign --from OLD --to NEW` (or `--from OLD NEW`): one write per file holding OLD."""
    from amanat_cli.write.roster import plan_hand_over

    new = to if to is not None else (ids[0] if len(ids) == 1 else None)
    if new is None or (to is not None and ids):
        raise UserError(
            _("--from moves everything a member owns: amanat assign --from OLD --to NEW")
        )
    planner = plan_hand_over(old, new)
    run_writes(roadmap, [old], lambda refs: planner, dry_run=dry_run, also=[new], members=True)
