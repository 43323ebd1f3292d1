"""Golden files for every write command on a roadmap full of comments, odd quoting,
flow mappings, CRLF and a BOM: the exact file after the command, and proof that
every line but the intended ones is byte-identical.
"""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import GOLDEN, Golden

INPUT = GOLDEN / "edit" / "input-shymkent.yaml"

CASES: list[tuple[str, list[str], list[str], list[str]]] = [
    # name, arguments, lines removed, lines added (text without CRLF)
    ("assign-empty-owner", ["assign", "water", "bekov-a"],
     ["    owner:   # назначить на Бюро"], ["    owner: bekov-a   # назначить на Бюро"]),
    ("assign-flow", ["assign", "water-pipes-km", "tulegenov-k"],
     ['          - {id: water-pipes-km, title: "Заменено, км", baseline: 0, target: 120, owner: serikova-m}'],
     ['          - {id: water-pipes-km, title: "Заменено, км", baseline: 0, target: 120, owner: tulegenov-k}']),
    ("assign-insert-after-list", ["assign", "water-pipes-share", "serikova-m"],
     [], ["            owner: serikova-m"]),
    ("assign-insert-flow", ["assign", "parks-new-count", "serikova-m"],
     ["          - {id: parks-new-count, title: Новых парков, baseline: 0, target: 4}"],
     ["          - {id: parks-new-count, title: Новых парков, baseline: 0, target: 4, owner: serikova-m}"]),
    ("unassign-flow", ["unassign", "water-pipes-km"],
     ['          - {id: water-pipes-km, title: "Заменено, км", baseline: 0, target: 120, owner: serikova-m}'],
     ['          - {id: water-pipes-km, title: "Заменено, км", baseline: 0, target: 120}']),
    ("unassign-block", ["unassign", "parks"], ["    owner: tulegenov-k  # временно"], []),
    ("record-block-values", ["record", "water-pipes-share", "48,2", "--date", "2025-06-30",
                             "--source", "Водоканал: отчёт #2", "--note", "оценка"],
     [], ["              - date: 2025-06-30", "                value: 48.2",
          '                source: "Водоканал: отчёт #2"', "                note: оценка"]),
    ("record-new-values-flow", ["record", "parks-new-count", "1", "--date", "2025-05-01"],
     ["          - {id: parks-new-count, title: Новых парков, baseline: 0, target: 4}"],
     ["          - {id: parks-new-count, title: Новых парков, baseline: 0, target: 4, "
      "values: [{date: 2025-05-01, value: 1}]}"]),
    ("record-flow-list", ["record", "water-meters-count", "2500", "--date", "2025-06-30",
                          "--source", "Акимат, отдел ЖКХ"],
     ["            values: [{date: 2025-01-15, value: 1200}]"],
     ['            values: [{date: 2025-01-15, value: 1200}, '
      '{date: 2025-06-30, value: 2500, source: "Акимат, отдел ЖКХ"}]']),
    ("set-status-insert", ["set-status", "water-pipes", "in_progress"],
     [], ["        status: in_progress"]),
    ("set-status-quoted", ["set-status", "water-meters", "in_progress"],
     ["        status: 'planned'"], ["        status: in_progress"]),
    ("feedback-add-new", ["feedback", "add", "parks-new", "--tone", "positive", "--date",
                          "2025-06-01", "--text", "Спасибо за парк!\nДетям нравится",
                          "--channel", "online", "--district", "karatau"],
     [], ["        feedback:", "          - date: 2025-06-01", "            channel: online",
          "            tone: positive", "            district: karatau",
          '            text: "Спасибо за парк!\\nДетям нравится"']),
    ("feedback-add-flow", ["feedback", "add", "water-pipes", "--tone", "negative", "--date",
                           "2025-06-15", "--text", "Снова нет воды: [ул. Абая]"],
     [], ['          - {date: 2025-06-15, tone: negative, text: "Снова нет воды: [ул. Абая]"}']),
    ("feedback-resolve-flow", ["feedback", "resolve", "water-pipes", "1"],
     ['          - {date: 2025-03-01, tone: negative, district: abay, text: "Нет воды по ночам"}'],
     ['          - {date: 2025-03-01, tone: negative, district: abay, text: "Нет воды по ночам", '
      "resolved: true}"]),
    ("feedback-resolve-block", ["feedback", "resolve", "water-meters", "1"],
     ["            resolved: false"], ["            resolved: true"]),
    ("record-replace-flow", ["record", "water-meters-count", "1300", "--date", "15.01.2025",
                             "--replace"],
     ["            values: [{date: 2025-01-15, value: 1200}]"],
     ["            values: [{date: 2025-01-15, value: 1300}]"]),
    ("record-replace-block", ["record", "water-pipes-share", "50", "--date", "2024-12-31",
                              "--replace", "--source", "Водоканал: уточнено"],
     ["                value: 52.5", "                source: Водоканал   # годовой отчёт"],
     ["                value: 50", '                source: "Водоканал: уточнено"   # годовой отчёт']),
    ("unrecord-last-block", ["unrecord", "water-pipes-share", "--date", "2024-12-31"],
     ["            values:", "              - date: 2024-12-31", "                value: 52.5",
      "                source: Водоканал   # годовой отчёт"], []),
    ("unrecord-last-flow", ["unrecord", "water-meters-count", "--date", "2025-01-15", "--value",
                            "1200"],
     ["            values: [{date: 2025-01-15, value: 1200}]"], []),
    ("feedback-remove-flow", ["feedback", "remove", "water-pipes", "1"],
     ["        feedback:",
      '          - {date: 2025-03-01, tone: negative, district: abay, text: "Нет воды по ночам"}'],
     []),
    ("feedback-remove-block", ["feedback", "remove", "water-meters", "1"],
     ["        feedback:", "          - date: 2025-04-10", "            tone: neutral",
      "            text: |", "              Счётчики ставят,", "              но медленно",
      "            resolved: false"], []),
    ("member-add-flow", ["member", "add", "omarova-z", "--name", "Омарова Зарина", "--body",
                         "political_council", "--phone", "+7 701 123 45 67"],
     [], ['  - {id: omarova-z, name: Омарова Зарина, bodies: [political_council], '
          'phone: "+7 701 123 45 67"}']),
    ("member-edit-block-list", ["member", "edit", "serikova-m", "--body",
                                "political_council,bureau", "--email", "m.serikova@amanat.kz"],
     [], ["      - bureau", "    email: m.serikova@amanat.kz"]),
    ("member-edit-flow", ["member", "edit", "Беков", "--position", "Председатель: Бюро"],
     ["  - {id: bekov-a, name: Беков Асхат, bodies: [bureau]}"],
     ['  - {id: bekov-a, name: Беков Асхат, bodies: [bureau], position: "Председатель: Бюро"}']),
    ("member-remove-hand-to", ["member", "remove", "serikova-m", "--hand-to", "tulegenov-k"],
     ["  - id: serikova-m   # член политсовета", '    name: "Серикова Мадина"', "    bodies:",
      "      - political_council",
      '          - {id: water-pipes-km, title: "Заменено, км", baseline: 0, target: 120, owner: serikova-m}'],
     ['          - {id: water-pipes-km, title: "Заменено, км", baseline: 0, target: 120, owner: tulegenov-k}']),
    ("assign-from", ["assign", "--from", "tulegenov-k", "--to", "Серикова"],
     ["            owner: tulegenov-k", "    owner: tulegenov-k  # временно"],
     ["            owner: serikova-m", "    owner: serikova-m  # временно"]),
    ("set-as-of", ["set-as-of", "30.09.2025"], ["  as_of: 2025-06-30"], ["  as_of: 2025-09-30"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "args", "removed", "added"), CASES, ids=[case[0] for case in CASES]
)
def test_write_command_changes_only_its_lines(
    name: str,
    args: list[str],
    removed: list[str],
    added: list[str],
    tmp_path: Path,
    run_cli: Callable[..., object],
    golden: Golden,
) -> None:
    path = tmp_path / "shymkent.yaml"
    shutil.copyfile(INPUT, path)
    before = INPUT.read_bytes()
    result = run_cli(*args, "-r", str(path))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    after = path.read_bytes()
    golden.check(f"edit/{name}.yaml", after)

    assert after.startswith(b"\xef\xbb\xbf")
    old_lines = before[3:].split(b"\r\n")
    new_lines = after[3:].split(b"\r\n")
    assert all(b"\n" not in line for line in new_lines), "a bare LF crept in"
    diff = list(difflib.ndiff([x.decode() for x in old_lines], [x.decode() for x in new_lines]))
    assert [d[2:] for d in diff if d.startswith("- ")] == removed
    assert [d[2:] for d in diff if d.startswith("+ ")] == added


def test_dry_run_diff_of_the_golden_input(
    tmp_path: Path, run_cli: Callable[..., object], golden: Golden
) -> None:
    path = tmp_path / "shymkent.yaml"
    shutil.copyfile(INPUT, path)
    result = run_cli("assign", "water", "bekov-a", "--dry-run", "-r", str(path))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    golden.check(
        "edit/dry-run.diff",
        result.stdout.replace(str(path), "shymkent.yaml"),  # type: ignore[attr-defined]
    )
    assert path.read_bytes() == INPUT.read_bytes()


def test_every_kind_of_edit_on_every_item_verifies(tmp_path: Path) -> None:
    """Each write, on each item of the odd file, makes exactly its change (verify passes)."""
    from dataclasses import replace
    from datetime import date

    from amanat_cli.model import Feedback, Measurement, Status, Tone
    from amanat_cli.read.loader import load_bytes
    from amanat_cli.read.store import open_store
    from amanat_cli.write import changes

    path = tmp_path / "shymkent.yaml"
    shutil.copyfile(INPUT, path)
    roadmap, _problems = load_bytes(INPUT.read_bytes(), str(path))
    assert roadmap is not None
    planners: list[changes.Planner] = []
    for section in roadmap.sections:
        eligible = changes.eligible_members(roadmap, section)
        planners += [changes.plan_assign([section.id], eligible[-1].id)]
        planners += [changes.plan_unassign([section.id])]
        for pledge in section.pledges:
            note = Feedback(date(2025, 6, 1), Tone.NEUTRAL, "a: b #c\n«d»", "e, f", "abay")
            planners += [changes.plan_status(pledge.id, Status.DONE, None)]
            planners += [changes.plan_add_feedback(pledge.id, note)]
            planners += [changes.plan_resolve_feedback(pledge.id, n + 1)
                         for n in range(len(pledge.feedback))]  # fmt: skip
            for indicator in pledge.indicators:
                figure = Measurement(date(2025, 6, 30), 0.1, "x: [y]", "'z'")
                planners += [changes.plan_record(indicator.id, figure, force=True)]
                planners += [changes.plan_unassign([indicator.id])]
                planners += [changes.plan_assign([indicator.id], "serikova-m")]
    today = date(2026, 1, 1)
    store = open_store(with_layouts=True)
    diffs = [
        changes.write_change(store, path, planner, dry_run=True, today=today).text
        for planner in planners
    ]
    # 2 sections x 2 + 3 pledges x 2 + 2 feedback + 4 indicators x 3 = 24 edits; 5 of them
    # change nothing (water, water-pipes-share and parks-new-count have no owner to remove;
    # water-pipes-km is serikova-m's and parks tulegenov-k's already).
    unchanged = [text for text in diffs if "nothing written" in text]
    assert (len(diffs), len(unchanged)) == (24, 5)
    removals: list[changes.Planner] = []
    for pledge in roadmap.pledges():
        removals += [changes.plan_remove_feedback(pledge.id, n + 1)
                     for n in range(len(pledge.feedback))]  # fmt: skip
    for indicator in roadmap.indicators():
        for measurement in indicator.values:
            figure = replace(measurement, value=-0.5, note="x: [y]")
            removals += [changes.plan_record(indicator.id, figure, replacing=True)]
            removals += [changes.plan_unrecord(indicator.id, measurement.date, None)]
    # 2 feedback + 2 measurements x 2
    store = open_store(with_layouts=True)
    diffs = [
        changes.write_change(store, path, planner, dry_run=True, today=today).text
        for planner in removals
    ]
    assert len(diffs) == 6 and all(text.startswith(f"--- {path}\n") for text in diffs)
    assert all(text.startswith(f"--- {path}\n") for text in diffs if text not in unchanged)
    assert path.read_bytes() == INPUT.read_bytes()
