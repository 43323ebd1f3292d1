"""The report of `amanat sync`: lines for what changed or failed, then the counts."""

from __future__ import annotations

import pytest

from amanat_cli.i18n import set_language
from amanat_cli.model import Source
from amanat_cli.read.gitsync import Outcome, SyncResult
from amanat_cli.read.manifest import BranchRepo
from amanat_cli.render.sync import OUTCOME_LABELS, result_line, shown, summary

OLD, NEW = "1a2b3c4d5e6f" * 3, "5d6e7f8a9b0c" * 3


def result(branch_id: str, outcome: Outcome, detail: str = "") -> SyncResult:
    branch = BranchRepo(branch_id, f"/srv/{branch_id}.git", "roadmap.yaml", None, Source("b", 1, 1))
    return SyncResult(branch, outcome, detail, OLD, NEW if outcome == Outcome.UPDATED else OLD)


def test_each_outcome_has_words() -> None:
    assert set(OUTCOME_LABELS) == set(Outcome)


def test_a_line_says_what_happened_and_why() -> None:
    assert result_line(result("astana", Outcome.UPDATED)) == "astana: updated 1a2b3c4..5d6e7f8"
    assert result_line(result("shymkent", Outcome.UNREACHABLE, "no route")) == (
        "shymkent: unreachable — no route"
    )


def test_up_to_date_branches_get_no_line_of_their_own() -> None:
    results = [
        result("almaty", Outcome.UP_TO_DATE),
        result("shymkent", Outcome.UNREACHABLE, "no route"),
        result("astana", Outcome.CLONED),
    ]
    assert [result_line(r) for r in shown(results)] == [
        "shymkent: unreachable — no route",
        "astana: cloned",
    ]


def test_the_summary_counts_and_names_the_failures() -> None:
    results = [result(f"region-{n}", Outcome.UP_TO_DATE) for n in range(18)]
    results += [result("astana", Outcome.UPDATED), result("shymkent", Outcome.UNREACHABLE)]
    assert summary(results) == "18 up to date, 1 updated; 1 unreachable: shymkent"
    results += [result("taraz", Outcome.UNREACHABLE), result("atyrau", Outcome.DIVERGED)]
    assert summary(results) == (
        "18 up to date, 1 updated; 2 unreachable: shymkent, taraz; 1 diverged: atyrau"
    )
    assert summary([result("taraz", Outcome.DIRTY)]) == "1 with local changes: taraz"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_outcome_and_count_is_translated(language: str) -> None:
    each = [[result("astana", outcome)] for outcome in Outcome]
    english = [(result_line(r[0]), summary(r)) for r in each]
    set_language(language)
    translated = [(result_line(r[0]), summary(r)) for r in each]
    for (line, count), (line_there, count_there) in zip(english, translated, strict=True):
        assert line_there != line
        assert count_there != count
