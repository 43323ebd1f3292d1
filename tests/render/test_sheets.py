"""render.sheets: which cells a spreadsheet would run, and what stays as it is."""

from __future__ import annotations

import pytest

from amanat_cli.render.sheets import csv_text, neutral, tsv_text


@pytest.mark.parametrize(
    "cell",
    ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "-", "+", "-x", "+7 701"],
)
def test_what_a_spreadsheet_would_run_gets_a_quote(cell: str) -> None:
    assert neutral(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-3", "+4", "-0.25", "1e-05", "-1.5E+3", ".5", "", "text", "'x"])
def test_numbers_and_text_stay(cell: str) -> None:
    assert neutral(cell) == cell


def test_writers_neutralise_unless_raw() -> None:
    rows = [["=1+2", "-3"]]
    assert csv_text(("a", "b"), rows) == "\ufeffa,b\r\n'=1+2,-3\r\n"
    assert csv_text(("a", "b"), rows, raw=True) == "\ufeffa,b\r\n=1+2,-3\r\n"
    assert tsv_text(("a",), [["@x\ty\nz"]]) == "a\n'@x y z\n"
    assert tsv_text(("a",), [["@x"]], raw=True) == "a\n@x\n"
