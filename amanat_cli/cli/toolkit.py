"""Every name amanat takes from Click and Typer beyond Typer's documented API, in one place.

Typer 0.25 (pinned in pyproject.toml) drives the real Click 8; Typer 0.26+
bundles a trimmed copy as `typer._click` (no `Choice`, no `Abort`, exceptions
that are not the real Click's classes: FIELD-NOTES "Typer").  So amanat never
imports Click by name: every module takes Click's names from here, and here
they come from the Typer in use.  With the translation of Click's own words
(`i18n_cli`), this is the whole of what an upgrade of Typer or Click touches;
CI runs the fast tests against the newest versions too (.ci/run).
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

import typer
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    from typer.core import click  # type: ignore[attr-defined]  # checked as the pinned Click 8
else:  # Typer >= 0.26 runs on its bundled copy; 0.25 on the real Click it imported
    click = getattr(typer, "_click", None) or typer.core.click


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{click.__name__}.{name}")


_exceptions = _module("exceptions")


class _NeverRaised(_exceptions.UsageError):  # type: ignore[misc,name-defined]
    """Stands for an exception class the Click in use does not have."""


UsageError: type[click.UsageError] = _exceptions.UsageError
ClickException: type[click.ClickException] = _exceptions.ClickException
Abort: type[BaseException] = getattr(_exceptions, "Abort", _NeverRaised)
NoArgsIsHelpError: type[click.UsageError] = getattr(_exceptions, "NoArgsIsHelpError", _NeverRaised)
"""What Click (8.2+) raises after showing the help for a bare `amanat`."""
Context = click.Context


def current_context() -> click.Context | None:
    """The Click context of the command being run, if any."""
    return cast("click.Context | None", _module("globals").get_current_context(silent=True))


def split_arg_string(text: str) -> list[str]:
    """Split a command line as the shell completion of the Click in use does."""
    return cast(list[str], _module("shell_completion").split_arg_string(text))


def parameter_infos() -> type[Any]:
    """The class of `typer.Option(...)` and `typer.Argument(...)` objects."""
    from typer.models import ParameterInfo

    return ParameterInfo


def completion_placeholders() -> tuple[Any, ...]:
    """The functions whose signatures declare `--install-completion` and `--show-completion`."""
    from typer import completion

    return (
        completion._install_completion_placeholder_function,
        completion._install_completion_no_auto_placeholder_function,
    )


def completion_installer() -> Any:
    """Typer's `install(shell=None)`: writes the completion script, returns (shell, path)."""
    from typer._completion_shared import install

    return install


def completion_scripts() -> dict[str, str]:
    """Typer's completion scripts by shell (a template each), which `install` writes."""
    from typer import _completion_shared

    return _completion_shared._completion_scripts


NEGATIVE_NUMBER = re.compile(r"-[0-9].*", re.DOTALL)
"""`-5`, `-5,5`, `-1 250` (and `-5x`, for the command to refuse): a value, never a flag —
no option of amanat is a digit."""


class NegativeNumbersAreValues(TyperCommand):
    """A command whose arguments may be negative numbers: `amanat record X -5`.

    Click takes any word starting with `-` for an option, so `-5` would be
    "No such option".  Its parser is asked to leave a word that is a negative
    number among the arguments, in its place; every other word is parsed as
    usual (`-x` and `--sorce` are still "No such option", `--` still ends the
    options), and the command parses the value itself (`-5x` is "not a number").
    Click's parser is private API: `tests/write/test_measurements.py` holds it.
    """

    def make_parser(self, ctx: click.Context) -> Any:
        """Click's parser, with negative numbers kept as arguments."""
        parser: Any = super().make_parser(ctx)  # Click's own: its `_process_opts` is wrapped
        process_option = parser._process_opts

        def process(word: str, state: Any) -> None:
            if NEGATIVE_NUMBER.fullmatch(word):
                state.largs.append(word)
            else:
                process_option(word, state)

        parser._process_opts = process
        return parser


__all__ = [
    "Abort",
    "ClickException",
    "Context",
    "NegativeNumbersAreValues",
    "NoArgsIsHelpError",
    "TyperGroup",
    "UsageError",
    "click",
    "completion_installer",
    "completion_placeholders",
    "completion_scripts",
    "current_context",
    "parameter_infos",
    "split_arg_string",
]
