"""The Click that Typer runs on, named in one place and taken from Typer itself.

Typer 0.25 (pinned in pyproject.toml) drives the real Click 8; Typer 0.26+
bundles its own copy as `typer._click`, whose exceptions are not the real
Click's classes (FIELD-NOTES "Typer").  So amanat never imports Click by
name: every module takes Click's names from here, and here they come from
the Typer in use, so an upgrade is not a hunt for imports.
"""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING, Any, cast

import typer
from typer.core import (  # type: ignore[attr-defined]  # click: the Click Typer 0.25 runs on
    TyperCommand,
    click,
)

if not TYPE_CHECKING:
    click = getattr(typer, "_click", click)  # Typer >= 0.26 runs on its bundled copy


def split_arg_string(text: str) -> list[str]:
    """Split a command line as the shell completion of the Click in use does."""
    completion = importlib.import_module(click.__name__ + ".shell_completion")
    return cast(list[str], completion.split_arg_string(text))


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


__all__ = ["NegativeNumbersAreValues", "click", "split_arg_string"]
