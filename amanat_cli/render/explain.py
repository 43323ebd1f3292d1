"""`amanat explain`: the inputs and the arithmetic behind an item's figures, as text.

Every number printed here comes from `progress` (its figures keep the terms,
thresholds and the rule that decided); this module only substitutes them
into the formulas of ROADMAP.md, so anyone can redo the sums by hand.
Four decimals throughout.
"""

from __future__ import annotations

from collections.abc import Sequence

from amanat_cli.compute.progress import (
    BranchFigures,
    IndicatorFigures,
    PledgeFigures,
    RagRule,
    RollUp,
    SectionFigures,
    WeightedMean,
)
from amanat_cli.i18n import _, ngettext
from amanat_cli.model import Indicator, Pledge, Section, Settings
from amanat_cli.render.formats import exact
from amanat_cli.render.labels import rag_label, status_label


def f4(value: float) -> str:
    """A fraction with four decimals."""
    return f"{value:.4f}"


def _n(value: float) -> str:
    """An input value exactly as it is (12, 0.5, −3)."""
    return exact(value).replace("-", "−")


def _settings_line(settings: Settings) -> str:
    return _(
        "settings: amber_gap {amber}, red_gap {red}, stale_days {stale}, feedback_days {fb}"
    ).format(
        amber=_n(settings.amber_gap),
        red=_n(settings.red_gap),
        stale=settings.stale_days,
        fb=settings.feedback_days,
    )


def mean_line(mean: WeightedMean) -> str:
    """`(1×0.6000 + 2×0.2500) / 3 = 0.3667`, or a note when there are no terms."""
    if mean.value is None:
        return _("no terms: nothing to average")
    terms = " + ".join(f"{_n(t.weight)}×{f4(t.value)}" for t in mean.terms)
    return f"({terms}) / {_n(mean.total_weight)} = {f4(mean.value)}"


def _yes_no(applies: bool) -> str:
    return _("yes") if applies else _("no")


def _rag_rules(f: IndicatorFigures) -> list[str]:
    """The ordered rules of ROADMAP.md, each with its numbers, up to the one that applied."""
    i = f.indicator
    s = f.settings
    progress = f4(f.progress) if f.progress is not None else _("no data")
    rules = [
        (RagRule.DONE, _("1. done if progress = 1: progress {p}").format(p=progress)),
        (
            RagRule.OVERDUE,
            _("2. red if as_of > due: {as_of} > {due}").format(
                as_of=f.as_of.isoformat(), due=i.due.isoformat()
            ),
        ),
        (
            RagRule.NO_DATA,
            _("3. grey if there is no data: {state}").format(
                state=_("no measurement on or before as_of")
                if f.latest is None
                else _("there is a measurement")
            ),
        ),
        (
            RagRule.BELOW_RED,
            _("4. red if progress < expected − red_gap: {p} < {e} − {g} = {t}").format(
                p=progress, e=f4(f.expected), g=_n(s.red_gap), t=f4(f.red_threshold)
            ),
        ),
        (
            RagRule.BELOW_AMBER,
            _("5. amber if progress < expected − amber_gap: {p} < {e} − {g} = {t}").format(
                p=progress, e=f4(f.expected), g=_n(s.amber_gap), t=f4(f.amber_threshold)
            ),
        ),
        (RagRule.ON_TRACK, _("6. green otherwise")),
    ]
    lines = []
    for rule, text in rules:
        applies = rule == f.rag_rule
        lines.append(f"  {text} — {_yes_no(applies)}")
        if applies:
            break
    lines.append("  → " + _("rag = {rag}").format(rag=rag_label(f.rag)))
    return lines


def explain_indicator(f: IndicatorFigures, branch_id: str) -> str:
    """Inputs, progress, expected, rag and stale of one indicator, numbers substituted."""
    i = f.indicator
    latest = f.latest
    lines = [
        _("Indicator {id} — {title}").format(id=i.id, title=i.title),
        _("branch {branch}, pledge {pledge}, as of {as_of}").format(
            branch=branch_id, pledge=i.pledge_id, as_of=f.as_of.isoformat()
        ),
        "",
        _("Inputs"),
        "  baseline = " + _n(i.baseline),
        "  target   = " + _n(i.target),
    ]
    if latest is None:
        lines.append("  latest   = " + _("none (no measurement on or before as_of)"))
    else:
        source = latest.source or _("no source given")
        lines.append(
            "  latest   = "
            + _("{value} on {date} (source: {source})").format(
                value=_n(latest.value), date=latest.date.isoformat(), source=source
            )
        )
    ignored = sum(1 for m in i.values if m.date > f.as_of)
    if ignored:
        lines.append(
            "  "
            + ngettext(
                "{n} measurement dated after as_of is ignored",
                "{n} measurements dated after as_of are ignored",
                ignored,
            ).format(n=ignored)
        )
    lines += [
        "  start    = " + i.start.isoformat(),
        "  due      = " + i.due.isoformat(),
        "  as_of    = " + f.as_of.isoformat(),
        "  " + _settings_line(f.settings),
        "",
        _("Progress"),
        "  progress = clamp((latest − baseline) / (target − baseline), 0, 1)",
    ]
    if latest is None or f.raw_progress is None or f.progress is None:
        lines.append("           = " + _("no data: progress is empty (a pledge counts it as 0)"))
    else:
        lines.append(
            f"           = clamp(({_n(latest.value)} − {_n(i.baseline)}) / "
            f"({_n(i.target)} − {_n(i.baseline)}), 0, 1)"
            f" = clamp({f4(f.raw_progress)}, 0, 1) = {f4(f.progress)}"
        )
    lines += [
        "",
        _("Expected"),
        "  expected = clamp(days(as_of − start) / days(due − start), 0, 1)",
        f"           = clamp({f.elapsed_days} / {f.duration_days}, 0, 1) = {f4(f.expected)}",
        "  "
        + _("expected value = baseline + expected × (target − baseline)")
        + f" = {_n(i.baseline)} + {f4(f.expected)} × ({_n(i.target)} − {_n(i.baseline)})"
        + f" = {f4(f.expected_value)}",
        "",
        _("Rag (the first rule that applies)"),
        *_rag_rules(f),
        "",
        _("Stale"),
    ]
    if f.days_since_latest is None:
        lines.append("  " + _("no data: not stale"))
    else:
        lines.append(
            "  "
            + _(
                "as_of − latest date = {days} days; stale if > stale_days ({limit}): {answer}"
            ).format(days=f.days_since_latest, limit=f.settings.stale_days, answer=_yes_no(f.stale))
        )
    return "\n".join(lines) + "\n"


def _pledge_rag_lines(f: PledgeFigures) -> list[str]:
    if f.rag_rule == RagRule.WORST_OF_INDICATORS:
        rags = ", ".join(f"{i.indicator.id} {rag_label(i.rag)}" for i in f.indicators)
        return [
            "  " + _("the worst of its indicators' rags (red > amber > grey > green > done)"),
            f"  {rags} → {rag_label(f.rag)}",
        ]
    reason = {
        RagRule.NO_INDICATORS_DONE: _("no indicators and status is done → done"),
        RagRule.NO_INDICATORS_OVERDUE: _(
            "no indicators, not done, as_of {as_of} > due {due} → red"
        ),
        RagRule.NO_INDICATORS_GREY: _("no indicators, not done, not overdue → grey"),
    }[f.rag_rule]
    return ["  " + reason.format(as_of=f.as_of.isoformat(), due=f.pledge.due.isoformat())]


def explain_pledge(f: PledgeFigures, settings: Settings, branch_id: str) -> str:
    """A pledge's weighted mean term by term, coverage, rag rule and flags."""
    p = f.pledge
    with_data = sum(1 for i in f.indicators if i.has_data)
    lines = [
        _("Pledge {id} — {title}").format(id=p.id, title=p.title),
        _("branch {branch}, section {section}, status {status}, due {due}, as of {as_of}").format(
            branch=branch_id,
            section=p.section_id,
            status=status_label(p.status),
            due=p.due.isoformat(),
            as_of=f.as_of.isoformat(),
        ),
        "",
        _("Progress = Σ weight × progress / Σ weight over its indicators (no data counts 0)"),
    ]
    if f.indicators:
        for term in f.mean.terms:
            note = "" if term.has_data else "  (" + _("no data") + ")"
            lines.append(f"  {term.item_id}: {_n(term.weight)} × {f4(term.value)}{note}")
        lines.append("  = " + mean_line(f.mean))
    else:
        lines.append(
            "  "
            + _("no indicators: 1 if status is done, else 0 → {value}").format(value=f4(f.progress))
        )
    lines += [
        "",
        _("Coverage = indicators with data / indicators"),
        f"  = {with_data} / {len(f.indicators)} = {f4(f.coverage)}"
        if f.indicators
        else "  " + _("no indicators → 1.0000"),
        "",
        _("Rag"),
        *_pledge_rag_lines(f),
        "",
        _("Flags"),
        "  "
        + _("unconfirmed (status done and progress < 1): {answer}").format(
            answer=_yes_no(f.unconfirmed)
        ),
        "  "
        + _(
            "contested (status done or progress ≥ 0.9, and unresolved negative feedback "
            "0–{days} days before as_of): {count} such feedback → {answer}"
        ).format(
            days=settings.feedback_days, count=len(f.negative_feedback), answer=_yes_no(f.contested)
        ),
        "  " + _("days overdue: {days}").format(days=f.days_overdue),
    ]
    if f.cancelled:
        lines += ["", _("Cancelled: listed, but left out of every roll-up.")]
    return "\n".join(lines) + "\n"


def _roll_up_lines(totals: RollUp, left_out: Sequence[str]) -> list[str]:
    lines = [
        _("Progress = Σ weight × progress / Σ weight over its pledges (cancelled left out)"),
    ]
    lines += [f"  {t.item_id}: {_n(t.weight)} × {f4(t.value)}" for t in totals.mean.terms]
    lines.append("  = " + mean_line(totals.mean))
    if left_out:
        lines.append("  " + _("left out (cancelled): {ids}").format(ids=", ".join(left_out)))
    coverage = (
        f"  = {totals.indicators_with_data} / {totals.indicator_count} = {f4(totals.coverage)}"
        if totals.indicator_count
        else "  " + _("no indicators → 1.0000")
    )
    counts = ", ".join(f"{rag_label(r)} {n}" for r, n in totals.counts.items())
    lines += [
        "",
        _("Coverage = indicators with data / indicators (in pledges not cancelled)"),
        coverage,
        "",
        _("Pledges by rag: {counts}").format(counts=counts),
        _("unconfirmed {u}, contested {c}, stale indicators {s}, overdue {o}").format(
            u=totals.unconfirmed, c=totals.contested, s=totals.stale, o=totals.overdue
        ),
    ]
    return lines


def explain_section(f: SectionFigures, branch_id: str) -> str:
    """A section's weighted mean of pledges, coverage and counts."""
    left_out = [p.pledge.id for p in f.pledges if p.cancelled]
    lines = [
        _("Section {id} — {title}").format(id=f.section.id, title=f.section.title),
        _("branch {branch}, as of {as_of}").format(branch=branch_id, as_of=f.as_of.isoformat()),
        "",
        *_roll_up_lines(f.totals, left_out),
    ]
    return "\n".join(lines) + "\n"


def explain_branch(f: BranchFigures) -> str:
    """The branch's weighted mean of all its pledges, coverage and counts."""
    b = f.roadmap.branch
    left_out = [p.pledge.id for p in f.pledges() if p.cancelled]
    lines = [
        _("Branch {id} — {name}").format(id=b.id, name=b.name),
        _("as of {as_of}").format(as_of=f.as_of.isoformat()),
        "  " + _settings_line(b.settings),
        "",
        *_roll_up_lines(f.totals, left_out),
    ]
    return "\n".join(lines) + "\n"


def explain_text(item: object, figures: BranchFigures) -> str:
    """The text of `amanat explain` for an indicator, pledge, section, or (None) the branch."""
    branch_id = figures.roadmap.branch.id
    settings = figures.roadmap.branch.settings
    if isinstance(item, Indicator):
        found_indicator = figures.indicator(item.id)
        assert found_indicator is not None
        return explain_indicator(found_indicator, branch_id)
    if isinstance(item, Pledge):
        found_pledge = figures.pledge(item.id)
        assert found_pledge is not None
        return explain_pledge(found_pledge, settings, branch_id)
    if isinstance(item, Section):
        found_section = figures.section(item.id)
        assert found_section is not None
        return explain_section(found_section, branch_id)
    return explain_branch(figures)
