"""`amanat init PATH`: write a new, commented roadmap skeleton."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from amanat_cli.i18n import _
from amanat_cli.options import AsOfOption, LangOption


def register(app: typer.Typer) -> None:
    """Add the `init` command to `app`."""

    @app.command(
        help=_(
            "Write a new, commented roadmap skeleton that passes `amanat check`.\n\n"
            "Example: amanat init roadmaps/astana.yaml"
        )
    )
    def init(
        path: Annotated[Path, typer.Argument(help=_("The file to create."), show_default=False)],
        as_of: AsOfOption = None,
        lang: LangOption = None,
    ) -> None:
        """Write a new, commented roadmap skeleton that passes `amanat check`."""
        from datetime import date

        from amanat_cli.errors import ExitCode, UserError
        from amanat_cli.scope import parse_date_option
        from amanat_cli.skeleton import skeleton_text

        today = parse_date_option(as_of, "--as-of") if as_of else date.today()
        try:
            # "x" creates the file only if absent, in one step: no race with another writer.
            with path.open("x", encoding="utf-8", newline="\n") as file:
                file.write(skeleton_text(today))
        except FileExistsError:
            raise UserError(_("{path}: exists; nothing written").format(path=path)) from None
        except OSError as error:
            raise UserError(
                _("{path}: cannot write: {reason}").format(
                    path=path, reason=error.strerror or error
                ),
                ExitCode.USAGE,
            ) from None
        sys.stdout.write(
            _("wrote {path}; check it with: amanat check {path}").format(path=path) + "\n"
        )
