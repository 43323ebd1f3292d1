"""`amanat check` through the CLI: output lines, exit codes, JSON, many files, bad input."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.check.test_rules import BASE
from tests.conftest import CORPUS_SIZE, SAMPLE, Result, corpus_files

Run = Callable[..., Result]
Write = Callable[..., Path]

UNKNOWN_OWNER = ("owner: nurlanova-g", "owner: nurlanova")
NO_SECTION_OWNER = ("owner: kaliyev-a", "owner: null")


def roadmap(*replacements: tuple[str, str]) -> str:
    """BASE (a clean roadmap) with text replaced."""
    text = BASE
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    return text


def test_clean_roadmap_is_silent(run_cli: Run, write_roadmap: Write) -> None:
    path = write_roadmap(BASE, raw=True)
    result = run_cli("check", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_errors_exit_1_with_one_line_each(run_cli: Run, write_roadmap: Write) -> None:
    path = write_roadmap(roadmap(UNKNOWN_OWNER, ("target: 6", "target: 0")), raw=True)
    result = run_cli("check", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:36:21: error: indicator 'health-polyclinics-opened' has target equal to "
        "baseline (0); progress cannot be measured — change one of them [target-equals-baseline]",
        f"{path}:37:20: error: owner 'nurlanova' is not in members; add them there or fix the "
        "id; did you mean: nurlanova-g? [unknown-member]",
    ]
    assert result.stderr == "2 errors in 1 file\n"


def test_warnings_alone_pass_unless_strict(run_cli: Run, write_roadmap: Write) -> None:
    path = write_roadmap(roadmap(NO_SECTION_OWNER), raw=True)
    expected = (
        f"{path}:25:12: warning: sensitive section 'health' has no owner; assign a Bureau "
        "member (amanat assign health MEMBER) [unassigned-section]\n"
    )
    relaxed = run_cli("check", str(path))
    assert (relaxed.exit_code, relaxed.stdout, relaxed.stderr) == (
        0,
        expected,
        "1 warning in 1 file\n",
    )
    strict = run_cli("check", "--strict", str(path))
    assert (strict.exit_code, strict.stdout) == (1, expected)


def test_loader_problems_are_reported_with_rule_problems(
    run_cli: Run, write_roadmap: Write
) -> None:
    path = write_roadmap(
        roadmap(UNKNOWN_OWNER, ("status: in_progress", "status: finished")), raw=True
    )
    result = run_cli("check", str(path))
    assert result.exit_code == 1
    rules = [line.rsplit(" [", 1)[1] for line in result.stdout.splitlines()]
    assert rules == ["enum]", "unknown-member]"]
    assert result.stdout.startswith(f"{path}:29:17: error: ")


def test_json_format(run_cli: Run, write_roadmap: Write) -> None:
    path = write_roadmap(roadmap(UNKNOWN_OWNER, NO_SECTION_OWNER), raw=True)
    result = run_cli("check", "--format", "json", str(path))
    assert result.exit_code == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report == {
        "files": [str(path)],
        "problems": [
            {
                "path": str(path),
                "line": 25,
                "col": 12,
                "severity": "warning",
                "rule": "unassigned-section",
                "message": "sensitive section 'health' has no owner; assign a Bureau member "
                "(amanat assign health MEMBER)",
            },
            {
                "path": str(path),
                "line": 37,
                "col": 20,
                "severity": "error",
                "rule": "unknown-member",
                "message": "owner 'nurlanova' is not in members; add them there or fix the id; "
                "did you mean: nurlanova-g?",
            },
        ],
        "errors": 1,
        "warnings": 1,
    }


def test_json_of_a_clean_roadmap(run_cli: Run, write_roadmap: Write) -> None:
    path = write_roadmap(BASE, raw=True)
    result = run_cli("check", "--format=json", str(path))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "files": [str(path)],
        "problems": [],
        "errors": 0,
        "warnings": 0,
    }


def test_files_and_a_folder_at_once(run_cli: Run, write_roadmap: Write, tmp_path: Path) -> None:
    (tmp_path / "more").mkdir()
    first = write_roadmap(roadmap(UNKNOWN_OWNER), "a.yaml", raw=True)
    second = write_roadmap(roadmap(("id: almaty", "id: astana")), "more/b.yaml", raw=True)
    third = write_roadmap(
        roadmap(("id: almaty", "id: shymkent"), NO_SECTION_OWNER), "more/c.yml", raw=True
    )
    (tmp_path / "more" / "notes.txt").write_text("not a roadmap", encoding="utf-8")
    result = run_cli("check", str(first), "-r", str(tmp_path / "more"))
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [str(first), str(third)]
    assert result.stderr == "1 error, 1 warning in 2 files\n"
    files = json.loads(
        run_cli("check", "--format", "json", str(first), "-r", str(tmp_path / "more")).stdout
    )["files"]
    assert sorted(files) == sorted([str(first), str(second), str(third)])


def test_duplicate_branch_across_files(run_cli: Run, write_roadmap: Write) -> None:
    first = write_roadmap(BASE, "a.yaml", raw=True)
    second = write_roadmap(BASE, "b.yaml", raw=True)
    result = run_cli("check", str(first), str(second))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{second}:3:7: error: branch id 'almaty' is also used by {first}; "
        "give each branch file its own id [duplicate-branch]\n"
    )


def test_missing_path_exits_2_with_one_line(run_cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = run_cli("check", str(missing))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"amanat: {missing}: no such file or folder\n"


def test_unreadable_file_is_one_line_without_a_place(
    run_cli: Run, write_roadmap: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that exists but cannot be read (as root, chmod cannot show it): an io problem."""
    path = write_roadmap(BASE, raw=True)
    real_open, real_read_bytes = open, Path.read_bytes

    def refuse(file: object) -> None:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))

    def guarded_open(file: object, *args: object, **kwargs: object) -> object:
        refuse(file)
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def guarded_read_bytes(self: Path) -> bytes:
        refuse(self)
        return real_read_bytes(self)

    monkeypatch.setattr("builtins.open", guarded_open)
    monkeypatch.setattr(Path, "read_bytes", guarded_read_bytes)
    result = run_cli("check", str(path))
    assert result.exit_code == 1
    assert result.stdout == f"amanat: error: cannot read {path}: Permission denied [io]\n"
    assert result.stderr == "1 error in 1 file\n"


def test_bad_as_of_exits_2(run_cli: Run, write_roadmap: Write) -> None:
    result = run_cli("check", "--as-of", "2025-02-30", str(write_roadmap(BASE, raw=True)))
    assert result.exit_code == 2
    assert result.stderr.startswith("amanat: --as-of: '2025-02-30' is not a date")


def test_as_of_option_reaches_the_rules(run_cli: Run, write_roadmap: Write) -> None:
    path = write_roadmap(
        roadmap(("status: in_progress", "status: done"), ("value: 2}", "value: 6}")), raw=True
    )
    assert run_cli("check", str(path)).stdout == ""
    earlier = run_cli("check", "--as-of", "2024-01-01", str(path))
    assert earlier.exit_code == 0
    assert "marked done but its indicators show 0% on 2024-01-01" in earlier.stdout


def test_colour_only_when_asked(run_cli: Run, write_roadmap: Write) -> None:
    path = write_roadmap(roadmap(UNKNOWN_OWNER), raw=True)
    plain = run_cli("check", "--color", "never", str(path)).stdout
    coloured = run_cli("check", "--color", "always", str(path)).stdout
    assert "\x1b[" not in plain
    assert ": \x1b[1;31merror\x1b[0m: " in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_lang_option_is_accepted(run_cli: Run, write_roadmap: Write) -> None:
    result = run_cli("check", "--lang", "ru", str(write_roadmap(BASE, raw=True)))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_shipped_roadmaps_have_no_errors(run_cli: Run) -> None:
    result = run_cli("check", "--format", "json", str(SAMPLE.parent))
    report = json.loads(result.stdout)
    assert str(SAMPLE) in report["files"]
    assert report["errors"] == 0, result.stdout
    assert result.exit_code == 0


CORPUS_FILES = corpus_files()
LOCATED = re.compile(r"(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (error|warning): .+ \[[a-z-]+\]")


@pytest.mark.parametrize(
    "path", CORPUS_FILES, ids=[f"{p.parent.name}/{p.name}" for p in CORPUS_FILES]
)
def test_corpus_file_is_refused_with_a_location(run_cli: Run, path: Path) -> None:
    """No yaml-test-suite document is a roadmap: each is refused at a place, the file untouched."""
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = run_cli("check", str(path))
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stdout.splitlines()
    assert lines, result.stderr
    for line in lines:
        match = LOCATED.fullmatch(line)
        assert match is not None, line
        assert match["path"] == str(path)
        assert int(match["line"]) >= 1 and int(match["col"]) >= 1
    assert any(": error: " in line for line in lines)
    assert "Traceback" not in result.stdout + result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_corpus_has_the_expected_size() -> None:
    """The corpus test above covers all 402 documents (308 valid, 94 invalid)."""
    assert len(CORPUS_FILES) == CORPUS_SIZE
