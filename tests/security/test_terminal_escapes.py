"""Hole 8: no path or echoed argument sends a control sequence to the terminal.

A roadmap named `ESC ]0;…BEL ESC [2J` retitled and cleared the terminal via
`check DIR/`.  Every path and argument amanat prints goes through one
function (`render.printable`) that shows C0/C1 controls, DEL, bidi overrides,
line separators and lone surrogates as escapes; json output stays exact.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, Result

Run = Callable[..., Result]

TITLE_AND_CLEAR = "\x1b]0;pwned\x07\x1b[2J"
RAW = ("\x1b", "\x07", "\u202e", "\x9b")

pytestmark = pytest.mark.skipif(os.name == "nt", reason="Windows refuses these characters in names")


def _says_nothing_raw(result: Result) -> None:
    said = result.stdout + result.stderr
    for character in RAW:
        assert character not in said, repr(said)
    assert "Traceback" not in said and result.exit_code != 70


@pytest.fixture
def evil(folder: Path) -> Path:
    """A copy of the sample (4 warnings) whose name retitles and clears the terminal."""
    path = folder / "roadmaps" / f"almaty{TITLE_AND_CLEAR}.yaml"
    shutil.move(folder / "roadmaps" / "almaty.yaml", path)
    return path


def test_check_of_a_folder_escapes_the_names(run_cli: Run, evil: Path) -> None:
    result = run_cli("check", "roadmaps/")
    _says_nothing_raw(result)
    assert result.stdout.startswith("roadmaps/almaty\\x1b]0;pwned\\x07\\x1b[2J.yaml:")
    as_json = json.loads(run_cli("check", "roadmaps/", "--format", "json").stdout)
    assert as_json["files"] == [f"roadmaps/{evil.name}"]  # json is exact


def test_a_write_says_where_it_wrote_escaped(run_cli: Run, evil: Path) -> None:
    result = run_cli("assign", "water", "ospanov-b")
    assert result.exit_code == 0, result.stderr
    _says_nothing_raw(result)
    assert "almaty\\x1b]0;pwned\\x07\\x1b[2J.yaml" in result.stdout
    for args in (["undo", "--list"], ["undo", "--dry-run"], ["undo"]):
        _says_nothing_raw(run_cli(*args))


def test_show_names_its_file_escaped(run_cli: Run, evil: Path) -> None:
    result = run_cli("show", "almaty")
    assert result.exit_code == 0, result.stderr
    _says_nothing_raw(result)


@pytest.mark.parametrize(
    "args",
    [
        ["status", f"missing{TITLE_AND_CLEAR}.yaml"],
        ["check", "-r", "dir\u202e/x.yaml"],
        ["status", f"--sectionx{TITLE_AND_CLEAR}"],
        ["show", f"nosuch{TITLE_AND_CLEAR}"],
        ["assign", f"water{TITLE_AND_CLEAR}", "ospanov-b"],
        ["record", "health-polyclinics-opened", f"3{TITLE_AND_CLEAR}", "--date", "2025-06-30"],
        ["export", "-o", f"pack{TITLE_AND_CLEAR}.md"],
        ["export", "-o", f"pack{TITLE_AND_CLEAR}"],
        ["diff", f"old{TITLE_AND_CLEAR}.yaml"],
        ["status", "--lang", f"x{TITLE_AND_CLEAR}"],
        ["init", f"roadmaps/almaty.yaml{TITLE_AND_CLEAR}"],
        ["status", "--format", "x\x9b2J"],
    ],
)
def test_echoed_arguments_are_escaped(run_cli: Run, folder: Path, args: list[str]) -> None:
    _says_nothing_raw(run_cli(*args))


def test_an_export_to_an_odd_name_says_so_escaped(run_cli: Run, folder: Path) -> None:
    result = run_cli("export", "-o", f"pack{TITLE_AND_CLEAR}.md")
    assert result.exit_code == 0, result.stderr
    _says_nothing_raw(result)
    assert result.stdout.startswith("wrote pack\\x1b]0;pwned\\x07\\x1b[2J.md (")


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses undecodable file names")
def test_an_undecodable_file_name_is_shown_not_crashed_on(run_cli: Run, folder: Path) -> None:
    name = os.fsdecode(b"bad\xff.yaml")
    shutil.copyfile(SAMPLE, folder / "roadmaps" / name)
    result = run_cli("check", "roadmaps/")
    _says_nothing_raw(result)
    assert "roadmaps/bad\\udcff.yaml:" in result.stdout


def test_cyrillic_names_are_printed_as_they_are(run_cli: Run, folder: Path) -> None:
    shutil.move(folder / "roadmaps" / "almaty.yaml", folder / "roadmaps" / "алматы.yaml")
    result = run_cli("check", "roadmaps/")
    assert result.stdout.startswith("roadmaps/алматы.yaml:")
