"""Shell completion of every value a command takes: ids, members, districts, words, files.

One callback per kind of value, named plainly (`complete_indicator_id`,
`complete_member_id`, `complete_rag`, …), to put in `autocompletion=` of any
argument or option that takes that kind.  Typer calls them on every TAB, so
they must be fast and silent: no Rich, no rules, no figures — load the
roadmaps in scope (the `-r` options and paths already typed, else the
defaults) and list what they hold.  Any problem (a missing path, a broken
file) yields fewer candidates, never a message: a completion that prints
would corrupt the user's command line.

Each candidate carries a help text that zsh and fish show beside it: an
item's title, a member's name, a word's translation.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer  # already loaded by the CLI; Typer reads these annotations at run time

from amanat_cli.i18n import _
from amanat_cli.model import Indicator, Roadmap, Section

if TYPE_CHECKING:
    from amanat_cli.cli.toolkit import click

Candidate = tuple[str, str]
"""(value, help shown next to it by zsh and fish)."""

Completer = Callable[[typer.Context, str], list[Candidate]]
"""What Typer's `autocompletion=` takes: the context and the word under the cursor."""


def _typed(ctx: click.Context | None, name: str) -> list[Any]:
    """Values of parameter `name` already on the command line, in this command and its parents.

    As typed: during completion Click does not convert them (a path is still a str).
    """
    typed: list[Any] = []
    current = ctx
    while current is not None:
        value = current.params.get(name)
        if isinstance(value, list | tuple):
            typed.extend(value)
        elif value is not None:
            typed.append(value)
        current = current.parent
    return typed


def _paths_typed(ctx: click.Context | None) -> list[Path]:
    """The roadmap paths already on the command line (`-r`, trailing paths), if any."""
    return [Path(v) for name in ("roadmap", "paths") for v in _typed(ctx, name)]


def roadmaps_in_scope(ctx: click.Context | None) -> list[Roadmap]:
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


def _completer(pairs: Callable[[Roadmap], Iterable[Candidate]], prefixed: bool = True) -> Completer:
    """A callback listing `pairs` of every roadmap in scope (ids also as `BRANCH:ID`)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[Candidate]:
        roadmaps = roadmaps_in_scope(ctx)
        if prefixed:
            return _matching(_prefixed(roadmaps, pairs), incomplete)
        return _matching((c for r in roadmaps for c in pairs(r)), incomplete)

    complete.__doc__ = "Complete values from the roadmaps in scope, for Typer's `autocompletion=`."
    return complete


def _words(words: Callable[[], Iterable[Candidate]]) -> Completer:
    """A callback listing a fixed vocabulary (translated help read when it runs)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[Candidate]:
        return _matching(words(), incomplete)

    complete.__doc__ = "Complete a fixed vocabulary, for Typer's `autocompletion=`."
    return complete


# --------------------------------------------------------------------------- data


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


def _explainable(roadmap: Roadmap) -> Iterable[Candidate]:
    yield (roadmap.branch.id, roadmap.branch.name)
    yield from _items(roadmap)


def _ownable(roadmap: Roadmap) -> Iterable[Candidate]:
    """Sections and indicators: the items that have owners."""
    yield from _sections(roadmap)
    yield from _indicators(roadmap)


def _owned(roadmap: Roadmap) -> Iterable[Candidate]:
    """Sections and indicators that have an owner now (what `unassign` can take away)."""
    items: list[Section | Indicator] = [*roadmap.sections, *roadmap.indicators()]
    for item in items:
        if item.owner:
            yield item.id, f"{item.title} · {item.owner}"


def _districts(roadmap: Roadmap) -> Iterable[Candidate]:
    return roadmap.districts.items()


def _channels(roadmap: Roadmap) -> Iterable[Candidate]:
    return ((f.channel, "") for p in roadmap.pledges() for f in p.feedback if f.channel)


complete_id = _completer(_everything)
"""Any section, pledge, indicator or member id (what `show` accepts)."""
complete_item_id = _completer(_items)
"""Section, pledge or indicator ids."""
complete_explainable_id = _completer(_explainable)
"""Items and branch ids (what `explain` accepts)."""
complete_section_id = _completer(_sections)
"""Section ids."""
complete_pledge_id = _completer(_pledges)
"""Pledge ids."""
complete_indicator_id = _completer(_indicators)
"""Indicator ids."""
complete_ownable_id = _completer(_ownable)
"""Section and indicator ids: what `assign` gives an owner."""
complete_owned_id = _completer(_owned)
"""Sections and indicators that have an owner: what `unassign` takes it from."""
complete_member_id = _completer(_members, prefixed=False)
"""Member ids."""
complete_district = _completer(_districts, prefixed=False)
"""District slugs of `districts:`."""
complete_channel = _completer(_channels, prefixed=False)
"""Feedback channels already used in the roadmaps (reception, online, …)."""
complete_branch_id = _completer(lambda r: [(r.branch.id, r.branch.name)], prefixed=False)
"""Branch ids."""


def complete_ids_then_member(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """`assign ID... MEMBER`: an item first; after one, more items or the member."""
    roadmaps = roadmaps_in_scope(ctx)
    typed = set(_typed(ctx, "ids"))
    items = [c for c in _prefixed(roadmaps, _ownable) if c[0] not in typed]
    if not typed or _typed(ctx, "to"):
        return _matching(items, incomplete)
    members = (c for r in roadmaps for c in _members(r))
    return _matching([*members, *items], incomplete)


def _feedback_numbers(open_only: bool) -> Completer:
    """A callback listing N of `feedback resolve|remove PLEDGE N`, each with its date and text."""

    def complete(ctx: typer.Context, incomplete: str) -> list[Candidate]:
        from amanat_cli.read.scope import find

        pledge = next(iter(_typed(ctx, "pledge")), None)
        if pledge is None:
            return []
        try:
            found = find(roadmaps_in_scope(ctx), pledge, members=False).item
        except Exception:  # an unknown or ambiguous id: nothing to offer
            return []
        entries = enumerate(getattr(found, "feedback", ()), start=1)
        return _matching(
            (
                (str(n), f"{f.date.isoformat()} · {f.text}")
                for n, f in entries
                if not (open_only and f.resolved)
            ),
            incomplete,
        )

    complete.__doc__ = "Complete feedback numbers, for Typer's `autocompletion=`."
    return complete


complete_feedback_number = _feedback_numbers(open_only=True)
"""`feedback resolve PLEDGE N`: the numbers of that pledge's unresolved feedback."""
complete_any_feedback_number = _feedback_numbers(open_only=False)
"""`feedback remove PLEDGE N`: the numbers of all that pledge's feedback."""


def complete_roadmap_file(ctx: typer.Context, incomplete: str) -> list[Candidate]:
    """Roadmap files in scope that can be written (never the bundled sample)."""
    from amanat_cli.read.scope import choose_paths, is_bundled_sample

    try:
        files = choose_paths([Path(v) for v in _typed(ctx, "roadmap")])
    except Exception:  # completion must never print or fail
        return []
    return _matching(((str(f), "") for f in files if not is_bundled_sample(f)), incomplete)


# --------------------------------------------------------------------------- words


def _rags() -> Iterable[Candidate]:
    from amanat_cli.model import RAG_WORST_FIRST
    from amanat_cli.render.labels import rag_label

    return ((rag.value, rag_label(rag)) for rag in RAG_WORST_FIRST)


def _statuses() -> Iterable[Candidate]:
    from amanat_cli.model import Status
    from amanat_cli.render.labels import status_label

    return ((status.value, status_label(status)) for status in Status)


def _tones() -> Iterable[Candidate]:
    from amanat_cli.model import Tone
    from amanat_cli.render.labels import tone_label

    return ((tone.value, tone_label(tone)) for tone in Tone)


def _bodies() -> Iterable[Candidate]:
    from amanat_cli.model import Body
    from amanat_cli.render.labels import body_label

    return ((body.value, body_label(body)) for body in Body)


def _pack_bodies() -> Iterable[Candidate]:
    from amanat_cli.cli.inputs import PACK_BODIES
    from amanat_cli.render.labels import body_label

    return ((body.value, body_label(body)) for body in PACK_BODIES)


def _languages() -> Iterable[Candidate]:
    from amanat_cli.i18n import LANGUAGES

    return ((code, "") for code in LANGUAGES)


complete_rag = _words(_rags)
"""red, amber, grey, green, done."""
complete_status = _words(_statuses)
"""planned, in_progress, done, cancelled."""
complete_tone = _words(_tones)
"""positive, neutral, negative."""
complete_body = _words(_bodies)
"""bureau, political_council, faction."""
complete_pack_body = _words(_pack_bodies)
"""The bodies a pack can focus on: bureau, political_council."""
complete_language = _words(_languages)
"""en, ru, kk."""


def complete_format(formats: Iterable[str]) -> Completer:
    """A callback listing a command's formats (`export`: md, html, …; `diff`: text, json)."""
    names = tuple(formats)
    return _words(lambda: ((name, "") for name in names))


# --------------------------------------------------------------------------- install


def install_completion(ctx: typer.Context, param: typer.CallbackParam, value: object) -> object:
    """`--install-completion`: Typer's installer, with its report in the user's language.

    Typer passes the context and parameter by their annotations, read at run time.
    """
    if not value or ctx.resilient_parsing:
        return value
    from amanat_cli.cli.toolkit import completion_installer

    install = completion_installer()
    shell, path = install(shell=value) if isinstance(value, str) else install()
    name = getattr(shell, "value", shell)  # Typer hands back its Shells enum or a str
    sys.stdout.write(
        _("{shell} completion installed in {path}").format(shell=name, path=path) + "\n"
    )
    sys.stdout.write(_("Completion takes effect once you restart the terminal.") + "\n")
    sys.exit(0)


ZSH_SCRIPT = """
#compdef %(prog_name)s

%(complete_func)s() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" %(autocomplete_var)s=complete_zsh %(prog_name)s)
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  # autoloaded from fpath on the first TAB: complete that TAB as well
  compdef %(complete_func)s %(prog_name)s
  %(complete_func)s "$@"
else
  compdef %(complete_func)s %(prog_name)s
fi
"""
"""Typer's zsh script, but it completes on the first TAB of a shell too (Click's idiom).

Typer's file only defines the function when zsh autoloads it, so the first TAB
of every new shell offered nothing ("completion does not work").
"""


def prepare_installer() -> None:
    """`--install-completion` reports through `install_completion` (Typer's is English) and
    writes `ZSH_SCRIPT` for zsh."""
    import inspect

    from amanat_cli.cli.toolkit import completion_placeholders, completion_scripts

    completion_scripts()["zsh"] = ZSH_SCRIPT
    for placeholder in completion_placeholders():
        inspect.signature(placeholder).parameters[
            "install_completion"
        ].default.callback = install_completion
