"""The package as a newcomer meets it: entry points, defaults, the error boundary."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from amanat_cli import __version__
from amanat_cli.cli import app
from amanat_cli.read import scope
from tests.conftest import REPO, SAMPLE, run_in_terminal, terminal_env


def _repo_sample() -> bytes:
    """roadmaps/almaty.yaml as git has it staged: trying the tour on the working copy
    (assign, record) must not fail this test; outside a git checkout, the file itself."""
    try:
        shown = subprocess.run(
            ["git", "show", ":roadmaps/almaty.yaml"], cwd=REPO, capture_output=True, check=False
        )
    except OSError:  # no git
        shown = None
    if shown is not None and shown.returncode == 0:
        return shown.stdout
    return (REPO / "roadmaps" / "almaty.yaml").read_bytes()


def test_sample_shipped_in_package_is_the_repo_sample() -> None:
    assert scope.SAMPLE_ROADMAP == SAMPLE
    assert SAMPLE.read_bytes() == _repo_sample(), (
        "amanat_cli/data/almaty.yaml must be a copy of roadmaps/almaty.yaml: "
        "cp roadmaps/almaty.yaml amanat_cli/data/almaty.yaml"
    )


def test_version(run_cli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"amanat {__version__}\n"


def test_python_dash_m_runs_the_same_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "amanat_cli", "--version"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"amanat {__version__}"


def test_default_paths_prefer_the_environment(tmp_path: Path) -> None:
    env = {"AMANAT_ROADMAPS": f"{tmp_path / 'a.yaml'}:{tmp_path / 'b'}"}
    assert scope.default_paths(env, cwd=tmp_path) == [tmp_path / "a.yaml", tmp_path / "b"]


def test_default_paths_then_local_roadmaps_folder(tmp_path: Path) -> None:
    (tmp_path / "roadmaps").mkdir()
    assert scope.default_paths({}, cwd=tmp_path) == [tmp_path / "roadmaps"]


def test_default_paths_fall_back_to_the_shipped_sample(tmp_path: Path) -> None:
    assert scope.default_paths({}, cwd=tmp_path) == [scope.SAMPLE_ROADMAP]


def test_missing_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    from amanat_cli.cli.exits import exit_code
    from amanat_cli.errors import NotFound

    with pytest.raises(NotFound) as caught:
        scope.expand_paths([tmp_path / "nope.yaml"])
    assert exit_code(caught.value) == app.ExitCode.USAGE
    assert "nope.yaml: no such file or folder" in caught.value.message


def test_internal_bug_is_one_line_without_traceback(monkeypatch, capsys) -> None:
    def broken(only: str | None = None) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(app, "build_app", broken)
    with pytest.raises(SystemExit) as exited:
        app.main(["--version"])
    assert exited.value.code == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "internal error: RuntimeError: boom" in err
    assert "AMANAT_DEBUG=1" in err
    assert "Traceback" not in err


def test_internal_bug_shows_traceback_with_debug(monkeypatch) -> None:
    def broken(only: str | None = None) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(app, "build_app", broken)
    monkeypatch.setenv("AMANAT_DEBUG", "1")
    with pytest.raises(RuntimeError):
        app.main(["--version"])


def test_unknown_command_is_a_usage_error(run_cli) -> None:
    result = run_cli("no-such-command")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_folder_scan_takes_upper_case_extensions(tmp_path: Path) -> None:
    # Windows treats BIG.YAML and big.yaml alike; so must a folder scan.
    (tmp_path / "BIG.YAML").write_text("format: 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert scope.expand_paths([tmp_path]) == [tmp_path / "BIG.YAML"]


def test_bad_color_is_a_one_line_usage_error(run_cli) -> None:
    result = run_cli("status", "--color", "sometimes")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "'sometimes' is not one of 'auto', 'always', 'never'" in result.stderr


def test_click_usage_errors_are_one_line(run_cli) -> None:
    result = run_cli("status", "--no-such-flag")
    assert result.exit_code == 2
    assert result.stderr == (
        "amanat status: No such option '--no-such-flag'. (Try 'amanat status --help' for help.)\n"
    )
    missing = run_cli("show")
    assert missing.exit_code == 2
    assert missing.stderr.count("\n") == 1
    assert "Missing argument 'ID'" in missing.stderr


@pytest.mark.parametrize(
    "args",
    [["--help"], ["status", "--help"], ["status", "--format", "table"], ["members"], ["status"]],
)
def test_closed_pipe_is_a_quiet_success(args: list[str], tmp_path: Path) -> None:
    # `amanat … | head -1`: a real pipe whose reader leaves after one line.
    amanat = Path(sys.executable).with_name("amanat")
    command = " ".join([str(amanat), *args]) + " | head -1 >/dev/null; echo ${PIPESTATUS[0]}"
    done = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # no roadmaps/ here: the bundled sample
        check=False,
        env={**os.environ, "COLUMNS": "100"},
    )
    assert done.stdout.strip() == "0", done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr == ""


def test_output_is_utf8_whatever_the_console_code_page(tmp_path: Path) -> None:
    # A Windows console in cp1251 cannot encode Kazakh letters (ә, қ, ү …).
    done = subprocess.run(
        [sys.executable, "-m", "amanat_cli", "show", "almaty", "--lang", "kk"],
        capture_output=True, cwd=tmp_path, check=False,
        env={**os.environ, "PYTHONIOENCODING": "cp1251"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")  # not cp1251, not '?' replacements
    assert "Алматинский городской филиал" in text
    assert "?" * 3 not in text


def test_rendered_line_ends_reach_the_file_unchanged(monkeypatch) -> None:
    # Windows text streams translate "\n" to "\r\n"; a csv's "\r\n" would become "\r\r\n".
    import io

    from amanat_cli.cli.terminal import prepare_streams

    raw = io.BytesIO()
    windows_like = io.TextIOWrapper(raw, encoding="cp1251", newline="\r\n")
    monkeypatch.setattr(sys, "stdout", windows_like)
    prepare_streams()
    sys.stdout.write("a,b\r\nә,қ\r\nend\n")
    sys.stdout.flush()
    assert raw.getvalue() == "a,b\r\nә,қ\r\nend\n".encode()


def test_click_is_named_only_through_the_toolkit() -> None:
    # Typer >= 0.26 bundles its own Click; a direct `import click` would catch the
    # wrong exception classes after an upgrade (FIELD-NOTES "Typer").
    import ast

    import typer

    from amanat_cli.cli import toolkit

    assert issubclass(typer.BadParameter, toolkit.UsageError)
    assert toolkit.click is (getattr(typer, "_click", None) or typer.core.click)  # Typer's own
    offenders = []
    for path in (REPO / "amanat_cli").rglob("*.py"):  # toolkit.py too: it asks Typer
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom)
                else [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module"
                else []
            )  # fmt: skip
            offenders += [f"{path.name}: {n}" for n in names if str(n).split(".")[0] == "click"]
    assert offenders == []


def test_bare_amanat_prints_the_help_and_no_error_line() -> None:
    """`amanat` alone: the help on stdout (exit 2, as Click has it), stderr empty."""
    done = subprocess.run(
        [sys.executable, "-m", "amanat_cli"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "AMANAT_LANG": "en", "COLUMNS": "100"},
    )
    assert done.returncode == 2
    assert "Usage: amanat [OPTIONS] COMMAND [ARGS]..." in done.stdout
    assert "status" in done.stdout and "record" in done.stdout
    assert done.stderr == ""


def test_the_clock_is_read_only_in_cli() -> None:
    """`date.today()` appears in cli/app.py alone; everything else is handed the date."""
    import ast

    readers = []
    for path in (REPO / "amanat_cli").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            reads_clock = (
                isinstance(node, ast.Attribute)
                and node.attr == "today"
                and isinstance(node.value, ast.Name)
                and node.value.id in ("date", "datetime")
            )
            if reads_clock:
                readers.append(f"{path.relative_to(REPO).as_posix()}:{node.lineno}")
    assert readers and all(reader.startswith("amanat_cli/cli/app.py:") for reader in readers)


def test_a_write_without_date_takes_the_day_the_run_started(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as real

    class Frozen(real.date):
        @classmethod
        def today(cls) -> Frozen:
            return cls(2025, 6, 29)

    monkeypatch.setattr(app, "date", Frozen)
    path = tmp_path / "almaty.yaml"
    path.write_bytes(SAMPLE.read_bytes())
    result = run_cli("record", "health-ambulance-time", "14", "-r", str(path))
    assert result.exit_code == 0, result.stderr
    assert "on 2025-06-29" in result.stdout
    assert "{date: 2025-06-29, value: 14}" in path.read_text("utf-8")


def test_every_refusal_of_the_core_has_an_exit_code() -> None:
    """A new kind of refusal must be given its exit code in cli/exits.py (else: exit 70)."""
    import importlib
    import pkgutil

    import amanat_cli
    from amanat_cli.cli.exits import EXIT_CODES, UserError, exit_code
    from amanat_cli.errors import AmanatError

    for module in pkgutil.walk_packages(amanat_cli.__path__, "amanat_cli."):
        importlib.import_module(module.name)  # every refusal class defined anywhere

    def kinds(base: type[AmanatError]) -> list[type[AmanatError]]:
        return [base, *(k for sub in base.__subclasses__() for k in kinds(sub))]

    found = [k for k in kinds(AmanatError) if k not in (AmanatError, UserError)]
    assert len(found) >= len(EXIT_CODES)
    for kind in found:
        error = kind.__new__(kind)
        assert exit_code(error) in (1, 2, 3), kind.__name__
    assert set(EXIT_CODES) <= set(found)


def test_the_core_raises_no_exit_codes() -> None:
    """Only cli/ knows exit codes: the core's modules never name them."""
    core = [
        p
        for p in (REPO / "amanat_cli").rglob("*.py")
        if "cli" not in p.relative_to(REPO / "amanat_cli").parts[:1]
    ]
    assert len(core) > 20
    naming = [
        str(p)
        for p in core
        if re.search(r"\bExitCode\b|\bUserError\b|\bexit [0-9]", p.read_text("utf-8"))
    ]
    assert naming == []


SAMPLE_NOTE = (
    "amanat: using the bundled sample roadmap (fictional data); run `amanat init "
    "roadmaps/BRANCH.yaml` to start your own, or name one with -r PATH\n"
)


@pytest.mark.skipif(os.name == "nt", reason="pseudo-terminals are POSIX-only")
def test_the_bundled_sample_is_named_on_a_terminal(tmp_path: Path) -> None:
    # Outside a roadmaps folder the reports read the sample: say so where a person reads.
    script = (
        "amanat status 2>&1 >/dev/null; amanat members 2>&1 >/dev/null; "
        "amanat export -o pack.md 2>&1 >/dev/null; amanat status 2>piped.txt >/dev/null"
    )
    shown = run_in_terminal(script, tmp_path, terminal_env(tmp_path), columns=100)
    assert shown == SAMPLE_NOTE * 3
    assert (tmp_path / "piped.txt").read_text(encoding="utf-8") == ""  # a script is left alone
    (tmp_path / "roadmaps").mkdir()
    (tmp_path / "roadmaps" / "almaty.yaml").write_bytes(SAMPLE.read_bytes())
    assert run_in_terminal(script, tmp_path, terminal_env(tmp_path), columns=100) == ""
