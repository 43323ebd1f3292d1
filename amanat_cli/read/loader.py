"""A roadmap's bytes -> (model, problems): strict YAML tree (yamltree), then ROADMAP.md's schema.

A pure function of the bytes and the path they are named by: no disk, no cache,
no state kept between calls (`read.store` reads files and keeps the parse cache).

Typing happens here, never in YAML: only `true`/`false` are booleans, only
plain decimals are numbers, quoted scalars are always text, and any scalar is
accepted as text exactly as written (`050000`, `+77011234567`, `NO`, `1:20`).
Every mistake becomes a located `Problem`; loading goes on past a broken object
so that `amanat check` reports everything at once.
"""

from __future__ import annotations

import difflib
import gc
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import TypeVar

from amanat_cli.i18n import LANGUAGES, N_, _
from amanat_cli.model import (
    FORMAT_VERSION,
    Body,
    Branch,
    Feedback,
    Indicator,
    Measurement,
    Member,
    Period,
    Pledge,
    Problem,
    Roadmap,
    Section,
    Settings,
    Severity,
    Source,
    Status,
    Tone,
)
from amanat_cli.read.layout import Layout, layout_of
from amanat_cli.read.limits import too_large
from amanat_cli.read.yamltree import NULLS, YMap, YNode, YScalar, YSeq, decode, one_line, parse_tree

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
"""Something@somewhere.kz: enough to catch a name or a phone in the e-mail field."""
PHONE = re.compile(r"\+?[0-9 ()-]+")
"""Digits with the signs people write them with (and at least five digits: see `phone`)."""
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LONGEST_NUMBER = 30
"""Longer digit strings are typing accidents, not figures (and int() has limits)."""
_DEFAULT_WEIGHT: float = 1
_NO_TEXTS: tuple[str, ...] = ()
_FAR_PAST = date(1, 1, 1)
"""Stands in for the period when the branch is broken (the roadmap is dropped then)."""

# The keys of each mapping, as ROADMAP.md shows them (order: for "did you mean").
_TOP_KEYS = ("format", "branch", "districts", "members", "sections")
_BRANCH_KEYS = ("id", "name", "programme", "period", "as_of", "settings")
_PERIOD_KEYS = ("start", "end")
_SETTINGS_KEYS = ("amber_gap", "red_gap", "stale_days", "feedback_days")
_MEMBER_KEYS = ("id", "name", "bodies", "position", "email", "phone", "lang")
_SECTION_KEYS = ("id", "title", "sensitive", "owner", "pledges")
_PLEDGE_KEYS = ("id", "title", "status", "due", "weight", "districts", "indicators", "feedback")
_INDICATOR_KEYS = (
    *("id", "title", "unit", "baseline", "target"),
    *("start", "due", "weight", "owner", "values"),
)
_MEASUREMENT_KEYS = ("date", "value", "source", "note")
_FEEDBACK_KEYS = ("date", "channel", "tone", "district", "text", "resolved")

KEYS: dict[str, tuple[str, ...]] = {
    "file": _TOP_KEYS,
    "branch": _BRANCH_KEYS,
    "period": _PERIOD_KEYS,
    "settings": _SETTINGS_KEYS,
    "member": _MEMBER_KEYS,
    "section": _SECTION_KEYS,
    "pledge": _PLEDGE_KEYS,
    "indicator": _INDICATOR_KEYS,
    "measurement": _MEASUREMENT_KEYS,
    "feedback": _FEEDBACK_KEYS,
}
"""The keys each kind of mapping may hold (the JSON Schema is tested against these)."""

# How each object is named in a message: without an id, and with one.
_NAMES: dict[str, tuple[str, str]] = {
    "file": (N_("the roadmap file"), N_("the roadmap file")),
    "branch": (N_("the branch"), N_("branch '{id}'")),
    "period": (N_("'period'"), N_("'period'")),
    "settings": (N_("'settings'"), N_("'settings'")),
    "member": (N_("a member"), N_("member '{id}'")),
    "section": (N_("a section"), N_("section '{id}'")),
    "pledge": (N_("a pledge"), N_("pledge '{id}'")),
    "indicator": (N_("an indicator"), N_("indicator '{id}'")),
    "measurement": (N_("a measurement"), N_("a measurement")),
    "feedback": (N_("feedback"), N_("feedback")),
}

What = tuple[str, str | None]
"""An object in a message: a `_NAMES` kind and its id, if it has one yet."""


def _describe(what: What) -> str:
    kind, object_id = what
    anonymous, named = _NAMES[kind]
    return _(anonymous) if object_id is None else _(named).format(id=_brief(object_id))


def _shape(node: YNode) -> str:
    """What a node is, in the words of a type error."""
    if isinstance(node, YMap):
        return _("a mapping")
    if isinstance(node, YSeq):
        return _("a list")
    return _("text") if node.style else _("'{value}'").format(value=_brief(node.value))


def _hint(word: str, choices: Sequence[str]) -> str:
    """`; did you mean 'x'?` for the closest choice, or nothing."""
    near = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return "; " + _("did you mean '{word}'?").format(word=near[0]) if near else ""


def _brief(value: str) -> str:
    """A user's value as a message quotes it: one line, not too long."""
    return one_line(value, 40)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0/C1 control characters; tab, newline and U+2028/2029 (escaped on write) are text."""


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


class FieldSources(Mapping[str, Source]):
    """`{key: Source of its value}` for one mapping, kept packed until a rule asks for one.

    Rules ask for a handful of these among 100,000 fields of a big file, so
    building the `Source` objects eagerly would cost more than the rest of the
    loading.  The packed tuple holds no YAML node, so each file's tree is freed
    once it is loaded (a 10x roll-up would otherwise keep 1 GiB of trees), and
    the parse cache stores it as it is.
    """

    __slots__ = ("_built", "packed", "path")

    def __init__(self, path: str, packed: tuple[str | int, ...]) -> None:
        self.path = path
        self.packed = packed
        """key, line, col, key, line, col, ..."""
        self._built: dict[str, Source] | None = None

    def _sources(self) -> dict[str, Source]:
        if self._built is None:
            p, path = self.packed, self.path
            self._built = {
                str(p[i]): Source(path, int(p[i + 1]), int(p[i + 2])) for i in range(0, len(p), 3)
            }
        return self._built

    def __getitem__(self, key: str) -> Source:
        return self._sources()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources())

    def __len__(self) -> int:
        return len(self.packed) // 3

    def __reduce__(self) -> tuple[type[dict[str, Source]], tuple[dict[str, Source]]]:
        return dict, (self._sources(),)  # pickles as a plain dict


class _Reader:
    """Reads one file's tree into the model, collecting problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.dates: dict[str, date] = {}
        """Dates already read: a roadmap repeats the same few dozen."""

    def at(self, node: YNode) -> Source:
        return Source(self.path, node.line, node.col)

    def error(self, node: YNode, rule: str, message: str) -> None:
        self.problems.append(Problem(self.at(node), Severity.ERROR, rule, one_line(message)))

    def wrong_shape(self, node: YNode, key: str, expected: str) -> None:
        message = _("'{key}' must be {expected}, not {found}")
        self.error(node, "type", message.format(key=key, expected=expected, found=_shape(node)))

    # --- mappings and lists -------------------------------------------------

    def mapping(self, node: YNode, kind: str, keys: tuple[str, ...]) -> dict[str, YNode] | None:
        """The known keys of a mapping with null values dropped; unknown keys are problems."""
        if not isinstance(node, YMap):
            message = _("{what} must be a mapping (key: value), not {found}")
            what = _describe((kind, None))
            self.error(node, "type", message.format(what=what, found=_shape(node)))
            return None
        values: dict[str, YNode] = {}
        for key, value in node.pairs:
            name = key.value
            if name not in keys:
                message = _("unknown key '{key}' in {what}")
                what = _describe((kind, None))
                self.error(
                    key,
                    "unknown-key",
                    message.format(key=_brief(name), what=what) + _hint(name, keys),
                )
            elif not isinstance(value, YScalar) or value.style or value.value not in NULLS:
                values[name] = value
        return values

    def fields(self, node: YNode) -> Mapping[str, Source]:
        assert isinstance(node, YMap)
        flat: list[str | int] = []
        add = flat.extend  # the fastest flattening loop measured (2.5x a generator)
        for key, value in node.pairs:
            add((key.value, value.line, value.col))
        return FieldSources(self.path, tuple(flat))

    def items(self, values: dict[str, YNode], key: str) -> list[YNode]:
        """The items of an optional list (none when absent)."""
        node = values.get(key)
        if node is None:
            return []
        if isinstance(node, YSeq):
            return node.items
        self.wrong_shape(node, key, _("a list"))
        return []

    def required(
        self, values: dict[str, YNode], key: str, read: Callable[[YNode, str], T | None],
        node: YNode, what: What,
    ) -> T | None:  # fmt: skip
        """A required field's value; None (and a problem) when absent or invalid."""
        value = values.get(key)
        if value is None:
            message = _("{what} has no '{key}'").format(what=_describe(what), key=key)
            self.error(node, "required", message)
            return None
        return read(value, key)

    def optional(
        self, values: dict[str, YNode], key: str, read: Callable[[YNode, str], T | None],
        default: T,
    ) -> T:  # fmt: skip
        """An optional field's value, or `default` when absent (or invalid: already reported)."""
        value = values.get(key)
        if value is None:
            return default
        result = read(value, key)
        return default if result is None else result

    # --- scalars: each returns None after recording a problem ---------------

    def text(self, node: YNode, key: str) -> str | None:
        if isinstance(node, YScalar):
            control = _CONTROL.search(node.value)
            if control is not None:
                # A "\e[31m" in a title would recolour a secretary's terminal or
                # leave an unreadable cell in Excel: text is printable or refused.
                message = _("'{key}' holds the control character U+{code:04X}; write plain text")
                self.error(
                    node, "control-character", message.format(key=key, code=ord(control.group()))
                )
                return None
            return _nfc(node.value)
        self.wrong_shape(node, key, _("text"))
        return None

    def number(self, node: YNode, key: str) -> float | None:
        if not isinstance(node, YScalar):
            self.wrong_shape(node, key, _("a number"))
            return None
        value = node.value
        if node.style:
            message = _("'{key}' must be a number, not text ({value})")
            self.error(node, "type", message.format(key=key, value=_brief(node.value)))
            return None
        if len(value) <= _LONGEST_NUMBER and _NUMBER.fullmatch(value):
            number = float(value) if value.strip("-0123456789") else int(value)
            if math.isfinite(number):
                return number
        message = _("'{key}' must be a plain decimal number, not '{value}'")
        self.error(node, "type", message.format(key=key, value=_brief(value)))
        return None

    def integer(self, node: YNode, key: str) -> int | None:
        number = self.number(node, key)
        if number is None or isinstance(number, int):
            return number
        message = _("'{key}' must be a whole number, not {value}")
        self.error(node, "type", message.format(key=key, value=number))
        return None

    def boolean(self, node: YNode, key: str) -> bool | None:
        if isinstance(node, YScalar) and not node.style and node.value in ("true", "false"):
            return node.value == "true"
        message = _("'{key}' must be true or false, not {found}")
        self.error(node, "type", message.format(key=key, found=_shape(node)))
        return None

    def day(self, node: YNode, key: str) -> date | None:
        if not isinstance(node, YScalar):
            self.wrong_shape(node, key, _("a date"))
            return None
        known = self.dates.get(node.value)
        if known is not None:
            return known
        if _DATE.fullmatch(node.value):
            try:
                known = self.dates[node.value] = date.fromisoformat(node.value)
                return known
            except ValueError:
                message = _("'{key}': {value} is not a calendar date")
                self.error(node, "date", message.format(key=key, value=_brief(node.value)))
                return None
        message = _("'{key}' must be a date YYYY-MM-DD, not '{value}'")
        self.error(node, "date", message.format(key=key, value=_brief(node.value)))
        return None

    def choice(self, node: YNode, key: str, kind: type[E]) -> E | None:
        text = self.text(node, key)
        if text is None:
            return None
        choices = [member.value for member in kind]
        if text in choices:
            return kind(text)
        message = _("'{key}' must be one of {choices}, not '{value}'").format(
            key=key, choices=", ".join(choices), value=_brief(text)
        )
        self.error(node, "enum", message + _hint(text, choices))
        return None

    def email(self, node: YNode, key: str) -> str | None:
        text = self.text(node, key)
        if text is None or EMAIL.fullmatch(text):
            return text
        message = _("'{key}' must be an e-mail address like name@example.kz, not '{value}'")
        self.error(node, "type", message.format(key=key, value=_brief(text)))
        return None

    def phone(self, node: YNode, key: str) -> str | None:
        text = self.text(node, key)
        if text is None or (PHONE.fullmatch(text) and sum(c.isdigit() for c in text) >= 5):
            return text
        message = _(
            "'{key}' must be a phone number (digits, spaces, + - and brackets) "
            "like +7 701 123 45 67, not '{value}'"
        )
        self.error(node, "type", message.format(key=key, value=_brief(text)))
        return None

    def language(self, node: YNode, key: str) -> str | None:
        text = self.text(node, key)
        if text is None or text in LANGUAGES:
            return text
        message = _("'{key}' must be one of {choices}, not '{value}'").format(
            key=key, choices=", ".join(LANGUAGES), value=_brief(text)
        )
        self.error(node, "enum", message + _hint(text, LANGUAGES))
        return None

    def status(self, node: YNode, key: str) -> Status | None:
        return self.choice(node, key, Status)

    def tone(self, node: YNode, key: str) -> Tone | None:
        return self.choice(node, key, Tone)

    def texts(self, node: YNode, key: str) -> tuple[str, ...] | None:
        if not isinstance(node, YSeq):
            self.wrong_shape(node, key, _("a list"))
            return None
        found = [self.text(item, key) for item in node.items]
        return tuple(text for text in found if text is not None)

    def bodies(self, node: YNode, key: str) -> tuple[Body, ...] | None:
        if not isinstance(node, YSeq):
            self.wrong_shape(node, key, _("a list"))
            return None
        found = [self.choice(item, key, Body) for item in node.items]
        return tuple(body for body in found if body is not None)

    # --- objects ------------------------------------------------------------

    def roadmap(self, root: YNode) -> Roadmap | None:
        """The whole file; None when it cannot give a roadmap."""
        top = self.mapping(root, "file", _TOP_KEYS)
        if top is None:
            return None
        version = self.required(top, "format", self.integer, root, ("file", None))
        if version is not None and version != FORMAT_VERSION:
            message = _("format {version} is not supported; this amanat reads format {supported}")
            message = message.format(version=version, supported=FORMAT_VERSION)
            self.error(top["format"], "format-version", message)
            return None  # a newer file: its other keys would only add noise
        branch = self.required(top, "branch", self.branch, root, ("file", None))
        period = branch.period if branch is not None else Period(_FAR_PAST, _FAR_PAST)
        districts = self.optional(top, "districts", self.districts, None) or {}
        members = [self.member(node) for node in self.items(top, "members")]
        sections = [self.section(node, period) for node in self.items(top, "sections")]
        if branch is None:
            return None
        return Roadmap(
            path=self.path,
            branch=branch,
            districts=districts,
            members=tuple(m for m in members if m is not None),
            sections=tuple(s for s in sections if s is not None),
            format=FORMAT_VERSION,  # a missing or mistyped `format` is reported above
            fields=self.fields(root),
        )

    def branch(self, node: YNode, key: str) -> Branch | None:
        values = self.mapping(node, "branch", _BRANCH_KEYS)
        if values is None:
            return None
        branch_id = self.required(values, "id", self.text, node, ("branch", None))
        what = ("branch", branch_id)
        name = self.required(values, "name", self.text, node, what)
        programme = self.required(values, "programme", self.text, node, what)
        period = self.required(values, "period", self.period, node, what)
        as_of = self.optional(values, "as_of", self.day, None)
        settings = self.optional(values, "settings", self.settings, Settings())
        if branch_id is None or name is None or programme is None or period is None:
            return None
        return Branch(
            branch_id, name, programme, period, as_of, settings,
            at=self.at(node), fields=self.fields(node),
        )  # fmt: skip

    def period(self, node: YNode, key: str) -> Period | None:
        values = self.mapping(node, "period", _PERIOD_KEYS)
        if values is None:
            return None
        start = self.required(values, "start", self.day, node, ("period", None))
        end = self.required(values, "end", self.day, node, ("period", None))
        return None if start is None or end is None else Period(start, end)

    def settings(self, node: YNode, key: str) -> Settings | None:
        values = self.mapping(node, "settings", _SETTINGS_KEYS)
        if values is None:
            return None
        default = Settings()
        return Settings(
            amber_gap=self.optional(values, "amber_gap", self.number, default.amber_gap),
            red_gap=self.optional(values, "red_gap", self.number, default.red_gap),
            stale_days=self.optional(values, "stale_days", self.integer, default.stale_days),
            feedback_days=self.optional(
                values, "feedback_days", self.integer, default.feedback_days
            ),
        )

    def districts(self, node: YNode, key: str) -> dict[str, str] | None:
        if not isinstance(node, YMap):
            self.wrong_shape(node, key, _("a mapping (slug: name)"))
            return None
        districts: dict[str, str] = {}
        for slug, value in node.pairs:
            if isinstance(value, YScalar) and value.is_null:
                message = _("district '{id}' has no name").format(id=_brief(slug.value))
                self.error(value, "required", message)
                continue
            name = self.text(value, _brief(slug.value))
            if name is not None:
                districts[_nfc(slug.value)] = name
        return districts

    def member(self, node: YNode) -> Member | None:
        values = self.mapping(node, "member", _MEMBER_KEYS)
        if values is None:
            return None
        member_id = self.required(values, "id", self.text, node, ("member", None))
        what = ("member", member_id)
        name = self.required(values, "name", self.text, node, what)
        bodies = self.required(values, "bodies", self.bodies, node, what)
        position = self.optional(values, "position", self.text, None)
        email = self.optional(values, "email", self.email, None)
        phone = self.optional(values, "phone", self.phone, None)
        lang = self.optional(values, "lang", self.language, None)
        if member_id is None or name is None or bodies is None:
            return None
        return Member(
            member_id, name, bodies, position, email, phone, lang,
            at=self.at(node), fields=self.fields(node),
        )  # fmt: skip

    def section(self, node: YNode, period: Period) -> Section | None:
        values = self.mapping(node, "section", _SECTION_KEYS)
        if values is None:
            return None
        section_id = self.required(values, "id", self.text, node, ("section", None))
        what = ("section", section_id)
        title = self.required(values, "title", self.text, node, what)
        sensitive = self.optional(values, "sensitive", self.boolean, False)
        owner = self.optional(values, "owner", self.text, None)
        pledges = [
            self.pledge(item, period, section_id or "") for item in self.items(values, "pledges")
        ]
        if section_id is None or title is None:
            return None
        return Section(
            section_id, title, sensitive, owner, tuple(p for p in pledges if p is not None),
            at=self.at(node), fields=self.fields(node),
        )  # fmt: skip

    def pledge(self, node: YNode, period: Period, section_id: str) -> Pledge | None:
        values = self.mapping(node, "pledge", _PLEDGE_KEYS)
        if values is None:
            return None
        pledge_id = self.required(values, "id", self.text, node, ("pledge", None))
        what = ("pledge", pledge_id)
        title = self.required(values, "title", self.text, node, what)
        status = self.optional(values, "status", self.status, Status.PLANNED)
        due = self.optional(values, "due", self.day, period.end)
        weight = self.optional(values, "weight", self.number, _DEFAULT_WEIGHT)
        districts = self.optional(values, "districts", self.texts, _NO_TEXTS)
        indicators = [
            self.indicator(item, period, due, pledge_id or "")
            for item in self.items(values, "indicators")
        ]
        feedback = [self.feedback(item) for item in self.items(values, "feedback")]
        if pledge_id is None or title is None:
            return None
        return Pledge(
            pledge_id, title, status, due, weight, districts,
            tuple(i for i in indicators if i is not None),
            tuple(f for f in feedback if f is not None),
            section_id=section_id, at=self.at(node), fields=self.fields(node),
        )  # fmt: skip

    def indicator(self, node: YNode, period: Period, due: date, pledge_id: str) -> Indicator | None:
        values = self.mapping(node, "indicator", _INDICATOR_KEYS)
        if values is None:
            return None
        indicator_id = self.required(values, "id", self.text, node, ("indicator", None))
        what = ("indicator", indicator_id)
        title = self.required(values, "title", self.text, node, what)
        unit = self.optional(values, "unit", self.text, None)
        baseline = self.required(values, "baseline", self.number, node, what)
        target = self.required(values, "target", self.number, node, what)
        start = self.optional(values, "start", self.day, period.start)
        own_due = self.optional(values, "due", self.day, due)
        weight = self.optional(values, "weight", self.number, _DEFAULT_WEIGHT)
        owner = self.optional(values, "owner", self.text, None)
        measurements = [self.measurement(item) for item in self.items(values, "values")]
        if indicator_id is None or title is None or baseline is None or target is None:
            return None
        return Indicator(
            indicator_id, title, unit, baseline, target, start, own_due, weight, owner,
            tuple(m for m in measurements if m is not None),
            pledge_id=pledge_id, at=self.at(node), fields=self.fields(node),
        )  # fmt: skip

    def measurement(self, node: YNode) -> Measurement | None:
        values = self.mapping(node, "measurement", _MEASUREMENT_KEYS)
        if values is None:
            return None
        what = ("measurement", None)
        day = self.required(values, "date", self.day, node, what)
        value = self.required(values, "value", self.number, node, what)
        source = self.optional(values, "source", self.text, None)
        note = self.optional(values, "note", self.text, None)
        if day is None or value is None:
            return None
        return Measurement(day, value, source, note, at=self.at(node))

    def feedback(self, node: YNode) -> Feedback | None:
        values = self.mapping(node, "feedback", _FEEDBACK_KEYS)
        if values is None:
            return None
        what = ("feedback", None)
        day = self.required(values, "date", self.day, node, what)
        tone = self.required(values, "tone", self.tone, node, what)
        text = self.required(values, "text", self.text, node, what)
        channel = self.optional(values, "channel", self.text, None)
        district = self.optional(values, "district", self.text, None)
        resolved = self.optional(values, "resolved", self.boolean, False)
        if day is None or tone is None or text is None:
            return None
        return Feedback(day, tone, text, channel, district, resolved, at=self.at(node))


def load_bytes(data: bytes, path: str) -> tuple[Roadmap | None, list[Problem]]:
    """Load one file's bytes: `(roadmap or None, problems)`; never raises on user data."""
    roadmap, problems, _layout = _load(data, path, with_layout=False)
    return roadmap, problems


def load_with_layout(data: bytes, path: str) -> tuple[Roadmap | None, list[Problem], Layout | None]:
    """`load_bytes`, and where each item's lines lie in these bytes (None when it does not load).

    The parse cache keeps the layout with the model, so a write can edit and
    re-read only the lines of its items (`write.edit.edit_lines`).
    """
    return _load(data, path, with_layout=True)


def _load(
    data: bytes, path: str, with_layout: bool
) -> tuple[Roadmap | None, list[Problem], Layout | None]:
    """The load itself; a file over the size limit (`limits`) is refused before it is decoded."""
    refused = too_large(path, len(data))
    if refused is not None:
        return None, [refused], None
    text, _had_bom, problems = decode(data, path)
    if text is None:
        return None, problems, None
    gc_was_enabled = gc.isenabled()
    if gc_was_enabled:  # the model makes no cycles; collection passes only cost time
        gc.disable()
    try:
        root, problems = parse_tree(text, path)
        if root is None:
            return None, problems, None
        reader = _Reader(path)
        roadmap = reader.roadmap(root)
        layout = layout_of(root, text) if with_layout and roadmap is not None else None
    finally:
        if gc_was_enabled:
            gc.enable()
    return roadmap, problems + reader.problems, layout


def load_item(
    node: YNode, path: str, like: Section | Pledge | Indicator, roadmap: Roadmap
) -> tuple[Section | Pledge | Indicator | None, list[Problem]]:
    """One section, pledge or indicator read from its own node, as it would be in `roadmap`.

    For a write that re-reads only the lines it changed (`edit.edit_lines`):
    the defaults an item inherits (the branch period, its pledge's due date)
    and its parent's id are taken from where `like` sits in `roadmap`.
    """
    reader = _Reader(path)
    period = roadmap.branch.period
    item: Section | Pledge | Indicator | None
    if isinstance(like, Section):
        item = reader.section(node, period)
    elif isinstance(like, Pledge):
        item = reader.pledge(node, period, like.section_id)
    else:
        parents = [p for s in roadmap.sections for p in s.pledges if p.id == like.pledge_id]
        if len(parents) != 1:
            return None, reader.problems
        item = reader.indicator(node, period, parents[0].due, like.pledge_id)
    return item, reader.problems
