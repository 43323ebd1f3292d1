"""`amanat sync`'s engine against real local repositories: bare remotes made in the test."""

from __future__ import annotations

import http.server
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from amanat_cli.cli.exits import ExitCode, exit_code
from amanat_cli.errors import AmanatError
from amanat_cli.model import Source
from amanat_cli.read.gitsync import (
    ALLOWED_PROTOCOLS,
    Git,
    Outcome,
    SyncResult,
    git_environment,
    sync_all,
)
from amanat_cli.read.manifest import BranchRepo, Manifest, load_manifest
from tests.gitrepos import ROADMAP_TEXT, Upstream, git, write_manifest

MakeUpstream = Callable[..., Upstream]

pytestmark = pytest.mark.usefixtures("git_identity")


def manifest_of(tmp_path: Path, *upstreams: Upstream, **refs: str) -> Manifest:
    """A manifest (written and loaded) listing each upstream by its folder name."""
    branches = []
    for made in upstreams:
        name = made.work.name
        branch = {"id": name, "remote": made.url, "path": "roadmap.yaml"}
        if name in refs:
            branch["ref"] = refs[name]
        branches.append(branch)
    manifest, problems = load_manifest(write_manifest(tmp_path, branches))
    assert problems == []
    assert manifest is not None
    return manifest


def sync_one(manifest: Manifest, git_runner: Git | None = None) -> SyncResult:
    (result,) = sync_all(manifest, jobs=1, git=git_runner)
    return result


def roadmap_text(manifest: Manifest, branch_id: str = "almaty") -> str:
    return (manifest.folder / branch_id / "roadmap.yaml").read_text(encoding="utf-8")


def half_made_clones(manifest: Manifest) -> list[Path]:
    """What an interrupted or failed clone left behind in the sync folder."""
    return list((manifest.folder / ".amanat").glob("clone-*"))


def clone_head(manifest: Manifest, branch_id: str = "almaty") -> str:
    return git("rev-parse", "HEAD", cwd=manifest.folder / branch_id)


# --- the four states of the issue: clean, ahead, diverged, missing --------------


def test_a_new_branch_is_cloned_whole(tmp_path: Path, upstream: MakeUpstream) -> None:
    almaty = upstream("almaty")
    manifest = manifest_of(tmp_path, almaty)
    result = sync_one(manifest)
    assert (result.outcome, result.detail, result.before) == (Outcome.CLONED, "", None)
    assert result.after == almaty.head() == clone_head(manifest)
    assert roadmap_text(manifest) == ROADMAP_TEXT.format(label="almaty 1")
    # Nothing half-made is left behind, and the clones stay out of an enclosing repository.
    assert half_made_clones(manifest) == []
    assert (manifest.folder / ".gitignore").read_text(encoding="utf-8") == "*\n"


def test_a_clean_clone_of_an_unchanged_remote_is_up_to_date(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    manifest = manifest_of(tmp_path, upstream("almaty"))
    first = sync_one(manifest)
    again = sync_one(manifest)
    assert (again.outcome, again.before, again.after) == (
        Outcome.UP_TO_DATE,
        first.after,
        first.after,
    )


def test_a_remote_ahead_is_fast_forwarded(tmp_path: Path, upstream: MakeUpstream) -> None:
    almaty = upstream("almaty")
    manifest = manifest_of(tmp_path, almaty)
    first = sync_one(manifest)
    newer = almaty.publish(ROADMAP_TEXT.format(label="almaty 2"))
    result = sync_one(manifest)
    assert (result.outcome, result.before, result.after) == (Outcome.UPDATED, first.after, newer)
    assert clone_head(manifest) == newer
    assert roadmap_text(manifest) == ROADMAP_TEXT.format(label="almaty 2")
    # The remote-tracking branch follows, so `git status` in the clone reads true.
    assert git("rev-parse", "origin/main", cwd=manifest.folder / "almaty") == newer
    assert git("status", "--porcelain", cwd=manifest.folder / "almaty") == ""


def test_a_rewritten_remote_history_is_reported_and_left(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    almaty = upstream("almaty")
    almaty.publish(ROADMAP_TEXT.format(label="almaty 2"))
    manifest = manifest_of(tmp_path, almaty)
    kept = sync_one(manifest).after
    assert kept is not None
    rewritten = almaty.rewrite(ROADMAP_TEXT.format(label="almaty 2, rewritten"))
    result = sync_one(manifest)
    assert result.outcome == Outcome.DIVERGED
    assert (result.before, result.after) == (kept, kept)
    assert result.detail.startswith(f"clone at {kept[:7]}, remote at {rewritten[:7]}: ")
    assert clone_head(manifest) == kept
    assert roadmap_text(manifest) == ROADMAP_TEXT.format(label="almaty 2")


def test_local_commits_are_reported_and_left(tmp_path: Path, upstream: MakeUpstream) -> None:
    manifest = manifest_of(tmp_path, upstream("almaty"))
    sync_one(manifest)
    clone = manifest.folder / "almaty"
    (clone / "roadmap.yaml").write_text("format: 1\n# edited here\n", encoding="utf-8")
    git("commit", "--quiet", "--all", "-m", "a local edit", cwd=clone)
    local = clone_head(manifest)
    result = sync_one(manifest)
    assert result.outcome == Outcome.AHEAD
    assert result.detail.startswith(f"{local[:7]} is not on the remote, which is at ")
    assert (result.before, result.after) == (local, local)
    assert clone_head(manifest) == local


def test_local_commits_and_new_remote_ones_are_diverged(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    almaty = upstream("almaty")
    manifest = manifest_of(tmp_path, almaty)
    sync_one(manifest)
    clone = manifest.folder / "almaty"
    (clone / "notes.txt").write_text("local\n", encoding="utf-8")
    git("add", "notes.txt", cwd=clone)
    git("commit", "--quiet", "-m", "a local note", cwd=clone)
    local = clone_head(manifest)
    almaty.publish(ROADMAP_TEXT.format(label="almaty 2"))
    assert sync_one(manifest).outcome == Outcome.DIVERGED
    assert clone_head(manifest) == local


def test_a_missing_remote_is_unreachable_and_nothing_is_made(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    almaty = upstream("almaty")
    almaty.remove()
    manifest = manifest_of(tmp_path, almaty)
    result = sync_one(manifest)
    assert result.outcome == Outcome.UNREACHABLE
    assert result.detail == f"'{almaty.url}' does not appear to be a git repository"
    assert not (manifest.folder / "almaty").exists()
    assert half_made_clones(manifest) == []


def test_a_remote_removed_between_two_syncs_leaves_the_clone(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    almaty = upstream("almaty")
    manifest = manifest_of(tmp_path, almaty)
    kept = sync_one(manifest).after
    almaty.remove()
    result = sync_one(manifest)
    assert (result.outcome, result.before, result.after) == (Outcome.UNREACHABLE, kept, kept)
    assert roadmap_text(manifest) == ROADMAP_TEXT.format(label="almaty 1")


class VanishingRemote(Git):
    """Real git, but the remote is deleted the moment `git ls-remote` has answered."""

    def __init__(self, victim: Upstream) -> None:
        super().__init__()
        self.victim = victim

    def run(self, *args: str, **options: object) -> str:
        out = super().run(*args, **options)  # type: ignore[arg-type]
        if args[0] == "ls-remote" and self.victim.url in args:
            self.victim.remove()
        return out


def test_a_remote_that_vanishes_during_the_clone_leaves_nothing_half_made(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    almaty = upstream("almaty")
    manifest = manifest_of(tmp_path, almaty)
    result = sync_one(manifest, VanishingRemote(almaty))
    assert result.outcome == Outcome.UNREACHABLE
    assert not almaty.bare.exists()
    assert not (manifest.folder / "almaty").exists()
    assert half_made_clones(manifest) == []


def test_a_remote_that_vanishes_during_the_fetch_leaves_the_clone(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    almaty = upstream("almaty")
    manifest = manifest_of(tmp_path, almaty)
    kept = sync_one(manifest).after
    almaty.publish(ROADMAP_TEXT.format(label="almaty 2"))
    result = sync_one(manifest, VanishingRemote(almaty))
    assert (result.outcome, result.after) == (Outcome.UNREACHABLE, kept)
    assert clone_head(manifest) == kept
    assert roadmap_text(manifest) == ROADMAP_TEXT.format(label="almaty 1")


# --- what else is left as it is ---------------------------------------------------


def test_a_dirty_work_tree_is_not_moved(tmp_path: Path, upstream: MakeUpstream) -> None:
    almaty = upstream("almaty")
    manifest = manifest_of(tmp_path, almaty)
    kept = sync_one(manifest).after
    (manifest.folder / "almaty" / "roadmap.yaml").write_text("format: 1\n# mine\n", "utf-8")
    assert sync_one(manifest).outcome == Outcome.UP_TO_DATE  # nothing to move: no complaint
    almaty.publish(ROADMAP_TEXT.format(label="almaty 2"))
    result = sync_one(manifest)
    assert result.outcome == Outcome.DIRTY
    assert result.detail.startswith("1 changed file in the clone; commit or discard it")
    assert clone_head(manifest) == kept
    assert roadmap_text(manifest) == "format: 1\n# mine\n"


def test_a_folder_that_is_not_a_clone_of_the_remote_is_left(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    almaty, other = upstream("almaty"), upstream("other")
    manifest = manifest_of(tmp_path, almaty)
    place = manifest.folder / "almaty"
    place.mkdir(parents=True)
    (place / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = sync_one(manifest)
    assert result.outcome == Outcome.NOT_A_CLONE
    assert "is not a git clone" in result.detail
    assert [p.name for p in place.iterdir()] == ["notes.txt"]

    (place / "notes.txt").unlink()
    place.rmdir()
    git("clone", "--quiet", other.url, str(place), cwd=tmp_path)
    result = sync_one(manifest)
    assert result.outcome == Outcome.NOT_A_CLONE
    assert f"is a clone of {other.url}, not of {almaty.url}" in result.detail
    assert (place / "roadmap.yaml").read_text(encoding="utf-8") == ROADMAP_TEXT.format(
        label="other 1"
    )

    git("remote", "remove", "origin", cwd=place)
    result = sync_one(manifest)
    assert result.outcome == Outcome.NOT_A_CLONE
    assert "is a clone with no 'origin' remote" in result.detail

    git("-C", str(place.parent), "init", "--quiet", cwd=tmp_path)  # a repository around it
    (place / ".git").rename(tmp_path / "moved-git")
    assert sync_one(manifest).outcome == Outcome.NOT_A_CLONE


def test_a_file_where_the_clone_should_be_is_left(tmp_path: Path, upstream: MakeUpstream) -> None:
    manifest = manifest_of(tmp_path, upstream("almaty"))
    manifest.folder.mkdir()
    (manifest.folder / "almaty").write_text("not a folder\n", encoding="utf-8")
    result = sync_one(manifest)
    assert result.outcome == Outcome.NOT_A_CLONE
    assert (manifest.folder / "almaty").read_text(encoding="utf-8") == "not a folder\n"


def test_an_empty_folder_where_the_clone_should_be_is_cloned_into(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    manifest = manifest_of(tmp_path, upstream("almaty"))
    (manifest.folder / "almaty").mkdir(parents=True)
    assert sync_one(manifest).outcome == Outcome.CLONED
    assert roadmap_text(manifest) == ROADMAP_TEXT.format(label="almaty 1")


# --- refs ---------------------------------------------------------------------------


def test_a_pinned_tag_stays_until_the_pin_moves(tmp_path: Path, upstream: MakeUpstream) -> None:
    almaty = upstream("almaty")
    git("tag", "--annotate", "-m", "June report", "report-2025-06", cwd=almaty.work)
    pinned = almaty.head()
    almaty.push("report-2025-06")
    almaty.publish(ROADMAP_TEXT.format(label="almaty 2"))
    manifest = manifest_of(tmp_path, almaty, almaty="report-2025-06")
    result = sync_one(manifest)
    assert (result.outcome, result.after) == (Outcome.CLONED, pinned)
    assert roadmap_text(manifest) == ROADMAP_TEXT.format(label="almaty 1")
    assert sync_one(manifest).outcome == Outcome.UP_TO_DATE  # main moved on; the pin did not

    git("tag", "report-2025-07", cwd=almaty.work)  # a lightweight tag this time
    almaty.push("report-2025-07")
    manifest = manifest_of(tmp_path, almaty, almaty="report-2025-07")
    result = sync_one(manifest)
    assert (result.outcome, result.before, result.after) == (
        Outcome.UPDATED,
        pinned,
        almaty.head(),
    )
    assert roadmap_text(manifest) == ROADMAP_TEXT.format(label="almaty 2")


def test_a_pinned_branch_is_followed(tmp_path: Path, upstream: MakeUpstream) -> None:
    almaty = upstream("almaty")
    git("branch", "approved", cwd=almaty.work)
    almaty.push("approved")
    almaty.publish(ROADMAP_TEXT.format(label="draft"))
    manifest = manifest_of(tmp_path, almaty, almaty="approved")
    assert sync_one(manifest).outcome == Outcome.CLONED
    assert roadmap_text(manifest) == ROADMAP_TEXT.format(label="almaty 1")
    git("push", "--quiet", "origin", "main:approved", cwd=almaty.work)
    assert sync_one(manifest).outcome == Outcome.UPDATED
    assert roadmap_text(manifest) == ROADMAP_TEXT.format(label="draft")


def test_a_ref_moved_back_is_not_followed(tmp_path: Path, upstream: MakeUpstream) -> None:
    almaty = upstream("almaty")
    first = almaty.head()
    almaty.publish(ROADMAP_TEXT.format(label="almaty 2"))
    manifest = manifest_of(tmp_path, almaty)
    kept = sync_one(manifest).after
    git("tag", "old", first, cwd=almaty.work)
    almaty.push("old")
    result = sync_one(manifest_of(tmp_path, almaty, almaty="old"))
    assert (result.outcome, result.after) == (Outcome.AHEAD, kept)


def test_a_missing_ref_is_reported_and_nothing_is_made(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    manifest = manifest_of(tmp_path, upstream("almaty"), almaty="release")
    result = sync_one(manifest)
    assert (result.outcome, result.detail) == (
        Outcome.MISSING_REF,
        "the remote has no branch or tag 'release'",
    )
    assert not (manifest.folder / "almaty").exists()


def test_an_empty_remote_has_nothing_to_clone(tmp_path: Path, upstream: MakeUpstream) -> None:
    manifest = manifest_of(tmp_path, upstream("almaty", empty=True))
    result = sync_one(manifest)
    assert result.outcome == Outcome.MISSING_REF
    assert result.detail == "the remote has no commits on its default branch"


# --- the roadmap inside -----------------------------------------------------------


def test_a_repository_without_the_roadmap_is_reported_but_kept(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    almaty = upstream("almaty", path="roadmaps/almaty.yaml")
    manifest = manifest_of(tmp_path, almaty)  # says roadmap.yaml
    result = sync_one(manifest)
    assert result.outcome == Outcome.NO_ROADMAP
    assert result.detail == (
        "there is no roadmap.yaml in the repository; fix 'path' in the manifest"
    )
    assert (manifest.folder / "almaty" / "roadmaps" / "almaty.yaml").is_file()


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_roadmap_that_links_outside_the_repository_is_not_read(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    almaty = upstream("almaty")
    (almaty.work / "roadmap.yaml").unlink()
    (tmp_path / "secret.yaml").write_text("not the branch's\n", encoding="utf-8")
    (almaty.work / "roadmap.yaml").symlink_to("../../secret.yaml")  # from branches/almaty/
    almaty.commit({})
    almaty.push()
    result = sync_one(manifest_of(tmp_path, almaty))
    assert result.outcome == Outcome.NO_ROADMAP
    assert "leads outside the repository" in result.detail


# --- what git is allowed to do --------------------------------------------------------


def forged(tmp_path: Path, remote: str, ref: str | None = None) -> Manifest:
    """A manifest the loader would refuse, to show git is safe even then."""
    branch = BranchRepo("almaty", remote, "roadmap.yaml", ref, Source("branches.yaml", 3, 5))
    return Manifest(tmp_path / "branches.yaml", tmp_path / "branches", (branch,))


@pytest.mark.parametrize(
    "remote",
    [
        "--upload-pack=touch {marker}",
        "ext::sh -c touch% {marker}",
        "fd::3",
    ],
)
def test_a_remote_cannot_run_a_command(tmp_path: Path, remote: str) -> None:
    marker = tmp_path / "pwned"
    result = sync_one(forged(tmp_path, remote.format(marker=marker)))
    assert result.outcome == Outcome.UNREACHABLE
    assert not marker.exists()


def test_a_ref_cannot_become_an_option(tmp_path: Path, upstream: MakeUpstream) -> None:
    marker = tmp_path / "pwned"
    manifest = forged(tmp_path, upstream("almaty").url, f"--upload-pack=touch {marker}")
    assert sync_one(manifest).outcome == Outcome.MISSING_REF
    assert not marker.exists()


def test_git_runs_without_prompts_or_a_foreign_repository() -> None:
    environment = git_environment(
        {"PATH": "/bin", "GIT_DIR": "/elsewhere/.git", "GIT_ASKPASS": "x", "SSH_ASKPASS": "y"}
    )
    assert environment == {
        "PATH": "/bin",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ALLOW_PROTOCOL": ALLOWED_PROTOCOLS,
        "SSH_ASKPASS_REQUIRE": "never",
        "GCM_INTERACTIVE": "never",
    }


def test_a_git_dir_set_by_a_hook_does_not_redirect_the_sync(
    tmp_path: Path, upstream: MakeUpstream, monkeypatch: pytest.MonkeyPatch
) -> None:
    almaty = upstream("almaty")
    manifest = manifest_of(tmp_path, almaty)
    office = tmp_path / "office"
    office.mkdir()
    git("init", "--quiet", cwd=office)
    almaty.publish(ROADMAP_TEXT.format(label="almaty 2"))
    monkeypatch.setenv("GIT_DIR", str(office / ".git"))
    assert sync_one(manifest).outcome == Outcome.CLONED
    assert sync_one(manifest).outcome == Outcome.UP_TO_DATE
    monkeypatch.delenv("GIT_DIR")
    almaty.publish(ROADMAP_TEXT.format(label="almaty 3"))
    monkeypatch.setenv("GIT_DIR", str(office / ".git"))
    assert sync_one(manifest).outcome == Outcome.UPDATED
    assert roadmap_text(manifest) == ROADMAP_TEXT.format(label="almaty 3")
    assert git("--git-dir", str(office / ".git"), "remote", cwd=tmp_path) == ""


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    try:
        yield server.getsockname()[1]
    finally:
        server.close()


def test_a_remote_that_never_answers_times_out(tmp_path: Path, silent_server: int) -> None:
    manifest = forged(tmp_path, f"git://127.0.0.1:{silent_server}/almaty.git")
    started = time.monotonic()
    result = sync_one(manifest, Git(timeout=1))
    assert time.monotonic() - started < 10
    assert (result.outcome, result.detail) == (
        Outcome.UNREACHABLE,
        "git ls-remote: no answer within 1 s",
    )


class _AskForPassword(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="branch"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def test_a_remote_asking_for_a_password_fails_without_a_prompt(tmp_path: Path) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _AskForPassword)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        manifest = forged(tmp_path, f"http://127.0.0.1:{server.server_port}/almaty.git")
        result = sync_one(manifest, Git(timeout=20))
    finally:
        server.shutdown()
        server.server_close()
    assert result.outcome == Outcome.UNREACHABLE
    assert "terminal prompts disabled" in result.detail


# --- many branches at once ------------------------------------------------------------


def test_branches_sync_in_parallel_and_report_in_manifest_order(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    names = ["zhetysu", "almaty", "shymkent", "abai", "turkistan"]
    made = [upstream(name) for name in names]
    made[2].remove()
    manifest = manifest_of(tmp_path, *made)
    told: list[tuple[str, int, int]] = []
    results = sync_all(
        manifest, jobs=3, progress=lambda r, done, total: told.append((r.branch.id, done, total))
    )
    assert [r.branch.id for r in results] == names
    assert [r.outcome for r in results] == [
        Outcome.CLONED,
        Outcome.CLONED,
        Outcome.UNREACHABLE,
        Outcome.CLONED,
        Outcome.CLONED,
    ]
    assert sorted(name for name, _done, _total in told) == sorted(names)
    assert [(done, total) for _name, done, total in told] == [(n, 5) for n in range(1, 6)]


def test_one_sync_of_a_folder_at_a_time(tmp_path: Path, upstream: MakeUpstream) -> None:
    manifest = manifest_of(tmp_path, upstream("almaty"))
    (manifest.folder / ".amanat").mkdir(parents=True)
    held = FileLock(str(manifest.folder / ".amanat" / "sync.lock"))
    with held, pytest.raises(AmanatError) as refused:
        sync_all(manifest)
    assert exit_code(refused.value) == ExitCode.WRITE_REFUSED
    assert "another amanat sync is running" in refused.value.message
    assert not (manifest.folder / "almaty").exists()


def test_a_clone_left_half_made_by_a_killed_run_is_removed(
    tmp_path: Path, upstream: MakeUpstream
) -> None:
    manifest = manifest_of(tmp_path, upstream("almaty"))
    leftover = manifest.folder / ".amanat" / "clone-almaty-x1y2" / "almaty" / ".git"
    leftover.mkdir(parents=True)
    (leftover / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    os.chmod(leftover / "HEAD", 0o444)  # git's object files are read-only
    assert sync_one(manifest).outcome == Outcome.CLONED
    assert half_made_clones(manifest) == []


def test_an_interrupt_stops_the_network_and_the_branches_not_begun(
    tmp_path: Path, upstream: MakeUpstream, silent_server: int
) -> None:
    quick = upstream("almaty")
    hanging = BranchRepo(
        "shymkent",
        f"git://127.0.0.1:{silent_server}/shymkent.git",
        "roadmap.yaml",
        None,
        Source("branches.yaml", 7, 5),
    )
    later = upstream("taraz")
    manifest = manifest_of(tmp_path, quick, later)
    manifest = Manifest(
        manifest.path, manifest.folder, (manifest.branches[0], hanging, manifest.branches[1])
    )

    def interrupt(result: SyncResult, done: int, total: int) -> None:
        raise KeyboardInterrupt

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        sync_all(manifest, jobs=2, git=Git(timeout=60), progress=interrupt)
    assert time.monotonic() - started < 30  # not the 60 s timeout: the hanging fetch was killed
    assert half_made_clones(manifest) == []
