"""Options shared by the commands (CLI.md "Common options"), each declared once.

A command declares in its signature only what it reads: `-r` (`RoadmapOption`),
`--dry-run`, `--as-of` where it changes the result.  What every command
accepts but none reads as a parameter is attached to every command here
(`attach_common_options`, from the app's group), so no command carries a
parameter it ignores (a test holds every declared parameter to a use):

- `--lang`: read before Typer starts (`terminal.set_language_early`); listed
  so `--help` shows it and Click accepts it anywhere;
- `--color`: kept on the run's context for the commands that colour
  (`terminal.asked_color`);
- `--as-of` on a command whose result no date changes (a write, `diff`,
  `undo`, `feedback list`, `schema`): refused (exit 2), never silently dropped.
"""

from __future__ import annotations

import enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from amanat_cli.cli.toolkit import click
from amanat_cli.cli.completion import complete_language
from amanat_cli.i18n import LANGUAGES, _, current_language


class Color(enum.StrEnum):
    """`--color`: colour on a terminal only (auto), always, or never."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


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


def _keep_color(ctx: typer.Context, value: Color) -> Color:
    from amanat_cli.cli.terminal import COLOR_KEY

    ctx.meta[COLOR_KEY] = value
    return value


def _refuse_as_of(ctx: typer.Context, value: str | None) -> None:
    if value is not None:
        from amanat_cli.cli.exits import UserError

        raise UserError(
            _(
                "--as-of does not apply to `{command}` (it sets the date reports compute "
                "figures for); leave it out"
            ).format(command=ctx.command_path)
        )


def _version(value: bool) -> None:
    if value:
        import sys

        from amanat_cli import __version__

        sys.stdout.write(f"amanat {__version__}\n")
        raise typer.Exit()


def _common(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            expose_value=False,
            help=_("Print the version and exit."),
        ),
    ] = False,
    color: Annotated[
        Color,
        typer.Option(
            "--color",
            metavar="auto|always|never",
            callback=_keep_color,
            expose_value=False,
            help=_("Colour: auto (terminal only, honours NO_COLOR), always, never."),
        ),
    ] = Color.AUTO,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="|".join(LANGUAGES),
            expose_value=False,
            autocompletion=complete_language,
            help=_(
                "Interface language. Default: $AMANAT_LANG, else the system locale, else English."
            ),
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="DATE", hidden=True, expose_value=False, callback=_refuse_as_of
        ),
    ] = None,
) -> None:
    """The options every command accepts; Typer makes them Click parameters once per language."""


@cache
def _common_parameters(language: str) -> dict[str, click.Parameter]:
    """`_common`'s options as Click parameters (help in `language`), by name."""
    app = typer.Typer()
    app.command()(_common)
    command = typer.main.get_command(app)
    return {str(param.name): param for param in command.params}


def attach_common_options(group: click.Group, *, root: bool = True) -> None:
    """Give `group` (the app, or `feedback`) and each of its commands what every one accepts.

    The app takes `--version` and `--lang`, a group `--lang`; a command
    `--color` and `--lang`, and a refusing `--as-of` unless it declares its own.
    """
    common = _common_parameters(current_language())
    if root:  # first, as `amanat --help` has always listed them
        group.params[:0] = _missing(group, [common["version"], common["lang"]])
    else:
        group.params += _missing(group, [common["lang"]])
    for command in group.commands.values():
        if hasattr(command, "commands"):  # a group (`feedback`); Typer 0.26+ has no click.Group
            attach_common_options(command, root=False)  # type: ignore[arg-type]
        else:
            command.params += _missing(command, [common["color"], common["lang"], common["as_of"]])


def _missing(command: click.Command, parameters: list[Any]) -> list[Any]:
    declared = {param.name for param in command.params}
    return [p for p in parameters if p.name not in declared]
