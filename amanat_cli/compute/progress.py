"""The arithmetic of spec/ROADMAP.md "How figures are computed".

Pure: every function takes `as_of`; nothing here reads the clock, so a report
for an earlier meeting can be reproduced exactly.  Fractions stay unrounded
floats; views round them for display.  The intermediate terms (the weighted
terms of a mean, the thresholds of the rag rules, which rule decided) are kept
on the figures, so `amanat explain` prints the arithmetic without redoing it.

Core module: no Typer, no Rich.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from amanat_cli.model import (
    RAG_WORST_FIRST,
    Feedback,
    Indicator,
    Measurement,
    Pledge,
    Rag,
    Roadmap,
    Section,
    Settings,
    Status,
    Tone,
)

TOLERANCE = 1e-9
"""Comparisons with a threshold allow this much float error.

`0.3 - 0.1` is 0.19999999999999998 in binary floating point; a person
checking by hand sees 0.2, so a progress of exactly 0.2 must not count as
below it.
"""

CONTESTED_PROGRESS = 0.9
"""A pledge at or above this progress can be contested by feedback (ROADMAP.md)."""


class RagRule(enum.IntEnum):
    """Which rule of ROADMAP.md decided a rag, numbered as there for indicators."""

    DONE = 1
    """progress = 1."""
    OVERDUE = 2
    """as_of > due."""
    NO_DATA = 3
    """no measurement on or before as_of."""
    BELOW_RED = 4
    """progress < expected - red_gap."""
    BELOW_AMBER = 5
    """progress < expected - amber_gap."""
    ON_TRACK = 6
    """none of the above: green."""
    WORST_OF_INDICATORS = 7
    """a pledge with indicators: the worst of theirs."""
    NO_INDICATORS_DONE = 8
    """a pledge without indicators whose status is done."""
    NO_INDICATORS_OVERDUE = 9
    """a pledge without indicators past its due date."""
    NO_INDICATORS_GREY = 10
    """a pledge without indicators, not done, not overdue."""


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def _below(value: float, threshold: float) -> bool:
    """`value < threshold`, forgiving float error of the size of TOLERANCE."""
    return value < threshold - TOLERANCE


def worst_rag(rags: Iterable[Rag]) -> Rag | None:
    """The worst rag in the order red > amber > grey > green > done; None if empty."""
    present = set(rags)
    return next((rag for rag in RAG_WORST_FIRST if rag in present), None)


def empty_counts() -> dict[Rag, int]:
    """A count per rag, all five keys, in worst-first order."""
    return {rag: 0 for rag in RAG_WORST_FIRST}


@dataclass(frozen=True, slots=True)
class WeightedTerm:
    """One term of a weighted mean: `weight × value`."""

    item_id: str
    """The indicator or pledge the value comes from."""
    weight: float
    value: float
    """The progress used in the mean (0 for an indicator without data)."""
    has_data: bool
    """False when `value` is 0 only because there is no measurement."""


@dataclass(frozen=True, slots=True)
class WeightedMean:
    """Σ weight·value / Σ weight, with its terms kept for `explain`."""

    terms: tuple[WeightedTerm, ...]
    weighted_sum: float
    """Σ weight·value."""
    total_weight: float
    """Σ weight."""
    value: float | None
    """The mean; None when there are no terms."""


def weighted_mean(terms: Sequence[WeightedTerm]) -> WeightedMean:
    """Normalised weighted mean of the terms (weights need not sum to 1)."""
    weighted_sum = sum(term.weight * term.value for term in terms)
    total_weight = sum(term.weight for term in terms)
    value = weighted_sum / total_weight if terms and total_weight > 0 else None
    return WeightedMean(tuple(terms), weighted_sum, total_weight, value)


# --------------------------------------------------------------------------- indicators


@dataclass(frozen=True, slots=True)
class IndicatorFigures:
    """Everything computed about one indicator on one date."""

    indicator: Indicator
    as_of: date
    latest: Measurement | None
    """The measurement with the greatest date ≤ as_of (later in the file wins a tie)."""
    progress: float | None
    """clamp((latest − baseline) / (target − baseline), 0, 1); None without data."""
    raw_progress: float | None
    """The same fraction before clamping (shown by `explain`)."""
    expected: float
    """clamp(days(as_of − start) / days(due − start), 0, 1)."""
    elapsed_days: int
    """as_of − start, in days."""
    duration_days: int
    """due − start, in days."""
    expected_value: float
    """baseline + expected × (target − baseline): where the value should be by as_of."""
    red_threshold: float
    """expected − red_gap."""
    amber_threshold: float
    """expected − amber_gap."""
    rag: Rag
    rag_rule: RagRule
    """The first rule of ROADMAP.md that applied."""
    stale: bool
    """It has data and as_of − latest.date > stale_days."""
    days_since_latest: int | None
    """as_of − latest.date in days; None without data."""
    days_overdue: int
    """as_of − due in days when positive and the indicator is not done; else 0."""
    settings: Settings

    @property
    def has_data(self) -> bool:
        """True when a measurement on or before as_of exists."""
        return self.latest is not None


def latest_measurement(values: Sequence[Measurement], as_of: date) -> Measurement | None:
    """The measurement with the greatest date ≤ as_of; on a tie the later one in the file."""
    latest: Measurement | None = None
    for measurement in values:
        if measurement.date <= as_of and (latest is None or measurement.date >= latest.date):
            latest = measurement
    return latest


def raw_indicator_progress(indicator: Indicator, value: float) -> float:
    """(value − baseline) / (target − baseline), unclamped; falling targets work too."""
    span = indicator.target - indicator.baseline
    if span == 0:  # `check` refuses this; never divide by zero on unchecked data
        return 1.0 if value == indicator.target else 0.0
    return (value - indicator.baseline) / span


def expected_progress(start: date, due: date, as_of: date) -> float:
    """clamp(days(as_of − start) / days(due − start), 0, 1)."""
    duration = (due - start).days
    if duration <= 0:  # `check` refuses this; treat the due date as a step
        return 1.0 if as_of >= due else 0.0
    return _clamp((as_of - start).days / duration)


def _indicator_rag(
    progress: float | None, expected: float, overdue: bool, settings: Settings
) -> tuple[Rag, RagRule]:
    if progress is not None and progress >= 1.0:
        return Rag.DONE, RagRule.DONE
    if overdue:
        return Rag.RED, RagRule.OVERDUE
    if progress is None:
        return Rag.GREY, RagRule.NO_DATA
    if _below(progress, expected - settings.red_gap):
        return Rag.RED, RagRule.BELOW_RED
    if _below(progress, expected - settings.amber_gap):
        return Rag.AMBER, RagRule.BELOW_AMBER
    return Rag.GREEN, RagRule.ON_TRACK


def indicator_figures(indicator: Indicator, as_of: date, settings: Settings) -> IndicatorFigures:
    """Compute latest, progress, expected, rag and stale for one indicator."""
    latest = latest_measurement(indicator.values, as_of)
    raw = raw_indicator_progress(indicator, latest.value) if latest is not None else None
    progress = _clamp(raw) if raw is not None else None
    expected = expected_progress(indicator.start, indicator.due, as_of)
    overdue_days = (as_of - indicator.due).days
    rag, rule = _indicator_rag(progress, expected, overdue_days > 0, settings)
    since = (as_of - latest.date).days if latest is not None else None
    return IndicatorFigures(
        indicator=indicator,
        as_of=as_of,
        latest=latest,
        progress=progress,
        raw_progress=raw,
        expected=expected,
        elapsed_days=(as_of - indicator.start).days,
        duration_days=(indicator.due - indicator.start).days,
        expected_value=indicator.baseline + expected * (indicator.target - indicator.baseline),
        red_threshold=expected - settings.red_gap,
        amber_threshold=expected - settings.amber_gap,
        rag=rag,
        rag_rule=rule,
        stale=since is not None and since > settings.stale_days,
        days_since_latest=since,
        days_overdue=overdue_days if overdue_days > 0 and rag != Rag.DONE else 0,
        settings=settings,
    )


# --------------------------------------------------------------------------- pledges


@dataclass(frozen=True, slots=True)
class PledgeFigures:
    """Everything computed about one pledge on one date."""

    pledge: Pledge
    as_of: date
    indicators: tuple[IndicatorFigures, ...]
    mean: WeightedMean
    """Indicator progress weighted by indicator weight (no data counts 0)."""
    progress: float
    """The weighted mean; with no indicators 1 if status is done, else 0."""
    coverage: float
    """Share of indicators with data; 1 with no indicators."""
    rag: Rag
    rag_rule: RagRule
    unconfirmed: bool
    """Status is done but progress < 1."""
    contested: bool
    """(Status done or progress ≥ 0.9) and unresolved negative feedback in the window."""
    negative_feedback: tuple[Feedback, ...]
    """Unresolved negative feedback with 0 ≤ as_of − date ≤ feedback_days."""
    stale: int
    """How many of its indicators are stale."""
    days_overdue: int
    """as_of − due in days when positive and the pledge's rag is not done; else 0."""
    cancelled: bool
    """Cancelled pledges are listed but left out of every roll-up."""

    def indicator(self, indicator_id: str) -> IndicatorFigures | None:
        """The figures of one of its indicators, or None."""
        return next((f for f in self.indicators if f.indicator.id == indicator_id), None)

    @property
    def has_data(self) -> bool:
        """Something is known: an indicator has a measurement, or (none) the status is done."""
        if self.indicators:
            return any(f.has_data for f in self.indicators)
        return self.pledge.status == Status.DONE

    @property
    def known_progress(self) -> float | None:
        """`progress` as people read it: None (no data, shown "—") when nothing is known,
        and for a cancelled pledge, which counts nowhere.  The 0 the arithmetic uses for no
        data must never read as "nothing was done"."""
        return self.progress if self.has_data and not self.cancelled else None


def feedback_in_window(
    feedback: Iterable[Feedback], as_of: date, settings: Settings
) -> tuple[Feedback, ...]:
    """Unresolved negative feedback dated 0..feedback_days days before as_of (inclusive)."""
    return tuple(
        item
        for item in feedback
        if item.tone == Tone.NEGATIVE
        and not item.resolved
        and 0 <= (as_of - item.date).days <= settings.feedback_days
    )


def _pledge_rag(
    pledge: Pledge, indicators: Sequence[IndicatorFigures], overdue: bool
) -> tuple[Rag, RagRule]:
    if indicators:
        rag = worst_rag(f.rag for f in indicators)
        assert rag is not None  # non-empty
        return rag, RagRule.WORST_OF_INDICATORS
    if pledge.status == Status.DONE:
        return Rag.DONE, RagRule.NO_INDICATORS_DONE
    if overdue:
        return Rag.RED, RagRule.NO_INDICATORS_OVERDUE
    return Rag.GREY, RagRule.NO_INDICATORS_GREY


def pledge_figures(pledge: Pledge, as_of: date, settings: Settings) -> PledgeFigures:
    """Compute a pledge's progress, coverage, rag and flags from its indicators and feedback."""
    indicators = tuple(indicator_figures(i, as_of, settings) for i in pledge.indicators)
    mean = weighted_mean(
        [
            WeightedTerm(f.indicator.id, f.indicator.weight, f.progress or 0.0, f.has_data)
            for f in indicators
        ]
    )
    done = pledge.status == Status.DONE
    # With no indicators the declared status is all there is (ROADMAP.md).
    progress = mean.value if mean.value is not None else (1.0 if done else 0.0)
    with_data = sum(1 for f in indicators if f.has_data)
    coverage = with_data / len(indicators) if indicators else 1.0
    overdue_days = (as_of - pledge.due).days
    rag, rule = _pledge_rag(pledge, indicators, overdue_days > 0)
    negative = feedback_in_window(pledge.feedback, as_of, settings)
    near_done = done or not _below(progress, CONTESTED_PROGRESS)
    return PledgeFigures(
        pledge=pledge,
        as_of=as_of,
        indicators=indicators,
        mean=mean,
        progress=progress,
        coverage=coverage,
        rag=rag,
        rag_rule=rule,
        unconfirmed=done and _below(progress, 1.0),
        contested=near_done and bool(negative),
        negative_feedback=negative,
        stale=sum(1 for f in indicators if f.stale),
        days_overdue=overdue_days if overdue_days > 0 and rag != Rag.DONE else 0,
        cancelled=pledge.status == Status.CANCELLED,
    )


# --------------------------------------------------------------------------- roll-ups


@dataclass(frozen=True, slots=True)
class RollUp:
    """The figures of a group of pledges (a section, a branch, or all branches)."""

    mean: WeightedMean
    """Pledge progress weighted by pledge weight, cancelled pledges left out."""
    progress: float | None
    """The weighted mean; None when no pledge counts (none, or all cancelled)."""
    indicator_count: int
    """Indicators in pledges that are not cancelled."""
    indicators_with_data: int
    coverage: float
    """indicators_with_data / indicator_count; 1 when there are no indicators."""
    counts: Mapping[Rag, int]
    """Pledges (not cancelled) by rag; all five keys, worst first."""
    unconfirmed: int
    """Pledges (not cancelled) whose status is done but progress < 1."""
    contested: int
    """Pledges (not cancelled) that are contested."""
    stale: int
    """Stale indicators in pledges that are not cancelled."""
    overdue: int
    """Pledges (not cancelled) with days_overdue > 0."""
    negative_feedback: int
    """Unresolved negative feedback in the window, over pledges not cancelled."""
    cancelled: int
    """Cancelled pledges (listed, not counted)."""
    pledges_with_data: int
    """Pledges (not cancelled) of which something is known (`PledgeFigures.has_data`)."""

    @property
    def known_progress(self) -> float | None:
        """`progress` as people read it: None (no data) when no counted pledge has data."""
        return self.progress if self.pledges_with_data else None


def roll_up(pledges: Iterable[PledgeFigures]) -> RollUp:
    """The roll-up figures of any group of pledges (cancelled ones listed, not counted)."""
    listed = list(pledges)
    counted = [f for f in listed if not f.cancelled]
    mean = weighted_mean(
        [WeightedTerm(f.pledge.id, f.pledge.weight, f.progress, True) for f in counted]
    )
    indicator_count = sum(len(f.indicators) for f in counted)
    with_data = sum(1 for f in counted for i in f.indicators if i.has_data)
    counts = empty_counts()
    for figures in counted:
        counts[figures.rag] += 1
    return RollUp(
        mean=mean,
        progress=mean.value,
        indicator_count=indicator_count,
        indicators_with_data=with_data,
        coverage=with_data / indicator_count if indicator_count else 1.0,
        counts=counts,
        unconfirmed=sum(1 for f in counted if f.unconfirmed),
        contested=sum(1 for f in counted if f.contested),
        stale=sum(f.stale for f in counted),
        overdue=sum(1 for f in counted if f.days_overdue > 0),
        negative_feedback=sum(len(f.negative_feedback) for f in counted),
        cancelled=len(listed) - len(counted),
        pledges_with_data=sum(1 for f in counted if f.has_data),
    )


@dataclass(frozen=True, slots=True)
class SectionFigures:
    """A section's pledges and their roll-up."""

    section: Section
    as_of: date
    pledges: tuple[PledgeFigures, ...]
    totals: RollUp
    """progress, coverage, counts... of its pledges."""

    def pledge(self, pledge_id: str) -> PledgeFigures | None:
        """The figures of one of its pledges, or None."""
        return next((p for p in self.pledges if p.pledge.id == pledge_id), None)


@dataclass(frozen=True, slots=True)
class BranchFigures:
    """A branch's sections and the roll-up of all its pledges."""

    roadmap: Roadmap
    as_of: date
    sections: tuple[SectionFigures, ...]
    totals: RollUp
    """progress, coverage, counts... of all its pledges, each weighted by its own weight."""

    def pledges(self) -> tuple[PledgeFigures, ...]:
        """All pledge figures, in file order."""
        return tuple(p for s in self.sections for p in s.pledges)

    def indicators(self) -> tuple[IndicatorFigures, ...]:
        """All indicator figures, in file order."""
        return tuple(i for p in self.pledges() for i in p.indicators)

    def section(self, section_id: str) -> SectionFigures | None:
        """The figures of one section, or None."""
        return next((s for s in self.sections if s.section.id == section_id), None)

    def pledge(self, pledge_id: str) -> PledgeFigures | None:
        """The figures of one pledge, or None."""
        return next((p for p in self.pledges() if p.pledge.id == pledge_id), None)

    def indicator(self, indicator_id: str) -> IndicatorFigures | None:
        """The figures of one indicator, or None."""
        return next((i for i in self.indicators() if i.indicator.id == indicator_id), None)


def section_figures(section: Section, as_of: date, settings: Settings) -> SectionFigures:
    """Compute a section's pledges and its roll-up."""
    pledges = tuple(pledge_figures(p, as_of, settings) for p in section.pledges)
    return SectionFigures(section, as_of, pledges, roll_up(pledges))


def compute(roadmap: Roadmap, as_of: date) -> BranchFigures:
    """Every figure of one branch for `as_of`."""
    settings = roadmap.branch.settings
    sections = tuple(section_figures(s, as_of, settings) for s in roadmap.sections)
    pledges = [p for s in sections for p in s.pledges]
    return BranchFigures(roadmap, as_of, sections, roll_up(pledges))
