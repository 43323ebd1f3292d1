"""`status` on a terminal at any width and in every language: ids whole, names whole,
figures with their words; the layout gives way elsewhere (notes, then the owner, go under
the title)."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from amanat_cli.compute.progress import compute
from amanat_cli.compute.report import build_status
from amanat_cli.i18n import set_language
from amanat_cli.read.store import load_paths
from amanat_cli.render.boxtable import NO_BREAK, BoxTable, Column, Paragraph, Row
from amanat_cli.render.labels import RAG_LABELS, rag_label
from amanat_cli.render.terminal import print_status, short_name
from tests.conftest import SAMPLE


def sample_table(width: int, language: str, indicators: bool) -> str:
    set_language(language)
    roadmaps, _problems = load_paths([SAMPLE])
    report = build_status([compute(r, r.branch.as_of) for r in roadmaps if r.branch.as_of])
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, highlight=False)
    print_status(console, report, indicators)
    return buffer.getvalue()


@pytest.mark.parametrize("width", [80, 100, 120, 140])
@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize("indicators", [False, True], ids=["pledges", "indicators"])
def test_ids_names_and_figures_are_never_cut(width: int, language: str, indicators: bool) -> None:
    text = sample_table(width, language, indicators)
    roadmap = load_paths([SAMPLE])[0][0]
    ids = [p.id for p in roadmap.pledges()]
    ids += [i.id for i in roadmap.indicators()] if indicators else []
    words = set(re.split(r"[\s│]+", text))
    assert [i for i in ids if i not in words] == []  # each id whole, inside one cell line
    for member in roadmap.members:
        name = short_name(member.name).replace(NO_BREAK, " ")  # «Абенова Ж. Т.»
        start = name.rsplit(" ", 1)[0] + " "  # «Абенова Ж. »
        cut = [line for line in text.splitlines() if start in line and name not in line]
        assert cut == []
    rags = "|".join(re.escape(rag_label(r)) for r in RAG_LABELS)
    for line in text.splitlines():
        assert max(len(line) for line in text.splitlines()) <= width
        if "│" in line or "╭" in line or "╰" in line:
            continue
        assert not re.match(r"\d", line), line  # a count is never parted from its word
        assert not re.search(rf"(?:{rags})\s*$", line), line


def test_the_notes_column_is_as_wide_as_its_longest_note() -> None:
    wide = sample_table(140, "en", indicators=False)
    assert "│ neg. feedback 1 │" in wide  # not "neg. feedback" over "1"
    assert "│ Notes           │" in wide


def test_at_100_columns_with_indicators_notes_go_under_the_title() -> None:
    text = sample_table(100, "en", indicators=True)
    assert "↳ edu-new-schools-opened " in text and "↳ health-stroke-centres-opened " in text
    assert "│ neg. feedback 1 " in text  # in the pledge column, under the title


def test_a_held_space_is_drawn_as_a_space_and_never_broken() -> None:
    table = BoxTable([("T", "")], [Column("Id", flexible=True, min_width=4), Column("N")])
    table.rows.append(Row([[("aa bb" + NO_BREAK + "cc dd", "")], [("1", "")]]))
    buffer = io.StringIO()
    Console(file=buffer, width=14, color_system=None).print(table)
    lines = buffer.getvalue().splitlines()
    assert lines[4:7] == ["│ aa     │ 1 │", "│ bb cc  │   │", "│ dd     │   │"]
    assert NO_BREAK not in buffer.getvalue()
    assert table.fits(14) and not table.fits(10)


def test_a_paragraph_breaks_only_at_breakable_spaces() -> None:
    buffer = io.StringIO()
    runs = [("red" + NO_BREAK + "15" + NO_BREAK + "· green" + NO_BREAK + "10", "")]
    Console(file=buffer, width=12, color_system=None).print(Paragraph(runs))
    assert buffer.getvalue() == "red 15 ·\ngreen 10\n"
