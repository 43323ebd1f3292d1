"""`amanat members`: the roster by body with each member's load, in every format."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from amanat_cli.compute.report import MemberLoad
from amanat_cli.i18n import _
from amanat_cli.model import Body
from amanat_cli.render.formats import OutputFormat
from amanat_cli.render.labels import body_label
from amanat_cli.render.markdown import md_table
from amanat_cli.render.sheets import csv_text, tsv_text

if TYPE_CHECKING:
    from rich.console import Console

Roster = list[tuple[Body, list[MemberLoad]]]

COLUMNS = (
    "body",
    "branch",
    "member",
    "name",
    "position",
    "sections",
    "indicators",
    "red",
    "amber",
    "overdue",
)
"""Columns of the tsv/csv roster (stable names)."""


def _cells(body: Body, load: MemberLoad) -> list[str]:
    return [
        str(body),
        load.branch_id,
        load.member.id,
        load.member.name,
        load.member.position or "",
        " ".join(s.section.id for s in load.sections),
        " ".join(i.indicator.id for i in load.indicators),
        str(load.red),
        str(load.amber),
        str(load.overdue),
    ]


def roster_rows(roster: Roster) -> list[list[str]]:
    """One row per member per body (a member in two bodies has two rows)."""
    return [_cells(body, load) for body, loads in roster for load in loads]


def roster_json(roster: Roster) -> str:
    """`{"bodies": [{"id", "members": [...]}]}` with each member's load."""
    bodies = [
        {
            "id": str(body),
            "members": [
                {
                    "branch": load.branch_id,
                    "id": load.member.id,
                    "name": load.member.name,
                    "position": load.member.position,
                    "sections": [s.section.id for s in load.sections],
                    "indicators": [i.indicator.id for i in load.indicators],
                    "red": load.red,
                    "amber": load.amber,
                    "overdue": load.overdue,
                }
                for load in loads
            ],
        }
        for body, loads in roster
    ]
    return json.dumps({"bodies": bodies}, ensure_ascii=False, indent=2) + "\n"


def roster_md(roster: Roster) -> str:
    """A Markdown heading and table per body."""
    lines: list[str] = []
    header = [
        _("Member"),
        _("Position"),
        _("Sections"),
        _("Indicators"),
        _("Red"),
        _("Amber"),
        _("Overdue"),
    ]
    for body, loads in roster:
        lines += [f"## {body_label(body)}", ""]
        rows = [
            [f"{load.member.name} ({load.member.id})", *_cells(body, load)[4:]] for load in loads
        ]
        lines += [*md_table(header, rows, right=(4, 5, 6)), ""]
    return "\n".join(lines)


def roster_text(roster: Roster, output_format: OutputFormat, raw: bool = False) -> str:
    """The roster as tsv, csv (UTF-8 with BOM), json or md; see `sheets` for `raw`."""
    if output_format == OutputFormat.JSON:
        return roster_json(roster)
    if output_format == OutputFormat.MD:
        return roster_md(roster)
    if output_format == OutputFormat.CSV:
        return csv_text(COLUMNS, roster_rows(roster), raw=raw)
    return tsv_text(COLUMNS, roster_rows(roster), raw=raw)


def print_roster(console: Console, roster: Roster) -> None:
    """A Rich table per body."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    for body, loads in roster:
        table = Table(
            title=Text(f"{body_label(body)} ({len(loads)})", style="bold"),
            title_justify="left",
            box=box.ROUNDED,
            expand=True,
        )
        table.add_column(_("Member"), overflow="fold", ratio=3)
        table.add_column(_("Owns"), overflow="fold", ratio=3)
        table.add_column(_("Red"), justify="right", no_wrap=True)
        table.add_column(_("Amber"), justify="right", no_wrap=True)
        table.add_column(_("Overdue"), justify="right", no_wrap=True)
        for load in loads:
            who = Text(load.member.name)
            who.append(f"\n{load.member.id}", style="dim")
            if load.member.position:
                who.append(f"\n{load.member.position}", style="dim")
            owns = Text(
                "\n".join(
                    [
                        *(s.section.id for s in load.sections),
                        *(i.indicator.id for i in load.indicators),
                    ]
                )
            )
            table.add_row(
                who,
                owns,
                Text(str(load.red), style="bold red" if load.red else ""),
                Text(str(load.amber), style="yellow" if load.amber else ""),
                Text(str(load.overdue), style="red" if load.overdue else ""),
            )
        console.print(table)
