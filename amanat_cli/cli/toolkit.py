"""The Click that Typer runs on, named in one place and taken from Typer itself.

Typer 0.25 (pinned in pyproject.toml) drives the real Click 8; Typer 0.26+
bundles its own copy as `typer._click`, whose exceptions are not the real
Click's classes (FIELD-NOTES "Typer").  So amanat never imports Click by
name: every module takes Click's names from here, and here they come from
the Typer in use, so an upgrade is not a hunt for imports.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, cast

import typer
from typer.core import click  # type: ignore[attr-defined]  # the Click Typer 0.25 runs on

if not TYPE_CHECKING:
    click = getattr(typer, "_click", click)  # Typer >= 0.26 runs on its bundled copy


def split_arg_string(text: str) -> list[str]:
    """Split a command line as the shell completion of the Click in use does."""
    completion = importlib.import_module(click.__name__ + ".shell_completion")
    return cast(list[str], completion.split_arg_string(text))


__all__ = ["click", "split_arg_string"]
