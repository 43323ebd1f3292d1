"""Gathering the branches' repositories: clone each one, or fast-forward its clone, through git.

Never a merge, never a force: a clone only moves forward to what its remote
holds, and only when nothing local would be lost.  A dirty work tree, local
commits, a rewritten remote history, a missing ref, an unreachable remote, or
a folder that is not a clone of that remote is reported and left exactly as it
was.  A new clone is made in `<folder>/.amanat/` and moved into place whole,
so an interrupted run never leaves half a clone where a branch's should be.

git is the user's own program (their ssh keys and configuration apply), run
with argument lists, never through a shell; without a terminal, prompts or
credential helpers; with only the file, git, http(s) and ssh transports; and
under a timeout that kills git's whole process group (its ssh or https helper
too).  Core module: no Typer, no Rich.
"""

from __future__ import annotations

import contextlib
import enum
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amanat_cli.errors import Unreadable, WriteRefused
from amanat_cli.i18n import _, ngettext
from amanat_cli.read.manifest import BranchRepo, Manifest, inside
from amanat_cli.read.private import ensure as ensure_private
from amanat_cli.read.scope import SYNC_LOCK

TIMEOUT = 120.0
"""Seconds one git command may take (a roadmap repository is small; a stalled link is not)."""
JOBS = 4
"""Repositories synced at once by default: the wait is on the network, not the cores."""

PRIVATE_DIR = SYNC_LOCK.parent
"""In the sync folder: the lock, and new clones until they are whole."""
ALLOWED_PROTOCOLS = "file:git:http:https:ssh"
"""GIT_ALLOW_PROTOCOL: no `ext::` (runs commands), `fd::` or other remote helpers."""
_CONFIG = (
    *("-c", "protocol.ext.allow=never"),
    *("-c", "credential.helper="),  # an empty value clears every configured helper
    *("-c", "core.askPass="),
    *("-c", "core.fsmonitor=false"),  # a clone's config must not start programs on `status`
    *("-c", "advice.detachedHead=false"),
)
_DROPPED_ENV = (
    # Set by a git hook or alias that runs amanat: they would point git at another repository.
    *("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX"),
    *("GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE"),
    *("GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"),
    # Programs that would ask for a password in a window.
    *("GIT_ASKPASS", "SSH_ASKPASS"),
)
_SHORT = 7
"""Hex digits of a commit shown to people."""


class Outcome(enum.StrEnum):
    """What happened to one branch's clone."""

    CLONED = "cloned"
    UPDATED = "updated"
    UP_TO_DATE = "up-to-date"
    UNREACHABLE = "unreachable"
    MISSING_REF = "missing-ref"
    NOT_A_CLONE = "not-a-clone"
    DIRTY = "dirty"
    AHEAD = "ahead"
    DIVERGED = "diverged"
    NO_ROADMAP = "no-roadmap"
    FAILED = "failed"

    @property
    def ok(self) -> bool:
        """True when the clone holds the remote's current roadmap."""
        return self in (Outcome.CLONED, Outcome.UPDATED, Outcome.UP_TO_DATE)


@dataclass(frozen=True, slots=True)
class SyncResult:
    """One branch's outcome, with the commits before and after."""

    branch: BranchRepo
    outcome: Outcome
    detail: str = ""
    """Why, in one translated line; empty when the outcome says it all."""
    before: str | None = None
    """The clone's commit before the sync (None: no clone, or no commit yet)."""
    after: str | None = None
    """The clone's commit after it (unchanged when left as it was)."""


class _Stop(Exception):
    """Ends one branch's sync with an outcome (raised where the reason is known)."""

    def __init__(self, outcome: Outcome, detail: str) -> None:
        super().__init__(detail)
        self.outcome = outcome
        self.detail = detail


def git_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment git runs in: no prompts, no foreign repository, only safe transports."""
    environment = {k: v for k, v in environ.items() if k not in _DROPPED_ENV}
    environment["GIT_TERMINAL_PROMPT"] = "0"
    environment["GIT_ALLOW_PROTOCOL"] = ALLOWED_PROTOCOLS
    environment["SSH_ASKPASS_REQUIRE"] = "never"
    environment["GCM_INTERACTIVE"] = "never"  # Git Credential Manager, should one still run
    return environment


def _git_says(stderr: bytes) -> str:
    """git's most telling line: the first that is no hint or warning, without `fatal: `."""
    for line in stderr.decode("utf-8", "replace").splitlines():
        line = " ".join(line.split())
        if line and not line.startswith(("hint:", "warning:")):
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return ""


def _failed(args: tuple[str, ...], code: int, stderr: bytes, outcome: Outcome) -> _Stop:
    """git's own reason for failing, or its exit code when it gave none."""
    reason = _git_says(stderr) or _("git {command} failed (exit {code})").format(
        command=args[0], code=code
    )
    return _Stop(outcome, reason)


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill git and whatever it started (ssh, a remote helper)."""
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    else:
        with contextlib.suppress(OSError):
            process.kill()


class Git:
    """Runs git for a sync; `cancel` stops the network commands under way and any to come."""

    def __init__(self, timeout: float = TIMEOUT, environ: Mapping[str, str] | None = None) -> None:
        self.timeout = timeout
        self.environment = git_environment(os.environ if environ is None else environ)
        self._network: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        self._cancelled = False

    def check_installed(self) -> None:
        """Raise Unreadable when there is no git to run."""
        try:
            self.run("--version")
        except _Stop as stop:
            raise Unreadable(_("cannot run git: {reason}").format(reason=stop.detail)) from None

    def run(
        self, *args: str, cwd: Path | None = None, network: bool = False,
        fail: Outcome = Outcome.FAILED,
    ) -> str:  # fmt: skip
        """git's standard output; `_Stop(fail, git's last error line)` when it fails."""
        code, stdout, stderr = self._execute(args, cwd, network, fail)
        if code != 0:
            raise _failed(args, code, stderr, fail)
        return stdout.decode("utf-8", "replace")

    def succeeds(self, *args: str, cwd: Path) -> bool:
        """The answer to a yes/no question (git exits 0 or 1); `_Stop` when git fails."""
        code, _stdout, stderr = self._execute(args, cwd, False, Outcome.FAILED)
        if code in (0, 1):
            return code == 0
        raise _failed(args, code, stderr, Outcome.FAILED)

    def _execute(
        self, args: tuple[str, ...], cwd: Path | None, network: bool, fail: Outcome
    ) -> tuple[int, bytes, bytes]:
        # Its own session: no terminal for ssh to ask a passphrase on, and one
        # process group to kill on a timeout.  (Windows has no sessions; Ctrl-C
        # reaches git there directly.)
        options: dict[str, Any] = {"start_new_session": True} if os.name == "posix" else {}
        with self._lock:
            if self._cancelled:
                raise _Stop(fail, _("interrupted"))
            try:
                process = subprocess.Popen(
                    ["git", *_CONFIG, *args],
                    cwd=cwd,
                    env=self.environment,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    **options,
                )
            except OSError as error:
                raise _Stop(Outcome.FAILED, error.strerror or str(error)) from None
            if network:
                self._network.add(process)
        try:
            stdout, stderr = process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            with contextlib.suppress(subprocess.TimeoutExpired):  # a helper may hold the pipes
                process.communicate(timeout=5)
            message = _("git {command}: no answer within {seconds} s")
            raise _Stop(
                fail, message.format(command=args[0], seconds=f"{self.timeout:g}")
            ) from None
        finally:
            with self._lock:
                self._network.discard(process)
        if process.returncode != 0 and self._cancelled:
            raise _Stop(fail, _("interrupted"))
        return process.returncode, stdout, stderr

    def cancel(self) -> None:
        """Kill the network commands running now; every later command fails at once."""
        with self._lock:
            self._cancelled = True
            for process in self._network:
                _kill(process)


@dataclass(frozen=True, slots=True)
class _Target:
    """What the remote holds for the branch: the full ref name and its commit."""

    ref: str
    commit: str


def _remote_target(git: Git, branch: BranchRepo, cwd: Path) -> _Target:
    """Ask the remote (`git ls-remote`): an unreachable remote and a missing ref are told apart."""
    if branch.ref is None:
        asked: tuple[str, ...] = ("--symref", "--", branch.remote, "HEAD")
    else:
        heads, tags = f"refs/heads/{branch.ref}", f"refs/tags/{branch.ref}"
        asked = ("--", branch.remote, heads, tags, tags + "^{}")
    listing = git.run("ls-remote", *asked, cwd=cwd, network=True, fail=Outcome.UNREACHABLE)
    refs: dict[str, str] = {}
    for line in listing.splitlines():
        value, _tab, name = line.partition("\t")
        if value.startswith("ref: "):  # --symref: "ref: refs/heads/main<TAB>HEAD"
            refs[name + " ->"] = value[len("ref: ") :]
        else:
            refs[name] = value
    if branch.ref is None:
        if "HEAD" not in refs:
            raise _Stop(Outcome.MISSING_REF, _("the remote has no commits on its default branch"))
        return _Target(refs.get("HEAD ->", "HEAD"), refs["HEAD"])
    if heads in refs:  # a branch before a tag of the same name, as `git clone --branch` takes it
        return _Target(heads, refs[heads])
    if tags in refs:  # an annotated tag is listed twice: the tag, then `^{}`, its commit
        return _Target(tags, refs.get(tags + "^{}", refs[tags]))
    message = _("the remote has no branch or tag '{ref}'")
    raise _Stop(Outcome.MISSING_REF, message.format(ref=branch.ref))


def _head(git: Git, clone: Path) -> str | None:
    """The clone's current commit, or None before its first commit."""
    try:
        return git.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", cwd=clone).strip()
    except _Stop:
        return None


def _is_clone_of(git: Git, clone: Path, branch: BranchRepo) -> None:
    """Raise NOT_A_CLONE unless `clone` is the top of a work tree whose origin is the remote."""
    not_a_clone = Outcome.NOT_A_CLONE
    if not clone.is_dir():
        raise _Stop(
            not_a_clone,
            _("{path} is a file, not a clone; move it away and sync again").format(path=clone),
        )
    try:
        top = git.run("rev-parse", "--show-toplevel", cwd=clone).strip()
        same = bool(top) and os.path.samefile(top, clone)
    except (_Stop, OSError):
        same = False
    if not same:
        message = _("{path} is not a git clone; move it away and sync again")
        raise _Stop(not_a_clone, message.format(path=clone))
    try:
        origin = git.run("config", "--get", "remote.origin.url", cwd=clone).strip()
    except _Stop:
        message = _("{path} is a clone with no 'origin' remote; move it away and sync again")
        raise _Stop(not_a_clone, message.format(path=clone)) from None
    if not _same_remote(origin, branch.remote):
        message = _("{path} is a clone of {origin}, not of {remote}; move it away and sync again")
        raise _Stop(not_a_clone, message.format(path=clone, origin=origin, remote=branch.remote))


def _same_remote(origin: str, remote: str) -> bool:
    if origin.rstrip("/") == remote.rstrip("/"):
        return True
    try:  # one local repository under two spellings (a link, a trailing slash)
        return os.path.isdir(origin) and os.path.samefile(origin, remote)
    except OSError:
        return False


def _private_dir(folder: Path) -> Path:
    return ensure_private(folder / PRIVATE_DIR)  # a link planted there is refused


def _clone(git: Git, folder: Path, clone: Path, branch: BranchRepo) -> str | None:
    """Clone into `.amanat/`, then move the whole clone into place; its commit."""
    work = Path(tempfile.mkdtemp(prefix=f"clone-{branch.id}-", dir=_private_dir(folder)))
    try:
        fresh = work / branch.id
        branch_option = () if branch.ref is None else (f"--branch={branch.ref}",)
        git.run(
            "clone",
            "--quiet",
            "--origin=origin",
            *branch_option,
            "--",
            branch.remote,
            str(fresh),
            cwd=folder,
            network=True,
            fail=Outcome.UNREACHABLE,
        )
        if clone.is_dir():  # an empty folder stood there (checked by the caller)
            clone.rmdir()
        os.replace(fresh, clone)
    finally:
        remove_tree(work)
    return _head(git, clone)


def _fast_forward(git: Git, clone: Path, target: _Target, before: str | None) -> str:
    """Fetch the target and move to it if that loses nothing: its commit, or why not."""
    git.run(
        "fetch",
        "--quiet",
        "--no-tags",
        "origin",
        "--",
        target.ref,
        cwd=clone,
        network=True,
        fail=Outcome.UNREACHABLE,
    )
    fetched = git.run("rev-parse", "--verify", "FETCH_HEAD^{commit}", cwd=clone).strip()
    if before == fetched:
        return fetched
    if before is not None and not git.succeeds(
        "merge-base", "--is-ancestor", before, fetched, cwd=clone
    ):
        commits = {"local": before[:_SHORT], "remote": fetched[:_SHORT]}
        if git.succeeds("merge-base", "--is-ancestor", fetched, before, cwd=clone):
            message = _("{local} is not on the remote, which is at {remote}; left as it is")
            raise _Stop(Outcome.AHEAD, message.format(**commits))
        message = _(
            "clone at {local}, remote at {remote}: the remote was rewritten, "
            "or both have new commits; left as it is"
        )
        raise _Stop(Outcome.DIVERGED, message.format(**commits))
    changed = git.run("status", "--porcelain", "--untracked-files=no", cwd=clone).splitlines()
    if changed:
        message = ngettext(
            "{n} changed file in the clone; commit or discard it, then sync again",
            "{n} changed files in the clone; commit or discard them, then sync again",
            len(changed),
        )
        raise _Stop(Outcome.DIRTY, message.format(n=len(changed)))
    git.run("merge", "--ff-only", "--quiet", fetched, cwd=clone)
    return fetched


def sync_branch(git: Git, manifest: Manifest, branch: BranchRepo) -> SyncResult:
    """Clone or fast-forward one branch's repository; every refusal is a result, not an error."""
    # git runs in other folders than ours: it is given absolute paths.
    folder, clone = manifest.folder.absolute(), manifest.clone_of(branch).absolute()
    before: str | None = None
    try:
        if not clone.exists() or (clone.is_dir() and not any(clone.iterdir())):
            _remote_target(git, branch, folder)  # tells a missing ref from an unreachable remote
            after = _clone(git, folder, clone, branch)
            outcome = Outcome.CLONED
        else:
            _is_clone_of(git, clone, branch)  # before asking the network anything
            before = _head(git, clone)
            target = _remote_target(git, branch, folder)
            after = before if before == target.commit else _fast_forward(git, clone, target, before)
            outcome = Outcome.UP_TO_DATE if after == before else Outcome.UPDATED
    except _Stop as stop:
        return SyncResult(branch, stop.outcome, stop.detail, before, before)
    except OSError as error:
        reason = error.strerror or str(error)
        where = error.filename or clone
        return SyncResult(branch, Outcome.FAILED, f"{where}: {reason}", before, before)
    roadmap = manifest.roadmap_of(branch)
    if not roadmap.exists():
        message = _("there is no {path} in the repository; fix 'path' in the manifest")
        return SyncResult(
            branch, Outcome.NO_ROADMAP, message.format(path=branch.path), before, after
        )
    if not inside(roadmap, clone):
        message = _("{path} leads outside the repository (a symbolic link); it is not read")
        return SyncResult(
            branch, Outcome.NO_ROADMAP, message.format(path=branch.path), before, after
        )
    return SyncResult(branch, outcome, "", before, after)


Progress = Callable[[SyncResult, int, int], None]
"""Told `(result, branches done, branches in all)` as each branch finishes."""


def sync_all(
    manifest: Manifest,
    *,
    jobs: int = JOBS,
    git: Git | None = None,
    progress: Progress | None = None,
) -> list[SyncResult]:
    """Sync every branch of the manifest, `jobs` at a time; results in the manifest's order.

    Holds `<folder>/.amanat/sync.lock` (WriteRefused when another sync
    has it).  On an interrupt the network commands are killed, the branches not
    yet begun are skipped, and the exception goes on up.
    """
    git = git or Git()
    git.check_installed()
    with _folder_lock(manifest.folder):
        results: dict[str, SyncResult] = {}
        pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="amanat-sync")
        try:
            futures = [pool.submit(sync_branch, git, manifest, b) for b in manifest.branches]
            for future in as_completed(futures):
                result = future.result()
                results[result.branch.id] = result
                if progress is not None:
                    progress(result, len(results), len(futures))
        except BaseException:
            git.cancel()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    return [results[branch.id] for branch in manifest.branches]


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """One sync of a folder at a time; clones a killed run left half-made are removed."""
    from filelock import FileLock, Timeout

    created = not folder.exists()
    try:
        private = _private_dir(folder)
        if created:  # amanat's own folder: keep the clones out of an enclosing repository
            (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    except OSError as error:
        message = _("{path}: cannot make the sync folder ({reason})")
        raise WriteRefused(message.format(path=folder, reason=error.strerror or error)) from None
    lock = FileLock(str(folder / SYNC_LOCK), timeout=0)  # a sync takes minutes: no waiting
    try:
        lock.acquire()
    except Timeout:
        message = _("{path}: another amanat sync is running in this folder; try again later")
        raise WriteRefused(message.format(path=folder)) from None
    try:
        for leftover in private.glob("clone-*"):
            remove_tree(leftover)
        yield
    finally:
        lock.release()


def remove_tree(path: Path) -> None:
    """Delete a folder, git's read-only object files too (Windows refuses those otherwise)."""

    def make_writable_and_retry(function: Callable[[str], object], name: str, *_: object) -> None:
        with contextlib.suppress(OSError):
            os.chmod(name, stat.S_IWRITE | stat.S_IREAD)
            function(name)

    if not path.exists():
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=make_writable_and_retry)
    else:
        shutil.rmtree(path, onerror=make_writable_and_retry)
