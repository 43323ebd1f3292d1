"""The edit engine: values that read back exactly, and span edits that touch only their lines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import yaml

from amanat_cli.errors import WriteRefused
from amanat_cli.model import Section
from amanat_cli.read.loader import load_bytes
from amanat_cli.write.edit import (
    AppendItem,
    EditError,
    RemoveKey,
    SetKey,
    apply_edit,
    apply_edits,
    format_number,
    format_scalar,
    item_path,
    tree_of,
    unified_diff,
    update_item,
    verify,
)

# --- values ------------------------------------------------------------------

TRICKY = [
    "yes", "No", "ON", "null", "Null", "~", "true", "FALSE", "050000", "+77011234567", "1:20",
    "2024-01-01", "12", "-3.5", ".5", ".inf", "-.NaN", " leading", "trailing ", "a #b", "a: b",
    "ends:", "-dash", "?q", ":colon", ",comma", "[x", "]x", "{x", "}x", "#hash", "&anchor",
    "*alias", "!tag", "|pipe", ">gt", "'single", '"double', "%pct", "@at", "`tick", "",
    "line\nbreak", "tab\there", "ls\u2028ps\u2029nel\x85", "back\\slash", 'quo"te',
    "bell\x07", "bom\ufeff", "<<", "=", "Школа №5", "Қазақ тілі — ӘҒҚҢӨҰҮҺІ",
]  # fmt: skip


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("flow", [False, True])
def test_strings_read_back_as_the_same_string(text: str, flow: bool) -> None:
    written = format_scalar(text, flow=flow)
    document = "{k: " + written + "}" if flow else "k: " + written
    assert yaml.safe_load(document) == {"k": text}
    assert "\n" not in written


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Управление здравоохранения", "Управление здравоохранения"),
        ("Школа №5", "Школа №5"),
        ("O'Brien", "O'Brien"),
        ("yes", '"yes"'),
        ("050000", '"050000"'),
        ("2024-01-01", '"2024-01-01"'),
        ("a\nb", '"a\\nb"'),
        ("x\u2028y", '"x\\Ly"'),
        ("a, b", "a, b"),
    ],
)
def test_plain_when_safe_else_double_quoted(text: str, written: str) -> None:
    assert format_scalar(text) == written


def test_flow_context_quotes_flow_indicators() -> None:
    assert format_scalar("a, b", flow=True) == '"a, b"'
    assert format_scalar("a {b}", flow=True) == '"a {b}"'
    # libyaml refuses a `:` inside a plain scalar in flow context, even with no space after it
    for text in ("~:?", "a:b", "http://x"):
        assert format_scalar(text, flow=True) == f'"{text}"'
        assert yaml.safe_load("{k: " + format_scalar(text, flow=True) + "}") == {"k": text}


@pytest.mark.parametrize(
    ("number", "written"),
    [(12, "12"), (0.1, "0.1"), (12.5, "12.5"), (1e-05, "0.00001"), (1e16, "10000000000000000"),
     (-0.25, "-0.25"), (0.1 + 0.2, "0.30000000000000004")],
)  # fmt: skip
def test_numbers_are_plain_decimals(number: float, written: str) -> None:
    assert format_number(number) == written
    assert float(written) == number


def test_other_scalars() -> None:
    assert format_scalar(date(2025, 6, 30)) == "2025-06-30"
    assert format_scalar(True) == "true"
    assert format_scalar(None) == "null"
    with pytest.raises(EditError):
        format_number(float("nan"))


# --- span edits ---------------------------------------------------------------


def test_replace_keeps_comment_and_quoting_elsewhere() -> None:
    text = "a: 'x'   # keep\nowner: old  # who\nb: \"y\"\n"
    assert apply_edit(text, SetKey((), "owner", "new")) == (
        "a: 'x'   # keep\nowner: new  # who\nb: \"y\"\n"
    )


def test_replace_empty_value_keeps_comment() -> None:
    text = "owner:   # nobody yet\nb: 1\n"
    assert apply_edit(text, SetKey((), "owner", "kaliyev-a")) == (
        "owner: kaliyev-a   # nobody yet\nb: 1\n"
    )


def test_insert_after_nested_block_before_comment_of_next_item() -> None:
    text = (
        "items:\n"
        "  - id: a\n"
        "    list:\n"
        "      - 1\n"
        "      - 2   # two\n"
        "\n"
        "  # the next item\n"
        "  - id: b\n"
    )
    result = apply_edit(text, SetKey(("items", 0), "owner", "x"))
    assert result == text.replace("      - 2   # two\n", "      - 2   # two\n    owner: x\n")


def test_insert_into_flow_mapping() -> None:
    assert apply_edit("p: {a: 1}\n", SetKey(("p",), "b", "x, y")) == 'p: {a: 1, b: "x, y"}\n'
    assert apply_edit("p: {}\n", SetKey(("p",), "b", 2)) == "p: {b: 2}\n"


def test_remove_key_in_block_and_flow() -> None:
    text = "a: 1\nowner: x  # gone\nb: 2\n"
    assert apply_edit(text, RemoveKey((), "owner")) == "a: 1\nb: 2\n"
    assert apply_edit("p: {a: 1, owner: x, b: 2}\n", RemoveKey(("p",), "owner")) == (
        "p: {a: 1, b: 2}\n"
    )
    assert apply_edit("p: {a: 1, owner: x}\n", RemoveKey(("p",), "owner")) == "p: {a: 1}\n"
    assert apply_edit("p: {owner: x}\n", RemoveKey(("p",), "owner")) == "p: {}\n"


def test_remove_first_key_on_dash_line_pulls_next_key_up() -> None:
    text = "s:\n  - owner: x\n    id: y\n"
    assert apply_edit(text, RemoveKey(("s", 0), "owner")) == "s:\n  - id: y\n"


def test_append_to_block_list_of_flow_mappings_follows_key_order() -> None:
    text = "v:\n  - {date: 2024-01-01, value: 1, source: S}\n# end\n"
    item = {"source": "T", "date": date(2025, 1, 1), "value": 2.5}
    assert apply_edit(text, AppendItem((), "v", item)) == (
        "v:\n  - {date: 2024-01-01, value: 1, source: S}\n"
        "  - {date: 2025-01-01, value: 2.5, source: T}\n# end\n"
    )


def test_append_to_block_list_of_block_mappings() -> None:
    text = "f:\n- date: 2024-01-01\n  text: a\n"
    item = {"date": date(2025, 1, 1), "text": "b: c"}
    assert apply_edit(text, AppendItem((), "f", item)) == (
        text + '- date: 2025-01-01\n  text: "b: c"\n'
    )


def test_append_to_flow_lists() -> None:
    assert apply_edit("v: [1, 2]\n", AppendItem((), "v", 3)) == "v: [1, 2, 3]\n"
    assert apply_edit("v: []\n", AppendItem((), "v", {"a": 1})) == "v: [{a: 1}]\n"


def test_append_creates_the_key_with_the_files_list_indentation() -> None:
    indented = "top:\n  - x\nm:\n  a: 1\n"
    assert apply_edit(indented, AppendItem(("m",), "v", {"a": 1})) == (
        indented + "  v:\n    - {a: 1}\n"
    )
    flush = "top:\n- x\nm:\n  a: 1\n"
    assert apply_edit(flush, AppendItem(("m",), "v", {"a": 1}, flow_when_new=False)) == (
        flush + "  v:\n  - a: 1\n"
    )
    assert apply_edit("m: {a: 1}\n", AppendItem(("m",), "v", 5)) == "m: {a: 1, v: [5]}\n"


def test_append_replaces_an_empty_list_key() -> None:
    text = "m:\n  v:   # none yet\n  a: 1\n"
    assert apply_edit(text, AppendItem(("m",), "v", 5)) == "m:\n  a: 1\n  v:\n    - 5\n"


def test_text_without_final_newline_and_crlf() -> None:
    assert apply_edit("a: 1", SetKey((), "b", 2)) == "a: 1\nb: 2"
    assert apply_edit("a: 1\r\nc: 3\r\n", SetKey((), "b", 2)) == "a: 1\r\nc: 3\r\nb: 2\r\n"


def test_bom_and_crlf_survive_in_bytes() -> None:
    data = "\ufeffa: 1\r\nb: x\r\n".encode()
    assert apply_edits(data, "f.yaml", [SetKey((), "b", "z")]) == "\ufeffa: 1\r\nb: z\r\n".encode()


def test_missing_path_is_an_edit_error() -> None:
    with pytest.raises(EditError):
        apply_edit("a: 1\n", SetKey(("nope",), "b", 1))


# --- verification ---------------------------------------------------------------

ROADMAP = b"""format: 1
branch: {id: b, name: B, programme: P, period: {start: 2023-01-01, end: 2027-12-31}}
members:
  - {id: m, name: M, bodies: [bureau]}
sections:
  - id: s
    title: S
"""


def test_verify_accepts_exactly_the_intended_model() -> None:
    roadmap, problems = load_bytes(ROADMAP, "r.yaml")
    assert roadmap is not None and not problems
    path = item_path(tree_of(ROADMAP, "r.yaml"), "s")
    assert path == ("sections", 0)
    new = apply_edits(ROADMAP, "r.yaml", [SetKey(path, "owner", "m")])
    intended = update_item(roadmap, "s", lambda s: replace(s, owner="m"))  # type: ignore[arg-type]
    verify(new, intended)
    assert isinstance(intended.sections[0], Section)
    with pytest.raises(WriteRefused, match="more than intended"):
        verify(new, roadmap)


def test_diff_names_the_file_and_touches_one_line() -> None:
    diff = unified_diff(b"a: 1\nb: 2\n", b"a: 1\nb: 3\n", "r.yaml")
    assert diff.splitlines()[:2] == ["--- r.yaml", "+++ r.yaml"]
    assert [line for line in diff.splitlines() if line[:1] in "+-"][2:] == ["-b: 2", "+b: 3"]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_kept_block_scalar_keeps_its_blank_lines_when_a_key_follows(newline: str) -> None:
    """`|+` owns the blank lines after it: a new key goes after them, not into them."""
    text = "a:\n  b: |+ # keep\n    S\n\n  c: 1\n".replace("\n", newline)
    assert apply_edit(text, SetKey(("a",), "z", "x")) == text + "  z: x" + newline
    last = "a:\n  b: |+\n    S\n\n".replace("\n", newline)
    assert apply_edit(last, SetKey(("a",), "z", "x")) == last + "  z: x" + newline
    assert yaml.safe_load(apply_edit(last, SetKey(("a",), "z", "x")))["a"]["b"] == "S\n\n"
    assert apply_edit(text, SetKey(("a",), "b", "x")) == "a:\n  b: x\n  c: 1\n".replace(
        "\n", newline
    )


# --- removing a list item ---------------------------------------------------------

BLOCK_LIST = """\
values:
  - date: 2024-01-01   # first
    value: 1
  # between
  - {date: 2024-02-01, value: 2}
  - date: 2024-03-01
    note: |
      three
      lines

after: x
"""


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, BLOCK_LIST.replace("  - date: 2024-01-01   # first\n    value: 1\n", "")),
        (1, BLOCK_LIST.replace("  - {date: 2024-02-01, value: 2}\n", "")),
        (
            2,
            BLOCK_LIST.replace("  - date: 2024-03-01\n    note: |\n      three\n      lines\n", ""),
        ),
    ],
)
def test_remove_item_takes_only_its_lines(index: int, expected: str) -> None:
    from amanat_cli.write.edit import RemoveItem

    assert apply_edit(BLOCK_LIST, RemoveItem((), "values", index)) == expected


@pytest.mark.parametrize(
    ("index", "expected"),
    [(0, "k: [b, {c: 1}]  # x\n"), (1, "k: [a, {c: 1}]  # x\n"), (2, "k: [a, b]  # x\n")],
)
def test_remove_item_of_a_flow_list(index: int, expected: str) -> None:
    from amanat_cli.write.edit import RemoveItem

    assert apply_edit("k: [a, b, {c: 1}]  # x\n", RemoveItem((), "k", index)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\nk:\n  - x\nb: 2\n", "a: 1\nb: 2\n"),
        ("a: 1\nk: [x]\nb: 2\n", "a: 1\nb: 2\n"),
        ("{a: 1, k: [x]}\n", "{a: 1}\n"),
    ],
)
def test_removing_the_last_item_takes_the_key(text: str, expected: str) -> None:
    from amanat_cli.write.edit import RemoveItem

    assert apply_edit(text, RemoveItem((), "k", 0)) == expected


def test_remove_item_refuses_what_is_not_there() -> None:
    from amanat_cli.write.edit import RemoveItem

    for edit in (RemoveItem((), "k", 3), RemoveItem((), "a", 0), RemoveItem((), "zz", 0)):
        with pytest.raises(EditError):
            apply_edit("a: 1\nk: [x]\n", edit)


# --- lists of words (a member's bodies) --------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bodies: [bureau]  # x\nb: 1\n", "bodies: [bureau, faction]  # x\nb: 1\n"),
        ("m:\n  bodies:\n    - bureau   # x\n  b: 1\n", "m:\n  bodies:\n    - bureau\n    - faction\n  b: 1\n"),
        ("{bodies: [bureau], b: 1}\n", "{bodies: [bureau, faction], b: 1}\n"),
        ("a: 1\n", "a: 1\nbodies: [bureau, faction]\n"),
    ],
)  # fmt: skip
def test_a_list_of_words_is_written_in_the_style_it_had(text: str, expected: str) -> None:
    path = ("m",) if text.startswith("m:") else ()
    edit = SetKey(path, "bodies", ("bureau", "faction"))
    assert apply_edit(text, edit) == expected
    loaded = yaml.safe_load(expected)
    assert (loaded["m"] if path else loaded)["bodies"] == ["bureau", "faction"]


def test_root_edits_keep_their_path() -> None:
    from amanat_cli.write.edit import ROOT, ItemEdit, absolute

    tree = tree_of(b"branch: {id: a}\nsections: []\n", "x.yaml")
    edit = SetKey(("branch",), "as_of", date(2025, 9, 30))
    assert absolute(tree, [ItemEdit(ROOT, edit)]) == [edit]
