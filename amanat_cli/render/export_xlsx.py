"""The meeting pack as an Excel workbook: real numbers and dates, frozen headers, filters.

openpyxl is imported here only, inside the function: start-up time of every
other command stays untouched.  Output is byte-for-byte reproducible for one
pack (workbook dates and zip entry times are the as-of date), so a test or a
git history can compare two exports.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from amanat_cli.compute.pack import MeetingPack
from amanat_cli.i18n import _
from amanat_cli.render.pack_tables import (
    Cell,
    Table,
    cell_text,
    changes_table,
    exceptions_table,
    feedback_table,
    headline_rows,
    indicators_table,
    load_table,
    pack_heading,
    pack_particulars,
    pack_title,
    pledges_table,
    rule_gaps_table,
    sample_notice,
)

RAG_FILLS = {
    "red": "FFC7CE",
    "amber": "FFEB9C",
    "grey": "D9D9D9",
    "green": "C6EFCE",
    "done": "BDD7EE",
}
"""Excel's own "good/neutral/bad" pastel fills: the word stays readable on them."""

NUMBER_FORMATS = {
    "percent": "0.0%",
    "date": "YYYY-MM-DD",
    "int": "0",
    "number": "General",
    "decimal": "0.00",
    "gap": "+0.00;-0.00;0.00",
}
"""Measured values as written (General); computed ones to two decimals."""
MAX_WIDTH = 60
TRANSLATED_KINDS = ("rag", "status", "flags", "tone", "bodies", "item_kind", "change_kind")


def _value(value: Cell, kind: str, names: Mapping[str, Mapping[str, str]]) -> Any:
    """What goes into the cell: numbers and dates stay typed; key words are translated,
    a section or district shown by its name."""
    if value is None:
        return None
    if kind in TRANSLATED_KINDS or kind in names:
        return cell_text(value, kind, names)
    return value


def _sheet(
    workbook: Any,
    name: str,
    headers: list[str],
    cells: list[list[Cell]],
    kinds: list[str],
    names: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """One sheet: bold frozen header, autofilter, typed cells, rag fills, fitted widths."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(name)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in cells:
        sheet.append([_value(v, k, names or {}) for v, k in zip(row, kinds, strict=True)])
    widths = [len(h) for h in headers]
    for row_cells in sheet.iter_rows(min_row=2):
        for index, cell in enumerate(row_cells):
            kind = kinds[index]
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even "=…": never a formula Excel would run
            if kind in NUMBER_FORMATS and cell.value is not None:
                cell.number_format = NUMBER_FORMATS[kind]
            raw = cells[cell.row - 2][index]
            if kind == "rag" and isinstance(raw, str):
                fill = RAG_FILLS[raw]
                cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
            shown = 10 if isinstance(cell.value, date | float) else len(str(cell.value or ""))
            widths[index] = max(widths[index], shown)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _print_setup(sheet)


def _print_setup(sheet: Any) -> None:
    """Printed for a meeting: A4 landscape, every column on the page, headers on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _table_sheet(workbook: Any, name: str, table: Table) -> None:
    _sheet(
        workbook,
        name,
        [c.label for c in table.columns],
        [list(r) for r in table.rows],
        [c.kind for c in table.columns],
        table.names,
    )


def _summary(workbook: Any, pack: MeetingPack) -> None:
    rows: list[list[Cell]] = [[pack_title(pack), pack.roadmap.branch.name]]
    notice = sample_notice(pack)
    if notice:
        rows.append([_("Warning"), notice])
    rows += [[label, value] for label, value in pack_particulars(pack)]
    kinds = ["date" if isinstance(value, date) else "text" for _label, value in rows]
    rows += [[label, value] for _key, label, value, _kind in headline_rows(pack)]
    kinds += [kind for *_rest, kind in headline_rows(pack)]
    # Sheet names in the reader's language too (English ones in a Russian pack
    # would be the only English left in it).
    _sheet(workbook, _("Summary"), [_("Figure"), _("Value")], rows, ["text", "text"])
    sheet = workbook[_("Summary")]
    for index, kind in enumerate(kinds, start=2):  # typed formats row by row: one column mixes
        if kind in NUMBER_FORMATS:
            sheet.cell(row=index, column=2).number_format = NUMBER_FORMATS[kind]


def _reproducible_zip(data: bytes, when: date) -> bytes:
    """The same archive with every entry dated `when` (zip times are otherwise 'now')."""
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def render_xlsx(pack: MeetingPack) -> bytes:
    """The workbook as bytes: Summary, Exceptions, Pledges, Indicators, Feedback, Members, ..."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.remove(workbook.active)
    _summary(workbook, pack)
    for name, table in (
        (_("Exceptions"), exceptions_table(pack)),
        (_("Pledges"), pledges_table(pack)),
        (_("Indicators"), indicators_table(pack)),
        (_("Feedback"), feedback_table(pack)),
        (_("Members"), load_table(pack)),
        (_("Ownership gaps"), rule_gaps_table(pack)),
        (_("Changes"), changes_table(pack)),
    ):
        _table_sheet(workbook, name, table)
    moment = datetime(pack.as_of.year, pack.as_of.month, pack.as_of.day)
    workbook.properties.created = workbook.properties.modified = moment
    workbook.properties.creator = "amanat"
    workbook.properties.title = pack_heading(pack)
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save() stamps "modified" with the clock.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _reproducible_zip(buffer.getvalue(), pack.as_of)
