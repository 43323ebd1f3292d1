"""Attacks on the parse cache (issue 12, holes 4 and 5): planted links, hostile or damaged entries.

Each test plays what an attacker (or a bad disk) did, and asserts the cache was
never written through a link, never ran code from an entry, never returned a
changed model, and never made a command fail.  They plant files under the names
both this cache and its pickle-based predecessor used, so each would have
caught the hole in the code before it was closed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
from pathlib import Path

import pytest

from amanat_cli.read import cache
from amanat_cli.read.store import load_file, open_store
from tests.read.test_store import ROADMAP, same

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX links, owners and modes")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache folder in use (private, as the cache makes it)."""
    monkeypatch.setenv("AMANAT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("AMANAT_NO_CACHE", raising=False)
    (tmp_path / "cache").mkdir(mode=0o700)
    return tmp_path / "cache"


@pytest.fixture
def roadmap(tmp_path: Path) -> Path:
    path = tmp_path / "almaty.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    return path


def entry_names(path: Path) -> list[str]:
    """Every name an entry of `path` has had: this cache's and the former pickle cache's."""
    key = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()
    return [f"{key}.entry", f"{key}.pickle"]


def cached(path: Path) -> tuple[object, object]:
    return open_store().load_path(path)


class _Hostile:
    """Unpickling this creates `marker`: what any code in a pickle could do instead."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return open, (str(self.marker), "w")


def hostile_pickle(marker: Path) -> bytes:
    return pickle.dumps(_Hostile(marker))


# --- hole 4: cache writes follow planted links ------------------------------------


def test_planted_temp_links_are_never_written_through(
    tmp_path: Path, folder: Path, roadmap: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("the victim's own words\n", encoding="utf-8")
    for name in entry_names(roadmap):  # the temp names a predictable writer would use
        (folder / f"{name}.{os.getpid()}.tmp").symlink_to(victim)
    same(cached(roadmap), load_file(roadmap))
    assert victim.read_text(encoding="utf-8") == "the victim's own words\n"
    same(cached(roadmap), load_file(roadmap))  # and the entry written is a good one


@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o720, 0o702])
def test_a_folder_others_may_write_to_is_not_used(folder: Path, roadmap: Path, mode: int) -> None:
    folder.chmod(mode)
    same(cached(roadmap), load_file(roadmap))
    same(cached(roadmap), load_file(roadmap))
    assert list(folder.iterdir()) == []
    assert open_store().cache is None


def test_a_folder_of_another_user_is_not_used(
    folder: Path, roadmap: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    someone_else = folder.stat().st_uid + 1
    monkeypatch.setattr(os, "getuid", lambda: someone_else)
    same(cached(roadmap), load_file(roadmap))
    assert list(folder.iterdir()) == []


def test_a_folder_that_is_a_link_is_not_used(
    tmp_path: Path, roadmap: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(elsewhere)
    monkeypatch.setenv("AMANAT_CACHE_DIR", str(tmp_path / "link"))
    same(cached(roadmap), load_file(roadmap))
    assert list(elsewhere.iterdir()) == []


def test_a_new_folder_is_private_and_entries_are_the_users_alone(
    tmp_path: Path, roadmap: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMANAT_CACHE_DIR", str(tmp_path / "new" / "cache"))
    cached(roadmap)
    folder = tmp_path / "new" / "cache"
    assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0
    (entry,) = folder.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) & 0o077 == 0


# --- hole 5: links followed, pickles executed, bit flips believed ----------------


def test_an_entry_that_is_a_link_to_the_users_own_file_is_not_read(
    tmp_path: Path, folder: Path, roadmap: Path
) -> None:
    marker = tmp_path / "code-ran"
    planted = tmp_path / "downloads" / "innocent.bin"  # the user's own file, attacker's bytes
    planted.parent.mkdir()
    planted.write_bytes(hostile_pickle(marker))
    for name in entry_names(roadmap):
        (folder / name).symlink_to(planted)
    same(cached(roadmap), load_file(roadmap))
    assert not marker.exists()


def test_a_hostile_entry_is_never_executed(tmp_path: Path, folder: Path, roadmap: Path) -> None:
    marker = tmp_path / "code-ran"
    for name in entry_names(roadmap):
        (folder / name).write_bytes(hostile_pickle(marker))
    same(cached(roadmap), load_file(roadmap))
    assert not marker.exists()


def test_a_flipped_bit_in_an_entry_never_changes_the_model(folder: Path, roadmap: Path) -> None:
    cold = load_file(roadmap)
    cached(roadmap)
    (entry,) = folder.iterdir()
    content = bytearray(entry.read_bytes())
    at = content.index("Поликлиники AAA".encode()) + len("Поликлиники AA".encode())
    content[at] ^= 0x02  # "AAA" -> "AAC": still valid text, a different title
    entry.write_bytes(bytes(content))
    result = cached(roadmap)
    same(result, cold)
    assert result[0] is not None and result[0].pledges()[0].title == "Поликлиники AAA"


def test_every_single_bit_flip_is_caught(folder: Path, roadmap: Path) -> None:
    """Whatever bit of the entry a bad disk flips, the answer is the parse of the file."""
    cold = load_file(roadmap)
    cached(roadmap)
    (entry,) = folder.iterdir()
    content = entry.read_bytes()
    key = open_store().cache.key(roadmap, roadmap.read_bytes())  # type: ignore[union-attr]
    parse_cache = cache.ParseCache(folder, "en")
    for at in range(0, len(content), max(1, len(content) // 300)):
        flipped = bytearray(content)
        flipped[at] ^= 1 << (at % 8)
        entry.write_bytes(bytes(flipped))
        assert parse_cache.get(key, with_layout=True) is None, at
    entry.write_bytes(content)
    found = parse_cache.get(key, with_layout=True)
    assert found is not None and found[0] == cold[0]
