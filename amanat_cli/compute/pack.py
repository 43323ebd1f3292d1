"""The meeting pack: what a Bureau or Political Council meeting needs, in one model.

`build_pack` gathers it from the figures of `progress` and the rows of
`report` (it computes no figure itself); `render.pack_tables` lays it out as
typed tables that every exporter renders (md, html, csv, xlsx), so the
formats never disagree.  Core module: no Typer, no Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from amanat_cli.compute.modeldiff import Change, diff_roadmaps
from amanat_cli.compute.progress import BranchFigures, RollUp, compute, roll_up
from amanat_cli.compute.report import (
    BranchReport,
    Filters,
    IndicatorRow,
    MemberLoad,
    Owner,
    PledgeRow,
    SectionBlock,
    build_status,
    member_load,
    owner_of,
)
from amanat_cli.model import Body, Feedback, Rag, Roadmap
from amanat_cli.read.scope import is_bundled_sample

DEFAULT_WINDOW_DAYS = 30
"""Without --since, "changes since the last meeting" covers this many days."""

EXCEPTION_RAGS = (Rag.RED, Rag.AMBER)


@dataclass(frozen=True, slots=True)
class ExceptionItem:
    """A red or amber pledge or indicator, with what the meeting must discuss."""

    kind: str
    """pledge or indicator."""
    pledge: PledgeRow
    indicator: IndicatorRow | None
    owners: tuple[Owner, ...]
    """The indicator's owner; for a pledge, its indicators' owners (as `amanat status` shows)."""

    @property
    def rag(self) -> Rag:
        """The item's rag."""
        return self.indicator.figures.rag if self.indicator else self.pledge.figures.rag

    @property
    def item_id(self) -> str:
        """The pledge or indicator id."""
        return self.indicator.indicator.id if self.indicator else self.pledge.pledge.id

    @property
    def title(self) -> str:
        """The pledge or indicator title."""
        return self.indicator.indicator.title if self.indicator else self.pledge.pledge.title

    @property
    def days_overdue(self) -> int:
        """Days past due (0 when not overdue)."""
        figures = self.indicator.figures if self.indicator else self.pledge.figures
        return figures.days_overdue

    @property
    def gap(self) -> float | None:
        """How far ahead of the trajectory (negative: behind); indicators with data only."""
        return ahead_of_trajectory(self.indicator) if self.indicator else None

    @property
    def negative_feedback(self) -> tuple[Feedback, ...]:
        """Unresolved negative feedback on the pledge in the feedback window."""
        return self.pledge.figures.negative_feedback

    @property
    def latest_quote(self) -> Feedback | None:
        """The most recent of that feedback."""
        return max(self.negative_feedback, key=lambda f: f.date, default=None)


def ahead_of_trajectory(row: IndicatorRow) -> float | None:
    """(latest − expected value today) · sign(target − baseline): positive is ahead.

    The sign makes a falling target (a queue, emissions) read like a rising one.
    None without a measurement.
    """
    figures, indicator = row.figures, row.indicator
    if figures.latest is None:
        return None
    direction = -1 if indicator.target < indicator.baseline else 1
    return (figures.latest.value - figures.expected_value) * direction


@dataclass(frozen=True, slots=True)
class RuleGap:
    """A sensitive section without a Bureau owner, or an indicator without a Council owner."""

    kind: str
    """section or indicator."""
    item_id: str
    title: str
    owner: Owner | None
    """The owner named in the file (None: nobody)."""
    needs: Body


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    """One piece of feedback, with where it belongs."""

    section_id: str
    pledge_id: str
    feedback: Feedback
    in_window: bool
    """Counted as unresolved negative feedback in the window."""


@dataclass(frozen=True, slots=True)
class MeetingPack:
    """Everything a meeting pack shows, in the order it is shown."""

    roadmap: Roadmap
    as_of: date
    meeting: str | None
    """--meeting as given (None: the pack is only "as of" its date; no meeting is invented)."""
    sample: bool
    """Made from the fictional sample bundled with amanat, not a branch's own roadmap."""
    body: Body | None
    """--body: the focus of the pack (None: the whole branch)."""
    member: Owner | None
    """--member: a personal brief of what this member owns."""
    totals: RollUp
    """Headline figures of the pledges in focus."""
    unassigned_sections: int
    """Sensitive sections in focus with no owner."""
    unassigned_indicators: int
    """Indicators in focus with no owner."""
    exceptions: tuple[ExceptionItem, ...]
    """Red first, then amber; within a rag, file order."""
    rule_gaps: tuple[RuleGap, ...]
    since: date | None
    """Start of the changes window (exclusive); None when changes come from git."""
    since_revision: str | None
    """The git revision the changes are counted from, when --since git:REV."""
    changes: tuple[Change, ...]
    load: tuple[MemberLoad, ...]
    sections: tuple[SectionBlock, ...]
    """Every pledge in focus, grouped by section."""
    feedback: tuple[FeedbackRow, ...]
    """All feedback on pledges in focus dated on or before as_of, newest first."""
    figures: BranchFigures


def _exceptions(
    blocks: Sequence[SectionBlock], body: Body | None, member: str | None
) -> tuple[ExceptionItem, ...]:
    found: list[ExceptionItem] = []
    for rag in EXCEPTION_RAGS:
        for block in blocks:
            # A personal brief shows a pledge only when its section is the member's.
            show_pledges = body != Body.POLITICAL_COUNCIL and (
                member is None or block.section.owner == member
            )
            for row in block.pledges:
                if row.figures.cancelled:
                    continue
                if show_pledges and row.figures.rag == rag:
                    found.append(ExceptionItem("pledge", row, None, row.owners))
                found.extend(
                    ExceptionItem(
                        "indicator", row, indicator, (indicator.owner,) if indicator.owner else ()
                    )
                    for indicator in row.indicators
                    if indicator.figures.rag == rag
                )
    return tuple(found)


def _rule_gaps(
    roadmap: Roadmap, blocks: Sequence[SectionBlock], body: Body | None, member: str | None
) -> tuple[RuleGap, ...]:
    def lacks(owner_id: str | None, needed: Body) -> bool:
        owner = roadmap.member(owner_id) if owner_id else None
        return owner is None or not owner.sits_in(needed)

    gaps: list[RuleGap] = []
    for block in blocks:
        section = block.section
        if (
            body != Body.POLITICAL_COUNCIL
            and section.sensitive
            and (member is None or section.owner == member)
            and lacks(section.owner, Body.BUREAU)
        ):
            gaps.append(RuleGap("section", section.id, section.title, block.owner, Body.BUREAU))
        if body == Body.BUREAU:
            continue
        gaps.extend(
            RuleGap(
                "indicator",
                row.indicator.id,
                row.indicator.title,
                row.owner,
                Body.POLITICAL_COUNCIL,
            )
            for pledge in block.pledges
            for row in pledge.indicators
            if lacks(row.indicator.owner, Body.POLITICAL_COUNCIL)
        )
    return tuple(gaps)


def _window_changes(blocks: Sequence[SectionBlock], since: date, as_of: date) -> tuple[Change, ...]:
    """Measurements and feedback dated since < date ≤ as_of, oldest first."""
    changes: list[Change] = []
    for block in blocks:
        for row in block.pledges:
            for indicator in row.indicators:
                changes.extend(
                    Change(
                        "measurement-added",
                        indicator.indicator.id,
                        None,
                        None,
                        m.value,
                        m.date,
                        m.source,
                    )
                    for m in indicator.indicator.values
                    if since < m.date <= as_of
                )
            changes.extend(
                Change("feedback-added", row.pledge.id, "tone", None, f.tone.value, f.date, f.text)
                for f in row.pledge.feedback
                if since < f.date <= as_of
            )
    return tuple(sorted(changes, key=lambda c: c.date or as_of))


BRANCH_CHANGES = ("branch-changed", "settings-changed")
"""Changes every reader of a pack must see, whatever its focus (as_of moved, gaps changed)."""
MEMBER_CHANGES = ("member-added", "member-removed", "member-changed")


def rag_moves(before: BranchFigures, after: BranchFigures) -> list[Change]:
    """Pledges whose rag moved (`transport-buses: red → done`), in the later file's order.

    A rag is computed, not written, so no model diff shows it: a measurement, a status,
    or only time passing (a later as_of) moves it.  Pledges on one side only are left out
    (the diff says they were added or removed).
    """
    earlier = {f.pledge.id: f.rag for f in before.pledges()}
    return [
        Change("rag-changed", f.pledge.id, "rag", str(earlier[f.pledge.id]), str(f.rag))
        for f in after.pledges()
        if f.pledge.id in earlier and earlier[f.pledge.id] != f.rag
    ]


def _focus(
    blocks: Sequence[SectionBlock],
    body: Body | None,
    member: str | None,
    versions: Sequence[Roadmap],
) -> Callable[[Change], bool]:
    """Whether a change concerns the pack's focus: its items, its body's members, the branch.

    The ids in focus are gathered once: looking each change up among every item of
    the pack would be quadratic in a roadmap with thousands of changes.
    """
    if body is None and member is None:
        return lambda change: True
    items = _focus_ids(blocks)
    if member is not None:
        people = {member}
    else:  # who joined or left the body, in either version
        assert body is not None
        people = {m.id for roadmap in versions for m in roadmap.members if m.sits_in(body)}

    def concerns(change: Change) -> bool:
        if change.kind in BRANCH_CHANGES:
            return True
        return change.item in (people if change.kind in MEMBER_CHANGES else items)

    return concerns


def _focus_ids(blocks: Sequence[SectionBlock]) -> set[str]:
    """The ids of the sections, pledges and indicators in focus."""
    ids = {b.section.id for b in blocks}
    for block in blocks:
        for row in block.pledges:
            ids.add(row.pledge.id)
            ids.update(i.indicator.id for i in row.indicators)
    return ids


def _feedback_rows(blocks: Sequence[SectionBlock], as_of: date) -> tuple[FeedbackRow, ...]:
    rows: list[FeedbackRow] = []
    for block in blocks:
        for row in block.pledges:
            # By identity: `in` on the tuple compared each entry with every counted
            # one (quadratic: 17.6 of 17.7 s for 10,000 entries on one pledge).
            counted = {id(f) for f in row.figures.negative_feedback}
            rows.extend(
                FeedbackRow(block.section.id, row.pledge.id, f, id(f) in counted)
                for f in row.pledge.feedback
                if f.date <= as_of
            )
    return tuple(sorted(rows, key=lambda r: r.feedback.date, reverse=True))


def _focus_report(figures: BranchFigures, body: Body | None, member: str | None) -> BranchReport:
    filters = Filters(owner=member) if member is not None else None
    report = build_status([figures], filters).branches[0]
    if body == Body.BUREAU:  # the Bureau answers for the socially sensitive sections
        blocks = tuple(b for b in report.sections if b.section.sensitive)
        return BranchReport(
            report.roadmap,
            report.as_of,
            roll_up(r.figures for b in blocks for r in b.pledges),
            blocks,
            figures,
            report.pledges_total,
        )
    return report


def build_pack(
    roadmap: Roadmap,
    as_of: date,
    *,
    meeting: str | None = None,
    body: Body | None = None,
    member: str | None = None,
    since: date | None = None,
    previous: Roadmap | None = None,
    since_revision: str | None = None,
) -> MeetingPack:
    """The pack for one branch, focused on a body or a member; an unknown member → NotFound
    (naming the closest ids).

    `previous` (the roadmap at `since_revision`) makes the changes a model diff;
    otherwise they are what is dated in (since, as_of], since defaulting to 30 days.
    """
    figures = compute(roadmap, as_of)
    report = _focus_report(figures, body, member)
    blocks = report.sections
    if previous is not None:
        window_start = None
        earlier = compute(previous, previous.branch.as_of or as_of)
        found = [*diff_roadmaps(previous, roadmap), *rag_moves(earlier, figures)]
        in_focus = _focus(blocks, body, member, (previous, roadmap))
        changes = tuple(c for c in found if in_focus(c))
    else:
        window_start = since or as_of - timedelta(days=DEFAULT_WINDOW_DAYS)
        changes = _window_changes(blocks, window_start, as_of)
        moves = rag_moves(compute(roadmap, window_start), figures)
        in_focus = _focus(blocks, body, member, (roadmap,))
        changes += tuple(c for c in moves if in_focus(c))
    if member is not None:
        members = [m for m in roadmap.members if m.id == member]
    elif body is not None:
        members = [m for m in roadmap.members if m.sits_in(body)]
    else:
        members = list(roadmap.members)
    return MeetingPack(
        roadmap=roadmap,
        as_of=as_of,
        meeting=meeting or None,
        sample=is_bundled_sample(roadmap.path),
        body=body,
        member=owner_of(roadmap, member),
        totals=report.shown,
        unassigned_sections=sum(1 for b in blocks if b.section.sensitive and not b.section.owner),
        unassigned_indicators=sum(
            1 for b in blocks for p in b.pledges for i in p.indicators if not i.indicator.owner
        ),
        exceptions=_exceptions(blocks, body, member),
        rule_gaps=_rule_gaps(roadmap, blocks, body, member),
        since=window_start,
        since_revision=since_revision if previous is not None else None,
        changes=changes,
        load=tuple(member_load(figures, m) for m in members),
        sections=blocks,
        feedback=_feedback_rows(blocks, as_of),
        figures=figures,
    )
