"""A parse cache: a loaded roadmap kept on disk until its bytes or the code change.

Parsing YAML dominates a large roll-up (about 0.3 ms per indicator), while
rebuilding the model from a pickle costs a small fraction of it.  An entry is
one file per roadmap in the user cache folder (`AMANAT_CACHE_DIR` overrides
it, `AMANAT_NO_CACHE=1` turns the cache off), named by the sha256 of the
file's absolute path.  It is used only when all of these match:

- the sha256 of the roadmap's bytes (hashed on every run: a file edited back to
  the same size and mtime is still re-parsed);
- the code version: the package version, the Python version, and the size and
  mtime of every module of the package's base and of `read/` (so an upgrade or
  an edit of the loader invalidates it without anyone bumping a constant);
- the language and its catalogue, because problem messages are translated
  when loading.

Anything wrong with an entry (missing, truncated, garbage, another format, an
unwritable folder) means "parse the file", never an error.  Entries are
written to a temporary file and renamed, so readers never see half of one.

Security: entries are pickles, and unpickling runs code named in the file.
The folder is the user's own (created 0700); an entry not owned by the user is
ignored.  Anyone able to write there could already run code as the user (edit
their shell profile), so the cache adds no meaningful exposure.

Core module: no Typer, no Rich.
"""

from __future__ import annotations

import gc
import hashlib
import io
import operator
import os
import pickle
import sys
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amanat_cli import __version__, model
from amanat_cli.i18n import DOMAIN, LOCALE_DIR, current_language
from amanat_cli.model import Problem, Roadmap, Source
from amanat_cli.read.loader import (
    FieldSources,
    Progress,
    load_bytes,
    load_bytes_and_tree,
    load_file,
)
from amanat_cli.read.yamltree import YNode

if TYPE_CHECKING:
    from amanat_cli.read.layout import Layout

CACHE_FORMAT = 2
"""Bump when the layout of an entry changes."""

READER_DIRS = (Path(__file__).resolve().parent.parent, Path(__file__).resolve().parent)
"""Where the modules that shape a loaded roadmap live: the package's base (model, i18n,
errors) and `read/`."""

Result = tuple[Roadmap | None, list[Problem]]


def cache_dir() -> Path | None:
    """The cache folder, or None when `AMANAT_NO_CACHE` turns caching off."""
    if os.environ.get("AMANAT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    configured = os.environ.get("AMANAT_CACHE_DIR", "").strip()
    if configured:
        return Path(configured)
    import platformdirs  # only here: a few ms at start-up otherwise

    return Path(platformdirs.user_cache_dir("amanat", appauthor=False))


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of everything that shapes a loaded roadmap: versions and module stats."""
    parts = [CACHE_FORMAT, __version__, sys.version]
    for folder in READER_DIRS:
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    stat = entry.stat()
                    parts.append((folder.name, entry.name, stat.st_size, stat.st_mtime_ns))
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def entry_path(folder: Path, path: Path) -> Path:
    """Where the entry of roadmap `path` lives in `folder`."""
    key = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()
    return folder / f"{key}.pickle"


# --- Fast pickling of the frozen model ---------------------------------------
# The default pickle of a frozen slotted dataclass calls a Python __setstate__
# that re-reads `dataclasses.fields` for every object: several times slower than
# setting the slots directly.  Each class gets a builder, compiled once per
# process, that sets its slots in straight-line code; the pickle names it once
# (memoized) and then calls it per object.  Source paths are not stored: they are
# the path the roadmap is being loaded under now (`_loading_path`), so one entry
# serves `roadmaps/x.yaml` and `/abs/roadmaps/x.yaml` alike, and an object's own
# `at` is stored as (line, col) and rebuilt inside its builder.

_Setter = Callable[[object, object], None]


def _slot_setters(cls: type) -> tuple[tuple[str, ...], tuple[_Setter, ...]] | None:
    names = tuple(f.name for f in fields(cls))
    slots = [cls.__dict__.get(name) for name in names]
    if not all(isinstance(slot, types.MemberDescriptorType) for slot in slots):
        return None  # not a slotted class: let pickle do its default
    return names, tuple(slot.__set__ for slot in slots)  # type: ignore[union-attr]


_LAYOUT: dict[type, tuple[tuple[str, ...], tuple[_Setter, ...]]] = {
    cls: layout
    for cls in vars(model).values()
    if isinstance(cls, type) and is_dataclass(cls) and (layout := _slot_setters(cls)) is not None
}
_CLASSES = {cls.__name__: cls for cls in _LAYOUT}
_SOURCE_SETTERS = _LAYOUT[Source][1]
_new = object.__new__
_loading_path = ""
"""The path the entry being read is loaded under (single-threaded CLI)."""


def _here(line: int, col: int) -> Source:
    obj = _new(Source)
    set_path, set_line, set_col = _SOURCE_SETTERS
    set_path(obj, _loading_path)
    set_line(obj, line)
    set_col(obj, col)
    return obj


_BUILDERS: dict[tuple[str, tuple[str, ...]], Callable[..., Any]] = {}


def _builder(class_name: str, local: tuple[str, ...]) -> Callable[..., Any]:
    """`build(*stored values)` for a model class; `local` fields come from the load itself.

    "at" is passed as (line, col) at the end, "path" is the path loaded under, and a
    "fields" mapping is passed packed (key, line, col, ...) and rebuilt lazily.
    """
    key = (class_name, local)
    if key not in _BUILDERS:
        cls = _CLASSES[class_name]
        names, setters = _LAYOUT[cls]
        params = [f"v{i}" for i, name in enumerate(names) if name not in local or name == "fields"]
        body = ["    o = _new(_cls)"]
        for i, name in enumerate(names):
            if name == "at" and "at" in local:
                body += [
                    "    a = _new(_Source)",
                    "    _sp(a, _loading_path)",
                    "    _sl(a, line)",
                    "    _sc(a, col)",
                    f"    _s{i}(o, a)",
                ]
            elif name == "path" and "path" in local:
                body.append(f"    _s{i}(o, _loading_path)")
            elif name == "fields" and "fields" in local:
                body.append(f"    _s{i}(o, _FieldSources(_loading_path, v{i}))")
            else:
                body.append(f"    _s{i}(o, v{i})")
        if "at" in local:
            params += ["line", "col"]
        defaults = ["_new=_new", "_cls=_cls", "_Source=_Source", "_sp=_sp", "_sl=_sl", "_sc=_sc"]
        defaults += ["_FieldSources=_FieldSources"]
        defaults += [f"_s{i}=_s{i}" for i in range(len(names))]
        signature = ", ".join([*params, "*", *defaults])  # the setters bound as locals
        source = f"def build({signature}):\n" + "\n".join(body) + "\n    return o\n"
        scope: dict[str, Any] = {"_new": _new, "_cls": cls, "_Source": Source}
        scope["_FieldSources"] = FieldSources
        scope.update(zip(("_sp", "_sl", "_sc"), _SOURCE_SETTERS, strict=True))
        scope.update((f"_s{i}", setter) for i, setter in enumerate(setters))
        exec(source, globals(), scope)  # our own text, from the model's field names
        _BUILDERS[key] = scope["build"]
    return _BUILDERS[key]


class _Builder:
    """Stands for a builder in a pickle: written once per entry, then referenced."""

    def __init__(self, class_name: str, local: tuple[str, ...]) -> None:
        self.key = (class_name, local)

    def __reduce__(self) -> tuple[Any, ...]:
        return _builder, self.key

    def __call__(self, *values: Any) -> Any:
        return _builder(*self.key)(*values)


_PROXIES: dict[tuple[type, tuple[str, ...]], _Builder] = {}


def _pack(sources: Mapping[str, Source], path: str) -> tuple[str | int, ...] | None:
    """key, line, col, ... of a `fields` mapping; None if a source is elsewhere."""
    if type(sources) is FieldSources and sources.path == path:
        return sources.packed  # the loader's own mapping, packed as the cache stores it
    packed: list[str | int] = []
    for key, source in sources.items():
        if type(source) is not Source or source.path != path:
            return None
        packed += (key, source.line, source.col)
    return tuple(packed)


def _plan(cls: type, names: tuple[str, ...]) -> tuple[Callable[[Any], Any], int, int, int]:
    """How to pickle one model class: all its values in one call, and where the local ones are."""

    def at(name: str) -> int:
        return names.index(name) if name in names else -1

    get = operator.attrgetter(*names)
    values = get if len(names) > 1 else lambda obj: (get(obj),)
    return values, at("fields"), at("path"), at("at")


_PLANS = {cls: _plan(cls, layout[0]) for cls, layout in _LAYOUT.items()}


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, path: str) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.path = path

    def reducer_override(self, obj: Any) -> Any:
        # Called for each of ~10^5 objects of a big file: one dict lookup, one
        # attrgetter call for all the values, and the local ones cut out by index.
        cls = type(obj)
        path = self.path
        if cls is Source and obj.path == path:
            return _here, (obj.line, obj.col)
        plan = _PLANS.get(cls)
        if plan is None:
            return NotImplemented
        get_values, fields_at, path_at, at_at = plan
        values = list(get_values(obj))
        local: list[str] = []
        if path_at >= 0 and values[path_at] == path:
            local.append("path")
        tail: tuple[int, ...] = ()
        if at_at >= 0:
            source = values[at_at]
            if type(source) is Source and source.path == path:
                local.append("at")
                tail = (source.line, source.col)
        if fields_at >= 0:
            packed = _pack(values[fields_at], path)
            if packed is not None:
                local.append("fields")
                values[fields_at] = packed
        for index in sorted((path_at if "path" in local else -1, at_at if tail else -1))[::-1]:
            if index >= 0:
                del values[index]
        key = (cls, tuple(local))
        proxy = _PROXIES.get(key)
        if proxy is None:
            proxy = _PROXIES[key] = _Builder(cls.__name__, key[1])
        return proxy, (*values, *tail)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector while building ~10^6 objects, then freeze them.

    The collector would otherwise traverse the whole growing model again and
    again (a third of the load time); frozen, the loaded model (which lives
    until the short-lived process exits) is never traversed again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


# --- Entries -----------------------------------------------------------------


@lru_cache(maxsize=4)
def _language_version(language: str) -> tuple[str, int, int]:
    """The language and the size and mtime of its catalogue: problem messages are translated."""
    try:
        stat = (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo").stat()
    except OSError:
        return (language, 0, 0)
    return (language, stat.st_size, stat.st_mtime_ns)


def _header(digest: str, size: int) -> tuple[object, ...]:
    language = _language_version(current_language())
    return (CACHE_FORMAT, code_version(), language, digest, size)


def _read_entry(
    entry: Path, header: tuple[object, ...], path: str, with_layout: bool = False
) -> tuple[Result, StoredLayout | None] | None:
    """The cached result (and layout, if asked), or None for any missing, stale, foreign or
    damaged entry."""
    global _loading_path
    layout: object = None
    try:
        with entry.open("rb") as stream:
            if hasattr(os, "getuid") and os.fstat(stream.fileno()).st_uid != os.getuid():
                return None
            if pickle.load(stream) != header:  # unpickling: see the module docstring
                return None
            _loading_path = path
            with gc_paused():
                result = pickle.load(stream)
                if with_layout:  # only a write needs it: a report stops reading here
                    layout = pickle.load(stream)
    except Exception:  # any damage means "parse it again"
        return None
    finally:
        _loading_path = ""
    if not (
        isinstance(result, tuple)
        and len(result) == 2
        and isinstance(result[0], Roadmap)
        and isinstance(result[1], list)
        and all(isinstance(problem, Problem) for problem in result[1])
    ):
        return None
    if not (
        isinstance(layout, tuple)
        and len(layout) == 2
        and isinstance(layout[0], dict)
        and isinstance(layout[1], int)
    ):
        layout = None
    return (result[0], result[1]), layout


def _write_entry(
    entry: Path, header: tuple[object, ...], result: Result, layout: StoredLayout | None, path: str
) -> None:
    """Store `result` and `layout` atomically; any failure just leaves the cache without it."""
    buffer = io.BytesIO()
    temp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        pickle.dump(header, buffer, protocol=pickle.HIGHEST_PROTOCOL)
        with gc_paused():
            _Pickler(buffer, path).dump(result)
        pickle.dump(layout, buffer, protocol=pickle.HIGHEST_PROTOCOL)
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with temp.open("wb") as stream:
            stream.write(buffer.getbuffer())
        os.replace(temp, entry)
    except Exception:  # unwritable folder, full disk, odd data: skip
        with suppress(OSError):
            temp.unlink(missing_ok=True)


def load_file_cached(path: Path) -> Result:
    """`loader.load_file(path)`, answered from the cache when the bytes are unchanged."""
    if cache_dir() is None:
        return load_file(path)
    try:
        data = path.read_bytes()
    except OSError:
        return load_file(path)  # the loader words the `io` problem
    return load_bytes_cached(data, path)


def load_bytes_cached(data: bytes, path: Path) -> Result:
    """`loader.load_bytes(data, str(path))`, from the entry of `path` if it holds these bytes.

    For callers that already hold the bytes (the write commands read them under
    a lock): the entry is found by the path and trusted only for this content.
    """
    return _load_bytes(data, path)[0]


def load_bytes_and_layout(data: bytes, path: Path) -> tuple[Result, Layout | None]:
    """`load_bytes_cached`, and where the items' lines lie in these bytes (for a write).

    The layout is kept only within `remembering` (a write command); elsewhere it is None.
    """
    from amanat_cli.read.layout import Layout

    result, stored = _load_bytes(data, path)
    return result, None if stored is None else Layout(*stored)


def _load_bytes(data: bytes, path: Path) -> tuple[Result, StoredLayout | None]:
    folder = cache_dir()
    if folder is None and _recent is None:
        return load_bytes(data, str(path)), None
    header = _header(hashlib.sha256(data).hexdigest(), len(data))
    key = (str(path), header)
    if _recent is not None and key in _recent:
        roadmap, problems, layout = _recent[key]
        return (roadmap, list(problems)), layout
    entry = entry_path(folder, path) if folder is not None else None
    found = None if entry is None else _read_entry(entry, header, str(path), _recent is not None)
    if found is None:
        with gc_paused():
            roadmap, problems, parsed = load_bytes_and_tree(data, str(path))
            layout = _layout_of(*parsed) if roadmap is not None and parsed is not None else None
        cached: Result = roadmap, problems
        if entry is not None and roadmap is not None:
            _write_entry(entry, header, cached, layout, str(path))
    else:
        cached, layout = found
    if _recent is None:
        return cached, None
    _recent[key] = (cached[0], list(cached[1]), layout)
    return cached, layout


StoredLayout = tuple[dict[str, tuple[int, int, int]], int]
"""A `layout.Layout` as an entry keeps it: plain data, so unpickling imports nothing."""


def _layout_of(tree: YNode, text: str) -> StoredLayout:
    """Where the items' lines lie in this text (see `layout.Layout`), as an entry keeps it."""
    from amanat_cli.read.layout import layout_of

    layout = layout_of(tree, text)
    return dict(layout.items), layout.list_offset


_recent: (
    dict[tuple[str, tuple[object, ...]], tuple[Roadmap | None, list[Problem], StoredLayout | None]]
    | None
) = None
"""What this command loaded already (see `remembering`), by path and entry header:
the model, its problems and its layout."""


@contextmanager
def remembering() -> Iterator[None]:
    """Within this block, loading the same bytes of the same path again returns the same model.

    A write command loads its file twice (to find the items, then under the lock);
    the model is immutable, so the second load need not unpickle the entry again.
    The layout of each file is kept too: a write edits and re-reads only the
    lines of its items (`edit.edit_lines`), and parsing is most of a write's cost.
    """
    global _recent
    outer = _recent
    _recent = {} if outer is None else outer
    try:
        yield
    finally:
        _recent = outer


PARALLEL_MIN_BYTES = 1 << 20
"""Cache misses smaller than this in all are parsed in this process: starting
worker processes (~0.2 s) would cost more than the second core saves."""


def _warm_one(path: str, language: str) -> None:
    """In a worker process: parse one file and write its cache entry."""
    from amanat_cli.i18n import set_language

    set_language(language)  # problems are cached translated, per language
    load_file_cached(Path(path))


def warm_in_parallel(paths: list[Path], progress: Progress | None = None) -> None:
    """Parse the files the cache lacks on every core, writing their entries.

    A cold national roll-up (20 files, 10,000 indicators) spends most of its
    time building YAML trees in Python, one file after another; on two cores
    the workers parse half each and the caller then reads every file from the
    cache.  Anything that goes wrong here only means the caller parses itself.
    """
    folder = cache_dir()
    cores = os.cpu_count() or 1
    if folder is None or cores < 2 or len(paths) < 2:
        return
    misses: list[tuple[int, str]] = []
    for path in paths:
        # Two stats, not a read and a hash: the caller reads and hashes every file
        # anyway, and a warm run must not pay twice.  An entry newer than its file is
        # taken for a hit here; if its hash disagrees, the caller simply parses it.
        try:
            stat = path.stat()
        except OSError:
            continue  # the loader words the problem
        try:
            fresh = entry_path(folder, path).stat().st_mtime_ns >= stat.st_mtime_ns
        except OSError:
            fresh = False
        if not fresh:
            misses.append((stat.st_size, str(path)))
    if len(misses) < 2 or sum(size for size, _path in misses) < PARALLEL_MIN_BYTES:
        return
    misses.sort(reverse=True)  # largest first, so the two cores finish together
    names = [name for _size, name in misses]
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(max_workers=min(cores, len(names))) as pool:
            parsed = pool.map(_warm_one, names, [current_language()] * len(names))
            for done, _none in enumerate(parsed, 1):
                if progress is not None:
                    progress("parse", done, len(names))
    except Exception:  # no processes to be had (a sandbox, a frozen app): parse here
        return


def load_paths(
    paths: Sequence[Path], progress: Progress | None = None
) -> tuple[list[Roadmap], list[Problem]]:
    """Load each file in order (no cross-file rules: that is check/rules.py), through this cache."""
    warm_in_parallel(list(paths), progress)  # a cold roll-up of many files uses every core
    roadmaps: list[Roadmap] = []
    problems: list[Problem] = []
    for done, path in enumerate(paths):
        if progress is not None:
            progress("read", done, len(paths))
        roadmap, found = load_file_cached(path)
        problems.extend(found)
        if roadmap is not None:
            roadmaps.append(roadmap)
    return roadmaps, problems
