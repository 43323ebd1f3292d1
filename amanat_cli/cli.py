"""The Typer application: commands parse, call the library, print, exit.

Heavy modules (Rich tables, exporters, openpyxl) are imported inside the
commands that use them: shell completion re-runs this program on every TAB.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from amanat_cli import __version__
from amanat_cli.errors import ExitCode, UserError
from amanat_cli.i18n import _
from amanat_cli.i18n_cli import translate_help
from amanat_cli.options import LangOption

COMMAND_MODULES = (
    "check",
    "schema",
    "init",
    "status",
    "show",
    "explain",
    "members",
    "assign",
    "record",
    "set_status",
    "feedback",
    "undo",
    "export",
    "diff",
)
"""Modules under `amanat_cli.commands`, each with a `register(app)` function."""


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"amanat {__version__}\n")
        raise typer.Exit()


def build_app() -> typer.Typer:
    """Create the application with every command registered."""
    app = typer.Typer(
        name="amanat",
        help=_("Run a party branch's pledge roadmap: check, status, assign, record, export."),
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,
        suggest_commands=False,  # Click suggests too, translated; Typer's would add English
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        version: bool = typer.Option(
            False,
            "--version",
            callback=_version_callback,
            is_eager=True,
            help=_("Print the version and exit."),
        ),
        lang: LangOption = None,
    ) -> None:
        """Run a party branch's pledge roadmap: check, status, assign, record, export."""

    for name in COMMAND_MODULES:
        module = importlib.import_module(f"amanat_cli.commands.{name}")
        module.register(app)
    translate_help(app)  # docstrings and option help become --help in the chosen language
    return app


def _report_bug(error: BaseException) -> int:
    """One line and a hint for an internal bug; the traceback only on request."""
    if os.environ.get("AMANAT_DEBUG") == "1":
        raise error
    message = _(
        "internal error: {error}. Please report it; run with AMANAT_DEBUG=1 to see details."
    )
    sys.stderr.write("amanat: " + message.format(error=f"{type(error).__name__}: {error}") + "\n")
    return 70


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `amanat` command."""
    from amanat_cli.terminal import prepare_streams, set_language_early

    prepare_streams()
    set_language_early(sys.argv[1:] if argv is None else argv)
    try:
        app = build_app()
        app(args=argv, prog_name="amanat", standalone_mode=True)
    except UserError as error:
        sys.stderr.write(f"amanat: {error.message}\n")
        sys.exit(int(error.code))
    except BrokenPipeError:
        # `amanat status | head` closed the pipe: quiet exit, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as error:  # the last line of defence
        sys.exit(_report_bug(error))


__all__ = ["ExitCode", "build_app", "main"]
