"""Row models shared by every view: the terminal table, tsv/csv/md/json, the meeting pack.

`build_status(...)` turns the figures of `progress` into rows, with owners'
names resolved and the filters of `amanat status` applied.  Views only lay
the rows out; none of them computes a figure.

Core module: no Typer, no Rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from amanat_cli.compute.progress import (
    BranchFigures,
    IndicatorFigures,
    PledgeFigures,
    RollUp,
    SectionFigures,
    roll_up,
)
from amanat_cli.i18n import _
from amanat_cli.model import (
    Body,
    Indicator,
    Member,
    Pledge,
    Rag,
    Roadmap,
    Section,
)
from amanat_cli.read.scope import unknown_value

# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class Owner:
    """A member named as owner: id and display name (the id when no such member)."""

    id: str
    name: str


_members_by_id: tuple[tuple[Member, ...], dict[str, Member]] = ((), {})
"""The last roadmap's members by id: `Roadmap.member` scans the list, and a national
report looks owners up 20,000 times (a third of its rows' time)."""


def owner_of(roadmap: Roadmap, member_id: str | None) -> Owner | None:
    """The owner with a display name, or None when there is no owner."""
    global _members_by_id
    if member_id is None:
        return None
    members, by_id = _members_by_id
    if members is not roadmap.members:  # the index holds the tuple, so `is` is safe
        by_id = {m.id: m for m in reversed(roadmap.members)}  # the first of a repeated id
        _members_by_id = roadmap.members, by_id
    member = by_id.get(member_id)
    return Owner(member_id, member.name if member is not None else member_id)


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator as every view shows it."""

    figures: IndicatorFigures
    owner: Owner | None

    @property
    def indicator(self) -> Indicator:
        """The indicator itself."""
        return self.figures.indicator

    @property
    def flags(self) -> tuple[str, ...]:
        """Flag words' keys: `stale` when its data is old."""
        return ("stale",) if self.figures.stale else ()


@dataclass(frozen=True, slots=True)
class PledgeRow:
    """One pledge as every view shows it, with its indicator rows."""

    branch_id: str
    section_id: str
    figures: PledgeFigures
    owners: tuple[Owner, ...]
    """The distinct owners of its indicators, in file order (pledges have no owner field)."""
    indicators: tuple[IndicatorRow, ...]

    @property
    def pledge(self) -> Pledge:
        """The pledge itself."""
        return self.figures.pledge

    @property
    def flags(self) -> tuple[str, ...]:
        """Keys of the flags that apply: unconfirmed, contested, stale, cancelled."""
        figures = self.figures
        flags = [
            name
            for name, on in (
                ("unconfirmed", figures.unconfirmed),
                ("contested", figures.contested),
                ("stale", figures.stale > 0),
                ("cancelled", figures.cancelled),
            )
            if on
        ]
        return tuple(flags)


@dataclass(frozen=True, slots=True)
class SectionBlock:
    """A section with the pledge rows shown, its own figures and the roll-up of those rows."""

    section: Section
    owner: Owner | None
    totals: RollUp
    """The section's own figures: all its pledges, whatever a filter shows."""
    shown: RollUp
    """The roll-up of the pledges shown (`totals` itself when none is left out)."""
    pledges: tuple[PledgeRow, ...]
    pledges_total: int
    """How many pledges the section has (shown or not)."""

    @property
    def filtered(self) -> bool:
        """True when a filter left some of its pledges out."""
        return len(self.pledges) < self.pledges_total


@dataclass(frozen=True, slots=True)
class BranchReport:
    """One branch: header figures and its sections."""

    roadmap: Roadmap
    as_of: date
    shown: RollUp
    """The roll-up of the pledges shown (a subset: never shown as the branch's figure)."""
    sections: tuple[SectionBlock, ...]
    figures: BranchFigures
    """The unfiltered figures of the whole branch."""
    pledges_total: int
    """How many pledges the branch has (shown or not)."""

    @property
    def totals(self) -> RollUp:
        """The branch's own figures: all its pledges, whatever a filter shows."""
        return self.figures.totals

    @property
    def pledges_shown(self) -> int:
        """How many pledges passed the filters."""
        return sum(len(s.pledges) for s in self.sections)


@dataclass(frozen=True, slots=True)
class StatusReport:
    """What `amanat status` shows: one report per branch, plus a roll-up of all."""

    branches: tuple[BranchReport, ...]
    totals: RollUp
    """The roll-up over every pledge of every branch, whatever a filter shows."""
    shown: RollUp
    """The roll-up over the pledges shown (`totals` itself when nothing is filtered)."""
    filtered: bool
    """True when any filter was given."""

    @property
    def as_of(self) -> date | None:
        """The date all branches are computed for; None when they differ."""
        dates = {b.as_of for b in self.branches}
        return dates.pop() if len(dates) == 1 else None


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters of `amanat status` (and the exporter): ids as typed by the user,
    rags and body as the CLI parsed them; `build_status` checks the ids against the data."""

    sections: tuple[str, ...] = ()
    owner: str | None = None
    body: Body | None = None
    rags: tuple[Rag, ...] = ()
    overdue: bool = False
    district: str | None = None

    @property
    def active(self) -> bool:
        """True when anything is filtered."""
        return bool(
            self.sections or self.owner or self.body or self.rags or self.overdue or self.district
        )


@dataclass(frozen=True, slots=True)
class _Selection:
    """Filters checked against the data: what rows to keep."""

    sections: frozenset[str]
    owners: frozenset[str] | None
    """Member ids whose items are kept; None when owner/body are not filtered."""
    rags: frozenset[Rag]
    overdue: bool
    district: str | None

    @property
    def filters_pledges(self) -> bool:
        """True when some pledges of a selected section may be left out."""
        return (
            self.owners is not None or bool(self.rags) or self.overdue or self.district is not None
        )

    def keeps_section(self, section: Section) -> bool:
        """The --section filter."""
        return not self.sections or section.id in self.sections

    def keeps_indicator(self, section: Section, indicator: Indicator) -> bool:
        """An indicator is kept when its section or itself is owned by a selected member."""
        if self.owners is None:
            return True
        return section.owner in self.owners or indicator.owner in self.owners

    def keeps_pledge(self, section: Section, figures: PledgeFigures) -> bool:
        """The pledge filters: owner/body, rag, overdue, district."""
        pledge = figures.pledge
        if self.owners is not None and not (
            section.owner in self.owners or any(i.owner in self.owners for i in pledge.indicators)
        ):
            return False
        if self.rags and figures.rag not in self.rags:
            return False
        if self.overdue and figures.days_overdue <= 0:
            return False
        return self.district is None or self.district in pledge.districts


def _check_filters(filters: Filters, roadmaps: Sequence[Roadmap]) -> _Selection:
    section_ids = {s.id for r in roadmaps for s in r.sections}
    for wanted in filters.sections:
        if wanted not in section_ids:
            raise unknown_value(_("section"), wanted, section_ids)
    owners: frozenset[str] | None = None
    if filters.owner is not None:
        member_ids = {m.id for r in roadmaps for m in r.members}
        if filters.owner not in member_ids:
            raise unknown_value(_("member"), filters.owner, member_ids)
        owners = frozenset({filters.owner})
    if filters.body is not None:
        body = filters.body
        in_body = frozenset(m.id for r in roadmaps for m in r.members if m.sits_in(body))
        owners = in_body if owners is None else owners & in_body
    if filters.district is not None:
        districts = {d for r in roadmaps for d in r.districts}
        districts |= {d for r in roadmaps for p in r.pledges() for d in p.districts}
        if filters.district not in districts:
            raise unknown_value(_("district"), filters.district, districts)
    return _Selection(
        sections=frozenset(filters.sections),
        owners=owners,
        rags=frozenset(filters.rags),
        overdue=filters.overdue,
        district=filters.district,
    )


# --------------------------------------------------------------------------- building


def indicator_row(roadmap: Roadmap, figures: IndicatorFigures) -> IndicatorRow:
    """The row of one indicator, owner's name resolved."""
    return IndicatorRow(figures, owner_of(roadmap, figures.indicator.owner))


def pledge_row(
    roadmap: Roadmap,
    section_id: str,
    figures: PledgeFigures,
    indicators: Sequence[IndicatorFigures] | None = None,
) -> PledgeRow:
    """The row of one pledge with rows for `indicators` (default: all of its indicators)."""
    shown = figures.indicators if indicators is None else indicators
    owner_ids = dict.fromkeys(i.indicator.owner for i in figures.indicators if i.indicator.owner)
    owners = tuple(o for o in (owner_of(roadmap, m) for m in owner_ids) if o is not None)
    rows = tuple(indicator_row(roadmap, i) for i in shown)
    return PledgeRow(roadmap.branch.id, section_id, figures, owners, rows)


def _section_block(
    roadmap: Roadmap, figures: SectionFigures, selection: _Selection | None
) -> SectionBlock:
    section = figures.section
    rows: list[PledgeRow] = []
    for pledge in figures.pledges:
        if selection is not None and not selection.keeps_pledge(section, pledge):
            continue
        kept = [
            i
            for i in pledge.indicators
            if selection is None or selection.keeps_indicator(section, i.indicator)
        ]
        rows.append(pledge_row(roadmap, section.id, pledge, kept))
    left_out = len(rows) < len(figures.pledges)
    shown = roll_up(r.figures for r in rows) if left_out else figures.totals
    owner = owner_of(roadmap, section.owner)
    return SectionBlock(section, owner, figures.totals, shown, tuple(rows), len(figures.pledges))


def branch_report(figures: BranchFigures, selection: _Selection | None = None) -> BranchReport:
    """The rows of one branch, filtered by a checked selection (None: everything)."""
    blocks: list[SectionBlock] = []
    for section in figures.sections:
        if selection is not None and not selection.keeps_section(section.section):
            continue
        block = _section_block(figures.roadmap, section, selection)
        # With pledge filters an empty section is noise; a section asked for by id stays.
        if block.pledges or selection is None or not selection.filters_pledges:
            blocks.append(block)
    rows = [row.figures for block in blocks for row in block.pledges]
    shown = figures.totals if selection is None else roll_up(rows)
    return BranchReport(
        figures.roadmap,
        figures.as_of,
        shown,
        tuple(blocks),
        figures,
        len(figures.pledges()),
    )


def build_status(branches: Sequence[BranchFigures], filters: Filters | None = None) -> StatusReport:
    """The status report of the computed branches, filtered; an unknown filter value → NotFound."""
    filters = filters or Filters()
    selection = _check_filters(filters, [b.roadmap for b in branches]) if filters.active else None
    reports = tuple(branch_report(b, selection) for b in branches)
    totals = roll_up(p for b in branches for p in b.pledges())
    if selection is None:
        return StatusReport(reports, totals, totals, filtered=False)
    shown = roll_up(row.figures for r in reports for s in r.sections for row in s.pledges)
    return StatusReport(reports, totals, shown, filtered=True)


# --------------------------------------------------------------------------- members


@dataclass(frozen=True, slots=True)
class MemberLoad:
    """What one member owns and how it stands."""

    branch_id: str
    member: Member
    sections: tuple[SectionFigures, ...]
    indicators: tuple[IndicatorFigures, ...]
    red: int
    """Owned items (sections: by their pledges; indicators: their own rag) that are red."""
    amber: int
    overdue: int
    """Owned indicators overdue, plus overdue pledges in owned sections."""


def member_load(figures: BranchFigures, member: Member) -> MemberLoad:
    """A member's sections and indicators, with red/amber/overdue counted among them.

    A section counts by its (not cancelled) pledges, an indicator by itself.
    """
    sections = tuple(s for s in figures.sections if s.section.owner == member.id)
    indicators = tuple(
        i
        for p in figures.pledges()
        if not p.cancelled
        for i in p.indicators
        if i.indicator.owner == member.id
    )
    red = sum(s.totals.counts[Rag.RED] for s in sections)
    amber = sum(s.totals.counts[Rag.AMBER] for s in sections)
    red += sum(1 for i in indicators if i.rag == Rag.RED)
    amber += sum(1 for i in indicators if i.rag == Rag.AMBER)
    overdue = sum(s.totals.overdue for s in sections)
    overdue += sum(1 for i in indicators if i.days_overdue > 0)
    return MemberLoad(figures.roadmap.branch.id, member, sections, indicators, red, amber, overdue)


def members_by_body(
    branches: Sequence[BranchFigures], body: Body | None = None
) -> list[tuple[Body, list[MemberLoad]]]:
    """The roster grouped by body (a member in two bodies is in both), with each load.

    Without `body`, bodies nobody sits in are left out.
    """
    bodies = [body] if body is not None else list(Body)
    groups: list[tuple[Body, list[MemberLoad]]] = []
    for wanted in bodies:
        loads = [
            member_load(figures, member)
            for figures in branches
            for member in figures.roadmap.members
            if member.sits_in(wanted)
        ]
        if loads or body is not None:
            groups.append((wanted, loads))
    return groups
