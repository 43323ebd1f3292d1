"""Shared fixtures: inline roadmaps, golden files, a CLI runner with a fixed terminal, git remotes."""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.gitrepos import ROADMAP_TEXT, Upstream

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "amanat_cli" / "data" / "almaty.yaml"
"""The sample roadmap as the package ships it.  Never `roadmaps/almaty.yaml`: that working
copy is the secretary's to try things on (the README's tour), and no test may depend on it."""
CORPUS = Path(__file__).parent / "corpus" / "yaml-test-suite"
"""The yaml-test-suite inputs (MIT, see its LICENSE), kept with the tests so a clone runs them."""
CORPUS_SIZE = 402
"""Documents in the corpus: 308 valid YAML, 94 invalid (its README)."""
GOLDEN = Path(__file__).parent / "golden"

# A fixed, plain "terminal" for every test: Typer/Rich must not sniff CI variables.
_TEST_ENV = {
    "TTY_COMPATIBLE": "0",
    "_TYPER_FORCE_DISABLE_TERMINAL": "1",
    "COLUMNS": "120",
    "LINES": "50",
    "AMANAT_LANG": "en",
    "LANG": "C.UTF-8",
}
_DROP_ENV = (
    "FORCE_COLOR",
    "GITHUB_ACTIONS",
    "CI",
    "NO_COLOR",
    "AMANAT_ROADMAPS",
    "AMANAT_DEBUG",
    "LC_ALL",
    "LC_MESSAGES",
    "LANGUAGE",
    "TERM",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden files")
    parser.addoption(
        "--fuzz",
        nargs="?",
        type=int,
        const=3000,
        default=None,
        metavar="N",
        help="tests/test_fuzz.py: N mutated cases (3000 without N; 300 without --fuzz)",
    )
    parser.addoption(
        "--fuzz-seed", type=int, default=None, metavar="S", help="tests/test_fuzz.py: the seed"
    )


@pytest.fixture(autouse=True)
def _fixed_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    for name in _DROP_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in _TEST_ENV.items():
        monkeypatch.setenv(name, value)
    # The parse cache is on in every test (so they all check it changes nothing),
    # in a folder of this session, never the user's own cache.
    monkeypatch.setenv("AMANAT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "parse-cache"))
    # An empty working folder: a command run without paths reads the bundled sample,
    # never the checkout's own roadmaps/ (which the README's tour may have changed).
    monkeypatch.chdir(_empty_folder(tmp_path_factory))
    from amanat_cli.i18n import set_language

    # --max-size and --max-items set these for the run (so in-process, for the test):
    # unset now and, whatever the test sets, unset again at the end.
    for name in ("AMANAT_MAX_SIZE", "AMANAT_MAX_ITEMS"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    set_language("en")
    yield
    set_language("en")


def _empty_folder(factory: pytest.TempPathFactory) -> Path:
    folder = factory.getbasetemp() / "cwd"
    folder.mkdir(exist_ok=True)
    return folder


def corpus_files() -> list[Path]:
    """Every corpus document; an error if the corpus is missing (a clone must run them all)."""
    files = sorted(CORPUS.glob("*/*.yaml"))
    if len(files) != CORPUS_SIZE:
        raise FileNotFoundError(f"expected {CORPUS_SIZE} yaml-test-suite files in {CORPUS}")
    return files


@pytest.fixture
def write_roadmap(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented YAML text to a file in a temp folder and return its path."""

    def write(text: str, name: str = "roadmap.yaml", *, raw: bool = False) -> Path:
        path = tmp_path / name
        body = text if raw else textwrap.dedent(text).lstrip("\n")
        path.write_bytes(body.encode("utf-8"))
        return path

    return write


@dataclass
class Golden:
    """Compare text or bytes with a file under tests/golden/, or rewrite it on request."""

    update: bool

    def check(self, name: str, actual: str | bytes) -> None:
        path = GOLDEN / name
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if self.update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            if not self.update:
                pytest.fail(f"golden file {name} was missing and has been written; re-run")
            return
        expected = path.read_bytes()
        if isinstance(actual, str):
            assert actual == expected.decode("utf-8"), f"differs from golden {name}"
        else:
            assert data == expected, f"differs from golden {name}"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(update=bool(request.config.getoption("--update-golden")))


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `amanat ARGS` in-process through cli.app.main, capturing stdout and stderr."""
    from click.testing import CliRunner

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        from amanat_cli.cli import app

        runner = CliRunner()
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        # What a run puts in the environment (`--max-size` sets AMANAT_MAX_SIZE for its
        # worker processes) ends with it, as it would with a process of its own.
        environment = dict(os.environ)
        try:
            result = runner.invoke(
                _MainAsCommand(app.main), list(args), input=input, catch_exceptions=False
            )
        finally:
            os.environ.clear()
            os.environ.update(environment)
        stderr = result.stderr if result.stderr_bytes is not None else ""
        return Result(result.exit_code, result.stdout, stderr)

    return run


class _MainAsCommand:
    """Adapter so CliRunner can invoke `cli.app.main(argv)` (which calls sys.exit)."""

    def __init__(self, main: Callable[[list[str]], None]) -> None:
        self.main_function = main
        self.name = "amanat"

    def main(self, args: list[str], prog_name: str | None = None, **_: object) -> None:
        self.main_function(list(args))


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run_in_terminal(script: str, cwd: Path, env: dict[str, str], columns: int) -> str:
    """Run `sh -c script` with a pseudo-terminal of `columns` as its stdin, stdout and stderr."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    process = subprocess.Popen(
        ["sh", "-c", script], stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env
    )
    os.close(slave)
    output = bytearray()
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _w, _x = select.select([master], [], [], 1.0)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every writer of the terminal has gone
                break
            if not data:
                break
            output += data
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
    text = output.decode("utf-8").replace("\r\n", "\n")
    return _ANSI.sub("", text)


def terminal_env(home: Path) -> dict[str, str]:
    """A newcomer's environment: no test fixture's COLUMNS, colour off, the venv on PATH."""
    bin_folder = str(Path(sys.executable).parent)
    return {
        "PATH": bin_folder + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "NO_COLOR": "1",
        "AMANAT_CACHE_DIR": os.environ["AMANAT_CACHE_DIR"],
    }


def has_program(name: str) -> bool:
    """True when `name` is on PATH."""
    from shutil import which

    return which(name) is not None


os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(REPO / ".hypothesis"))


@pytest.fixture
def git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A git identity and an empty configuration for a test that runs git: never the user's."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    config = tmp_path_factory.getbasetemp() / "gitconfig"
    config.touch()
    for name in ("GIT_AUTHOR", "GIT_COMMITTER"):
        monkeypatch.setenv(f"{name}_NAME", "Test Secretary")
        monkeypatch.setenv(f"{name}_EMAIL", "secretary@example.kz")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def upstream(tmp_path: Path, git_identity: None) -> Callable[..., Upstream]:
    """Make a branch's remote (tests/gitrepos.py) with a first roadmap commit pushed (unless `empty`)."""

    def make(name: str, *, empty: bool = False, path: str = "roadmap.yaml") -> Upstream:
        made = Upstream(tmp_path, name)
        if not empty:
            made.publish(ROADMAP_TEXT.format(label=f"{name} 1"), path)
        return made

    return make
