"""The meeting pack as one self-contained HTML page: screen, phone and A4 print.

No network: inline CSS, inline SVG charts (pygal, imported only here), no
external URL in any src or href.  Rag is a word plus a border pattern, so it
reads in black-and-white print and for colour-blind readers.  Every data text
is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from html import escape

from amanat_cli.compute.pack import ExceptionItem, MeetingPack
from amanat_cli.i18n import _, current_language
from amanat_cli.render.labels import flag_label
from amanat_cli.render.localefmt import format_date
from amanat_cli.render.pack_tables import (
    Table,
    cell_text,
    changes_caption,
    changes_table,
    exceptions_table,
    headline_rows,
    load_table,
    owner_text,
    owners_text,
    pack_heading,
    pack_particulars,
    progress_words,
    rule_gaps_table,
    sample_notice,
)

CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; margin: 0 auto;
  max-width: 1100px; padding: 12px; color: #111; line-height: 1.35; font-size: 15px; }
h1 { font-size: 1.5em; margin: 0 0 .3em; } h2 { font-size: 1.2em; margin: 1.4em 0 .4em;
  border-bottom: 2px solid #111; padding-bottom: 2px; } h3 { font-size: 1.05em; margin: 1em 0 .3em; }
.meta { margin: 0; } .meta dt { font-weight: 600; display: inline; }
.meta dd { display: inline; margin: 0 1em 0 .3em; }
.meta dd.date { white-space: nowrap; }
.sample { border: 2px dashed #111; padding: 4px 8px; font-weight: 700; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; } td.num { text-align: right; white-space: nowrap; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 6px; }
.figure { border: 1px solid #999; padding: 6px 8px; }
.figure b { display: block; font-size: 1.4em; }
.rag { display: inline-block; padding: 0 6px; font-weight: 700; white-space: nowrap;
  border: 2px solid #111; border-radius: 3px; }
.rag-red { background: #ffc7ce; border-style: solid; border-width: 3px; }
.rag-red::before { content: "\\25A0 "; }
.rag-amber { background: #ffeb9c; border-style: dashed; }
.rag-amber::before { content: "\\25B2 "; }
.rag-grey { background: #e4e4e4; border-style: dotted; font-weight: 400; }
.rag-grey::before { content: "? "; }
.rag-green { background: #c6efce; border-width: 1px; font-weight: 400; }
.rag-done { background: #bdd7ee; border-style: double; border-width: 3px; font-weight: 400; }
.rag-done::before { content: "\\2713 "; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 10px; }
figure { margin: 0; border: 1px solid #999; padding: 6px; break-inside: avoid; }
figure svg { width: 100%; height: auto; } figcaption { font-size: .9em; }
ul.pledges { padding-left: 1.1em; margin: .2em 0; } ul.pledges li { margin: 2px 0; }
.none { font-style: italic; color: #444; }
tr.quote td { border-top: none; font-style: italic; padding-left: 2em; }
table.exceptions tr:not(.quote) td { border-bottom-style: dotted; }
@media (max-width: 600px) { body { font-size: 14px; padding: 6px; }
  th, td { padding: 2px 4px; } .charts { grid-template-columns: 1fr; } }
@media print { body { font-size: 9.5pt; max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; } tr, figure, .figure { break-inside: avoid; }
  h2 { break-after: avoid; } .scroll { overflow: visible; } }
"""

_NOISE = re.compile(r"<!--.*?-->|<script\b.*?</script>", re.S)
"""pygal's comments (with the date) and its config script (no use without its JS)."""


def _rag(value: str) -> str:
    return f'<span class="rag rag-{escape(value)}">{escape(cell_text(value, "rag"))}</span>'


def _table(table: Table, keys: Sequence[str]) -> str:
    if not table.rows:
        return f'<p class="none">{escape(_("None."))}</p>'
    index = [next(i for i, c in enumerate(table.columns) if c.key == k) for k in keys]
    head = "".join(f"<th>{escape(table.columns[i].label)}</th>" for i in index)
    body = []
    for row in table.rows:
        cells = []
        for i in index:
            kind, value = table.columns[i].kind, row[i]
            if kind == "rag" and isinstance(value, str):
                cells.append(f"<td>{_rag(value)}</td>")
            else:
                numeric = kind in ("int", "number", "decimal", "gap", "percent")
                cls = ' class="num"' if numeric else ""
                cells.append(f"<td{cls}>{escape(table.text(value, table.columns[i]))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>'
        + "\n".join(body)
        + "</tbody></table></div>"
    )


def _exceptions(pack: MeetingPack, table: Table) -> str:
    """Red then amber items; the latest complaint on its own full-width line under its item."""
    if not pack.exceptions:
        return f'<p class="none">{escape(_("None."))}</p>'
    labels = {c.key: c.label for c in table.columns}
    heads = (
        "rag",
        "title",
        "owner_name",
        "progress",
        "latest",
        "ahead_of_trajectory",
        "days_overdue",
        "negative_feedback",
    )
    head = "".join(f"<th>{escape(labels[k])}</th>" for k in heads)
    rows = []
    for item in pack.exceptions:
        figures = item.indicator.figures if item.indicator else None
        latest = figures.latest if figures else None
        unit = item.indicator.indicator.unit if item.indicator else None
        if latest is not None and figures is not None:
            against = _("{latest} of {expected} expected").format(
                latest=cell_text(latest.value, "number"),
                expected=cell_text(figures.expected_value, "decimal"),
            )
            against += f" {unit}" if unit else ""
        else:
            against = "—"
        progress = cell_text(
            figures.progress if figures else item.pledge.figures.known_progress, "percent"
        )
        if figures is not None:
            progress += " / " + cell_text(figures.expected, "percent")
        cells = [
            _rag(item.rag.value),
            f"{escape(item.title)}<br><code>{escape(item.item_id)}</code>",
            escape(owners_text(item.owners)),
            f'<span class="num">{escape(progress)}</span>',
            escape(against),
            escape(cell_text(item.gap, "gap")),
            escape(cell_text(item.days_overdue or None, "int")),
            escape(cell_text(len(item.negative_feedback) or None, "int")),
        ]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        quote = item.latest_quote
        if quote is not None:
            rows.append(
                f'<tr class="quote"><td colspan="{len(heads)}">'
                f"{escape(format_date(quote.date, short=True))}: «{escape(quote.text)}»</td></tr>"
            )
    return (
        f'<div class="scroll"><table class="exceptions"><thead><tr>{head}</tr></thead>'
        "<tbody>" + "\n".join(rows) + "</tbody></table></div>"
    )


CHARTS_SHOWN = 60
"""Trajectory charts drawn, red first: each costs ~10 ms and ~50 KB, and a meeting reads a
few dozen at most (13,605 took 65 s and 1 GB); the exceptions table lists every one."""


def _charts(pack: MeetingPack) -> str:
    """The first CHARTS_SHOWN red and amber indicators' charts, and a word on the others."""
    charted = [e for e in pack.exceptions if e.indicator is not None]
    if not charted:
        return f'<p class="none">{escape(_("None."))}</p>'
    shown = charted[:CHARTS_SHOWN]
    charts = "\n".join(_chart(item, n) for n, item in enumerate(shown, start=1))
    note = ""
    if len(charted) > len(shown):
        note = (
            "<p>"
            + escape(
                _(
                    "The first {shown} of {total} red and amber indicators; the exceptions "
                    "table lists them all."
                ).format(shown=len(shown), total=len(charted))
            )
            + "</p>"
        )
    return f'{note}<div class="charts">{charts}</div>'


def _chart(item: ExceptionItem, number: int) -> str:
    """Measurements against the straight trajectory from baseline to target, as inline SVG."""
    import pygal
    from pygal.style import Style

    assert item.indicator is not None
    indicator, figures = item.indicator.indicator, item.indicator.figures
    values = sorted((m.date, m.value) for m in indicator.values if m.date <= figures.as_of)
    low = min([indicator.baseline, indicator.target, *(v for _d, v in values)])
    high = max([indicator.baseline, indicator.target, *(v for _d, v in values)])
    pad = (high - low) * 0.05 or 1
    years = [date(y, 1, 1) for y in range(indicator.start.year + 1, indicator.due.year + 1)]
    chart = pygal.DateLine(
        width=420,
        height=230,
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        legend_at_bottom=True,
        show_legend=True,
        truncate_legend=-1,
        truncate_label=-1,
        dots_size=3,
        range=(low - pad, high + pad),
        x_labels=years or [indicator.start],
        x_value_formatter=lambda d: str(d.year),
        show_minor_y_labels=False,
        y_labels_major_count=5,
        show_x_guides=False,
        show_y_guides=True,
        style=Style(
            background="white",
            plot_background="white",
            foreground="#111",
            foreground_strong="#111",
            foreground_subtle="#ddd",
            colors=("#111", "#666"),
            font_family="Arial, sans-serif",
            label_font_size=11,
            legend_font_size=11,
            major_label_font_size=11,
        ),
    )
    chart.add(_("measured"), values)
    chart.add(
        _("trajectory"),
        [(indicator.start, indicator.baseline), (indicator.due, indicator.target)],
        show_dots=False,
        stroke_style={"dasharray": "6,4", "width": 2},
    )
    svg: str = chart.render(is_unicode=True)
    # pygal names the chart by a random uuid and stamps the date in comments: fix both,
    # so one pack always gives the same page.
    svg = _NOISE.sub("", svg).replace(chart.uuid, f"trajectory-{number}")
    unit = f", {indicator.unit}" if indicator.unit else ""
    caption = escape(f"{indicator.id} — {indicator.title}{unit}")
    return (
        f'<figure class="chart rag-border-{item.rag.value}" id="chart-{number}">'
        f"<figcaption>{_rag(item.rag.value)} {caption}</figcaption>{svg}</figure>"
    )


def _pledge_list(pack: MeetingPack) -> str:
    parts = []
    for block in pack.sections:
        parts.append(
            f"<h3>{escape(block.section.title)}</h3><p>{escape(_('Owner'))}: "
            f"{escape(owner_text(block.owner))} · {escape(_('Progress'))}: "
            f"{escape(progress_words(block.totals.known_progress))}</p>"
        )
        items = []
        for row in block.pledges:
            figures = row.figures
            text = (
                f"<code>{escape(row.pledge.id)}</code> {escape(row.pledge.title)} — "
                f"{escape(progress_words(figures.known_progress))}, {escape(_('due'))} "
                f"{format_date(row.pledge.due, short=True)}"
            )
            if figures.days_overdue:
                text += ", " + escape(_("{n} days overdue").format(n=figures.days_overdue))
            if row.flags:
                text += " (" + escape(", ".join(flag_label(f) for f in row.flags)) + ")"
            items.append(f"<li>{_rag(figures.rag.value)} {text}</li>")
        parts.append('<ul class="pledges">' + "\n".join(items) + "</ul>")
    return "\n".join(parts)


def render_html(pack: MeetingPack) -> str:
    """The whole pack as one HTML document."""
    title = pack_heading(pack)
    figures = "".join(
        f'<div class="figure">{escape(label)}<b>{escape(cell_text(value, kind))}</b></div>'
        for _key, label, value, kind in headline_rows(pack)
    )
    exceptions, gaps, changes, load = (
        exceptions_table(pack),
        rule_gaps_table(pack),
        changes_table(pack),
        load_table(pack),
    )
    sections = [
        ("headline", _("Headline figures"), f'<div class="figures">{figures}</div>'),
        ("exceptions", exceptions.title, _exceptions(pack, exceptions)),
        ("charts", _("Trajectories of red and amber indicators"), _charts(pack)),
        ("rule-gaps", gaps.title, _table(gaps, ("kind", "id", "title", "owner_name", "needs"))),
        (
            "changes",
            changes.title,
            f"<p>{escape(changes_caption(pack))}</p>" + _table(changes, ("date", "change")),
        ),
        (
            "load",
            load.title,
            _table(load, ("name", "bodies", "sections", "indicators", "red", "amber", "overdue")),
        ),
        ("pledges", _("Every pledge"), _pledge_list(pack)),
    ]
    body = "\n".join(
        f'<section id="{key}"><h2>{escape(heading)}</h2>\n{content}</section>'
        for key, heading, content in sections
    )
    meta = "".join(
        f'<dt>{escape(label)}:</dt><dd class="date">{escape(format_date(value))}</dd>'
        if isinstance(value, date)
        else f'<dt>{escape(label)}:</dt><dd class="text">{escape(value)}</dd>'
        for label, value in pack_particulars(pack)
    )
    notice = sample_notice(pack)
    warning = f'<p class="sample">{escape(notice)}</p>' if notice else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{current_language()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{escape(title)}</h1>{warning}<dl class="meta">{meta}</dl></header>\n'
        f"{body}\n</body>\n</html>\n"
    )
