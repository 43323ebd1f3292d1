"""The JSON Schema (read/schema.py) tested field by field against what the loader reads."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
import yaml

from amanat_cli.read.loader import KEYS, load_bytes
from amanat_cli.read.schema import roadmap_schema

FULL: dict[str, Any] = {
    "format": 1,
    "branch": {
        "id": "b", "name": "B", "programme": "P",
        "period": {"start": date(2023, 1, 1), "end": date(2027, 12, 31)},
        "as_of": date(2025, 6, 30),
        "settings": {"amber_gap": 0.1, "red_gap": 0.25, "stale_days": 120, "feedback_days": 90},
    },
    "districts": {"d": "D"},
    "members": [{"id": "m", "name": "M", "bodies": ["bureau", "political_council"],
                 "position": "p", "email": "m@example.kz", "phone": "+7 701 123 45 67",
                 "lang": "kk"}],
    "sections": [{
        "id": "s", "title": "S", "sensitive": True, "owner": "m",
        "pledges": [{
            "id": "p", "title": "P", "status": "planned", "due": date(2026, 1, 1), "weight": 1,
            "districts": ["d"],
            "indicators": [{
                "id": "i", "title": "I", "unit": "u", "baseline": 0, "target": 10,
                "start": date(2023, 1, 1), "due": date(2026, 1, 1), "weight": 1, "owner": "m",
                "values": [{"date": date(2024, 1, 1), "value": 1, "source": "s", "note": "n"}],
            }],
            "feedback": [{"date": date(2024, 1, 1), "channel": "c", "tone": "neutral",
                          "district": "d", "text": "t", "resolved": False}],
        }],
    }],
}  # fmt: skip
"""A roadmap with every key of the format."""

PLEDGE = ("sections", 0, "pledges", 0)
WHERE: dict[str, tuple[str | int, ...]] = {
    "file": (),
    "branch": ("branch",),
    "period": ("branch", "period"),
    "settings": ("branch", "settings"),
    "member": ("members", 0),
    "section": ("sections", 0),
    "pledge": PLEDGE,
    "indicator": (*PLEDGE, "indicators", 0),
    "measurement": (*PLEDGE, "indicators", 0, "values", 0),
    "feedback": (*PLEDGE, "feedback", 0),
}


def schema_of(kind: str) -> dict[str, Any]:
    """The schema of one kind of mapping."""
    schema = roadmap_schema()
    branch = schema["properties"]["branch"]
    inline = {"file": schema, "branch": branch, "period": branch["properties"]["period"]}
    return inline.get(kind) or schema["$defs"][kind]


def problems_without(kind: str, key: str) -> list[str]:
    """The rules the loader reports when `key` is left out of the `kind` mapping of FULL."""
    document = copy.deepcopy(FULL)
    node: Any = document
    for step in WHERE[kind]:
        node = node[step]
    del node[key]
    _roadmap, problems = load_bytes(yaml.safe_dump(document).encode(), "r.yaml")
    return [p.rule for p in problems]


def test_the_full_roadmap_loads_clean() -> None:
    roadmap, problems = load_bytes(yaml.safe_dump(FULL).encode(), "r.yaml")
    assert roadmap is not None and problems == []


@pytest.mark.parametrize("kind", list(KEYS))
def test_each_mapping_has_the_loaders_keys_in_its_order(kind: str) -> None:
    assert list(schema_of(kind)["properties"]) == list(KEYS[kind])
    assert schema_of(kind)["additionalProperties"] is False  # unknown keys: loader errors


@pytest.mark.parametrize("kind", list(KEYS))
def test_each_key_is_required_in_the_schema_exactly_when_the_loader_requires_it(
    kind: str,
) -> None:
    required = set(schema_of(kind)["required"])
    for key in KEYS[kind]:
        assert ("required" in problems_without(kind, key)) == (key in required), (kind, key)
