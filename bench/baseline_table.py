"""The baseline of bench/run.py: the least a Typer + Rich command printing a table costs.

`amanat status` on the sample roadmap is held to 1.3x this (whole process,
median of repeated runs, measured in the same run of the benchmark).
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


@app.command()
def table() -> None:
    """Print a 20-row table."""
    grid = Table(title="Baseline")
    for name in ("id", "title", "progress", "rag"):
        grid.add_column(name)
    for row in range(1, 21):
        grid.add_row(f"item-{row}", f"Пункт программы №{row}", f"{row * 5}%", "green")
    Console().print(grid)


if __name__ == "__main__":
    app()
