"""Figures as a secretary corrects them: negative values, a second figure on a date,
`record --replace`, `unrecord`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from amanat_cli.read.loader import load_file
from tests.write.test_write_commands import BASE, changed_lines

Run = Callable[..., object]


@pytest.fixture
def roadmap(write_roadmap: Callable[..., Path]) -> Path:
    return write_roadmap(BASE, "almaty.yaml", raw=True)


def _values(path: Path) -> list[tuple[str, float]]:
    loaded, _problems = load_file(path)
    assert loaded is not None
    return [(m.date.isoformat(), m.value) for m in loaded.indicators()[0].values]


@pytest.mark.parametrize(
    ("words", "written"),
    [(["-5"], -5), (["-5,5"], -5.5), (["-1 250"], -1250), (["--", "-7"], -7)],
)
def test_a_negative_number_is_a_value(
    run_cli: Run, roadmap: Path, words: list[str], written: float
) -> None:
    args = ["record", "health-polyclinics-opened", "--date", "2025-06-30", "-r", str(roadmap)]
    result = run_cli(*args, *words)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert _values(roadmap)[-1] == ("2025-06-30", written)


def test_a_negative_number_before_the_options(run_cli: Run, roadmap: Path) -> None:
    result = run_cli(
        "record", "health-polyclinics-opened", "-3", "--date", "2025-06-30", "--note", "-2",
        "-r", str(roadmap),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert changed_lines(BASE, roadmap.read_text("utf-8"))[1] == [
        '              - {date: 2025-06-30, value: -3, note: "-2"}'
    ]


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("-x", "No such option '-x'"),
        ("--sorce", "No such option '--sorce'. (Did you mean one of: '--force', '--note', '--source'?)"),
        ("-5x", "VALUE: '-5x' is not a number"),
    ],
)  # fmt: skip
def test_a_word_that_is_no_number_is_still_a_usage_error(
    run_cli: Run, roadmap: Path, word: str, message: str
) -> None:
    args = ["record", "health-polyclinics-opened", word, "--date", "2025-06-30"]
    if word == "--sorce":
        args.insert(2, "5")
    result = run_cli(*args, "-r", str(roadmap))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
    assert len(result.stderr.splitlines()) == 1  # type: ignore[attr-defined]
    assert roadmap.read_text("utf-8") == BASE
