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
from amanat_cli.cli.completion import (
    complete_any_feedback_number,
    complete_channel,
    complete_district,
    complete_feedback_number,
    complete_pledge_id,
    complete_tone,
)
from amanat_cli.cli.exits import ExitCode, UserError
from amanat_cli.cli.inputs import free_text, parse_choice, parse_date_option
from amanat_cli.cli.options import DryRunOption, RawOption, RoadmapOption
from amanat_cli.cli.terminal import asked_color
from amanat_cli.i18n import _
from amanat_cli.model import Feedback, Roadmap, Tone
from amanat_cli.read.scope import find
from amanat_cli.render.formats import OutputFormat, resolve_format
from amanat_cli.render.labels import tone_label
from amanat_cli.render.printable import visible, visible_lines

if TYPE_CHECKING:
    from amanat_cli.render.boxtable import BoxTable


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    """One feedback entry as listed; `number` is what `feedback resolve` takes."""

    branch: str
    pledge: str
    number: int
    entry: Feedback
    district_name: str | None = None
    """The district's name in `districts:` (people read it; json and csv keep the slug)."""

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
                    name = roadmap.districts.get(entry.district) if entry.district else None
                    rows.append(FeedbackRow(roadmap.branch.id, item.id, number, entry, name))
    return rows


_HEADERS = ("pledge", "n", "date", "tone", "resolved", "district", "channel", "text")
"""Columns of the tsv/csv rows (stable names: scripts rely on them)."""


def _cells(row: FeedbackRow) -> list[str]:
    e = row.entry
    cells = [row.pledge, str(row.number), e.date.isoformat(), e.tone.value,
             "yes" if e.resolved else "no", e.district or "", e.channel or "", e.text]  # fmt: skip
    # The loader refuses control characters in text; a cell never sends one raw anyway.
    return [visible_lines(cell) for cell in cells]


TEXT_MIN_WIDTH = 30
"""Room the text keeps beside the pledge column; with less, the id goes above the text."""


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
            cells[3] = tone_label(row.entry.tone)
            cells[4] = _("yes") if row.entry.resolved else _("no")
            cells[5] = visible(row.district_name or cells[5])
            lines.append(
                "| " + " | ".join(" ".join(c.replace("|", "\\|").split()) for c in cells) + " |"
            )
        return "\n".join(lines) + "\n"
    if output == OutputFormat.TSV:
        return tsv_text(_HEADERS, [_cells(r) for r in rows], raw=raw)
    from amanat_cli.cli.terminal import make_console

    console = make_console(color)
    with console.capture() as captured:
        console.print(_table(rows, console.width), crop=False)
    return captured.get()


def _table(rows: Sequence[FeedbackRow], width: int) -> BoxTable:
    """The rounded table of `status`: the id, N, date, tone and resolved whole; text the rest.

    District and channel go under the text: eight columns do not fit 80
    characters with any room left for what was said.  When the pledge column
    would leave the text less than TEXT_MIN_WIDTH, the id goes above the text.
    """
    from amanat_cli.render.boxtable import BoxTable, Column, Row, longest_word
    from amanat_cli.render.formats import day

    ids = [row.pledge for row in rows]
    for pledge_column in (True, False):
        columns = [Column(_("Pledge"))] if pledge_column else []  # an id is never cut in two
        columns += [
            Column("N", justify="right"),
            Column(_("Date")),
            Column(_("Tone")),
            Column(_("Resolved")),
            Column(_("Text"), min_width=max(TEXT_MIN_WIDTH, longest_word(ids)), flexible=True),
        ]
        table = BoxTable([], columns)
        for row in rows:
            cells, entry = _cells(row), row.entry
            district = visible(row.district_name or cells[5])
            where = " · ".join(c for c in (district, cells[6]) if c)
            said = [(cells[7], ""), *([("\n" + where, "dim")] if where else [])]
            table.rows.append(
                Row(
                    [
                        *([[(cells[0], "")]] if pledge_column else []),
                        [(cells[1], "")],
                        [(day(entry.date), "")],
                        [(tone_label(entry.tone), TONE_STYLES[entry.tone])],
                        [(_("yes"), "green") if entry.resolved else (_("no"), "")],
                        said if pledge_column else [(cells[0] + "\n", "bold"), *said],
                    ]
                )
            )
        if table.fits(width):
            break
    return table


TONE_STYLES = {Tone.NEGATIVE: "yellow", Tone.NEUTRAL: "", Tone.POSITIVE: "green"}


def _tone_filter(tone: str | None) -> Tone | None:
    return parse_choice(Tone, tone, _("tone")) if tone else None


PledgeArgument = Annotated[
    str, typer.Argument(metavar="PLEDGE", autocompletion=complete_pledge_id, show_default=False)
]
"""The pledge of `feedback add|resolve|remove`."""


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help=_(
            "Citizens' feedback on pledges: add, list, resolve, remove.\n\n"
            "Example: amanat feedback list --unresolved --tone negative"
        )
    )
    app.add_typer(group, name="feedback")

    @group.callback()
    def feedback() -> None:
        """Citizens' feedback on pledges: add, list, resolve, remove.

        Example: amanat feedback list --unresolved --tone negative
        """
        # `amanat feedback --lang ru list` is accepted: every group gets --lang
        # (options.attach_common_options); it is read before Typer starts.

    @group.command("add")
    def add(
        pledge: PledgeArgument,
        tone: Annotated[
            str,
            typer.Option(
                "--tone",
                metavar="positive|neutral|negative",
                help=_("How it was said."),
                autocompletion=complete_tone,
            ),
        ],
        text: Annotated[str, typer.Option("--text", help=_("What was said."))],
        channel: Annotated[
            str | None,
            typer.Option(
                "--channel",
                help=_("reception, online, meeting, call-center…"),
                autocompletion=complete_channel,
            ),
        ] = None,
        district: Annotated[
            str | None,
            typer.Option(
                "--district",
                help=_("The district: its slug, or its name in any language."),
                autocompletion=complete_district,
            ),
        ] = None,
        on: Annotated[
            str | None, typer.Option("--date", metavar="DATE", help=_("Default: today."))
        ] = None,
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
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
            typer.Option(
                "--pledge",
                metavar="ID",
                help=_("Only this pledge's feedback."),
                autocompletion=complete_pledge_id,
            ),
        ] = None,
        tone: Annotated[
            str | None,
            typer.Option(
                "--tone",
                metavar="positive|neutral|negative",
                help=_("Only feedback of this tone."),
                autocompletion=complete_tone,
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
        sys.stdout.write(render_rows(rows, chosen, asked_color(), raw))

    @group.command("resolve")
    def resolve(
        pledge: PledgeArgument,
        number: Annotated[
            int,
            typer.Argument(
                metavar="N", autocompletion=complete_feedback_number, show_default=False
            ),
        ],
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
    ) -> None:
        """Mark a pledge's feedback number N (from `feedback list`) as resolved.

        Example: amanat feedback resolve health-polyclinics 2
        """
        from amanat_cli.write import changes

        planner = partial(changes.plan_resolve_feedback, number=number)
        run_writes(roadmap, [pledge], lambda refs: planner(refs[0]), dry_run=dry_run)

    @group.command("remove")
    def remove(
        pledge: PledgeArgument,
        number: Annotated[
            int,
            typer.Argument(
                metavar="N", autocompletion=complete_any_feedback_number, show_default=False
            ),
        ],
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
    ) -> None:
        """Remove a pledge's feedback number N (from `feedback list`); later ones move up.

        Example: amanat feedback remove health-polyclinics 2
        """
        from amanat_cli.write import changes

        planner = partial(changes.plan_remove_feedback, number=number)
        run_writes(roadmap, [pledge], lambda refs: planner(refs[0]), dry_run=dry_run)
