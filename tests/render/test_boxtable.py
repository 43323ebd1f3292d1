"""render.boxtable draws, character for character, what Rich's `Table` drew for the status layout.

The status table used to be a `rich.table.Table(box=ROUNDED, expand=True)`;
the drawer replaced it for speed and must not move a single character.  A
property test builds both from the same random cells (Cyrillic, Kazakh, wide
CJK, long unbreakable words, tabs, stray control characters, markup-like
brackets) and compares the plain output at random console widths.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from amanat_cli.render.boxtable import BoxTable, Column, Row, Run, wrap_offsets

LETTERS = "abcXYZ абвЖЩ әғқңөұүһі 漢字 —«»[]/:.,0123456789"
STYLES = ("", "bold", "dim", "italic", "red", "bold magenta")

words = st.text(alphabet=LETTERS.replace(" ", ""), min_size=1, max_size=30)
runs_text = st.lists(
    st.one_of(words, st.sampled_from([" ", "  ", "\n", "\t", "\x07", "\r"])), max_size=14
).map("".join)
runs = st.lists(st.tuples(runs_text, st.sampled_from(STYLES)), max_size=4)
# A fitted column never wraps: its values are short and have no tabs (as the figures).
figures = st.lists(
    st.tuples(st.text(alphabet="0123456789.% █░—", max_size=12), st.sampled_from(STYLES)),
    min_size=1,
    max_size=2,
)


def columns_for(owner_width: int, notes_width: int) -> list[Column]:
    return [
        Column("Pledge", min_width=12, flexible=True),
        Column("Owner", width=owner_width),
        Column("Progress", justify="right"),
        Column("RAG", min_width=5),
        Column("Notes", width=notes_width),
    ]


def as_text(cell: list[Run]) -> Text:
    text = Text()
    for part, style in cell:
        text.append(part, style=style or None)
    return text


def rich_table(title: list[Run], columns: list[Column], rows: list[Row]) -> Table:
    """The Rich table the status view built before the drawer, for the same cells."""
    table = Table(
        title=as_text(title), title_justify="left", box=box.ROUNDED, highlight=False, expand=True
    )
    for column in columns:
        header = Text(column.header)
        if column.flexible:
            table.add_column(header, overflow="fold", ratio=1, min_width=column.min_width)
        elif column.width is not None:
            table.add_column(header, overflow="fold", width=column.width)
        else:
            table.add_column(
                header, no_wrap=True, justify=column.justify, min_width=column.min_width
            )
    for row in rows:
        table.add_row(*(as_text(list(cell)) for cell in row.cells), style=row.style or None)
    return table


def plain(renderable: object, width: int) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False)
    console.print(renderable, crop=False)
    return buffer.getvalue()


def styled(renderable: RenderableType, width: int) -> list[tuple[str, str]]:
    """Every visible character with its style: where colour may go differs, what it covers not."""
    console = Console(file=io.StringIO(), width=width, force_terminal=True, highlight=False)
    return [
        (char, str(segment.style or "none"))
        for segment in console.render(renderable)
        for char in segment.text
        if not char.isspace()
    ]


@settings(max_examples=150, deadline=None)
@given(
    title=runs,
    cells=st.lists(st.tuples(runs, runs, figures, figures, runs), min_size=1, max_size=4),
    dim=st.lists(st.booleans(), min_size=4, max_size=4),
    owner_width=st.integers(10, 18),
    notes_width=st.integers(13, 16),
    width=st.integers(55, 170),
)
def test_draws_what_rich_table_drew(
    title: list[Run],
    cells: list[tuple[list[Run], ...]],
    dim: list[bool],
    owner_width: int,
    notes_width: int,
    width: int,
) -> None:
    columns = columns_for(owner_width, notes_width)
    rows = [Row(cell, "dim" if faded else "") for cell, faded in zip(cells, dim, strict=False)]
    table = BoxTable(title, columns)
    table.rows.extend(rows)
    widths = table.column_widths(width)
    if sum(widths) + 3 * len(widths) + 1 > width:
        return  # no room for the title column: Rich drew it 0 wide; see below
    assert plain(table, width) == plain(rich_table(title, columns, rows), width)
    assert styled(table, width) == styled(rich_table(title, columns, rows), width)


def test_title_column_keeps_its_minimum_when_the_console_is_too_narrow() -> None:
    """Rich drew a 0-wide title column here; the drawer keeps 12 cells and crops the right."""
    table = BoxTable([("Section", "bold")], columns_for(10, 13))
    table.rows.append(
        Row(
            [
                [("roads-repair\nОтремонтировать дороги", "")],
                [],
                [("75.0%", "")],
                [("red", "red")],
                [],
            ]
        )
    )
    lines = plain(table, 40).splitlines()
    title_cells = [line[:16] for line in lines]
    assert title_cells[1] == "╭──────────────┬"  # 12 cells and the padding
    assert "│ roads-repair │" in title_cells and "│ Отремонтиров │" in title_cells
    assert {len(line) for line in lines} == {40}


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("Открыть 4 центра поддержки семей", 10),
        ("social-centres-and-more", 8),
        ("漢字漢字漢字", 5),
        ("a  b   c", 2),
        ("", 4),
    ],
)
def test_breaks_fall_where_rich_broke_lines(text: str, width: int) -> None:
    from rich._wrap import divide_line  # Rich's own, private: only the test leans on it

    assert wrap_offsets(text, width) == divide_line(text, width, fold=True)


def test_every_line_is_as_wide_as_the_console() -> None:
    table = BoxTable(
        [("Әлеуметтік\tқолдау 漢字 — «Қамқорлық» [пилот]", "bold")], columns_for(10, 13)
    )
    title = [("Қала көшелерін күрделі жөндеу, ӘҒҚҢӨҰҮҺІ 漢字漢字漢字漢字", ""), ("\tx", "dim")]
    table.rows.append(Row([title, [("Петрова Н. И.", "")], [("4.0%", "")], [("red", "red")], []]))
    lines = plain(table, 61).splitlines()
    assert {cell_len(line) for line in lines} == {61}
    assert "[пилот]" in "".join(lines)
