"""`amanat schema`: print the JSON Schema of the roadmap format."""

from __future__ import annotations

import sys

import typer

from amanat_cli.i18n import _


def register(app: typer.Typer) -> None:
    """Add the `schema` command to `app`."""

    @app.command(
        help=_(
            "Print the JSON Schema of the roadmap format (for editor validation).\n\n"
            "Example: amanat schema > amanat.schema.json"
        )
    )
    def schema() -> None:
        """Print the JSON Schema of the roadmap format (for editor validation)."""
        from amanat_cli.read.schema import schema_json

        sys.stdout.write(schema_json())
