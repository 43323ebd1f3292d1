"""The meeting pack as Markdown: headings, short tables, bold rag words (pastes into chats)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from amanat_cli.compute.pack import MeetingPack
from amanat_cli.i18n import _
from amanat_cli.render.labels import flag_label, rag_label
from amanat_cli.render.localefmt import format_date
from amanat_cli.render.markdown import md_cell, md_table
from amanat_cli.render.pack_tables import (
    Cell,
    Column,
    Table,
    cell_text,
    changes_caption,
    changes_table,
    exceptions_table,
    headline_rows,
    load_table,
    owner_text,
    pack_heading,
    pack_particulars,
    progress_words,
    rule_gaps_table,
    sample_notice,
)


def _one_line(text: str) -> str:
    """Heading-safe text: line breaks folded (pipes mean nothing outside tables)."""
    return " ".join(text.split())


_NUMERIC_KINDS = ("percent", "number", "int")


def _cell(table: Table, value: Cell, column: Column) -> str:
    text = table.text(value, column)
    return f"**{text}**" if column.kind == "rag" and value is not None else text


def _table(table: Table, keys: Sequence[str]) -> list[str]:
    """A Markdown table of the named columns, or a line saying there is nothing."""
    if not table.rows:
        return ["_" + _("None.") + "_", ""]
    index = [next(i for i, c in enumerate(table.columns) if c.key == k) for k in keys]
    header = [table.columns[i].label for i in index]
    rows = [[_cell(table, row[i], table.columns[i]) for i in index] for row in table.rows]
    right = [n for n, i in enumerate(index) if table.columns[i].kind in _NUMERIC_KINDS]
    return [*md_table(header, rows, right), ""]


def render_md(pack: MeetingPack) -> str:
    """The whole pack as Markdown text."""
    out = [f"# {md_cell(pack_heading(pack))}", ""]
    notice = sample_notice(pack)
    if notice:
        out += [f"> **{md_cell(notice)}**", ""]
    particulars = [
        f"**{label}:** " + (format_date(value) if isinstance(value, date) else md_cell(value))
        for label, value in pack_particulars(pack)
    ]
    out += ["  \n".join(particulars), ""]  # two spaces: a line break inside the paragraph
    out += [f"## {_('Headline figures')}", ""]
    headline = [[label, cell_text(value, kind)] for _k, label, value, kind in headline_rows(pack)]
    out += md_table([_("Figure"), _("Value")], headline, right=(1,))
    exceptions = exceptions_table(pack)
    out += ["", f"## {exceptions.title}", ""]
    out += _table(
        exceptions,
        (
            "rag",
            "id",
            "title",
            "owner_name",
            "progress",
            "expected",
            "latest",
            "expected_value",
            "ahead_of_trajectory",
            "days_overdue",
            "negative_feedback",
            "latest_quote",
        ),
    )
    gaps = rule_gaps_table(pack)
    out += [f"## {gaps.title}", "", *_table(gaps, ("kind", "id", "title", "owner_name", "needs"))]
    changes = changes_table(pack)
    out += [f"## {changes.title}", "", changes_caption(pack), ""]
    out += _table(changes, ("date", "change"))
    load = load_table(pack)
    out += [f"## {load.title}", ""]
    out += _table(load, ("name", "bodies", "sections", "indicators", "red", "amber", "overdue"))
    out += [f"## {_('Every pledge')}", ""]
    for block in pack.sections:
        out += [
            f"### {_one_line(block.section.title)}",
            "",
            f"{_('Owner')}: {md_cell(owner_text(block.owner))} · {_('Progress')}: "
            f"{progress_words(block.totals.known_progress)}",
            "",
        ]
        for row in block.pledges:
            figures = row.figures
            flags = ", ".join(flag_label(f) for f in row.flags)
            line = (
                f"- **{rag_label(figures.rag)}** `{row.pledge.id}` {md_cell(row.pledge.title)}"
                f" — {progress_words(figures.known_progress)}, {_('due')} "
                f"{format_date(row.pledge.due, short=True)}"
            )
            if figures.days_overdue:
                line += ", " + _("{n} days overdue").format(n=figures.days_overdue)
            out.append(line + (f" ({flags})" if flags else ""))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
