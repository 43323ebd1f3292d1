"""Model changes (`compute.modeldiff`) for people and for machines.

A change reads as one translated line ("owner of health changed from a to
b"), statuses, tones and bodies as their display words; json keeps the keys
and adds that line as `message`.
"""

from __future__ import annotations

from datetime import date

from amanat_cli.compute.modeldiff import Change, Scalar
from amanat_cli.i18n import N_, _
from amanat_cli.model import Body, Status, Tone
from amanat_cli.render.labels import body_label, status_label, tone_label


def describe_change(change: Change) -> str:
    """One translated line for a person."""
    template = _TEMPLATES.get(change.kind)
    values = {
        "item": change.item,
        "field": change.field or "",
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
    "measurement-added": N_("{item}: measurement {new} on {date} added"),
    "measurement-removed": N_("{item}: measurement {old} on {date} removed"),
    "measurement-changed": N_("{item}: measurement on {date} changed from {old} to {new}"),
    "feedback-added": N_("{item}: {new} feedback of {date} added: {text}"),
    "feedback-removed": N_("{item}: {old} feedback of {date} removed: {text}"),
    "feedback-resolved": N_("{item}: feedback of {date} resolved: {text}"),
    "feedback-reopened": N_("{item}: feedback of {date} reopened: {text}"),
}
"""Kind -> message, marked for extraction; translated in `describe_change`."""


def _word(field: str | None, value: Scalar) -> str:
    """A status, tone or bodies value as its translated label (json keeps the key)."""
    if isinstance(value, str):
        try:
            if field == "status":
                return status_label(Status(value))
            if field == "tone":
                return tone_label(Tone(value))
            if field == "bodies":
                return ", ".join(body_label(Body(v)) for v in value.split(", ") if v)
        except ValueError:  # not one of the keys (a hand-written file): show it as written
            pass
    return _show(value)


def _show(value: Scalar) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
