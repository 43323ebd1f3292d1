"""Which roadmaps a command works on, and finding items in them.

Core module: no Typer, no Rich.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from amanat_cli.errors import AmanatError, Ambiguous, NotFound, Unreadable, WrongKind
from amanat_cli.i18n import _
from amanat_cli.model import (
    Indicator,
    Item,
    Member,
    Pledge,
    Problem,
    Roadmap,
    Section,
    Severity,
)

SAMPLE_ROADMAP = Path(__file__).parent.parent / "data" / "almaty.yaml"
"""The sample roadmap shipped as package data, used when nothing else is found."""

ROADMAP_SUFFIXES = (".yaml", ".yml")
MANIFEST_NAMES = ("branches.yaml", "branches.yml")
"""A file with one of these names is a branches manifest (`read.manifest`), not a roadmap."""
SYNC_LOCK = Path(".amanat", "sync.lock")
"""Marks a folder `amanat sync` keeps clones in (`read.gitsync` holds it during a sync)."""


def is_bundled_sample(path: Path | str) -> bool:
    """True for the sample shipped in the package (fictional data, read-only)."""
    return Path(path).resolve() == SAMPLE_ROADMAP.resolve()


def default_paths(environ: dict[str, str] | None = None, cwd: Path | None = None) -> list[Path]:
    """$AMANAT_ROADMAPS (split on os.pathsep or ':'), else ./roadmaps/, else the sample."""
    env = os.environ if environ is None else environ
    configured = env.get("AMANAT_ROADMAPS", "").strip()
    if configured:
        separator = os.pathsep if os.pathsep in configured else ":"
        if os.name == "nt":  # C:\... contains ':'; only ';' separates on Windows
            separator = ";"
        return [Path(part) for part in configured.split(separator) if part.strip()]
    local = (cwd or Path.cwd()) / "roadmaps"
    if local.is_dir():
        return [Path("roadmaps")] if cwd is None else [local]
    return [SAMPLE_ROADMAP]


def expand_paths(
    paths: Sequence[Path],
    unsynced: list[Problem] | None = None,
    *,
    _within: frozenset[Path] = frozenset(),
) -> list[Path]:
    """Files as given; folders become their *.yaml/*.yml files, sorted; a branches manifest
    (named, or in a folder) becomes its branches' synced roadmaps.  Missing -> NotFound.

    A branch not synced yet is left out, with a warning in `unsynced` when it is given.
    """
    files: list[Path] = []
    for path in paths:
        for file in _files_of(path):
            if not is_manifest(file):
                files.append(file)
                continue
            manifest = file.resolve()
            if manifest not in _within:  # not again through one of its own branches
                synced = _synced_roadmaps(file, unsynced)
                files.extend(expand_paths(synced, unsynced, _within=_within | {manifest}))
    unique: list[Path] = []
    seen: set[Path] = set()
    for file in files:
        key = file.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(file)
    return unique


def _files_of(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(
            p for p in path.iterdir() if p.suffix.lower() in ROADMAP_SUFFIXES and p.is_file()
        )
        if not found:
            message = _("{path}: no *.yaml roadmap files in this folder").format(path=path)
            if (path / SYNC_LOCK).exists():  # the clones of `amanat sync` are in there
                message += "; " + _("name the branches manifest instead, e.g. branches.yaml")
            raise NotFound(message)
        return found
    if path.is_file():
        return [path]
    if path.exists():
        raise WrongKind(_("{path}: not a regular file").format(path=path))
    raise NotFound(_("{path}: no such file or folder").format(path=path))


def is_manifest(path: Path) -> bool:
    """True for a file named `branches.yaml` (or `.yml`): it lists repositories, not pledges."""
    return path.name.lower() in MANIFEST_NAMES


def _synced_roadmaps(path: Path, unsynced: list[Problem] | None) -> list[Path]:
    """Where `amanat sync` put the roadmaps of the manifest's branches; Unreadable if it is broken."""
    from amanat_cli.read.manifest import inside, load_manifest  # only when there is a manifest

    manifest, problems = load_manifest(path)
    if manifest is None:
        first = problems[0]
        message = f"{first.message} [{first.rule}]"
        if first.source is not None:
            message = f"{first.source}: {message}"
        if len(problems) > 1:
            message += " " + _("(and {n} more; `amanat sync {path}` lists them all)").format(
                n=len(problems) - 1, path=path
            )
        raise Unreadable(message)
    roadmaps: list[Path] = []
    for branch in manifest.branches:
        roadmap = manifest.roadmap_of(branch)
        if roadmap.exists() and inside(roadmap, manifest.clone_of(branch)):
            roadmaps.append(roadmap)
            continue
        if roadmap.exists():
            message = _("branch '{id}': {path} leads outside its repository; it is not read")
        else:
            message = _("branch '{id}' is not synced yet (no {path}); run `amanat sync {manifest}`")
        if unsynced is not None:
            text = message.format(id=branch.id, path=roadmap, manifest=path)
            unsynced.append(Problem(branch.at, Severity.WARNING, "not-synced", text))
    if not roadmaps:
        message = _("{path}: no branch is synced yet; run `amanat sync {path}` first")
        raise NotFound(message.format(path=path))
    return roadmaps


def choose_paths(
    *groups: Sequence[Path] | None, unsynced: list[Problem] | None = None
) -> list[Path]:
    """The paths the user named (in -r and trailing arguments), else the defaults, expanded."""
    named = [path for group in groups if group for path in group]
    return expand_paths(named or default_paths(), unsynced)


@dataclass(frozen=True, slots=True)
class Found:
    """An item or member found by id, with the roadmap that holds it."""

    roadmap: Roadmap
    item: Item | Member


def _all_ids(roadmaps: Iterable[Roadmap], members: bool, items: bool) -> list[str]:
    ids: list[str] = []
    for roadmap in roadmaps:
        if items:
            for section in roadmap.sections:
                ids.append(section.id)
                for pledge in section.pledges:
                    ids.append(pledge.id)
                    ids.extend(indicator.id for indicator in pledge.indicators)
        if members:
            ids.extend(member.id for member in roadmap.members)
    return ids


def closest(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates that look most like `word` (for "did you mean")."""
    return difflib.get_close_matches(word, sorted(set(candidates)), n=limit, cutoff=0.6)


def unknown_value(
    what: str, value: str, candidates: Iterable[str], closed: bool = False
) -> NotFound:
    """The refusal of an unknown value, naming the closest matches, or for a closed set
    (rags, bodies) every choice."""
    message = _("unknown {what} '{value}'").format(what=what, value=value)
    choices = list(candidates)
    near = closest(value, choices)
    if near:
        message += "; " + _("did you mean: {ids}?").format(ids=", ".join(near))
    elif closed:
        message += "; " + _("choose from: {choices}").format(choices=", ".join(choices))
    return NotFound(message)


def _not_found(ref: str, candidates: list[str], what: str) -> NotFound:
    near = closest(ref.split(":")[-1], candidates)
    message = _("unknown {what} '{ref}'").format(what=what, ref=ref)
    if near:
        message += "; " + _("did you mean: {ids}?").format(ids=", ".join(near))
    return NotFound(message)


def index_items(roadmap: Roadmap) -> dict[str, Item]:
    """Item id -> section, pledge or indicator."""
    items: dict[str, Item] = {}
    for section in roadmap.sections:
        items.setdefault(section.id, section)
        for pledge in section.pledges:
            items.setdefault(pledge.id, pledge)
            for indicator in pledge.indicators:
                items.setdefault(indicator.id, indicator)
    return items


def find(
    roadmaps: Sequence[Roadmap], ref: str, *, items: bool = True, members: bool = True
) -> Found:
    """Find `ID` or `BRANCH:ID`; a bare id must be unambiguous. Raises NotFound or Ambiguous.

    Where members are wanted, a member is also found by surname or by a unique
    prefix of the name (`Темирханов`, `Абенова Ж. Т.`), when no id matches.
    """
    what = _("id") if items and members else (_("member") if members else _("item id"))
    branch_id, _sep, item_id = ref.rpartition(":")
    scope = [r for r in roadmaps if not branch_id or r.branch.id == branch_id]
    if branch_id and not scope:
        raise _not_found(ref, [r.branch.id + ":" for r in roadmaps], _("branch"))
    hits: list[Found] = []
    for roadmap in scope:
        if items:
            item = index_items(roadmap).get(item_id)
            if item is not None:
                hits.append(Found(roadmap, item))
                continue
        if members:
            member = roadmap.member(item_id)
            if member is not None:
                hits.append(Found(roadmap, member))
    if not hits and members:
        named = members_named(scope, item_id)
        if len({member.id for _roadmap, member in named}) > 1:
            raise _did_you_mean_members(ref, [member for _roadmap, member in named])
        hits = [Found(roadmap, member) for roadmap, member in named]
    if not hits:
        raise _not_found(ref, _all_ids(scope, members, items), what)
    if len(hits) > 1:
        names = ", ".join(f"{hit.roadmap.branch.id}:{hit.item.id}" for hit in hits)
        raise Ambiguous(
            _("'{ref}' is ambiguous; write one of: {names}").format(ref=ref, names=names)
        )
    return hits[0]


def find_member(roadmaps: Sequence[Roadmap], ref: str) -> Member:
    """The member named by id, `BRANCH:ID`, surname or a unique prefix of the name."""
    member = find(roadmaps, ref, items=False).item
    assert isinstance(member, Member)
    return member


def member_id(roadmaps: Sequence[Roadmap], ref: str) -> str:
    """The id of the member `ref` names in any of the roadmaps (one id, maybe in several files)."""
    try:
        return find_member(roadmaps, ref).id
    except AmanatError:
        # The same member in several branch files is one person to a filter, not ambiguous.
        ids = {m.id for r in roadmaps for m in r.members if m.id == ref}
        ids |= {m.id for _r, m in members_named(roadmaps, ref)}
        if len(ids) == 1:
            return ids.pop()
        raise


# --- names as people say them --------------------------------------------------

# Kazakh letters written as their Russian neighbours, and the letters people swap
# (ё/е, э/е; и/ы/і and й sound alike in names and are often misspelt), so that
# `Әуезов` finds `Ауэзовский район` and `Жетісу` finds `Жетысуский`.  A dot
# parts words: `Ж.Т.` is `Ж Т`.
_FOLD = str.maketrans("ёэәғқңөұүһіый.", "ееагкноуухиии ")


def fold(text: str) -> str:
    """`text` as names are compared: case-free, ё/е, Kazakh letters folded, dots and spaces evened."""
    return " ".join(text.casefold().translate(_FOLD).split())


def members_named(roadmaps: Iterable[Roadmap], text: str) -> list[tuple[Roadmap, Member]]:
    """The members whose name starts with `text`, word by word (`Абенова Ж. Т.`).

    Whole words win over prefixes: `Калиев` is Калиев, not also Калиева.
    """
    words = fold(text).split()
    if not words:
        return []
    exact: list[tuple[Roadmap, Member]] = []
    begun: list[tuple[Roadmap, Member]] = []
    for roadmap in roadmaps:
        for member in roadmap.members:
            name = fold(member.name).split()
            if len(words) > len(name) or not all(
                n.startswith(w) for w, n in zip(words, name, strict=False)
            ):
                continue
            begun.append((roadmap, member))
            if words == name[: len(words)]:
                exact.append((roadmap, member))
    return exact or begun


def _did_you_mean_members(ref: str, members: Sequence[Member]) -> Ambiguous:
    unique = list({m.id: m for m in members}.values())
    names = ", ".join(f"{m.id} ({m.name})" for m in unique)
    return Ambiguous(
        _("'{ref}' names more than one member; did you mean: {names}?").format(ref=ref, names=names)
    )


GENERIC_DISTRICT_WORDS = frozenset(fold(w) for w in ("район", "ауданы", "district", "р-н"))
"""Words that say "district" in any language: `Алатау ауданы` is `alatau`."""


def _district_words(text: str) -> list[str]:
    return [w for w in fold(text).split() if w not in GENERIC_DISTRICT_WORDS]


def known_districts(roadmaps: Iterable[Roadmap]) -> dict[str, str]:
    """Every district slug of the roadmaps (their maps, and those pledges name) -> display name."""
    known: dict[str, str] = {}
    for roadmap in roadmaps:
        for slug, name in roadmap.districts.items():
            known.setdefault(slug, name)
        for pledge in roadmap.pledges():
            for slug in pledge.districts:
                known.setdefault(slug, slug)
    return known


def find_district(roadmaps: Iterable[Roadmap], text: str) -> str:
    """The district slug `text` names, else NotFound or Ambiguous with the candidates.

    The slug itself, or the start of its slug or its name in Cyrillic, Kazakh
    or Latin letters, with or without the word "district": `Алатау`,
    `Әуезов ауданы`, `auezov`.
    """
    known = known_districts(roadmaps)
    if text in known:
        return text
    wanted = " ".join(_district_words(text))
    hits = [
        slug
        for slug, name in known.items()
        if wanted
        and any(
            " ".join(_district_words(said)).startswith(wanted)
            for said in (slug.replace("-", " "), name)
        )
    ]
    if len(hits) == 1:
        return hits[0]
    if hits:
        names = ", ".join(f"{slug} ({known[slug]})" for slug in hits)
        raise Ambiguous(
            _("'{value}' names more than one district; did you mean: {names}?").format(
                value=text, names=names
            )
        )
    raise unknown_value(_("district"), text, known)


def item_kind(item: Item | Member) -> str:
    """section, pledge, indicator or member."""
    if isinstance(item, Section):
        return "section"
    if isinstance(item, Pledge):
        return "pledge"
    if isinstance(item, Indicator):
        return "indicator"
    return "member"


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """Only the errors (warnings dropped)."""
    return [p for p in problems if p.severity == "error"]
