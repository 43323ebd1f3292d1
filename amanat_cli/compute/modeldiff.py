"""What changed between two versions of a roadmap, in the model's terms.

Not text lines: "owner of health changed from a to b", "measurement added",
"feedback resolved" (`render.diff` words them for people).  Core module:
pure, no Typer, no Rich.  Items are matched by id; measurements and feedback
(which have no ids) are matched by their content, so a reordering is no change.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from amanat_cli.model import (
    Feedback,
    Indicator,
    Measurement,
    Member,
    Pledge,
    Roadmap,
    Section,
)

Scalar = str | int | float | bool | date | None
"""What an old or new value can be (tuples are joined into text)."""


@dataclass(frozen=True, slots=True)
class Change:
    """One change; `kind` is a stable key (shown in json), `item` the id it concerns."""

    kind: str
    """e.g. owner-changed, status-changed, measurement-added, pledge-removed."""
    item: str
    """The id of the section, pledge, indicator or member ('' for the branch)."""
    field: str | None = None
    old: Scalar = None
    new: Scalar = None
    date: date | None = None
    """For measurements and feedback: their date."""
    text: str | None = None
    """For feedback: what was said; for measurements: the source."""


def _scalar(value: object) -> Scalar:
    """Model values as diffable scalars: enums by value, tuples joined."""
    if isinstance(value, tuple):
        return ", ".join(str(getattr(v, "value", v)) for v in value)
    enum_value = getattr(value, "value", None)
    if enum_value is not None and not isinstance(value, date):
        return str(enum_value)
    if value is None or isinstance(value, str | int | float | bool | date):
        return value
    return str(value)


def _fields(
    kind: str,
    item: str,
    old: object,
    new: object,
    names: Sequence[str],
    special: dict[str, str] | None = None,
) -> list[Change]:
    """A change for each named field whose value differs; `special` renames the kind."""
    changes = []
    for name in names:
        before, after = _scalar(getattr(old, name)), _scalar(getattr(new, name))
        if before != after:
            changes.append(Change((special or {}).get(name, kind), item, name, before, after))
    return changes


T = TypeVar("T")


def _by_id(items: Iterable[T], key: Callable[[T], str]) -> dict[str, T]:
    return {key(item): item for item in items}


def _pair_up(
    pool: Sequence[T], items: Sequence[T], key: Callable[[T], Hashable]
) -> tuple[list[tuple[T, T | None]], list[T]]:
    """Each of `items` with the first not yet taken of `pool` under the same key (or None),
    and what is left of `pool`, in order.

    Linear: a pledge with 100,000 feedback entries is paired in one pass, not by
    scanning the pool for each (which took minutes).
    """
    waiting: dict[Hashable, deque[int]] = {}
    for index, candidate in enumerate(pool):
        waiting.setdefault(key(candidate), deque()).append(index)
    taken = [False] * len(pool)
    pairs: list[tuple[T, T | None]] = []
    for item in items:
        queue = waiting.get(key(item))
        if queue:
            index = queue.popleft()
            taken[index] = True
            pairs.append((item, pool[index]))
        else:
            pairs.append((item, None))
    return pairs, [candidate for candidate, gone in zip(pool, taken, strict=True) if not gone]


def _multiset_diff(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable]
) -> tuple[list[T], list[T]]:
    """Items only in `old` and only in `new`, matching equal keys one to one."""
    pairs, only_new = _pair_up(new, old, key)
    return [item for item, twin in pairs if twin is None], only_new


def _measurements(
    indicator_id: str, old: Sequence[Measurement], new: Sequence[Measurement]
) -> list[Change]:
    gone, came = _multiset_diff(old, new, lambda m: (m.date, m.value, m.source, m.note))
    pairs, gone = _pair_up(gone, came, lambda m: m.date)
    changes: list[Change] = []
    for measurement, twin in pairs:
        if twin is not None:
            changes.append(
                Change(
                    "measurement-changed",
                    indicator_id,
                    "value",
                    twin.value,
                    measurement.value,
                    measurement.date,
                    measurement.source,
                )
            )
        else:
            changes.append(
                Change(
                    "measurement-added",
                    indicator_id,
                    None,
                    None,
                    measurement.value,
                    measurement.date,
                    measurement.source,
                )
            )
    changes.extend(
        Change("measurement-removed", indicator_id, None, m.value, None, m.date, m.source)
        for m in gone
    )
    return sorted(changes, key=lambda c: (c.date or date.min, c.kind))


def _feedback(pledge_id: str, old: Sequence[Feedback], new: Sequence[Feedback]) -> list[Change]:
    def what(f: Feedback) -> tuple[object, ...]:
        return (f.date, f.tone, f.text, f.channel, f.district)

    gone, came = _multiset_diff(old, new, lambda f: (*what(f), f.resolved))
    pairs, gone = _pair_up(gone, came, what)
    changes: list[Change] = []
    for feedback, twin in pairs:
        if twin is not None:  # same feedback, only `resolved` differs
            kind = "feedback-resolved" if feedback.resolved else "feedback-reopened"
            changes.append(
                Change(
                    kind,
                    pledge_id,
                    "resolved",
                    twin.resolved,
                    feedback.resolved,
                    feedback.date,
                    feedback.text,
                )
            )
        else:
            changes.append(
                Change(
                    "feedback-added",
                    pledge_id,
                    "tone",
                    None,
                    feedback.tone.value,
                    feedback.date,
                    feedback.text,
                )
            )
    changes.extend(
        Change("feedback-removed", pledge_id, "tone", f.tone.value, None, f.date, f.text)
        for f in gone
    )
    return sorted(changes, key=lambda c: (c.date or date.min, c.kind))


def _indicator(old: Indicator, new: Indicator) -> list[Change]:
    changes = _fields(
        "indicator-changed",
        new.id,
        old,
        new,
        ("title", "unit", "baseline", "target", "start", "due", "weight", "owner"),
        {"owner": "owner-changed"},
    )
    if old.pledge_id != new.pledge_id:
        changes.append(Change("indicator-moved", new.id, "pledge", old.pledge_id, new.pledge_id))
    return changes + _measurements(new.id, old.values, new.values)


def _pledge(old: Pledge, new: Pledge) -> list[Change]:
    changes = _fields(
        "pledge-changed",
        new.id,
        old,
        new,
        ("title", "status", "due", "weight", "districts"),
        {"status": "status-changed"},
    )
    if old.section_id != new.section_id:
        changes.append(Change("pledge-moved", new.id, "section", old.section_id, new.section_id))
    return changes + _feedback(new.id, old.feedback, new.feedback)


def _added_removed(
    kind: str, old: dict[str, T], new: dict[str, T], title: Callable[[T], str]
) -> tuple[list[Change], list[Change]]:
    added = [
        Change(f"{kind}-added", key, None, None, title(item))
        for key, item in new.items()
        if key not in old
    ]
    removed = [
        Change(f"{kind}-removed", key, None, title(item), None)
        for key, item in old.items()
        if key not in new
    ]
    return added, removed


def _members(old: Roadmap, new: Roadmap) -> list[Change]:
    before, after = _by_id(old.members, _member_id), _by_id(new.members, _member_id)
    added, removed = _added_removed("member", before, after, lambda m: m.name)
    changed = [
        change
        for key, member in after.items()
        if key in before
        for change in _fields(
            "member-changed",
            key,
            before[key],
            member,
            ("name", "bodies", "position", "email", "phone", "lang"),
        )
    ]
    return added + changed + removed


def _member_id(member: Member) -> str:
    return member.id


def _item_id(item: Section | Pledge | Indicator) -> str:
    return item.id


def _title(item: Section | Pledge | Indicator) -> str:
    return item.title


def _branch(old: Roadmap, new: Roadmap) -> list[Change]:
    changes = _fields(
        "branch-changed",
        new.branch.id,
        old.branch,
        new.branch,
        ("id", "name", "programme", "as_of"),
    )
    for name in ("start", "end"):
        before, after = getattr(old.branch.period, name), getattr(new.branch.period, name)
        if before != after:
            changes.append(Change("branch-changed", new.branch.id, f"period.{name}", before, after))
    changes += _fields(
        "settings-changed",
        new.branch.id,
        old.branch.settings,
        new.branch.settings,
        ("amber_gap", "red_gap", "stale_days", "feedback_days"),
    )
    for slug, name in new.districts.items():
        if slug not in old.districts:
            changes.append(Change("district-added", slug, None, None, name))
        elif old.districts[slug] != name:
            changes.append(Change("district-changed", slug, "name", old.districts[slug], name))
    changes += [
        Change("district-removed", slug, None, name, None)
        for slug, name in old.districts.items()
        if slug not in new.districts
    ]
    return changes


def diff_roadmaps(old: Roadmap, new: Roadmap) -> list[Change]:
    """Every change from `old` to `new`: branch, members, then items in the new file's order."""
    changes = _branch(old, new) + _members(old, new)
    sections_before = _by_id(old.sections, _item_id)
    pledges_before = _by_id(old.pledges(), _item_id)
    indicators_before = _by_id(old.indicators(), _item_id)
    for section in new.sections:
        previous = sections_before.get(section.id)
        if previous is None:
            changes.append(Change("section-added", section.id, None, None, section.title))
        else:
            changes += _fields(
                "section-changed",
                section.id,
                previous,
                section,
                ("title", "sensitive", "owner"),
                {"owner": "owner-changed"},
            )
        for pledge in section.pledges:
            old_pledge = pledges_before.get(pledge.id)
            if old_pledge is None:
                changes.append(Change("pledge-added", pledge.id, None, None, pledge.title))
            elif old_pledge is not pledge:  # a write's intended model shares what it keeps
                changes += _pledge(old_pledge, pledge)
            for indicator in pledge.indicators:
                old_indicator = indicators_before.get(indicator.id)
                if old_indicator is None:
                    changes.append(
                        Change("indicator-added", indicator.id, None, None, indicator.title)
                    )
                    changes += _measurements(indicator.id, (), indicator.values)
                elif old_indicator is not indicator:
                    changes += _indicator(old_indicator, indicator)
            if old_pledge is None:
                changes += _feedback(pledge.id, (), pledge.feedback)
    # Removed items last, deepest first, so a removed section's pledges read before it.
    changes += _added_removed(
        "indicator", indicators_before, _by_id(new.indicators(), _item_id), _title
    )[1]
    changes += _added_removed("pledge", pledges_before, _by_id(new.pledges(), _item_id), _title)[1]
    changes += _added_removed("section", sections_before, _by_id(new.sections, _item_id), _title)[1]
    return changes
