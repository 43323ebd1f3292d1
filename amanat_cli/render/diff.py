"""Model changes (`compute.modeldiff`) for people and for machines.

A change reads as one translated line ("owner of health changed from a to
b"): field names, statuses, rags, tones and bodies as their display words,
numbers and dates as the language writes them («27 800», «30.09.2025»); json
keeps the keys and adds that line as `message`.
"""

from __future__ import annotations

from datetime import date

from amanat_cli.compute.modeldiff import Change, Scalar
from amanat_cli.i18n import N_, _
from amanat_cli.model import Body, Rag, Status, Tone
from amanat_cli.render.labels import body_label, rag_label, status_label, tone_label
from amanat_cli.render.localefmt import format_date, format_number

CHANGE_KINDS = {
    "branch-changed": N_("branch changed"),
    "settings-changed": N_("settings changed"),
    "district-added": N_("district added"),
    "district-removed": N_("district removed"),
    "district-changed": N_("district renamed"),
    "member-added": N_("member added"),
    "member-removed": N_("member removed"),
    "member-changed": N_("member changed"),
    "section-added": N_("section added"),
    "section-removed": N_("section removed"),
    "section-changed": N_("section changed"),
    "pledge-added": N_("pledge added"),
    "pledge-removed": N_("pledge removed"),
    "pledge-moved": N_("pledge moved"),
    "pledge-changed": N_("pledge changed"),
    "indicator-added": N_("indicator added"),
    "indicator-removed": N_("indicator removed"),
    "indicator-moved": N_("indicator moved"),
    "indicator-changed": N_("indicator changed"),
    "owner-changed": N_("owner changed"),
    "status-changed": N_("status changed"),
    "rag-changed": N_("rag moved"),
    "measurement-added": N_("measurement added"),
    "measurement-removed": N_("measurement removed"),
    "measurement-changed": N_("measurement changed"),
    "feedback-added": N_("feedback added"),
    "feedback-removed": N_("feedback removed"),
    "feedback-resolved": N_("feedback resolved"),
    "feedback-reopened": N_("feedback reopened"),
}
"""A change's kind as a short phrase for a column (json and csv keep the key)."""


def change_kind_label(kind: str) -> str:
    """The translated phrase for a change's kind; an unknown one as written."""
    return _(CHANGE_KINDS[kind]) if kind in CHANGE_KINDS else kind


def describe_change(change: Change) -> str:
    """One translated line for a person."""
    template = _TEMPLATES.get(change.kind)
    values = {
        "item": change.item,
        "field": field_label(change.field) if change.field else "",
        "date": _show(change.date),
        "old": _word(change.field, change.old),
        "new": _word(change.field, change.new),
        "text": change.text or "",
    }
    if template is None:
        return f"{change.kind}: {change.item}"
    return _(template).format(**values)


def change_json(change: Change) -> dict[str, object]:
    """The change as JSON-ready data (dates as ISO text), with its line as `message`."""

    def plain(value: Scalar) -> object:
        return value.isoformat() if isinstance(value, date) else value

    return {
        "kind": change.kind,
        "item": change.item,
        "field": change.field,
        "old": plain(change.old),
        "new": plain(change.new),
        "date": plain(change.date),
        "text": change.text,
        "message": describe_change(change),
    }


_TEMPLATES: dict[str, str] = {
    "branch-changed": N_("branch: {field} changed from {old} to {new}"),
    "settings-changed": N_("settings: {field} changed from {old} to {new}"),
    "district-added": N_("district {item} added ({new})"),
    "district-removed": N_("district {item} removed ({old})"),
    "district-changed": N_("district {item} renamed from {old} to {new}"),
    "member-added": N_("member {item} added ({new})"),
    "member-removed": N_("member {item} removed ({old})"),
    "member-changed": N_("member {item}: {field} changed from {old} to {new}"),
    "section-added": N_("section {item} added: {new}"),
    "section-removed": N_("section {item} removed: {old}"),
    "section-changed": N_("section {item}: {field} changed from {old} to {new}"),
    "pledge-added": N_("pledge {item} added: {new}"),
    "pledge-removed": N_("pledge {item} removed: {old}"),
    "pledge-moved": N_("pledge {item} moved from section {old} to {new}"),
    "pledge-changed": N_("pledge {item}: {field} changed from {old} to {new}"),
    "indicator-added": N_("indicator {item} added: {new}"),
    "indicator-removed": N_("indicator {item} removed: {old}"),
    "indicator-moved": N_("indicator {item} moved from pledge {old} to {new}"),
    "indicator-changed": N_("indicator {item}: {field} changed from {old} to {new}"),
    "owner-changed": N_("owner of {item} changed from {old} to {new}"),
    "status-changed": N_("status of {item} changed from {old} to {new}"),
    "rag-changed": N_("{item}: {old} → {new}"),
    "measurement-added": N_("{item}: measurement {new} on {date} added"),
    "measurement-removed": N_("{item}: measurement {old} on {date} removed"),
    "measurement-changed": N_("{item}: measurement on {date} changed from {old} to {new}"),
    "feedback-added": N_("{item}: {new} feedback of {date} added: {text}"),
    "feedback-removed": N_("{item}: {old} feedback of {date} removed: {text}"),
    "feedback-resolved": N_("{item}: feedback of {date} resolved: {text}"),
    "feedback-reopened": N_("{item}: feedback of {date} reopened: {text}"),
}
"""Kind -> message, marked for extraction; translated in `describe_change`."""


FIELD_LABELS = {
    "id": N_("id"),
    "name": N_("name"),
    "programme": N_("programme"),
    "as_of": N_("report date"),
    "period.start": N_("period start"),
    "period.end": N_("period end"),
    "amber_gap": N_("amber gap"),
    "red_gap": N_("red gap"),
    "stale_days": N_("days until stale"),
    "feedback_days": N_("days feedback counts"),
    "title": N_("title"),
    "sensitive": N_("socially sensitive"),
    "owner": N_("owner"),
    "status": N_("status"),
    "due": N_("due"),
    "weight": N_("weight"),
    "districts": N_("districts"),
    "unit": N_("unit"),
    "baseline": N_("baseline"),
    "target": N_("target"),
    "start": N_("start"),
    "bodies": N_("bodies"),
    "position": N_("position"),
    "email": N_("e-mail"),
    "phone": N_("phone"),
    "lang": N_("language"),
}
"""The fields a change names, as people call them (json keeps the key)."""


def field_label(field: str) -> str:
    """A changed field in the user's language; an unknown one as written."""
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def _word(field: str | None, value: Scalar) -> str:
    """A status, rag, tone or bodies value as its translated label (json keeps the key)."""
    if isinstance(value, str):
        try:
            if field == "status":
                return status_label(Status(value))
            if field == "rag":
                return rag_label(Rag(value))
            if field == "tone":
                return tone_label(Tone(value))
            if field == "bodies":
                return ", ".join(body_label(Body(v)) for v in value.split(", ") if v)
        except ValueError:  # not one of the keys (a hand-written file): show it as written
            pass
    return _show(value)


def _show(value: Scalar) -> str:
    """A value as the language writes it: yes/no, «27 800», «8,1», «30.09.2025»."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return format_date(value, short=True)
    if isinstance(value, int | float):
        exact = repr(float(value))  # as many decimals as the value has, no more
        decimals = len(exact.split(".")[1]) if "e" not in exact else 15
        return format_number(value, decimals, trim=True)
    return str(value)
