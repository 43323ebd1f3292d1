"""Model diff: each kind of change between two versions of a roadmap."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from amanat_cli.compute.modeldiff import Change, diff_roadmaps
from amanat_cli.model import (
    Body,
    Branch,
    Feedback,
    Indicator,
    Measurement,
    Member,
    Period,
    Pledge,
    Roadmap,
    Section,
    Settings,
    Status,
    Tone,
)
from amanat_cli.render.diff import change_json, describe_change

D = date.fromisoformat


def _roadmap(**overrides: Any) -> Roadmap:
    """A small roadmap built in code; keyword overrides replace whole parts."""
    indicator = Indicator(
        id="clinics-opened",
        title="Clinics opened",
        unit="units",
        baseline=0,
        target=6,
        start=D("2023-04-01"),
        due=D("2026-12-31"),
        owner="council",
        values=(Measurement(D("2024-06-30"), 2, "Health dept"),),
        pledge_id="clinics",
    )
    pledge = Pledge(
        id="clinics",
        title="Build 6 clinics",
        status=Status.IN_PROGRESS,
        due=D("2026-12-31"),
        indicators=(overrides.pop("indicator", indicator),),
        feedback=overrides.pop(
            "feedback",
            (Feedback(D("2025-05-12"), Tone.NEGATIVE, "Not enough doctors", "reception"),),
        ),
        section_id="health",
    )
    section = Section(
        id="health",
        title="Healthcare",
        sensitive=True,
        owner="chair",
        pledges=(overrides.pop("pledge", pledge),),
    )
    base = {
        "path": "r.yaml",
        "branch": Branch(
            "almaty",
            "Almaty branch",
            "Programme",
            Period(D("2023-04-01"), D("2027-12-31")),
            as_of=D("2025-06-30"),
        ),
        "districts": {"alatau": "Alatau district"},
        "members": (
            Member("chair", "Chair Name", (Body.BUREAU,)),
            Member("council", "Council Name", (Body.POLITICAL_COUNCIL,)),
        ),
        "sections": (overrides.pop("section", section),),
    }
    base.update(overrides)
    return Roadmap(**base)


OLD = _roadmap()
INDICATOR = OLD.indicators()[0]
PLEDGE = OLD.pledges()[0]
SECTION = OLD.sections[0]


def _kinds(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.kind, c.item) for c in changes]


def test_identical_versions_have_no_changes() -> None:
    assert diff_roadmaps(OLD, _roadmap()) == []


def test_owner_changes_on_sections_and_indicators() -> None:
    pledge = replace(PLEDGE, indicators=(replace(INDICATOR, owner="chair"),))
    new = _roadmap(section=replace(SECTION, owner=None, pledges=(pledge,)))
    changes = diff_roadmaps(OLD, new)
    assert [(c.kind, c.item, c.old, c.new) for c in changes] == [
        ("owner-changed", "health", "chair", None),
        ("owner-changed", "clinics-opened", "council", "chair"),
    ]
    assert describe_change(changes[0]) == "owner of health changed from chair to —"


def test_status_change() -> None:
    changes = diff_roadmaps(OLD, _roadmap(pledge=replace(PLEDGE, status=Status.DONE)))
    assert [(c.kind, c.old, c.new) for c in changes] == [("status-changed", "in_progress", "done")]
    assert describe_change(changes[0]) == "status of clinics changed from in progress to done"


def test_measurements_added_removed_changed_and_reordering_is_no_change() -> None:
    values = (
        Measurement(D("2025-03-31"), 3, "Health dept"),
        Measurement(D("2024-06-30"), 2, "Health dept"),
    )
    added = diff_roadmaps(OLD, _roadmap(indicator=replace(INDICATOR, values=values)))
    assert [(c.kind, c.date, c.new) for c in added] == [("measurement-added", D("2025-03-31"), 3)]
    assert describe_change(added[0]) == "clinics-opened: measurement 3 on 2025-03-31 added"

    removed = diff_roadmaps(OLD, _roadmap(indicator=replace(INDICATOR, values=())))
    assert [(c.kind, c.old) for c in removed] == [("measurement-removed", 2)]

    corrected = (Measurement(D("2024-06-30"), 2.5, "Health dept"),)
    changed = diff_roadmaps(OLD, _roadmap(indicator=replace(INDICATOR, values=corrected)))
    assert [(c.kind, c.old, c.new) for c in changed] == [("measurement-changed", 2, 2.5)]

    reordered = _roadmap(indicator=replace(INDICATOR, values=values))
    assert (
        diff_roadmaps(
            reordered, _roadmap(indicator=replace(INDICATOR, values=tuple(reversed(values))))
        )
        == []
    )


def test_feedback_added_resolved_reopened_removed() -> None:
    old_feedback = PLEDGE.feedback[0]
    extra = Feedback(D("2025-06-01"), Tone.POSITIVE, "Opened on time", "online")
    added = diff_roadmaps(OLD, _roadmap(feedback=(old_feedback, extra)))
    assert [(c.kind, c.new, c.text) for c in added] == [
        ("feedback-added", "positive", "Opened on time")
    ]
    assert (
        describe_change(added[0])
        == "clinics: positive feedback of 2025-06-01 added: Opened on time"
    )

    resolved_version = _roadmap(feedback=(replace(old_feedback, resolved=True),))
    resolved = diff_roadmaps(OLD, resolved_version)
    assert [(c.kind, c.date) for c in resolved] == [("feedback-resolved", D("2025-05-12"))]
    assert describe_change(resolved[0]) == (
        "clinics: feedback of 2025-05-12 resolved: Not enough doctors"
    )
    assert _kinds(diff_roadmaps(resolved_version, OLD)) == [("feedback-reopened", "clinics")]
    assert _kinds(diff_roadmaps(OLD, _roadmap(feedback=()))) == [("feedback-removed", "clinics")]


def test_targets_baselines_and_due_dates() -> None:
    new = _roadmap(
        indicator=replace(INDICATOR, target=8, baseline=1, due=D("2027-06-30")),
        pledge=replace(
            PLEDGE,
            due=D("2027-06-30"),
            indicators=(replace(INDICATOR, target=8, baseline=1, due=D("2027-06-30")),),
        ),
    )
    assert [(c.kind, c.field, c.old, c.new) for c in diff_roadmaps(OLD, new)] == [
        ("pledge-changed", "due", D("2026-12-31"), D("2027-06-30")),
        ("indicator-changed", "baseline", 0, 1),
        ("indicator-changed", "target", 6, 8),
        ("indicator-changed", "due", D("2026-12-31"), D("2027-06-30")),
    ]


def test_items_added_and_removed() -> None:
    second = Indicator(
        id="beds",
        title="Beds added",
        unit=None,
        baseline=0,
        target=100,
        start=D("2023-04-01"),
        due=D("2026-12-31"),
        values=(Measurement(D("2025-01-01"), 10),),
        pledge_id="clinics",
    )
    new_pledge = replace(PLEDGE, indicators=(INDICATOR, second))
    grown = _roadmap(pledge=new_pledge)
    assert _kinds(diff_roadmaps(OLD, grown)) == [
        ("indicator-added", "beds"),
        ("measurement-added", "beds"),
    ]
    assert _kinds(diff_roadmaps(grown, OLD)) == [("indicator-removed", "beds")]

    other = Section(
        id="roads",
        title="Roads",
        pledges=(
            Pledge(
                id="bridge",
                title="A bridge",
                status=Status.PLANNED,
                due=D("2027-01-01"),
                section_id="roads",
            ),
        ),
    )
    with_section = _roadmap(sections=(SECTION, other))
    assert _kinds(diff_roadmaps(OLD, with_section)) == [
        ("section-added", "roads"),
        ("pledge-added", "bridge"),
    ]
    assert _kinds(diff_roadmaps(with_section, OLD)) == [
        ("pledge-removed", "bridge"),
        ("section-removed", "roads"),
    ]


def test_pledge_moved_between_sections() -> None:
    moved = replace(PLEDGE, section_id="roads")
    new = _roadmap(
        sections=(
            replace(SECTION, pledges=()),
            Section(id="roads", title="Roads", pledges=(moved,)),
        )
    )
    assert _kinds(diff_roadmaps(OLD, new)) == [
        ("section-added", "roads"),
        ("pledge-moved", "clinics"),
    ]


def test_members_districts_branch_and_settings() -> None:
    members = (
        Member("chair", "Chair Name", (Body.BUREAU, Body.POLITICAL_COUNCIL)),
        Member("newbie", "New Member", (Body.FACTION,)),
    )
    branch = replace(OLD.branch, name="Almaty city branch", settings=Settings(amber_gap=0.15))
    new = _roadmap(members=members, branch=branch, districts={"medeu": "Medeu district"})
    assert [(c.kind, c.item, c.field) for c in diff_roadmaps(OLD, new)] == [
        ("branch-changed", "almaty", "name"),
        ("settings-changed", "almaty", "amber_gap"),
        ("district-added", "medeu", None),
        ("district-removed", "alatau", None),
        ("member-added", "newbie", None),
        ("member-changed", "chair", "bodies"),
        ("member-removed", "council", None),
    ]
    change = diff_roadmaps(OLD, new)[5]
    assert (change.old, change.new) == ("bureau", "bureau, political_council")
    assert (
        describe_change(change)
        == "member chair: bodies changed from Bureau to Bureau, Political Council"
    )


def test_a_member_s_contacts_are_changes() -> None:
    chair = OLD.members[0]
    members = (replace(chair, phone="+7 701 123 45 67", lang="kk"), *OLD.members[1:])
    changes = diff_roadmaps(OLD, _roadmap(members=members))
    assert [(c.kind, c.item, c.field, c.old, c.new) for c in changes] == [
        ("member-changed", chair.id, "phone", None, "+7 701 123 45 67"),
        ("member-changed", chair.id, "lang", None, "kk"),
    ]


@pytest.mark.parametrize("kind", ["owner-changed", "measurement-added", "feedback-resolved"])
def test_json_form_has_iso_dates_and_a_message(kind: str) -> None:
    change = Change(kind, "x", "f", D("2024-01-01"), 2, D("2025-01-02"), "t")
    data = change_json(change)
    assert data["old"] == "2024-01-01" and data["date"] == "2025-01-02"
    assert data["message"] == describe_change(change) and data["kind"] == kind


# --------------------------------------------------------------------------- the command

TOWN = """\
format: 1
branch:
  id: town
  name: Town branch
  programme: Town programme
  period: {start: 2024-01-01, end: 2027-12-31}
members:
  - {id: chair, name: Chair Person, bodies: [bureau]}
  - {id: council, name: Council Person, bodies: [political_council]}
sections:
  - id: health
    title: Health
    sensitive: true
    owner: chair
    pledges:
      - id: clinics
        title: Build 4 clinics
        status: in_progress
        indicators:
          - id: clinics-opened
            title: Clinics opened
            baseline: 0
            target: 4
            owner: council
            values:
              - {date: 2024-12-31, value: 1}
"""


def _git(folder: Any, *args: str) -> None:
    import subprocess

    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def test_diff_of_two_files_text_and_json(run_cli: Any, write_roadmap: Any) -> None:
    import json

    old = write_roadmap(TOWN, "old.yaml")
    new = write_roadmap(
        TOWN.replace("status: in_progress", "status: done")
        + "              - {date: 2025-06-30, value: 4}\n",
        "new.yaml",
    )
    result = run_cli("diff", str(old), str(new))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "status of clinics changed from in progress to done\n"
        "clinics-opened: measurement 4 on 2025-06-30 added\n"
        "clinics: red → done\n"  # the rag moved too: a pack reader must see it
    )
    russian = run_cli("diff", str(old), str(new), "--lang", "ru")
    assert russian.stdout.splitlines() == [
        "статус clinics изменён: в работе → выполнено",
        "clinics-opened: добавлен замер 4 на 30.06.2025",
        "clinics: красный → выполнено",
    ]
    assert result.stderr == "3 changes\n"
    data = json.loads(run_cli("diff", str(old), str(new), "--format", "json").stdout)
    assert [(c["kind"], c["item"], c["new"]) for c in data] == [  # json keeps the keys
        ("status-changed", "clinics", "done"),
        ("measurement-added", "clinics-opened", 4),
        ("rag-changed", "clinics", "done"),
    ]


def test_diff_refuses_an_invalid_version(run_cli: Any, write_roadmap: Any) -> None:
    old = write_roadmap(TOWN, "old.yaml")
    broken = write_roadmap(TOWN.replace("owner: council", "owner: nobody"), "broken.yaml")
    result = run_cli("diff", str(old), str(broken))
    assert result.exit_code == 1
    assert "broken.yaml" in result.stderr and "nobody" in result.stderr
    assert run_cli("diff", str(old), str(old.with_name("missing.yaml"))).exit_code == 2


@pytest.mark.skipif(__import__("shutil").which("git") is None, reason="git is not installed")
def test_diff_against_git_revisions(
    run_cli: Any, write_roadmap: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "repo"
    (folder / "roadmaps").mkdir(parents=True)
    path = folder / "roadmaps" / "town.yaml"
    path.write_text(TOWN, encoding="utf-8")
    _git(folder, "init", "-q")
    _git(folder, "add", ".")
    _git(folder, "commit", "-q", "-m", "first")
    path.write_text(TOWN.replace("owner: chair", "owner: null"), encoding="utf-8")
    _git(folder, "commit", "-q", "-am", "second")
    path.write_text(
        TOWN.replace("owner: chair", "owner: null").replace("target: 4", "target: 5"),
        encoding="utf-8",
    )
    monkeypatch.chdir(folder)  # NEW defaults to the roadmap in ./roadmaps/

    head = run_cli("diff", "git:HEAD")
    assert head.exit_code == 0, head.stderr
    assert head.stdout == "indicator clinics-opened: target changed from 4 to 5\n"
    before = run_cli("diff", "git:HEAD~1")
    assert before.stdout == (
        "owner of health changed from chair to —\n"
        "indicator clinics-opened: target changed from 4 to 5\n"
    )
    both = run_cli("diff", "git:HEAD~1", "git:HEAD")
    assert both.stdout == "owner of health changed from chair to —\n"
    bad = run_cli("diff", "git:nosuch")
    assert bad.exit_code == 2 and bad.stderr.startswith("amanat: git: ")
    assert bad.stderr.count("\n") == 1


def test_diff_outside_git_is_a_usage_error(
    run_cli: Any, write_roadmap: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_roadmap(TOWN, "town.yaml")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run_cli("diff", "git:HEAD", "-r", str(path))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_russian_and_kazakh_lines_hold_no_english_keys_and_local_numbers() -> None:
    """Field names, booleans, numbers and dates in the reader's language (json keeps keys)."""
    from datetime import date

    from amanat_cli.compute.modeldiff import Change
    from amanat_cli.i18n import set_language
    from amanat_cli.render.diff import change_json, describe_change

    changes = [
        Change("member-changed", "vice", "bodies", "bureau", "political_council"),
        Change("measurement-added", "housing-queue", None, None, 27800, date(2025, 9, 30)),
        Change("measurement-changed", "eco-pm25", "value", 35.2, 8.1, date(2025, 9, 30)),
        Change("section-changed", "water", "sensitive", False, True),
        Change("indicator-changed", "roads-km", "due", date(2025, 1, 1), date(2026, 1, 1)),
        Change("rag-changed", "transport-buses", "rag", "red", "done"),
    ]
    set_language("ru")
    try:
        lines = [describe_change(c).replace("\xa0", " ") for c in changes]
        assert lines == [
            "член vice, органы: Бюро → Политический совет",
            "housing-queue: добавлен замер 27 800 на 30.09.2025",
            "eco-pm25: замер на 30.09.2025 изменён: 35,2 → 8,1",
            "раздел water, социально чувствительный: нет → да",
            "индикатор roads-km, срок: 01.01.2025 → 01.01.2026",
            "transport-buses: красный → выполнено",
        ]
        set_language("kk")
        assert describe_change(changes[0]) == (
            "vice мүшесі: органдар Бюро мәнінен Саяси кеңес мәніне өзгерді"
        )
        assert change_json(changes[1])["new"] == 27800  # the machine value stays
    finally:
        set_language("en")
    assert describe_change(changes[3]) == "section water: socially sensitive changed from no to yes"
