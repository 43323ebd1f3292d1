"""Members, districts and dates as a secretary types them: `Темирханов`, `Алатау`, `30.06.2025`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from amanat_cli.cli.exits import ExitCode, exit_code
from amanat_cli.cli.inputs import parse_date_option
from amanat_cli.errors import AmanatError
from tests.conftest import SAMPLE
from tests.write.test_write_commands import BASE, changed_lines

Run = Callable[..., object]


@pytest.fixture
def roadmap(write_roadmap: Callable[..., Path]) -> Path:
    return write_roadmap(BASE, "almaty.yaml", raw=True)


def _pledges(output: str) -> list[str]:
    report = json.loads(output)
    return [p["id"] for b in report["branches"] for s in b["sections"] for p in s["pledges"]]


def test_assign_to_a_member_by_surname(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("assign", "roads-km", "Нурланова", "-r", str(roadmap))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert result.stdout.startswith(  # type: ignore[attr-defined]
        "assigned roads-km to nurlanova-g (Нурланова Гульнара Маратовна)"
    )
    same = run_cli("assign", "health", "--to", "калиев а. с.", "-r", str(roadmap))
    assert "health already owned by kaliyev-a" in same.stdout  # type: ignore[attr-defined]


def test_a_name_that_fits_two_members_asks_which(
    run_cli: Run, write_roadmap: Callable[..., Path]
) -> None:
    text = BASE.replace("name: Омаров Берик\n    bodies: [faction]",
                        "name: Нурланов Берик\n    bodies: [political_council]")  # fmt: skip
    path = write_roadmap(text, "almaty.yaml", raw=True)
    result = run_cli("assign", "roads-km", "Нурлан", "-r", str(path))
    assert (result.exit_code, result.stderr) == (  # type: ignore[attr-defined]
        2,
        "amanat: 'Нурлан' names more than one member; did you mean: nurlanova-g (Нурланова "
        "Гульнара Маратовна), omarov-b (Нурланов Берик)?\n",
    )
    assert path.read_text("utf-8") == text


def test_status_owner_and_district_by_name(run_cli: Run) -> None:
    owner = run_cli("status", str(SAMPLE), "--owner", "Темирханов", "--format", "json")
    assert _pledges(owner.stdout) == ["eco-gasification", "eco-tec2", "eco-pm25", "eco-greening"]  # type: ignore[attr-defined]
    by_slug = run_cli("status", str(SAMPLE), "--district", "nauryzbay", "--format", "json")
    for said in ("Наурызбай", "наурызбайский район", "Наурызбай ауданы"):
        by_name = run_cli("status", str(SAMPLE), "--district", said, "--format", "json")
        assert by_name.stdout == by_slug.stdout  # type: ignore[attr-defined]
    both = run_cli("status", str(SAMPLE), "--district", "Ал")
    assert both.exit_code == 2  # type: ignore[attr-defined]
    assert "did you mean: alatau (Алатауский район), almaly (Алмалинский район)?" in both.stderr  # type: ignore[attr-defined]


def test_export_member_by_surname(run_cli: Run) -> None:
    result = run_cli("export", str(SAMPLE), "--member", "Темирханов", "--format", "json")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert '"temirkhanov-d"' in result.stdout  # type: ignore[attr-defined]


def test_feedback_district_by_its_name(run_cli: Run, roadmap: Path) -> None:
    result = run_cli(
        "feedback", "add", "roads-repair", "--tone", "neutral", "--text", "x",
        "--district", "Медеу ауданы", "--date", "01.06.2025", "-r", str(roadmap),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert changed_lines(BASE, roadmap.read_text("utf-8"))[1] == [
        "        feedback:",
        "          - date: 2025-06-01",
        "            tone: neutral",
        "            district: medeu",
        "            text: x",
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [("2025-06-30", "2025-06-30"), ("30.06.2025", "2025-06-30"), ("5.1.2025", "2025-01-05"),
     (" 01.12.2024 ", "2024-12-01")],
)  # fmt: skip
def test_dates_iso_or_day_first_with_dots(text: str, day: str) -> None:
    assert parse_date_option(text, "--date").isoformat() == day


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("06/30/2025", "--date: '06/30/2025' could be read more than one way; write YYYY-MM-DD "
         "or DD.MM.YYYY, e.g. 2025-06-30 or 30.06.2025"),
        ("30-06-2025", "could be read more than one way"),
        ("30.06.25", "could be read more than one way"),
        ("2025/06/30", "could be read more than one way"),
        ("вчера", "--date: 'вчера' is not a date; write YYYY-MM-DD or DD.MM.YYYY"),
        ("31.02.2025", "--date: '31.02.2025' is not a date in the calendar; check the day and month"),
        ("2025-13-01", "is not a date in the calendar"),
    ],
)  # fmt: skip
def test_other_dates_are_refused_not_guessed(text: str, message: str) -> None:
    with pytest.raises(AmanatError) as refused:
        parse_date_option(text, "--date")
    assert exit_code(refused.value) == ExitCode.USAGE
    assert message in refused.value.message


@pytest.mark.parametrize(
    "args",
    [
        ["record", "roads-km", "5", "--date", "31.01.2025"],
        ["status", "--as-of", "30.06.2025", "--format", "json"],
        ["feedback", "list", "--since", "01.05.2025"],
        ["check", "--as-of", "30.06.2025"],
        ["export", "--as-of", "30.06.2025", "--since", "01.06.2025", "--format", "json"],
    ],
)
def test_every_date_option_takes_the_dotted_form(
    run_cli: Run, roadmap: Path, args: list[str]
) -> None:
    result = run_cli(*args, "-r", str(roadmap))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    if args[0] == "record":
        assert "{date: 2025-01-31, value: 5}" in roadmap.read_text("utf-8")
