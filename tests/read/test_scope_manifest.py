"""A branches manifest among the roadmap paths: its branches' synced roadmaps, in its order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from amanat_cli.cli.exits import ExitCode, exit_code
from amanat_cli.errors import AmanatError
from amanat_cli.model import Problem
from amanat_cli.read.scope import expand_paths
from tests.gitrepos import write_manifest


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """A manifest of three branches, two of them synced (laid out as `amanat sync` would)."""
    write_manifest(
        tmp_path,
        [
            {"id": branch, "remote": f"/srv/{branch}.git", "path": f"roadmaps/{branch}.yaml"}
            for branch in ("zhetysu", "almaty", "taraz")
        ],
    )
    for branch in ("zhetysu", "almaty"):
        roadmap = tmp_path / "branches" / branch / "roadmaps" / f"{branch}.yaml"
        roadmap.parent.mkdir(parents=True)
        roadmap.write_text("format: 1\n", encoding="utf-8")
    return tmp_path


def test_a_manifest_stands_for_its_synced_roadmaps_in_its_order(office: Path) -> None:
    unsynced: list[Problem] = []
    found = expand_paths([office / "branches.yaml"], unsynced)
    assert found == [
        office / "branches" / "zhetysu" / "roadmaps" / "zhetysu.yaml",
        office / "branches" / "almaty" / "roadmaps" / "almaty.yaml",
    ]
    (warning,) = unsynced
    assert (str(warning.source), warning.severity, warning.rule) == (
        f"{office / 'branches.yaml'}:9:5",
        "warning",
        "not-synced",
    )
    assert warning.message.startswith("branch 'taraz' is not synced yet (no ")


def test_a_folder_holding_a_manifest_and_a_roadmap_gives_both(office: Path) -> None:
    (office / "national.yaml").write_text("format: 1\n", encoding="utf-8")
    found = expand_paths([office])
    assert [path.name for path in found] == ["zhetysu.yaml", "almaty.yaml", "national.yaml"]


def test_a_path_of_dot_reads_the_repository_as_a_folder(tmp_path: Path) -> None:
    write_manifest(tmp_path, [{"id": "almaty", "remote": "/srv/almaty.git", "path": "."}])
    clone = tmp_path / "branches" / "almaty"
    clone.mkdir(parents=True)
    for name in ("almaty.yaml", "almaty-alatau.yaml"):
        (clone / name).write_text("format: 1\n", encoding="utf-8")
    assert [p.name for p in expand_paths([tmp_path / "branches.yaml"])] == [
        "almaty-alatau.yaml",
        "almaty.yaml",
    ]


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_manifest_met_again_through_a_branch_is_not_followed_twice(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, [{"id": "almaty", "remote": "/srv/a.git", "path": "."}])
    clone = tmp_path / "branches" / "almaty"
    clone.mkdir(parents=True)
    (clone / "almaty.yaml").write_text("format: 1\n", encoding="utf-8")
    (clone / "branches.yaml").symlink_to(manifest)  # the national manifest again
    assert expand_paths([manifest]) == [clone / "almaty.yaml"]


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_roadmap_linking_outside_its_clone_is_not_read(office: Path) -> None:
    outside = office / "elsewhere.yaml"
    outside.write_text("format: 1\n", encoding="utf-8")
    roadmap = office / "branches" / "almaty" / "roadmaps" / "almaty.yaml"
    roadmap.unlink()
    roadmap.symlink_to(outside)
    unsynced: list[Problem] = []
    assert [p.name for p in expand_paths([office / "branches.yaml"], unsynced)] == ["zhetysu.yaml"]
    almaty, taraz = unsynced
    assert (
        almaty.message == f"branch 'almaty': {roadmap} leads outside its repository; it is not read"
    )
    assert taraz.message.startswith("branch 'taraz' is not synced yet")


def test_nothing_synced_is_a_usage_error(tmp_path: Path) -> None:
    manifest = write_manifest(
        tmp_path, [{"id": "almaty", "remote": "/srv/a.git", "path": "a.yaml"}]
    )
    with pytest.raises(AmanatError) as refused:
        expand_paths([manifest])
    assert exit_code(refused.value) == ExitCode.USAGE
    assert refused.value.message == (
        f"{manifest}: no branch is synced yet; run `amanat sync {manifest}` first"
    )


def test_a_broken_manifest_is_a_usage_error_at_its_first_problem(tmp_path: Path) -> None:
    manifest = tmp_path / "branches.yaml"
    manifest.write_text("format: 1\nbranches:\n  - id: a\n    remote: -x\n    path: a\n", "utf-8")
    with pytest.raises(AmanatError) as refused:
        expand_paths([manifest])
    assert exit_code(refused.value) == ExitCode.USAGE
    assert refused.value.message == (
        f"{manifest}:4:13: remote '-x' starts with '-', which git would read as an option [remote]"
    )
