"""`amanat status` on a terminal: a branch header, then a bordered table per section.

Data text goes in as plain strings with a style name beside them (`Text`
objects for the headers, runs for `render.boxtable`), never as markup, so a
`[` in a title is printed as typed.  Long Cyrillic and Kazakh titles wrap
inside their column; ids fold rather than push the columns out of line.
Colour is only ever a second cue: the rag is also written as a word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text

from amanat_cli.compute.progress import RollUp
from amanat_cli.compute.report import (
    BranchReport,
    IndicatorRow,
    PledgeRow,
    SectionBlock,
    StatusReport,
)
from amanat_cli.i18n import _
from amanat_cli.model import Rag, Status
from amanat_cli.render.boxtable import BoxTable, Column, Row, Run
from amanat_cli.render.formats import day, days_text, number, progress_bar, with_unit
from amanat_cli.render.labels import flag_label, rag_label, status_label
from amanat_cli.render.localefmt import format_date
from amanat_cli.render.summary import filtered_note, summary_pieces, summary_text

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

RAG_STYLES = {
    Rag.RED: "bold red",
    Rag.AMBER: "yellow",
    Rag.GREY: "dim",
    Rag.GREEN: "green",
    Rag.DONE: "cyan",
}


PIECE_STYLES = {"progress": "bold", "flag": "magenta"}
"""The style of the roll-up line's other pieces (see render.summary)."""


def counts_line(totals: RollUp) -> Text:
    """Progress, coverage and counts by rag, each rag word in its colour."""
    line = Text()
    for text, kind in summary_pieces(totals):
        style = RAG_STYLES[kind] if isinstance(kind, Rag) else PIECE_STYLES.get(kind, "")
        line.append(text, style=style)
    return line


def _branch_header(branch: BranchReport, filtered: bool) -> Text:
    # The figures are the branch's own, whatever the filter shows (a subset's under
    # the branch's name would pass for it); the note says how many rows are shown.
    b = branch.roadmap.branch
    header = Text(b.programme, style="bold")
    header.append("\n")
    header.append(_("{name} · as of {date}").format(name=b.name, date=format_date(branch.as_of)))
    if filtered:
        note = filtered_note(branch.pledges_shown, branch.pledges_total)
        header.append(" · " + note, style="italic")
    header.append("\n")
    header.append_text(counts_line(branch.totals))
    return header


def _section_title(block: SectionBlock) -> list[Run]:
    # Bold under every piece: the title, the owner line and the summary.
    title = [(block.section.title, "bold")]
    if block.section.sensitive:
        title.append((" · " + _("socially sensitive"), "bold magenta"))
    owner = block.owner.name if block.owner is not None else _("no owner")
    title.append(("\n" + _("owner: {owner}").format(owner=owner), "bold"))
    title.append((" · " + summary_text(block.totals), "bold dim"))
    if block.filtered:
        note = filtered_note(len(block.pledges), block.pledges_total)
        title.append((" · " + note, "italic"))
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


def _columns(block: SectionBlock, bar_width: int, indicators: bool) -> list[Column]:
    # Owner and Notes are fixed: the owner column as wide as the widest name (a name
    # is never cut in two), notes as the longest header word (Russian and Kazakh
    # headers are longer than English ones); the title column takes the rest and
    # wraps at spaces, folding a word only when it is longer than the column.
    # Progress, RAG and Due are as wide as their widest value and never wrap.
    # Below NARROW columns there is no room for an owner column: the owner goes
    # under the title instead.
    columns = [Column(_("Pledge"), min_width=12, flexible=True)]
    if bar_width:
        columns.append(Column(_("Owner"), width=_owner_width(block, indicators)))
    columns += [
        Column(_("Progress"), justify="right"),
        Column(_("RAG"), min_width=max(5, _longest_word(_("RAG")))),
        Column(_("Due"), min_width=10),
        Column(_("Notes"), width=max(13, _longest_word(_("Notes")))),
    ]
    return columns


def _notes(days_overdue: int, negative: int, flags: list[str]) -> list[Run]:
    """A line per note, each in its colour."""
    lines: list[Run] = []
    if days_overdue:
        lines.append((_("overdue {days}").format(days=days_text(days_overdue)), "red"))
    if negative:
        lines.append((_("neg. feedback {n}").format(n=negative), "yellow"))
    lines.extend((flag, "magenta") for flag in flags)
    return [(("\n" if index else "") + text, style) for index, (text, style) in enumerate(lines)]


def _pledge_cells(row: PledgeRow, bar_width: int) -> list[list[Run]]:
    title = [(row.pledge.id, "bold"), ("\n" + row.pledge.title, "")]
    flags = [flag_label(x) for x in row.flags if x != "cancelled"]
    if row.pledge.status in (Status.PLANNED, Status.CANCELLED):  # done/in progress: see rag
        flags.insert(0, status_label(row.pledge.status))
    owners = [short_name(o.name) for o in row.owners]
    if not bar_width:  # narrow: the owner goes under the title (see _columns)
        if owners:
            title.append(("\n" + ", ".join(owners), "italic"))
        return [title, *_figure_cells(row, bar_width, flags)]
    return [title, [(",\n".join(owners), "")], *_figure_cells(row, bar_width, flags)]


def _figure_cells(row: PledgeRow, bar_width: int, flags: list[str]) -> list[list[Run]]:
    f = row.figures
    return [
        [(progress_bar(f.known_progress, bar_width), "")],
        [(rag_label(f.rag), RAG_STYLES[f.rag])],
        [(day(row.pledge.due), "")],
        _notes(f.days_overdue, len(f.negative_feedback), flags),
    ]


def _indicator_cells(row: IndicatorRow, bar_width: int) -> list[list[Run]]:
    f = row.figures
    i = f.indicator
    latest = f.latest
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
    title = [("↳ " + i.id, "dim"), ("\n" + i.title + "\n", ""), (detail, "dim")]
    owner = short_name(row.owner.name) if row.owner is not None else ""
    if not bar_width and owner:  # narrow: the owner goes under the title (see _columns)
        title.append(("\n" + owner, "italic"))
    return [
        title,
        *([[(owner, "")]] if bar_width else []),
        [(progress_bar(f.progress, bar_width), "")],
        [(rag_label(f.rag), RAG_STYLES[f.rag])],
        [(day(i.due), "")],
        _notes(f.days_overdue, 0, [flag_label("stale")] if f.stale else []),
    ]


def short_name(full_name: str) -> str:
    """`Калиев Арман Серикович` → `Калиев А. С.` (surname and initials, as in minutes)."""
    parts = full_name.split()
    if len(parts) < 2 or any(not p[:1].isalpha() for p in parts):
        return full_name
    return " ".join([parts[0], *(p[0] + "." for p in parts[1:])])


def section_table(block: SectionBlock, indicators: bool = False, width: int = WIDE) -> BoxTable:
    """One section's pledges (and their indicators) as a table for a console width."""
    bar_width = bar_width_for(width)
    table = BoxTable(_section_title(block), _columns(block, bar_width, indicators))
    for pledge in block.pledges:
        style = "dim" if pledge.figures.cancelled else ""
        table.rows.append(Row(_pledge_cells(pledge, bar_width), style))
        if indicators:
            table.rows.extend(Row(_indicator_cells(i, bar_width)) for i in pledge.indicators)
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
    # One print, one write.  No cropping: the text wraps at the console width and the
    # tables crop themselves (only below ~50 columns is one wider than the console).
    console.print(Group(*status_renderables(report, indicators, console.width)), crop=False)
