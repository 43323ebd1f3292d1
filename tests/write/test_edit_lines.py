"""Edits made and verified on an item's own lines give exactly the whole-file result.

`edit.edit_lines` re-reads only the lines of the items a write changes.  It must
produce the very bytes the whole-file way produces (edit the whole text, load
all of it again), and decline (None) wherever the cut could read differently.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amanat_cli.errors import AmanatError
from amanat_cli.model import Feedback, Measurement, Roadmap, Severity, Status, Tone
from amanat_cli.read.layout import Layout, layout_of
from amanat_cli.read.loader import load_bytes
from amanat_cli.write import changes, edit
from amanat_cli.write.changes import Planner
from bench import generate
from tests.conftest import GOLDEN, SAMPLE
from tests.read.test_loader_property import ROADMAP as SMALL
from tests.write.test_edit_property import NASTY

TODAY = date(2026, 1, 1)
ODD = GOLDEN / "edit" / "input-shymkent.yaml"


def layout(data: bytes) -> Layout:
    return layout_of(edit.tree_of(data, "r.yaml"), edit.decode_text(data, "r.yaml").text)


def both_ways(data: bytes, planner: Planner) -> tuple[bytes | None, bytes] | None:
    """(edited on the items' lines, edited whole), or None when there is nothing to write."""
    roadmap, _problems = load_bytes(data, "r.yaml")
    assert roadmap is not None
    plan = planner(roadmap, TODAY)
    if isinstance(plan, str):
        return None
    local = edit.edit_lines(data, "r.yaml", plan.edits, layout(data), roadmap, plan.intended)
    whole = changes._edit_whole_file(data, "r.yaml", plan)
    return local, whole


def every_kind_of_edit(roadmap: Roadmap) -> list[Planner]:
    """Each write command on each item (as test_edit_golden does on the odd file)."""
    planners: list[Planner] = []
    note = Feedback(date(2025, 6, 1), Tone.NEUTRAL, "a: b #c\n«d»", "e, f", None)
    figure = Measurement(date(2025, 6, 30), 0.1, "x: [y]", "'z'")
    for section in roadmap.sections:
        eligible = changes.eligible_members(roadmap, section)
        planners += [changes.plan_assign([section.id], eligible[-1].id)]
        planners += [changes.plan_unassign([section.id])]
        for pledge in section.pledges:
            planners += [changes.plan_status(pledge.id, Status.DONE, None)]
            planners += [changes.plan_add_feedback(pledge.id, note)]
            planners += [changes.plan_resolve_feedback(pledge.id, n + 1)
                         for n in range(len(pledge.feedback))]  # fmt: skip
            for indicator in pledge.indicators:
                eligible = changes.eligible_members(roadmap, indicator)
                planners += [changes.plan_record(indicator.id, figure, force=True)]
                planners += [changes.plan_unassign([indicator.id])]
                planners += [changes.plan_assign([indicator.id], eligible[0].id)]
    return planners


def compare_all(data: bytes) -> tuple[int, int]:
    """(edits made on their lines, edits declined); asserts every line edit equals the whole."""
    roadmap, _problems = load_bytes(data, "r.yaml")
    assert roadmap is not None
    done = declined = 0
    for planner in every_kind_of_edit(roadmap):
        result = both_ways(data, planner)
        if result is None:
            continue
        local, whole = result
        if local is None:
            declined += 1
        else:
            assert local == whole
            done += 1
    return done, declined


@pytest.mark.slow  # ~35 s: every edit of every item of the sample, both ways
def test_the_sample_edits_every_item_on_its_lines_exactly_as_the_whole_file() -> None:
    done, declined = compare_all(SAMPLE.read_bytes())
    assert done > 350 and declined == 0


@pytest.mark.slow  # ~16 s
def test_a_generated_branch_too() -> None:
    data = generate.generate_branch("ulytau", "Улытауский областной филиал", 60, seed=3).encode()
    done, declined = compare_all(data)
    assert done > 150 and declined == 0


def test_the_odd_file_declines_only_its_flow_items() -> None:
    """Comments, CRLF, a BOM, odd quoting: block items are cut out, flow items edited whole."""
    data = ODD.read_bytes()
    items = layout(data).items
    assert "water-pipes-km" not in items and "parks-new-count" not in items  # flow mappings
    assert {"water", "parks", "water-pipes-share"} <= set(items)
    done, declined = compare_all(data)
    assert done >= 10 and declined >= 4


HEAD = """\
format: 1
branch: {id: b, name: B, programme: P, period: {start: 2023-01-01, end: 2027-12-31}}
members:
  - {id: m, name: M, bodies: [bureau, political_council]}
sections:
"""


def section(body: str) -> bytes:
    return (HEAD + body).encode("utf-8")


ASSIGN_S = changes.plan_assign(["s"], "m")
ASSIGN_I = changes.plan_assign(["i"], "m")


@pytest.mark.parametrize(
    ("body", "planner"),
    [
        # the owner is the first key, on the dash line: removing it pulls the next key up
        ("  - owner: m\n    id: s\n    title: S\n", changes.plan_unassign(["s"])),
        # comments after the item, at its indentation, deeper and at the left edge
        ("  - id: s\n    title: S\n    # about s\n      # deeper\n# left\n  - id: t\n    title: T\n",
         ASSIGN_S),
        # the last item of the file, with no final newline
        ("  - id: t\n    title: T\n  - id: s\n    title: S", ASSIGN_S),
        # a plain scalar over two lines ends the item
        ("  - id: s\n    title: two\n      lines\n  - id: t\n    title: T\n", ASSIGN_S),
        # a quoted scalar over lines, its continuation further left than the keys
        ('  - id: s\n    title: "two\n  lines"\n  - id: t\n    title: T\n', ASSIGN_S),
        # line and paragraph separators inside a value
        ('  - id: s\n    title: "a\u2028b\u2029c"\n', ASSIGN_S),
        # the dash list not indented under its key
        ("- id: s\n  title: S\n- id: t\n  title: T\n", ASSIGN_S),
        # an indicator deep inside, its list new
        ("  - id: s\n    title: S\n    pledges:\n      - id: p\n        title: P\n"
         "        indicators:\n          - id: i\n            title: I\n"
         "            baseline: 0\n            target: 1\n",
         changes.plan_record("i", Measurement(date(2025, 1, 1), 1, None, None), force=False)),
    ],
)  # fmt: skip
def test_hard_cases_are_cut_out_and_equal_the_whole_file(body: str, planner: Planner) -> None:
    result = both_ways(section(body), planner)
    assert result is not None
    local, whole = result
    assert local == whole


NESTED = (
    "  - id: s\n    title: S\n    sensitive: true\n    pledges:\n      - id: p\n        title: P\n"
    "        indicators:\n          - id: i\n            title: I\n"
    "            baseline: 0\n            target: 1\n"
)


@pytest.mark.parametrize(
    ("body", "planner"),
    [
        # a block scalar may own the blank lines after it: never cut there
        ("  - id: s\n    title: |+\n      S\n\n  - id: t\n    title: T\n", ASSIGN_S),
        ("  - id: s\n    title: >\n      S\n  - id: t\n    title: T\n", ASSIGN_S),
        # the dash alone on its line
        ("  -\n    id: s\n    title: S\n", ASSIGN_S),
        # a flow mapping item
        ("  - {id: s, title: S}\n", ASSIGN_S),
        # two items that nest: one whole-file edit
        (NESTED, changes.plan_assign(["s", "i"], "m")),
    ],
)  # fmt: skip
def test_what_cannot_be_cut_out_is_declined(body: str, planner: Planner) -> None:
    data = section(body)
    roadmap, _problems = load_bytes(data, "r.yaml")
    assert roadmap is not None
    plan = planner(roadmap, TODAY)
    assert not isinstance(plan, str)
    assert edit.edit_lines(data, "r.yaml", plan.edits, layout(data), roadmap, plan.intended) is None


def test_repeated_ids_are_left_out_of_the_layout() -> None:
    data = section("  - id: s\n    title: S\n  - id: s\n    title: T\n  - id: u\n    title: U\n")
    assert set(layout(data).items) == {"u"}


def test_a_mismatch_is_declined_not_written() -> None:
    """If the lines read back as anything but the intended model, nothing comes back."""
    data = section("  - id: s\n    title: S\n")
    roadmap, _problems = load_bytes(data, "r.yaml")
    assert roadmap is not None
    plan = ASSIGN_S(roadmap, TODAY)
    assert not isinstance(plan, str)
    wrong = edit.update_item(plan.intended, "s", lambda s: replace(s, title="X"))
    assert edit.edit_lines(data, "r.yaml", plan.edits, layout(data), roadmap, wrong) is None
    assert edit.edit_lines(data, "r.yaml", plan.edits, layout(data), roadmap, plan.intended)


@pytest.mark.parametrize("levels", [57, 58])
def test_the_nesting_limit_counts_the_items_depth_in_the_file(levels: int) -> None:
    """An indicator's lines, cut out, hit the nesting limit exactly where the file does."""
    deep = "[" * levels + "]" * levels
    body = (
        "  - id: s\n    title: S\n    pledges:\n      - id: p\n        title: P\n"
        f"        indicators:\n          - id: i\n            title: I\n            x: {deep}\n"
    )
    text = section(body).decode()
    whole, _problems = edit.parse_tree(text, "r.yaml")
    _start, _end, depth = layout(section(NESTED)).items["i"]
    assert depth == 7
    cut = text[text.index("          - id: i") :]
    alone, problems = edit.parse_tree(cut, "r.yaml", outer_depth=depth - 2)
    assert (whole is None, alone is None) == (levels > 57, levels > 57)
    assert [p.rule for p in problems] == (["too-deep"] if levels > 57 else [])


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(alphabet="абвгӘҒҚ" + NASTY + "xyz019.", min_size=1, max_size=40),
    pick=st.integers(min_value=0, max_value=10_000),
)
def test_any_text_in_any_item_gives_the_whole_file_bytes(text: str, pick: int) -> None:
    data = SAMPLE.read_bytes()
    roadmap, _problems = load_bytes(data, "r.yaml")
    assert roadmap is not None
    pledges = [p for s in roadmap.sections for p in s.pledges]
    pledge = pledges[pick % len(pledges)]
    indicators = [i for p in pledges for i in p.indicators]
    indicator = indicators[pick % len(indicators)]
    text = text.strip() or "x"
    planners = [
        changes.plan_add_feedback(pledge.id, Feedback(date(2025, 6, 1), Tone.NEGATIVE, text)),
        changes.plan_record(
            indicator.id, Measurement(date(2025, 6, 2), 1.5, text, text), force=True
        ),
    ]
    for planner in planners:
        result = both_ways(data, planner)
        assert result is not None
        local, whole = result
        assert local == whole


@pytest.fixture
def whole_file_edits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the write commands edited and verified the whole-file way."""
    seen: list[str] = []
    real = edit.tree_of

    def counting(data: bytes, path: str) -> edit.YNode:
        seen.append(path)
        return real(data, path)

    monkeypatch.setattr(edit, "tree_of", counting)
    return seen


def test_write_commands_edit_only_the_items_lines(
    run_cli: Callable[..., Any], tmp_path: Path, whole_file_edits: list[str]
) -> None:
    path = tmp_path / "almaty.yaml"
    shutil.copyfile(SAMPLE, path)
    record = ["record", "health-ambulance-time", "14,5", "--date", "2025-06-30", "-r", str(path)]
    assert run_cli(*record).exit_code == 0
    assert run_cli("set-status", "edu-new-schools", "cancelled", "-r", str(path)).exit_code == 0
    assert whole_file_edits == []
    roadmap, problems = load_bytes(path.read_bytes(), str(path))
    assert roadmap is not None and not [p for p in problems if p.severity == "error"]
    (indicator,) = [
        i for s in roadmap.sections for p in s.pledges for i in p.indicators
        if i.id == "health-ambulance-time"
    ]  # fmt: skip
    assert indicator.values[-1].value == 14.5
    # A section and an indicator inside it: nested items, so one whole-file edit.
    both = run_cli("unassign", "health", "health-ambulance-time", "-r", str(path))
    assert both.exit_code == 0 and whole_file_edits == [str(path)]


def test_a_flow_item_is_edited_the_whole_file_way(
    run_cli: Callable[..., Any], tmp_path: Path, whole_file_edits: list[str]
) -> None:
    path = tmp_path / "shymkent.yaml"
    shutil.copyfile(ODD, path)
    assert run_cli("assign", "water-pipes-km", "tulegenov-k", "-r", str(path)).exit_code == 0
    assert len(whole_file_edits) == 1


def _both_or_neither(data: bytes, planner: Planner) -> None:
    """Line edit and whole-file edit agree: the same bytes, or the line edit declines."""
    roadmap, _problems = load_bytes(data, "r.yaml")
    assert roadmap is not None
    plan = planner(roadmap, TODAY)
    if isinstance(plan, str):
        return
    local = edit.edit_lines(data, "r.yaml", plan.edits, layout(data), roadmap, plan.intended)
    try:
        whole = changes._edit_whole_file(data, "r.yaml", plan)
    except AmanatError:  # the whole-file way refuses: the line way must not have written
        assert local is None
        return
    assert local is None or local == whole


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    inserts=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10_000),
            st.sampled_from(["# c", "#", "", "  ", "- # x", "x: # y"]),
            st.integers(min_value=0, max_value=14),
        ),
        max_size=8,
    ),
    crlf=st.booleans(),
)
def test_comments_and_blank_lines_anywhere_never_split_the_two_ways(
    inserts: list[tuple[int, str, int]], crlf: bool
) -> None:
    """Lines that YAML may or may not read as part of an item, at any indent, between any lines."""
    lines = SMALL.split("\n")
    for where, text, indent in inserts:
        lines.insert(where % len(lines), " " * indent + text)
    text = "\n".join(lines)
    data = (text.replace("\n", "\r\n") if crlf else text).encode()
    roadmap, problems = load_bytes(data, "r.yaml")
    if roadmap is None or any(p.severity == Severity.ERROR for p in problems):
        return  # an insert broke the file: writes refuse it before any edit
    for planner in every_kind_of_edit(roadmap):
        _both_or_neither(data, planner)


def test_the_layout_of_any_parsed_corpus_file_is_found_without_error() -> None:
    """Every tree the reader builds from the 402 yaml-test-suite inputs gets a layout.

    The cache computes a layout on every cold load: it must never raise, and
    what it finds must lie inside the text, each item ending after it starts.
    """
    from tests.conftest import corpus_files

    parsed = 0
    for path in corpus_files():
        text, _bom, _problems = edit.decode(path.read_bytes(), str(path))
        if text is None:
            continue
        tree, _problems = edit.parse_tree(text, str(path))
        if tree is None:
            continue
        parsed += 1
        found = layout_of(tree, text)
        assert all(0 <= start < end <= len(text) for start, end, _d in found.items.values())
    assert parsed > 100
