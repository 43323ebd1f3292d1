"""Options shared by every command (CLI.md "Common options")."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amanat_cli.cli.toolkit import click
from amanat_cli.i18n import _

RoadmapOption = Annotated[
    list[Path] | None,
    typer.Option(
        "-r",
        "--roadmap",
        help=_(
            "Roadmap file or folder of *.yaml (repeatable). "
            "Default: $AMANAT_ROADMAPS, else ./roadmaps/, else the bundled sample."
        ),
        show_default=False,
    ),
]

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help=_("Roadmap files or folders."), show_default=False),
]

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help=_(
            "Compute figures for this date (YYYY-MM-DD or DD.MM.YYYY). Default: the branch's as_of, "
            "else today."
        ),
        show_default=False,
    ),
]

ColorOption = Annotated[
    str,
    typer.Option(
        "--color",
        metavar="auto|always|never",
        click_type=click.Choice(["auto", "always", "never"]),
        help=_("Colour: auto (terminal only, honours NO_COLOR), always, never."),
    ),
]

LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="en|ru|kk",
        help=_("Interface language. Default: $AMANAT_LANG, else the system locale, else English."),
        show_default=False,
    ),
]
"""Read before Typer starts (see terminal.set_language_early); declared so --help lists it."""

DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", help=_("Print the diff and write nothing.")),
]

RawOption = Annotated[
    bool,
    typer.Option(
        "--raw",
        help=_(
            "csv and tsv: write cells as they are, even those a spreadsheet would run as a "
            "formula (=, +, -, @ first); for scripts, not for Excel."
        ),
    ),
]
"""Off: a cell a spreadsheet would run gets a leading ' (render.sheets)."""
