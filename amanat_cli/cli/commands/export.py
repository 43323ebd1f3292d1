"""`amanat export`: the meeting pack as md, html, csv, json or xlsx."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from amanat_cli.cli.commands._common import as_of_for, load_scope
from amanat_cli.cli.completion import complete_format, complete_member_id, complete_pack_body
from amanat_cli.cli.exits import ExitCode, UserError
from amanat_cli.cli.options import AsOfOption, PathsArgument, RawOption, RoadmapOption
from amanat_cli.i18n import _
from amanat_cli.render.formats import FORMATS, PACK_FORMATS, pack_format_of

if TYPE_CHECKING:
    from amanat_cli.compute.pack import MeetingPack
    from amanat_cli.model import Roadmap

ROADMAP_SUFFIXES = (".yaml", ".yml")
"""Names a pack must never take: a roadmap folder scan would read the pack as a roadmap."""

STDOUT_NAMES = ("-", "/dev/stdout")
"""`-o` values that mean standard output (the pack then goes where it goes without -o)."""


def file_output(output: Path | None) -> Path | None:
    """The file -o names, or None when the pack goes to standard output."""
    return None if output is None or str(output) in STDOUT_NAMES else output


def _is_stream(path: Path) -> bool:
    """A device or a named pipe: there, but neither a file nor a folder."""
    return path.exists() and not path.is_file() and not path.is_dir()


def choose_format(asked: str | None, output: Path | None) -> str:
    """--format, else the -o extension, else md (stdout, a device, a pipe); an unknown one is
    a usage error."""
    if output is not None and output.is_dir():
        raise UserError(_("-o needs a file name, not the folder '{path}'").format(path=output))
    if output is not None and output.suffix.lower() in ROADMAP_SUFFIXES:
        raise UserError(
            _(
                "-o {path}: a .yaml/.yml name is for roadmaps; write the pack to e.g. pack.md"
            ).format(path=output)
        )
    if asked is not None:
        if asked not in PACK_FORMATS:
            raise UserError(
                _("unknown format '{format}'; choose from: {choices}").format(
                    format=asked, choices=", ".join(PACK_FORMATS)
                )
            )
        return asked
    if output is None or _is_stream(output):  # /dev/null, a named pipe: as standard output
        return "md"
    implied = pack_format_of(output.suffix)
    if implied is None:
        raise UserError(
            _("cannot tell the format from '{name}'; use --format {choices}").format(
                name=output.suffix or output.name, choices="|".join(PACK_FORMATS)
            )
        )
    return implied


def check_output(output: Path | None, roadmaps: list[Roadmap]) -> None:
    """-o must not name a roadmap in scope: the pack would replace it, past what undo keeps."""
    if output is None:
        return
    target = output.resolve()
    for roadmap in roadmaps:
        if Path(roadmap.path).resolve() == target:
            raise UserError(
                _("-o {path} is the roadmap itself; write the pack to another file").format(
                    path=output
                )
            )


def since_window(since: str | None, as_of: date) -> date | None:
    """--since DATE as a date before the as-of date (None: not given)."""
    from amanat_cli.cli.inputs import parse_date_option

    if since is None:
        return None
    start = parse_date_option(since, "--since")
    if start >= as_of:
        raise UserError(
            _("--since must be before the as-of date {date}").format(date=as_of.isoformat())
        )
    return start


def pack_renderer(name: str, raw: bool = False) -> Callable[[MeetingPack], str | bytes]:
    """The function of the format registry that writes the pack in `name`, imported only now.

    `raw`: the csv's cells as they are, even those a spreadsheet would run (`render.sheets`).
    """
    import importlib
    from functools import partial

    entry = next(f.pack for f in FORMATS if f.name == name and f.pack)
    module, function = entry.split(":")
    found = getattr(importlib.import_module(f"amanat_cli.render.{module}"), function)
    if name == "csv":  # the one pack of cells a spreadsheet would run (xlsx types its cells)
        found = partial(found, raw=raw)
    return cast("Callable[[MeetingPack], str | bytes]", found)


def _previous(roadmap: Roadmap, since: str) -> tuple[Roadmap, str]:
    """The roadmap at `git:REV`; its errors stop the export (exit 1)."""
    from amanat_cli.cli.commands._common import format_problem
    from amanat_cli.read.gitrev import load_revision
    from amanat_cli.read.scope import errors_in

    previous, problems, label = load_revision(Path(roadmap.path), since)
    errors = errors_in(problems)
    if previous is None or errors:
        sys.stderr.writelines(format_problem(p) + "\n" for p in errors[:20])
        raise UserError(
            _("{label} has errors; cannot count changes from it").format(label=label), ExitCode.DATA
        )
    return previous, since[len("git:") :]


def _write(rendered: str | bytes, output: Path | None, force: bool) -> None:
    """To FILE (`write.output`), or to standard output as bytes (a csv keeps its BOM)."""
    from amanat_cli.render.printable import visible
    from amanat_cli.write.output import Written, write_output

    data = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    if output is not None:
        written = write_output(output, data, force=force)
        if written is Written.STREAM:  # a device or a pipe, maybe this very stdout
            return
        # A secretary who sent the pack to a file wants to know it is there, and
        # whether an older file of that name is gone.
        if written is Written.REPLACED:
            said = _("replaced {path} ({size} KB)")
        else:
            said = _("wrote {path} ({size} KB)")
        sys.stdout.write(visible(said.format(path=output, size=-(-len(data) // 1024))) + "\n")
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def register(app: typer.Typer) -> None:
    """Add `amanat export` to the application."""

    @app.command(
        help=_(
            "Write the meeting pack: headline figures, exceptions, ownership gaps, "
            "changes, load by member, every pledge.\n\n"
            'Example: amanat export -o pack.xlsx --meeting "Bureau, 2025-07-02"'
        )
    )
    def export(
        paths: PathsArgument = None,
        roadmap: RoadmapOption = None,
        format: Annotated[
            str | None,
            typer.Option(
                "--format",
                metavar="|".join(PACK_FORMATS),
                help=_("Output format. Default: from the -o extension, else md."),
                autocompletion=complete_format(PACK_FORMATS),
                show_default=False,
            ),
        ] = None,
        output: Annotated[
            Path | None,
            typer.Option(
                "-o",
                "--output",
                metavar="FILE",
                help=_(
                    "Write to FILE (atomically; a device or a pipe is written into). "
                    "Default, or -: standard output."
                ),
                show_default=False,
            ),
        ] = None,
        force: Annotated[
            bool,
            typer.Option(
                "--force",
                help=_("Write through a symbolic link -o that points outside the current folder."),
            ),
        ] = False,
        body: Annotated[
            str | None,
            typer.Option(
                "--body",
                metavar="bureau|political_council",
                help=_("Focus: sensitive sections (bureau) or indicators (political_council)."),
                autocompletion=complete_pack_body,
                show_default=False,
            ),
        ] = None,
        member: Annotated[
            str | None,
            typer.Option(
                "--member",
                metavar="ID",
                help=_(
                    "A personal brief of what this member owns (an id, a surname or the start of the name)."
                ),
                autocompletion=complete_member_id,
                show_default=False,
            ),
        ] = None,
        since: Annotated[
            str | None,
            typer.Option(
                "--since",
                metavar="DATE|git:REV",
                help=_(
                    "Changes since this date (default: 30 days before as-of), or since a git "
                    "revision of the file."
                ),
                show_default=False,
            ),
        ] = None,
        meeting: Annotated[
            str | None,
            typer.Option(
                "--meeting",
                metavar="TEXT",
                help=_('The meeting the pack is for, e.g. "Bureau, 2025-07-02".'),
                show_default=False,
            ),
        ] = None,
        raw: RawOption = False,
        as_of: AsOfOption = None,
    ) -> None:
        """Write the meeting pack."""
        from amanat_cli.cli.inputs import pack_body
        from amanat_cli.compute.pack import build_pack
        from amanat_cli.read.scope import find_member

        target = file_output(output)
        fmt = choose_format(format, target)
        if fmt == "xlsx" and output is None:
            raise UserError(_("xlsx needs -o FILE"))
        scope = load_scope(roadmap, paths)
        if len(scope.roadmaps) != 1:
            raise UserError(
                _(
                    "export makes a pack for one branch; {n} roadmaps are in scope: name one file"
                ).format(n=len(scope.roadmaps))
            )
        check_output(target, scope.roadmaps)
        chosen = scope.roadmaps[0]
        day = as_of_for(chosen, as_of)
        previous, revision, start = None, None, None
        if since is not None and since.startswith("git:"):
            previous, revision = _previous(chosen, since)
        else:
            start = since_window(since, day)
        pack = build_pack(
            chosen,
            day,
            meeting=meeting,
            body=pack_body(body) if body is not None else None,
            member=find_member([chosen], member).id if member is not None else None,
            since=start,
            previous=previous,
            since_revision=revision,
        )
        _write(pack_renderer(fmt, raw)(pack), target, force)
