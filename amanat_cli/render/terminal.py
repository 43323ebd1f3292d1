"""`amanat status` on a terminal: a branch header, then a bordered table per section.

Data text goes in as plain strings with a style name beside them (runs for
`render.boxtable`), never as markup, so a `[` in a title is printed as typed.
Long Cyrillic and Kazakh titles wrap inside their column at spaces.  What
must stay whole is held with `NO_BREAK`: an id (never cut in two), a name
(«Абенова Ж. Т.»), a figure with its word ("green 1", «выполнение 55,9 %»),
a count with its note; the roll-up lines break only after a `·`.  When ids
do not fit, the layout gives way elsewhere, step by step (`LAYOUTS`).
Colour is only ever a second cue: the rag is also written as a word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

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
from amanat_cli.render.boxtable import (
    NO_BREAK,
    BoxTable,
    Column,
    Paragraph,
    Row,
    Run,
    longest_word,
)
from amanat_cli.render.formats import day, days_text, number, progress_bar, with_unit
from amanat_cli.render.labels import flag_label, rag_label, status_label
from amanat_cli.render.localefmt import format_date
from amanat_cli.render.summary import filtered_note, summary_pieces

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

SEPARATOR = " · "
_HELD_SEPARATOR = NO_BREAK + "· "
"""A separator stays at the end of its line: the next piece may start a new one."""


def held(text: str) -> str:
    """`text` on one line whatever the width (its spaces never break)."""
    return text.replace(" ", NO_BREAK)


def held_pieces(text: str) -> str:
    """`a · b c · d`: each piece held whole, a line may break only after a `·`."""
    return _HELD_SEPARATOR.join(held(piece) for piece in text.split(SEPARATOR))


_MARK = "\x00"
"""Stands for the branch name while the words around it are held (never in a translation)."""


def _roll_up_runs(totals: RollUp) -> list[Run]:
    """Progress, coverage and counts by rag, each rag word in its colour, held in pieces."""
    return [(held_pieces(text), _piece_style(kind)) for text, kind in summary_pieces(totals)]


def _piece_style(kind: Rag | str) -> str:
    return RAG_STYLES[kind] if isinstance(kind, Rag) else PIECE_STYLES.get(kind, "")


def _branch_header(branch: BranchReport, filtered: bool) -> Paragraph:
    # The figures are the branch's own, whatever the filter shows (a subset's under
    # the branch's name would pass for it); the note says how many rows are shown.
    b = branch.roadmap.branch
    runs: list[Run] = [(b.programme, "bold"), ("\n", "")]
    as_of = _("{name} · as of {date}").format(name=_MARK, date=format_date(branch.as_of))
    runs.append((held_pieces(as_of).replace(_MARK, b.name), ""))  # the name may break
    if filtered:
        note = filtered_note(branch.pledges_shown, branch.pledges_total)
        runs.append((_HELD_SEPARATOR + held(note), "italic"))
    runs.append(("\n", ""))
    return Paragraph([*runs, *_roll_up_runs(branch.totals)])


def _section_title(block: SectionBlock) -> list[Run]:
    # Bold under every piece: the title, the owner line and the summary.
    title = [(block.section.title, "bold")]
    if block.section.sensitive:
        title.append((_HELD_SEPARATOR + held(_("socially sensitive")), "bold magenta"))
    owner = held(block.owner.name) if block.owner is not None else _("no owner")
    title.append(("\n" + _("owner: {owner}").format(owner=owner) + _HELD_SEPARATOR, "bold"))
    title += [(text, "bold dim") for text, _style in _roll_up_runs(block.totals)]
    if block.filtered:
        note = filtered_note(len(block.pledges), block.pledges_total)
        title.append((_HELD_SEPARATOR + held(note), "italic"))
    return title


WIDE = 120
"""From this console width on, progress bars are drawn at full length."""
NARROW = 100
"""Below this console width only the percentage is shown: titles need the room."""
TITLE_MIN_WIDTH = 12
"""The pledge column is never narrower, even when its ids are shorter."""


class Layout(NamedTuple):
    """Where a table puts what: a bar beside the percentage, owner and notes in columns."""

    bar: bool
    owner_column: bool
    notes_column: bool


LAYOUTS = (
    Layout(bar=True, owner_column=True, notes_column=True),
    Layout(bar=True, owner_column=True, notes_column=False),
    Layout(bar=False, owner_column=False, notes_column=True),
    Layout(bar=False, owner_column=False, notes_column=False),
)
"""Richest first.  A table takes the first whose pledge column holds its longest id (and
name and note, when those go under the title); what does not get a column goes under the
title.  Below NARROW columns there is no room for an owner column or a bar to begin with."""


def bar_width_for(width: int) -> int:
    """Progress bar cells for a console width (0: percentage only)."""
    if width < NARROW:
        return 0
    return 10 if width >= WIDE else 5


class _Cells(NamedTuple):
    """One row's texts, before a layout places them."""

    title: list[Run]
    """Id (and title, and an indicator's detail)."""
    owners: list[str]
    """Owners' short names, each held whole."""
    figures: list[list[Run]]
    """Progress (drawn by `progress` for a bar width), rag, due."""
    progress: float | None
    notes: list[Run]
    style: str = ""


def _notes(days_overdue: int, negative: int, flags: list[str]) -> list[Run]:
    """A line per note, each in its colour and held whole (a note is a short phrase)."""
    lines: list[Run] = []
    if days_overdue:
        lines.append((held(_("overdue {days}").format(days=days_text(days_overdue))), "red"))
    if negative:
        lines.append((held(_("neg. feedback {n}").format(n=negative)), "yellow"))
    lines.extend((held(flag), "magenta") for flag in flags)
    return [(("\n" if index else "") + text, style) for index, (text, style) in enumerate(lines)]


def _pledge_cells(row: PledgeRow) -> _Cells:
    title = [(row.pledge.id, "bold"), ("\n" + row.pledge.title, "")]
    flags = [flag_label(x) for x in row.flags if x != "cancelled"]
    if row.pledge.status in (Status.PLANNED, Status.CANCELLED):  # done/in progress: see rag
        flags.insert(0, status_label(row.pledge.status))
    f = row.figures
    return _Cells(
        title,
        [short_name(o.name) for o in row.owners],
        [[(rag_label(f.rag), RAG_STYLES[f.rag])], [(day(row.pledge.due), "")]],
        f.known_progress,
        _notes(f.days_overdue, len(f.negative_feedback), flags),
        "dim" if f.cancelled else "",
    )


def _indicator_cells(row: IndicatorRow) -> _Cells:
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
    title = [(held("↳ " + i.id), "dim"), ("\n" + i.title + "\n", ""), (detail, "dim")]
    return _Cells(
        title,
        [short_name(row.owner.name)] if row.owner is not None else [],
        [[(rag_label(f.rag), RAG_STYLES[f.rag])], [(day(i.due), "")]],
        f.progress,
        _notes(f.days_overdue, 0, [flag_label("stale")] if f.stale else []),
    )


def short_name(full_name: str) -> str:
    """`Калиев Арман Серикович` → `Калиев А. С.` (surname and initials, as in minutes), held whole."""
    parts = full_name.split()
    if len(parts) < 2 or any(not p[:1].isalpha() for p in parts):
        return held(full_name)
    return held(" ".join([parts[0], *(p[0] + "." for p in parts[1:])]))


def _owners_text(owners: list[str]) -> str:
    """Names separated by commas; a line breaks between names, never inside one."""
    return ", ".join(owners)


def _table(block: SectionBlock, rows: list[_Cells], layout: Layout, width: int) -> BoxTable:
    bar_width = bar_width_for(width) if layout.bar else 0
    under_title: list[str] = []
    if not layout.owner_column:
        under_title += [name + "," for row in rows for name in row.owners]
    if not layout.notes_column:
        under_title += [text for row in rows for text, _style in row.notes]
    ids = [text for row in rows for text, _style in row.title[:1]]
    columns = [
        Column(
            _("Pledge"),
            min_width=max(TITLE_MIN_WIDTH, longest_word(ids), longest_word(under_title)),
            flexible=True,
        )
    ]
    if layout.owner_column:
        # As wide as the widest name: a name is never cut in two.
        names = [name + "," for row in rows for name in row.owners]
        columns.append(Column(_("Owner"), width=max(10, longest_word([_("Owner"), *names]))))
    columns += [
        Column(_("Progress"), justify="right"),
        Column(_("RAG"), min_width=max(5, longest_word([_("RAG")]))),
        Column(_("Due"), min_width=10),
    ]
    if layout.notes_column:
        columns.append(Column(_("Notes")))  # as wide as the longest note: a note never wraps
    table = BoxTable(_section_title(block), columns)
    for row in rows:
        title = list(row.title)
        if not layout.owner_column and row.owners:
            title.append(("\n" + _owners_text(row.owners), "italic"))
        if not layout.notes_column and row.notes:
            title += [("\n" + text.lstrip("\n"), style) for text, style in row.notes]
        cells = [title]
        if layout.owner_column:
            cells.append([(",\n".join(row.owners), "")])
        cells += [[(progress_bar(row.progress, bar_width), "")], *row.figures]
        if layout.notes_column:
            cells.append(row.notes)
        table.rows.append(Row(cells, row.style))
    return table


def section_table(block: SectionBlock, indicators: bool = False, width: int = WIDE) -> BoxTable:
    """One section's pledges (and their indicators) as a table for a console width.

    The richest of `LAYOUTS` that keeps every id whole at this width (the last one
    when none does: the console is too narrow for anything better).
    """
    rows: list[_Cells] = []
    for pledge in block.pledges:
        rows.append(_pledge_cells(pledge))
        if indicators:
            rows.extend(_indicator_cells(i) for i in pledge.indicators)
    layouts = LAYOUTS if width >= NARROW else [x for x in LAYOUTS if not x.owner_column]
    for layout in layouts:
        table = _table(block, rows, layout, width)
        if table.fits(width):
            return table
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
        all_branches = [(held(_("All branches") + ":") + " ", "bold")]
        out.append(Paragraph([*all_branches, *_roll_up_runs(report.totals)]))
    return out


def print_status(console: Console, report: StatusReport, indicators: bool = False) -> None:
    """Print the status report on a Rich console."""
    # One print, one write.  No cropping: the text wraps at the console width and the
    # tables crop themselves (only below ~50 columns is one wider than the console).
    console.print(Group(*status_renderables(report, indicators, console.width)), crop=False)
