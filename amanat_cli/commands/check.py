"""`amanat check` (temporary scaffold until the rules land)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def check() -> None:
        """Validate roadmaps."""
        typer.echo("ok")
