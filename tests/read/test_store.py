"""The store and its parse cache: same answers as a cold parse, re-parses on any change, never breaks."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amanat_cli.i18n import set_language
from amanat_cli.model import Problem, Roadmap
from amanat_cli.read import cache, store
from amanat_cli.read.layout import Layout
from amanat_cli.read.store import load_file, open_store
from bench import generate

ROADMAP = """\
format: 1
branch:
  id: almaty
  name: Алматинский филиал
  programme: Программа
  period: {start: 2023-04-01, end: 2027-12-31}
members:
  - id: kaliyev-a
    name: Калиев Арман
    bodies: [bureau, political_council]
sections:
  - id: health
    title: Медицина
    sensitve: true
    owner: kaliyev-a
    pledges:
      - id: health-p1
        title: Поликлиники AAA
        indicators:
          - id: health-p1-1
            title: Введено поликлиник
            baseline: 0
            target: 6
            owner: kaliyev-a
            values:
              - {date: 2024-06-30, value: 2, source: Управление}
"""
"""Loads, with one problem (`sensitve`), so problems go through the cache too."""

Result = tuple[Roadmap | None, list[Problem]]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder, in use."""
    monkeypatch.setenv("AMANAT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("AMANAT_NO_CACHE", raising=False)
    return tmp_path / "cache"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the cache really parsed (cache misses), in order."""
    seen: list[str] = []
    real_with_layout = store.load_with_layout

    def counting(data: bytes, path: str) -> tuple[Roadmap | None, list[Problem], Layout | None]:
        seen.append(path)
        return real_with_layout(data, path)

    monkeypatch.setattr(store, "load_with_layout", counting)
    return seen


def cached(path: Path) -> Result:
    """`path` loaded as a new command would load it: through a fresh store and the cache."""
    return open_store().load_path(path)


def sources(result: Result) -> list[str]:
    """Every source the result carries, as text: they are left out of `==`."""
    roadmap, problems = result
    found = [str(p.source) for p in problems]
    if roadmap is None:
        return found
    found.append(roadmap.path)
    objects: list[object] = [roadmap.branch, *roadmap.members]
    for section in roadmap.sections:
        objects.append(section)
        for pledge in section.pledges:
            objects += [pledge, *pledge.feedback]
            for indicator in pledge.indicators:
                objects += [indicator, *indicator.values]
    for obj in objects:
        found.append(str(getattr(obj, "at")))  # noqa: B009 - every model object has one
        fields = getattr(obj, "fields", {})
        found += [f"{key}={fields[key]}" for key in fields]
        found.append(str(len(fields)))
    return found


def same(left: Result, right: Result) -> None:
    assert left == right
    assert sources(left) == sources(right)


def test_second_load_comes_from_the_cache_and_equals_a_cold_parse(
    tmp_path: Path, folder: Path, parses: list[str]
) -> None:
    path = tmp_path / "almaty.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    first = cached(path)
    second = cached(path)
    assert parses == [str(path)]
    assert len(list(folder.iterdir())) == 1
    same(second, load_file(path))
    same(first, second)
    assert [p.rule for p in second[1]] == ["unknown-key"]
    roadmap = second[0]
    assert roadmap is not None
    indicator = roadmap.indicators()[0]
    assert str(indicator.fields["target"]) == f"{path}:23:21"


def test_a_one_byte_change_with_the_same_size_and_mtime_is_reparsed(
    tmp_path: Path, folder: Path, parses: list[str]
) -> None:
    path = tmp_path / "almaty.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    cached(path)
    before = path.stat()
    path.write_text(ROADMAP.replace("AAA", "AAB"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    roadmap, _ = cached(path)
    assert roadmap is not None
    assert roadmap.pledges()[0].title == "Поликлиники AAB"
    assert parses == [str(path), str(path)]


def entry_of(folder: Path) -> Path:
    (entry,) = folder.iterdir()
    return entry


def _garbage(entry: Path, path: Path) -> None:
    entry.write_bytes(b"\x00not a pickle at all\xff" * 10)


def _truncated(entry: Path, path: Path) -> None:
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])


def _empty(entry: Path, path: Path) -> None:
    entry.write_bytes(b"")


def _sealed(body: bytes) -> bytes:
    """An entry around `body` whose digest holds: what a damaged writer could leave."""
    import hashlib

    return cache.MAGIC + hashlib.sha256(body).digest() + body


def _parts(*values: object) -> bytes:
    """A body of sized marshal parts, as an entry holds them."""
    import marshal
    import struct

    dumped = [marshal.dumps(value) for value in values]
    return struct.pack(cache._SIZES, *map(len, dumped)) + b"".join(dumped)


def _wrong_tuple(entry: Path, path: Path) -> None:
    key = open_store().cache.key(path, path.read_bytes())  # type: ignore[union-attr]
    entry.write_bytes(_sealed(_parts(key.header, ("not", "a", "result"), ({}, 2))))


def _wrong_header(entry: Path, path: Path) -> None:
    entry.write_bytes(_sealed(_parts({"format": 1}, (), ({}, 2))))


def _a_folder(entry: Path, path: Path) -> None:
    entry.unlink()
    entry.mkdir()


@pytest.mark.parametrize(
    "damage", [_garbage, _truncated, _empty, _wrong_tuple, _wrong_header, _a_folder]
)
def test_a_damaged_entry_is_reparsed_silently_and_rewritten(
    tmp_path: Path,
    folder: Path,
    parses: list[str],
    damage: Callable[[Path, Path], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "almaty.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    cold = load_file(path)
    cached(path)
    damage(entry_of(folder), path)
    same(cached(path), cold)
    assert len(parses) == 2
    if damage is not _a_folder:  # a folder in the way cannot be replaced: just no cache
        same(cached(path), cold)
        assert len(parses) == 2, "the entry was rewritten and is used again"
    assert capsys.readouterr() == ("", "")


def test_no_cache_when_asked(
    tmp_path: Path, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMANAT_NO_CACHE", "1")
    path = tmp_path / "almaty.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    first = cached(path)
    same(cached(path), first)
    assert not folder.exists()
    monkeypatch.setenv("AMANAT_NO_CACHE", "0")  # "0" means: do cache
    cached(path)
    assert folder.exists()


@pytest.mark.parametrize("where", ["a-file", "a-file/below"])
def test_an_unusable_cache_folder_is_tolerated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    (tmp_path / "a-file").write_text("I am not a folder\n", encoding="utf-8")
    monkeypatch.setenv("AMANAT_CACHE_DIR", str(tmp_path / where))
    path = tmp_path / "almaty.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    same(cached(path), load_file(path))
    same(cached(path), load_file(path))
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "I am not a folder\n"


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root writes anywhere")
def test_a_read_only_cache_folder_is_tolerated(tmp_path: Path, folder: Path) -> None:
    folder.mkdir(mode=0o500)
    path = tmp_path / "almaty.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    same(cached(path), load_file(path))
    assert list(folder.iterdir()) == []


def test_a_missing_file_gives_the_loaders_problem(tmp_path: Path, folder: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    same(cached(missing), load_file(missing))
    assert cached(missing)[1][0].rule == "io"


def test_a_file_that_does_not_load_is_not_cached(
    tmp_path: Path, folder: Path, parses: list[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("format: 1\nbranch: [\n", encoding="utf-8")
    cold = load_file(path)
    assert cold[0] is None and cold[1]
    same(cached(path), cold)
    same(cached(path), cold)
    assert len(parses) == 2
    assert not folder.exists() or list(folder.iterdir()) == []


def test_another_spelling_of_the_path_shares_the_entry_and_keeps_its_own_sources(
    tmp_path: Path, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "roadmaps" / "almaty.yaml"
    path.parent.mkdir()
    path.write_text(ROADMAP, encoding="utf-8")
    cached(path)
    monkeypatch.chdir(tmp_path)
    relative = Path("roadmaps/almaty.yaml")
    result = cached(relative)
    assert len(parses) == 1
    same(result, load_file(relative))
    assert str(result[1][0].source) == "roadmaps/almaty.yaml:14:5"


def test_the_code_version_covers_the_modules_that_shape_a_loaded_roadmap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from amanat_cli import model
    from amanat_cli.read import layout, loader, yamltree

    folders = {Path(m.__file__).resolve().parent for m in (model, loader, yamltree, layout)}
    assert folders == set(cache.READER_DIRS)
    base, reader = tmp_path / "amanat_cli", tmp_path / "amanat_cli" / "read"
    reader.mkdir(parents=True)
    for folder in (base, reader):
        (folder / "__init__.py").write_text("", encoding="utf-8")
    (reader / "loader.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "READER_DIRS", (base, reader))
    cache.code_version.cache_clear()
    try:
        before = cache.code_version()
        (reader / "loader.py").write_text("A = 22\n", encoding="utf-8")  # an edit in read/
        cache.code_version.cache_clear()
        assert cache.code_version() != before
    finally:
        cache.code_version.cache_clear()


def test_a_code_or_language_change_invalidates(
    tmp_path: Path, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "almaty.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    cached(path)
    cache.code_version.cache_clear()
    monkeypatch.setattr(cache, "__version__", "99.0")
    try:
        cached(path)
        assert len(parses) == 2
    finally:
        cache.code_version.cache_clear()
    set_language("ru")
    ru = cached(path)
    assert len(parses) == 3
    same(ru, load_file(path))


@pytest.fixture
def quiet_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("property")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(min_value=0, max_value=10**6),
    indicators=st.integers(min_value=1, max_value=40),
    branch=st.sampled_from([b[0] for b in generate.BRANCHES]),
    typo=st.booleans(),
)
def test_property_cached_equals_cold_over_generated_roadmaps(
    quiet_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    indicators: int,
    branch: str,
    typo: bool,
) -> None:
    monkeypatch.setenv("AMANAT_CACHE_DIR", str(quiet_folder / "cache"))
    monkeypatch.delenv("AMANAT_NO_CACHE", raising=False)
    text = generate.generate_branch(branch, "Филиал", indicators, seed)
    if typo:  # problems are part of the cached result
        text = text.replace("    title:", "    titel:", 1).replace("baseline:", "baseline: x", 1)
    path = quiet_folder / f"{branch}-{seed}-{indicators}-{typo}.yaml"
    path.write_text(text, encoding="utf-8")
    cold = load_file(path)
    first = cached(path)
    warm = cached(path)
    same(first, cold)
    same(warm, cold)
    if cold[0] is not None:
        assert (quiet_folder / "cache" / cache.entry_name(path)).exists()


def test_bytes_in_hand_are_looked_up_by_content(
    tmp_path: Path, folder: Path, parses: list[str]
) -> None:
    path = tmp_path / "almaty.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    data = path.read_bytes()
    cached(path)
    same(open_store().load_bytes(data, path)[:2], load_file(path))
    assert len(parses) == 1
    other = data.replace(b"AAA", b"BBB")
    roadmap, *_ = open_store().load_bytes(other, path)  # not what the entry holds: parsed
    assert roadmap is not None and roadmap.pledges()[0].title == "Поликлиники BBB"
    assert len(parses) == 2


def test_a_recompiled_catalogue_invalidates(
    tmp_path: Path, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "almaty.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    set_language("ru")
    cached(path)
    cached(path)
    assert len(parses) == 1
    catalogues = tmp_path / "locale"
    (catalogues / "ru" / "LC_MESSAGES").mkdir(parents=True)
    (catalogues / "ru" / "LC_MESSAGES" / "amanat.mo").write_bytes(b"a newer catalogue")
    monkeypatch.setattr(cache, "LOCALE_DIR", catalogues)
    cache.language_version.cache_clear()
    try:
        cached(path)
    finally:
        cache.language_version.cache_clear()
    assert len(parses) == 2


def test_a_write_command_loads_its_bytes_once_and_keeps_their_layout(
    tmp_path: Path, folder: Path, parses: list[str]
) -> None:
    from amanat_cli.read.layout import layout_of
    from amanat_cli.write.edit import tree_of

    path = tmp_path / "almaty.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    data = path.read_bytes()
    expected = layout_of(tree_of(data, str(path)), ROADMAP)
    assert expected.items, "the sample's items can be cut out"
    assert open_store().load_bytes(data, path)[2] is None  # a report's store keeps no layout
    writing = open_store(with_layouts=True)
    first = writing.load_bytes(data, path)  # a hit from the line above
    second = writing.load_bytes(data, path)  # remembered: the entry is not read again
    other = writing.load_bytes(data.replace(b"AAA", b"AAB"), path)
    assert second[0] is first[0] and second[1] == first[1]
    assert parses == [str(path), str(path)]  # the file, then the other bytes
    assert first[2] == second[2] == expected
    assert other[2] is not None  # other bytes: parsed, with their own layout
    (folder / cache.entry_name(path)).unlink()
    assert open_store(with_layouts=True).load_bytes(data, path)[2] == expected  # a miss
    assert len(parses) == 3


def test_without_a_cache_a_write_still_gets_its_layout(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMANAT_NO_CACHE", "1")
    path = tmp_path / "almaty.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    writing = open_store(with_layouts=True)
    assert writing.cache is None
    assert writing.load_bytes(path.read_bytes(), path)[2] is not None
    assert writing.load_bytes(path.read_bytes(), path)[2] is not None
    assert len(parses) == 1


def _branches(tmp_path: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = tmp_path / f"b{n}.yaml"
        path.write_text(ROADMAP.replace("id: almaty", f"id: b{n}").replace("AAA", f"№{n}"), "utf-8")
        paths.append(path)
    return paths


def test_cold_roll_up_parses_in_worker_processes_and_reads_the_cache(
    tmp_path: Path, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from amanat_cli.read.store import load_paths

    monkeypatch.setattr(store, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    paths = _branches(tmp_path, 3)
    roadmaps, problems = load_paths(paths)
    # The workers (other processes: this one's counter sees nothing) wrote every entry,
    # and this process read them all from the cache, as it would after a warm run.
    assert parses == []
    assert len(list(folder.glob("*.entry"))) == 3
    cold = [load_file(path) for path in paths]
    assert roadmaps == [roadmap for roadmap, _found in cold]
    assert [str(p.source) for p in problems] == [str(p.source) for _r, f in cold for p in f]


def test_without_worker_processes_the_roll_up_parses_here(
    tmp_path: Path, folder: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    from amanat_cli.read.store import load_paths

    class NoProcesses:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise OSError("no processes in this sandbox")

    monkeypatch.setattr(store, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoProcesses)
    paths = _branches(tmp_path, 2)
    roadmaps, _problems = load_paths(paths)
    assert [r.branch.id for r in roadmaps] == ["b0", "b1"]
    assert parses == [str(path) for path in paths]


def test_small_or_single_files_never_start_workers(
    tmp_path: Path, folder: Path, parses: list[str]
) -> None:
    from amanat_cli.read.store import load_paths

    paths = _branches(tmp_path, 2)  # far below PARALLEL_MIN_BYTES
    load_paths(paths)
    assert parses == [str(path) for path in paths]  # parsed here, in order


def test_the_codec_writes_every_field_of_every_model_class() -> None:
    """A field added to the model must be added to the cache entry too (or this fails)."""
    from dataclasses import fields, is_dataclass

    from amanat_cli import model
    from amanat_cli.read import codec

    classes = {c for c in vars(model).values() if isinstance(c, type) and is_dataclass(c)}
    assert set(codec.FIELDS) == classes
    for cls in classes:
        assert codec.FIELDS[cls] == tuple(f.name for f in fields(cls)), cls.__name__


def test_an_entry_holds_no_pickle_and_no_code(tmp_path: Path, folder: Path) -> None:
    """The entry is marshal data only: str, int, float, bool, None, tuples and a dict."""
    import marshal
    import struct

    path = tmp_path / "almaty.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    cached(path)
    (entry,) = folder.iterdir()
    body = cache._checked(entry.read_bytes())
    assert body is not None
    sizes = struct.unpack_from(cache._SIZES, body)
    start = struct.calcsize(cache._SIZES)
    assert start + sum(sizes) == len(body)
    plain = (str, int, float, bool, type(None))

    def walk(value: object) -> None:
        if isinstance(value, tuple):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        else:
            assert isinstance(value, plain), type(value)

    for size in sizes:
        walk(marshal.loads(body[start : start + size]))
        start += size
