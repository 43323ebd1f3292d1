"""Property: any text a user types survives a write exactly, and no other line changes."""

from __future__ import annotations

import difflib
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amanat_cli.read.store import load_file
from amanat_cli.write.edit import double_quoted

LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯӘҒҚҢӨҰҮҺІәғқңөұүһі"
# No NEL (U+0085) or other control characters: the commands refuse them up front
# (test_write_commands); the edit layer itself still quotes them (test_edit).
NASTY = "#:'\"[]{},&*!|>%@`-?~ \t\n\u2028\u2029\\№«»"

ids = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,12}", fullmatch=True)
names = st.text(alphabet=LETTERS + " -", min_size=1, max_size=30).filter(lambda s: s.strip())
texts = st.text(alphabet=LETTERS + NASTY + "abcXYZ0123456789.", min_size=1, max_size=60)

ROADMAP = """\
# header comment
format: 1
branch: {{id: b, name: B, programme: 'P', period: {{start: 2023-01-01, end: 2027-12-31}}}}
members:
  - id: {member_id}
    name: {member_name}   # who
    bodies: [political_council]
sections:
  - id: s
    title: S
    pledges:
      - id: p
        title: "P"
        indicators:
          - id: {indicator_id}
            title: I
            baseline: 0
            target: 10
            values:
              - {{date: 2024-01-01, value: 1}}  # first

        # trailing comment
"""


def _added_lines(before: str, after: str) -> list[str]:
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    assert not [d for d in diff if d.startswith("- ")], "a line was changed or removed"
    return [d[2:] for d in diff if d.startswith("+ ")]


@pytest.mark.slow
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    member_id=ids,
    member_name=names,
    indicator_id=ids.filter(lambda i: i not in ("s", "p")),
    source=texts,
    note=texts,
    feedback=texts.filter(lambda s: s.strip()),
)
def test_user_text_round_trips_and_other_lines_stay(
    run_cli: Callable[..., object],
    member_id: str,
    member_name: str,
    indicator_id: str,
    source: str,
    note: str,
    feedback: str,
) -> None:
    text = ROADMAP.format(
        member_id=member_id, member_name=double_quoted(member_name), indicator_id=indicator_id
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.yaml"
        path.write_bytes(text.encode("utf-8"))
        steps = [
            ("assign", indicator_id, member_id),
            ("record", indicator_id, "2,5", "--date", "2025-01-01", "--source", source,
             "--note", note),
            ("feedback", "add", "p", "--tone", "neutral", "--text", feedback,
             "--date", "2025-02-01"),
        ]  # fmt: skip
        for step in steps:
            before = path.read_text("utf-8")
            result = run_cli(*step, "-r", str(path))
            assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
            assert _added_lines(before, path.read_text("utf-8"))
        roadmap, problems = load_file(path)
        assert roadmap is not None and not [p for p in problems if p.severity == "error"]
        indicator = roadmap.indicators()[0]
        assert indicator.owner == member_id
        assert roadmap.members[0].name == unicodedata.normalize("NFC", member_name)
        latest = indicator.values[-1]
        assert (latest.value, latest.source, latest.note) == (
            2.5,
            unicodedata.normalize("NFC", source),
            unicodedata.normalize("NFC", note),
        )
        assert roadmap.pledges()[0].feedback[-1].text == unicodedata.normalize("NFC", feedback)
