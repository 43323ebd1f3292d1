"""The semantic rules of `amanat check` (spec/ROADMAP.md), run on loaded roadmaps.

Each rule is a small pure function `(roadmap, context) -> findings`; the one
tuple `RULES` gives each its stable id (shown in brackets by `check`), so an
id is written in exactly one place.  The loader has already refused what YAML
and the types can catch (syntax, unknown keys, enums, dates); these rules see
a well-typed model and judge what it means.

Core module: no Typer, no Rich, and no clock — `today` is passed in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial

from amanat_cli.compute.progress import pledge_figures
from amanat_cli.i18n import _
from amanat_cli.model import (
    Body,
    Branch,
    Feedback,
    Indicator,
    Measurement,
    Member,
    Pledge,
    Problem,
    Roadmap,
    Section,
    Severity,
    Source,
    Status,
)
from amanat_cli.read.scope import closest

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*")
"""A slug (ROADMAP.md "Identifiers"); matched in full."""

INDEPENDENCE_DAY = date(1991, 12, 16)
"""Kazakhstan's independence: nothing in a party programme predates it."""

LAST_SANE_YEAR = 2100

NAMES_SHOWN = 10
"""How many eligible members a message lists before "…": all of them, up to ten."""


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule may know besides its roadmap."""

    today: date
    """The real date, for "in the future" warnings; never read from the clock here."""
    roadmaps: Sequence[Roadmap] = ()
    """Every roadmap loaded together, for cross-file rules."""
    as_of: date | None = None
    """`--as-of` when given; else each roadmap's `branch.as_of`, else `today`."""

    def as_of_for(self, roadmap: Roadmap) -> date:
        """The date figures are computed for (ROADMAP.md "How figures are computed")."""
        return self.as_of or roadmap.branch.as_of or self.today


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule function reports; `Rule.run` adds the rule id."""

    source: Source
    message: str
    severity: Severity = Severity.ERROR


RuleFunction = Callable[[Roadmap, RuleContext], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule function with its stable id."""

    id: str
    function: RuleFunction

    @property
    def summary(self) -> str:
        """What the rule demands, in one line (its function's docstring; for the README)."""
        return (self.function.__doc__ or "").strip().splitlines()[0]

    def run(self, roadmap: Roadmap, context: RuleContext) -> Iterator[Problem]:
        """The rule's problems in `roadmap`."""
        for finding in self.function(roadmap, context):
            yield Problem(finding.source, finding.severity, self.id, finding.message)


def _warning(source: Source, message: str) -> Finding:
    return Finding(source, message, Severity.WARNING)


Located = Branch | Member | Section | Pledge | Indicator


def _where(obj: Located, key: str) -> Source:
    """The source of `obj`'s `key` value when the loader recorded it, else of `obj`."""
    return obj.fields.get(key, obj.at)


def _items(roadmap: Roadmap) -> Iterator[Section | Pledge | Indicator]:
    """Sections, pledges and indicators in file order."""
    for section in roadmap.sections:
        yield section
        for pledge in section.pledges:
            yield pledge
            yield from pledge.indicators


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """The "; did you mean: a, b?" suffix, or "" when nothing looks alike."""
    near = closest(word, candidates)
    if not near:
        return ""
    return "; " + _("did you mean: {ids}?").format(ids=", ".join(near))


def names_of(members: Sequence[Member]) -> str:
    """Members as "id (name)", all of them up to ten, else the first ten and "…"."""
    shown = ", ".join(f"{m.id} ({m.name})" for m in members[:NAMES_SHOWN])
    return shown + (", …" if len(members) > NAMES_SHOWN else "")


# --- identifiers -----------------------------------------------------------


Locate = Callable[[], Source]
"""Where something is, looked up only when a problem needs it (sources are built lazily)."""


def _districts_source(roadmap: Roadmap) -> Source:
    return roadmap.fields.get("districts", roadmap.branch.at)


def _id_of(obj: Located) -> tuple[str, Locate]:
    return obj.id, partial(_where, obj, "id")


def id_syntax(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """Every id (branch, member, item, district) is a slug: a-z, 0-9, '-', '_', '.'."""
    named = [_id_of(roadmap.branch), *map(_id_of, roadmap.members), *map(_id_of, _items(roadmap))]
    # A district key has no source of its own: point at the districts map.
    districts_at = partial(_districts_source, roadmap)
    named += [(slug, districts_at) for slug in roadmap.districts]
    if not roadmap.districts:  # with a map, unknown-district judges the references
        named += _district_references(roadmap)
    for ident, locate in named:
        if not ID_PATTERN.fullmatch(ident):
            yield Finding(
                locate(),
                _(
                    "'{id}' is not a valid id; use lowercase Latin letters, digits, "
                    "'-', '_' and '.', starting with a letter or digit"
                ).format(id=ident),
            )


def _first_seen_twice(named: Iterable[tuple[str, Locate]], message: str) -> Iterator[Finding]:
    """A finding at each repeat of an id, naming the line where it first appears."""
    first: dict[str, Locate] = {}
    for ident, locate in named:
        if ident in first:
            yield Finding(locate(), message.format(id=ident, line=first[ident]().line))
        else:
            first[ident] = locate


def duplicate_id(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """Item ids are unique among all sections, pledges and indicators of the file."""
    yield from _first_seen_twice(
        map(_id_of, _items(roadmap)),
        _("id '{id}' is already used on line {line}; give this item its own id"),
    )


def duplicate_member(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """Member ids are unique."""
    yield from _first_seen_twice(
        map(_id_of, roadmap.members),
        _("member id '{id}' is already used on line {line}; give each member their own id"),
    )


def duplicate_branch(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """A branch id is used by one loaded file only; the later file is blamed."""
    for other in context.roadmaps:
        if other is roadmap:
            return
        if other.branch.id == roadmap.branch.id:
            yield Finding(
                _where(roadmap.branch, "id"),
                _(
                    "branch id '{id}' is also used by {path}; give each branch file its own id"
                ).format(id=roadmap.branch.id, path=other.path),
            )
            return


# --- references ------------------------------------------------------------


def _owned(roadmap: Roadmap) -> Iterator[Section | Indicator]:
    """Sections and indicators: the things that have an owner."""
    return (item for item in _items(roadmap) if not isinstance(item, Pledge))


def unknown_member(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """An owner id names a member of the file."""
    member_ids = {m.id for m in roadmap.members}
    for item in _owned(roadmap):
        if item.owner is not None and item.owner not in member_ids:
            yield Finding(
                _where(item, "owner"),
                _("owner '{id}' is not in members; add them there or fix the id").format(
                    id=item.owner
                )
                + _did_you_mean(item.owner, member_ids),
            )


def _district_references(roadmap: Roadmap) -> list[tuple[str, Locate]]:
    """The districts named by pledges and feedback, with where they are named."""
    named: list[tuple[str, Locate]] = []
    for pledge in roadmap.pledges():
        named += [(d, partial(_where, pledge, "districts")) for d in pledge.districts]
        named += [(f.district, partial(_at, f)) for f in pledge.feedback if f.district is not None]
    return named


def _at(entry: Feedback) -> Source:
    return entry.at


def unknown_district(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """Districts named by pledges and feedback are keys of `districts:` (when it exists)."""
    if not roadmap.districts:
        return
    for district, locate in _district_references(roadmap):
        if district not in roadmap.districts:
            yield Finding(
                locate(),
                _("district '{id}' is not in districts; add it there or fix the slug").format(
                    id=district
                )
                + _did_you_mean(district, roadmap.districts),
            )


# --- ownership (ROADMAP.md "Ownership rules") ------------------------------


def owner_bodies(item: Section | Indicator) -> tuple[Body, ...]:
    """The bodies an owner of `item` may sit in (any one of them)."""
    if isinstance(item, Indicator):
        return (Body.POLITICAL_COUNCIL,)
    if item.sensitive:
        return (Body.BUREAU,)
    return (Body.BUREAU, Body.POLITICAL_COUNCIL)


def eligible_owners(roadmap: Roadmap, item: Section | Indicator) -> list[Member]:
    """The members the ownership rules allow as the owner of `item`."""
    bodies = owner_bodies(item)
    return [m for m in roadmap.members if any(m.sits_in(body) for body in bodies)]


def _misowned(
    roadmap: Roadmap, items: Iterable[Section | Indicator], wrong_owner: str
) -> Iterator[Finding]:
    """A finding for each item whose owner is a member the rules do not allow.

    `wrong_owner` is the message, with `{id}` and `{owner}` placeholders; the
    finding adds whom to choose instead.  Unknown owners are unknown-member's.
    """
    members = {m.id: m for m in roadmap.members}
    for item in items:
        owner = members.get(item.owner) if item.owner else None
        if owner is None or any(owner.sits_in(body) for body in owner_bodies(item)):
            continue
        eligible = eligible_owners(roadmap, item)
        if eligible:
            hint = _("choose one of: {names}").format(names=names_of(eligible))
        else:
            hint = _("nobody in the branch is eligible; add the body to a member's bodies")
        yield Finding(
            _where(item, "owner"), wrong_owner.format(id=item.id, owner=owner.id) + "; " + hint
        )


def sensitive_owner(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """A sensitive section's owner sits in the Bureau."""
    yield from _misowned(
        roadmap,
        (s for s in roadmap.sections if s.sensitive),
        _("sensitive section '{id}' is owned by '{owner}', who is not in the Bureau"),
    )


def section_owner(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """A section's owner sits in the Bureau or the Political Council."""
    # A sensitive section has the stricter sensitive-owner rule; one problem is enough.
    yield from _misowned(
        roadmap,
        (s for s in roadmap.sections if not s.sensitive),
        _(
            "section '{id}' is owned by '{owner}', who is in neither the Bureau "
            "nor the Political Council"
        ),
    )


def indicator_owner(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """An indicator's owner sits in the Political Council."""
    yield from _misowned(
        roadmap,
        roadmap.indicators(),
        _("indicator '{id}' is owned by '{owner}', who is not in the Political Council"),
    )


def _unowned(items: Iterable[Section | Indicator], message: str) -> Iterator[Finding]:
    """A warning for each item without an owner; `message` has an `{id}` placeholder."""
    for item in items:
        if item.owner is None:
            yield _warning(_where(item, "owner"), message.format(id=item.id))


def unassigned_section(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """A sensitive section has an owner (warning)."""
    yield from _unowned(
        (s for s in roadmap.sections if s.sensitive),
        _(
            "sensitive section '{id}' has no owner; assign a Bureau member "
            "(amanat assign {id} MEMBER)"
        ),
    )


def unassigned_indicator(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """An indicator has an owner (warning)."""
    yield from _unowned(
        roadmap.indicators(),
        _(
            "indicator '{id}' has no owner; assign a Political Council member "
            "(amanat assign {id} MEMBER)"
        ),
    )


# --- numbers and dates -----------------------------------------------------


def target_equals_baseline(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """An indicator's target differs from its baseline, or progress cannot be computed."""
    for indicator in roadmap.indicators():
        if indicator.target == indicator.baseline:
            yield Finding(
                _where(indicator, "target"),
                _(
                    "indicator '{id}' has target equal to baseline ({value}); "
                    "progress cannot be measured — change one of them"
                ).format(id=indicator.id, value=indicator.baseline),
            )


def weight(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """Weights of pledges and indicators are greater than 0."""
    weighted: list[Pledge | Indicator] = [*roadmap.pledges(), *roadmap.indicators()]
    for item in weighted:
        if not item.weight > 0:  # also catches NaN
            yield Finding(
                _where(item, "weight"),
                _("'{id}' has weight {weight}; a weight must be greater than 0").format(
                    id=item.id, weight=item.weight
                ),
            )


def due_before_start(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """An indicator is due after its start (else its expected progress is undefined)."""
    for indicator in roadmap.indicators():
        if indicator.due <= indicator.start:
            # `due` or `start` may be inherited defaults; point at whichever was written.
            source = indicator.fields.get("due") or _where(indicator, "start")
            yield Finding(
                source,
                _(
                    "indicator '{id}' is due {due}, not after its start {start}; "
                    "move the due date later or the start earlier"
                ).format(id=indicator.id, due=indicator.due, start=indicator.start),
            )


def period(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """The branch period ends after it starts."""
    span = roadmap.branch.period
    if span.end <= span.start:
        yield Finding(
            _where(roadmap.branch, "period"),
            _("period ends {end}, not after it starts {start}; fix one of the dates").format(
                end=span.end, start=span.start
            ),
        )


def settings(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """0 ≤ amber_gap ≤ red_gap ≤ 1, and day counts are not negative."""
    values = roadmap.branch.settings
    source = _where(roadmap.branch, "settings")
    if not 0 <= values.amber_gap <= values.red_gap <= 1:
        yield Finding(
            source,
            _(
                "settings need 0 ≤ amber_gap ≤ red_gap ≤ 1, not amber_gap {amber}, "
                "red_gap {red}; e.g. 0.10 and 0.25"
            ).format(amber=values.amber_gap, red=values.red_gap),
        )
    for name, days in (("stale_days", values.stale_days), ("feedback_days", values.feedback_days)):
        if days < 0:
            yield Finding(
                source,
                _("settings: {name} is {days}; use 0 or more days").format(name=name, days=days),
            )


def date_range(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """Measurement and feedback dates fall in 1991-12-16..2100 (error), not after today (warning)."""
    dated: list[Measurement | Feedback] = [
        *(m for i in roadmap.indicators() for m in i.values),
        *(f for p in roadmap.pledges() for f in p.feedback),
    ]
    for entry in dated:
        if entry.date < INDEPENDENCE_DAY:
            yield Finding(
                entry.at,
                _(
                    "date {date} is before 1991-12-16, the independence of Kazakhstan; "
                    "nothing in a party programme predates it — check the year"
                ).format(date=entry.date),
            )
        elif entry.date.year > LAST_SANE_YEAR:
            yield Finding(
                entry.at,
                _("date {date} is after {year}; check the year").format(
                    date=entry.date, year=LAST_SANE_YEAR
                ),
            )
        elif entry.date > context.today:
            yield _warning(
                entry.at,
                _("date {date} is in the future (today is {today}); check the date").format(
                    date=entry.date, today=context.today
                ),
            )


def as_of_range(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """`branch.as_of` lies within the period (warning)."""
    branch = roadmap.branch
    if branch.as_of is not None and not branch.period.start <= branch.as_of <= branch.period.end:
        yield _warning(
            _where(branch, "as_of"),
            _("as_of {as_of} is outside the period {start} – {end}; check the date").format(
                as_of=branch.as_of, start=branch.period.start, end=branch.period.end
            ),
        )


# --- figures ---------------------------------------------------------------


def _floor_percent(fraction: float) -> int:
    """Whole percent rounded down, so 0.999 shows 99, never a misleading 100."""
    return math.floor(fraction * 100 + 1e-9)


def unconfirmed(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """A pledge marked done has indicators that show it done (warning)."""
    as_of = context.as_of_for(roadmap)
    for pledge in roadmap.pledges():
        if pledge.status != Status.DONE:
            continue  # only a done pledge can be unconfirmed; skip computing the rest
        figures = pledge_figures(pledge, as_of, roadmap.branch.settings)
        if figures.unconfirmed:
            yield _warning(
                _where(pledge, "status"),
                _(
                    "pledge '{id}' is marked done but its indicators show {percent}% on {as_of}; "
                    "record the final values or change the status"
                ).format(id=pledge.id, percent=_floor_percent(figures.progress), as_of=as_of),
            )


def duplicate_measurement(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """No indicator has two measurements with the same date and value (warning)."""
    for indicator in roadmap.indicators():
        first: dict[tuple[date, float], Measurement] = {}
        for measurement in indicator.values:
            key = (measurement.date, measurement.value)
            if key in first:
                yield _warning(
                    measurement.at,
                    _(
                        "indicator '{id}' has this measurement ({date}: {value}) already "
                        "on line {line}; delete one of them"
                    ).format(
                        id=indicator.id,
                        date=measurement.date,
                        value=measurement.value,
                        line=first[key].at.line,
                    ),
                )
            else:
                first[key] = measurement


def conflicting_measurement(roadmap: Roadmap, context: RuleContext) -> Iterator[Finding]:
    """No indicator has two different measurements on the same date (warning)."""
    for indicator in roadmap.indicators():
        first: dict[date, Measurement] = {}
        for measurement in indicator.values:
            earlier = first.setdefault(measurement.date, measurement)
            if earlier.value != measurement.value:
                yield _warning(
                    measurement.at,
                    _(
                        "indicator '{id}' has {value} on {date} and also {other} on line {line}; "
                        "keep the right one (amanat record {id} VALUE --date {date} --replace)"
                    ).format(
                        id=indicator.id,
                        value=measurement.value,
                        date=measurement.date,
                        other=earlier.value,
                        line=earlier.at.line,
                    ),
                )


RULES: tuple[Rule, ...] = (
    Rule("id-syntax", id_syntax),
    Rule("duplicate-id", duplicate_id),
    Rule("duplicate-member", duplicate_member),
    Rule("duplicate-branch", duplicate_branch),
    Rule("unknown-member", unknown_member),
    Rule("unknown-district", unknown_district),
    Rule("sensitive-owner", sensitive_owner),
    Rule("section-owner", section_owner),
    Rule("indicator-owner", indicator_owner),
    Rule("target-equals-baseline", target_equals_baseline),
    Rule("weight", weight),
    Rule("due-before-start", due_before_start),
    Rule("period", period),
    Rule("settings", settings),
    Rule("date-range", date_range),
    Rule("as-of-range", as_of_range),
    Rule("unassigned-section", unassigned_section),
    Rule("unassigned-indicator", unassigned_indicator),
    Rule("unconfirmed", unconfirmed),
    Rule("duplicate-measurement", duplicate_measurement),
    Rule("conflicting-measurement", conflicting_measurement),
)
"""Every rule `amanat check` runs, with its stable id; the README lists them."""


def check(roadmaps: Sequence[Roadmap], *, today: date, as_of: date | None = None) -> list[Problem]:
    """All rules on each roadmap (and across them), sorted by file and line."""
    context = RuleContext(today=today, roadmaps=roadmaps, as_of=as_of)
    problems = [p for roadmap in roadmaps for rule in RULES for p in rule.run(roadmap, context)]
    return sorted(problems, key=Problem.sort_key)


def rule_ids() -> tuple[str, ...]:
    """The ids of `RULES`, in order (for docs and tests)."""
    return tuple(rule.id for rule in RULES)
