"""`amanat member add|edit|remove`: the roster, changed without editing the file by hand."""

from __future__ import annotations

from typing import Annotated

import typer

from amanat_cli.cli.commands._write import run_write_to_one, run_writes
from amanat_cli.cli.completion import complete_body, complete_language, complete_member_id
from amanat_cli.cli.exits import ExitCode, UserError
from amanat_cli.cli.inputs import free_text, parse_bodies, parse_contact
from amanat_cli.cli.options import DryRunOption, RoadmapOption
from amanat_cli.i18n import _

MemberArgument = Annotated[
    str,
    typer.Argument(
        metavar="MEMBER",
        help=_("A member id, a surname or the start of the name."),
        autocompletion=complete_member_id,
        show_default=False,
    ),
]
NameOption = Annotated[
    str | None, typer.Option("--name", help=_("Full name, surname first."), show_default=False)
]
BodiesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--body",
        metavar="BODY",
        help=_("A body the member sits in: bureau, political_council, faction (repeatable)."),
        autocompletion=complete_body,
        show_default=False,
    ),
]
PositionOption = Annotated[
    str | None, typer.Option("--position", help=_("Position, free text."), show_default=False)
]
EmailOption = Annotated[
    str | None, typer.Option("--email", help=_("E-mail address."), show_default=False)
]
PhoneOption = Annotated[
    str | None, typer.Option("--phone", help=_("Phone number."), show_default=False)
]
LanguageOption = Annotated[
    str | None,
    typer.Option(
        "--language",
        metavar="en|ru|kk",
        help=_("The language the member reads (lang: in the file; --lang is the interface's)."),
        autocompletion=complete_language,
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help=_(
            "Change the roster: add, edit or remove a member.\n\n"
            'Example: amanat member add ospanova-a --name "Оспанова Айгерим" --body bureau'
        )
    )
    app.add_typer(group, name="member")

    @group.callback()
    def member() -> None:
        """Change the roster: add, edit or remove a member.

        Example: amanat member add ospanova-a --name "Оспанова Айгерим" --body bureau
        """

    @group.command("add")
    def add(
        member_id: Annotated[str, typer.Argument(metavar="ID", show_default=False)],
        name: NameOption = None,
        body: BodiesOption = None,
        position: PositionOption = None,
        email: EmailOption = None,
        phone: PhoneOption = None,
        language: LanguageOption = None,
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
    ) -> None:
        """Add a member to the roadmap's roster.

        Example: amanat member add ospanova-a --name "Оспанова Айгерим" --body bureau --language kk
        """
        from amanat_cli.model import Member
        from amanat_cli.write.roster import plan_member_add

        full_name = free_text(name, "--name")
        if not full_name or not full_name.strip():
            raise UserError(_("--name: the name is empty"), ExitCode.USAGE)
        bodies = parse_bodies(body or [])
        if not bodies:
            raise UserError(_("--body: a member sits in at least one body"), ExitCode.USAGE)
        new = Member(
            member_id,
            full_name.strip(),
            bodies,
            free_text(position, "--position"),
            email=parse_contact(email, "--email") or None if email else None,
            phone=parse_contact(phone, "--phone") or None if phone else None,
            lang=parse_contact(language, "--language") or None if language else None,
        )
        run_write_to_one(roadmap, plan_member_add(new), dry_run=dry_run)

    @group.command("edit")
    def edit(
        member: MemberArgument,
        name: NameOption = None,
        body: BodiesOption = None,
        position: PositionOption = None,
        email: EmailOption = None,
        phone: PhoneOption = None,
        language: LanguageOption = None,
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
    ) -> None:
        """Change a member's name, bodies, position, e-mail, phone or language.

        An empty value ("") removes the field.  Refused when an owner would end up in
        the wrong body.

        Example: amanat member edit Темирханов --phone "+7 701 000 00 00" --language kk
        """
        from amanat_cli.write.roster import MemberFields, plan_member_edit

        given = (name, body, position, email, phone, language)
        if all(value is None for value in given):
            raise UserError(_("name what to change: --name, --body, --position, --email, "
                              "--phone or --language"), ExitCode.USAGE)  # fmt: skip
        if name is not None and not name.strip():
            raise UserError(_("--name: the name is empty"), ExitCode.USAGE)
        if body is not None and not parse_bodies(body):
            raise UserError(_("--body: a member sits in at least one body"), ExitCode.USAGE)
        changed = MemberFields(
            name=(free_text(name, "--name") or "").strip() or None,
            bodies=parse_bodies(body) if body is not None else None,
            position=_kept_or_removed(position, "--position"),
            email=parse_contact(email, "--email") if email is not None else None,
            phone=parse_contact(phone, "--phone") if phone is not None else None,
            lang=parse_contact(language, "--language") if language is not None else None,
        )
        planner = plan_member_edit(member, changed)
        run_writes(roadmap, [member], lambda refs: planner, dry_run=dry_run, members=True)

    @group.command("remove")
    def remove(
        member: MemberArgument,
        hand_to: Annotated[
            str | None,
            typer.Option(
                "--hand-to",
                metavar="MEMBER",
                help=_("Give everything the member owns to this member (all of it, or nothing)."),
                autocompletion=complete_member_id,
                show_default=False,
            ),
        ] = None,
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
    ) -> None:
        """Remove a member from the roster.

        One who still owns sections or indicators is refused, unless --hand-to names
        who takes them over.

        Example: amanat member remove temirkhanov-d --hand-to Садыкова
        """
        from amanat_cli.write.roster import plan_member_remove

        planner = plan_member_remove(member, hand_to)
        given = [hand_to] if hand_to else []
        run_writes(roadmap, [member], lambda refs: planner, dry_run=dry_run, also=given,
                   members=True)  # fmt: skip


def _kept_or_removed(value: str | None, option: str) -> str | None:
    """None (leave the field), "" (remove it), or the text as the loader reads it back."""
    if value is None or not value.strip():
        return None if value is None else ""
    return free_text(value, option)
