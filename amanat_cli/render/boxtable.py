"""A titled, rounded, bordered table drawn straight to Rich segments: the layout `status` needs.

Rich's `Table` takes every cell through padding, measuring, wrapping,
cropping and reshaping renderables; for the ~1,400 cells of a branch that was
most of the time `amanat status` took on a terminal.  Here cells and title
are runs of styled text, laid out in one pass: a line that fits is padded, a
longer one wraps the way Rich wraps text (at spaces; a word longer than the
column folds), and widths count display cells (`rich.cells`), so the `│`
edges line up with Cyrillic, Kazakh and wide characters.  The text is what
Rich's `Table(box=ROUNDED, expand=True)` drew for these columns.  Rich still
decides the colours, the box characters a console can show, and cropping.

One thing Rich's table could not do: a `NO_BREAK` space holds what must stay
on one line (an id after its arrow, «Абенова Ж. Т.», "green 1") and is drawn
as a plain space.  `fits` tells the caller whether the flexible column gets
its `min_width` (its longest id), so that it can lay the table out otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Literal, NamedTuple

from rich import box
from rich.cells import cell_len, chop_cells
from rich.control import strip_control_codes
from rich.segment import Segment

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.style import Style

Run = tuple[str, str]
"""Text and the name of its style (`""`: none); a newline in the text starts a new line."""

Piece = tuple[str, "Style | None"]
Line = list[Piece]
"""A laid-out line: text with resolved styles, exactly as wide as its column."""

PADDING = 2
"""One space each side of a cell's text."""

NO_BREAK = "\u00a0"
"""A space a line never breaks at (NO-BREAK SPACE); drawn as a plain space."""
_HOLDING = "\u00a0\u2007\u202f"
"""Spaces that belong to the word around them: NO_BREAK, and the figure and narrow
no-break spaces of Russian and Kazakh dates and numbers («2025 г.», «1 250»)."""

TAB_SIZE = 8
"""Tab stops every 8 cells, as Rich's console expands them."""


# NamedTuples and plain classes, not dataclasses: a dataclass costs ~1 ms to
# create at import, and this module is imported on every `status` in a terminal.
class Column(NamedTuple):
    """A column: its header and how wide it is."""

    header: str
    width: int | None = None
    """Cells of text; None: as wide as its widest line (or the rest, if flexible)."""
    min_width: int = 0
    """Cells of text it has at least."""
    justify: Literal["left", "right"] = "left"
    flexible: bool = False
    """Takes the width the other columns leave (one column at most)."""


class Row(NamedTuple):
    """One row: a cell (a sequence of runs) per column."""

    cells: Sequence[Sequence[Run]]
    style: str = ""
    """Laid under every cell's own styles (`dim` for a cancelled pledge)."""


class BoxTable:
    """A titled table as wide as the console; give it to `Console.print`."""

    def __init__(self, title: Sequence[Run], columns: Sequence[Column]) -> None:
        self.title = title
        self.columns = columns
        self.rows: list[Row] = []
        self._widths: tuple[tuple[int, int], list[int]] | None = None
        """The last widths worked out, for (console width, rows): `fits` and drawing share them."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Title, box and rows as segments (the Rich protocol)."""
        widths = self.column_widths(options.max_width)
        table_width = sum(widths) + (PADDING + 1) * len(widths) + 1
        segments = self._segments(console, options, widths, table_width)
        if table_width <= options.max_width:
            yield from segments  # every line fits: printed with crop=False, none is measured
        else:
            for line in Segment.split_and_crop_lines(segments, options.max_width, pad=False):
                yield from line

    def _segments(
        self, console: Console, options: ConsoleOptions, widths: list[int], table_width: int
    ) -> Iterator[Segment]:
        styles = _Styles(console)
        if any(strip_control_codes(text) for text, _ in self.title):  # Rich: no title, no line
            for line in lay_out(self.title, table_width, styles):
                yield from (Segment(text, style) for text, style in line)
                yield Segment.line()
        chars = box.ROUNDED.substitute(options, safe=console.safe_box)
        padded = [width + PADDING for width in widths]
        yield Segment(chars.get_top(padded) + "\n")
        header = Row([[(column.header, "table.header")] for column in self.columns])
        edges = (chars.head_left, chars.head_vertical, chars.head_right)
        yield from self._draw_row(header, widths, edges, styles, "bottom")
        yield Segment(chars.get_row(padded, "head") + "\n")
        for index, row in enumerate(self.rows):
            if index == len(self.rows) - 1:
                edges = (chars.foot_left, chars.foot_vertical, chars.foot_right)
            else:
                edges = (chars.mid_left, chars.mid_vertical, chars.mid_right)
            yield from self._draw_row(row, widths, edges, styles, "top")
        yield Segment(chars.get_bottom(padded) + "\n")

    def column_widths(self, console_width: int) -> list[int]:
        """Cells of text per column: fixed, fitted to the widest line, the rest for the flexible.

        With less than one cell left for the flexible column it keeps its
        `min_width` and the console crops the right edge, as Rich did.
        """
        key = (console_width, len(self.rows))
        if self._widths is not None and self._widths[0] == key:
            return list(self._widths[1])
        widths: list[int] = []
        for index, column in enumerate(self.columns):
            if column.width is not None or column.flexible:
                widths.append(column.width or 0)
                continue
            cells = [[(column.header, "")], *(row.cells[index] for row in self.rows)]
            lines = [line for cell in cells for line in _split_lines(cell)]
            widths.append(max(column.min_width, *(cell_len(_plain(line)) for line in lines)))
        for index, column in enumerate(self.columns):
            if column.flexible:
                rest = console_width - sum(widths) - (PADDING + 1) * len(widths) - 1
                widths[index] = rest if rest >= 1 else column.min_width
        self._widths = (key, widths)
        return list(widths)

    def fits(self, console_width: int) -> bool:
        """True when the flexible column gets its `min_width` at this console width."""
        widths = self.column_widths(console_width)
        return all(w >= c.min_width for w, c in zip(widths, self.columns, strict=True))

    def _draw_row(
        self,
        row: Row,
        widths: list[int],
        edges: tuple[str, str, str],
        styles: _Styles,
        align: Literal["top", "bottom"],
    ) -> Iterator[Segment]:
        """Each line of a row: the edges, and every cell's line padded to its column."""
        cells = [
            lay_out(cell, width, styles, column.justify, row.style)
            for cell, width, column in zip(row.cells, widths, self.columns, strict=True)
        ]
        height = max(len(lines) for lines in cells)
        for lines, width in zip(cells, widths, strict=True):
            blank: list[Line] = [[(" " * width, None)]] * (height - len(lines))
            if align == "top":
                lines.extend(blank)
            else:
                lines[:0] = blank
        left, vertical, right = edges
        last = len(cells) - 1
        for line_no in range(height):
            # Unstyled text runs together into one segment: fewer for Rich to handle.
            plain = left
            for index, lines in enumerate(cells):
                plain += " "
                for text, style in lines[line_no]:
                    if style is None:
                        plain += text
                    else:
                        yield Segment(plain)
                        yield Segment(text, style)
                        plain = ""
                plain += " " + (right if index == last else vertical)
            yield Segment(plain + "\n")


class Paragraph:
    """Styled runs wrapped to the console width as the table title is (`NO_BREAK` held)."""

    def __init__(self, runs: Sequence[Run]) -> None:
        self.runs = runs

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Each line, without the padding a table cell would get (the Rich protocol)."""
        for line in lay_out(self.runs, options.max_width, _Styles(console)):
            *text, _pad = line
            if text:  # the space a line broke at is not drawn either
                last, style = text[-1]
                text[-1] = (last.rstrip(" "), style)
            yield from (Segment(part, style) for part, style in text)
            yield Segment.line()


class _Styles:
    """Style names resolved once per table, with a row's style laid under a line's own."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.resolved: dict[tuple[str, str], Style | None] = {}

    def get(self, name: str, under: str = "") -> Style | None:
        """The style to draw `name` in on a row styled `under` (None: plain)."""
        key = (under, name)
        if key not in self.resolved:
            get_style = self.console.get_style
            self.resolved[key] = get_style(under) + get_style(name) if under or name else None
        return self.resolved[key]


def lay_out(
    runs: Sequence[Run],
    width: int,
    styles: _Styles,
    justify: Literal["left", "right"] = "left",
    under: str = "",
) -> list[Line]:
    """Runs broken into lines of exactly `width` cells: wrapped, folded, padded."""
    laid: list[Line] = []
    pad_style = styles.get("", under)
    for line in _split_lines(runs):
        plain = _plain(line)
        if "\t" in plain:
            line = _expand_tabs(line)
            plain = _plain(line)
        used = cell_len(plain)
        if used <= width:
            pieces = [(line, plain)]
        else:
            bounds = [0, *wrap_offsets(plain, width), len(plain)]
            pieces = [(_cut(line, begin, end), plain[begin:end]) for begin, end in pairwise(bounds)]
        for piece, text in pieces:
            if NO_BREAK in text:  # laid out as part of a word, drawn as a space
                text = text.replace(NO_BREAK, " ")
                piece = [(part.replace(NO_BREAK, " "), name) for part, name in piece]
            if justify == "right" and text[-1:].isspace():
                text = text.rstrip()
                piece = _cut(piece, 0, len(text))
            if len(pieces) > 1 or text is not plain:
                used = cell_len(text)
            if used > width:  # spaces past the edge, after a wrap
                text = chop_cells(text, width)[0]
                piece = _cut(piece, 0, len(text))
                used = cell_len(text)
            pad = (" " * (width - used), pad_style)
            resolved = [(part, styles.get(name, under)) for part, name in piece]
            laid.append([pad, *resolved] if justify == "right" else [*resolved, pad])
    return laid


def _split_lines(runs: Sequence[Run]) -> list[list[Run]]:
    """Runs split at newlines, each line its list of runs (empty runs dropped)."""
    lines: list[list[Run]] = [[]]
    for text, style in runs:
        # A stray bell, backspace or carriage return would move the cursor off the
        # grid (the loader refuses them; Rich's Text dropped them too).
        first, *rest = strip_control_codes(text).split("\n")
        if first:
            lines[-1].append((first, style))
        lines.extend([(part, style)] if part else [] for part in rest)
    return lines


def _plain(line: Sequence[Run]) -> str:
    return line[0][0] if len(line) == 1 else "".join(text for text, _ in line)


def _cut(line: Sequence[Run], begin: int, end: int) -> list[Run]:
    """The runs of characters `begin` to `end` of a line."""
    cut: list[Run] = []
    start = 0
    for text, style in line:
        low, high = max(begin - start, 0), min(end - start, len(text))
        if low < high:
            cut.append((text[low:high], style))
        start += len(text)
    return cut


def _expand_tabs(line: Sequence[Run]) -> list[Run]:
    """Tabs as spaces to the next stop every 8 cells (Rich's `Text.expand_tabs`)."""
    expanded: list[Run] = []
    position = 0
    for text, style in line:
        parts = text.split("\t")
        out = ""
        for part in parts[:-1]:
            position += cell_len(part) + 1  # the tab itself is at least one space
            spaces = -position % TAB_SIZE
            out += part + " " * (1 + spaces)
            position += spaces
        out += parts[-1]
        position += cell_len(parts[-1])
        expanded.append((out, style))
    return expanded


_WORD = re.compile(f"[^\\S{_HOLDING}]*[\\S{_HOLDING}]+[^\\S{_HOLDING}]*")
"""A word with the spaces around it, as Rich's wrapping splits a line (`\\s*\\S+\\s*`),
except that a no-break space belongs to the word."""
_BREAKS = re.compile(f"[^\\S{_HOLDING}]+")
"""Where a line may break."""


def longest_word(texts: Iterable[str]) -> int:
    """Cells of the longest word of `texts` (no-break spaces hold a word together)."""
    return max((cell_len(w) for text in texts for w in _BREAKS.split(text)), default=0)


def wrap_offsets(text: str, width: int) -> list[int]:
    """Where to break a line so that no piece is wider than `width` (trailing spaces aside).

    Before a word that does not fit; a word wider than the column is folded.
    This is Rich's `divide_line`, so the breaks fall where Rich's table put them.
    """
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        stripped = word.rstrip()
        word_width = cell_len(stripped)
        if width - offset >= word_width:
            offset += word_width + cell_len(word[len(stripped) :])
        elif word_width > width:
            folded = chop_cells(word, width)
            for index, piece in enumerate(folded):
                if start:
                    breaks.append(start)
                if index == len(folded) - 1:
                    offset = cell_len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks
