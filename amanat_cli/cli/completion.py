"""Shell completion of data values: item ids, member ids, sections, districts.

Typer calls these `autocompletion=` callbacks on every TAB, so they must be
fast and silent: no Rich, no rules, no figures — load the roadmaps in scope
(the `-r` options already typed, else the defaults) and list ids.  Any
problem (a missing path, a broken file) yields fewer candidates, never a
message: a completion that prints would corrupt the user's command line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typer  # already loaded by the CLI; Typer reads these annotations at run time

from amanat_cli.model import Roadmap

if TYPE_CHECKING:
    from amanat_cli.cli.toolkit import click

Candidate = tuple[str, str]
"""(value, help shown next to it by zsh and fish)."""


def _paths_typed(ctx: typer.Context | None) -> list[Path]:
    """The roadmap paths already on the command line (`-r`, trailing paths), if any."""
    typed: list[Path] = []
    current: click.Context | None = ctx
    while current is not None:
        for name in ("roadmap", "paths"):
            value = current.params.get(name)
            if value:
                typed.extend(Path(v) for v in value)
        current = current.parent
    return typed


def roadmaps_in_scope(ctx: typer.Context | None) -> list[Roadmap]:
    """The roadmaps a completion looks at; empty on any problem."""
    from amanat_cli.read.scope import choose_paths
    from amanat_cli.read.store import load_paths

    try:
        roadmaps, _problems = load_paths(choose_paths(_paths_typed(ctx)))
    except Exception:  # completion must never print or fail
        return []
    return roadmaps


def _matching(candidates: Iterable[Candidate], incomplete: str) -> list[Candidate]:
    seen: set[str] = set()
    found: list[Candidate] = []
    for value, help_text in candidates:
        if value.startswith(incomplete) and value not in seen:
            seen.add(value)
            found.append((value, help_text))
    return found


def _prefixed(
    roadmaps: list[Roadmap], pairs: Callable[[Roadmap], Iterable[Candidate]]
) -> Iterator[Candidate]:
    """Bare ids, plus `BRANCH:ID` when several branches are loaded."""
    for roadmap in roadmaps:
        for value, help_text in pairs(roadmap):
            yield value, help_text
            if len(roadmaps) > 1:
                yield f"{roadmap.branch.id}:{value}", help_text


def _sections(roadmap: Roadmap) -> Iterable[Candidate]:
    return ((s.id, s.title) for s in roadmap.sections)


def _pledges(roadmap: Roadmap) -> Iterable[Candidate]:
    return ((p.id, p.title) for p in roadmap.pledges())


def _indicators(roadmap: Roadmap) -> Iterable[Candidate]:
    return ((i.id, i.title) for i in roadmap.indicators())


def _members(roadmap: Roadmap) -> Iterable[Candidate]:
    return ((m.id, m.name) for m in roadmap.members)


def _items(roadmap: Roadmap) -> Iterable[Candidate]:
    yield from _sections(roadmap)
    yield from _pledges(roadmap)
    yield from _indicators(roadmap)


def _everything(roadmap: Roadmap) -> Iterable[Candidate]:
    yield from _items(roadmap)
    yield from _members(roadmap)


def _districts(roadmap: Roadmap) -> Iterable[Candidate]:
    return roadmap.districts.items()


def _completer(
    pairs: Callable[[Roadmap], Iterable[Candidate]], prefixed: bool = True
) -> Callable[[typer.Context, str], list[Candidate]]:
    def complete(ctx: typer.Context, incomplete: str) -> list[Candidate]:
        roadmaps = roadmaps_in_scope(ctx)
        if prefixed:
            return _matching(_prefixed(roadmaps, pairs), incomplete)
        return _matching((c for r in roadmaps for c in pairs(r)), incomplete)

    complete.__doc__ = "Complete ids for Typer's `autocompletion=`."
    return complete


complete_id = _completer(_everything)
"""Any section, pledge, indicator or member id (what `show` accepts)."""
complete_item_id = _completer(_items)
"""Section, pledge or indicator ids (what `explain` accepts)."""
complete_section_id = _completer(_sections)
complete_pledge_id = _completer(_pledges)
complete_indicator_id = _completer(_indicators)
complete_member_id = _completer(_members, prefixed=False)
complete_district = _completer(_districts, prefixed=False)
complete_branch_id = _completer(lambda r: [(r.branch.id, r.branch.name)], prefixed=False)


def _explainable(roadmap: Roadmap) -> Iterable[Candidate]:
    yield (roadmap.branch.id, roadmap.branch.name)
    yield from _items(roadmap)


complete_explainable_id = _completer(_explainable)
"""Items and branch ids (what `explain` accepts)."""


def _words(
    pairs: Callable[[], Iterable[Candidate]],
) -> Callable[[typer.Context, str], list[Candidate]]:
    """Complete from a fixed set of words (no roadmap is read)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[Candidate]:
        return _matching(pairs(), incomplete)

    complete.__doc__ = "Complete words for Typer's `autocompletion=`."
    return complete


def _bodies() -> Iterable[Candidate]:
    from amanat_cli.model import Body
    from amanat_cli.render.labels import body_label

    return ((body.value, body_label(body)) for body in Body)


def _languages() -> Iterable[Candidate]:
    from amanat_cli.i18n import LANGUAGES

    return ((code, "") for code in LANGUAGES)


complete_body = _words(_bodies)
"""bureau, political_council, faction."""
complete_language = _words(_languages)
"""en, ru, kk."""
