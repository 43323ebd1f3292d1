"""Figures as a secretary corrects them: negative values, a second figure on a date,
`record --replace`, `unrecord`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from amanat_cli.read.store import load_file
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
        ("--sorce", "No such option '--sorce'. (Did you mean one of: "),
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


# --- a second figure on one date (item 9) ----------------------------------------

OPENED = "health-polyclinics-opened"  # BASE: 2 on 2024-06-30


def test_check_warns_of_two_figures_on_one_date(
    run_cli: Run, write_roadmap: Callable[..., Path]
) -> None:
    text = BASE.replace(
        "              - {date: 2024-06-30, value: 2, source: Управление здравоохранения}\n",
        "              - {date: 2024-06-30, value: 2, source: Управление здравоохранения}\n"
        "              - {date: 2024-06-30, value: 3}\n",
    )
    path = write_roadmap(text, "almaty.yaml", raw=True)
    result = run_cli("check", str(path))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert result.stdout.splitlines()[0] == (  # type: ignore[attr-defined]
        f"{path}:40:17: warning: indicator 'health-polyclinics-opened' has 3 on 2024-06-30 and "
        "also 2 on line 39; keep the right one (amanat record health-polyclinics-opened VALUE "
        "--date 2024-06-30 --replace) [conflicting-measurement]"
    )


def test_record_asks_before_a_second_figure_on_a_date(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("record", OPENED, "3", "--date", "2024-06-30", "-r", str(roadmap))
    assert (result.exit_code, result.stderr) == (  # type: ignore[attr-defined]
        1,
        "amanat: health-polyclinics-opened already has 2 on 2024-06-30 (line 39); nothing "
        "written — use --replace to replace it, or --force to keep both\n",
    )
    assert roadmap.read_text("utf-8") == BASE


def test_record_force_keeps_both(run_cli: Run, roadmap: Path) -> None:
    args = ("record", OPENED, "3", "--date", "2024-06-30", "--force", "-r", str(roadmap))
    assert run_cli(*args).exit_code == 0  # type: ignore[attr-defined]
    assert _values(roadmap) == [("2024-06-30", 2), ("2024-06-30", 3)]
    warned = run_cli("check", str(roadmap)).stdout  # type: ignore[attr-defined]
    assert "[conflicting-measurement]" in warned


def test_record_replace_replaces_the_figure_and_keeps_its_source(
    run_cli: Run, roadmap: Path
) -> None:
    result = run_cli("record", OPENED, "3", "--date", "30.06.2024", "--replace", "-r", str(roadmap))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert result.stdout == (  # type: ignore[attr-defined]
        f"replaced 2 with 3 for health-polyclinics-opened on 2024-06-30 in {roadmap}\n"
    )
    assert changed_lines(BASE, roadmap.read_text("utf-8")) == (
        ["              - {date: 2024-06-30, value: 2, source: Управление здравоохранения}"],
        ["              - {date: 2024-06-30, value: 3, source: Управление здравоохранения}"],
    )
    again = run_cli("record", OPENED, "3", "--date", "2024-06-30", "--replace", "-r", str(roadmap))
    assert again.stdout.endswith("already has 3 on 2024-06-30; nothing written\n")  # type: ignore[attr-defined]


def test_record_replace_makes_two_figures_one(run_cli: Run, roadmap: Path) -> None:
    run_cli("record", OPENED, "3", "--date", "2024-06-30", "--force", "-r", str(roadmap))
    result = run_cli(
        "record", OPENED, "4", "--date", "2024-06-30", "--replace", "--source", "УЗ", "-r",
        str(roadmap),
    )  # fmt: skip
    assert result.stdout.startswith("replaced 2, 3 with 4 for")  # type: ignore[attr-defined]
    assert changed_lines(BASE, roadmap.read_text("utf-8"))[1] == [
        "              - {date: 2024-06-30, value: 4, source: УЗ}"
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["5", "--date", "2024-07-01", "--replace"], 2,
         "health-polyclinics-opened has no measurement on 2024-07-01 to replace; nothing written"
         " — record it without --replace"),
        (["5", "--date", "2024-06-30", "--replace", "--force"], 2,
         "--force keeps both figures, --replace one: choose one of them"),
    ],
)  # fmt: skip
def test_record_replace_refusals(
    run_cli: Run, roadmap: Path, args: list[str], code: int, message: str
) -> None:
    result = run_cli("record", OPENED, *args, "-r", str(roadmap))
    assert (result.exit_code, result.stderr) == (code, f"amanat: {message}\n")  # type: ignore[attr-defined]
    assert roadmap.read_text("utf-8") == BASE


# --- unrecord and feedback remove ----------------------------------------------------


def test_unrecord_takes_the_figure_out(run_cli: Run, roadmap: Path) -> None:
    run_cli("record", OPENED, "3", "--date", "2025-01-31", "-r", str(roadmap))
    result = run_cli("unrecord", OPENED, "--date", "2024-06-30", "-r", str(roadmap))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert result.stdout == (  # type: ignore[attr-defined]
        f"removed 2 of 2024-06-30 from health-polyclinics-opened in {roadmap}\n"
    )
    assert _values(roadmap) == [("2025-01-31", 3)]
    undone = run_cli("undo", str(roadmap))
    assert undone.exit_code == 0 and _values(roadmap)[0] == ("2024-06-30", 2)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2024-07-01"], "health-polyclinics-opened has no measurement on 2024-07-01; "
         "nothing written; its dates: 2024-06-30"),
        (["--date", "2024-06-30", "--value", "-2"], "has no measurement -2 on 2024-06-30"),
        (["--date", "2024-06-30", "--value", "two"], "--value: 'two' is not a number"),
        ([], "Missing option '--date'"),
    ],
)  # fmt: skip
def test_unrecord_refusals(run_cli: Run, roadmap: Path, args: list[str], message: str) -> None:
    result = run_cli("unrecord", OPENED, *args, "-r", str(roadmap))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
    assert roadmap.read_text("utf-8") == BASE


def test_unrecord_asks_which_of_two_figures(run_cli: Run, roadmap: Path) -> None:
    run_cli("record", OPENED, "3", "--date", "2024-06-30", "--force", "-r", str(roadmap))
    which = run_cli("unrecord", OPENED, "--date", "2024-06-30", "-r", str(roadmap))
    assert (which.exit_code, which.stderr) == (  # type: ignore[attr-defined]
        2,
        "amanat: health-polyclinics-opened has 2, 3 on 2024-06-30; name the one to remove "
        "with --value\n",
    )
    result = run_cli("unrecord", OPENED, "--date", "2024-06-30", "--value", "2", "-r", str(roadmap))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert _values(roadmap) == [("2024-06-30", 3)]


def test_feedback_remove_and_renumbering(run_cli: Run, roadmap: Path) -> None:
    add = ("feedback", "add", "health-polyclinics", "--tone", "positive", "--date", "2025-06-01")
    run_cli(*add, "--text", "Спасибо", "-r", str(roadmap))
    result = run_cli("feedback", "remove", "health-polyclinics", "1", "-r", str(roadmap))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert result.stdout == (  # type: ignore[attr-defined]
        f"removed feedback #1 of health-polyclinics (negative, 2025-05-12) in {roadmap}\n"
    )
    assert result.stderr == (  # type: ignore[attr-defined]
        "amanat: warning: the feedback after it is renumbered: #2 is now #1\n"
    )
    loaded, _problems = load_file(roadmap)
    assert loaded is not None
    assert [f.text for f in loaded.pledges()[0].feedback] == ["Спасибо"]
    last = run_cli("feedback", "remove", "health-polyclinics", "1", "-r", str(roadmap))
    assert last.exit_code == 0 and last.stderr == ""  # type: ignore[attr-defined]
    assert "feedback:" not in roadmap.read_text("utf-8").split("health-polyclinics-opened")[0]
    gone = run_cli("feedback", "remove", "health-polyclinics", "1", "-r", str(roadmap))
    assert gone.exit_code == 2 and "N must be 1 to 0" in gone.stderr  # type: ignore[attr-defined]
