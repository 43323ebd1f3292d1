"""`amanat status` as tsv, csv, Markdown and JSON: text, no colour, no truncation.

Machine formats (tsv, csv, json) are locale-independent: English column
names, ISO dates, unrounded fractions with a dot.  Markdown is for people, so
its headings and words are translated and fractions shown as percentages.
"""

from __future__ import annotations

import json
from typing import Any

from amanat_cli.compute.progress import IndicatorFigures, RollUp
from amanat_cli.compute.report import (
    BranchReport,
    IndicatorRow,
    PledgeRow,
    SectionBlock,
    StatusReport,
)
from amanat_cli.i18n import _
from amanat_cli.render.formats import OutputFormat, day, exact, number, percent, with_unit
from amanat_cli.render.labels import flag_label, rag_label, status_label
from amanat_cli.render.markdown import md_cell, md_table
from amanat_cli.render.sheets import csv_text, tsv_text
from amanat_cli.render.summary import filtered_note, summary_text

PLEDGE_COLUMNS = (
    "branch",
    "section",
    "pledge",
    "title",
    "status",
    "owners",
    "weight",
    "due",
    "progress",
    "coverage",
    "rag",
    "days_overdue",
    "negative_feedback",
    "unconfirmed",
    "contested",
    "stale",
    "cancelled",
)
"""Columns of the tsv/csv pledge rows (stable names: scripts rely on them)."""

INDICATOR_COLUMNS = (
    "branch",
    "section",
    "pledge",
    "indicator",
    "title",
    "unit",
    "owner",
    "baseline",
    "target",
    "start",
    "due",
    "latest_date",
    "latest_value",
    "progress",
    "expected",
    "expected_value",
    "rag",
    "days_overdue",
    "stale",
)
"""Columns of the tsv/csv indicator rows (`--indicators`)."""


def _flag(on: bool) -> str:
    return "true" if on else "false"


def _pledge_cells(row: PledgeRow) -> list[str]:
    f = row.figures
    return [
        row.branch_id,
        row.section_id,
        row.pledge.id,
        row.pledge.title,
        str(row.pledge.status),
        ",".join(o.id for o in row.owners),
        exact(row.pledge.weight),
        row.pledge.due.isoformat(),
        exact(f.progress),
        exact(f.coverage),
        str(f.rag),
        str(f.days_overdue),
        str(len(f.negative_feedback)),
        _flag(f.unconfirmed),
        _flag(f.contested),
        str(f.stale),
        _flag(f.cancelled),
    ]


def _indicator_cells(pledge: PledgeRow, row: IndicatorRow) -> list[str]:
    f = row.figures
    i = f.indicator
    return [
        pledge.branch_id,
        pledge.section_id,
        pledge.pledge.id,
        i.id,
        i.title,
        i.unit or "",
        i.owner or "",
        exact(i.baseline),
        exact(i.target),
        i.start.isoformat(),
        i.due.isoformat(),
        f.latest.date.isoformat() if f.latest is not None else "",
        exact(f.latest.value) if f.latest is not None else "",
        exact(f.progress),
        exact(f.expected),
        exact(f.expected_value),
        str(f.rag),
        str(f.days_overdue),
        _flag(f.stale),
    ]


def status_rows(
    report: StatusReport, indicators: bool = False
) -> tuple[tuple[str, ...], list[list[str]]]:
    """The header and rows of the tsv/csv views: one per pledge, or per indicator."""
    rows: list[list[str]] = []
    for branch in report.branches:
        for section in branch.sections:
            for pledge in section.pledges:
                if indicators:
                    rows.extend(_indicator_cells(pledge, i) for i in pledge.indicators)
                else:
                    rows.append(_pledge_cells(pledge))
    return (INDICATOR_COLUMNS if indicators else PLEDGE_COLUMNS), rows


def status_tsv(report: StatusReport, indicators: bool = False, raw: bool = False) -> str:
    """Tab-separated rows with a header line (what a pipe gets); see `sheets` for `raw`."""
    return tsv_text(*status_rows(report, indicators), raw=raw)


def status_csv(report: StatusReport, indicators: bool = False, raw: bool = False) -> str:
    """CSV with a UTF-8 BOM and CRLF line ends; see `sheets` for `raw`."""
    return csv_text(*status_rows(report, indicators), raw=raw)


# --------------------------------------------------------------------------- json


def _counts(totals: RollUp) -> dict[str, int]:
    return {str(rag): count for rag, count in totals.counts.items()}


def _totals_json(totals: RollUp) -> dict[str, Any]:
    return {
        "progress": totals.progress,
        "coverage": totals.coverage,
        "counts": _counts(totals),
        "unconfirmed": totals.unconfirmed,
        "contested": totals.contested,
        "stale": totals.stale,
        "overdue": totals.overdue,
        "negative_feedback": totals.negative_feedback,
        "cancelled": totals.cancelled,
    }


def indicator_json(figures: IndicatorFigures) -> dict[str, Any]:
    """One indicator's figures as the JSON of CLI.md (plus inputs)."""
    i = figures.indicator
    latest = figures.latest
    return {
        "id": i.id,
        "title": i.title,
        "unit": i.unit,
        "owner": i.owner,
        "baseline": i.baseline,
        "target": i.target,
        "start": i.start.isoformat(),
        "due": i.due.isoformat(),
        "weight": i.weight,
        "progress": figures.progress,
        "expected": figures.expected,
        "expected_value": figures.expected_value,
        "rag": str(figures.rag),
        "stale": figures.stale,
        "days_overdue": figures.days_overdue,
        "latest": None
        if latest is None
        else {"date": latest.date.isoformat(), "value": latest.value, "source": latest.source},
    }


def pledge_json(row: PledgeRow) -> dict[str, Any]:
    """One pledge row as the JSON of CLI.md (plus inputs and flags)."""
    f = row.figures
    return {
        "id": row.pledge.id,
        "title": row.pledge.title,
        "status": str(row.pledge.status),
        "weight": row.pledge.weight,
        "due": row.pledge.due.isoformat(),
        "districts": list(row.pledge.districts),
        "owners": [o.id for o in row.owners],
        "progress": f.progress,
        "coverage": f.coverage,
        "rag": str(f.rag),
        "unconfirmed": f.unconfirmed,
        "contested": f.contested,
        "stale": f.stale,
        "days_overdue": f.days_overdue,
        "negative_feedback": len(f.negative_feedback),
        "indicators": [indicator_json(i.figures) for i in row.indicators],
    }


def _shown_json(shown: RollUp, count: int, total: int, filtered: bool) -> dict[str, Any]:
    """How many pledges are shown and, when filtered, their roll-up under its own key."""
    keys: dict[str, Any] = {"pledges_total": total, "pledges_shown": count}
    if filtered:
        keys["shown"] = _totals_json(shown)  # a subset: never under the item's own keys
    return keys


def _section_json(block: SectionBlock, filtered: bool) -> dict[str, Any]:
    return {
        "id": block.section.id,
        "title": block.section.title,
        "sensitive": block.section.sensitive,
        "owner": block.section.owner,
        **_totals_json(block.totals),
        **_shown_json(block.shown, len(block.pledges), block.pledges_total, filtered),
        "pledges": [pledge_json(p) for p in block.pledges],
    }


def _branch_json(branch: BranchReport, filtered: bool) -> dict[str, Any]:
    b = branch.roadmap.branch
    return {
        "id": b.id,
        "name": b.name,
        "programme": b.programme,
        "as_of": branch.as_of.isoformat(),
        **_totals_json(branch.totals),
        **_shown_json(branch.shown, branch.pledges_shown, branch.pledges_total, filtered),
        "sections": [_section_json(s, filtered) for s in branch.sections],
    }


def status_json(report: StatusReport) -> str:
    """The one JSON object of CLI.md: unrounded fractions, null where there is no data."""
    # `json.dumps(indent=...)` runs Python's pure encoder (5x slower: 0.66 s of a national
    # roll-up); without indent the C encoder runs.  So the top level is laid out here, a
    # key per line, and each branch is one compact line: still readable, `head` and
    # `grep` still work, and the text is the same JSON document.
    as_of = report.as_of
    head = {
        "as_of": as_of.isoformat() if as_of is not None else None,
        "filtered": report.filtered,
        "totals": _totals_json(report.totals),
    }
    if report.filtered:
        head["shown"] = _totals_json(report.shown)
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    branches = [
        json.dumps(_branch_json(b, report.filtered), ensure_ascii=False) for b in report.branches
    ]
    if branches:
        lines += ['  "branches": [', "    " + ",\n    ".join(branches), "  ]", "}"]
    else:
        lines += ['  "branches": []', "}"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- markdown


def _pledgemd_cell(row: PledgeRow) -> list[str]:
    f = row.figures
    return [
        row.pledge.id,
        row.pledge.title,
        ", ".join(o.name for o in row.owners),
        percent(f.known_progress),
        rag_label(f.rag),
        row.pledge.due.isoformat(),
        str(f.days_overdue) if f.days_overdue else "",
        str(len(f.negative_feedback)) if f.negative_feedback else "",
        # the status already says "cancelled"; the flag would repeat it
        ", ".join(
            [status_label(row.pledge.status)]
            + [flag_label(x) for x in row.flags if x != "cancelled"]
        ),
    ]


def _indicatormd_cell(row: IndicatorRow) -> list[str]:
    f = row.figures
    i = f.indicator
    latest = f.latest
    return [
        "↳ " + i.id,
        i.title,
        row.owner.name if row.owner is not None else "",
        percent(f.progress),
        rag_label(f.rag),
        i.due.isoformat(),
        str(f.days_overdue) if f.days_overdue else "",
        "",
        (
            _("latest {value} on {date}; target {target}; expected {expected}").format(
                value=with_unit(latest.value, i.unit),
                date=day(latest.date),
                target=number(i.target),
                expected=number(f.expected_value),
            )
            if latest is not None
            else _("no data; target {target}; expected {expected}").format(
                target=number(i.target), expected=number(f.expected_value)
            )
        )
        + ("; " + flag_label("stale") if f.stale else ""),
    ]


def statusmd_cell(report: StatusReport, indicators: bool = False) -> str:
    """A Markdown heading per branch, a table per section (for minutes and wikis)."""
    header = [
        _("ID"),
        _("Pledge"),
        _("Owner"),
        _("Progress"),
        _("RAG"),
        _("Due"),
        _("Days overdue"),
        _("Neg. feedback"),
        _("Notes"),
    ]
    lines: list[str] = []
    for branch in report.branches:
        b = branch.roadmap.branch
        lines += [f"# {md_cell(b.programme)}", ""]
        lines += [_("{name}, as of {date}").format(name=md_cell(b.name), date=branch.as_of), ""]
        summary = summary_text(branch.totals)
        if report.filtered:
            summary += " · " + filtered_note(branch.pledges_shown, branch.pledges_total)
        lines += [summary, ""]
        for block in branch.sections:
            title = md_cell(block.section.title)
            if block.section.sensitive:
                title += " — " + _("socially sensitive")
            lines += [f"## {title}", ""]
            owner = block.owner.name if block.owner is not None else _("no owner")
            line = _("Owner: {owner}").format(owner=md_cell(owner))
            if block.filtered:
                line += " · " + filtered_note(len(block.pledges), block.pledges_total)
            lines += [line, ""]
            rows: list[list[str]] = []
            for pledge in block.pledges:
                rows.append(_pledgemd_cell(pledge))
                if indicators:
                    rows.extend(_indicatormd_cell(i) for i in pledge.indicators)
            lines += [*md_table(header, rows, right=(3, 6, 7)), ""]
    if len(report.branches) > 1:
        lines += [_("All branches: {summary}").format(summary=summary_text(report.totals)), ""]
    return "\n".join(lines)


def status_text(
    report: StatusReport, output_format: OutputFormat, indicators: bool = False, raw: bool = False
) -> str:
    """The report in a text format: tsv, csv, json or md (the table is render.terminal's).

    `raw`: csv and tsv cells as they are, even those a spreadsheet would run (`sheets`).
    """
    if output_format == OutputFormat.JSON:
        return status_json(report)
    if output_format == OutputFormat.CSV:
        return status_csv(report, indicators, raw)
    if output_format == OutputFormat.MD:
        return statusmd_cell(report, indicators)
    return status_tsv(report, indicators, raw)
