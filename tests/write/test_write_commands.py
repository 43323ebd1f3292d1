"""The write commands end to end: what they write, what they refuse, and their exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from amanat_cli.read.store import load_file
from amanat_cli.write import safewrite

BASE = """\
format: 1
branch:
  id: almaty
  name: Алматинский филиал
  programme: «Халықпен бірге!»
  period: {start: 2023-04-01, end: 2027-12-31}
  as_of: 2025-06-30
districts:
  alatau: Алатауский район
  medeu: Медеуский район
members:
  - id: kaliyev-a
    name: Калиев Арман Серикович
    bodies: [bureau]
  - id: nurlanova-g
    name: Нурланова Гульнара Маратовна
    bodies: [political_council]
  - id: omarov-b
    name: Омаров Берик
    bodies: [faction]
sections:
  - id: health
    title: Доступная медицина
    sensitive: true
    owner: kaliyev-a
    pledges:
      - id: health-polyclinics
        title: Построить 6 поликлиник
        status: in_progress
        due: 2026-12-31
        indicators:
          - id: health-polyclinics-opened
            title: Введено поликлиник
            unit: ед.
            baseline: 0
            target: 6
            owner: nurlanova-g
            values:
              - {date: 2024-06-30, value: 2, source: Управление здравоохранения}
        feedback:
          - date: 2025-05-12
            channel: reception
            tone: negative
            district: alatau
            text: Врачей не хватает
  - id: roads
    title: Дороги
    pledges:
      - id: roads-repair
        title: Отремонтировать дороги
        indicators:
          - id: roads-km
            title: Отремонтировано км
            baseline: 0
            target: 100
"""
"""A small valid roadmap (one warning: roads-km has no owner)."""

Run = Callable[..., object]


@pytest.fixture
def roadmap(write_roadmap: Callable[..., Path]) -> Path:
    return write_roadmap(BASE, "almaty.yaml", raw=True)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines removed and added (as multisets, order kept)."""
    import difflib

    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [d[2:] for d in diff if d[:2] == "- "], [d[2:] for d in diff if d[:2] == "+ "]


def test_assign_writes_one_line_and_says_so(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("assign", "roads-km", "nurlanova-g", "-r", str(roadmap))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"assigned roads-km to nurlanova-g (Нурланова Гульнара Маратовна) in {roadmap}\n"
    )
    assert changed_lines(BASE, roadmap.read_text("utf-8")) == (
        [],
        ["            owner: nurlanova-g"],
    )


def test_assign_several_ids_in_one_write(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("assign", "health", "roads", "--to", "kaliyev-a", "-r", str(roadmap))
    assert result.exit_code == 0, result.stderr
    assert "assigned roads to kaliyev-a" in result.stdout
    assert changed_lines(BASE, roadmap.read_text("utf-8")) == ([], ["    owner: kaliyev-a"])
    assert len(list((roadmap.parent / ".amanat").glob("*--almaty.yaml"))) == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["health", "nurlanova-g"], 1, "a sensitive section's owner must be in the Bureau; "
         "eligible: kaliyev-a (Калиев Арман Серикович)"),
        (["roads", "omarov-b"], 1, "eligible: kaliyev-a (Калиев Арман Серикович), nurlanova-g"),
        (["roads-km", "kaliyev-a"], 1, "must be in the Political Council; eligible: nurlanova-g"),
        (["health-polyclinics", "kaliyev-a"], 2, "only sections and indicators have owners"),
        (["helth", "kaliyev-a"], 2, "did you mean: health?"),
        (["health", "kaliev-a"], 2, "unknown member 'kaliev-a'; did you mean: kaliyev-a?"),
        (["health"], 2, "name the member"),
    ],
)  # fmt: skip
def test_assign_refusals(
    run_cli: Run, roadmap: Path, args: list[str], code: int, message: str
) -> None:
    result = run_cli("assign", *args, "-r", str(roadmap))
    assert result.exit_code == code
    assert message in result.stderr
    assert roadmap.read_text("utf-8") == BASE
    assert "Traceback" not in result.stderr


def test_assign_to_current_owner_writes_nothing(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("assign", "health", "kaliyev-a", "-r", str(roadmap))
    assert result.exit_code == 0
    assert "already owned by kaliyev-a" in result.stdout
    assert roadmap.read_text("utf-8") == BASE
    assert safewrite.read_journal(roadmap).entries == ()  # no write, so nothing to undo


def test_dry_run_prints_the_diff_and_writes_nothing(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("assign", "health", "--to", "kaliyev-a", "--dry-run", "-r", str(roadmap))
    assert result.stdout.startswith("health already owned")
    result = run_cli("unassign", "health", "--dry-run", "-r", str(roadmap))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"--- {roadmap}", f"+++ {roadmap}"]
    assert [line for line in lines[3:] if line[:1] in "+-"] == ["-    owner: kaliyev-a"]
    assert roadmap.read_text("utf-8") == BASE
    assert not (roadmap.parent / ".amanat").exists()  # a dry run neither locks nor backs up


def test_unassign_removes_the_owner_line(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("unassign", "health-polyclinics-opened", "-r", str(roadmap))
    assert result.exit_code == 0
    assert changed_lines(BASE, roadmap.read_text("utf-8")) == (
        ["            owner: nurlanova-g"],
        [],
    )
    assert result.stderr == (
        "amanat: warning: indicator 'health-polyclinics-opened' has no owner; assign a "
        "Political Council member (amanat assign health-polyclinics-opened MEMBER)\n"
    )
    again = run_cli("unassign", "health-polyclinics-opened", "-r", str(roadmap))
    assert again.exit_code == 0 and "no owner; nothing written" in again.stdout


def test_record_appends_a_flow_measurement(run_cli: Run, roadmap: Path) -> None:
    result = run_cli(
        "record", "health-polyclinics-opened", "3,5", "--date", "2025-06-30",
        "--source", "Акимат: отчёт #2", "-r", str(roadmap),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"recorded 3.5 for health-polyclinics-opened on 2025-06-30 in {roadmap}\n"
    )
    assert changed_lines(BASE, roadmap.read_text("utf-8")) == (
        [],
        ['              - {date: 2025-06-30, value: 3.5, source: "Акимат: отчёт #2"}'],
    )


def test_record_creates_values(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("record", "roads-km", "12", "--date", "2025-01-31", "-r", str(roadmap))
    assert result.exit_code == 0, result.stderr
    assert changed_lines(BASE, roadmap.read_text("utf-8")) == (
        [],
        ["            values:", "              - {date: 2025-01-31, value: 12}"],
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["roads-km", "abc", "--date", "2025-01-01"], 2, "'abc' is not a number"),
        (["roads-km", "1e5", "--date", "2025-01-01"], 2, "'1e5' is not a number"),
        (["roads-km", "5", "--date", "01/31/2025"], 2, "--date: '01/31/2025' could be read"),
        (["roads-km", "5", "--date", "2025-02-30"], 2, "is not a date"),
        (["roads", "5", "--date", "2025-01-01"], 2, "only indicators have measurements"),
        (["health-polyclinics-opened", "2", "--date", "2024-06-30"], 1, "use --force"),
    ],
)
def test_record_refusals(
    run_cli: Run, roadmap: Path, args: list[str], code: int, message: str
) -> None:
    result = run_cli("record", *args, "-r", str(roadmap))
    assert (result.exit_code, message in result.stderr) == (code, True), result.stderr
    assert roadmap.read_text("utf-8") == BASE


def test_record_duplicate_with_force(run_cli: Run, roadmap: Path) -> None:
    args = ("record", "health-polyclinics-opened", "2", "--date", "2024-06-30", "--force")
    assert run_cli(*args, "-r", str(roadmap)).exit_code == 0
    loaded, _problems = load_file(roadmap)
    assert loaded is not None
    assert [m.value for m in loaded.indicators()[0].values] == [2, 2]


def test_set_status_warns_when_done_is_unconfirmed(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("set-status", "health-polyclinics", "done", "-r", str(roadmap))
    assert result.exit_code == 0
    # 2 of 6 polyclinics: progress 33%
    assert "warning: health-polyclinics is marked done but its indicators show 33%" in (
        result.stderr
    )
    assert changed_lines(BASE, roadmap.read_text("utf-8")) == (
        ["        status: in_progress"],
        ["        status: done"],
    )


def test_set_status_inserts_status_and_refuses_unknown(run_cli: Run, roadmap: Path) -> None:
    bad = run_cli("set-status", "roads-repair", "finished", "-r", str(roadmap))
    assert bad.exit_code == 2 and "choose one of: planned, in_progress" in bad.stderr
    result = run_cli("set-status", "roads-repair", "planned", "-r", str(roadmap))
    assert "already planned" in result.stdout
    result = run_cli("set-status", "roads-repair", "cancelled", "-r", str(roadmap))
    assert result.exit_code == 0 and result.stderr == ""
    assert changed_lines(BASE, roadmap.read_text("utf-8")) == ([], ["        status: cancelled"])


def test_feedback_add_list_resolve(run_cli: Run, roadmap: Path) -> None:
    result = run_cli(
        "feedback", "add", "roads-repair", "--tone", "positive", "--text", "Жол жөндел\u0435ді!",
        "--district", "medeu", "--date", "2025-06-01", "-r", str(roadmap),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert changed_lines(BASE, roadmap.read_text("utf-8"))[1] == [
        "        feedback:",
        "          - date: 2025-06-01",
        "            tone: positive",
        "            district: medeu",
        "            text: Жол жөнделеді!",
    ]
    listed = run_cli("feedback", "list", "--format", "json", "-r", str(roadmap))
    rows = json.loads(listed.stdout)
    assert [(r["pledge"], r["n"], r["tone"], r["resolved"]) for r in rows] == [
        ("health-polyclinics", 1, "negative", False),
        ("roads-repair", 1, "positive", False),
    ]
    assert (
        run_cli("feedback", "resolve", "health-polyclinics", "1", "-r", str(roadmap)).exit_code == 0
    )
    tsv = run_cli("feedback", "list", "--unresolved", "-r", str(roadmap)).stdout
    assert tsv.splitlines() == [
        "pledge\tn\tdate\ttone\tresolved\tdistrict\tchannel\ttext",
        "roads-repair\t1\t2025-06-01\tpositive\tno\tmedeu\t\tЖол жөнделеді!",
    ]
    assert "            resolved: true" in roadmap.read_text("utf-8").splitlines()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["add", "roads-repair", "--tone", "angry", "--text", "x"], 2, "unknown tone 'angry'"),
        (["add", "roads-repair", "--tone", "neutral", "--text", "x", "--district", "medeo"], 2,
         "unknown district 'medeo'; did you mean: medeu?"),
        (["add", "roads", "--tone", "neutral", "--text", "x"], 2, "'roads' is not a pledge"),
        (["resolve", "health-polyclinics", "2"], 2, "N must be 1 to 1"),
        (["list", "--pledge", "health-polyclinic"], 2, "did you mean: health-polyclinics"),
    ],
)  # fmt: skip
def test_feedback_refusals(
    run_cli: Run, roadmap: Path, args: list[str], code: int, message: str
) -> None:
    result = run_cli("feedback", *args, "-r", str(roadmap))
    assert (result.exit_code, message in result.stderr) == (code, True), result.stderr
    assert roadmap.read_text("utf-8") == BASE


def test_invalid_roadmap_is_never_edited(run_cli: Run, write_roadmap: Callable[..., Path]) -> None:
    broken = BASE.replace("    owner: kaliyev-a\n", "    owner: [kaliyev-a]\n")
    path = write_roadmap(broken, "almaty.yaml", raw=True)
    result = run_cli("record", "roads-km", "5", "--date", "2025-01-01", "-r", str(path))
    assert result.exit_code == 1
    assert f"{path}:25:12: error:" in result.stderr
    assert "fix it before changing it" in result.stderr
    assert path.read_text("utf-8") == broken


def test_the_item_is_written_in_its_own_file(
    run_cli: Run, roadmap: Path, write_roadmap: Callable[..., Path]
) -> None:
    other_text = BASE.replace("id: almaty", "id: astana").replace("roads", "parks")
    other = write_roadmap(other_text, "astana.yaml", raw=True)
    result = run_cli("assign", "parks-km", "nurlanova-g", "-r", str(roadmap.parent))
    assert result.exit_code == 0, result.stderr
    assert roadmap.read_text("utf-8") == BASE
    assert "            owner: nurlanova-g" in other.read_text("utf-8").splitlines()[-3:]
    ambiguous = run_cli("assign", "health", "kaliyev-a", "-r", str(roadmap.parent))
    assert ambiguous.exit_code == 2 and "almaty:health" in ambiguous.stderr


def test_undo_walks_back_and_refuses_after_a_hand_edit(run_cli: Run, roadmap: Path) -> None:
    run_cli("assign", "roads-km", "nurlanova-g", "-r", str(roadmap))
    after_first = roadmap.read_bytes()
    run_cli("record", "roads-km", "5", "--date", "2025-01-01", "-r", str(roadmap))
    result = run_cli("undo", str(roadmap))
    assert result.exit_code == 0 and "1 earlier write can still be undone" in result.stdout
    assert roadmap.read_bytes() == after_first
    assert run_cli("undo", "-r", str(roadmap)).exit_code == 0
    assert roadmap.read_text("utf-8") == BASE
    nothing = run_cli("undo", str(roadmap))
    assert (nothing.exit_code, nothing.stderr) == (
        2,
        f"amanat: no amanat write of {roadmap} to undo\n",
    )

    run_cli("assign", "roads-km", "nurlanova-g", "-r", str(roadmap))
    roadmap.write_text(roadmap.read_text("utf-8") + "# hand edit\n", "utf-8")
    refused = run_cli("undo", str(roadmap))
    assert refused.exit_code == 3 and "changed since amanat wrote it" in refused.stderr
    assert roadmap.read_text("utf-8").endswith("# hand edit\n")


def test_undo_asks_for_a_path_when_several(
    run_cli: Run, roadmap: Path, write_roadmap: Callable[..., Path]
) -> None:
    write_roadmap(BASE.replace("id: almaty", "id: astana"), "astana.yaml", raw=True)
    result = run_cli("undo", "-r", str(roadmap.parent))
    assert result.exit_code == 2 and "name the one to undo" in result.stderr


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12), ("12.5", 12.5), ("12,5", 12.5), ("-3", -3), ("+4", 4), ("1 250", 1250),
     ("1\u00a0250,75", 1250.75), ("0.1", 0.1)],
)  # fmt: skip
def test_parse_value_accepts_plain_decimals_and_decimal_comma(text: str, value: float) -> None:
    from amanat_cli.cli.inputs import parse_value

    parsed = parse_value(text)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize("text", ["abc", "1e5", "1,250.5", "12.", ".5", "", "1.2.3", "½", "0x10"])
def test_parse_value_refuses_what_is_not_a_plain_decimal(text: str) -> None:
    from amanat_cli.cli.exits import UserError
    from amanat_cli.cli.inputs import parse_value

    with pytest.raises(UserError, match="is not a number"):
        parse_value(text)


def test_feedback_table_keeps_ids_whole_and_escapes_markup(
    run_cli: Run, write_roadmap: Callable[..., Path]
) -> None:
    path = write_roadmap(BASE.replace("text: Врачей не хватает", 'text: "[bold]нет[/bold] врачей"'),
                         "almaty.yaml", raw=True)  # fmt: skip
    result = run_cli("feedback", "list", "--format", "table", "--color", "never", "-r", str(path))
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "health-polyclinics" in line)
    assert "│ health-polyclinics │ 1 │ 2025-05-12 │ negative │" in row
    assert "[bold]нет[/bold] врачей" in row


def test_the_bundled_sample_is_never_written(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from amanat_cli.read.scope import SAMPLE_ROADMAP

    monkeypatch.chdir(tmp_path)  # no roadmaps/ here: the scope is the bundled sample
    before = SAMPLE_ROADMAP.read_bytes()
    result = run_cli("unassign", "education")
    assert result.exit_code == 3
    assert "is the sample roadmap that ships with amanat; nothing written" in result.stderr
    assert run_cli("unassign", "education", "--dry-run").exit_code == 0
    assert SAMPLE_ROADMAP.read_bytes() == before
    assert not (SAMPLE_ROADMAP.parent / ".amanat").exists()


def test_unassign_warns_only_when_check_would(run_cli: Run, roadmap: Path) -> None:
    sensitive = run_cli("unassign", "health", "-r", str(roadmap))
    assert sensitive.exit_code == 0
    assert sensitive.stderr == (
        "amanat: warning: sensitive section 'health' has no owner; assign a Bureau member "
        "(amanat assign health MEMBER)\n"
    )
    assert run_cli("assign", "roads", "kaliyev-a", "-r", str(roadmap)).exit_code == 0
    plain = run_cli("unassign", "roads", "-r", str(roadmap))  # not sensitive: no rule wants one
    assert (plain.exit_code, plain.stderr) == (0, "")


AFTER_AS_OF = "so reports will not show it until as_of is moved (amanat set-as-of {date})"


def test_record_after_as_of_is_written_with_a_warning(run_cli: Run, roadmap: Path) -> None:
    from datetime import date

    today = date.today()
    assert today > date(2025, 6, 30)  # the as_of of BASE
    result = run_cli("record", "health-polyclinics-opened", "3", "-r", str(roadmap))
    assert result.exit_code == 0
    assert result.stderr == (
        "amanat: warning: the measurement is dated after the branch's as_of (2025-06-30), "
        + AFTER_AS_OF.format(date=today.isoformat())
        + "\n"
    )
    assert f"{{date: {today.isoformat()}, value: 3}}" in roadmap.read_text("utf-8")
    on_as_of = run_cli("record", "roads-km", "4", "--date", "2025-06-30", "-r", str(roadmap))
    assert (on_as_of.exit_code, on_as_of.stderr) == (0, "")


def test_feedback_in_the_future_warns_twice(run_cli: Run, roadmap: Path) -> None:
    result = run_cli(
        "feedback", "add", "roads-repair", "--tone", "neutral", "--text", "x",
        "--date", "2099-12-31", "-r", str(roadmap),
    )  # fmt: skip
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0].startswith("amanat: warning: date 2099-12-31 is in the future (today is ")
    assert lines[1] == (
        "amanat: warning: the feedback is dated after the branch's as_of (2025-06-30), "
        + AFTER_AS_OF.format(date="2099-12-31")
    )
    assert "          - date: 2099-12-31" in roadmap.read_text("utf-8").splitlines()


@pytest.mark.parametrize(
    ("command", "day", "message"),
    [
        (["record", "roads-km", "5"], "2101-01-01", "--date: date 2101-01-01 is after 2100"),
        (["record", "roads-km", "5"], "1991-12-15", "--date: date 1991-12-15 is before 1991-12-16"),
        (["feedback", "add", "roads-repair", "--tone", "neutral", "--text", "x"], "2200-01-01",
         "--date: date 2200-01-01 is after 2100; check the year"),
    ],
)  # fmt: skip
def test_dates_check_would_refuse_are_refused_up_front(
    run_cli: Run, roadmap: Path, command: list[str], day: str, message: str
) -> None:
    result = run_cli(*command, "--date", day, "-r", str(roadmap))
    assert result.exit_code == 2
    assert result.stderr.startswith("amanat: " + message)
    assert len(result.stderr.splitlines()) == 1
    assert roadmap.read_text("utf-8") == BASE
    assert safewrite.read_journal(roadmap).entries == ()


def test_undo_dry_run_prints_the_diff_and_restores_nothing(run_cli: Run, roadmap: Path) -> None:
    nothing = run_cli("undo", "--dry-run", str(roadmap))
    assert nothing.exit_code == 2 and "no amanat write of" in nothing.stderr
    run_cli("assign", "roads-km", "nurlanova-g", "-r", str(roadmap))
    after = roadmap.read_bytes()
    result = run_cli("undo", "--dry-run", str(roadmap))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"--- {roadmap}", f"+++ {roadmap}"]
    assert [line for line in lines[3:] if line[:1] in "+-"] == ["-            owner: nurlanova-g"]
    assert roadmap.read_bytes() == after
    assert len(safewrite.read_journal(roadmap).entries) == 1
    assert run_cli("undo", str(roadmap)).exit_code == 0  # the dry run left undo intact
    assert roadmap.read_text("utf-8") == BASE


@pytest.mark.parametrize(
    ("args", "culprit"),
    [
        (["assign", "health", "kaliyev-a", "roadmaps/almaty.yaml"], "roadmaps/almaty.yaml"),
        (["assign", "health", "almaty.yml", "--to", "kaliyev-a"], "almaty.yml"),
        (["unassign", "roadmaps\\almaty.yaml"], "roadmaps\\almaty.yaml"),
        (["set-status", "roadmaps/almaty.yaml", "done"], "roadmaps/almaty.yaml"),
        (["record", "./almaty.yaml", "5", "--date", "2025-01-01"], "./almaty.yaml"),
        (["feedback", "resolve", "x/almaty.yaml", "1"], "x/almaty.yaml"),
    ],
)
def test_a_file_name_given_as_an_id_gets_a_hint(
    run_cli: Run, roadmap: Path, args: list[str], culprit: str
) -> None:
    result = run_cli(*args, "-r", str(roadmap))
    assert (result.exit_code, result.stderr) == (
        2,
        f"amanat: '{culprit}' looks like a file; name roadmaps with -r PATH\n",
    )
    assert roadmap.read_text("utf-8") == BASE


def test_a_path_as_the_member_is_named_before_anything_else_refuses(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no roadmaps/: the bundled sample, which is never written
    result = run_cli("assign", "water", "roadmaps/almaty.yaml")
    assert (result.exit_code, result.stderr) == (
        2,
        "amanat: 'roadmaps/almaty.yaml' looks like a file; name roadmaps with -r PATH\n",
    )


def test_an_unknown_id_beside_a_real_yaml_id_keeps_its_message(
    run_cli: Run, write_roadmap: Callable[..., Path]
) -> None:
    path = write_roadmap(BASE.replace("id: roads-km", "id: roads.yaml"), "almaty.yaml", raw=True)
    result = run_cli("assign", "roads.yaml", "nurlanova-x", "-r", str(path))
    assert result.exit_code == 2
    assert "unknown member 'nurlanova-x'; did you mean: nurlanova-g?" in result.stderr


@pytest.mark.parametrize(
    ("text", "value"),
    [("999999999999999", 999999999999999), ("1234567890.12345", 1234567890.12345),
     ("0.000000000000001", 1e-15), ("-12,500000000000000", -12.5), ("000000000000000042", 42)],
)  # fmt: skip
def test_parse_value_keeps_15_significant_digits_exactly(text: str, value: float) -> None:
    from amanat_cli.cli.inputs import parse_value
    from amanat_cli.write.edit import format_number

    parsed = parse_value(text)
    assert parsed == value and type(parsed) is type(value)
    assert format_number(parsed).lstrip("-").lstrip("0.").rstrip("0") in text.replace(",", ".")


@pytest.mark.parametrize(
    "text", ["9999999999999999", "1234567890.123456", "9" * 32, "0." + "0" * 29 + "1"]
)
def test_parse_value_refuses_more_digits_than_a_float_keeps(text: str) -> None:
    from amanat_cli.cli.exits import UserError
    from amanat_cli.cli.inputs import parse_value

    with pytest.raises(UserError, match=r"has too many digits \(at most 15 significant digits"):
        parse_value(text)


def test_record_a_long_number_is_a_usage_error(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("record", "roads-km", "9" * 32, "--date", "2025-01-01", "-r", str(roadmap))
    assert result.exit_code == 2
    assert "too many digits" in result.stderr and "not a number" not in result.stderr


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["feedback", "add", "roads-repair", "--tone", "neutral", "--text", "\udcff\udcfe"],
         "--text"),
        (["feedback", "add", "roads-repair", "--tone", "neutral", "--text", "\x1b[31mred"],
         "--text"),
        (["feedback", "add", "roads-repair", "--tone", "neutral", "--text", "x",
          "--channel", "call\x85"], "--channel"),
        (["record", "roads-km", "5", "--source", "bell\x07"], "--source"),
        (["record", "roads-km", "5", "--note", "a\rb"], "--note"),
    ],
)  # fmt: skip
def test_control_characters_and_undecodable_bytes_are_refused(
    run_cli: Run, roadmap: Path, args: list[str], option: str
) -> None:
    result = run_cli(*args, "--date", "2025-01-01", "-r", str(roadmap))
    assert (result.exit_code, result.stderr) == (
        2,
        f"amanat: {option}: the text holds a control character or bytes that are not UTF-8\n",
    )
    assert roadmap.read_text("utf-8") == BASE


def test_newlines_and_tabs_in_text_are_kept(run_cli: Run, roadmap: Path) -> None:
    result = run_cli(
        "feedback", "add", "roads-repair", "--tone", "neutral", "--text", "первая\nвторая\tстрока",
        "--date", "2025-01-01", "-r", str(roadmap),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    loaded, _problems = load_file(roadmap)
    assert loaded is not None
    assert loaded.pledges()[1].feedback[0].text == "первая\nвторая\tстрока"


ESCAPED = BASE.replace("text: Врачей не хватает", 'text: "\\e[2J\\e[31mкрасный\\x07 | текст"')


@pytest.mark.parametrize("output", ["table", "tsv", "csv", "md"])
def test_feedback_list_never_prints_control_characters_raw(
    run_cli: Run, write_roadmap: Callable[..., Path], output: str
) -> None:
    # The loader refuses such text at its place ([control-character]), so nothing
    # from the file reaches the terminal; the refusal itself prints no raw escapes.
    path = write_roadmap(ESCAPED, "almaty.yaml", raw=True)
    result = run_cli("feedback", "list", "--format", output, "--color", "never", "-r", str(path))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stderr
    assert "holds the control character U+001B; write plain text [control-character]" in (
        result.stderr
    )


def test_feedback_list_at_80_columns_keeps_ids_dates_tones_and_resolved_whole(
    run_cli: Run, write_roadmap: Callable[..., Path]
) -> None:
    long_text = "Врачей не хватает, запись к терапевту на три недели вперёд, " * 3
    text = BASE.replace("text: Врачей не хватает", f"text: {long_text.strip()}").replace(
        "district: alatau\n", "district: alatau\n            resolved: true\n"
    )
    path = write_roadmap(text, "almaty.yaml", raw=True)
    result = run_cli(
        "feedback", "list", "--format", "table", "--color", "never", "-r", str(path),
        env={"COLUMNS": "80"},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert {len(line) for line in lines} == {80}
    # The rounded box of `status`; a Resolved column; the id above the text, which
    # keeps its room (beside an 18-cell pledge column it would get 16).
    assert lines[0].startswith("╭───┬────")
    assert lines[1].startswith("│ N │ Date       │ Tone     │ Resolved │ Text ")
    assert lines[3].startswith("│ 1 │ 2025-05-12 │ negative │ yes      │ health-polyclinics ")
    said = " ".join(line.split("│")[5].strip() for line in lines[4:-1])
    assert said == long_text.strip() + " Алатауский район · reception"
    wide = run_cli(
        "feedback", "list", "--format", "table", "--color", "never", "-r", str(path),
        env={"COLUMNS": "140"},
    ).stdout.splitlines()  # fmt: skip
    assert wide[1].startswith("│ Pledge             │ N │ Date       │ Tone     │ Resolved │ Text ")


def test_feedback_list_csv_and_md(run_cli: Run, roadmap: Path) -> None:
    from amanat_cli.cli.commands.feedback import feedback_rows, render_rows
    from amanat_cli.render.formats import OutputFormat

    loaded, _problems = load_file(roadmap)
    assert loaded is not None
    assert render_rows(feedback_rows([loaded]), OutputFormat.CSV, "never") == (
        "\ufeffpledge,n,date,tone,resolved,district,channel,text\r\n"
        "health-polyclinics,1,2025-05-12,negative,no,alatau,reception,Врачей не хватает\r\n"
    )
    csv_text = run_cli("feedback", "list", "--format", "csv", "-r", str(roadmap)).stdout
    assert csv_text.startswith("\ufeffpledge,n,date,tone,resolved,district,channel,text")
    md = run_cli("feedback", "list", "--format", "md", "-r", str(roadmap)).stdout
    assert md.splitlines() == [
        "| Pledge | N | Date | Tone | Resolved | District | Channel | Text |",
        "|---|---|---|---|---|---|---|---|",
        "| health-polyclinics | 1 | 2025-05-12 | negative | no | Алатауский район | reception "
        "| Врачей не хватает |",
    ]
    bad = run_cli("feedback", "list", "--format", "xlsx", "-r", str(roadmap))
    assert bad.exit_code == 2


def test_feedback_commands_document_every_option_and_show_an_example() -> None:
    import typer

    from amanat_cli.cli.app import build_app

    group: Any = typer.main.get_command(build_app("feedback"))
    feedback = group.commands["feedback"]
    assert "Example: amanat feedback " in (feedback.help or "")
    for name in ("add", "list", "resolve", "remove"):
        command = feedback.commands[name]
        assert f"Example: amanat feedback {name} " in (command.help or "")
        undocumented = [
            p.name
            for p in command.params
            if p.param_type_name == "option" and not p.help and not p.hidden
        ]
        assert undocumented == [], name


def test_the_assign_example_works_on_the_sample(run_cli: Run, tmp_path: Path) -> None:
    import shlex
    import shutil

    import typer

    from amanat_cli.cli.app import build_app
    from amanat_cli.read.scope import SAMPLE_ROADMAP

    command = typer.main.get_command(build_app("assign"))
    assign = command.commands["assign"]  # type: ignore[attr-defined]
    example = next(
        line.split("Example: ", 1)[1] for line in assign.help.splitlines() if "Example:" in line
    )
    copy = tmp_path / "almaty.yaml"
    shutil.copyfile(SAMPLE_ROADMAP, copy)
    result = run_cli(*shlex.split(example)[1:], "-r", str(copy))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("assigned ")
