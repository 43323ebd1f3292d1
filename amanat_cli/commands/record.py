"""`amanat record`: add a measurement to an indicator."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Annotated

import typer

from amanat_cli.commands._write import Plan, Planner, files_of, free_text, write_change
from amanat_cli.edit import AppendItem, Scalar, item_path, update_item
from amanat_cli.errors import ExitCode, UserError
from amanat_cli.i18n import _
from amanat_cli.model import Indicator, Item, Measurement, Roadmap
from amanat_cli.options import AsOfOption, ColorOption, DryRunOption, LangOption, RoadmapOption
from amanat_cli.scope import find, parse_date_option
from amanat_cli.yamltree import YNode

_DECIMAL = re.compile(r"[-+]?[0-9]+([.,][0-9]+)?")
# Spaces people put between thousands: "1 250", with NBSP or narrow NBSP from Excel.
_GROUP_SPACES = str.maketrans("", "", " \u00a0\u202f")


def parse_value(text: str) -> int | float:
    """A measurement from the command line: `12`, `12.5`, or `12,5` (decimal comma).

    Exponents (`1e5`), thousands commas (`1,250.5`) and words are refused:
    ROADMAP.md wants plain decimals, and a guess would put a wrong figure
    in a report.  Spaces between digit groups (`1 250`) are dropped.
    """
    compact = text.strip().translate(_GROUP_SPACES)
    if not _DECIMAL.fullmatch(compact):
        raise UserError(
            _("VALUE: '{value}' is not a number; write e.g. 12, 12.5 or 12,5").format(value=text),
            ExitCode.USAGE,
        )
    compact = compact.replace(",", ".").lstrip("+")
    return float(compact) if "." in compact else int(compact)


def plan_record(ref: str, measurement: Measurement, force: bool) -> Planner:
    """Append a measurement, refusing an exact duplicate unless forced."""

    def plan(roadmap: Roadmap, tree: YNode) -> Plan | str:
        indicator = find([roadmap], ref, members=False).item
        if not isinstance(indicator, Indicator):
            raise UserError(
                _("'{ref}' is not an indicator; only indicators have measurements").format(ref=ref),
                ExitCode.USAGE,
            )
        same = [
            m
            for m in indicator.values
            if (m.date, m.value) == (measurement.date, measurement.value)
        ]
        if same and not force:
            raise UserError(
                _(
                    "{id} already has {value} on {date} (line {line}); nothing written — "
                    "use --force to record it again"
                ).format(
                    id=indicator.id,
                    value=measurement.value,
                    date=measurement.date,
                    line=same[0].at.line,
                ),
                ExitCode.DATA,
            )

        def add(item: Item) -> Item:
            assert isinstance(item, Indicator)
            return replace(item, values=(*item.values, measurement))

        fields: dict[str, Scalar] = {"date": measurement.date, "value": measurement.value}
        fields |= {
            k: v for k, v in (("source", measurement.source), ("note", measurement.note)) if v
        }
        summary = _("recorded {value} for {id} on {date} in {path}").format(
            value=measurement.value, id=indicator.id, date=measurement.date, path=roadmap.path
        )
        edit = AppendItem(item_path(tree, indicator.id), "values", fields, flow_when_new=True)
        return Plan([edit], update_item(roadmap, indicator.id, add), summary)

    return plan


def register(app: typer.Typer) -> None:
    @app.command()
    def record(
        indicator: Annotated[str, typer.Argument(metavar="INDICATOR", show_default=False)],
        value: Annotated[str, typer.Argument(metavar="VALUE", show_default=False)],
        on: Annotated[
            str | None,
            typer.Option("--date", metavar="DATE", help=_("Date of the figure. Default: today.")),
        ] = None,
        source: Annotated[
            str | None, typer.Option("--source", help=_("Who reported the figure (evidence)."))
        ] = None,
        note: Annotated[str | None, typer.Option("--note", help=_("A remark."))] = None,
        force: Annotated[
            bool, typer.Option("--force", help=_("Record even the same date and value twice."))
        ] = False,
        roadmap: RoadmapOption = None,
        dry_run: DryRunOption = False,
        as_of: AsOfOption = None,
        color: ColorOption = "auto",
        lang: LangOption = None,
    ) -> None:
        """Add a measurement to an indicator (decimal comma accepted: 12,5).

        Example: amanat record health-polyclinics-opened 3 --date 2025-06-30 --source "Управление здравоохранения"
        """
        day = parse_date_option(on, "--date") if on else date.today()
        measurement = Measurement(day, parse_value(value), free_text(source), free_text(note))
        for path, _refs in files_of(roadmap, [indicator], members=False).items():
            write_change(path, plan_record(indicator, measurement, force), dry_run=dry_run)
