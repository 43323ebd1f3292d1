"""The command line: the Typer app and its error boundary (`app`), shared options
(`options`), shell completion (`completion`), the console (`terminal`),
translated Click/Typer strings (`i18n_cli`), Typer's own Click (`toolkit`),
parsing of option values (`inputs`) and one module per command (`commands/`).

May import everything below it (`render`, `write`, `check`, `compute`,
`read`, the base) and Typer, Click (through `toolkit`) and Rich — the heavy
ones inside the functions that need them: shell completion re-runs the program
on every TAB.  Nothing imports `cli`.
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `amanat` command (`cli.app.main`, imported when called)."""
    from amanat_cli.cli.app import main as run_app

    run_app(argv)
