"""`amanat init PATH`: write a new, commented roadmap skeleton."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from amanat_cli.cli.exits import UserError
from amanat_cli.cli.options import AsOfOption
from amanat_cli.i18n import _
from amanat_cli.render.printable import visible

ROADMAP_SUFFIXES = (".yaml", ".yml")


def _cannot_write(path: Path, reason: str) -> UserError:
    return UserError(_("{path}: cannot write: {reason}").format(path=path, reason=reason))


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
    ) -> None:
        """Write a new, commented roadmap skeleton that passes `amanat check`."""
        from amanat_cli.cli.app import today
        from amanat_cli.cli.inputs import parse_date_option
        from amanat_cli.write.skeleton import branch_id_for, skeleton_text

        if path.suffix.lower() not in ROADMAP_SUFFIXES:
            raise UserError(
                _(
                    "{path}: a roadmap file name ends in .yaml or .yml "
                    "(folder scans read only *.yaml)"
                ).format(path=path)
            )
        day = parse_date_option(as_of, "--as-of") if as_of is not None else today()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # "x" creates the file only if absent, in one step: no race with another writer.
            with path.open("x", encoding="utf-8", newline="\n") as file:
                file.write(skeleton_text(day, branch_id_for(path.stem)))
        except FileExistsError:
            if not path.exists():  # mkdir met a file where a folder should be
                raise _cannot_write(path, _("a file is in the way")) from None
            raise UserError(_("{path}: exists; nothing written").format(path=path)) from None
        except OSError as error:
            raise _cannot_write(path, error.strerror or str(error)) from None
        sys.stdout.write(
            visible(_("wrote {path}; check it with: amanat check {path}").format(path=path)) + "\n"
        )
