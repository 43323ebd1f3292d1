"""How figures read in every human view, and the output formats of the report commands.

The helpers here format figures the same way in every human-readable view:
percentages, numbers, progress bars.  Machine formats (json, tsv, csv) write
the unrounded fractions instead.  No Rich import here: `render.terminal`
holds what needs it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from amanat_cli.i18n import _
from amanat_cli.render.localefmt import format_date, format_number, format_percent

NO_DATA = "—"
"""Shown where a figure has no data (an em dash, one cell wide)."""

BAR_WIDTH = 10
BAR_FULL = "█"
BAR_EMPTY = "░"


@dataclass(frozen=True, slots=True)
class Format:
    """An output format: its `--format` word, the file names that imply it, who writes it."""

    name: str
    suffixes: tuple[str, ...] = ()
    """`-o` names that imply it (`export -o pack.htm`)."""
    report: bool = False
    """`status`, `members` and `feedback list` print it (`OutputFormat`)."""
    pack: str | None = None
    """`module:function` of `render` that writes the meeting pack in it; `export` imports
    it by this name only when asked (`cli.commands.export.pack_renderer`)."""


FORMATS: tuple[Format, ...] = (
    Format("table", report=True),
    Format("tsv", (".tsv",), report=True),
    Format("csv", (".csv",), report=True, pack="export_csv:render_csv"),
    Format("json", (".json",), report=True, pack="export_json:render_json"),
    Format("md", (".md", ".markdown"), report=True, pack="export_md:render_md"),
    Format("html", (".html", ".htm"), pack="export_html:render_html"),
    Format("xlsx", (".xlsx",), pack="export_xlsx:render_xlsx"),
)
"""The registry of output formats; the report commands and `export` take theirs from it."""

PACK_FORMATS = tuple(f.name for f in FORMATS if f.pack)
"""What `export --format` accepts, in the order its help lists them."""


def pack_format_of(suffix: str) -> str | None:
    """The pack format a file name's suffix implies (`.htm` -> html), if any."""
    return next((f.name for f in FORMATS if f.pack and suffix.lower() in f.suffixes), None)


class OutputFormat(enum.StrEnum):
    """What `--format` of the report commands can ask for (the registry's `report` formats)."""

    TABLE = "table"
    TSV = "tsv"
    CSV = "csv"
    JSON = "json"
    MD = "md"


def resolve_format(asked: OutputFormat | None, is_terminal: bool) -> OutputFormat:
    """The format asked for, else a table on a terminal and tab-separated rows otherwise."""
    if asked is not None:
        return asked
    return OutputFormat.TABLE if is_terminal else OutputFormat.TSV


class DetailFormat(enum.StrEnum):
    """What `--format` of `show` can ask for."""

    TEXT = "text"
    JSON = "json"


def percent(fraction: float | None) -> str:
    """`0.4981` → `49.8%`; None → a dash."""
    if fraction is None:
        return NO_DATA
    return format_percent(fraction, 1)  # «49,8 %» in Russian


def number(value: float) -> str:
    """A measured or computed value for people: integers bare, others to 2 decimals."""
    return format_number(value, 2, trim=True)  # «1 234,5» in Russian


def exact(value: float | None) -> str:
    """A value for machines: integers bare, others as the shortest exact decimal."""
    if value is None:
        return ""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def progress_bar(fraction: float | None, width: int = BAR_WIDTH) -> str:
    """`█████░░░░░  50.0%` in plain block characters (width 0: the percentage alone).

    No data has no bar: an empty one would read as nothing done.
    """
    label = percent(fraction).rjust(len(percent(1.0)))  # "100.0%", «100,0 %»
    if width <= 0:
        return label
    if fraction is None:
        return " " * (width + 1) + label
    filled = round(fraction * width)
    return BAR_FULL * filled + BAR_EMPTY * (width - filled) + " " + label


def day(value: date | None) -> str:
    """A date for a table column (ISO in English, 30.06.2025 in ru/kk), or a dash."""
    return format_date(value, short=True) if value is not None else NO_DATA


def with_unit(value: float, unit: str | None) -> str:
    """`12 ед.`, or the bare number without a unit."""
    return f"{number(value)} {unit}" if unit else number(value)


def days_text(days: int) -> str:
    """`12 d` for a day count (empty for zero)."""
    return _("{n} d").format(n=days) if days else ""
