"""The branches manifest (`branches.yaml`): which repositories `amanat sync` gathers.

    format: 1
    folder: branches                  # optional: where the clones go, beside this file
    branches:
      - id: almaty
        remote: https://git.example.kz/amanat/almaty.git
        path: roadmaps/almaty.yaml    # the roadmap (or a folder of them) in the repository
        ref: main                     # optional: a branch or tag; default: the remote's HEAD

Read as strictly as a roadmap (the same YAML reader, so every mistake is
`branches.yaml:line:col: message [rule]`), because its values end up on a git
command line: a remote or ref that git could take for an option, the `ext::`
transport (it runs commands), and a path that leaves the repository are
refused here, before any git runs.  Core module: no Typer, no Rich.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from amanat_cli.i18n import _
from amanat_cli.model import Problem, Severity, Source
from amanat_cli.read.yamltree import NULLS, YMap, YNode, YScalar, YSeq, decode, one_line, parse_tree

FORMAT_VERSION = 1
DEFAULT_FOLDER = "branches"

_TOP_KEYS = ("format", "folder", "branches")
_BRANCH_KEYS = ("id", "remote", "path", "ref")

_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
"""A slug, as ROADMAP.md's ids are; here it also names the branch's clone folder."""
_WINDOWS_DEVICES = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?")
"""Names Windows cannot give a folder."""
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_REF_FORBIDDEN = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//")
"""What `git check-ref-format` refuses inside a name."""
_TRANSPORT = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)::")
_COMMAND_TRANSPORTS = frozenset(("ext", "fd"))
"""Remote helpers that run a command or use an inherited descriptor: never from a manifest."""
_DRIVE = re.compile(r"[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class BranchRepo:
    """One branch's repository, as the manifest names it."""

    id: str
    remote: str
    """What git is given: a URL, `host:path`, or a local path (made absolute)."""
    path: str
    """The roadmap file or folder in the repository: relative, `/` between parts, normalised."""
    ref: str | None
    """The branch or tag to follow; None: the remote's default branch."""
    at: Source


@dataclass(frozen=True, slots=True)
class Manifest:
    """A loaded `branches.yaml`."""

    path: Path
    folder: Path
    """Where the clones are: one folder per branch, named by its id."""
    branches: tuple[BranchRepo, ...]

    def clone_of(self, branch: BranchRepo) -> Path:
        """The folder of `branch`'s clone."""
        return self.folder / branch.id

    def roadmap_of(self, branch: BranchRepo) -> Path:
        """Where `branch`'s roadmap is once its repository is synced."""
        clone = self.clone_of(branch)
        return clone if branch.path == "." else clone / branch.path


def inside(path: Path, folder: Path) -> bool:
    """True when `path`, with every symbolic link followed, lies within `folder`."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):  # outside, unreadable, or a link loop
        return False
    return True


def load_manifest(path: Path) -> tuple[Manifest | None, list[Problem]]:
    """Read and load a manifest; an unreadable file is one problem of rule `io`."""
    try:
        data = path.read_bytes()
    except OSError as error:
        message = _("cannot read {path}: {reason}").format(
            path=str(path), reason=error.strerror or str(error)
        )
        return None, [Problem(None, Severity.ERROR, "io", message)]
    return load_manifest_bytes(data, path)


def load_manifest_bytes(data: bytes, path: Path) -> tuple[Manifest | None, list[Problem]]:
    """`(manifest, problems)`; the manifest is None when any problem is an error."""
    label = str(path)
    text, _had_bom, problems = decode(data, label)
    if text is None:
        return None, problems
    root, problems = parse_tree(text, label)
    if root is None:
        return None, problems
    reader = _Reader(label, Path(os.path.abspath(path)).parent)
    folder, branches = reader.manifest(root)
    problems = sorted(problems + reader.problems, key=Problem.sort_key)
    if problems or folder is None:
        return None, problems
    return Manifest(path, path.parent / folder, tuple(branches)), []


class _Reader:
    """Reads a manifest's tree, collecting located problems."""

    def __init__(self, label: str, base: Path) -> None:
        self.label = label
        self.base = base
        """The manifest's folder, absolute: relative local remotes start there."""
        self.problems: list[Problem] = []

    def error(self, node: YNode, rule: str, message: str) -> None:
        source = Source(self.label, node.line, node.col)
        self.problems.append(Problem(source, Severity.ERROR, rule, one_line(message)))

    def mapping(self, node: YNode, keys: tuple[str, ...], what: str) -> dict[str, YNode] | None:
        """Known keys -> values (nulls dropped); unknown keys are problems with a hint."""
        if not isinstance(node, YMap):
            self.error(node, "type", _("{what} must be a mapping (key: value)").format(what=what))
            return None
        values: dict[str, YNode] = {}
        for key, value in node.pairs:
            if key.value not in keys:
                message = _("unknown key '{key}' in {what}").format(
                    key=one_line(key.value, 40), what=what
                )
                near = difflib.get_close_matches(key.value, keys, n=1, cutoff=0.6)
                if near:
                    message += "; " + _("did you mean '{word}'?").format(word=near[0])
                self.error(key, "unknown-key", message)
            elif not (isinstance(value, YScalar) and not value.style and value.value in NULLS):
                values[key.value] = value
        return values

    def text(self, values: dict[str, YNode], key: str, node: YNode, what: str) -> str | None:
        """A required one-line text value."""
        value = values.get(key)
        if value is None:
            self.error(node, "required", _("{what} has no '{key}'").format(what=what, key=key))
            return None
        return self.scalar(value, key)

    def scalar(self, value: YNode, key: str) -> str | None:
        if not isinstance(value, YScalar):
            self.error(value, "type", _("'{key}' must be text").format(key=key))
            return None
        if _CONTROL.search(value.value):
            message = _("'{key}' holds a control character or a line break; write one line")
            self.error(value, "control-character", message.format(key=key))
            return None
        if not value.value.strip():
            self.error(value, "required", _("'{key}' is empty").format(key=key))
            return None
        return value.value

    def manifest(self, root: YNode) -> tuple[str | None, list[BranchRepo]]:
        """The clone folder (as written) and the branches, or None for the folder when broken."""
        what = _("the manifest")
        if isinstance(root, YMap) and {"branch", "sections"} & {k.value for k, _v in root.pairs}:
            message = _("this is a roadmap, not a branches manifest (which lists 'branches:')")
            self.error(root, "type", message)
            return None, []
        top = self.mapping(root, _TOP_KEYS, what)
        if top is None:
            return None, []
        version = top.get("format")
        if version is None:
            message = _("the manifest has no 'format'; start it with 'format: {version}'")
            self.error(root, "format-version", message.format(version=FORMAT_VERSION))
        elif not (isinstance(version, YScalar) and version.value == str(FORMAT_VERSION)):
            message = _("unsupported manifest format {found}; this amanat reads format {version}")
            found = one_line(version.value, 40) if isinstance(version, YScalar) else "?"
            self.error(
                version, "format-version", message.format(found=found, version=FORMAT_VERSION)
            )
        folder = DEFAULT_FOLDER
        if "folder" in top:
            folder = self.scalar(top["folder"], "folder") or DEFAULT_FOLDER
        listed = top.get("branches")
        if listed is not None and not isinstance(listed, YSeq):
            self.error(listed, "type", _("'{key}' must be a list").format(key="branches"))
            return folder, []
        if listed is None or not listed.items:
            message = _("the manifest lists no branches; add them under 'branches:'")
            self.error(listed or root, "required", message)
            return folder, []
        branches: list[BranchRepo] = []
        first_line: dict[str, int] = {}
        for node in listed.items:
            branch = self.branch(node)
            if branch is None:
                continue
            if branch.id in first_line:
                message = _("branch '{id}' is listed twice (first at line {line})")
                self.error(
                    node, "duplicate-id", message.format(id=branch.id, line=first_line[branch.id])
                )
                continue
            first_line[branch.id] = branch.at.line
            branches.append(branch)
        return folder, branches

    def branch(self, node: YNode) -> BranchRepo | None:
        values = self.mapping(node, _BRANCH_KEYS, _("a branch"))
        if values is None:
            return None
        what = _("a branch")
        branch_id = self.text(values, "id", node, what)
        if branch_id is not None:
            what = _("branch '{id}'").format(id=one_line(branch_id, 40))
            branch_id = self.slug(values["id"], branch_id)
        remote = self.text(values, "remote", node, what)
        remote = None if remote is None else self.remote(values["remote"], remote)
        path = self.text(values, "path", node, what)
        path = None if path is None else self.repo_path(values["path"], path)
        ref = None
        if "ref" in values:
            ref = self.scalar(values["ref"], "ref")
            ref = None if ref is None else self.ref(values["ref"], ref)
            if ref is None:
                return None
        if branch_id is None or remote is None or path is None:
            return None
        return BranchRepo(branch_id, remote, path, ref, Source(self.label, node.line, node.col))

    def slug(self, node: YNode, value: str) -> str | None:
        if not _ID.fullmatch(value):
            message = _(
                "'{id}' is not a valid id; use lowercase Latin letters, digits, "
                "'-', '_' and '.', starting with a letter or digit"
            )
            self.error(node, "id-syntax", message.format(id=one_line(value, 40)))
            return None
        if value.endswith(".") or _WINDOWS_DEVICES.fullmatch(value):
            message = _("'{id}' cannot name a folder on Windows; choose another id")
            self.error(node, "id-syntax", message.format(id=value))
            return None
        return value

    def remote(self, node: YNode, value: str) -> str | None:
        """The remote as git should get it; a relative local path starts at the manifest."""
        if value.startswith("-"):
            message = _("remote '{remote}' starts with '-', which git would read as an option")
            self.error(node, "remote", message.format(remote=one_line(value, 60)))
            return None
        transport = _TRANSPORT.match(value)
        if transport is not None and transport.group(1).lower() in _COMMAND_TRANSPORTS:
            message = _("the {transport}:: transport runs a command; give the repository's URL")
            self.error(node, "remote", message.format(transport=transport.group(1)))
            return None
        if _is_local_path(value) and not (os.path.isabs(value) or _DRIVE.match(value)):
            return os.path.normpath(self.base / value)
        return value

    def repo_path(self, node: YNode, value: str) -> str | None:
        """`value` normalised (`./a//b.yaml` -> `a/b.yaml`), or None if it leaves the repository."""
        if "\\" in value:
            message = _("write '/' between folders in 'path' ({path})")
            self.error(node, "path", message.format(path=one_line(value, 60)))
            return None
        if value.startswith("/") or _DRIVE.match(value):
            message = _("'path' must be relative to the repository, not {path}")
            self.error(node, "path", message.format(path=one_line(value, 60)))
            return None
        parts = [part for part in PurePosixPath(value).parts if part != "."]
        if ".." in parts or any(part.lower() == ".git" for part in parts):
            message = _("'path' must stay inside the repository's files, not {path}")
            self.error(node, "path", message.format(path=one_line(value, 60)))
            return None
        return "/".join(parts) or "."

    def ref(self, node: YNode, value: str) -> str | None:
        """A branch or tag name as `git check-ref-format` allows it, short form."""
        parts = value.split("/")
        if (
            value.startswith(("-", "/", "refs/"))
            or value.endswith(("/", "."))
            or value == "@"
            or _REF_FORBIDDEN.search(value)
            or any(part.startswith(".") or part.endswith(".lock") for part in parts)
        ):
            message = _("'{ref}' is not a branch or tag name (write it as git shows it, e.g. main)")
            self.error(node, "ref", message.format(ref=one_line(value, 60)))
            return None
        return value


def _is_local_path(remote: str) -> bool:
    """What git takes for a path on this machine rather than a URL or `host:path`."""
    if "://" in remote or _TRANSPORT.match(remote):
        return False
    if _DRIVE.match(remote):
        return True
    colon, slash = remote.find(":"), remote.find("/")
    return colon < 0 or 0 <= slash < colon
