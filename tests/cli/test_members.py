"""`amanat members`: roster by body with each member's load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.status_data import ROADMAP


@pytest.fixture
def roadmap(write_roadmap) -> Path:  # type: ignore[no-untyped-def]
    return write_roadmap(ROADMAP, "shymkent.yaml")


def test_member_in_two_bodies_is_listed_in_both(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("members", str(roadmap))
    assert result.exit_code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    header = rows[0]
    assert header[:3] == ["body", "branch", "member"]
    pairs = [(row[0], row[2]) for row in rows[1:]]
    # faction has no members: left out unless asked for
    assert pairs == [
        ("bureau", "omarov-b"),
        ("bureau", "seitkali-a"),
        ("political_council", "seitkali-a"),
        ("political_council", "petrova-n"),
    ]


def test_load_counts(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(run_cli("members", str(roadmap), "--format", "json").stdout)
    council = {m["id"]: m for m in doc["bodies"][1]["members"]}
    assert doc["bodies"][1]["id"] == "political_council"
    # petrova-n: social-queue-days red (behind), roads-repair-km red and overdue
    petrova = council["petrova-n"]
    assert (petrova["indicators"], petrova["red"], petrova["amber"], petrova["overdue"]) == (
        ["social-queue-days", "roads-repair-km"],
        2,
        0,
        1,
    )
    # seitkali-a: section roads (1 red pledge, overdue; lrt cancelled) + 1 green indicator
    seitkali = council["seitkali-a"]
    assert (seitkali["sections"], seitkali["red"], seitkali["overdue"]) == (["roads"], 1, 1)


def test_body_filter_and_bad_body(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("members", str(roadmap), "--body", "faction", "--format", "json")
    assert json.loads(result.stdout) == {"bodies": [{"id": "faction", "members": []}]}
    bad = run_cli("members", str(roadmap), "--body", "politburo")
    assert bad.exit_code == 2
    assert "unknown body 'politburo'" in bad.stderr


def test_table_and_md(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    table = run_cli("members", str(roadmap), "--format", "table").stdout
    assert "Bureau (2)" in table and "Political Council (2)" in table
    assert "Сейтқали Әйгерім Қайратқызы" in table
    md = run_cli("members", str(roadmap), "--format", "md").stdout
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in md.splitlines()]
    assert [
        "Петрова Наталья Ивановна (petrova-n)", "", "", "social-queue-days roads-repair-km",
        "2", "0", "1",
    ] in rows  # fmt: skip
    # Padded by tabulate: within each table every line is as wide, so the columns
    # line up as raw text too (Cyrillic and Kazakh letters are one cell each).
    tables = "\n".join(line if line.startswith("|") else "" for line in md.splitlines())
    for table in filter(None, tables.split("\n\n")):
        assert len({len(line) for line in table.strip().splitlines()}) == 1, table
