"""The Click that Typer runs on, named in one place.

Typer 0.25 (pinned in pyproject.toml) drives the real Click 8; Typer 0.26+
bundles its own copy as `typer._click`, whose exceptions are not the real
Click's classes (FIELD-NOTES "Typer").  Every module takes Click's names from
here, so the Typer in use decides, and an upgrade is not a hunt for imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import click
else:
    try:
        click = importlib.import_module("typer._click")  # Typer >= 0.26
    except ImportError:
        click = importlib.import_module("click")


def split_arg_string(text: str) -> list[str]:
    """Split a command line as the shell completion of the Click in use does."""
    completion = importlib.import_module(click.__name__ + ".shell_completion")
    return cast(list[str], completion.split_arg_string(text))


__all__ = ["click", "split_arg_string"]
