"""The roadmap model: frozen dataclasses that every other module reads.

Every object carries the `Source` of the YAML node it came from, so any later
check or report can point a person at `path:line:col`.  Sources (and the
per-field sources) are excluded from equality, so two loads of texts that
differ only in layout compare equal — the edit engine relies on that.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True, order=True)
class Source:
    """Where something is in a file: 1-based line and column."""

    path: str
    """The path as the user gave it (or as found in a folder)."""
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


def _no_fields() -> Mapping[str, Source]:
    return {}


NOWHERE = Source("<memory>", 0, 0)
"""The source of objects built in code rather than loaded from a file."""


def _source_field() -> Source:
    return field(default=NOWHERE, compare=False, hash=False, repr=False, kw_only=True)


def _field_sources() -> Mapping[str, Source]:
    return field(default_factory=_no_fields, compare=False, hash=False, repr=False, kw_only=True)


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """A user mistake found in a roadmap; data, never an exception."""

    source: Source | None
    """Where to look; None when there is no place (e.g. a missing path)."""
    severity: Severity
    rule: str
    """A stable rule id shown in brackets, e.g. `indicator-owner`."""
    message: str
    """One line, already translated."""

    def sort_key(self) -> tuple[str, int, int, str]:
        """Sort by file, line, column, then rule."""
        if self.source is None:
            return ("", 0, 0, self.rule)
        return (self.source.path, self.source.line, self.source.col, self.rule)


class Body(enum.StrEnum):
    """The party bodies a member can sit in."""

    BUREAU = "bureau"
    POLITICAL_COUNCIL = "political_council"
    FACTION = "faction"


class Status(enum.StrEnum):
    """A pledge's declared status."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class Tone(enum.StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class Rag(enum.StrEnum):
    """The verdict on an item; `WORST_FIRST` gives the roll-up order."""

    DONE = "done"
    RED = "red"
    GREY = "grey"
    AMBER = "amber"
    GREEN = "green"


RAG_WORST_FIRST: tuple[Rag, ...] = (Rag.RED, Rag.AMBER, Rag.GREY, Rag.GREEN, Rag.DONE)
"""The order of ROADMAP.md: red > amber > grey > green > done."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Thresholds of the rag rules; defaults are those of ROADMAP.md."""

    amber_gap: float = 0.10
    red_gap: float = 0.25
    stale_days: int = 120
    feedback_days: int = 90


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Measurement:
    """One dated value of an indicator, with its evidence."""

    date: date
    value: float
    """A plain decimal; kept as int when written as an integer."""
    source: str | None = None
    """Who reported the figure (evidence)."""
    note: str | None = None
    at: Source = _source_field()


@dataclass(frozen=True, slots=True)
class Feedback:
    """What citizens said about a pledge."""

    date: date
    tone: Tone
    text: str
    channel: str | None = None
    district: str | None = None
    resolved: bool = False
    at: Source = _source_field()


@dataclass(frozen=True, slots=True)
class Indicator:
    """A roadmap indicator; `start` and `due` hold the effective dates (defaults resolved)."""

    id: str
    title: str
    unit: str | None
    baseline: float
    target: float
    start: date
    due: date
    weight: float = 1
    owner: str | None = None
    values: tuple[Measurement, ...] = ()
    pledge_id: str = ""
    """The pledge this indicator belongs to."""
    at: Source = _source_field()
    fields: Mapping[str, Source] = _field_sources()
    """Where each key's value is, for rules that point at one field."""


@dataclass(frozen=True, slots=True)
class Pledge:
    """A pledge (наказ, «аманат»); `due` holds the effective date."""

    id: str
    title: str
    status: Status
    due: date
    weight: float = 1
    districts: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    section_id: str = ""
    at: Source = _source_field()
    fields: Mapping[str, Source] = _field_sources()


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    sensitive: bool = False
    owner: str | None = None
    pledges: tuple[Pledge, ...] = ()
    at: Source = _source_field()
    fields: Mapping[str, Source] = _field_sources()


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    name: str
    """Full name, surname first (Темирханов Данияр Ерланович)."""
    bodies: tuple[Body, ...]
    position: str | None = None
    email: str | None = None
    """How to reach the member (for reminders), checked to look like name@host.kz."""
    phone: str | None = None
    """Digits, spaces, +, -, parentheses: `+7 701 123 45 67`."""
    lang: str | None = None
    """The language the member reads: en, ru or kk (i18n.LANGUAGES)."""
    at: Source = _source_field()
    fields: Mapping[str, Source] = _field_sources()

    def sits_in(self, body: Body) -> bool:
        """True when the member belongs to `body`."""
        return body in self.bodies


@dataclass(frozen=True, slots=True)
class Branch:
    id: str
    name: str
    programme: str
    period: Period
    as_of: date | None = None
    settings: Settings = Settings()
    at: Source = _source_field()
    fields: Mapping[str, Source] = _field_sources()


@dataclass(frozen=True, slots=True)
class Roadmap:
    """One branch's file, loaded."""

    path: str
    branch: Branch
    districts: Mapping[str, str] = field(default_factory=dict)
    """District slug -> display name."""
    members: tuple[Member, ...] = ()
    sections: tuple[Section, ...] = ()
    format: int = FORMAT_VERSION
    fields: Mapping[str, Source] = _field_sources()
    """Where each top-level key's value is (e.g. `districts`), for rules that point at one."""

    def pledges(self) -> tuple[Pledge, ...]:
        """All pledges, in file order."""
        return tuple(p for s in self.sections for p in s.pledges)

    def indicators(self) -> tuple[Indicator, ...]:
        """All indicators, in file order."""
        return tuple(i for p in self.pledges() for i in p.indicators)

    def member(self, member_id: str) -> Member | None:
        """The member with this id, or None."""
        return next((m for m in self.members if m.id == member_id), None)


Item = Section | Pledge | Indicator
"""Anything addressed by an item id."""
