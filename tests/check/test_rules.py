"""Every rule of `amanat check`: a roadmap that breaks it, and one that just passes.

The roadmaps are inline YAML: a clean `BASE`, changed by text replacement for
each case.  A changed line carries a `# here` comment, so the test can find
the line the problem must point at without counting lines by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from amanat_cli.check.rules import RULES, check
from amanat_cli.model import Problem, Severity

loader = pytest.importorskip("amanat_cli.read.loader", reason="the loader has not landed yet")
from amanat_cli.read.store import load_paths  # noqa: E402

TODAY = date(2025, 7, 15)

BASE = """\
format: 1
branch:
  id: almaty
  name: Алматинский городской филиал
  programme: «Халықпен бірге!»
  period: {start: 2023-04-01, end: 2027-12-31}
  as_of: 2025-06-30
districts:
  alatau: Алатауский район
  medeu: Медеуский район
members:
  - id: kaliyev-a
    name: Калиев Арман
    bodies: [bureau]
  - id: nurlanova-g
    name: Нурланова Гульнара
    bodies: [political_council]
  - id: sadykov-b
    name: Садыков Берик
    bodies: [faction]
sections:
  - id: health
    title: Доступная медицина
    sensitive: true
    owner: kaliyev-a
    pledges:
      - id: health-polyclinics
        title: Построить поликлиники
        status: in_progress
        districts: [alatau]
        indicators:
          - id: health-polyclinics-opened
            title: Введено поликлиник
            unit: ед.
            baseline: 0
            target: 6
            owner: nurlanova-g
            values:
              - {date: 2024-06-30, value: 2}
        feedback:
          - {date: 2025-05-12, tone: negative, district: alatau, text: Врачей не хватает}
"""

DISTRICTS = "districts:\n  alatau: Алатауский район\n  medeu: Медеуский район\n"
"""The districts map of BASE, to remove it."""

Load = Callable[..., list[Problem]]


@pytest.fixture
def problems_in(write_roadmap: Callable[..., Path]) -> Load:
    """Write BASE with replacements, load it (it must load cleanly) and run the rules."""

    def run(
        *replacements: tuple[str, str], today: date = TODAY, as_of: date | None = None
    ) -> list[Problem]:
        text = BASE
        for old, new in replacements:
            assert old in text, f"{old!r} is not in the roadmap"
            text = text.replace(old, new, 1)
        path = write_roadmap(text, raw=True)
        roadmaps, load_problems = load_paths([path])
        assert load_problems == [], load_problems
        return check(roadmaps, today=today, as_of=as_of)

    return run


def here(problems: list[Problem], rule: str) -> Problem:
    """The one problem of `rule`, which must be on the line marked `# here`."""
    found = [p for p in problems if p.rule == rule]
    assert len(found) == 1, problems
    problem = found[0]
    assert problem.source is not None
    text = Path(problem.source.path).read_text(encoding="utf-8")
    marked = [n for n, line in enumerate(text.splitlines(), 1) if "# here" in line]
    assert marked, "the case marks no line"
    assert problem.source.line == marked[0], (problem, marked)
    return problem


# (rule, severity, replacements that break it, a fragment of the message)
FAILING = [
    (
        "id-syntax",
        "error",
        [("- id: health-polyclinics\n", "- id: Health_Поликлиники  # here\n")],
        "'Health_Поликлиники' is not a valid id",
    ),
    (
        "id-syntax",
        "error",
        [("  id: almaty\n", "  id: -almaty  # here\n")],
        "'-almaty' is not a valid id",
    ),
    (
        "id-syntax",
        "error",
        [("- id: sadykov-b", "- id: sadykov b  # here")],
        "'sadykov b' is not a valid id",
    ),
    (
        "id-syntax",
        "error",
        [(DISTRICTS, ""), ("districts: [alatau]", "districts: [Алатау]  # here")],
        "'Алатау' is not a valid id",
    ),
    (
        "id-syntax",
        "error",
        [(DISTRICTS, "districts:\n  alatau: Алатауский район  # here\n  Medeu: Медеуский район\n")],
        "'Medeu' is not a valid id",
    ),
    (
        "duplicate-id",
        "error",
        [("- id: health-polyclinics-opened", "- id: health  # here")],
        "id 'health' is already used on line 22",
    ),
    (
        "duplicate-member",
        "error",
        [("- id: sadykov-b", "- id: kaliyev-a  # here")],
        "member id 'kaliyev-a' is already used on line 12",
    ),
    (
        "unknown-member",
        "error",
        [("owner: nurlanova-g", "owner: nurlanova  # here")],
        "owner 'nurlanova' is not in members; add them there or fix the id; "
        "did you mean: nurlanova-g?",
    ),
    (
        "unknown-district",
        "error",
        [("districts: [alatau]", "districts: [alatau, almaly]  # here")],
        "district 'almaly' is not in districts",
    ),
    (
        "unknown-district",
        "error",
        [
            (
                "district: alatau, text: Врачей не хватает}",
                "district: medeo, text: Врачей не хватает}  # here",
            )
        ],
        "district 'medeo' is not in districts; add it there or fix the slug; did you mean: medeu?",
    ),
    (
        "sensitive-owner",
        "error",
        [("owner: kaliyev-a", "owner: nurlanova-g  # here")],
        "sensitive section 'health' is owned by 'nurlanova-g', who is not in the Bureau; "
        "choose one of: kaliyev-a (Калиев Арман)",
    ),
    (
        "section-owner",
        "error",
        [("sensitive: true", "sensitive: false"), ("owner: kaliyev-a", "owner: sadykov-b  # here")],
        "section 'health' is owned by 'sadykov-b', who is in neither the Bureau nor the Political "
        "Council; choose one of: kaliyev-a (Калиев Арман), nurlanova-g (Нурланова Гульнара)",
    ),
    (
        "indicator-owner",
        "error",
        [("owner: nurlanova-g", "owner: kaliyev-a  # here")],
        "indicator 'health-polyclinics-opened' is owned by 'kaliyev-a', who is not in the "
        "Political Council; choose one of: nurlanova-g (Нурланова Гульнара)",
    ),
    (
        "target-equals-baseline",
        "error",
        [("target: 6", "target: 0  # here")],
        "indicator 'health-polyclinics-opened' has target equal to baseline (0)",
    ),
    (
        "weight",
        "error",
        [("unit: ед.\n", "unit: ед.\n            weight: 0  # here\n")],
        "'health-polyclinics-opened' has weight 0; a weight must be greater than 0",
    ),
    (
        "weight",
        "error",
        [("status: in_progress\n", "status: in_progress\n        weight: -1  # here\n")],
        "'health-polyclinics' has weight -1",
    ),
    (
        "due-before-start",
        "error",
        [
            (
                "unit: ед.\n",
                "unit: ед.\n            start: 2025-01-01\n            due: 2025-01-01  # here\n",
            )
        ],
        "indicator 'health-polyclinics-opened' is due 2025-01-01, not after its start 2025-01-01",
    ),
    (
        "period",
        "error",
        [
            (
                "period: {start: 2023-04-01, end: 2027-12-31}",
                "period: {start: 2023-04-01, end: 2023-03-31}  # here",
            )
        ],
        "period ends 2023-03-31, not after it starts 2023-04-01",
    ),
    (
        "settings",
        "error",
        [
            (
                "  as_of: 2025-06-30\n",
                "  as_of: 2025-06-30\n  settings: {amber_gap: 0.3, red_gap: 0.25}  # here\n",
            )
        ],
        "settings need 0 ≤ amber_gap ≤ red_gap ≤ 1, not amber_gap 0.3, red_gap 0.25",
    ),
    (
        "settings",
        "error",
        [
            (
                "  as_of: 2025-06-30\n",
                "  as_of: 2025-06-30\n  settings: {stale_days: -1}  # here\n",
            )
        ],
        "settings: stale_days is -1; use 0 or more days",
    ),
    (
        "date-range",
        "error",
        [("- {date: 2024-06-30, value: 2}", "- {date: 1991-12-15, value: 2}  # here")],
        "date 1991-12-15 is before 1991-12-16, the independence of Kazakhstan",
    ),
    (
        "date-range",
        "error",
        [("- {date: 2024-06-30, value: 2}", "- {date: 2101-01-01, value: 2}  # here")],
        "date 2101-01-01 is after 2100; check the year",
    ),
    (
        "date-range",
        "warning",
        [
            (
                "{date: 2025-05-12, tone: negative, district: alatau, text: Врачей не хватает}",
                "{date: 2025-07-16, tone: negative, district: alatau, text: Врачей не хватает}  # here",
            )
        ],
        "date 2025-07-16 is in the future (today is 2025-07-15)",
    ),
    (
        "as-of-range",
        "warning",
        [("as_of: 2025-06-30", "as_of: 2028-01-01  # here")],
        "as_of 2028-01-01 is outside the period 2023-04-01 – 2027-12-31",
    ),
    (
        "unassigned-section",
        "warning",
        [("owner: kaliyev-a", "owner: null  # here")],
        "sensitive section 'health' has no owner; assign a Bureau member",
    ),
    (
        "unassigned-indicator",
        "warning",
        [("owner: nurlanova-g", "owner:  # here")],
        "indicator 'health-polyclinics-opened' has no owner",
    ),
    (
        "unconfirmed",
        "warning",
        [("status: in_progress", "status: done  # here")],
        "pledge 'health-polyclinics' is marked done but its indicators show 33% on 2025-06-30",
    ),
    (
        "duplicate-measurement",
        "warning",
        [
            (
                "- {date: 2024-06-30, value: 2}\n",
                "- {date: 2024-06-30, value: 2}\n              - {date: 2024-06-30, value: 2.0}  # here\n",
            )
        ],
        "has this measurement (2024-06-30: 2.0) already on line 39",
    ),
    (
        "conflicting-measurement",
        "warning",
        [
            (
                "- {date: 2024-06-30, value: 2}\n",
                "- {date: 2024-06-30, value: 2}\n              - {date: 2024-06-30, value: -3}  # here\n",
            )
        ],
        "has -3 on 2024-06-30 and also 2 on line 39; keep the right one",
    ),
]

# (rule, replacements that come as close as possible to breaking it without doing so)
PASSING = [
    ("id-syntax", [("- id: health-polyclinics\n", "- id: 0health_polyclinics.v2\n")]),
    ("duplicate-id", [("- id: health-polyclinics-opened", "- id: health-2")]),
    ("duplicate-member", [("- id: sadykov-b", "- id: kaliyev-b")]),
    ("unknown-member", [("owner: nurlanova-g", "owner: null")]),
    ("unknown-district", [("districts: [alatau]", "districts: [alatau, medeu]")]),
    # Without a districts map, any district slug is allowed.
    ("unknown-district", [(DISTRICTS, ""), ("districts: [alatau]", "districts: [almaly]")]),
    (
        "sensitive-owner",
        [
            (
                "sadykov-b\n    name: Садыков Берик\n    bodies: [faction]",
                "sadykov-b\n    name: Садыков Берик\n    bodies: [faction, bureau]",
            ),
            ("owner: kaliyev-a", "owner: sadykov-b"),
        ],
    ),
    (
        "section-owner",
        [("sensitive: true", "sensitive: false"), ("owner: kaliyev-a", "owner: nurlanova-g")],
    ),
    (
        "indicator-owner",
        [
            ("bodies: [bureau]", "bodies: [bureau, political_council]"),
            ("owner: nurlanova-g", "owner: kaliyev-a"),
        ],
    ),
    ("target-equals-baseline", [("target: 6", "target: -6")]),
    ("weight", [("unit: ед.\n", "unit: ед.\n            weight: 0.001\n")]),
    (
        "due-before-start",
        [
            (
                "unit: ед.\n",
                "unit: ед.\n            start: 2025-01-01\n            due: 2025-01-02\n",
            )
        ],
    ),
    ("period", [("end: 2027-12-31}", "end: 2025-07-01}")]),
    (
        "settings",
        [
            (
                "  as_of: 2025-06-30\n",
                "  as_of: 2025-06-30\n  settings:\n    amber_gap: 0\n    red_gap: 0\n"
                "    stale_days: 0\n    feedback_days: 0\n",
            )
        ],
    ),
    (
        "settings",
        [
            (
                "  as_of: 2025-06-30\n",
                "  as_of: 2025-06-30\n  settings: {amber_gap: 1, red_gap: 1}\n",
            )
        ],
    ),
    (
        "date-range",
        [
            ("- {date: 2024-06-30, value: 2}", "- {date: 1991-12-16, value: 2}"),
            ("{date: 2025-05-12,", "{date: 2025-07-15,"),
        ],
    ),
    ("as-of-range", [("as_of: 2025-06-30", "as_of: 2027-12-31")]),
    ("unassigned-section", [("sensitive: true\n    owner: kaliyev-a\n", "sensitive: false\n")]),
    ("unassigned-indicator", []),  # the base: every indicator has an owner
    ("unconfirmed", [("status: in_progress", "status: done"), ("value: 2}", "value: 6}")]),
    (
        "duplicate-measurement",
        [
            (
                "- {date: 2024-06-30, value: 2}\n",
                "- {date: 2024-06-30, value: 2}\n              - {date: 2024-06-30, value: 3}\n",
            )
        ],
    ),
    (
        "conflicting-measurement",
        [
            (
                "- {date: 2024-06-30, value: 2}\n",
                "- {date: 2024-06-30, value: 2}\n              - {date: 2024-06-30, value: 2.0}\n"
                "              - {date: 2024-07-01, value: 3}\n",
            )
        ],
    ),
]


def test_base_roadmap_is_clean(problems_in: Load) -> None:
    assert problems_in() == []


@pytest.mark.parametrize(
    ("rule", "severity", "replacements", "message"),
    FAILING,
    ids=[f"{case[0]}-{n}" for n, case in enumerate(FAILING)],
)
def test_rule_refuses(
    problems_in: Load, rule: str, severity: str, replacements: list[tuple[str, str]], message: str
) -> None:
    problem = here(problems_in(*replacements), rule)
    assert problem.severity == Severity(severity)
    assert message in problem.message
    assert "\n" not in problem.message


@pytest.mark.parametrize(
    ("rule", "replacements"), PASSING, ids=[f"{case[0]}-{n}" for n, case in enumerate(PASSING)]
)
def test_rule_passes(problems_in: Load, rule: str, replacements: list[tuple[str, str]]) -> None:
    assert [p for p in problems_in(*replacements) if p.rule == rule] == []


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    ids = {rule.id for rule in RULES}
    cross_file = {"duplicate-branch"}  # needs two files: tested on its own below
    assert ids - cross_file == {case[0] for case in FAILING}
    assert ids - cross_file == {case[0] for case in PASSING}
    assert len(ids) == len(RULES), "rule ids must be unique"
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.id) for rule in RULES)
    assert all(rule.summary.endswith(".") for rule in RULES)


def test_duplicate_branch_names_the_other_file(write_roadmap: Callable[..., Path]) -> None:
    first = write_roadmap(BASE, "a.yaml", raw=True)
    second = write_roadmap(
        BASE.replace("  id: almaty\n", "  id: almaty  # here\n"), "b.yaml", raw=True
    )
    roadmaps, load_problems = load_paths([first, second])
    assert load_problems == []
    problem = here(check(roadmaps, today=TODAY), "duplicate-branch")
    assert problem.source is not None and problem.source.path == str(second)
    assert problem.severity == Severity.ERROR
    assert f"branch id 'almaty' is also used by {first}" in problem.message


def test_distinct_branches_pass(write_roadmap: Callable[..., Path]) -> None:
    first = write_roadmap(BASE, "a.yaml", raw=True)
    second = write_roadmap(BASE.replace("  id: almaty\n", "  id: astana\n"), "b.yaml", raw=True)
    roadmaps, _ = load_paths([first, second])
    assert [p for p in check(roadmaps, today=TODAY) if p.rule == "duplicate-branch"] == []


def test_unconfirmed_uses_the_as_of_override(problems_in: Load) -> None:
    """--as-of before the final measurement: the pledge was not yet done on that date."""
    done = [("status: in_progress", "status: done  # here"), ("value: 2}", "value: 6}")]
    assert [p for p in problems_in(*done) if p.rule == "unconfirmed"] == []
    problem = here(problems_in(*done, as_of=date(2024, 6, 29)), "unconfirmed")
    assert "show 0% on 2024-06-29" in problem.message


def test_unconfirmed_without_indicators_is_confirmed_by_status(problems_in: Load) -> None:
    no_indicators = (
        "        indicators:\n"
        + BASE.split("        indicators:\n")[1].split("        feedback:")[0]
    )
    problems = problems_in((no_indicators, ""), ("status: in_progress", "status: done"))
    assert [p for p in problems if p.rule == "unconfirmed"] == []


@pytest.mark.parametrize(("added", "hidden"), [(9, False), (10, True)])
def test_sensitive_owner_lists_every_bureau_member_up_to_ten(
    problems_in: Load, added: int, hidden: bool
) -> None:
    more = "".join(
        f"  - id: bureau-{n}\n    name: Член Бюро {n}\n    bodies: [bureau]\n"
        for n in range(1, added + 1)
    )
    problem = here(
        problems_in(
            ("sections:\n", more + "sections:\n"),
            ("owner: kaliyev-a", "owner: nurlanova-g  # here"),
        ),
        "sensitive-owner",
    )
    named = "kaliyev-a (Калиев Арман), " + ", ".join(
        f"bureau-{n} (Член Бюро {n})" for n in range(1, 10)
    )
    assert problem.message.endswith(named + (", …" if hidden else ""))


def test_problems_are_sorted_by_line(problems_in: Load) -> None:
    problems = problems_in(
        ("owner: nurlanova-g", "owner: null"), ("owner: kaliyev-a", "owner: null")
    )
    assert [p.rule for p in problems] == ["unassigned-section", "unassigned-indicator"]
    lines = [p.source.line for p in problems if p.source is not None]
    assert lines == sorted(lines)


def test_misowned_item_when_nobody_is_eligible(problems_in: Load) -> None:
    problem = here(
        problems_in(
            ("bodies: [political_council]", "bodies: [faction]"),
            ("owner: nurlanova-g", "owner: kaliyev-a  # here"),
        ),
        "indicator-owner",
    )
    assert problem.message.endswith(
        "; nobody in the branch is eligible; add the body to a member's bodies"
    )


def test_the_readmes_rule_table_is_the_registry() -> None:
    """README "Check rules": one row per rule of `RULES`, in order, with its docstring's line."""
    import re

    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("\n## Check rules\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z-]+)` \| ([^|]+) \| (.+) \|$", section, re.MULTILINE)
    assert [rule_id for rule_id, _severity, _summary in rows] == [rule.id for rule in RULES]
    for (rule_id, _severity, summary), rule in zip(rows, RULES, strict=True):
        assert summary == rule.summary, rule_id
