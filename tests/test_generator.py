"""bench/generate.py: synthetic roadmaps are reproducible and pass `check` cleanly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from amanat_cli.check.rules import check
from amanat_cli.model import Body, Severity
from amanat_cli.read.store import load_paths
from bench import generate  # bench/ is a folder of scripts; pytest puts the repo on sys.path


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    first = generate.generate_set(tmp_path / "a", 3, 120, seed=7)
    again = generate.generate_set(tmp_path / "b", 3, 120, seed=7)
    other = generate.generate_set(tmp_path / "c", 3, 120, seed=8)
    assert [p.name for p in first] == ["almaty.yaml", "astana.yaml", "shymkent.yaml"]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]


def test_a_branch_does_not_depend_on_how_many_others_are_made(tmp_path: Path) -> None:
    alone = generate.generate_branch("ulytau", "Улытауский областной филиал", 40, seed=3)
    assert alone == generate.generate_branch("ulytau", "Улытауский областной филиал", 40, seed=3)
    assert alone.startswith("# ")


def test_indicator_counts_add_up_exactly(tmp_path: Path) -> None:
    assert generate.split(10, [3.0, 1.0, 1.0]) == [6, 2, 2]
    assert sum(generate.split(10_000, [w for _, _, w in generate.BRANCHES])) == 10_000
    paths = generate.generate_set(tmp_path, 4, 301, seed=1)
    roadmaps, problems = load_paths(paths)
    assert problems == []
    assert sum(len(r.indicators()) for r in roadmaps) == 301
    assert [r.branch.id for r in roadmaps] == ["almaty", "astana", "shymkent", "abai"]


def test_output_passes_check_with_zero_errors_and_respects_ownership(tmp_path: Path) -> None:
    paths = generate.generate_set(tmp_path, 20, 1500, seed=11)
    roadmaps, problems = load_paths(paths)
    problems += check(roadmaps, today=date(2025, 6, 30))
    errors = [
        f"{p.source}: {p.message} [{p.rule}]" for p in problems if p.severity == Severity.ERROR
    ]
    assert errors == []
    for roadmap in roadmaps:
        members = {m.id: m for m in roadmap.members}
        for section in roadmap.sections:
            if section.sensitive and section.owner:
                assert members[section.owner].sits_in(Body.BUREAU)
        for indicator in roadmap.indicators():
            if indicator.owner:
                assert members[indicator.owner].sits_in(Body.POLITICAL_COUNCIL)
    indicators = [i for r in roadmaps for i in r.indicators()]
    assert any(i.target < i.baseline for i in indicators), "some targets fall"
    assert any(i.owner is None for i in indicators), "a few are left unassigned"
    assert any(p.feedback for r in roadmaps for p in r.pledges())


def test_text_is_cyrillic_and_some_kazakh(tmp_path: Path) -> None:
    text = generate.generate_branch("almaty", "Алматинский городской филиал", 400, seed=1)
    assert "Доступная и качественная медицина" in text
    assert any(letter in text for letter in "әғқңөұүһі")
    assert "- {date: " in text and "\n              - date: " in text  # flow and block


def test_scalars_that_yaml_would_retype_are_quoted() -> None:
    assert generate.scalar("Обновить парк: 5 автобусов") == '"Обновить парк: 5 автобусов"'
    assert generate.scalar("050000") == '"050000"'
    assert generate.scalar("NO") == '"NO"'
    assert generate.scalar("Школа #5") == '"Школа #5"'
    assert generate.scalar("Школа №5") == "Школа №5"
    assert generate.slugify("Әлиева") == "alieva"


def test_feedback_branch_puts_exactly_that_feedback_on_its_first_pledge() -> None:
    from amanat_cli.read.loader import load_bytes

    small = generate.feedback_branch(40, seed=1)
    large = generate.feedback_branch(400, seed=1)
    roadmap, problems = load_bytes(large.encode("utf-8"), "large.yaml")
    assert roadmap is not None and problems == []
    first, *others = roadmap.pledges()
    assert len(first.feedback) == 400 and all(not p.feedback for p in others)
    assert all(f.date > date(2025, 4, 1) for f in first.feedback)  # within the feedback window
    small_roadmap, _problems = load_bytes(small.encode("utf-8"), "small.yaml")
    assert small_roadmap is not None
    assert [p.id for p in small_roadmap.pledges()] == [p.id for p in roadmap.pledges()]
