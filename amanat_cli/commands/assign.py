"""`amanat assign` and `amanat unassign`: owners of sections and indicators."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Annotated

import typer

from amanat_cli.commands._write import Plan, Planner, files_of, member_label, write_change
from amanat_cli.edit import RemoveKey, SetKey, item_path, update_item
from amanat_cli.errors import ExitCode, UserError
from amanat_cli.i18n import _
from amanat_cli.model import Body, Indicator, Item, Member, Roadmap, Section
from amanat_cli.options import AsOfOption, ColorOption, DryRunOption, LangOption, RoadmapOption
from amanat_cli.scope import find
from amanat_cli.yamltree import YNode

ELIGIBLE_SHOWN = 8
"""How many eligible members a refusal names."""


def owned_item(roadmap: Roadmap, ref: str) -> Section | Indicator:
    """The section or indicator `ref`; a pledge or member is a usage error (exit 2)."""
    item = find([roadmap], ref, members=False).item
    if not isinstance(item, Section | Indicator):
        raise UserError(
            _("'{ref}' is a pledge; only sections and indicators have owners").format(ref=ref),
            ExitCode.USAGE,
        )
    return item


def eligible_members(roadmap: Roadmap, item: Section | Indicator) -> list[Member]:
    """The members the ownership rules allow for this item (ROADMAP.md)."""
    if isinstance(item, Indicator):
        bodies: tuple[Body, ...] = (Body.POLITICAL_COUNCIL,)
    elif item.sensitive:
        bodies = (Body.BUREAU,)
    else:
        bodies = (Body.BUREAU, Body.POLITICAL_COUNCIL)
    return [m for m in roadmap.members if any(m.sits_in(body) for body in bodies)]


def _refusal(item: Section | Indicator, member: Member, eligible: list[Member]) -> UserError:
    if isinstance(item, Indicator):
        rule = _("an indicator's owner must be in the Political Council")
    elif item.sensitive:
        rule = _("a sensitive section's owner must be in the Bureau")
    else:
        rule = _("a section's owner must be in the Bureau or the Political Council")
    names = ", ".join(member_label(m) for m in eligible[:ELIGIBLE_SHOWN])
    names += ", …" if len(eligible) > ELIGIBLE_SHOWN else ""
    message = _("cannot assign {id} to {member}: {rule}").format(
        id=item.id, member=member_label(member), rule=rule
    )
    hint = _("eligible: {names}").format(names=names) if eligible else _("nobody is eligible")
    return UserError(message + "; " + hint, ExitCode.DATA)


def plan_assign(refs: Sequence[str], member_ref: str) -> Planner:
    """Set the owner of each item to the member, after checking the ownership rules."""

    def plan(roadmap: Roadmap, tree: YNode) -> Plan | str:
        found = find([roadmap], member_ref, items=False)
        assert isinstance(found.item, Member)
        member = found.item
        items = [owned_item(roadmap, ref) for ref in refs]
        for item in items:
            if member not in eligible_members(roadmap, item):
                raise _refusal(item, member, eligible_members(roadmap, item))
        todo = list({i.id: i for i in items if i.owner != member.id}.values())
        if not todo:
            ids = ", ".join(i.id for i in items)
            return _("{ids} already owned by {member}; nothing written").format(
                ids=ids, member=member_label(member)
            )
        intended = roadmap
        for item in todo:
            intended = update_item(intended, item.id, _with_owner(member.id))
        summary = _("assigned {ids} to {member} in {path}").format(
            ids=", ".join(i.id for i in todo), member=member_label(member), path=roadmap.path
        )
        edits = [SetKey(item_path(tree, i.id), "owner", member.id) for i in todo]
        return Plan(list(edits), intended, summary)

    return plan


def _with_owner(owner: str | None) -> Callable[[Item], Item]:
    def change(item: Item) -> Item:
        assert isinstance(item, Section | Indicator)
        return replace(item, owner=owner)

    return change


def plan_unassign(refs: Sequence[str]) -> Planner:
    """Remove the owner key of each item that has one."""

    def plan(roadmap: Roadmap, tree: YNode) -> Plan | str:
        items = [owned_item(roadmap, ref) for ref in refs]
        todo = list({i.id: i for i in items if i.owner is not None}.values())
        if not todo:
            return _("{ids}: no owner; nothing written").format(ids=", ".join(i.id for i in items))
        intended = roadmap
        for item in todo:
            intended = update_item(intended, item.id, _with_owner(None))
        summary = _("removed the owner of {ids} in {path}").format(
            ids=", ".join(f"{i.id} ({i.owner})" for i in todo), path=roadmap.path
        )
        return Plan([RemoveKey(item_path(tree, i.id), "owner") for i in todo], intended, summary)

    return plan


def register(app: typer.Typer) -> None:
    @app.command()
    def assign(
        ids: Annotated[list[str], typer.Argument(metavar="ID... [MEMBER]", show_default=False)],
        to: Annotated[
            str | None, typer.Option("--to", metavar="MEMBER", help=_("The new owner."))
        ] = None,
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
        as_of: AsOfOption = None,
        color: ColorOption = "auto",
        lang: LangOption = None,
    ) -> None:
        """Set the owner of sections or indicators; the ownership rules are enforced.

        Example: amanat assign health kaliyev-a   (or: amanat assign roads parks --to nurlanova-g)
        """
        if to is None and len(ids) < 2:
            raise UserError(_("name the member: amanat assign ID MEMBER, or --to MEMBER"))
        refs, member = (ids, to) if to is not None else (ids[:-1], ids[-1])
        for path, group in files_of(roadmap, refs, members=False).items():
            write_change(path, plan_assign(group, member), dry_run=dry_run)

    @app.command()
    def unassign(
        ids: Annotated[list[str], typer.Argument(metavar="ID...", show_default=False)],
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
        as_of: AsOfOption = None,
        color: ColorOption = "auto",
        lang: LangOption = None,
    ) -> None:
        """Remove the owner of sections or indicators.

        Example: amanat unassign health
        """
        for path, group in files_of(roadmap, ids, members=False).items():
            write_change(path, plan_unassign(group), dry_run=dry_run)
