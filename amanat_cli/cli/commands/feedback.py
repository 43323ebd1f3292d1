"""`amanat feedback add|list|resolve`: what citizens say about each pledge."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Annotated

import typer

from amanat_cli.cli.commands._write import run_writes
from amanat_cli.cli.completion import complete_pledge_id
from amanat_cli.cli.inputs import free_text, parse_choice, parse_date_option
from amanat_cli.cli.options import (
    AsOfOption,
    ColorOption,
    DryRunOption,
    LangOption,
    RawOption,
    RoadmapOption,
)
from amanat_cli.errors import ExitCode, UserError
from amanat_cli.i18n import _
from amanat_cli.model import Feedback, Roadmap, Tone
from amanat_cli.read.scope import find
from amanat_cli.render.formats import OutputFormat, resolve_format
from amanat_cli.render.printable import visible_lines

if TYPE_CHECKING:
    from rich.table import Table


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    """One feedback entry as listed; `number` is what `feedback resolve` takes."""

    branch: str
    pledge: str
    number: int
    entry: Feedback

    def as_json(self) -> dict[str, object]:
        """Locale-independent fields for --format json."""
        e = self.entry
        return {
            "branch": self.branch, "pledge": self.pledge, "n": self.number,
            "date": e.date.isoformat(), "tone": e.tone.value, "channel": e.channel,
            "district": e.district, "resolved": e.resolved, "text": e.text,
        }  # fmt: skip


def feedback_rows(
    roadmaps: Sequence[Roadmap],
    *,
    pledge: str | None = None,
    tone: Tone | None = None,
    since: date | None = None,
    unresolved: bool = False,
) -> list[FeedbackRow]:
    """Feedback entries passing the filters, numbered by position in their pledge's list."""
    rows = []
    for roadmap in roadmaps:
        for item in roadmap.pledges():
            if pledge is not None and pledge not in (item.id, f"{roadmap.branch.id}:{item.id}"):
                continue
            for number, entry in enumerate(item.feedback, start=1):
                wanted = (tone is None or entry.tone == tone) and (
                    since is None or entry.date >= since
                )
                if wanted and not (unresolved and entry.resolved):
                    rows.append(FeedbackRow(roadmap.branch.id, item.id, number, entry))
    return rows


_HEADERS = ("pledge", "n", "date", "tone", "resolved", "district", "channel", "text")
"""Columns of the tsv/csv rows (stable names: scripts rely on them)."""


def _cells(row: FeedbackRow) -> list[str]:
    e = row.entry
    cells = [row.pledge, str(row.number), e.date.isoformat(), e.tone.value,
             "yes" if e.resolved else "no", e.district or "", e.channel or "", e.text]  # fmt: skip
    # The loader refuses control characters in text; a cell never sends one raw anyway.
    return [visible_lines(cell) for cell in cells]


def render_rows(
    rows: Sequence[FeedbackRow], output: OutputFormat, color: str, raw: bool = False
) -> str:
    """Rows as json, tsv (tabs and newlines in text become spaces), csv, md, or a table.

    `raw`: csv and tsv cells as they are, even those a spreadsheet would run (`render.sheets`).
    """
    from amanat_cli.render.sheets import csv_text, tsv_text

    if output == OutputFormat.JSON:
        return json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2) + "\n"
    if output == OutputFormat.CSV:
        return csv_text(_HEADERS, [_cells(r) for r in rows], raw=raw)
    if output == OutputFormat.MD:
        titles = (_("Pledge"), "N", _("Date"), _("Tone"), _("Resolved"), _("District"),
                  _("Channel"), _("Text"))  # fmt: skip
        lines = ["| " + " | ".join(titles) + " |", "|" + "---|" * len(titles)]
        for row in rows:
            cells = _cells(row)
            cells[4] = _("yes") if row.entry.resolved else _("no")
            lines.append(
                "| " + " | ".join(" ".join(c.replace("|", "\\|").split()) for c in cells) + " |"
            )
        return "\n".join(lines) + "\n"
    if output == OutputFormat.TSV:
        return tsv_text(_HEADERS, [_cells(r) for r in rows], raw=raw)
    from amanat_cli.cli.terminal import make_console

    console = make_console(color)
    with console.capture() as captured:
        console.print(_table(rows, console.width))
    return captured.get()


PLEDGE_MIN_WIDTH = 12
"""Narrower, a pledge id would break every few letters."""


def _table(rows: Sequence[FeedbackRow], width: int) -> Table:
    """N, date and tone whole; the pledge id folds past half the free width; text takes the rest.

    District and channel go under the text and "resolved" under the tone: seven
    columns do not fit 80 characters with any room left for what was said.
    """
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    cells = [_cells(row) for row in rows]

    def longest(index: int, title: str) -> int:
        return max([cell_len(title), *(cell_len(c[index]) for c in cells)])

    table = Table(highlight=False, expand=True)
    whole = [longest(i, title) for i, title in ((1, "N"), (2, _("Date")), (3, _("Tone")))]
    whole[2] = max(whole[2], cell_len(_("resolved")))  # said under the tone
    free = width - 6 - 2 * 5 - sum(whole)  # 6 rules and 5 paddings of 2 around the cells
    pledge_width = max(PLEDGE_MIN_WIDTH, min(longest(0, _("Pledge")), free // 2))
    table.add_column(_("Pledge"), overflow="fold", max_width=pledge_width)
    table.add_column("N", justify="right", no_wrap=True, min_width=whole[0])
    table.add_column(_("Date"), no_wrap=True, min_width=whole[1])
    table.add_column(_("Tone"), no_wrap=True, min_width=whole[2])
    table.add_column(_("Text"), ratio=1, overflow="fold")
    for row, cell in zip(rows, cells, strict=True):
        tone = Text(cell[3])
        if row.entry.resolved:
            tone.append("\n" + _("resolved"), style="green")
        text = Text(cell[7])
        where = " · ".join(c for c in (cell[5], cell[6]) if c)
        if where:
            text.append("\n" + where, style="dim")
        table.add_row(Text(cell[0]), Text(cell[1]), Text(cell[2]), tone, text)
    return table


def _tone_filter(tone: str | None) -> Tone | None:
    return parse_choice(Tone, tone, _("tone")) if tone else None


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help=_(
            "Citizens' feedback on pledges: add, list, resolve, remove.\n\n"
            "Example: amanat feedback list --unresolved --tone negative"
        )
    )
    app.add_typer(group, name="feedback")

    @group.callback()
    def feedback(lang: LangOption = None) -> None:
        """Citizens' feedback on pledges: add, list, resolve, remove.

        Example: amanat feedback list --unresolved --tone negative
        """
        # --lang is read before Typer starts (terminal.set_language_early); it is
        # declared here too so `amanat feedback --lang ru list` is accepted.

    @group.command("add")
    def add(
        pledge: Annotated[str, typer.Argument(metavar="PLEDGE", show_default=False)],
        tone: Annotated[
            str,
            typer.Option("--tone", metavar="positive|neutral|negative", help=_("How it was said.")),
        ],
        text: Annotated[str, typer.Option("--text", help=_("What was said."))],
        channel: Annotated[
            str | None,
            typer.Option("--channel", help=_("reception, online, meeting, call-center…")),
        ] = None,
        district: Annotated[
            str | None,
            typer.Option(
                "--district", help=_("The district: its slug, or its name in any language.")
            ),
        ] = None,
        on: Annotated[
            str | None, typer.Option("--date", metavar="DATE", help=_("Default: today."))
        ] = None,
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
        as_of: AsOfOption = None,
        color: ColorOption = "auto",
        lang: LangOption = None,
    ) -> None:
        """Add citizens' feedback to a pledge.

        Example: amanat feedback add health-polyclinics --tone negative --text "Врачей не хватает" --district alatau
        """
        from amanat_cli.cli.app import today
        from amanat_cli.write import changes

        day = parse_date_option(on, "--date") if on else today()
        body = free_text(text, "--text")
        if not body or not body.strip():
            raise UserError(_("--text: the feedback text is empty"), ExitCode.USAGE)
        chosen = parse_choice(Tone, tone, _("tone"))
        where = free_text(channel, "--channel"), free_text(district, "--district")
        entry = Feedback(day, chosen, body, *where)
        planner = partial(changes.plan_add_feedback, entry=entry)
        run_writes(roadmap, [pledge], lambda refs: planner(refs[0]), dry_run=dry_run)

    @group.command("list")
    def list_(
        pledge: Annotated[
            str | None,
            typer.Option("--pledge", metavar="ID", help=_("Only this pledge's feedback.")),
        ] = None,
        tone: Annotated[
            str | None,
            typer.Option(
                "--tone", metavar="positive|neutral|negative", help=_("Only feedback of this tone.")
            ),
        ] = None,
        since: Annotated[
            str | None,
            typer.Option(
                "--since", metavar="DATE", help=_("Only feedback dated on or after DATE.")
            ),
        ] = None,
        unresolved: Annotated[
            bool, typer.Option("--unresolved", help=_("Only feedback not yet resolved."))
        ] = False,
        output: Annotated[
            OutputFormat | None,
            typer.Option(
                "--format",
                help=_(
                    "Output format. Default: a table on a terminal, tab-separated rows otherwise."
                ),
                show_default=False,
            ),
        ] = None,
        raw: RawOption = False,
        roadmap: RoadmapOption = None,
        as_of: AsOfOption = None,
        color: ColorOption = "auto",
        lang: LangOption = None,
    ) -> None:
        """List feedback, numbered per pledge (the N that `feedback resolve` takes).

        Example: amanat feedback list --unresolved --tone negative
        """
        from amanat_cli.cli.commands._common import load_scope

        scope = load_scope(roadmap)
        if pledge is not None:
            find(scope.roadmaps, pledge, members=False)  # unknown id -> exit 2 with a hint
        rows = feedback_rows(
            scope.roadmaps,
            pledge=pledge,
            tone=_tone_filter(tone),
            since=parse_date_option(since, "--since") if since else None,
            unresolved=unresolved,
        )
        chosen = resolve_format(output, sys.stdout.isatty())
        sys.stdout.write(render_rows(rows, chosen, color, raw))

    @group.command("resolve")
    def resolve(
        pledge: Annotated[str, typer.Argument(metavar="PLEDGE", show_default=False)],
        number: Annotated[int, typer.Argument(metavar="N", show_default=False)],
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
        as_of: AsOfOption = None,
        color: ColorOption = "auto",
        lang: LangOption = None,
    ) -> None:
        """Mark a pledge's feedback number N (from `feedback list`) as resolved.

        Example: amanat feedback resolve health-polyclinics 2
        """
        from amanat_cli.write import changes

        planner = partial(changes.plan_resolve_feedback, number=number)
        run_writes(roadmap, [pledge], lambda refs: planner(refs[0]), dry_run=dry_run)

    @group.command("remove")
    def remove(
        pledge: Annotated[
            str,
            typer.Argument(metavar="PLEDGE", autocompletion=complete_pledge_id, show_default=False),
        ],
        number: Annotated[int, typer.Argument(metavar="N", show_default=False)],
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
        color: ColorOption = "auto",
        lang: LangOption = None,
    ) -> None:
        """Remove a pledge's feedback number N (from `feedback list`); later ones move up.

        Example: amanat feedback remove health-polyclinics 2
        """
        from amanat_cli.write import changes

        planner = partial(changes.plan_remove_feedback, number=number)
        run_writes(roadmap, [pledge], lambda refs: planner(refs[0]), dry_run=dry_run)
