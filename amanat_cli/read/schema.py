"""The JSON Schema (draft 2020-12) of the roadmap format, for editors.

It mirrors spec/ROADMAP.md so that an editor with the YAML language server
underlines a typo or a wrong enum as the user types; `amanat check` remains
the authority (it also checks what a schema cannot: unique ids, dates that
exist, owners that are members, the ownership rules).  Descriptions are
English on purpose: editors show them verbatim and the keys are English too.
"""

from __future__ import annotations

import json
from typing import Any

from amanat_cli.i18n import LANGUAGES
from amanat_cli.model import FORMAT_VERSION, Body, Status, Tone

SCHEMA_ID = "https://amanat-cli.invalid/schema/roadmap-1.json"
"""A name, never fetched: the `.invalid` domain cannot resolve."""

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s.]+$"
PHONE_PATTERN = r"^(?=(?:[^0-9]*[0-9]){5})\+?[0-9 ()-]+$"
"""The loader's `EMAIL` and `PHONE` (at least five digits), anchored as JSON Schema needs."""

Schema = dict[str, Any]


def _nullable(schema: Schema) -> Schema:
    """Optional fields may be written as `null` (ROADMAP.md).

    Widening `type`/`enum` in place, rather than `anyOf`, keeps the validator's
    message precise ("'finished' is not one of ...") for editors and tests.
    """
    if "type" in schema:
        return {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    return {"anyOf": [schema, {"type": "null"}]}


def _obj(description: str, properties: dict[str, Schema], required: list[str]) -> Schema:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _text(description: str) -> Schema:
    return {"type": "string", "minLength": 1, "description": description}


def _ref(name: str, description: str) -> Schema:
    return {"$ref": f"#/$defs/{name}", "description": description}


def _list_of(name: str, description: str) -> Schema:
    return _nullable(
        {"type": "array", "items": {"$ref": f"#/$defs/{name}"}, "description": description}
    )


def _definitions() -> dict[str, Schema]:
    weight = _nullable(
        {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "Weight in roll-ups; > 0, default 1.",
        }
    )
    owner = _nullable({"$ref": "#/$defs/id", "description": "A member id, or null."})
    return {
        "id": {
            "type": "string",
            "pattern": ID_PATTERN,
            "description": "A slug: lowercase Latin letters, digits, '-', '_', '.'.",
        },
        "date": {"type": "string", "pattern": DATE_PATTERN, "description": "YYYY-MM-DD."},
        "settings": _obj(
            "Thresholds of the rag rules.",
            {
                "amber_gap": _nullable(
                    {
                        "type": "number",
                        "minimum": 0,
                        "maximum": 1,
                        "description": "Lag behind the trajectory that makes amber (default 0.10).",
                    }
                ),
                "red_gap": _nullable(
                    {
                        "type": "number",
                        "minimum": 0,
                        "maximum": 1,
                        "description": "Lag behind the trajectory that makes red (default 0.25).",
                    }
                ),
                "stale_days": _nullable(
                    {
                        "type": "integer",
                        "minimum": 0,
                        "description": "Data older than this many days is stale (default 120).",
                    }
                ),
                "feedback_days": _nullable(
                    {
                        "type": "integer",
                        "minimum": 0,
                        "description": "Window of feedback that makes a pledge contested (default 90).",
                    }
                ),
            },
            [],
        ),
        "member": _obj(
            "A member of the branch.",
            {
                "id": _ref("id", "Member id, unique among members."),
                "name": _text("Full name."),
                "bodies": {
                    "type": "array",
                    "minItems": 1,
                    "uniqueItems": True,
                    "items": {"enum": [b.value for b in Body]},
                    "description": "The bodies the member sits in.",
                },
                "position": _nullable(_text("Position, free text.")),
                "email": _nullable(
                    {"type": "string", "pattern": EMAIL_PATTERN, "description": "E-mail address."}
                ),
                "phone": _nullable(
                    {
                        "type": "string",
                        "pattern": PHONE_PATTERN,
                        "description": "Phone number: digits, spaces, + - and brackets.",
                    }
                ),
                "lang": _nullable(
                    {"enum": list(LANGUAGES), "description": "The language the member reads."}
                ),
            },
            ["id", "name", "bodies"],
        ),
        "measurement": _obj(
            "One dated value of an indicator.",
            {
                "date": _ref("date", "Date of the measurement."),
                "value": {"type": "number", "description": "The measured value."},
                "source": _nullable(_text("Who reported the figure (evidence).")),
                "note": _nullable(_text("A remark.")),
            },
            ["date", "value"],
        ),
        "feedback": _obj(
            "What citizens said about a pledge.",
            {
                "date": _ref("date", "Date received."),
                "channel": _nullable(_text("reception, online, meeting, call-center, ...")),
                "tone": {"enum": [t.value for t in Tone], "description": "Tone of the feedback."},
                "district": _nullable({"$ref": "#/$defs/id", "description": "A district slug."}),
                "text": _text("What was said."),
                "resolved": _nullable({"type": "boolean", "description": "Default false."}),
            },
            ["date", "tone", "text"],
        ),
        "indicator": _obj(
            "A roadmap indicator: baseline, target, measurements.",
            {
                "id": _ref("id", "Item id, unique in the file."),
                "title": _text("What is measured."),
                "unit": _nullable(_text("Unit of measure.")),
                "baseline": {"type": "number", "description": "Value at the start."},
                "target": {
                    "type": "number",
                    "description": "Value to reach; differs from baseline, may be below it.",
                },
                "start": _nullable(_ref("date", "Default: the period start.")),
                "due": _nullable(_ref("date", "Default: the pledge's due date.")),
                "weight": weight,
                "owner": owner,
                "values": _list_of("measurement", "Measurements, any order."),
            },
            ["id", "title", "baseline", "target"],
        ),
        "pledge": _obj(
            "A pledge (наказ, «аманат»).",
            {
                "id": _ref("id", "Item id, unique in the file."),
                "title": _text("The pledge as promised."),
                "status": _nullable(
                    {
                        "enum": [s.value for s in Status],
                        "description": "Declared status (default planned).",
                    }
                ),
                "due": _nullable(_ref("date", "Default: the period end.")),
                "weight": weight,
                "districts": _nullable(
                    {
                        "type": "array",
                        "items": {"$ref": "#/$defs/id"},
                        "description": "District slugs.",
                    }
                ),
                "indicators": _list_of("indicator", "Indicators of the pledge."),
                "feedback": _list_of("feedback", "Citizens' feedback."),
            },
            ["id", "title"],
        ),
        "section": _obj(
            "A section of the programme.",
            {
                "id": _ref("id", "Item id, unique in the file."),
                "title": _text("Section title."),
                "sensitive": _nullable(
                    {
                        "type": "boolean",
                        "description": "Socially sensitive: owner must be in the Bureau.",
                    }
                ),
                "owner": owner,
                "pledges": _list_of("pledge", "Pledges of the section."),
            },
            ["id", "title"],
        ),
    }


def roadmap_schema() -> Schema:
    """The JSON Schema of a roadmap file, as a dict."""
    branch = _obj(
        "The branch this file is for.",
        {
            "id": _ref("id", "Branch id, unique among loaded files."),
            "name": _text("Branch name."),
            "programme": _text("The programme the pledges come from."),
            "period": _obj(
                "The programme period.",
                {
                    "start": _ref("date", "First day."),
                    "end": _ref("date", "Last day."),
                },
                ["start", "end"],
            ),
            "as_of": _nullable(_ref("date", "The date reports are computed for.")),
            "settings": _nullable({"$ref": "#/$defs/settings"}),
        },
        ["id", "name", "programme", "period"],
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "amanat roadmap",
        **_obj(
            "A party branch's pledge roadmap (format 1); `amanat check` is the authority.",
            {
                "format": {"const": FORMAT_VERSION, "description": "Format version."},
                "branch": branch,
                "districts": _nullable(
                    {
                        "type": "object",
                        "propertyNames": {"pattern": ID_PATTERN},
                        "additionalProperties": {"type": "string", "minLength": 1},
                        "description": "District slug -> display name.",
                    }
                ),
                "members": _list_of("member", "The branch's members."),
                "sections": _list_of("section", "Sections of the programme."),
            },
            ["format", "branch"],
        ),
        "$defs": _definitions(),
    }


def schema_json() -> str:
    """The schema as indented JSON text with a final newline."""
    return json.dumps(roadmap_schema(), ensure_ascii=False, indent=2) + "\n"
