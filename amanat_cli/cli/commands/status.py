"""`amanat status`: branch → sections → pledges (→ indicators), filtered."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from amanat_cli.cli.commands._common import as_of_for, load_scope
from amanat_cli.cli.completion import (
    complete_body,
    complete_district,
    complete_member_id,
    complete_rag,
    complete_section_id,
)
from amanat_cli.cli.options import AsOfOption, PathsArgument, RawOption, RoadmapOption
from amanat_cli.i18n import _
from amanat_cli.render.formats import OutputFormat, resolve_format

IndicatorsOption = Annotated[
    bool, typer.Option("--indicators", help=_("Add a row per indicator under each pledge."))
]
SectionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--section",
        metavar="ID",
        help=_("Only this section (repeatable)."),
        autocompletion=complete_section_id,
        show_default=False,
    ),
]
OwnerOption = Annotated[
    str | None,
    typer.Option(
        "--owner",
        metavar="MEMBER",
        help=_(
            "Only what this member owns: their sections, or the pledges of their indicators "
            "(an id, a surname or the start of the name)."
        ),
        autocompletion=complete_member_id,
        show_default=False,
    ),
]
BodyOption = Annotated[
    str | None,
    typer.Option(
        "--body",
        metavar="BODY",
        help=_("Only items owned by members of this body: bureau, political_council, faction."),
        autocompletion=complete_body,
        show_default=False,
    ),
]
RagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--rag",
        metavar="RAG",
        help=_("Only pledges with this rag: red, amber, grey, green, done (repeatable)."),
        autocompletion=complete_rag,
        show_default=False,
    ),
]
OverdueOption = Annotated[bool, typer.Option("--overdue", help=_("Only overdue pledges."))]
DistrictOption = Annotated[
    str | None,
    typer.Option(
        "--district",
        metavar="SLUG",
        help=_("Only pledges for this district (its slug, or its name in any language)."),
        autocompletion=complete_district,
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        help=_("Output format. Default: a table on a terminal, tab-separated rows otherwise."),
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    """Add `amanat status` to the application."""

    @app.command(
        help=_(
            "Status tables: branch, sections, pledges (and indicators with --indicators).\n\n"
            "On a terminal a table; piped, tab-separated rows with a header line.\n\n"
            "Example: amanat status --section health --rag red --indicators"
        )
    )
    def status(
        paths: PathsArgument = None,
        roadmap: RoadmapOption = None,
        indicators: IndicatorsOption = False,
        section: SectionOption = None,
        owner: OwnerOption = None,
        body: BodyOption = None,
        rag: RagOption = None,
        overdue: OverdueOption = False,
        district: DistrictOption = None,
        output_format: FormatOption = None,
        raw: RawOption = False,
        as_of: AsOfOption = None,
    ) -> None:
        """Status tables: branch, sections, pledges (and indicators).

        Example: amanat status --section health --rag red --indicators
        """
        from amanat_cli.cli.inputs import parse_body, parse_rag
        from amanat_cli.compute.progress import compute
        from amanat_cli.compute.report import Filters, build_status
        from amanat_cli.read.scope import find_district, member_id
        from amanat_cli.read.store import gc_paused

        # Figures, rows and output make ~10^6 objects and no cycles: the cyclic collector
        # would only traverse them again and again (a third of a 100,000-indicator run).
        with gc_paused():
            scope = load_scope(roadmap, paths)
            branches = [compute(r, as_of_for(r, as_of)) for r in scope.roadmaps]
            filters = Filters(
                tuple(section or ()),
                member_id(scope.roadmaps, owner) if owner is not None else None,
                parse_body(body) if body is not None else None,
                tuple(parse_rag(word) for word in rag or ()),
                overdue,
                find_district(scope.roadmaps, district) if district is not None else None,
            )
            report = build_status(branches, filters)
            output_format = resolve_format(output_format, sys.stdout.isatty())
            if output_format == OutputFormat.TABLE:
                from amanat_cli.cli.terminal import make_console
                from amanat_cli.render.terminal import print_status

                print_status(make_console(), report, indicators)
            else:
                from amanat_cli.render.tabular import status_text

                sys.stdout.write(status_text(report, output_format, indicators, raw))
            sys.stdout.flush()  # a closed pipe (`| head`) fails here, inside cli.main's guard
