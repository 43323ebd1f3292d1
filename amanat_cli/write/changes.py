"""The changes the write commands make: plans of span edits, and carrying one out safely.

A *planner* gets the roadmap as read under the lock and returns the edits
(each inside one section, pledge or indicator, or from the top of the file
for members and the branch), the model they must produce and a one-line
summary — or a message when there is nothing to do.  `write_change` does the
rest: lock, read (refusing a file it cannot read whole), judge, edit, verify
(the edited items' lines when they can be cut out, else the whole file), then
write atomically (or show the diff), with what changed in the model's terms
(`compute.modeldiff`) in the journal for `undo` to show, so a new planner gets
that for nothing.  A change may be made to a file whose rules find errors, so
long as it adds none (the fix for an owner who left the Bureau is a write); it
says which it removes.  No Typer or Rich here; the
commands print what comes back.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from amanat_cli import errors
from amanat_cli.compute.modeldiff import diff_roadmaps
from amanat_cli.errors import (
    AmanatError,
    BadValue,
    NotFound,
    RuleRefused,
    WriteRefused,
    WrongKind,
)
from amanat_cli.i18n import _, ngettext
from amanat_cli.model import (
    NOWHERE,
    Feedback,
    Indicator,
    Item,
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
from amanat_cli.read.layout import Layout
from amanat_cli.read.scope import SAMPLE_ROADMAP, choose_paths, find, find_district
from amanat_cli.write import edit, safewrite
from amanat_cli.write.edit import (
    ROOT,
    AppendItem,
    ItemEdit,
    RemoveItem,
    RemoveKey,
    Scalar,
    SetKey,
    update_item,
)

if TYPE_CHECKING:
    from amanat_cli.read.store import Progress, Store


@dataclass(frozen=True, slots=True)
class Plan:
    """A change to one roadmap file."""

    edits: list[ItemEdit]
    intended: Roadmap
    """The model the edited text must load as, exactly."""
    summary: str
    """Printed after a successful write, e.g. "assigned health to kaliyev-a (…) in …"."""
    warnings: tuple[str, ...] = ()
    """Said on stderr; the write still happens (e.g. `done` not borne out by the figures)."""


Planner = Callable[[Roadmap, date], Plan | str]
"""Given the roadmap, its tree and today, returns a Plan, or a message when nothing
needs writing. Today comes from the CLI: nothing here reads the clock."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a write command shows: stdout text (summary, diff or "nothing to do") and warnings."""

    text: str
    warnings: tuple[str, ...] = ()
    fixed: tuple[Problem, ...] = ()
    """Errors the roadmap had that the change removes (said after the summary)."""


class RefusedWithProblems(errors.InvalidRoadmap):
    """A refusal that lists problems, as `check` shows them, before its one line."""


class InvalidRoadmap(RefusedWithProblems):
    """The file cannot be read whole (syntax, types, unknown keys): it is never edited."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        count = len(problems)
        message = ngettext(
            "the roadmap has {n} error; fix it before changing it (run `amanat check`)",
            "the roadmap has {n} errors; fix them before changing it (run `amanat check`)",
            count,
        )
        super().__init__(message.format(n=count), problems)


class AddsErrors(RefusedWithProblems):
    """The change would give the roadmap errors it does not have: nothing is written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        count = len(problems)
        message = ngettext(
            "this change would add {n} error to the roadmap; nothing written",
            "this change would add {n} errors to the roadmap; nothing written",
            count,
        )
        super().__init__(message.format(n=count), problems)


def _errors(problems: Sequence[Problem]) -> list[Problem]:
    return sorted((p for p in problems if p.severity == Severity.ERROR), key=Problem.sort_key)


def files_of(
    store: Store,
    roadmap_paths: Sequence[Path] | None,
    refs: Sequence[str],
    progress: Progress | None = None,
    **kinds: bool,
) -> dict[Path, list[str]]:
    """The refs grouped by the roadmap file that holds each (one write per file).

    When a ref is not found and a file could not be read whole, the errors are the
    news (InvalidRoadmap): the ref may be in what was not read.  The rules' errors
    hide no item, so beside them an unknown ref is only that (NotFound).
    """
    roadmaps, problems = store.load_paths(choose_paths(roadmap_paths), progress)
    groups: dict[Path, list[str]] = {}
    for ref in refs:
        try:
            found = find(roadmaps, ref, **kinds)
        except AmanatError:
            errors = _errors(problems)
            if errors:
                raise InvalidRoadmap(errors) from None
            raise
        groups.setdefault(Path(found.roadmap.path), []).append(ref)
    return groups


def owned_item(roadmap: Roadmap, ref: str) -> Section | Indicator:
    """The section or indicator `ref`; a pledge or member is the wrong kind."""
    item = find([roadmap], ref, members=False).item
    if not isinstance(item, Section | Indicator):
        raise WrongKind(
            _("'{ref}' is a pledge; only sections and indicators have owners").format(ref=ref)
        )
    return item


def eligible_members(roadmap: Roadmap, item: Section | Indicator) -> list[Member]:
    """The members the ownership rules allow for this item (ROADMAP.md)."""
    from amanat_cli.check.rules import eligible_owners

    return eligible_owners(roadmap, item)


def ownership_rule(item: Section | Indicator) -> str:
    """The ownership rule of ROADMAP.md that applies to `item`, in words."""
    if isinstance(item, Indicator):
        return _("an indicator's owner must be in the Political Council")
    if item.sensitive:
        return _("a sensitive section's owner must be in the Bureau")
    return _("a section's owner must be in the Bureau or the Political Council")


def _refusal(item: Section | Indicator, member: Member, eligible: list[Member]) -> RuleRefused:
    from amanat_cli.check.rules import names_of

    names = names_of(eligible)
    message = _("cannot assign {id} to {member}: {rule}").format(
        id=item.id, member=member_label(member), rule=ownership_rule(item)
    )
    hint = _("eligible: {names}").format(names=names) if eligible else _("nobody is eligible")
    return RuleRefused(message + "; " + hint)


def plan_assign(refs: Sequence[str], member_ref: str) -> Planner:
    """Set the owner of each item to the member, after checking the ownership rules."""

    def plan(roadmap: Roadmap, today: date) -> Plan | str:
        found = find([roadmap], member_ref, items=False)
        assert isinstance(found.item, Member)
        member = found.item
        items = [owned_item(roadmap, ref) for ref in refs]
        for item in items:
            if member not in eligible_members(roadmap, item):
                raise _refusal(item, member, eligible_members(roadmap, item))
        todo = list({i.id: i for i in items if i.owner != member.id}.values())
        if not todo:
            ids = ", ".join(i.id for i in items)
            return _("{ids} already owned by {member}; nothing written").format(
                ids=ids, member=member_label(member)
            )
        intended = roadmap
        for item in todo:
            intended = update_item(intended, item.id, with_owner(member.id))
        summary = _("assigned {ids} to {member} in {path}").format(
            ids=", ".join(i.id for i in todo), member=member_label(member), path=roadmap.path
        )
        edits = [ItemEdit(i.id, SetKey((), "owner", member.id)) for i in todo]
        return Plan(edits, intended, summary)

    return plan


def with_owner(owner: str | None) -> Callable[[Item], Item]:
    """The change of an item's owner, for `update_item`."""

    def change(item: Item) -> Item:
        assert isinstance(item, Section | Indicator)
        return replace(item, owner=owner)

    return change


def plan_unassign(refs: Sequence[str]) -> Planner:
    """Remove the owner key of each item that has one."""

    def plan(roadmap: Roadmap, today: date) -> Plan | str:
        items = [owned_item(roadmap, ref) for ref in refs]
        todo = list({i.id: i for i in items if i.owner is not None}.values())
        if not todo:
            return _("{ids}: no owner; nothing written").format(ids=", ".join(i.id for i in items))
        intended = roadmap
        for item in todo:
            intended = update_item(intended, item.id, with_owner(None))
        summary = _("removed the owner of {ids} in {path}").format(
            ids=", ".join(f"{i.id} ({i.owner})" for i in todo), path=roadmap.path
        )
        edits = [ItemEdit(i.id, RemoveKey((), "owner")) for i in todo]
        return Plan(edits, intended, summary, _new_ownership_warnings(roadmap, intended, today))

    return plan


def _new_ownership_warnings(before: Roadmap, after: Roadmap, today: date) -> tuple[str, ...]:
    """The `unassigned-section`/`unassigned-indicator` warnings of `check` the change adds."""
    from amanat_cli.check.rules import RuleContext, unassigned_indicator, unassigned_section

    context = RuleContext(today=today)

    def said(roadmap: Roadmap) -> list[str]:
        rules = (unassigned_section, unassigned_indicator)
        return [finding.message for rule in rules for finding in rule(roadmap, context)]

    already = set(said(before))
    return tuple(message for message in said(after) if message not in already)


def _date_warnings(intended: Roadmap, day: date, after_as_of: str, today: date) -> tuple[str, ...]:
    """`check`'s date-range rule on the entry being added, plus a word when it is after as_of.

    Out of 1991-12-16..2100 is refused up front (BadValue) rather than left for the
    re-check; after today (usually a typo) or after `as_of` (no report shows it) is
    written with a warning.  `after_as_of` has `{as_of}` and `{date}` placeholders.
    """
    from amanat_cli.check.rules import RuleContext, date_range

    warnings = []
    # The entry being added is the only one with no place in the file yet.
    for finding in date_range(intended, RuleContext(today=today)):
        if finding.source != NOWHERE:
            continue
        if finding.severity == Severity.ERROR:
            raise BadValue(finding.message, field="date")
        warnings.append(finding.message)
    as_of = intended.branch.as_of
    if as_of is not None and day > as_of:
        warnings.append(after_as_of.format(as_of=as_of, date=day))
    return tuple(warnings)


def find_indicator(roadmap: Roadmap, ref: str) -> Indicator:
    """The indicator `ref`; a section or pledge is the wrong kind."""
    indicator = find([roadmap], ref, members=False).item
    if not isinstance(indicator, Indicator):
        raise WrongKind(
            _("'{ref}' is not an indicator; only indicators have measurements").format(ref=ref)
        )
    return indicator


def plan_record(
    ref: str, measurement: Measurement, *, force: bool = False, replacing: bool = False
) -> Planner:
    """Append a measurement; a second figure on its date needs `replacing` or `force`.

    The same date and value again is refused unless forced; a different value on
    a date that has one is refused too (which is right?), unless `replacing`
    (the figures of that date become this one) or forced (both are kept).
    """

    def plan(roadmap: Roadmap, today: date) -> Plan | str:
        indicator = find_indicator(roadmap, ref)
        that_day = [(n, m) for n, m in enumerate(indicator.values) if m.date == measurement.date]
        if replacing:
            return _replace_figures(roadmap, indicator, that_day, measurement)
        if that_day and not force:
            same = [m for _n, m in that_day if m.value == measurement.value]
            if same:
                message = _(
                    "{id} already has {value} on {date} (line {line}); nothing written — "
                    "use --force to record it again"
                )
            else:
                message = _(
                    "{id} already has {value} on {date} (line {line}); nothing written — "
                    "use --replace to replace it, or --force to keep both"
                )
            first = (same or [m for _n, m in that_day])[0]
            raise RuleRefused(
                message.format(
                    id=indicator.id, value=first.value, date=first.date, line=first.at.line
                )
            )

        def add(item: Item) -> Item:
            assert isinstance(item, Indicator)
            return replace(item, values=(*item.values, measurement))

        fields: dict[str, Scalar] = {"date": measurement.date, "value": measurement.value}
        fields |= {
            k: v for k, v in (("source", measurement.source), ("note", measurement.note)) if v
        }
        summary = _("recorded {value} for {id} on {date} in {path}").format(
            value=measurement.value, id=indicator.id, date=measurement.date, path=roadmap.path
        )
        append = ItemEdit(indicator.id, AppendItem((), "values", fields, flow_when_new=True))
        intended = update_item(roadmap, indicator.id, add)
        late = _(
            "the measurement is dated after the branch's as_of ({as_of}), "
            "so reports will not show it until as_of is moved (amanat set-as-of {date})"
        )
        return Plan(
            [append], intended, summary, _date_warnings(intended, measurement.date, late, today)
        )

    return plan


def _with_values(values: Sequence[Measurement]) -> Callable[[Item], Item]:
    def change(item: Item) -> Item:
        assert isinstance(item, Indicator)
        return replace(item, values=tuple(values))

    return change


def _replace_figures(
    roadmap: Roadmap,
    indicator: Indicator,
    that_day: list[tuple[int, Measurement]],
    measurement: Measurement,
) -> Plan | str:
    """The figure of that date becomes `measurement` (a second one of the date goes).

    Its source and note are kept unless new ones are given: a corrected value
    usually comes from the same report.
    """
    if not that_day:
        raise NotFound(
            _(
                "{id} has no measurement on {date} to replace; nothing written — "
                "record it without --replace"
            ).format(id=indicator.id, date=measurement.date)
        )
    (first, old), *others = that_day
    new = replace(
        old,
        value=measurement.value,
        source=measurement.source or old.source,
        note=measurement.note or old.note,
    )
    if new == old and not others:
        return _("{id} already has {value} on {date}; nothing written").format(
            id=indicator.id, value=old.value, date=old.date
        )
    values = list(indicator.values)
    values[first] = new
    for n, _m in reversed(others):
        del values[n]
    changed = {"value": new.value, "source": measurement.source, "note": measurement.note}
    edits = [
        ItemEdit(indicator.id, SetKey(("values", first), key, value))
        for key, value in changed.items()
        if value is not None
    ]
    edits += [ItemEdit(indicator.id, RemoveItem((), "values", n)) for n, _m in reversed(others)]
    summary = _("replaced {old} with {value} for {id} on {date} in {path}").format(
        old=", ".join(_number(m.value) for _n, m in that_day),
        value=_number(new.value),
        id=indicator.id,
        date=new.date,
        path=roadmap.path,
    )
    intended = update_item(roadmap, indicator.id, _with_values(values))
    return Plan(edits, intended, summary)


def _number(value: float) -> str:
    """A figure as the file writes it (`3`, `3.5`), for messages."""
    return edit.format_number(value)


def plan_unrecord(ref: str, day: date, value: float | None) -> Planner:
    """Remove the measurement of `day` (the one of `value`, when the date has several)."""

    def plan(roadmap: Roadmap, today: date) -> Plan | str:
        indicator = find_indicator(roadmap, ref)
        gone = [
            n
            for n, m in enumerate(indicator.values)
            if m.date == day and (value is None or m.value == value)
        ]
        figures = [_number(indicator.values[n].value) for n in gone]
        if not gone:
            raise _no_measurement(indicator, day, value)
        if len(set(figures)) > 1:
            raise BadValue(
                _("{id} has {values} on {date}; name the one to remove with --value").format(
                    id=indicator.id, values=", ".join(figures), date=day
                )
            )
        kept = [m for n, m in enumerate(indicator.values) if n not in gone]
        edits = [ItemEdit(indicator.id, RemoveItem((), "values", n)) for n in reversed(gone)]
        summary = ngettext(
            "removed {value} of {date} from {id} in {path}",
            "removed {value} of {date} from {id} ({n} times) in {path}",
            len(gone),
        ).format(value=figures[0], date=day, id=indicator.id, n=len(gone), path=roadmap.path)
        intended = update_item(roadmap, indicator.id, _with_values(kept))
        return Plan(edits, intended, summary)

    return plan


def _no_measurement(indicator: Indicator, day: date, value: float | None) -> NotFound:
    """The refusal of a measurement that is not there, naming the dates there are."""
    if value is None:
        message = _("{id} has no measurement on {date}; nothing written")
    else:
        message = _("{id} has no measurement {value} on {date}; nothing written")
    message = message.format(id=indicator.id, value=_number(value or 0), date=day)
    dates = ", ".join(dict.fromkeys(m.date.isoformat() for m in indicator.values))
    if dates:
        message += "; " + _("its dates: {dates}").format(dates=dates)
    return NotFound(message)


def find_pledge(roadmap: Roadmap, ref: str) -> Pledge:
    """The pledge `ref`; a section or indicator is the wrong kind."""
    pledge = find([roadmap], ref, members=False).item
    if not isinstance(pledge, Pledge):
        raise WrongKind(_("'{ref}' is not a pledge").format(ref=ref))
    return pledge


def plan_status(ref: str, status: Status, as_of: date | None) -> Planner:
    """Set `status:` (inserting it when absent); warn when done is not borne out by the figures."""

    def plan(roadmap: Roadmap, today: date) -> Plan | str:
        from amanat_cli.compute.progress import pledge_figures

        pledge = find_pledge(roadmap, ref)
        if pledge.status == status:
            return _("{id} is already {status}; nothing written").format(
                id=pledge.id, status=status
            )

        def change(item: Item) -> Item:
            assert isinstance(item, Pledge)
            return replace(item, status=status)

        day = as_of or roadmap.branch.as_of or today
        figures = pledge_figures(change(pledge), day, roadmap.branch.settings)  # type: ignore[arg-type]
        warnings: tuple[str, ...] = ()
        if figures.unconfirmed:
            warnings = (
                _(
                    "{id} is marked done but its indicators show {percent}% on {as_of} "
                    "(unconfirmed); record the final values"
                ).format(id=pledge.id, percent=math.floor(figures.progress * 100), as_of=day),
            )
        summary = _("set {id} to {status} in {path}").format(
            id=pledge.id, status=status, path=roadmap.path
        )
        set_status = ItemEdit(pledge.id, SetKey((), "status", status.value))
        return Plan([set_status], update_item(roadmap, pledge.id, change), summary, warnings)

    return plan


def district_of(roadmap: Roadmap, district: str | None) -> str | None:
    """The slug of the district typed (its name or a prefix will do) when the file has a
    `districts:` map; without one, the text as typed (refused when it names none or several)."""
    if district is None or not roadmap.districts:
        return district
    return find_district([roadmap], district)


def plan_add_feedback(ref: str, entry: Feedback) -> Planner:
    """Append a feedback entry to a pledge (block style when the list is new)."""

    def plan(roadmap: Roadmap, today: date) -> Plan | str:
        pledge = find_pledge(roadmap, ref)
        said = replace(entry, district=district_of(roadmap, entry.district))

        def add(item: Item) -> Item:
            assert isinstance(item, Pledge)
            return replace(item, feedback=(*item.feedback, said))

        fields: dict[str, Scalar] = {"date": said.date}
        fields |= {"channel": said.channel} if said.channel else {}
        fields["tone"] = said.tone.value
        fields |= {"district": said.district} if said.district else {}
        fields["text"] = said.text
        summary = _("added {tone} feedback #{n} to {id} in {path}").format(
            tone=said.tone, n=len(pledge.feedback) + 1, id=pledge.id, path=roadmap.path
        )
        append = ItemEdit(pledge.id, AppendItem((), "feedback", fields, flow_when_new=False))
        intended = update_item(roadmap, pledge.id, add)
        late = _(
            "the feedback is dated after the branch's as_of ({as_of}), "
            "so reports will not show it until as_of is moved (amanat set-as-of {date})"
        )
        return Plan([append], intended, summary, _date_warnings(intended, said.date, late, today))

    return plan


def _with_feedback_number(roadmap: Roadmap, ref: str, number: int) -> Pledge:
    """The pledge `ref`, if it has a feedback entry number `number` (1-based); else BadValue."""
    pledge = find_pledge(roadmap, ref)
    if not 1 <= number <= len(pledge.feedback):
        raise BadValue(
            _("{id} has {count} feedback entries; N must be 1 to {count}").format(
                id=pledge.id, count=len(pledge.feedback)
            )
        )
    return pledge


def plan_resolve_feedback(ref: str, number: int) -> Planner:
    """Set `resolved: true` on the pledge's feedback number `number` (1-based)."""

    def plan(roadmap: Roadmap, today: date) -> Plan | str:
        pledge = _with_feedback_number(roadmap, ref, number)
        if pledge.feedback[number - 1].resolved:
            return _("feedback #{n} of {id} is already resolved; nothing written").format(
                n=number, id=pledge.id
            )

        def resolve(item: Item) -> Item:
            assert isinstance(item, Pledge)
            entries = list(item.feedback)
            entries[number - 1] = replace(entries[number - 1], resolved=True)
            return replace(item, feedback=tuple(entries))

        summary = _("resolved feedback #{n} of {id} in {path}").format(
            n=number, id=pledge.id, path=roadmap.path
        )
        return Plan(
            [ItemEdit(pledge.id, SetKey(("feedback", number - 1), "resolved", True))],
            update_item(roadmap, pledge.id, resolve),
            summary,
        )

    return plan


def plan_remove_feedback(ref: str, number: int) -> Planner:
    """Remove the pledge's feedback number `number` (1-based); later entries move up one."""

    def plan(roadmap: Roadmap, today: date) -> Plan | str:
        pledge = _with_feedback_number(roadmap, ref, number)
        entry = pledge.feedback[number - 1]

        def remove(item: Item) -> Item:
            assert isinstance(item, Pledge)
            return replace(item, feedback=item.feedback[: number - 1] + item.feedback[number:])

        summary = _("removed feedback #{n} of {id} ({tone}, {date}) in {path}").format(
            n=number, id=pledge.id, tone=entry.tone, date=entry.date, path=roadmap.path
        )
        warnings: tuple[str, ...] = ()
        if number < len(pledge.feedback):
            warnings = (
                _("the feedback after it is renumbered: #{next} is now #{n}").format(
                    next=number + 1, n=number
                ),
            )
        removal = ItemEdit(pledge.id, RemoveItem((), "feedback", number - 1))
        return Plan([removal], update_item(roadmap, pledge.id, remove), summary, warnings)

    return plan


def plan_set_as_of(day: date) -> Planner:
    """Set `branch.as_of`, the date reports are computed for; warn when it looks wrong."""

    def plan(roadmap: Roadmap, today: date) -> Plan | str:
        from amanat_cli.check.rules import RuleContext, as_of_range

        branch = roadmap.branch
        if branch.as_of == day:
            return _("{branch} is already as of {date}; nothing written").format(
                branch=branch.id, date=day
            )
        intended = replace(roadmap, branch=replace(branch, as_of=day))
        warnings = [finding.message for finding in as_of_range(intended, RuleContext(today))]
        if day > today:
            warnings.append(
                _("{date} is after today ({today}): figures will expect progress not yet due")
                .format(date=day, today=today)
            )  # fmt: skip
        if branch.as_of is None:
            summary = _("set the as_of of {branch} to {date} in {path}")
        else:
            summary = _("moved the as_of of {branch} from {old} to {date} in {path}")
        summary = summary.format(branch=branch.id, old=branch.as_of, date=day, path=roadmap.path)
        edits = [ItemEdit(ROOT, SetKey(("branch",), "as_of", day))]
        return Plan(edits, intended, summary, tuple(warnings))

    return plan


def _load_editable(
    store: Store, snapshot: safewrite.Snapshot, today: date
) -> tuple[Roadmap, Layout | None]:
    """The roadmap in these bytes, with its layout; InvalidRoadmap if the file cannot be read whole.

    An error of reading (syntax, a wrong type, an unknown key) means some of the
    file is not in the model, so no edit of it could be verified: refused.  The
    rules' errors (an owner who left the Bureau) are the write's business: a
    change may keep or remove them, never add one (`_judge`).
    """
    from amanat_cli.check.rules import check

    # Usually remembered by the store: `files_of` has just loaded these very bytes.
    # The edited text is verified with a fresh parse (edit.edit_lines or edit.verify),
    # never from the cache.
    roadmap, problems, layout = store.load_bytes(snapshot.data, snapshot.path)
    reading = _errors(problems)
    if roadmap is None or reading:
        rules = check([roadmap], today=today) if roadmap is not None else []
        raise InvalidRoadmap(_errors([*reading, *rules]))
    return roadmap, layout


def _judge(before: Roadmap, plan: Plan, today: date) -> tuple[Problem, ...]:
    """The errors the change removes; refuses (AddsErrors) a change that adds any.

    Both models are checked in memory, and the objects a change leaves alone keep
    the place they were read from, so an error is the same error before and after
    exactly when its rule and place are (its words may change: a list of eligible
    members grows when a member joins the Bureau).  What the change adds has no
    place in the file yet, or one the error did not have before.
    """
    from amanat_cli.check.rules import check

    def keyed(roadmap: Roadmap) -> dict[tuple[str, Source | None], list[Problem]]:
        found: dict[tuple[str, Source | None], list[Problem]] = {}
        for problem in _errors(check([roadmap], today=today)):
            found.setdefault((problem.rule, problem.source), []).append(problem)
        return found

    old, new = keyed(before), keyed(plan.intended)
    added = [p for key, ps in new.items() for p in ps[len(old.get(key, ())) :]]
    if added:
        raise AddsErrors(sorted(added, key=Problem.sort_key))
    return tuple(p for key, ps in old.items() for p in ps[len(new.get(key, ())) :])


def _edit_whole_file(data: bytes, path: str, plan: Plan) -> bytes:
    """Make the plan's edits on the whole text and verify it by loading all of it again."""
    try:
        edits = edit.absolute(edit.tree_of(data, path), plan.edits)
        new_data = edit.apply_edits(data, path, edits)
    except edit.EditError as error:
        raise WriteRefused(
            _("internal: cannot make this edit ({reason}); nothing written").format(reason=error)
        ) from None
    edit.verify(new_data, plan.intended)
    return new_data


def write_change(
    store: Store, path: Path, planner: Planner, *, dry_run: bool, today: date
) -> Outcome:
    """Lock, read, check, plan, edit, verify, then write — or, with dry_run, only diff."""
    if not dry_run and path.resolve() == SAMPLE_ROADMAP.resolve():
        # With no roadmaps/ folder the scope is the sample inside the package; writing
        # there would change the installed program (and every later `amanat status`).
        raise WriteRefused(
            _(
                "{path} is the sample roadmap that ships with amanat; nothing written — "
                "copy it into a roadmaps/ folder and change the copy"
            ).format(path=path)
        )
    with contextlib.nullcontext() if dry_run else safewrite.locked(path):
        snapshot = safewrite.read_snapshot(path)
        roadmap, layout = _load_editable(store, snapshot, today)
        plan = planner(roadmap, today)
        if isinstance(plan, str):
            return Outcome(plan + "\n")
        fixed = _judge(roadmap, plan, today)
        new_data = None
        if layout is not None:  # usually: edit and re-read only the items' lines
            new_data = edit.edit_lines(
                snapshot.data, roadmap.path, plan.edits, layout, roadmap, plan.intended
            )
        if new_data is None:
            new_data = _edit_whole_file(snapshot.data, roadmap.path, plan)
        if dry_run:
            diff = edit.unified_diff(snapshot.data, new_data, roadmap.path)
            return Outcome(diff, plan.warnings)  # nothing after the diff: it may go to `patch`
        safewrite.commit(snapshot, new_data, diff_roadmaps(roadmap, plan.intended))
    return Outcome(plan.summary + "\n", plan.warnings, fixed)


def member_label(member: Member) -> str:
    """`id (Full Name)`, the way people are named in messages."""
    return f"{member.id} ({member.name})"
