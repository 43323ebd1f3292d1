"""What every write command does: find the file, lock, read, check, edit, verify, write.

A command supplies a *planner*: given the roadmap as read under the lock (and
its YAML tree), it returns the edits, the model they must produce, and the
one-line summary — or a message saying there is nothing to do.
"""

from __future__ import annotations

import contextlib
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from amanat_cli import edit, safewrite
from amanat_cli.errors import ExitCode, UserError
from amanat_cli.i18n import _, ngettext
from amanat_cli.model import Member, Problem, Roadmap, Severity
from amanat_cli.scope import find
from amanat_cli.yamltree import YNode


@dataclass(frozen=True, slots=True)
class Plan:
    """A change to one roadmap file."""

    edits: list[edit.Edit]
    intended: Roadmap
    """The model the edited text must load as, exactly."""
    summary: str
    """Printed after a successful write, e.g. "assigned health to kaliyev-a (…) in …"."""


Planner = Callable[[Roadmap, YNode], Plan | str]
"""Returns a Plan, or a message when nothing needs writing (exit 0)."""


def files_of(
    roadmap_paths: Sequence[Path] | None, refs: Sequence[str], **kinds: bool
) -> dict[Path, list[str]]:
    """The refs grouped by the roadmap file that holds each (one write per file).

    A broken roadmap is reported (exit 1) rather than "unknown id" when a ref is not found.
    """
    from amanat_cli.commands._common import load_scope

    scope = load_scope(roadmap_paths, require_valid=False)
    groups: dict[Path, list[str]] = {}
    for ref in refs:
        try:
            found = find(scope.roadmaps, ref, **kinds)
        except UserError:
            if scope.errors:
                _refuse_invalid(scope.errors)
            raise
        groups.setdefault(Path(found.roadmap.path), []).append(ref)
    return groups


def _refuse_invalid(errors: Sequence[Problem]) -> None:
    from amanat_cli.commands._common import MAX_PROBLEMS_SHOWN, format_problem

    for problem in errors[:MAX_PROBLEMS_SHOWN]:
        sys.stderr.write(format_problem(problem) + "\n")
    count = len(errors)
    raise UserError(
        ngettext(
            "the roadmap has {n} error; fix it before changing it (run `amanat check`)",
            "the roadmap has {n} errors; fix them before changing it (run `amanat check`)",
            count,
        ).format(n=count),
        ExitCode.DATA,
    )


def _load_valid(snapshot: safewrite.Snapshot, today: date) -> Roadmap:
    """The roadmap in these bytes, or exit 1 listing its errors: broken data is never edited."""
    from amanat_cli.loader import load_bytes
    from amanat_cli.rules import check

    path = str(snapshot.path)
    roadmap, problems = load_bytes(snapshot.data, path)
    if roadmap is not None:
        problems = [*problems, *check([roadmap], today=today)]
    errors = sorted((p for p in problems if p.severity == Severity.ERROR), key=Problem.sort_key)
    if roadmap is None or errors:
        _refuse_invalid(errors)
    assert roadmap is not None
    return roadmap


def write_change(path: Path, planner: Planner, *, dry_run: bool, today: date | None = None) -> None:
    """Lock, read, check, plan, edit, verify, then write (or print the diff with dry_run)."""
    with contextlib.nullcontext() if dry_run else safewrite.locked(path):
        snapshot = safewrite.read_snapshot(path)
        roadmap = _load_valid(snapshot, today or date.today())
        try:
            plan = planner(roadmap, edit.tree_of(snapshot.data, roadmap.path))
            if isinstance(plan, str):
                sys.stdout.write(plan + "\n")
                return
            new_data = edit.apply_edits(snapshot.data, roadmap.path, plan.edits)
        except edit.EditError as error:
            raise UserError(
                _("internal: cannot make this edit ({reason}); nothing written").format(
                    reason=error
                ),
                ExitCode.WRITE_REFUSED,
            ) from None
        edit.verify(new_data, plan.intended)
        if dry_run:
            sys.stdout.write(edit.unified_diff(snapshot.data, new_data, roadmap.path))
            return
        safewrite.commit(snapshot, new_data)
    sys.stdout.write(plan.summary + "\n")


_E = TypeVar("_E", bound=StrEnum)


def parse_choice(kind: type[_E], text: str, what: str) -> _E:
    """One of an enum's words, or a usage error (exit 2) listing them all."""
    try:
        return kind(text)
    except ValueError:
        raise UserError(
            _("unknown {what} '{value}'; choose one of: {choices}").format(
                what=what, value=text, choices=", ".join(k.value for k in kind)
            ),
            ExitCode.USAGE,
        ) from None


def free_text(value: str | None) -> str | None:
    """Text from an option as the loader reads it back (NFC); empty means absent."""
    return unicodedata.normalize("NFC", value) if value else None


def member_label(member: Member) -> str:
    """`id (Full Name)`, the way people are named in messages."""
    return f"{member.id} ({member.name})"
