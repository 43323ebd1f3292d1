"""The meeting pack as typed tables that every exporter renders (md, html, csv, xlsx).

One layout for every format, so they never disagree; and the cells as
display text (rags and statuses as words, numbers and dates in the language).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from amanat_cli.compute.pack import MeetingPack
from amanat_cli.compute.report import Owner
from amanat_cli.i18n import _
from amanat_cli.model import Body, Rag, Status, Tone
from amanat_cli.render.diff import change_kind_label, describe_change
from amanat_cli.render.labels import (
    body_label,
    flag_label,
    item_kind_label,
    rag_label,
    status_label,
    tone_label,
)
from amanat_cli.render.localefmt import format_date, format_number, format_percent

Cell = str | int | float | date | bool | None


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a pack table: stable key, translated label, and how to show the value."""

    key: str
    """English, stable: csv/json headers."""
    label: str
    kind: str
    """text, int, number, decimal (computed), gap (signed), percent, date, bool, a key of
    `_WORDS`, or a key of the table's `names` (section, district)."""


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table of typed cells; renderers decide the layout."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """What people read for a key column: {"section": {id: title}, "district": {slug: name}}."""

    def text(self, value: Cell, column: Column) -> str:
        """A cell as display text, a section or district by its name."""
        return cell_text(value, column.kind, self.names)


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
        ("progress", _("Progress"), totals.known_progress, "percent"),
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
    "tone": lambda word: tone_label(Tone(word)),
    "bodies": lambda word: body_label(Body(word)),
    "item_kind": item_kind_label,
    "change_kind": change_kind_label,
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


def cell_text(value: Cell, kind: str, names: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """A cell as display text (md, html): percent, dates ISO, rag as a word, dash for none;
    a key with a name in `names` (a section, a district) by that name."""
    if value is None or value == "":
        return "—"
    if names and kind in names and isinstance(value, str):
        return names[kind].get(value, value)
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


def progress_words(fraction: float | None) -> str:
    """A progress inside a sentence: `40.9%`, or "no data" (a lone dash reads as punctuation)."""
    return _("no data") if fraction is None else cell_text(fraction, "percent")


def _names(pack: MeetingPack) -> dict[str, dict[str, str]]:
    """Sections by title and districts by name, for the tables that hold their keys."""
    roadmap = pack.roadmap
    return {
        "section": {s.id: s.title for s in roadmap.sections},
        "district": dict(roadmap.districts),
    }


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
                item.indicator.figures.progress
                if item.indicator
                else item.pledge.figures.known_progress,
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
            _col("kind", _("Kind"), "item_kind"),
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
            _col("kind", _("Kind"), "item_kind"),
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
    rows = tuple((c.date, c.kind, c.item, describe_change(c)) for c in pack.changes)
    return Table(
        "changes",
        _("Changes since the last meeting"),
        (
            _col("date", _("Date"), "date"),
            _col("kind", _("Kind"), "change_kind"),
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
            row.figures.known_progress,
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
            _col("section", _("Section"), "section"),
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
        _names(pack),
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
            _col("section", _("Section"), "section"),
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
        _names(pack),
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
            _col("section", _("Section"), "section"),
            _col("pledge", _("Pledge")),
            _col("tone", _("Tone"), "tone"),
            _col("channel", _("Channel")),
            _col("district", _("District"), "district"),
            _col("resolved", _("Resolved"), "bool"),
            _col("in_window", _("Counts now"), "bool"),
            _col("text", _("Text")),
        ),
        rows,
        _names(pack),
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


def pack_particulars(pack: MeetingPack) -> list[tuple[str, str | date]]:
    """(label, value) under the pack's heading: programme, as-of date, the meeting if named.

    Without --meeting no meeting is named: the as-of date says what the pack is.
    """
    particulars: list[tuple[str, str | date]] = [
        (_("Programme"), pack.roadmap.branch.programme),
        (_("As of"), pack.as_of),
    ]
    if pack.meeting:
        particulars.append((_("For"), pack.meeting))
    return particulars


def sample_notice(pack: MeetingPack) -> str | None:
    """A warning that the pack shows the fictional sample (None for a branch's own roadmap)."""
    if not pack.sample:
        return None
    return _(
        "Sample data: this pack was made from the fictional sample roadmap bundled with "
        "amanat, not from a branch's own roadmap."
    )


def changes_caption(pack: MeetingPack) -> str:
    """Where the changes are counted from."""
    if pack.since_revision is not None:
        return _("Changes in the file since git revision {rev}.").format(rev=pack.since_revision)
    assert pack.since is not None
    return _(
        "Measurements and feedback dated after {since} up to {as_of}, and the pledges "
        "whose rag moved in that time."
    ).format(since=format_date(pack.since), as_of=format_date(pack.as_of))


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
