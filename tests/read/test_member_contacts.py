"""A member's e-mail, phone and language: optional, read strictly, in the schema and in `show`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from amanat_cli.read.schema import roadmap_schema
from tests.read.test_loader import BASE, load, located, replace
from tests.write.test_init_schema import _plain_yaml

CONTACTS = "    bodies: [bureau]\n    email: a.kaliyev@amanat.kz\n    phone: +7 701 123-45-67\n    lang: kk\n"


def test_contacts_are_read_and_old_files_stay_valid() -> None:
    roadmap, problems = load(replace("    bodies: [bureau]\n", CONTACTS))
    assert problems == [] and roadmap is not None
    member = roadmap.members[0]
    assert (member.email, member.phone, member.lang) == (
        "a.kaliyev@amanat.kz",
        "+7 701 123-45-67",
        "kk",
    )
    plain, problems = load(BASE)
    assert problems == [] and plain is not None
    assert (plain.members[0].email, plain.members[0].phone, plain.members[0].lang) == (None,) * 3


@pytest.mark.parametrize(
    ("line", "rule", "col", "message"),
    [
        ("    email: Калиев Арман\n", "type", 12,
         "'email' must be an e-mail address like name@example.kz, not 'Калиев Арман'"),
        ("    email: kaliyev@amanat\n", "type", 12, "not 'kaliyev@amanat'"),
        ("    phone: звонить секретарю\n", "type", 12,
         "'phone' must be a phone number (digits, spaces, + - and brackets) like +7 701 123 45 67"),
        ("    phone: 1234\n", "type", 12, "not '1234'"),
        ("    lang: kz\n", "enum", 11, "'lang' must be one of en, ru, kk, not 'kz'"),
        ("    lang: rus\n", "enum", 11, "not 'rus'; did you mean 'ru'?"),
        ("    emial: a@b.kz\n", "unknown-key", 5, "did you mean 'email'?"),
    ],
)  # fmt: skip
def test_bad_contacts_are_located_errors(line: str, rule: str, col: int, message: str) -> None:
    _roadmap, problems = load(replace("    bodies: [bureau]\n", "    bodies: [bureau]\n" + line))
    assert located(problems) == [(rule, 11, col)]
    assert message in problems[0].message


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("email", "a.kaliyev@amanat.kz", True),
        ("email", "Калиев Арман", False),
        ("email", "kaliyev@amanat", False),
        ("phone", "+7 701 123-45-67", True),
        ("phone", "8 (727) 2 55 55 55", True),
        ("phone", "1234", False),
        ("phone", "call me", False),
        ("lang", "ru", True),
        ("lang", "kz", False),
    ],
)
def test_the_schema_and_the_loader_agree(field: str, value: str, valid: bool) -> None:
    text = replace(
        "    bodies: [bureau]\n", f"    bodies: [bureau]\n    {field}: {json.dumps(value)}\n"
    )
    _roadmap, problems = load(text)
    assert (problems == []) is valid
    validator = jsonschema.Draft202012Validator(roadmap_schema())
    assert validator.is_valid(_plain_yaml(text)) is valid


def test_show_member_names_the_contacts(
    run_cli: Callable[..., Any], write_roadmap: Callable[..., Path]
) -> None:
    path = write_roadmap(replace("    bodies: [bureau]\n", CONTACTS))
    text = run_cli("show", "kaliyev-a", "-r", str(path)).stdout
    assert text.splitlines()[4:7] == [
        "  e-mail    a.kaliyev@amanat.kz",
        "  phone     +7 701 123-45-67",
        "  language  kk",
    ]
    shown = json.loads(run_cli("show", "Калиев", "--format", "json", "-r", str(path)).stdout)
    assert (shown["email"], shown["phone"], shown["lang"]) == (
        "a.kaliyev@amanat.kz",
        "+7 701 123-45-67",
        "kk",
    )
    russian = run_cli("show", "kaliyev-a", "--lang", "ru", "-r", str(path)).stdout
    assert "телефон" in russian and "+7 701 123-45-67" in russian


def test_the_skeleton_shows_the_contacts_in_comments() -> None:
    from amanat_cli.write.skeleton import skeleton_text

    text = skeleton_text(date(2025, 6, 30))
    assert "    #   email: name@example.kz\n" in text
    assert '    #   phone: "+7 701 123 45 67"\n' in text
    assert "    #   lang: kk    # en | ru | kk\n" in text
