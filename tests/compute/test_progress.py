"""The arithmetic of ROADMAP.md, pinned with hand-computed numbers.

Dates are written as days after DAY0 so the fractions are easy to check by
hand: an indicator from day 0 to day 100 is expected at 0.5 on day 50.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from amanat_cli.compute.progress import (
    IndicatorFigures,
    RagRule,
    compute,
    expected_progress,
    indicator_figures,
    latest_measurement,
    pledge_figures,
    roll_up,
    worst_rag,
)
from amanat_cli.model import (
    Branch,
    Feedback,
    Indicator,
    Measurement,
    Period,
    Pledge,
    Rag,
    Roadmap,
    Section,
    Settings,
    Status,
    Tone,
)

DAY0 = date(2024, 1, 1)
SETTINGS = Settings()  # amber_gap 0.10, red_gap 0.25, stale_days 120, feedback_days 90


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def indicator(
    *values: tuple[int, float],
    baseline: float = 0,
    target: float = 20,
    start: int = 0,
    due: int = 100,
    weight: float = 1,
    ident: str = "ind",
) -> Indicator:
    return Indicator(
        id=ident,
        title="Показатель",
        unit="ед.",
        baseline=baseline,
        target=target,
        start=day(start),
        due=day(due),
        weight=weight,
        values=tuple(Measurement(day(d), v) for d, v in values),
    )


def pledge(
    *indicators: Indicator,
    status: Status = Status.IN_PROGRESS,
    due: int = 100,
    weight: float = 1,
    feedback: tuple[Feedback, ...] = (),
    ident: str = "p",
) -> Pledge:
    return Pledge(
        id=ident,
        title="Наказ",
        status=status,
        due=day(due),
        weight=weight,
        indicators=indicators,
        feedback=feedback,
    )


def negative(on: int, *, resolved: bool = False, tone: Tone = Tone.NEGATIVE) -> Feedback:
    return Feedback(date=day(on), tone=tone, text="Врачей не хватает", resolved=resolved)


def figures_at(ind: Indicator, as_of: int, settings: Settings = SETTINGS) -> IndicatorFigures:
    return indicator_figures(ind, day(as_of), settings)


# --------------------------------------------------------------------------- indicator progress


def test_rising_target_progress() -> None:
    f = figures_at(indicator((40, 12)), 50)
    assert f.progress == 0.6  # (12 − 0) / (20 − 0)
    assert f.latest is not None and f.latest.value == 12


def test_falling_target_progress() -> None:
    # "reduce from 100 to 40": 70 is half-way: (70 − 100) / (40 − 100) = 0.5
    f = figures_at(indicator((40, 70), baseline=100, target=40), 50)
    assert f.progress == 0.5
    assert f.rag == Rag.GREEN


def test_falling_target_moving_the_wrong_way_clamps_to_zero() -> None:
    f = figures_at(indicator((40, 110), baseline=100, target=40), 50)
    assert f.raw_progress == pytest.approx(10 / -60)  # −0.1667
    assert f.progress == 0.0


def test_falling_target_beyond_target_clamps_to_one_and_is_done() -> None:
    f = figures_at(indicator((40, 30), baseline=100, target=40), 50)
    assert f.raw_progress == pytest.approx(70 / 60)
    assert f.progress == 1.0
    assert (f.rag, f.rag_rule) == (Rag.DONE, RagRule.DONE)


def test_clamping_above_one_and_below_zero() -> None:
    assert figures_at(indicator((40, 25)), 50).progress == 1.0
    assert figures_at(indicator((40, -5)), 50).progress == 0.0
    assert figures_at(indicator((40, -5)), 50).raw_progress == -0.25


def test_no_data_is_none_and_grey() -> None:
    f = figures_at(indicator(), 50)
    assert f.latest is None and f.progress is None and not f.has_data
    assert (f.rag, f.rag_rule) == (Rag.GREY, RagRule.NO_DATA)
    assert f.stale is False


# --------------------------------------------------------------------------- latest


def test_latest_is_greatest_date_not_file_order() -> None:
    ind = indicator((30, 9), (10, 3))
    assert figures_at(ind, 50).progress == 9 / 20  # 0.45


def test_tie_on_date_later_in_file_wins() -> None:
    ind = indicator((30, 5), (30, 7), (10, 19))
    latest = latest_measurement(ind.values, day(50))
    assert latest is not None and latest.value == 7
    assert figures_at(ind, 50).progress == 0.35


def test_measurements_after_as_of_are_ignored() -> None:
    ind = indicator((40, 6), (60, 20))
    f = figures_at(ind, 50)
    assert f.progress == 0.3
    assert f.latest is not None and f.latest.date == day(40)
    assert figures_at(ind, 60).progress == 1.0  # on the day itself it counts


def test_only_future_measurements_means_no_data() -> None:
    assert figures_at(indicator((60, 20)), 50).latest is None


# --------------------------------------------------------------------------- expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(-10, 0.0), (0, 0.0), (25, 0.25), (50, 0.5), (100, 1.0), (150, 1.0)],
)
def test_expected_at_start_middle_due_and_beyond(as_of: int, expected: float) -> None:
    assert expected_progress(day(0), day(100), day(as_of)) == expected


def test_expected_in_days_with_uneven_dates() -> None:
    # 2025-01-01 → 2025-12-31 is 364 days; 2025-06-30 is day 180
    assert expected_progress(date(2025, 1, 1), date(2025, 12, 31), date(2025, 6, 30)) == 180 / 364


def test_expected_value_follows_the_trajectory() -> None:
    f = figures_at(indicator((40, 12), baseline=100, target=40), 25)
    assert f.expected == 0.25
    assert f.expected_value == 85.0  # 100 + 0.25 × (40 − 100)


# --------------------------------------------------------------------------- rag, in rule order


def test_rag_done_wins_over_overdue() -> None:
    f = figures_at(indicator((120, 20)), 150)
    assert (f.rag, f.rag_rule) == (Rag.DONE, RagRule.DONE)
    assert f.days_overdue == 0  # done items are not overdue


def test_rag_overdue_is_red_even_when_close() -> None:
    f = figures_at(indicator((90, 19)), 101)
    assert (f.rag, f.rag_rule) == (Rag.RED, RagRule.OVERDUE)
    assert f.days_overdue == 1


def test_rag_on_due_date_is_not_overdue() -> None:
    f = figures_at(indicator((90, 19)), 100)  # 0.95 vs expected 1.0: within amber_gap
    assert (f.rag, f.rag_rule, f.days_overdue) == (Rag.GREEN, RagRule.ON_TRACK, 0)


def test_rag_overdue_without_data_is_red_not_grey() -> None:
    f = figures_at(indicator(), 130)
    assert (f.rag, f.rag_rule, f.days_overdue) == (Rag.RED, RagRule.OVERDUE, 30)


def test_rag_below_red_threshold() -> None:
    f = figures_at(indicator((40, 4)), 50)  # 0.2 < 0.5 − 0.25
    assert f.red_threshold == 0.25 and f.amber_threshold == 0.4
    assert (f.rag, f.rag_rule) == (Rag.RED, RagRule.BELOW_RED)


def test_rag_exactly_on_red_threshold_is_amber() -> None:
    f = figures_at(indicator((40, 5)), 50)  # 0.25 is not < 0.25, but < 0.4
    assert (f.rag, f.rag_rule) == (Rag.AMBER, RagRule.BELOW_AMBER)


def test_rag_exactly_on_amber_threshold_is_green() -> None:
    f = figures_at(indicator((40, 8)), 50)  # 0.4 is not < 0.5 − 0.1
    assert (f.rag, f.rag_rule) == (Rag.GREEN, RagRule.ON_TRACK)


def test_rag_threshold_comparison_forgives_float_error() -> None:
    # expected 0.3: 0.3 − 0.1 is 0.19999999999999998 in floats; 0.2 is on the line
    f = figures_at(indicator((20, 4)), 30)
    assert f.progress == 0.2
    assert f.rag == Rag.GREEN


def test_custom_gaps_are_used() -> None:
    settings = Settings(amber_gap=0.05, red_gap=0.4)
    f = figures_at(indicator((40, 8)), 50, settings)  # 0.4 < 0.45 → amber; not < 0.1
    assert (f.rag, f.red_threshold, f.amber_threshold) == (Rag.AMBER, 0.5 - 0.4, 0.45)


# --------------------------------------------------------------------------- stale


def test_stale_boundary_exactly_stale_days_is_not_stale() -> None:
    ind = indicator((80, 10), due=400)
    f = figures_at(ind, 200)
    assert (f.days_since_latest, f.stale) == (120, False)
    g = figures_at(ind, 201)
    assert (g.days_since_latest, g.stale) == (121, True)


def test_stale_uses_branch_setting() -> None:
    f = figures_at(indicator((80, 10), due=400), 111, Settings(stale_days=30))
    assert f.stale is True


# --------------------------------------------------------------------------- pledge


def test_pledge_weights_are_normalised() -> None:
    # weights 1 and 3, progress 0.6 and 0.2 → (1×0.6 + 3×0.2) / 4 = 0.3
    p = pledge(indicator((40, 12), ident="a", weight=1), indicator((40, 4), ident="b", weight=3))
    f = pledge_figures(p, day(50), SETTINGS)
    assert f.progress == pytest.approx(0.3, abs=1e-15)
    assert f.mean.weighted_sum == pytest.approx(1.2, abs=1e-15)
    assert f.mean.total_weight == 4
    assert [(t.item_id, t.weight, t.value) for t in f.mean.terms] == [
        ("a", 1, 0.6),
        ("b", 3, 0.2),
    ]


def test_pledge_indicator_without_data_counts_zero_and_lowers_coverage() -> None:
    p = pledge(indicator((40, 10), ident="a"), indicator(ident="b"))
    f = pledge_figures(p, day(50), SETTINGS)
    assert f.progress == 0.25  # (0.5 + 0) / 2
    assert f.coverage == 0.5
    assert f.mean.terms[1].has_data is False
    assert f.rag == Rag.GREY  # green and grey → grey


@pytest.mark.parametrize(
    ("rags", "worst"),
    [
        ((Rag.GREEN, Rag.GREY), Rag.GREY),
        ((Rag.GREY, Rag.AMBER), Rag.AMBER),
        ((Rag.AMBER, Rag.RED, Rag.DONE), Rag.RED),
        ((Rag.DONE, Rag.GREEN), Rag.GREEN),
        ((Rag.DONE, Rag.DONE), Rag.DONE),
        ((), None),
    ],
)
def test_worst_rag_order(rags: tuple[Rag, ...], worst: Rag | None) -> None:
    assert worst_rag(rags) == worst


def test_pledge_rag_is_worst_of_its_indicators() -> None:
    p = pledge(indicator((40, 20), ident="a"), indicator((40, 6), ident="b"))  # done, amber
    f = pledge_figures(p, day(50), SETTINGS)
    assert (f.rag, f.rag_rule) == (Rag.AMBER, RagRule.WORST_OF_INDICATORS)
    assert f.progress == 0.65  # (1 + 0.3) / 2


@pytest.mark.parametrize(
    ("status", "as_of", "progress", "rag", "rule"),
    [
        (Status.DONE, 50, 1.0, Rag.DONE, RagRule.NO_INDICATORS_DONE),
        (Status.DONE, 150, 1.0, Rag.DONE, RagRule.NO_INDICATORS_DONE),
        (Status.IN_PROGRESS, 101, 0.0, Rag.RED, RagRule.NO_INDICATORS_OVERDUE),
        (Status.PLANNED, 100, 0.0, Rag.GREY, RagRule.NO_INDICATORS_GREY),
    ],
)
def test_pledge_without_indicators(
    status: Status, as_of: int, progress: float, rag: Rag, rule: RagRule
) -> None:
    f = pledge_figures(pledge(status=status), day(as_of), SETTINGS)
    assert (f.progress, f.coverage, f.rag, f.rag_rule) == (progress, 1.0, rag, rule)


def test_pledge_days_overdue() -> None:
    f = pledge_figures(pledge(indicator((40, 4), due=200), due=100), day(130), SETTINGS)
    assert f.days_overdue == 30
    done = pledge_figures(pledge(status=Status.DONE, due=100), day(130), SETTINGS)
    assert done.days_overdue == 0


def test_unconfirmed_when_done_but_numbers_say_otherwise() -> None:
    f = pledge_figures(pledge(indicator((40, 10)), status=Status.DONE), day(50), SETTINGS)
    assert f.unconfirmed is True
    assert f.progress == 0.5
    g = pledge_figures(pledge(indicator((40, 20)), status=Status.DONE), day(50), SETTINGS)
    assert g.unconfirmed is False
    h = pledge_figures(pledge(indicator((40, 10))), day(50), SETTINGS)
    assert h.unconfirmed is False  # in progress: nothing claimed


# --------------------------------------------------------------------------- contested


def contested(*feedback: Feedback, value: float = 18, status: Status = Status.IN_PROGRESS) -> bool:
    p = pledge(indicator((40, value), due=300), status=status, feedback=feedback)
    return pledge_figures(p, day(200), SETTINGS).contested


def test_contested_at_window_boundaries() -> None:
    assert contested(negative(200)) is True  # 0 days before as_of
    assert contested(negative(110)) is True  # exactly feedback_days (90)
    assert contested(negative(109)) is False  # 91 days: outside the window


def test_contested_ignores_resolved_positive_and_future_feedback() -> None:
    assert contested(negative(150, resolved=True)) is False
    assert contested(negative(150, tone=Tone.POSITIVE)) is False
    assert contested(negative(150, tone=Tone.NEUTRAL)) is False
    assert contested(negative(201)) is False  # after as_of


def test_contested_needs_done_status_or_progress_of_at_least_point_nine() -> None:
    assert contested(negative(150), value=18) is True  # 0.9 exactly
    assert contested(negative(150), value=17.9) is False  # 0.895
    assert contested(negative(150), value=4, status=Status.DONE) is True


def test_negative_feedback_in_window_is_counted() -> None:
    p = pledge(feedback=(negative(150), negative(160, resolved=True), negative(50), negative(199)))
    f = pledge_figures(p, day(200), SETTINGS)
    assert [item.date for item in f.negative_feedback] == [day(150), day(199)]


# --------------------------------------------------------------------------- section and branch


def roadmap(*sections: Section, as_of: int = 50) -> Roadmap:
    branch = Branch(
        id="almaty",
        name="Филиал",
        programme="Программа",
        period=Period(day(0), day(1000)),
        as_of=day(as_of),
    )
    return Roadmap(path="roadmap.yaml", branch=branch, sections=sections)


def test_section_and_branch_roll_up_with_weights_and_cancelled_pledges() -> None:
    a = pledge(indicator((40, 12), ident="a1"), ident="a", weight=1)  # 0.6 green
    b = pledge(
        indicator((40, 5), ident="b1"), indicator(ident="b2"), ident="b", weight=2
    )  # (0.25 + 0)/2 = 0.125, amber
    c = pledge(indicator((40, 20), ident="c1"), ident="c", status=Status.CANCELLED)  # left out
    d = pledge(indicator((40, 0), ident="d1"), ident="d", weight=1)  # 0, red
    health = Section(id="health", title="Медицина", pledges=(a, b, c))
    roads = Section(id="roads", title="Әлеуметтік қолдау — Ұлттық жоба", pledges=(d,))
    branch = compute(roadmap(health, roads), day(50))

    s = branch.section("health")
    assert s is not None
    # (1×0.6 + 2×0.125) / 3 = 0.85 / 3
    assert s.totals.progress == pytest.approx(0.85 / 3, abs=1e-15)
    assert s.totals.coverage == 2 / 3  # a1, b1 have data; b2 not; c1 is cancelled
    assert dict(s.totals.counts) == {  # b: amber (b1) and grey (b2) → amber
        Rag.RED: 0,
        Rag.AMBER: 1,
        Rag.GREY: 0,
        Rag.GREEN: 1,
        Rag.DONE: 0,
    }
    assert s.totals.cancelled == 1
    cancelled = s.pledge("c")
    assert cancelled is not None and cancelled.progress == 1.0 and cancelled.rag == Rag.DONE

    # branch: (1×0.6 + 2×0.125 + 1×0) / 4 = 0.2125
    assert branch.totals.progress == pytest.approx(0.2125, abs=1e-15)
    assert branch.totals.coverage == 3 / 4
    assert list(branch.totals.counts) == [Rag.RED, Rag.AMBER, Rag.GREY, Rag.GREEN, Rag.DONE]
    assert dict(branch.totals.counts) == {
        Rag.RED: 1,
        Rag.AMBER: 1,
        Rag.GREY: 0,
        Rag.GREEN: 1,
        Rag.DONE: 0,
    }
    assert [t.item_id for t in branch.totals.mean.terms] == ["a", "b", "d"]
    assert branch.indicator("d1") is not None and branch.pledge("zz") is None


def test_roll_up_counts_flags_of_counted_pledges_only() -> None:
    unconfirmed = pledge(indicator((40, 10), ident="u1"), ident="u", status=Status.DONE)
    stale = pledge(indicator((1, 10), ident="s1", due=400), ident="s", due=400)
    busy = pledge(indicator((40, 18), ident="x1"), ident="x", feedback=(negative(45),))
    gone = pledge(  # stale, overdue and contested, but cancelled: counts nowhere
        indicator((1, 19), ident="g1"), ident="g", status=Status.CANCELLED, feedback=(negative(45),)
    )
    late = pledge(indicator((10, 1), ident="l1", due=10), ident="l", due=10)
    figures = [pledge_figures(p, day(130), SETTINGS) for p in (unconfirmed, stale, busy, gone)]
    figures.append(pledge_figures(late, day(130), SETTINGS))
    totals = roll_up(figures)
    assert (totals.unconfirmed, totals.stale, totals.cancelled) == (1, 1, 1)
    # u and x are overdue at day 130 (due 100), and l (due 10); s (due 400) is not
    assert totals.overdue == 3
    # x: progress 0.9 and negative feedback 85 days old; contested though overdue
    assert totals.contested == 1
    assert totals.negative_feedback == 1  # x's only; g's is not counted


def test_empty_roll_up_has_no_progress_and_full_coverage() -> None:
    totals = roll_up([pledge_figures(pledge(status=Status.CANCELLED), day(50), SETTINGS)])
    assert totals.progress is None
    assert totals.coverage == 1.0
    assert sum(totals.counts.values()) == 0


def test_compute_is_pure_in_as_of() -> None:
    r = roadmap(Section(id="s", title="S", pledges=(pledge(indicator((40, 10), (60, 20))),)))
    assert compute(r, day(50)).totals.progress == 0.5
    assert compute(r, day(60)).totals.progress == 1.0
    assert compute(r, day(50)).as_of == day(50)
