"""The branches manifest: strict reading, located problems, safe values for git."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from amanat_cli.read.manifest import (
    BranchRepo,
    Manifest,
    inside,
    load_manifest,
    load_manifest_bytes,
)


def load(text: str, path: Path = Path("branches.yaml")) -> tuple[Manifest | None, list[str]]:
    """Load dedented text; the problems as `path:line:col: message [rule]` lines."""
    manifest, problems = load_manifest_bytes(textwrap.dedent(text).lstrip().encode(), path)
    return manifest, [f"{p.source}: {p.message} [{p.rule}]" for p in problems]


def only_problem(text: str) -> str:
    manifest, problems = load(text)
    assert manifest is None
    assert len(problems) == 1, problems
    return problems[0]


def branch_with(**values: str) -> str:
    """A manifest of one branch, its keys overridden by `values`."""
    fields = {"id": "almaty", "remote": "https://git.example.kz/almaty.git", "path": "a.yaml"}
    fields.update(values)
    lines = ["format: 1", "branches:"]
    for index, (key, value) in enumerate(fields.items()):
        lines.append(f"  {'- ' if index == 0 else '  '}{key}: {value}")
    return "\n".join(lines) + "\n"


def test_a_manifest_lists_each_branch_with_its_remote_path_and_ref() -> None:
    manifest, problems = load(
        """
        format: 1
        branches:
          - id: almaty
            remote: https://git.example.kz/amanat/almaty.git
            path: roadmaps/almaty.yaml
          - id: shymkent
            remote: git@git.example.kz:amanat/shymkent.git
            path: ./roadmap.yaml
            ref: release/2025
        """
    )
    assert problems == []
    assert manifest is not None
    almaty, shymkent = manifest.branches
    assert (almaty.id, almaty.remote, almaty.path, almaty.ref) == (
        "almaty",
        "https://git.example.kz/amanat/almaty.git",
        "roadmaps/almaty.yaml",
        None,
    )
    assert (shymkent.remote, shymkent.path, shymkent.ref) == (
        "git@git.example.kz:amanat/shymkent.git",
        "roadmap.yaml",
        "release/2025",
    )
    assert almaty.at.line == 3
    assert shymkent.at.line == 6


def test_clones_go_in_a_folder_beside_the_manifest(tmp_path: Path) -> None:
    manifest, _problems = load(branch_with(), tmp_path / "national" / "branches.yaml")
    assert manifest is not None
    branch = manifest.branches[0]
    assert manifest.folder == tmp_path / "national" / "branches"
    assert manifest.clone_of(branch) == tmp_path / "national" / "branches" / "almaty"
    assert manifest.roadmap_of(branch) == tmp_path / "national" / "branches" / "almaty" / "a.yaml"


def test_the_folder_can_be_named(tmp_path: Path) -> None:
    text = branch_with().replace("format: 1\n", "format: 1\nfolder: ../synced\n")
    manifest, problems = load(text, tmp_path / "office" / "branches.yaml")
    assert problems == []
    assert manifest is not None
    assert manifest.folder == tmp_path / "office" / ".." / "synced"


def test_a_path_of_dot_is_the_whole_repository_as_a_folder_of_roadmaps() -> None:
    manifest, problems = load(branch_with(path="."))
    assert problems == []
    assert manifest is not None
    branch = manifest.branches[0]
    assert branch.path == "."
    assert manifest.roadmap_of(branch) == manifest.clone_of(branch)


def test_a_relative_local_remote_starts_at_the_manifest_folder(tmp_path: Path) -> None:
    manifest, problems = load(branch_with(remote="../repos/almaty.git"), tmp_path / "branches.yaml")
    assert problems == []
    assert manifest is not None
    assert manifest.branches[0].remote == os.path.normpath(tmp_path.parent / "repos/almaty.git")


@pytest.mark.parametrize(
    "remote",
    [
        "https://git.example.kz/almaty.git",
        "ssh://git@git.example.kz:2222/almaty.git",
        "git@git.example.kz:amanat/almaty.git",
        "file:///srv/git/almaty.git",
        "/srv/git/almaty.git",
    ],
)
def test_urls_hosts_and_absolute_paths_are_kept_as_written(remote: str) -> None:
    manifest, problems = load(branch_with(remote=f"'{remote}'"))
    assert problems == []
    assert manifest is not None
    assert manifest.branches[0].remote == remote


def test_unknown_keys_are_errors_with_a_hint() -> None:
    problem = only_problem(branch_with(remot="x"))
    assert problem == (
        "branches.yaml:6:5: unknown key 'remot' in a branch; did you mean 'remote'? [unknown-key]"
    )
    _manifest, problems = load("format: 1\nbranchs:\n  - id: a\n")
    assert problems == [
        "branches.yaml:1:1: the manifest lists no branches; add them under 'branches:' [required]",
        "branches.yaml:2:1: unknown key 'branchs' in the manifest; did you mean 'branches'? [unknown-key]",
    ]


def test_missing_fields_are_named() -> None:
    manifest, problems = load(
        """
        format: 1
        branches:
          - id: almaty
            path: a.yaml
        """
    )
    assert manifest is None
    assert problems == ["branches.yaml:3:5: branch 'almaty' has no 'remote' [required]"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("branches: []\n", "branches.yaml:1:1: the manifest has no 'format'; start it with 'format: 1' [format-version]"),
        ("format: 2\nbranches: []\n", "branches.yaml:1:9: unsupported manifest format 2; this amanat reads format 1 [format-version]"),
        ("format: 1\n", "branches.yaml:1:1: the manifest lists no branches; add them under 'branches:' [required]"),
        ("- a\n", "branches.yaml:1:1: the manifest must be a mapping (key: value) [type]"),
        ("format: 1\nbranches:\n  - almaty\n", "branches.yaml:3:5: a branch must be a mapping (key: value) [type]"),
        ("format: 1\nbranches: {id: a}\n", "branches.yaml:2:11: 'branches' must be a list [type]"),
    ],
)  # fmt: skip
def test_the_shape_of_the_file_is_checked(text: str, expected: str) -> None:
    manifest, problems = load(text)
    assert manifest is None
    assert expected in problems


def test_a_roadmap_is_not_taken_for_a_manifest() -> None:
    assert only_problem("# a branch's roadmap\nformat: 1\nbranch:\n  id: almaty\n") == (
        "branches.yaml:2:1: this is a roadmap, not a branches manifest (which lists 'branches:') "
        "[type]"
    )


def test_the_yaml_reader_is_the_roadmaps_strict_one() -> None:
    manifest, problems = load(branch_with(id="almaty") + "  - &a {id: b}\n")
    assert manifest is None
    assert any("anchors (&a) are not allowed" in p for p in problems)
    problem = only_problem(branch_with().replace("path: a.yaml", "path: a.yaml\n    path: b.yaml"))
    assert problem.startswith("branches.yaml:6:5: duplicate key 'path' (first at line 5)")


def test_ids_are_unique_slugs_that_can_name_a_folder() -> None:
    twice = branch_with() + "  - id: almaty\n    remote: x\n    path: a.yaml\n"
    assert only_problem(twice) == (
        "branches.yaml:6:5: branch 'almaty' is listed twice (first at line 3) [duplicate-id]"
    )
    assert only_problem(branch_with(id="Almaty")).endswith("[id-syntax]")
    assert only_problem(branch_with(id="../x")).endswith("[id-syntax]")
    assert "cannot name a folder on Windows" in only_problem(branch_with(id="con"))
    assert "cannot name a folder on Windows" in only_problem(branch_with(id="almaty."))


@pytest.mark.parametrize(
    ("remote", "says"),
    [
        ("'--upload-pack=touch /tmp/pwned'", "starts with '-', which git would read as an option"),
        ("'-oProxyCommand=x'", "starts with '-'"),
        ("'ext::sh -c touch% /tmp/pwned'", "the ext:: transport runs a command"),
        ("'EXT::sh'", "the EXT:: transport runs a command"),
        ("'fd::3'", "the fd:: transport runs a command"),
        ('"https://x\\n--upload-pack=y"', "holds a control character or a line break"),
        ("''", "'remote' is empty"),
    ],
)
def test_a_remote_git_could_misread_is_refused(remote: str, says: str) -> None:
    problem = only_problem(branch_with(remote=remote))
    assert problem.startswith("branches.yaml:4:13: ")
    assert says in problem


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/etc/passwd", "must be relative to the repository"),
        ("'C:/roadmap.yaml'", "must be relative to the repository"),
        ("../other/roadmap.yaml", "must stay inside the repository's files"),
        ("roadmaps/../../x.yaml", "must stay inside the repository's files"),
        (".git/config", "must stay inside the repository's files"),
        ("'roadmaps\\almaty.yaml'", "write '/' between folders"),
    ],
)
def test_a_path_outside_the_repository_is_refused(path: str, says: str) -> None:
    problem = only_problem(branch_with(path=path))
    assert problem.startswith("branches.yaml:5:11: ")
    assert problem.endswith("[path]")
    assert says in problem


def test_a_path_is_normalised() -> None:
    manifest, _problems = load(branch_with(path="./roadmaps//almaty.yaml"))
    assert manifest is not None
    assert manifest.branches[0].path == "roadmaps/almaty.yaml"


@pytest.mark.parametrize(
    "ref",
    ["main", "release/2025", "v1.0", "2025-q2", "feature_x"],
)
def test_branch_and_tag_names_are_accepted(ref: str) -> None:
    manifest, problems = load(branch_with(ref=ref))
    assert problems == []
    assert manifest is not None
    assert manifest.branches[0].ref == ref


@pytest.mark.parametrize(
    "ref",
    [
        "'--upload-pack=x'",
        "'-b'",
        "refs/heads/main",
        "a..b",
        "'a b'",
        "'a~1'",
        "'a^'",
        "'a:b'",
        "'a?'",
        "'a*'",
        "'a[b'",
        "'a\\b'",
        "a.lock",
        ".hidden",
        "a/.b",
        "a/",
        "a.",
        "'@'",
        "'a@{1}'",
        "a//b",
    ],
)
def test_a_ref_git_would_refuse_or_misread_is_refused(ref: str) -> None:
    assert only_problem(branch_with(ref=ref)).endswith("[ref]")


def test_an_unreadable_manifest_is_one_problem(tmp_path: Path) -> None:
    manifest, problems = load_manifest(tmp_path / "branches.yaml")
    assert manifest is None
    assert [p.rule for p in problems] == ["io"]
    assert problems[0].message.startswith(f"cannot read {tmp_path / 'branches.yaml'}: ")


def test_a_manifest_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "branches.yaml"
    path.write_text(branch_with(), encoding="utf-8")
    manifest, problems = load_manifest(path)
    assert problems == []
    assert manifest == Manifest(
        path,
        tmp_path / "branches",
        (
            BranchRepo(
                "almaty",
                "https://git.example.kz/almaty.git",
                "a.yaml",
                None,
                manifest.branches[0].at,
            ),
        ),
    )


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_inside_follows_symbolic_links(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    clone.mkdir()
    (clone / "roadmap.yaml").write_text("x", encoding="utf-8")
    (clone / "escape.yaml").symlink_to(tmp_path / "secret.yaml")
    assert inside(clone / "roadmap.yaml", clone)
    assert not inside(clone / "escape.yaml", clone)
