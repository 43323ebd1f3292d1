"""The meeting pack: what a Bureau or Political Council meeting needs, in one model.

`build_pack` gathers it from the figures of `progress` and the rows of
`report` (it computes no figure itself); `pack_tables` lays it out as typed
tables that every exporter renders (md, html, csv, xlsx), so the formats
never disagree.  Core module: no Typer, no Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from amanat_cli.compute.modeldiff import TONE_LABELS, Change, diff_roadmaps
from amanat_cli.compute.progress import BranchFigures, RollUp, compute, roll_up
from amanat_cli.compute.report import (
    BranchReport,
    Filters,
    IndicatorRow,
    MemberLoad,
    Owner,
    PledgeRow,
    SectionBlock,
    body_label,
    build_status,
    flag_label,
    member_load,
    owner_of,
    rag_label,
    status_label,
)
from amanat_cli.errors import UserError
from amanat_cli.i18n import _
from amanat_cli.model import Body, Feedback, Rag, Roadmap, Status, Tone
from amanat_cli.render.localefmt import format_date, format_number, format_percent

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
    meeting: str
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


def _in_focus(change: Change, blocks: Sequence[SectionBlock], whole: bool) -> bool:
    if whole:
        return True
    ids = {b.section.id for b in blocks}
    for block in blocks:
        for row in block.pledges:
            ids.add(row.pledge.id)
            ids.update(i.indicator.id for i in row.indicators)
    return change.item in ids


def _feedback_rows(blocks: Sequence[SectionBlock], as_of: date) -> tuple[FeedbackRow, ...]:
    rows = [
        FeedbackRow(block.section.id, row.pledge.id, f, f in row.figures.negative_feedback)
        for block in blocks
        for row in block.pledges
        for f in row.pledge.feedback
        if f.date <= as_of
    ]
    return tuple(sorted(rows, key=lambda r: r.feedback.date, reverse=True))


PACK_BODIES = (Body.BUREAU, Body.POLITICAL_COUNCIL)
"""The bodies a pack can focus on (the faction owns no sections or indicators by the rules)."""


def pack_body(text: str) -> Body:
    """--body of a pack: bureau or political_council; anything else is a usage error."""
    body = Body.__members__.get(text.strip().upper().replace("-", "_"))
    if body not in PACK_BODIES:
        raise UserError(
            _("unknown body '{value}'; choose from: {choices}").format(
                value=text, choices=", ".join(b.value for b in PACK_BODIES)
            )
        )
    assert body is not None
    return body


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
    body: str | None = None,
    member: str | None = None,
    since: date | None = None,
    previous: Roadmap | None = None,
    since_revision: str | None = None,
) -> MeetingPack:
    """The pack for one branch; unknown body or member → UserError (exit 2, with closest).

    `previous` (the roadmap at `since_revision`) makes the changes a model diff;
    otherwise they are what is dated in (since, as_of], since defaulting to 30 days.
    """
    figures = compute(roadmap, as_of)
    focus_body = pack_body(body) if body is not None else None
    report = _focus_report(figures, focus_body, member)
    blocks = report.sections
    whole = focus_body is None and member is None
    if previous is not None:
        window_start = None
        changes = tuple(c for c in diff_roadmaps(previous, roadmap) if _in_focus(c, blocks, whole))
    else:
        window_start = since or as_of - timedelta(days=DEFAULT_WINDOW_DAYS)
        changes = _window_changes(blocks, window_start, as_of)
    if member is not None:
        members = [m for m in roadmap.members if m.id == member]
    elif focus_body is not None:
        members = [m for m in roadmap.members if m.sits_in(focus_body)]
    else:
        members = list(roadmap.members)
    return MeetingPack(
        roadmap=roadmap,
        as_of=as_of,
        meeting=meeting or _("meeting of {date}").format(date=as_of.isoformat()),
        body=focus_body,
        member=owner_of(roadmap, member),
        totals=report.totals,
        unassigned_sections=sum(1 for b in blocks if b.section.sensitive and not b.section.owner),
        unassigned_indicators=sum(
            1 for b in blocks for p in b.pledges for i in p.indicators if not i.indicator.owner
        ),
        exceptions=_exceptions(blocks, focus_body, member),
        rule_gaps=_rule_gaps(roadmap, blocks, focus_body, member),
        since=window_start,
        since_revision=since_revision if previous is not None else None,
        changes=changes,
        load=tuple(member_load(figures, m) for m in members),
        sections=blocks,
        feedback=_feedback_rows(blocks, as_of),
        figures=figures,
    )


# --------------------------------------------------------------------------- tables

Cell = str | int | float | date | bool | None


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a pack table: stable key, translated label, and how to show the value."""

    key: str
    """English, stable: csv/json headers."""
    label: str
    kind: str
    """text, int, number, decimal (computed), gap (signed), percent, date, bool, or a key of `_WORDS`."""


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table of typed cells; renderers decide the layout."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


def _col(key: str, label: str, kind: str = "text") -> Column:
    return Column(key, label, kind)


def owner_text(owner: Owner | None) -> str:
    """`Name (id)`, or a dash for nobody."""
    return f"{owner.name} ({owner.id})" if owner else "—"


def owners_text(owners: Sequence[Owner]) -> str:
    """`Name (id), Name (id)`, or a dash for nobody."""
    return ", ".join(owner_text(o) for o in owners) or "—"


def headline_rows(pack: MeetingPack) -> list[tuple[str, str, float | int | None, str]]:
    """The headline figures: (key, translated label, value, kind: percent or int)."""
    totals = pack.totals
    return [
        ("progress", _("Progress"), totals.progress, "percent"),
        ("coverage", _("Coverage (indicators with data)"), totals.coverage, "percent"),
        *(
            (f"pledges_{rag.value}", _("Pledges: {rag}").format(rag=rag_label(rag)), n, "int")
            for rag, n in totals.counts.items()
        ),
        ("unconfirmed", _("Unconfirmed (done without the numbers)"), totals.unconfirmed, "int"),
        ("contested", _("Contested by residents"), totals.contested, "int"),
        ("stale", _("Stale indicators"), totals.stale, "int"),
        ("overdue", _("Overdue pledges"), totals.overdue, "int"),
        (
            "unassigned_sections",
            _("Sensitive sections without an owner"),
            pack.unassigned_sections,
            "int",
        ),
        (
            "unassigned_indicators",
            _("Indicators without an owner"),
            pack.unassigned_indicators,
            "int",
        ),
    ]


_WORDS: dict[str, Callable[[str], str]] = {
    "rag": lambda word: rag_label(Rag(word)),
    "status": lambda word: status_label(Status(word)),
    "flags": flag_label,
    "tone": lambda word: _(TONE_LABELS[Tone(word)]),
    "bodies": lambda word: body_label(Body(word)),
}
"""Kinds of text cells that hold English keys, shown translated."""


def number_text(value: float) -> str:
    """A number as people write it: no trailing zeros, at most two decimals."""
    return format_number(value, 2, trim=True)  # «1 234,5» in Russian


def gap_text(ahead: float) -> str:
    """`ahead by 1.2`, `behind by 4.44` or `on the trajectory`: reads alike for falling targets."""
    if ahead > 0:
        return _("ahead by {n}").format(n=number_text(ahead))
    if ahead < 0:
        return _("behind by {n}").format(n=number_text(-ahead))
    return _("on the trajectory")


def cell_text(value: Cell, kind: str) -> str:
    """A cell as display text (md, html): percent, dates ISO, rag as a word, dash for none."""
    if value is None or value == "":
        return "—"
    if kind == "percent" and isinstance(value, int | float):
        return format_percent(value, 1)  # as `amanat status` shows it
    if kind == "gap" and isinstance(value, int | float):
        return gap_text(value)
    if isinstance(value, str) and kind in _WORDS:
        return ", ".join(_WORDS[kind](word) for word in value.split(",") if word)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return format_date(value, short=True)
    if isinstance(value, int | float):
        return number_text(value)
    return str(value)


def exceptions_table(pack: MeetingPack) -> Table:
    """Red then amber items with owner, gap, overdue days and feedback."""
    rows = []
    for item in pack.exceptions:
        figures = item.indicator.figures if item.indicator else None
        latest = figures.latest if figures else None
        quote = item.latest_quote
        rows.append(
            (
                item.rag.value,
                item.kind,
                item.item_id,
                item.title,
                ", ".join(o.id for o in item.owners) or None,
                ", ".join(o.name for o in item.owners) or None,
                item.indicator.figures.progress if item.indicator else item.pledge.figures.progress,
                figures.expected if figures else None,
                latest.value if latest else None,
                latest.date if latest else None,
                figures.expected_value if figures and latest else None,
                item.gap,
                item.indicator.indicator.unit if item.indicator else None,
                item.days_overdue,
                len(item.negative_feedback),
                quote.text if quote else None,
            )
        )
    return Table(
        "exceptions",
        _("Exceptions: red, then amber"),
        (
            _col("rag", _("Rag"), "rag"),
            _col("kind", _("Kind")),
            _col("id", _("Id")),
            _col("title", _("Title")),
            _col("owner", _("Owner id")),
            _col("owner_name", _("Owner")),
            _col("progress", _("Progress"), "percent"),
            _col("expected", _("Expected"), "percent"),
            _col("latest", _("Latest"), "number"),
            _col("latest_date", _("Measured"), "date"),
            _col("expected_value", _("Expected value today"), "decimal"),
            _col("ahead_of_trajectory", _("Ahead (+) or behind (−) the trajectory"), "gap"),
            _col("unit", _("Unit")),
            _col("days_overdue", _("Days overdue"), "int"),
            _col("negative_feedback", _("Negative feedback"), "int"),
            _col("latest_quote", _("Latest complaint")),
        ),
        tuple(rows),
    )


def rule_gaps_table(pack: MeetingPack) -> Table:
    """Owners missing or in the wrong body."""
    rows = tuple(
        (
            gap.kind,
            gap.item_id,
            gap.title,
            gap.owner.id if gap.owner else None,
            gap.owner.name if gap.owner else None,
            gap.needs.value,
        )
        for gap in pack.rule_gaps
    )
    return Table(
        "rule_gaps",
        _("Ownership gaps"),
        (
            _col("kind", _("Kind")),
            _col("id", _("Id")),
            _col("title", _("Title")),
            _col("owner", _("Owner id")),
            _col("owner_name", _("Owner")),
            _col("needs", _("Owner must be in"), "bodies"),
        ),
        rows,
    )


def changes_table(pack: MeetingPack) -> Table:
    """What changed since the last meeting."""
    rows = tuple((c.date, c.kind, c.item, c.describe()) for c in pack.changes)
    return Table(
        "changes",
        _("Changes since the last meeting"),
        (
            _col("date", _("Date"), "date"),
            _col("kind", _("Kind")),
            _col("item", _("Id")),
            _col("change", _("Change")),
        ),
        rows,
    )


def load_table(pack: MeetingPack) -> Table:
    """Each member's load."""
    rows = tuple(
        (
            load.member.id,
            load.member.name,
            ",".join(b.value for b in load.member.bodies),
            len(load.sections),
            len(load.indicators),
            load.red,
            load.amber,
            load.overdue,
        )
        for load in pack.load
    )
    return Table(
        "load",
        _("Load by member"),
        (
            _col("id", _("Id")),
            _col("name", _("Member")),
            _col("bodies", _("Bodies"), "bodies"),
            _col("sections", _("Sections"), "int"),
            _col("indicators", _("Indicators"), "int"),
            _col("red", _("Red"), "int"),
            _col("amber", _("Amber"), "int"),
            _col("overdue", _("Overdue"), "int"),
        ),
        rows,
    )


def pledges_table(pack: MeetingPack) -> Table:
    """Every pledge, one line each, with its section."""
    rows = tuple(
        (
            block.section.id,
            row.pledge.id,
            row.pledge.title,
            row.pledge.status.value,
            row.figures.rag.value,
            row.figures.progress,
            row.figures.coverage,
            row.pledge.due,
            row.figures.days_overdue,
            ",".join(row.flags),
        )
        for block in pack.sections
        for row in block.pledges
    )
    return Table(
        "pledges",
        _("Every pledge"),
        (
            _col("section", _("Section")),
            _col("id", _("Id")),
            _col("title", _("Title")),
            _col("status", _("Status"), "status"),
            _col("rag", _("Rag"), "rag"),
            _col("progress", _("Progress"), "percent"),
            _col("coverage", _("Coverage"), "percent"),
            _col("due", _("Due"), "date"),
            _col("days_overdue", _("Days overdue"), "int"),
            _col("flags", _("Flags"), "flags"),
        ),
        rows,
    )


def indicators_table(pack: MeetingPack) -> Table:
    """Every indicator in focus with its figures."""
    rows = []
    for block in pack.sections:
        for pledge in block.pledges:
            for row in pledge.indicators:
                f, i = row.figures, row.indicator
                rows.append(
                    (
                        block.section.id,
                        pledge.pledge.id,
                        i.id,
                        i.title,
                        row.owner.id if row.owner else None,
                        row.owner.name if row.owner else None,
                        i.unit,
                        i.baseline,
                        i.target,
                        i.start,
                        i.due,
                        f.latest.value if f.latest else None,
                        f.latest.date if f.latest else None,
                        f.expected_value,
                        f.progress,
                        f.expected,
                        f.rag.value,
                        f.stale,
                        f.days_overdue,
                    )
                )
    return Table(
        "indicators",
        _("Indicators"),
        (
            _col("section", _("Section")),
            _col("pledge", _("Pledge")),
            _col("id", _("Id")),
            _col("title", _("Title")),
            _col("owner", _("Owner id")),
            _col("owner_name", _("Owner")),
            _col("unit", _("Unit")),
            _col("baseline", _("Baseline"), "number"),
            _col("target", _("Target"), "number"),
            _col("start", _("Start"), "date"),
            _col("due", _("Due"), "date"),
            _col("latest", _("Latest"), "number"),
            _col("latest_date", _("Measured"), "date"),
            _col("expected_value", _("Expected value today"), "decimal"),
            _col("progress", _("Progress"), "percent"),
            _col("expected", _("Expected"), "percent"),
            _col("rag", _("Rag"), "rag"),
            _col("stale", _("Stale"), "bool"),
            _col("days_overdue", _("Days overdue"), "int"),
        ),
        tuple(rows),
    )


def feedback_table(pack: MeetingPack) -> Table:
    """All feedback on pledges in focus, newest first."""
    rows = tuple(
        (
            r.feedback.date,
            r.section_id,
            r.pledge_id,
            r.feedback.tone.value,
            r.feedback.channel,
            r.feedback.district,
            r.feedback.resolved,
            r.in_window,
            r.feedback.text,
        )
        for r in pack.feedback
    )
    return Table(
        "feedback",
        _("Feedback"),
        (
            _col("date", _("Date"), "date"),
            _col("section", _("Section")),
            _col("pledge", _("Pledge")),
            _col("tone", _("Tone"), "tone"),
            _col("channel", _("Channel")),
            _col("district", _("District")),
            _col("resolved", _("Resolved"), "bool"),
            _col("in_window", _("Counts now"), "bool"),
            _col("text", _("Text")),
        ),
        rows,
    )


def pack_heading(pack: MeetingPack) -> str:
    """The pack's heading with the branch name, e.g. `Meeting pack: Town branch`."""
    branch = pack.roadmap.branch.name
    if pack.member is not None:
        return _("Personal brief for {name}, {branch}").format(name=pack.member.name, branch=branch)
    return f"{pack_title(pack)}: {branch}"


def pack_title(pack: MeetingPack) -> str:
    """The pack's short title: whose brief, for which body."""
    if pack.member is not None:
        return _("Personal brief for {name}").format(name=pack.member.name)
    if pack.body is not None:
        return _("Meeting pack for the {body}").format(body=body_label(pack.body))
    return _("Meeting pack")


def changes_caption(pack: MeetingPack) -> str:
    """Where the changes are counted from."""
    if pack.since_revision is not None:
        return _("Changes in the file since git revision {rev}.").format(rev=pack.since_revision)
    assert pack.since is not None
    return _("Measurements and feedback dated after {since} up to {as_of}.").format(
        since=pack.since.isoformat(), as_of=pack.as_of.isoformat()
    )


def pack_tables(pack: MeetingPack) -> tuple[Table, ...]:
    """Every table of the pack, in the order the pack shows them."""
    return (
        exceptions_table(pack),
        rule_gaps_table(pack),
        changes_table(pack),
        load_table(pack),
        pledges_table(pack),
        indicators_table(pack),
        feedback_table(pack),
    )
