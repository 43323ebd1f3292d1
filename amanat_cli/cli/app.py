"""The Typer application: commands parse, call the library, print, exit.

Heavy modules (Rich tables, exporters, openpyxl) are imported inside the
commands that use them: shell completion re-runs this program on every TAB.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import typer

from amanat_cli.cli import toolkit
from amanat_cli.cli.completion import prepare_installer
from amanat_cli.cli.exits import ExitCode, UserError, exit_code, one_line
from amanat_cli.cli.i18n_cli import translate_help
from amanat_cli.cli.options import attach_common_options
from amanat_cli.cli.toolkit import TyperGroup
from amanat_cli.errors import AmanatError
from amanat_cli.i18n import _
from amanat_cli.render.printable import visible

COMMANDS: dict[str, str] = {
    "check": "check",
    "status": "status",
    "show": "show",
    "explain": "explain",
    "members": "members",
    "member": "member",
    "assign": "assign",
    "unassign": "assign",
    "record": "record",
    "unrecord": "unrecord",
    "set-status": "set_status",
    "set-as-of": "set_as_of",
    "feedback": "feedback",
    "undo": "undo",
    "export": "export",
    "diff": "diff",
    "init": "init",
    "schema": "schema",
    "sync": "sync",
}
"""The registry of commands: each word a user types, in CLI.md's order (`amanat --help`
lists them so), and the module under `amanat_cli.cli.commands` whose `register(app)`
adds it.  A new command is one line here and its module (tests/cli/test_registries.py)."""

COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))
"""The command modules, each once, in the order of their first command."""


class _Group(TyperGroup):
    """The app's group: every command gets the common options; listed in CLI.md's order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attach_common_options(self)

    def list_commands(self, ctx: toolkit.Context) -> list[str]:
        """The registered command names, in CLI.md's order (Typer puts groups last)."""
        order = list(COMMANDS)
        names = super().list_commands(ctx)
        return sorted(names, key=lambda name: order.index(name) if name in order else len(order))


def _words_before_cursor() -> list[str]:
    """The words of the command line being completed, without the one under the cursor."""
    from amanat_cli.cli.toolkit import split_arg_string

    if "COMP_WORDS" in os.environ:  # bash
        words = split_arg_string(os.environ["COMP_WORDS"])
        return words[1 : int(os.environ.get("COMP_CWORD", len(words)))]
    typed = os.environ.get("_TYPER_COMPLETE_ARGS", "")  # zsh, fish, PowerShell
    words = split_arg_string(typed)[1:]
    if os.environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE") or not typed.endswith(" "):
        words = words[:-1]  # the word under the cursor is still being typed
    return words


ROOT_OPTIONS_WITH_VALUES = ("--lang", "--max-size", "--max-items")
"""Options before the command word that take the next word as their value."""


def command_module(argv: list[str]) -> str | None:
    """The one module a run needs, or None for all (help, no or unknown command, names to complete)."""
    # Typer builds a Click command for every registered command (~3 ms each), and
    # a shell completion re-runs the program on every TAB: register only what runs.
    words = _words_before_cursor() if os.environ.get("_AMANAT_COMPLETE") else argv
    skip_value = False
    for word in words:
        if skip_value:
            skip_value = False
        elif word in ROOT_OPTIONS_WITH_VALUES:
            skip_value = True
        elif not word.startswith("-"):
            return COMMANDS.get(word)
    return None


def build_app(only: str | None = None) -> typer.Typer:
    """Create the application with every command registered, or only the module `only`."""
    app = typer.Typer(
        name="amanat",
        cls=_Group,
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
        max_size: Annotated[
            str | None,
            typer.Option(
                "--max-size",
                metavar="SIZE",
                help=_(
                    "Refuse a roadmap file larger than this (e.g. 200MB). "
                    "Default: $AMANAT_MAX_SIZE, else 64MB."
                ),
                show_default=False,
            ),
        ] = None,
        max_items: Annotated[
            str | None,
            typer.Option(
                "--max-items",
                metavar="N",
                help=_(
                    "Stop reading a roadmap file with more items (YAML mappings) than this. "
                    "Default: $AMANAT_MAX_ITEMS, else 250000."
                ),
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Run a party branch's pledge roadmap: check, status, assign, record, export."""
        from amanat_cli.cli.inputs import set_reading_limits

        set_reading_limits(max_size, max_items)

    prepare_installer()  # --install-completion: its report in the chosen language
    for name in (only,) if only else COMMAND_MODULES:
        module = importlib.import_module(f"amanat_cli.cli.commands.{name}")
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
    described = visible(f"{type(error).__name__}: {error}")
    sys.stderr.write("amanat: " + message.format(error=described) + "\n")
    return ExitCode.BUG


_TRY_HELP = "Try '{command} {option}' for help."
"""Click's own msgid (translated in the `click` catalogue), reused for our one-line errors."""


def _single_line(text: str) -> str:
    return " ".join(text.split())


def _one_line_usage_error(error: toolkit.click.UsageError) -> str:
    """`amanat status: No such option: --x (Try 'amanat status --help' for help.)` — one line.

    Typer would draw a box of several lines; a secretary's script, a log and a
    pipe want the one-line form of every other amanat error.
    """
    command = error.ctx.command_path if error.ctx is not None else "amanat"
    hint = _(_TRY_HELP).format(command=command, option="--help")
    return visible(f"{command}: {_single_line(error.format_message())} ({hint})")


def _points_at_devnull(fd: int) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(os.devnull))
    except (OSError, ValueError):
        return False


def _pipe_was_closed(stdout_was_devnull: bool) -> bool:
    """True when stdout broke on a closed pipe during this run (Click or Rich saw EPIPE)."""
    if type(sys.stdout).__name__ == "PacifyFlushWrapper":  # Click's EPIPE wrapper
        return True
    return not stdout_was_devnull and _points_at_devnull(1)


@dataclass(frozen=True, slots=True)
class Run:
    """What one run reads once, when it starts, and hands to its command (Click's `ctx.obj`)."""

    today: date
    """The day the run started on (see `today`)."""


def today() -> date:
    """Today for this run: the clock is read once, in `main`, when the command starts.

    ROADMAP.md's default `as_of` and the default `--date` of a write; the core
    never reads the clock, it is handed this date.  One reading per run, so a
    command working across midnight sees one day throughout.
    """
    context = toolkit.current_context()
    run = context.find_object(Run) if context is not None else None
    if run is None:  # a bug: every run starts in `main`, which passes its `Run`
        raise RuntimeError("no Run in the Click context: start commands with cli.app.main")
    return run.today


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `amanat` command."""
    from amanat_cli.cli.terminal import prepare_streams, set_language_early

    run = Run(today=date.today())  # the one reading of the clock for this run
    prepare_streams()
    stdout_was_devnull = _points_at_devnull(1)
    words = sys.argv[1:] if argv is None else argv
    before_data = words[: words.index("--")] if "--" in words else words
    completing = bool(os.environ.get("_AMANAT_COMPLETE"))  # argv is empty then: no help
    asks_help = not words or bool({"-h", "--help"} & {*before_data})
    set_language_early(words, help_wanted=asks_help and not completing)
    try:
        app = build_app(command_module(words))
        # Not standalone: Click's errors come back here to be printed as one line.
        outcome = app(args=argv, prog_name="amanat", standalone_mode=False, obj=run)
        sys.exit(outcome if isinstance(outcome, int) else 0)
    except toolkit.NoArgsIsHelpError as shown:
        # Bare `amanat`: the help is the answer, already printed by Typer's formatter
        # (Click's plain one puts it in the message); no error line after it.
        message = shown.format_message()
        if message.strip():
            sys.stdout.write(message + "\n")
        sys.exit(shown.exit_code)
    except toolkit.UsageError as error:
        sys.stderr.write(_one_line_usage_error(error) + "\n")
        sys.exit(error.exit_code)
    except toolkit.ClickException as error:
        sys.stderr.write(f"amanat: {visible(_single_line(error.format_message()))}\n")
        sys.exit(error.exit_code)
    except toolkit.Abort:
        sys.stderr.write("\n")
        sys.exit(130)
    except AmanatError as error:  # a refusal of the core, or of the command line itself
        sys.stderr.write(f"amanat: {visible(one_line(error))}\n")
        sys.exit(int(exit_code(error)))
    except BrokenPipeError:
        # `amanat status | head` closed the pipe: quiet exit, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(130)
    except SystemExit as leaving:
        if leaving.code == 1 and _pipe_was_closed(stdout_was_devnull):
            # `amanat status | head -1`: the reader has all it wanted — success,
            # as for other tools' quiet exit on a closed pipe.  Click and Rich both
            # turn EPIPE into exit 1 (Rich after pointing stdout at os.devnull).
            sys.exit(0)
        raise
    except Exception as error:  # the last line of defence
        sys.exit(_report_bug(error))


__all__ = ["ExitCode", "UserError", "build_app", "main"]
