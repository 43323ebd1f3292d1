"""The strict loader: every refusal located, strings stay strings, defaults resolved."""

from __future__ import annotations

import gc
import textwrap
from datetime import date
from pathlib import Path

import pytest
import yaml

from amanat_cli.model import Body, Problem, Roadmap, Severity, Source, Status, Tone
from amanat_cli.read.loader import load_bytes
from amanat_cli.read.store import load_file, load_paths
from amanat_cli.read.yamltree import MAX_DEPTH, YMap, YNode, YScalar, YSeq, decode, parse_tree

BASE = """\
format: 1
branch:
  id: almaty
  name: Алматинский филиал
  programme: «Халықпен бірге!»
  period: {start: 2023-04-01, end: 2027-12-31}
members:
  - id: kaliyev-a
    name: Калиев Арман
    bodies: [bureau]
sections:
  - id: health
    title: Медицина
    pledges:
      - id: polyclinics
        title: Построить поликлиники
        indicators:
          - id: opened
            title: Введено поликлиник
            baseline: 0
            target: 6
            values:
              - {date: 2024-06-30, value: 2}
        feedback:
          - date: 2025-05-12
            tone: negative
            text: Врачей не хватает
"""


def load(text: str, path: str = "r.yaml") -> tuple[Roadmap | None, list[Problem]]:
    return load_bytes(textwrap.dedent(text).encode("utf-8"), path)


def located(problems: list[Problem]) -> list[tuple[str, int, int]]:
    """`(rule, line, col)` of each problem, in order."""
    return [(p.rule, p.source.line, p.source.col) for p in problems if p.source is not None]


def replace(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


@pytest.fixture(params=["libyaml", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with each parser: libyaml, and the pure fallback forced."""
    if request.param == "libyaml":
        assert yaml.__with_libyaml__, "the dev venv's PyYAML is built with libyaml"
    else:
        monkeypatch.setattr(yaml, "__with_libyaml__", False)
    return str(request.param)


def test_base_roadmap_loads_clean(parser: str) -> None:
    roadmap, problems = load(BASE)
    assert problems == []
    assert roadmap is not None
    assert roadmap.branch.id == "almaty"
    assert [i.id for i in roadmap.indicators()] == ["opened"]
    assert roadmap.members[0].bodies == (Body.BUREAU,)


# --- encoding -------------------------------------------------------------


def test_cp1251_file_is_refused_with_the_byte_offset() -> None:
    data = "format: 1\nbranch:\n  name: Алматы\n".encode("cp1251")
    roadmap, problems = load_bytes(data, "r.yaml")
    assert roadmap is None
    problem = only(problems)
    # "format: 1\n" (10) + "branch:\n" (8) + "  name: " (8): the first Cyrillic byte.
    assert located(problems) == [("encoding", 3, 9)]
    assert "byte 26" in problem.message and "UTF-8" in problem.message


def test_the_same_text_in_utf8_with_a_bom_decodes() -> None:
    text, had_bom, problems = decode("\ufeffname: Алматы\n".encode(), "r.yaml")
    assert (text, had_bom, problems) == ("name: Алматы\n", True, [])
    assert decode(b"a: 1\n", "r.yaml") == ("a: 1\n", False, [])


def test_two_boms_are_refused_since_libyaml_would_shift_every_offset() -> None:
    text, had_bom, problems = decode("\ufeff\ufeffa: 1\n".encode(), "r.yaml")
    assert text is None and had_bom
    assert located(problems) == [("encoding", 1, 1)]


def test_bad_byte_after_a_bom_counts_the_bom_in_the_offset_not_the_column() -> None:
    _, had_bom, problems = decode(b"\xef\xbb\xbfa: \xff\n", "r.yaml")
    assert had_bom
    assert located(problems) == [("encoding", 1, 4)]
    assert "byte 6" in problems[0].message


def test_nul_and_control_characters_are_located_encoding_errors() -> None:
    _, problems = load(replace("title: Медицина", "title: Меди\x00цина"))
    assert located(problems) == [("encoding", 13, 16)]
    assert "U+0000" in problems[0].message
    _, problems = load(replace("title: Медицина", "title: \x1bМедицина"))
    assert located(problems) == [("encoding", 13, 12)]
    # Tabs inside a value are fine.
    roadmap, problems = load(replace("title: Медицина", "title: Меди\tцина"))
    assert problems == [] and roadmap is not None
    assert roadmap.sections[0].title == "Меди\tцина"


@pytest.mark.parametrize("escape", ["\\e[31m", "\\x07", "\\r", "\\x85"])
def test_escaped_control_characters_in_text_are_refused(parser: str, escape: str) -> None:
    # Raw ones never get past the reader; written as escapes in double quotes they would
    # recolour a terminal or corrupt a spreadsheet cell, so text must be printable.
    _, problems = load(replace("title: Медицина", f'title: "Меди{escape}цина"'))
    assert located(problems) == [("control-character", 13, 12)]
    assert "'title' holds the control character U+" in problems[0].message


def test_escaped_tab_newline_and_line_separator_stay_text(parser: str) -> None:
    roadmap, problems = load(replace("title: Медицина", 'title: "а\\tб\\nв\\u2028г"'))
    assert problems == [] and roadmap is not None
    assert roadmap.sections[0].title == "а\tб\nв\u2028г"


# --- syntax, empty, multi-document ----------------------------------------


def test_syntax_error_is_one_located_line(parser: str) -> None:
    roadmap, problems = load(replace("title: Медицина", "title: Меди: цина"))
    assert roadmap is None
    problem = only(problems)
    assert located(problems) == [("syntax", 13, 16)]
    assert problem.severity == Severity.ERROR
    assert "\n" not in problem.message and problem.message.startswith("invalid YAML: ")


def test_unclosed_flow_collection_points_where_the_parser_gave_up(parser: str) -> None:
    _, problems = load(replace("bodies: [bureau]", "bodies: [bureau"))
    assert [p.rule for p in problems] == ["syntax"]
    assert problems[0].source is not None and problems[0].source.line >= 10


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n# and another\n", "---\n", "~\n"])
def test_empty_files_are_refused(parser: str, text: str) -> None:
    roadmap, problems = load(text)
    assert roadmap is None
    assert located(problems) == [("empty", 1, 1)]


def test_a_second_document_is_refused_at_its_start(parser: str) -> None:
    lines = BASE.count("\n")
    _, problems = load(BASE + "---\nformat: 1\n")
    assert located(problems) == [("multi-document", lines + 1, 1)]
    _, problems = load(BASE + "...\n---\nformat: 1\n")
    assert located(problems) == [("multi-document", lines + 2, 1)]


def test_document_markers_around_one_document_are_fine(parser: str) -> None:
    roadmap, problems = load("# roadmap\n---\n" + BASE + "...\n# end\n")
    assert problems == [] and roadmap == load(BASE)[0]


# --- anchors, aliases, tags -----------------------------------------------


def test_anchors_and_aliases_are_refused_where_they_are(parser: str) -> None:
    text = replace("title: Медицина", "title: &t Медицина")
    text = replace("title: Построить поликлиники", "title: *t", text)
    _, problems = load(text)
    assert located(problems)[:2] == [("anchor", 13, 12), ("anchor", 16, 16)]
    assert "&t" in problems[0].message and "*t" in problems[1].message


def test_anchor_on_a_collection_is_refused(parser: str) -> None:
    _, problems = load(replace("bodies: [bureau]", "bodies: &b [bureau]"))
    assert located(problems) == [("anchor", 10, 13)]


def test_explicit_tags_are_refused_at_the_tag(parser: str) -> None:
    text = replace("target: 6", "target: !!int 6")
    text = replace("text: Врачей не хватает", "text: !note Врачей", text)
    _, problems = load(text)
    assert located(problems) == [("tag", 21, 21), ("tag", 27, 19)]
    assert "!!int" in problems[0].message and "!note" in problems[1].message


def test_tag_after_an_anchor_is_located_at_the_tag(parser: str) -> None:
    _, problems = load(replace("target: 6", "target: &x !!str 6"))
    assert located(problems) == [("anchor", 21, 21), ("tag", 21, 24)]


def test_text_that_looks_like_anchors_and_tags_is_fine_when_quoted(parser: str) -> None:
    text = replace("title: Медицина", "title: '&t *t !!str'")
    roadmap, problems = load(text)
    assert problems == [] and roadmap is not None
    assert roadmap.sections[0].title == "&t *t !!str"


# --- keys -----------------------------------------------------------------


def test_duplicate_key_names_both_lines(parser: str) -> None:
    text = replace("  name: Алматинский филиал\n", "  name: Алматинский филиал\n  id: again\n")
    roadmap, problems = load(text)
    problem = only(problems)
    assert located(problems) == [("duplicate-key", 5, 3)]
    assert problem.message == "duplicate key 'id' (first at line 3)"
    # The first value is kept, and the rest of the file is still read.
    assert roadmap is not None and roadmap.branch.id == "almaty"


def test_keys_compare_as_text_and_the_message_says_so(parser: str) -> None:
    text = BASE + "districts:\n  1: Первый\n  '1': Второй\n  '2': Второй\n"
    roadmap, problems = load(text)
    problem = only(problems)
    assert located(problems) == [("duplicate-key", 30, 3)]
    assert "first at line 29" in problem.message and "same key" in problem.message
    assert roadmap is not None and roadmap.districts == {"1": "Первый", "2": "Второй"}


def test_complex_and_null_keys_are_refused(parser: str) -> None:
    _, problems = load(BASE + "districts: {[a, b]: x}\n")
    assert located(problems) == [("key-type", 28, 13)]
    _, problems = load(BASE + "districts:\n  ~: x\n")
    assert located(problems) == [("key-type", 29, 3)]
    _, problems = load(BASE + "districts: {null: x, '': y}\n")
    assert located(problems) == [("key-type", 28, 13)]


def test_quoted_null_key_is_text(parser: str) -> None:
    roadmap, problems = load(BASE + "districts:\n  '~': x\n  'null': y\n")
    assert problems == [] and roadmap is not None
    assert roadmap.districts == {"~": "x", "null": "y"}


class _FailingParser:
    """A parser that breaks the way the pure one can on hostile input."""

    def __init__(self, text: str) -> None:
        self.events = iter(yaml.parse("a:\n  b: [1, 2", Loader=yaml.SafeLoader))

    def get_event(self) -> object:
        event = next(self.events)
        if isinstance(event, yaml.SequenceStartEvent):
            raise RecursionError("maximum recursion depth exceeded")
        return event

    def dispose(self) -> None:
        pass


def test_a_parser_crash_becomes_a_located_syntax_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    from amanat_cli.read import yamltree

    monkeypatch.setattr(yamltree, "_parser_class", lambda: _FailingParser)
    tree, problems = parse_tree("a:\n  b: [1, 2", "r.yaml")
    assert tree is None
    assert located(problems) == [("syntax", 2, 4)]
    assert "RecursionError" in problems[0].message


# --- depth ----------------------------------------------------------------


def test_nesting_deeper_than_max_depth_is_refused(parser: str) -> None:
    deep = "[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10)
    tree, problems = parse_tree("a: " + deep + "\n", "r.yaml")
    assert tree is None
    # The top mapping is level 1; the first list level 2; MAX_DEPTH lists fit.
    assert located(problems) == [("too-deep", 1, 3 + MAX_DEPTH)]


def test_nesting_up_to_max_depth_parses(parser: str) -> None:
    fits = "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1)
    tree, problems = parse_tree("a: " + fits + "\n", "r.yaml")
    assert problems == [] and tree is not None


def test_thousands_of_levels_never_raise(parser: str) -> None:
    tree, problems = parse_tree("- " * 5000 + "x\n", "r.yaml")
    assert tree is None and [p.rule for p in problems] == ["too-deep"]
    _, problems = load_bytes(b"{a: " * 3000, "r.yaml")
    assert [p.rule for p in problems] == ["too-deep"]


# --- schema: format, required, type, unknown keys, enums ------------------


def test_format_must_be_1(parser: str) -> None:
    roadmap, problems = load(replace("format: 1", "format: 2"))
    assert roadmap is None
    assert located(problems) == [("format-version", 1, 9)]
    _, problems = load(replace("format: 1", "format: '1'"))
    assert located(problems) == [("type", 1, 9)]
    roadmap, problems = load(replace("format: 1\n", ""))
    assert located(problems) == [("required", 1, 1)]
    assert problems[0].message == "the roadmap file has no 'format'"
    # Still read, so that `check` reports the rest of the file too.
    assert roadmap is not None and roadmap.branch.id == "almaty"


def test_missing_required_field_is_located_at_the_mapping(parser: str) -> None:
    roadmap, problems = load(replace("        title: Построить поликлиники\n", ""))
    problem = only(problems)
    assert located(problems) == [("required", 15, 9)]
    assert problem.message == "pledge 'polyclinics' has no 'title'"
    # Best effort: only the broken pledge is left out.
    assert roadmap is not None and roadmap.sections[0].pledges == ()


def test_null_counts_as_missing_for_a_required_field(parser: str) -> None:
    _, problems = load(replace("target: 6", "target: ~"))
    assert located(problems) == [("required", 18, 13)]
    assert problems[0].message == "indicator 'opened' has no 'target'"


def test_every_problem_of_a_file_is_reported_at_once(parser: str) -> None:
    text = replace("title: Медицина", "titel: Медицина")
    text = replace("tone: negative", "tone: negativ", text)
    text = replace("value: 2}", "value: два}", text)
    _, problems = load(text)
    assert located(problems) == [
        ("unknown-key", 13, 5),
        ("required", 12, 5),
        ("type", 23, 43),
        ("enum", 26, 19),
    ]


def test_optional_fields_may_be_null(parser: str) -> None:
    text = replace("    bodies: [bureau]\n", "    bodies: [bureau]\n    position: ~\n")
    text = replace("            target: 6\n", "            target: 6\n            unit:\n", text)
    text = replace("    title: Медицина\n", "    title: Медицина\n    owner: null\n", text)
    roadmap, problems = load(text)
    assert problems == [] and roadmap is not None
    assert roadmap.members[0].position is None
    assert roadmap.indicators()[0].unit is None
    assert roadmap.sections[0].owner is None


def test_wrong_shape_is_a_type_error_at_the_node(parser: str) -> None:
    _, problems = load(replace("bodies: [bureau]", "bodies: bureau"))
    assert located(problems) == [("type", 10, 13)]
    assert problems[0].message == "'bodies' must be a list, not 'bureau'"
    _, problems = load(replace("title: Медицина", "title: [Меди, цина]"))
    assert located(problems) == [("type", 13, 12)]
    _, problems = load("- format: 1\n")
    assert located(problems) == [("type", 1, 1)]


def test_top_level_scalar_is_refused() -> None:
    roadmap, problems = load("just some words\n")
    assert roadmap is None and located(problems) == [("type", 1, 1)]


def test_unknown_key_has_a_did_you_mean_hint(parser: str) -> None:
    _, problems = load(replace("    title: Медицина\n", "    title: Медицина\n    ownr: x\n"))
    assert located(problems) == [("unknown-key", 14, 5)]
    assert problems[0].message == "unknown key 'ownr' in a section; did you mean 'owner'?"


def test_unknown_key_far_from_any_has_no_hint(parser: str) -> None:
    _, problems = load(BASE + "zzzz: 1\n")
    assert problems[0].message == "unknown key 'zzzz' in the roadmap file"


@pytest.mark.parametrize(
    ("old", "new", "line", "col", "hint"),
    [
        ("        title: Построить поликлиники\n",
         "        title: Построить поликлиники\n        status: Done\n", 17, 17, "'done'"),
        ("tone: negative", "tone: negativ", 26, 19, "'negative'"),
        ("bodies: [bureau]", "bodies: [bureau, polit_council]", 10, 22, "'political_council'"),
    ],
)  # fmt: skip
def test_enums_are_checked_with_a_hint(
    parser: str, old: str, new: str, line: int, col: int, hint: str
) -> None:
    _, problems = load(replace(old, new))
    assert located(problems) == [("enum", line, col)]
    assert problems[0].message.endswith(f"did you mean {hint}?")


# --- values: strings stay strings, numbers, booleans, dates ---------------


@pytest.mark.parametrize(
    "written", ["050000", "+77011234567", "NO", "yes", "on", "1:20", "2024", "0x1F", "1_000",
                ".inf", "true", "2023-02-30", "Школа №5", "'Школа #5'", '"050000"']
)  # fmt: skip
def test_any_scalar_is_text_where_text_is_wanted(parser: str, written: str) -> None:
    roadmap, problems = load(replace("title: Медицина", f"title: {written}"))
    assert problems == [] and roadmap is not None
    assert roadmap.sections[0].title == written.strip("'\"")


def test_ids_that_look_like_numbers_stay_text(parser: str) -> None:
    roadmap, problems = load(replace("  - id: health", "  - id: 2024"))
    assert problems == [] and roadmap is not None
    assert roadmap.sections[0].id == "2024"
    assert roadmap.sections[0].pledges[0].section_id == "2024"


def test_plain_hash_after_a_space_is_a_comment_so_quote_it(parser: str) -> None:
    roadmap, _ = load(replace("title: Медицина", "title: Школа #5"))
    assert roadmap is not None and roadmap.sections[0].title == "Школа"
    roadmap, _ = load(replace("title: Медицина", "title: 'Школа #5'"))
    assert roadmap is not None and roadmap.sections[0].title == "Школа #5"


def test_integers_stay_int_and_decimals_are_float(parser: str) -> None:
    text = replace("{date: 2024-06-30, value: 2}",
                   "{date: 2024-06-30, value: 2}\n              - {date: 2024-07-31, value: -2.5}"
                   "\n              - {date: 2024-08-31, value: 1e3}")  # fmt: skip
    roadmap, problems = load(text)
    assert problems == [] and roadmap is not None
    values = [m.value for m in roadmap.indicators()[0].values]
    assert values == [2, -2.5, 1000.0]
    assert [type(v) for v in values] == [int, float, float]


@pytest.mark.parametrize(
    "written", ["0x10", "0o7", ".inf", "-.inf", ".nan", "1_000", "1:20", "+5", ".5", "5.", "1e999",
                "yes", "два", "1" * 31]
)  # fmt: skip
def test_only_plain_decimals_are_numbers(parser: str, written: str) -> None:
    _, problems = load(replace("target: 6", f"target: {written}"))
    assert located(problems) == [("type", 21, 21)]
    assert "number" in problems[0].message


def test_quoted_number_is_text_not_a_number(parser: str) -> None:
    _, problems = load(replace("target: 6", 'target: "5"'))
    assert located(problems) == [("type", 21, 21)]
    assert problems[0].message == "'target' must be a number, not text (5)"


@pytest.mark.parametrize("written", ["yes", "no", "NO", "on", "True", "FALSE", "1", "'true'"])
def test_only_true_and_false_are_booleans(parser: str, written: str) -> None:
    _, problems = load(
        replace("    title: Медицина\n", f"    title: Медицина\n    sensitive: {written}\n")
    )
    assert located(problems) == [("type", 14, 16)]
    assert "true or false" in problems[0].message


def test_true_and_false_are_booleans(parser: str) -> None:
    text = replace("    title: Медицина\n", "    title: Медицина\n    sensitive: true\n")
    text = replace(
        "text: Врачей не хватает", "text: Врачей не хватает\n            resolved: true", text
    )
    roadmap, problems = load(text)
    assert problems == [] and roadmap is not None
    assert roadmap.sections[0].sensitive is True
    assert roadmap.pledges()[0].feedback[0].resolved is True


def test_impossible_date_is_a_located_error_not_a_crash(parser: str) -> None:
    roadmap, problems = load(replace("date: 2025-05-12", "date: 2023-02-30"))
    assert located(problems) == [("date", 25, 19)]
    assert "2023-02-30" in problems[0].message
    assert roadmap is not None and roadmap.pledges()[0].feedback == ()


@pytest.mark.parametrize("written", ["2023-2-3", "20230203", "2023-W05-1", "03.02.2023", "'2023'"])
def test_dates_must_be_iso_yyyy_mm_dd(parser: str, written: str) -> None:
    _, problems = load(replace("{date: 2024-06-30,", f"{{date: {written},"))
    assert located(problems) == [("date", 23, 24)]


def test_quoted_dates_are_dates(parser: str) -> None:
    roadmap, problems = load(replace("{date: 2024-06-30,", "{date: '2024-06-30',"))
    assert problems == [] and roadmap is not None
    assert roadmap.indicators()[0].values[0].date == date(2024, 6, 30)


# --- equal models from different layouts ----------------------------------


def test_bom_and_crlf_load_equal_to_lf(parser: str) -> None:
    plain, _ = load_bytes(BASE.encode("utf-8"), "a.yaml")
    windows, problems = load_bytes(b"\xef\xbb\xbf" + BASE.replace("\n", "\r\n").encode(), "a.yaml")
    assert problems == []
    assert windows == plain and windows is not None
    # Sources do not compare, so check they are still right.
    assert windows.indicators()[0].at == Source("a.yaml", 18, 13)
    assert windows.sections[0].fields["title"] == Source("a.yaml", 13, 12)


FLOW = """\
{format: 1, branch: {id: almaty, name: Алматинский филиал, programme: «Халықпен бірге!»,
  period: {start: 2023-04-01, end: 2027-12-31}},
 members: [{id: kaliyev-a, name: Калиев Арман, bodies: [bureau]}],
 sections: [{id: health, title: Медицина, pledges: [
   {id: polyclinics, title: Построить поликлиники,
    indicators: [{id: opened, title: Введено поликлиник, baseline: 0, target: 6,
                  values: [{date: 2024-06-30, value: 2}]}],
    feedback: [{date: 2025-05-12, tone: negative, text: Врачей не хватает}]}]}]}
"""


def test_flow_style_loads_equal_to_block_style(parser: str) -> None:
    flow, problems = load(FLOW)
    assert problems == []
    assert flow == load(BASE)[0] and flow is not None
    assert flow.indicators()[0].at == Source("r.yaml", 6, 18)


def test_text_is_normalised_to_nfc(parser: str) -> None:
    decomposed = "Баи\u0306терек"  # и + combining breve, as some keyboards type й
    roadmap, problems = load(replace("title: Медицина", f"title: {decomposed}"))
    assert problems == [] and roadmap is not None
    assert roadmap.sections[0].title == "Байтерек"
    assert len(roadmap.sections[0].title) == len(decomposed) - 1


# --- defaults and wiring --------------------------------------------------


def test_defaults_are_resolved_into_the_model(parser: str) -> None:
    roadmap, problems = load(BASE)
    assert problems == [] and roadmap is not None
    section = roadmap.sections[0]
    pledge = section.pledges[0]
    indicator = pledge.indicators[0]
    feedback = pledge.feedback[0]
    assert section.sensitive is False and section.owner is None
    assert pledge.status == Status.PLANNED and pledge.weight == 1
    assert pledge.due == date(2027, 12, 31)  # the period's end
    assert indicator.start == date(2023, 4, 1) and indicator.due == date(2027, 12, 31)
    assert indicator.weight == 1 and indicator.unit is None and indicator.owner is None
    assert feedback.resolved is False and feedback.tone == Tone.NEGATIVE
    assert roadmap.branch.as_of is None and roadmap.branch.settings.stale_days == 120
    assert pledge.section_id == "health" and indicator.pledge_id == "polyclinics"


def test_indicator_due_defaults_to_its_pledges_due(parser: str) -> None:
    text = replace("        title: Построить поликлиники\n",
                   "        title: Построить поликлиники\n        due: 2026-06-30\n")  # fmt: skip
    roadmap, problems = load(text)
    assert problems == [] and roadmap is not None
    assert roadmap.indicators()[0].due == date(2026, 6, 30)


def test_sources_point_at_objects_and_fields(parser: str) -> None:
    roadmap, _ = load(BASE, "roadmaps/a.yaml")
    assert roadmap is not None
    pledge = roadmap.pledges()[0]
    assert pledge.at == Source("roadmaps/a.yaml", 15, 9)
    assert pledge.fields["title"] == Source("roadmaps/a.yaml", 16, 16)
    assert dict(roadmap.branch.fields)["period"] == Source("roadmaps/a.yaml", 6, 11)
    assert roadmap.indicators()[0].values[0].at == Source("roadmaps/a.yaml", 23, 17)
    assert pledge.feedback[0].at == Source("roadmaps/a.yaml", 25, 13)
    assert roadmap.members[0].fields.get("position") is None


def test_field_sources_pickle_as_a_plain_dict() -> None:
    import pickle

    roadmap, _ = load(BASE)
    assert roadmap is not None
    again = pickle.loads(pickle.dumps(roadmap))
    assert again == roadmap
    assert dict(again.sections[0].fields) == dict(roadmap.sections[0].fields)


# --- the two parsers ------------------------------------------------------

SAME_EITHER_WAY = [
    BASE,
    FLOW,
    replace("title: Медицина", "titel: Медицина"),
    replace("target: 6", "target: !!int 6"),
    replace("bodies: [bureau]", "bodies: &b [buro]"),
    BASE + "districts: {a: Алатау, b: , a: x}\n",
    BASE + "districts:\n  [a]: x\n",
    BASE + "---\nformat: 1\n",
]


@pytest.mark.parametrize("text", SAME_EITHER_WAY)
def test_fallback_parser_gives_the_same_model_and_problems(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_libyaml = load(text)
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    pure = load(text)
    assert pure == with_libyaml


def test_gc_is_restored_after_loading() -> None:
    assert gc.isenabled()
    load(BASE)
    assert gc.isenabled()
    gc.disable()
    try:
        load(BASE)
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- spans ----------------------------------------------------------------

SPANS = (
    "\ufeff# Алматы\r\n"
    "format: 1\r\n"
    "branch:\r\n"
    "  name: «Халықпен бірге!» — программа\r\n"
    "  title: 'Школа #5'   # комментарий\r\n"
    '  quoted: "двойные \\"кавычки\\""\r\n'
    "  period: {start: 2023-04-01, end: 2027-12-31}\r\n"
    "  empty:\r\n"
    "  list:\r\n"
    "  - ққ\r\n"
    "  - [a, {b: ә, c: }, '']\r\n"
    "  - k: v\r\n"
    "    m: 😀 долгая\r\n"
    "      строка\r\n"
    "  literal: |\r\n"
    "    Бірінші\r\n"
    "    Екінші\r\n"
    "\r\n"
    "  folded: >-\r\n"
    "    один\r\n"
    "    два\r\n"
    "# конец\r\n"
)


def _plain(node: YNode) -> object:
    """A node without positions: what must survive re-parsing its own source."""
    if isinstance(node, YScalar):
        return (node.value, node.style)
    if isinstance(node, YMap):
        return [(_plain(k), _plain(v)) for k, v in node.pairs]
    return [_plain(item) for item in node.items]


def _nodes(node: YNode) -> list[YNode]:
    found = [node]
    if isinstance(node, YMap):
        for key, value in node.pairs:
            found += _nodes(key) + _nodes(value)
    elif isinstance(node, YSeq):
        for item in node.items:
            found += _nodes(item)
    return found


@pytest.mark.parametrize("text", [SPANS, SPANS.replace("\r\n", "\n"), BASE, FLOW])
def test_every_node_span_is_its_source(parser: str, text: str) -> None:
    text, _, problems = decode(text.encode("utf-8"), "r.yaml")
    assert text is not None and problems == []
    tree, problems = parse_tree(text, "r.yaml")
    assert problems == [] and tree is not None
    nodes = _nodes(tree)
    assert len(nodes) > 20
    lines = text.splitlines(keepends=True)
    for node in nodes:
        source = text[node.start : node.end]
        # line:col is where the span starts
        assert lines[node.line - 1][node.col - 1 :].startswith(source.split("\n")[0].rstrip("\r"))
        if isinstance(node, YScalar) and node.style == "" and "\n" not in source:
            assert source == node.value
        elif isinstance(node, YScalar) and node.style in ("'", '"'):
            assert source[0] == source[-1] == node.style
        if isinstance(node, YScalar) and node.value == "":
            continue  # an empty value has no source of its own to re-parse
        # Re-parsing the source alone, at its own indentation, gives the same node.
        alone, found = parse_tree(" " * (node.col - 1) + source, "r.yaml")
        assert found == [] and alone is not None, source
        assert _plain(alone) == _plain(node), source


def test_spans_count_characters_not_bytes(parser: str) -> None:
    text = "a: Школа №5\nb: 😀 ққ\n"
    tree, _ = parse_tree(text, "r.yaml")
    assert isinstance(tree, YMap)
    values = [value for _, value in tree.pairs]
    assert [(v.start, v.end, v.line, v.col) for v in values] == [(3, 11, 1, 4), (15, 19, 2, 4)]
    assert [text[v.start : v.end] for v in values] == ["Школа №5", "😀 ққ"]


def test_block_collection_span_ends_with_its_last_child(parser: str) -> None:
    text = "a:\n  b: 1\n  c: [x]\n\n# trailing comment\nd: 2\n"
    tree, _ = parse_tree(text, "r.yaml")
    assert isinstance(tree, YMap)
    inner = tree.pairs[0][1]
    assert text[inner.start : inner.end] == "b: 1\n  c: [x]"
    assert text[tree.start : tree.end] == text.rstrip("\n")


def test_empty_values_sit_right_after_their_indicator(parser: str) -> None:
    text = "a:\nb: {c: , d:\n  }\ne:\n  -\n"
    tree, _ = parse_tree(text, "r.yaml")
    assert isinstance(tree, YMap)
    empties = [n for n in _nodes(tree) if isinstance(n, YScalar) and n.value == ""]
    assert [(n.start, n.line, n.col) for n in empties] == [
        (2, 1, 3),
        (9, 2, 7),
        (14, 2, 12),
        (25, 5, 4),
    ]


# --- files ----------------------------------------------------------------


def test_unreadable_path_is_an_io_problem(tmp_path: Path) -> None:
    roadmap, problems = load_file(tmp_path / "missing.yaml")
    assert roadmap is None
    problem = only(problems)
    assert (problem.rule, problem.source, problem.severity) == ("io", None, Severity.ERROR)
    assert "missing.yaml" in problem.message and "No such file" in problem.message
    _, problems = load_file(tmp_path)
    assert [p.rule for p in problems] == ["io"]


def test_load_paths_loads_each_file_in_order(write_roadmap) -> None:  # type: ignore[no-untyped-def]
    first = write_roadmap(BASE, "a.yaml")
    broken = write_roadmap("format: 1\nbranch: [x]\n", "b.yaml")
    second = write_roadmap(replace("id: almaty", "id: astana"), "c.yaml")
    roadmaps, problems = load_paths([second, broken, first])
    assert [r.branch.id for r in roadmaps] == ["astana", "almaty"]
    assert [r.path for r in roadmaps] == [str(second), str(first)]
    assert located(problems) == [("type", 2, 9)]
    assert problems[0].source is not None and problems[0].source.path == str(broken)


def test_messages_stay_one_line_and_short(parser: str) -> None:
    _, problems = load(BASE + '"two\\nlines\\u2028": 1\n')
    problem = only(problems)
    assert problem.message == "unknown key 'two\\nlines\\u2028' in the roadmap file"
    _, problems = load(replace("target: 6", "target: " + "девять" * 20))
    assert "\n" not in problems[0].message and "девять" * 7 not in problems[0].message
    assert "…" in problems[0].message
