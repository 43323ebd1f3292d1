"""The display words of the model's keys: rags, statuses, bodies, flags, tones.

Machine formats (json, csv, tsv) write the keys themselves; every human view
shows these words, translated in the user's language.
"""

from __future__ import annotations

from amanat_cli.i18n import N_, _
from amanat_cli.model import Body, Rag, Status, Tone

RAG_LABELS = {
    Rag.RED: N_("red"),
    Rag.AMBER: N_("amber"),
    Rag.GREY: N_("grey"),
    Rag.GREEN: N_("green"),
    Rag.DONE: N_("done"),
}
"""Display words of the rags (machine formats use the enum values)."""

STATUS_LABELS = {
    Status.PLANNED: N_("planned"),
    Status.IN_PROGRESS: N_("in progress"),
    Status.DONE: N_("done"),
    Status.CANCELLED: N_("cancelled"),
}

BODY_LABELS = {
    Body.BUREAU: N_("Bureau"),
    Body.POLITICAL_COUNCIL: N_("Political Council"),
    Body.FACTION: N_("Faction"),
}

FLAG_LABELS = {
    "unconfirmed": N_("unconfirmed"),
    "contested": N_("contested"),
    "stale": N_("stale"),
    "cancelled": N_("cancelled"),
}


def rag_label(rag: Rag) -> str:
    """The translated word for a rag."""
    return _(RAG_LABELS[rag])


def status_label(status: Status) -> str:
    """The translated word for a pledge status."""
    return _(STATUS_LABELS[status])


def body_label(body: Body) -> str:
    """The translated name of a party body."""
    return _(BODY_LABELS[body])


def flag_label(flag: str) -> str:
    """The translated word for a flag (unconfirmed, contested, stale, cancelled)."""
    return _(FLAG_LABELS[flag])


ITEM_KIND_LABELS = {
    "section": N_("section"),
    "pledge": N_("pledge"),
    "indicator": N_("indicator"),
    "member": N_("member"),
}


def item_kind_label(kind: str) -> str:
    """The translated word for a kind of item (section, pledge, indicator, member)."""
    return _(ITEM_KIND_LABELS[kind])


TONE_LABELS = {
    Tone.POSITIVE: N_("positive"),
    Tone.NEUTRAL: N_("neutral"),
    Tone.NEGATIVE: N_("negative"),
}


def tone_label(tone: Tone) -> str:
    """The translated word for the tone of a piece of feedback."""
    return _(TONE_LABELS[tone])
