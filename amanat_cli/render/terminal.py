"""`amanat status` on a terminal: a branch header, then a Rich table per section.

Data text always goes in as `Text` objects, never as markup, so a `[` in a
title is printed as typed.  Long Cyrillic and Kazakh titles wrap inside their
column; ids fold rather than push the columns out of line.  Colour is only
ever a second cue: the rag is also written as a word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from amanat_cli.i18n import _, ngettext
from amanat_cli.localefmt import format_date
from amanat_cli.model import Rag, Status
from amanat_cli.progress import RollUp
from amanat_cli.render import day, days_text, number, percent, progress_bar, with_unit
from amanat_cli.render.tabular import summary_text
from amanat_cli.report import (
    BranchReport,
    IndicatorRow,
    PledgeRow,
    SectionBlock,
    StatusReport,
    flag_label,
    rag_label,
    status_label,
)

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

RAG_STYLES = {
    Rag.RED: "bold red",
    Rag.AMBER: "yellow",
    Rag.GREY: "dim",
    Rag.GREEN: "green",
    Rag.DONE: "cyan",
}


def rag_text(rag: Rag) -> Text:
    """The rag as a coloured word."""
    return Text(rag_label(rag), style=RAG_STYLES[rag])


def counts_line(totals: RollUp) -> Text:
    """Progress, coverage and counts by rag, each rag word in its colour."""
    line = Text()
    line.append(_("progress {value}").format(value=percent(totals.progress)), style="bold")
    line.append(" · " + _("coverage {value}").format(value=percent(totals.coverage)))
    for rag, count in totals.counts.items():
        line.append(" · ")
        line.append(rag_label(rag), style=RAG_STYLES[rag])
        line.append(f" {count}")
    for key, count in (
        ("unconfirmed", totals.unconfirmed),
        ("contested", totals.contested),
        ("stale", totals.stale),
    ):
        if count:
            line.append(" · ")
            line.append(f"{flag_label(key)} {count}", style="magenta")
    return line


def _branch_header(branch: BranchReport, filtered: bool) -> Text:
    b = branch.roadmap.branch
    header = Text(b.programme, style="bold")
    header.append("\n")
    header.append(_("{name} · as of {date}").format(name=b.name, date=format_date(branch.as_of)))
    if filtered:
        shown = ngettext(
            "filtered: {shown} of {total} pledge",
            "filtered: {shown} of {total} pledges",
            branch.pledges_total,
        ).format(shown=branch.pledges_shown, total=branch.pledges_total)
        header.append(" · " + shown, style="italic")
    header.append("\n")
    header.append_text(counts_line(branch.totals))
    return header


def _section_title(block: SectionBlock) -> Text:
    title = Text(block.section.title, style="bold")
    if block.section.sensitive:
        title.append(" · " + _("socially sensitive"), style="magenta")
    title.append("\n")
    owner = block.owner.name if block.owner is not None else _("no owner")
    title.append(_("owner: {owner}").format(owner=owner))
    title.append(" · " + summary_text(block.totals), style="dim")
    return title


WIDE = 120
"""From this console width on, progress bars are drawn at full length."""
NARROW = 100
"""Below this console width only the percentage is shown: titles need the room."""


def bar_width_for(width: int) -> int:
    """Progress bar cells for a console width (0: percentage only)."""
    if width < NARROW:
        return 0
    return 10 if width >= WIDE else 5


def _longest_word(text: str) -> int:
    """Cells of the longest word: a column narrower than this breaks a word apart."""
    return max((cell_len(word) for word in text.split()), default=0)


def _owner_width(block: SectionBlock, indicators: bool) -> int:
    """Room for the widest owner name and header word, so «Абенова Ж. Т.» never splits."""
    names = [short_name(o.name) + "," for row in block.pledges for o in row.owners]
    if indicators:
        names += [
            short_name(i.owner.name) for row in block.pledges for i in row.indicators if i.owner
        ]
    return max([10, _longest_word(_("Owner")), *(cell_len(name) for name in names)])


def _new_table(block: SectionBlock, bar_width: int, indicators: bool = False) -> Table:
    table = Table(
        title=_section_title(block),
        title_justify="left",
        box=box.ROUNDED,
        highlight=False,
        expand=True,
    )
    # Fixed columns never wrap; the text columns share what is left and wrap
    # at spaces (folding a word only when it is longer than the column).
    # Headers as Text, like the cells: a str would go through Rich's markup and emoji
    # parsers, and the emoji table alone takes ~12 ms to import.
    # Owner and Notes are fixed: the owner column as wide as the widest name (a name
    # is never cut in two), notes as the longest header word (Russian and Kazakh
    # headers are longer than English ones); the title column takes the rest.
    # Below NARROW columns there is no room for an owner column: the owner goes
    # under the title instead.
    table.add_column(Text(_("Pledge")), overflow="fold", ratio=1, min_width=12)
    if bar_width:
        width = _owner_width(block, indicators)
        table.add_column(Text(_("Owner")), overflow="fold", width=width)
    table.add_column(Text(_("Progress")), no_wrap=True, justify="right")
    table.add_column(Text(_("RAG")), no_wrap=True, min_width=max(5, _longest_word(_("RAG"))))
    table.add_column(Text(_("Due")), no_wrap=True, min_width=10)
    notes_width = max(13, _longest_word(_("Notes")))
    table.add_column(Text(_("Notes")), overflow="fold", width=notes_width)
    return table


def _notes(days_overdue: int, negative: int, flags: list[str]) -> Text:
    notes = Text()
    lines: list[tuple[str, str]] = []
    if days_overdue:
        lines.append((_("overdue {days}").format(days=days_text(days_overdue)), "red"))
    if negative:
        lines.append((_("neg. feedback {n}").format(n=negative), "yellow"))
    lines.extend((flag, "magenta") for flag in flags)
    for index, (text, style) in enumerate(lines):
        if index:
            notes.append("\n")
        notes.append(text, style=style)
    return notes


def _pledge_cells(row: PledgeRow, bar_width: int) -> list[RenderableType]:
    title = Text()  # not Text(id, style=...): a base style would cover the title too
    title.append(row.pledge.id, style="bold")
    title.append("\n" + row.pledge.title)
    flags = [flag_label(x) for x in row.flags if x != "cancelled"]
    if row.pledge.status in (Status.PLANNED, Status.CANCELLED):  # done/in progress: see rag
        flags.insert(0, status_label(row.pledge.status))
    owners = ",\n".join(short_name(o.name) for o in row.owners)
    if not bar_width:  # narrow: the owner goes under the title (see _new_table)
        if owners:
            title.append("\n" + owners.replace("\n", " "), style="italic")
        return [title, *_figure_cells(row, bar_width, flags)]
    return [title, Text(owners), *_figure_cells(row, bar_width, flags)]


def _figure_cells(row: PledgeRow, bar_width: int, flags: list[str]) -> list[RenderableType]:
    f = row.figures
    return [
        Text(progress_bar(f.progress, bar_width)),
        rag_text(f.rag),
        Text(day(row.pledge.due)),
        _notes(f.days_overdue, len(f.negative_feedback), flags),
    ]


def _indicator_cells(row: IndicatorRow, bar_width: int) -> list[RenderableType]:
    f = row.figures
    i = f.indicator
    latest = f.latest
    title = Text()
    title.append("↳ " + i.id, style="dim")
    title.append("\n" + i.title + "\n")
    if latest is not None:
        detail = _("latest {value} on {date}; target {target}; expected by now {expected}")
        detail = detail.format(
            value=with_unit(latest.value, i.unit),
            date=day(latest.date),
            target=number(i.target),
            expected=number(f.expected_value),
        )
    else:
        detail = _("no data; target {target}; expected by now {expected}").format(
            target=number(i.target), expected=number(f.expected_value)
        )
    title.append(detail, style="dim")
    owner = short_name(row.owner.name) if row.owner is not None else ""
    if not bar_width and owner:  # narrow: the owner goes under the title (see _new_table)
        title.append("\n" + owner, style="italic")
    return [
        title,
        *([Text(owner)] if bar_width else []),
        Text(progress_bar(f.progress, bar_width)),
        rag_text(f.rag),
        Text(day(i.due)),
        _notes(f.days_overdue, 0, [flag_label("stale")] if f.stale else []),
    ]


def short_name(full_name: str) -> str:
    """`Калиев Арман Серикович` → `Калиев А. С.` (surname and initials, as in minutes)."""
    parts = full_name.split()
    if len(parts) < 2 or any(not p[:1].isalpha() for p in parts):
        return full_name
    return " ".join([parts[0], *(p[0] + "." for p in parts[1:])])


def section_table(block: SectionBlock, indicators: bool = False, width: int = WIDE) -> Table:
    """One section's pledges (and their indicators) as a Rich table for a console width."""
    bar_width = bar_width_for(width)
    table = _new_table(block, bar_width, indicators)
    for pledge in block.pledges:
        style = "dim" if pledge.figures.cancelled else None
        table.add_row(*_pledge_cells(pledge, bar_width), style=style)
        if indicators:
            for indicator in pledge.indicators:
                table.add_row(*_indicator_cells(indicator, bar_width))
    return table


def status_renderables(
    report: StatusReport, indicators: bool = False, width: int = WIDE
) -> list[RenderableType]:
    """Everything `amanat status` prints on a terminal, in order."""
    out: list[RenderableType] = []
    for branch in report.branches:
        out.append(_branch_header(branch, report.filtered))
        if not branch.sections:
            out.append(Text(_("No pledges match the filters."), style="italic"))
        out.extend(section_table(block, indicators, width) for block in branch.sections)
        out.append(Text(""))
    if len(report.branches) > 1:
        line = Text(_("All branches") + ": ", style="bold")
        line.append_text(counts_line(report.totals))
        out.append(line)
    return out


def print_status(console: Console, report: StatusReport, indicators: bool = False) -> None:
    """Print the status report on a Rich console."""
    for renderable in status_renderables(report, indicators, console.width):
        console.print(renderable)
