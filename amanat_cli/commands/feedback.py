"""`amanat feedback add|list|resolve`: what citizens say about each pledge."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Annotated

import typer

from amanat_cli.commands._write import run_writes
from amanat_cli.errors import ExitCode, UserError
from amanat_cli.i18n import _
from amanat_cli.model import Feedback, Roadmap, Tone
from amanat_cli.options import AsOfOption, ColorOption, DryRunOption, LangOption, RoadmapOption
from amanat_cli.scope import find, parse_date_option


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


def _cells(row: FeedbackRow) -> list[str]:
    e = row.entry
    return [row.pledge, str(row.number), e.date.isoformat(), e.tone.value,
            "yes" if e.resolved else "no", e.district or "", e.channel or "", e.text]  # fmt: skip


def render_rows(rows: Sequence[FeedbackRow], output: str, color: str) -> str:
    """Rows as json, tsv (tabs and newlines in text become spaces) or a terminal table."""
    if output == "json":
        return json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2) + "\n"
    if output == "tsv":
        lines = ["\t".join(_HEADERS)]
        lines += ["\t".join(" ".join(c.split()) for c in _cells(r)) for r in rows]
        return "\n".join(lines) + "\n"
    from rich.table import Table
    from rich.text import Text

    from amanat_cli.terminal import make_console

    table = Table(highlight=False)
    titles = (_("Pledge"), "N", _("Date"), _("Tone"), _("Resolved"), _("District"), _("Channel"))
    for title in titles:  # ids and dates must stay whole; only the text wraps
        table.add_column(title, no_wrap=True)
    table.add_column(_("Text"), ratio=1)
    for row in rows:
        cells = _cells(row)
        cells[4] = _("yes") if row.entry.resolved else _("no")
        table.add_row(*(Text(c) for c in cells))
    console = make_console(color)
    with console.capture() as captured:
        console.print(table)
    return captured.get()


def _tone_filter(tone: str | None) -> Tone | None:
    from amanat_cli.changes import parse_choice

    return parse_choice(Tone, tone, _("tone")) if tone else None


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=_("Citizens' feedback on pledges: add, list, resolve."))
    app.add_typer(group, name="feedback")

    @group.command("add")
    def add(
        pledge: Annotated[str, typer.Argument(metavar="PLEDGE", show_default=False)],
        tone: Annotated[str, typer.Option("--tone", metavar="positive|neutral|negative")],
        text: Annotated[str, typer.Option("--text", help=_("What was said."))],
        channel: Annotated[
            str | None,
            typer.Option("--channel", help=_("reception, online, meeting, call-center…")),
        ] = None,
        district: Annotated[
            str | None, typer.Option("--district", help=_("District slug."))
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
        from amanat_cli import changes

        day = parse_date_option(on, "--date") if on else date.today()
        body = changes.free_text(text)
        if not body or not body.strip():
            raise UserError(_("--text: the feedback text is empty"), ExitCode.USAGE)
        chosen = changes.parse_choice(Tone, tone, _("tone"))
        entry = Feedback(day, chosen, body, changes.free_text(channel), changes.free_text(district))
        planner = partial(changes.plan_add_feedback, entry=entry)
        run_writes(roadmap, [pledge], lambda refs: planner(refs[0]), dry_run=dry_run)

    @group.command("list")
    def list_(
        pledge: Annotated[str | None, typer.Option("--pledge", metavar="ID")] = None,
        tone: Annotated[str | None, typer.Option("--tone", metavar="T")] = None,
        since: Annotated[str | None, typer.Option("--since", metavar="DATE")] = None,
        unresolved: Annotated[bool, typer.Option("--unresolved")] = False,
        output: Annotated[
            str | None, typer.Option("--format", metavar="table|tsv|json", show_default=False)
        ] = None,
        roadmap: RoadmapOption = None,
        as_of: AsOfOption = None,
        color: ColorOption = "auto",
        lang: LangOption = None,
    ) -> None:
        """List feedback, numbered per pledge (the N that `feedback resolve` takes).

        Example: amanat feedback list --unresolved --tone negative
        """
        from amanat_cli.commands._common import load_scope

        if output not in (None, "table", "tsv", "json"):
            raise UserError(_("--format: choose table, tsv or json"), ExitCode.USAGE)
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
        chosen = output or ("table" if sys.stdout.isatty() else "tsv")
        sys.stdout.write(render_rows(rows, chosen, color))

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
        from amanat_cli import changes

        planner = partial(changes.plan_resolve_feedback, number=number)
        run_writes(roadmap, [pledge], lambda refs: planner(refs[0]), dry_run=dry_run)
