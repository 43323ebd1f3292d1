"""Text bound for spreadsheets: csv and tsv, with formula-looking cells neutralised.

Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`,
`-`, `@`, a tab or a carriage return as a formula: `=HYPERLINK(…)` sends data
away when clicked, `=cmd|…` asks to start a program.  As OWASP's CSV-injection
guidance says, such a cell gets a leading `'`, which spreadsheets take as "this
is text" (and hide).  A plain number (`-3`, `+7.5`, `1e-05`) is a number, not
a formula, and stays as it is.  Every csv and tsv amanat writes goes through
here; `raw` (the `--raw` option) writes cells untouched, for machine pipelines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""What a spreadsheet runs as a formula at the start of a cell (the full-width forms too)."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutral(cell: str) -> str:
    """`cell`, with a leading `'` when a spreadsheet would run it as a formula."""
    if cell.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]], *, raw: bool = False) -> str:
    """CSV with a UTF-8 BOM and CRLF line ends, so Excel opens Cyrillic right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(row if raw else [neutral(cell) for cell in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def tsv_cell(text: str) -> str:
    """One tab-separated cell: a tab or line break inside would shift every later column."""
    return " ".join(text.replace("\t", " ").splitlines())


def tsv_text(header: Sequence[str], rows: Iterable[Sequence[str]], *, raw: bool = False) -> str:
    """Tab-separated rows under a header line."""
    lines = ["\t".join(header)]
    for row in rows:
        cells = [tsv_cell(cell) for cell in row]
        lines.append("\t".join(cells if raw else [neutral(cell) for cell in cells]))
    return "\n".join(lines) + "\n"
