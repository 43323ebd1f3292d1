"""`amanat show`: one section, pledge, indicator or member in full, as text or JSON.

Plain text (aligned `key: value` lines) so it reads the same on a terminal,
in a pipe and pasted into minutes; figures come from `progress`.
"""

from __future__ import annotations

import json
from typing import Any

from amanat_cli.compute.progress import (
    BranchFigures,
    IndicatorFigures,
    PledgeFigures,
    SectionFigures,
)
from amanat_cli.compute.report import member_load, owner_of, pledge_row
from amanat_cli.i18n import _
from amanat_cli.model import Branch, Feedback, Indicator, Member, Pledge, Roadmap, Section
from amanat_cli.render.formats import day, percent, with_unit
from amanat_cli.render.labels import body_label, flag_label, rag_label, status_label
from amanat_cli.render.printable import visible
from amanat_cli.render.summary import summary_text
from amanat_cli.render.tabular import indicator_json, pledge_json


def _fields(pairs: list[tuple[str, str]]) -> list[str]:
    width = max(len(key) for key, _value in pairs)
    return [f"  {key.ljust(width)}  {value}" for key, value in pairs]


def _owner_text(roadmap: Roadmap, member_id: str | None) -> str:
    owner = owner_of(roadmap, member_id)
    return f"{owner.name} ({owner.id})" if owner is not None else _("none")


def _indicator_line(f: IndicatorFigures) -> str:
    flags = f" · {flag_label('stale')}" if f.stale else ""
    return (
        f"  {f.indicator.id}: {percent(f.progress)} "
        + _("(expected {expected})").format(expected=percent(f.expected))
        + f" · {rag_label(f.rag)}{flags}"
    )


def _pledge_line(f: PledgeFigures) -> str:
    flags = "".join(
        " · " + flag_label(name)
        for name, on in (
            ("unconfirmed", f.unconfirmed),
            ("contested", f.contested),
            ("cancelled", f.cancelled),
        )
        if on
    )
    return f"  {f.pledge.id}: {percent(f.known_progress)} · {rag_label(f.rag)}{flags} — {f.pledge.title}"


def _feedback_lines(feedback: tuple[Feedback, ...], roadmap: Roadmap) -> list[str]:
    lines = []
    for number, item in enumerate(feedback, start=1):
        where = roadmap.districts.get(item.district, item.district) if item.district else ""
        state = _("resolved") if item.resolved else _("open")
        meta = ", ".join(x for x in (str(item.tone), item.channel or "", where, state) if x)
        lines.append(f"  {number}. {day(item.date)} [{meta}] {item.text}")
    return lines or ["  " + _("none")]


def show_indicator(f: IndicatorFigures, roadmap: Roadmap) -> str:
    """One indicator: fields, owner, measurements with sources, figures."""
    i: Indicator = f.indicator
    lines = [_("Indicator {id} — {title}").format(id=i.id, title=i.title)]
    lines += _fields(
        [
            (_("branch"), roadmap.branch.id),
            (_("pledge"), i.pledge_id),
            (_("owner"), _owner_text(roadmap, i.owner)),
            (_("unit"), i.unit or "—"),
            (_("baseline"), with_unit(i.baseline, i.unit)),
            (_("target"), with_unit(i.target, i.unit)),
            (_("start"), day(i.start)),
            (_("due"), day(i.due)),
            (_("weight"), f"{i.weight:g}"),
            (_("where"), str(i.at)),
        ]
    )
    lines += ["", _("Measurements")]
    for m in sorted(i.values, key=lambda m: m.date):
        ignored = "  (" + _("after as_of, ignored") + ")" if m.date > f.as_of else ""
        extra = "; ".join(x for x in (m.source, m.note) if x)
        lines.append(f"  {day(m.date)}  {with_unit(m.value, i.unit)}  {extra}{ignored}")
    if not i.values:
        lines.append("  " + _("none"))
    lines += ["", _("Figures as of {date}").format(date=day(f.as_of)), _indicator_line(f)]
    lines.append(
        "  "
        + _("latest {value} on {date}; expected by now {expected}").format(
            value=with_unit(f.latest.value, i.unit) if f.latest is not None else "—",
            date=day(f.latest.date if f.latest is not None else None),
            expected=with_unit(f.expected_value, i.unit),
        )
    )
    return "\n".join(lines) + "\n"


def show_pledge(f: PledgeFigures, roadmap: Roadmap) -> str:
    """One pledge: fields, owners, districts, indicators with figures, feedback, figures."""
    p: Pledge = f.pledge
    districts = ", ".join(roadmap.districts.get(d, d) for d in p.districts) or "—"
    section = next(s for s in roadmap.sections if s.id == p.section_id)
    owners = pledge_row(roadmap, p.section_id, f).owners
    lines = [_("Pledge {id} — {title}").format(id=p.id, title=p.title)]
    lines += _fields(
        [
            (_("branch"), roadmap.branch.id),
            (_("section"), p.section_id),
            (_("section owner"), _owner_text(roadmap, section.owner)),
            (
                _("indicator owners"),
                ", ".join(f"{o.name} ({o.id})" for o in owners) or _("none"),
            ),
            (_("status"), status_label(p.status)),
            (_("due"), day(p.due)),
            (_("weight"), f"{p.weight:g}"),
            (_("districts"), districts),
            (_("where"), str(p.at)),
        ]
    )
    lines += ["", _("Indicators"), *[_indicator_line(i) for i in f.indicators]]
    if not f.indicators:
        lines.append("  " + _("none"))
    lines += ["", _("Feedback"), *_feedback_lines(p.feedback, roadmap)]
    lines += ["", _("Figures as of {date}").format(date=day(f.as_of)), _pledge_line(f)]
    lines.append(
        "  "
        + _("coverage {coverage} · days overdue {days} · negative feedback in window {n}").format(
            coverage=percent(f.coverage), days=f.days_overdue, n=len(f.negative_feedback)
        )
    )
    return "\n".join(lines) + "\n"


def show_section(f: SectionFigures, roadmap: Roadmap) -> str:
    """One section: fields, owner, pledges with figures, roll-up."""
    s: Section = f.section
    lines = [_("Section {id} — {title}").format(id=s.id, title=s.title)]
    lines += _fields(
        [
            (_("branch"), roadmap.branch.id),
            (_("sensitive"), _("yes") if s.sensitive else _("no")),
            (_("owner"), _owner_text(roadmap, s.owner)),
            (_("where"), str(s.at)),
        ]
    )
    lines += ["", _("Pledges"), *[_pledge_line(p) for p in f.pledges]]
    lines += ["", _("Figures as of {date}").format(date=day(f.as_of))]
    lines.append("  " + summary_text(f.totals))
    return "\n".join(lines) + "\n"


def show_member(member: Member, figures: BranchFigures) -> str:
    """One member: bodies, position, what they own and how each stands."""
    load = member_load(figures, member)
    lines = [_("Member {id} — {name}").format(id=member.id, name=member.name)]
    lines += _fields(
        [
            (_("branch"), figures.roadmap.branch.id),
            (_("bodies"), ", ".join(body_label(b) for b in member.bodies) or "—"),
            (_("position"), member.position or "—"),
            (_("e-mail"), member.email or "—"),
            (_("phone"), member.phone or "—"),
            (_("language"), member.lang or "—"),
        ]
    )
    lines += ["", _("Sections owned")]
    for s in load.sections:
        lines.append(f"  {s.section.id}: {summary_text(s.totals)} — {s.section.title}")
    if not load.sections:
        lines.append("  " + _("none"))
    lines += ["", _("Indicators owned"), *[_indicator_line(i) for i in load.indicators]]
    if not load.indicators:
        lines.append("  " + _("none"))
    lines += [
        "",
        _("Load as of {date}: red {red}, amber {amber}, overdue {overdue}").format(
            date=day(figures.as_of), red=load.red, amber=load.amber, overdue=load.overdue
        ),
    ]
    return "\n".join(lines) + "\n"


def _counts(roadmap: Roadmap) -> dict[str, int]:
    pledges = roadmap.pledges()
    return {
        "members": len(roadmap.members),
        "sections": len(roadmap.sections),
        "pledges": len(pledges),
        "indicators": sum(len(p.indicators) for p in pledges),
    }


def show_branch(figures: BranchFigures) -> str:
    """A branch: name, programme, period, as_of, settings, districts, counts, figures."""
    roadmap = figures.roadmap
    b: Branch = roadmap.branch
    settings = b.settings
    counts = _counts(roadmap)
    lines = [_("Branch {id} — {name}").format(id=b.id, name=b.name)]
    lines += _fields(
        [
            (_("programme"), b.programme),
            (_("period"), f"{day(b.period.start)} — {day(b.period.end)}"),
            (_("as of"), day(b.as_of)),
            (
                _("settings"),
                _(
                    "amber gap {amber}, red gap {red}, stale after {stale} days, "
                    "feedback counts {feedback} days"
                ).format(
                    amber=percent(settings.amber_gap),
                    red=percent(settings.red_gap),
                    stale=settings.stale_days,
                    feedback=settings.feedback_days,
                ),
            ),
            (
                _("districts"),
                ", ".join(f"{name} ({slug})" for slug, name in roadmap.districts.items()) or "—",
            ),
            (
                _("counts"),
                _(
                    "members {members} · sections {sections} · pledges {pledges} · "
                    "indicators {indicators}"
                ).format(**counts),
            ),
            (_("file"), visible(roadmap.path)),
        ]
    )
    lines += ["", _("Sections")]
    lines += [
        f"  {s.section.id}: {summary_text(s.totals)} — {s.section.title}" for s in figures.sections
    ]
    lines += ["", _("Figures as of {date}").format(date=day(figures.as_of))]
    lines.append("  " + summary_text(figures.totals))
    return "\n".join(lines) + "\n"


def _branch_json(figures: BranchFigures) -> dict[str, Any]:
    roadmap, b = figures.roadmap, figures.roadmap.branch
    return {
        "id": b.id,
        "name": b.name,
        "programme": b.programme,
        "period": {"start": b.period.start.isoformat(), "end": b.period.end.isoformat()},
        "branch_as_of": b.as_of.isoformat() if b.as_of else None,
        "settings": {
            "amber_gap": b.settings.amber_gap,
            "red_gap": b.settings.red_gap,
            "stale_days": b.settings.stale_days,
            "feedback_days": b.settings.feedback_days,
        },
        "districts": dict(roadmap.districts),
        **_counts(roadmap),
        "progress": figures.totals.progress,
        "coverage": figures.totals.coverage,
        "rags": {str(r): n for r, n in figures.totals.counts.items()},
        "section_ids": [s.section.id for s in figures.sections],
    }


def show_json(kind: str, item: object, figures: BranchFigures) -> str:
    """The same item as one JSON object (`kind`, `branch`, fields and figures)."""
    roadmap = figures.roadmap
    document: dict[str, Any] = {"kind": kind, "branch": roadmap.branch.id}
    document["as_of"] = figures.as_of.isoformat()
    if isinstance(item, Indicator):
        found = figures.indicator(item.id)
        assert found is not None
        document.update(indicator_json(found))
        document["values"] = [
            {"date": m.date.isoformat(), "value": m.value, "source": m.source, "note": m.note}
            for m in item.values
        ]
    elif isinstance(item, Pledge):
        pledge = figures.pledge(item.id)
        assert pledge is not None
        document.update(pledge_json(pledge_row(roadmap, item.section_id, pledge)))
        document["section_owner"] = next(
            s.owner for s in roadmap.sections if s.id == item.section_id
        )
        document["feedback"] = [
            {
                "date": f.date.isoformat(),
                "tone": str(f.tone),
                "channel": f.channel,
                "district": f.district,
                "resolved": f.resolved,
                "text": f.text,
            }
            for f in item.feedback
        ]
    elif isinstance(item, Section):
        section = figures.section(item.id)
        assert section is not None
        document.update(
            {
                "id": item.id,
                "title": item.title,
                "sensitive": item.sensitive,
                "owner": item.owner,
                "progress": section.totals.progress,
                "coverage": section.totals.coverage,
                "counts": {str(r): n for r, n in section.totals.counts.items()},
                "pledges": [p.pledge.id for p in section.pledges],
            }
        )
    elif isinstance(item, Branch):
        document.update(_branch_json(figures))
    elif isinstance(item, Member):
        load = member_load(figures, item)
        document.update(
            {
                "id": item.id,
                "name": item.name,
                "bodies": [str(b) for b in item.bodies],
                "position": item.position,
                "email": item.email,
                "phone": item.phone,
                "lang": item.lang,
                "sections": [s.section.id for s in load.sections],
                "indicators": [i.indicator.id for i in load.indicators],
                "red": load.red,
                "amber": load.amber,
                "overdue": load.overdue,
            }
        )
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def show_text(item: object, figures: BranchFigures) -> str:
    """The text of `amanat show` for whatever `item` is."""
    roadmap = figures.roadmap
    if isinstance(item, Branch):
        return show_branch(figures)
    if isinstance(item, Indicator):
        found_indicator = figures.indicator(item.id)
        assert found_indicator is not None
        return show_indicator(found_indicator, roadmap)
    if isinstance(item, Pledge):
        found_pledge = figures.pledge(item.id)
        assert found_pledge is not None
        return show_pledge(found_pledge, roadmap)
    if isinstance(item, Section):
        found_section = figures.section(item.id)
        assert found_section is not None
        return show_section(found_section, roadmap)
    assert isinstance(item, Member)
    return show_member(item, figures)
