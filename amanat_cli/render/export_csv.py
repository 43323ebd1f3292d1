"""The meeting pack as one flat CSV table for spreadsheets: UTF-8 with BOM.

One row per pledge followed by one row per indicator of it (`kind` tells
which), with `section` and `pledge` columns so a filter or pivot table can
regroup them, and an `exception` column (true for red or amber) that gives
the exceptions list with one filter.  Values are machine values: English keys
for rag/status, dot decimals, ISO dates, fractions unrounded — it is the
input to other tools; the xlsx export is the one for reading.  Text a
spreadsheet would run as a formula is neutralised (`sheets`) unless `raw`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from amanat_cli.compute.pack import EXCEPTION_RAGS, MeetingPack, ahead_of_trajectory
from amanat_cli.render.sheets import csv_text

COLUMNS = (
    "kind",
    "section",
    "pledge",
    "id",
    "title",
    "status",
    "owner",
    "owner_name",
    "rag",
    "exception",
    "progress",
    "expected",
    "coverage",
    "unit",
    "baseline",
    "target",
    "latest",
    "latest_date",
    "expected_value",
    "ahead_of_trajectory",
    "due",
    "days_overdue",
    "unconfirmed",
    "contested",
    "stale",
    "negative_feedback",
)


def _text(value: object) -> str:
    """A cell as text: machine values (true/false, ISO dates, empty for none)."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def render_csv(pack: MeetingPack, raw: bool = False) -> bytes:
    """The flat table as CSV bytes with a UTF-8 BOM (Excel reads Cyrillic right)."""
    return csv_text(COLUMNS, _rows(pack), raw=raw).encode("utf-8")


def _rows(pack: MeetingPack) -> Iterator[list[str]]:
    for block in pack.sections:
        for row in block.pledges:
            f = row.figures
            yield [
                _text(v)
                for v in (
                    "pledge",
                    block.section.id,
                    row.pledge.id,
                    row.pledge.id,
                    row.pledge.title,
                    row.pledge.status.value,
                    ",".join(o.id for o in row.owners),
                    ", ".join(o.name for o in row.owners),
                    f.rag.value,
                    not f.cancelled and f.rag in EXCEPTION_RAGS,
                    f.progress,
                    None,
                    f.coverage,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    row.pledge.due,
                    f.days_overdue,
                    f.unconfirmed,
                    f.contested,
                    f.stale > 0,
                    len(f.negative_feedback),
                )
            ]
            for indicator in row.indicators:
                i, g = indicator.indicator, indicator.figures
                yield [
                    _text(v)
                    for v in (
                        "indicator",
                        block.section.id,
                        row.pledge.id,
                        i.id,
                        i.title,
                        None,
                        i.owner,
                        indicator.owner.name if indicator.owner else None,
                        g.rag.value,
                        not f.cancelled and g.rag in EXCEPTION_RAGS,
                        g.progress,
                        g.expected,
                        1.0 if g.has_data else 0.0,
                        i.unit,
                        i.baseline,
                        i.target,
                        g.latest.value if g.latest else None,
                        g.latest.date if g.latest else None,
                        g.expected_value,
                        ahead_of_trajectory(indicator),
                        i.due,
                        g.days_overdue,
                        None,
                        None,
                        g.stale,
                        None,
                    )
                ]
