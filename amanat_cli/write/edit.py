"""Span edits: change a roadmap's text only in the lines of the change, then prove it.

PyYAML's dumper loses comments and order, and round-trip dumpers are not
byte-faithful (FIELD-NOTES), so edits are made on the text itself: the
strict reader's tree (`yamltree`) gives every node's character span; a value
is replaced in its span, a key or list item is inserted after its siblings'
last line at their indentation.  The result is read back with the loader and
must equal the intended model exactly, or nothing is written.  Usually only
the edited items' lines need reading back (`edit_lines`, with the reason it is
enough); otherwise the whole file is.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import TypeVar

from amanat_cli.errors import WriteRefused
from amanat_cli.i18n import _
from amanat_cli.model import Indicator, Item, Pledge, Roadmap, Section, Severity
from amanat_cli.read.layout import Layout, find_key, item_lines, line_start, sequence_offset
from amanat_cli.read.yamltree import YMap, YNode, YScalar, YSeq, decode, parse_tree

Scalar = str | int | float | bool | date | None
"""A single value the editor can write."""

Value = Scalar | tuple[str, ...]
"""A scalar, or a list of texts (a member's bodies), written `[bureau, faction]`."""

TreePath = tuple[str | int, ...]
"""Keys and list indices from the root of the tree to a node."""


class EditError(Exception):
    """The tree does not have the shape an edit needs (a bug, or a hand edit meanwhile)."""


# --- writing values so that they read back exactly ---------------------------

# Words YAML (1.1 and 1.2) reads as booleans or null, compared in lower case.
_SPECIAL_WORDS = frozenset(
    ("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "<<", "=")
)
_INDICATOR_CHARS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_CHARS = frozenset(",[]{}")
# Anything that could read as a number, date, time or .inf/.nan.
_NUMBER_LIKE = re.compile(r"[-+]?(\.?[0-9]|\.(inf|nan)\b)", re.IGNORECASE)
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "\ufeff": "\\uFEFF",
}


def _needs_escape(char: str) -> bool:
    return (
        char in _ESCAPES
        or unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp")
        or (char in "\ufffe\uffff")
    )


def plain_is_safe(text: str, *, flow: bool = False) -> bool:
    """True when `text` written plain reads back as this very string."""
    if not text or text != text.strip() or text[0] in _INDICATOR_CHARS:
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    if flow and (":" in text or any(char in _FLOW_CHARS for char in text)):
        return False  # libyaml refuses `a:b` inside [] and {} ("found unexpected ':'")
    if text.lower() in _SPECIAL_WORDS or _NUMBER_LIKE.match(text):
        return False
    return not any(_needs_escape(char) or unicodedata.category(char) == "Cf" for char in text)


def double_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar on one line (newlines as `\\n`)."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _needs_escape(char):
            code = ord(char)
            out.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def format_number(value: int | float) -> str:
    """A plain decimal: no exponent, no float artefacts (`0.1` stays `0.1`)."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise EditError(f"cannot write {value!r} as a number")
    shortest = repr(value)  # the shortest text that reads back as this float
    if "e" in shortest or "E" in shortest:
        shortest = format(Decimal(shortest), "f")
    return shortest


def format_scalar(value: Value, *, flow: bool = False) -> str:
    """YAML text for a value; strings are plain when safe, else double-quoted; lists in flow style."""
    if isinstance(value, tuple):
        return "[" + ", ".join(format_scalar(v, flow=True) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, date):
        return value.isoformat()
    return value if plain_is_safe(value, flow=flow) else double_quoted(value)


# --- edits --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SetKey:
    """Set `key` of the mapping at `path` to a value, inserting the key when absent."""

    path: TreePath
    key: str
    value: Value


@dataclass(frozen=True, slots=True)
class RemoveKey:
    """Remove `key` (and its value) from the mapping at `path`."""

    path: TreePath
    key: str


@dataclass(frozen=True, slots=True)
class AppendItem:
    """Append an item to the list under `key` of the mapping at `path`, creating the key."""

    path: TreePath
    key: str
    item: Scalar | Mapping[str, Value]
    flow_when_new: bool = True
    """Write mapping items in flow style (`- {a: 1}`) when the list is new."""


@dataclass(frozen=True, slots=True)
class RemoveItem:
    """Remove item `index` of the list under `key` of the mapping at `path`.

    The last item takes its key with it: a list is never left empty or as a bare `key:`.
    """

    path: TreePath
    key: str
    index: int


Edit = SetKey | RemoveKey | AppendItem | RemoveItem


@dataclass(frozen=True, slots=True)
class Text:
    """A decoded roadmap: text without BOM, and whether to put the BOM back."""

    text: str
    had_bom: bool

    def encode(self) -> bytes:
        """The bytes to write: UTF-8, with the BOM again if the file had one."""
        return ("\ufeff" if self.had_bom else "").encode("utf-8") + self.text.encode("utf-8")


def decode_text(data: bytes, path: str) -> Text:
    """Decode roadmap bytes for editing (the loader has already accepted them)."""
    text, had_bom, problems = decode(data, path)
    if text is None:
        raise EditError(problems[0].message if problems else "undecodable")
    return Text(text, had_bom)


def _parse(text: str, path: str) -> YNode:
    tree, problems = parse_tree(text, path)
    if tree is None or any(p.severity == Severity.ERROR for p in problems):
        raise EditError("the text does not parse")
    return tree


def node_at(tree: YNode, path: TreePath) -> YNode:
    """The node at `path` (keys into mappings, indices into lists)."""
    node = tree
    for step in path:
        if isinstance(step, int) and isinstance(node, YSeq) and 0 <= step < len(node.items):
            node = node.items[step]
        elif isinstance(step, str) and isinstance(node, YMap) and (hit := find_key(node, step)):
            node = hit[2]
        else:
            raise EditError(f"no {step!r} in the tree at {path!r}")
    return node


def _map_at(tree: YNode, path: TreePath) -> YMap:
    node = node_at(tree, path)
    if not isinstance(node, YMap):
        raise EditError(f"{path!r} is not a mapping")
    return node


def _content_end(text: str, node: YNode) -> int:
    """Where a node's own text ends (block scalars without their trailing line breaks)."""
    if isinstance(node, YScalar):
        if node.style in ("|", ">"):
            header = text[node.start : text.find("\n", node.start)].split("#")[0]
            if "+" in header:  # `|+` keeps its trailing blank lines: they are its value
                end = node.end
                return (
                    end - 2 if text.endswith("\r\n", 0, end) else end - text.endswith("\n", 0, end)
                )
            return node.start + len(text[node.start : node.end].rstrip())
        return node.end
    if node.flow:
        return node.end
    children = [v for _k, v in node.pairs] if isinstance(node, YMap) else node.items
    return _content_end(text, children[-1]) if children else node.end


def _after_line(text: str, pos: int) -> int:
    """The start of the line after the one holding `pos` (or the end of the text)."""
    newline = text.find("\n", pos)
    return len(text) if newline < 0 else newline + 1


def _newline_near(text: str, pos: int) -> str:
    """The line ending in use where we insert (CRLF files stay CRLF)."""
    after = text.find("\n", pos)
    at = after if after >= 0 else text.rfind("\n", 0, pos)
    if at < 0:
        return "\r\n" if "\r\n" in text else "\n"
    return "\r\n" if at > 0 and text[at - 1] == "\r" else "\n"


def _insert_lines(text: str, pos: int, lines: Sequence[str]) -> str:
    """Insert whole lines at a line start `pos` (or at the end of a text without final newline)."""
    newline = _newline_near(text, max(pos - 1, 0))
    block = newline.join(lines)
    if pos == len(text) and text and not text.endswith("\n"):
        return text + newline + block
    return text[:pos] + block + newline + text[pos:]


def _flow_item(item: Scalar | Mapping[str, Value]) -> str:
    if isinstance(item, Mapping):
        return "{" + ", ".join(f"{k}: {format_scalar(v, flow=True)}" for k, v in item.items()) + "}"
    return format_scalar(item, flow=True)


def _block_item_lines(item: Scalar | Mapping[str, Value], prefix: str) -> list[str]:
    """A list item in block style: `prefix` holds the dash; later keys align under the first."""
    if not isinstance(item, Mapping):
        return [prefix + format_scalar(item)]
    pad = " " * len(prefix)
    lines = [f"{k}: {format_scalar(v)}" for k, v in item.items()]
    return [prefix + lines[0], *(pad + line for line in lines[1:])]


def _key_order(item: Mapping[str, Value], model: YNode | None) -> dict[str, Value]:
    """The new item's keys in the order the existing items use (unknown keys last)."""
    if not isinstance(model, YMap):
        return dict(item)
    order = {key.value: index for index, (key, _v) in enumerate(model.pairs)}
    keys = sorted(item, key=lambda k: (order.get(k, len(order)), list(item).index(k)))
    return {k: item[k] for k in keys}


def _set_key(text: str, tree: YNode, edit: SetKey) -> str:
    mapping = _map_at(tree, edit.path)
    written = format_scalar(edit.value, flow=mapping.flow)
    hit = find_key(mapping, edit.key)
    if hit is not None:
        _index, _key, value = hit
        if isinstance(value, YSeq) and isinstance(edit.value, tuple):
            return _replace_list(text, value, edit.value)
        if not isinstance(value, YScalar):
            raise EditError(f"{edit.key} holds a collection, not a value")
        if value.start == value.end:  # `owner:` with nothing: add the value after the colon
            return text[: value.start] + " " + written + text[value.start :]
        return text[: value.start] + written + text[_content_end(text, value) :]
    return _insert_key(text, mapping, edit.key, written, None)


def _replace_list(text: str, sequence: YSeq, words: tuple[str, ...]) -> str:
    """A list of texts written anew in the style it had: `[a, b]`, or one `- a` line each."""
    if sequence.flow or not sequence.items or not words:
        return text[: sequence.start] + format_scalar(words) + text[_content_end(text, sequence) :]
    first = line_start(text, sequence.items[0].start)
    prefix = text[first : sequence.items[0].start]
    if not re.fullmatch(r" *- +", prefix):
        raise EditError("the list does not start on a line of its own")
    lines = [prefix + format_scalar(word) for word in words]
    return _insert_lines(
        text[:first] + text[_after_line(text, _content_end(text, sequence)) :], first, lines
    )


def _insert_key(text: str, mapping: YMap, key: str, written: str, lines: list[str] | None) -> str:
    """Insert `key: written` (or `key:` followed by `lines`) as the mapping's last key."""
    if mapping.flow:
        if mapping.pairs:
            pos = _content_end(text, mapping.pairs[-1][1])
            return text[:pos] + f", {key}: {written}" + text[pos:]
        return text[: mapping.start + 1] + f"{key}: {written}" + text[mapping.start + 1 :]
    indent = " " * (mapping.pairs[0][0].col - 1)
    pos = _after_line(text, _content_end(text, mapping))
    head = f"{indent}{key}:" + (f" {written}" if lines is None else "")
    return _insert_lines(text, pos, [head, *(lines or [])])


def _append_item(text: str, tree: YNode, edit: AppendItem, list_offset: int | None) -> str:
    mapping = _map_at(tree, edit.path)
    hit = find_key(mapping, edit.key)
    if hit is None or (isinstance(hit[2], YScalar) and hit[2].is_null):
        if hit is not None:  # `values:` / `values: null` -> remove it, then add the list
            text = _remove_key(text, mapping, edit.key)
            tree = _parse(text, "<edit>")
            mapping = _map_at(tree, edit.path)
        if mapping.flow:
            return _insert_key(text, mapping, edit.key, "[" + _flow_item(edit.item) + "]", None)
        key_indent = mapping.pairs[0][0].col - 1
        if list_offset is None:
            list_offset = sequence_offset(tree, text)
        prefix = " " * (key_indent + list_offset) + "- "
        item_lines = (
            [prefix + _flow_item(edit.item)]
            if edit.flow_when_new and isinstance(edit.item, Mapping)
            else _block_item_lines(edit.item, prefix)
        )
        return _insert_key(text, mapping, edit.key, "", item_lines)
    sequence = hit[2]
    if not isinstance(sequence, YSeq):
        raise EditError(f"{edit.key} is not a list")
    last = sequence.items[-1] if sequence.items else None
    item = _key_order(edit.item, last) if isinstance(edit.item, Mapping) else edit.item
    if sequence.flow:
        if last is None:
            return text[: sequence.start + 1] + _flow_item(item) + text[sequence.start + 1 :]
        pos = _content_end(text, last)
        return text[:pos] + ", " + _flow_item(item) + text[pos:]
    assert last is not None  # a block list always has an item
    prefix = text[line_start(text, last.start) : last.start]
    if not re.fullmatch(r" *- +", prefix):  # e.g. `- - a`: fall back to the list's column
        prefix = " " * (sequence.col - 1) + "- "
    flow = last.flow if isinstance(last, YMap) else edit.flow_when_new
    lines = [prefix + _flow_item(item)] if flow else _block_item_lines(item, prefix)
    return _insert_lines(text, _after_line(text, _content_end(text, sequence)), lines)


def _remove_key(text: str, mapping: YMap, key: str) -> str:
    hit = find_key(mapping, key)
    if hit is None:
        return text
    index, key_node, value = hit
    end = _content_end(text, value)
    following = mapping.pairs[index + 1][0] if index + 1 < len(mapping.pairs) else None
    if mapping.flow:
        if following is not None:
            return text[: key_node.start] + text[following.start :]
        if index > 0:
            return text[: _content_end(text, mapping.pairs[index - 1][1])] + text[end:]
        return text[: key_node.start] + text[end:]
    start = line_start(text, key_node.start)
    if not text[start : key_node.start].strip():
        return text[:start] + text[_after_line(text, end) :]
    if following is None:  # `- owner: x` alone in its item: the item would vanish
        raise EditError(f"cannot remove the only key {key!r} of a list item")
    # `- owner: x` then `  id: y`: pull the next key up onto the dash line.
    return text[: key_node.start] + text[following.start :]


def _remove_item(text: str, tree: YNode, edit: RemoveItem) -> str:
    mapping = _map_at(tree, edit.path)
    hit = find_key(mapping, edit.key)
    sequence = hit[2] if hit is not None else None
    if not isinstance(sequence, YSeq) or not 0 <= edit.index < len(sequence.items):
        raise EditError(f"no item {edit.index} in the list {edit.key!r}")
    items = sequence.items
    if len(items) == 1:
        return _remove_key(text, mapping, edit.key)
    item = items[edit.index]
    if sequence.flow:
        if edit.index + 1 < len(items):  # `a, ` up to the next item
            return text[: item.start] + text[items[edit.index + 1].start :]
        return text[: _content_end(text, items[edit.index - 1])] + text[_content_end(text, item) :]
    start = line_start(text, item.start)
    if not re.fullmatch(r" *- +", text[start : item.start]):  # `- - a`: not a line of its own
        raise EditError(f"item {edit.index} of {edit.key!r} shares its line")
    return text[:start] + text[_after_line(text, _content_end(text, item)) :]


def apply_edit(
    text: str,
    edit: Edit,
    path: str = "<edit>",
    tree: YNode | None = None,
    list_offset: int | None = None,
) -> str:
    """The text with one edit made (only the lines of that change differ).

    `tree` is the parse of `text` when the caller has it (parsing is most of an
    edit's cost); `list_offset` how the whole file indents its lists, when
    `text` is only part of it.
    """
    tree = _parse(text, path) if tree is None else tree
    if isinstance(edit, SetKey):
        return _set_key(text, tree, edit)
    if isinstance(edit, RemoveKey):
        return _remove_key(text, _map_at(tree, edit.path), edit.key)
    if isinstance(edit, RemoveItem):
        return _remove_item(text, tree, edit)
    return _append_item(text, tree, edit, list_offset)


def apply_edits(data: bytes, path: str, edits: Iterable[Edit], tree: YNode | None = None) -> bytes:
    """The file's bytes with every edit made, BOM and line endings kept.

    `tree` is the parse of `data` when the caller has it; after each edit the
    text is parsed again, since spans move.
    """
    document = decode_text(data, path)
    text = document.text
    for edit in edits:
        text = apply_edit(text, edit, path, tree)
        tree = None
    return replace(document, text=text).encode()


# --- finding items in the tree, and the intended model ---------------------------


def item_path(tree: YNode, item_id: str) -> TreePath:
    """The tree path of the section, pledge or indicator with this id."""
    levels = ("sections", "pledges", "indicators")

    def search(node: YNode, depth: int, path: TreePath) -> TreePath | None:
        hit = find_key(node, levels[depth]) if isinstance(node, YMap) else None
        if hit is None or not isinstance(hit[2], YSeq):
            return None
        for index, child in enumerate(hit[2].items):
            child_path = (*path, levels[depth], index)
            id_hit = find_key(child, "id") if isinstance(child, YMap) else None
            if id_hit is not None and isinstance(id_hit[2], YScalar) and id_hit[2].value == item_id:
                return child_path
            if depth + 1 < len(levels) and (found := search(child, depth + 1, child_path)):
                return found
        return None

    found = search(tree, 0, ())
    if found is None:
        raise EditError(f"no item {item_id!r} in the tree")
    return found


@dataclass(frozen=True, slots=True)
class ItemEdit:
    """An edit inside one section, pledge or indicator: `edit.path` starts at that item.

    `ROOT` for the item: the path starts at the top of the file (members, the branch).
    """

    item: str
    edit: Edit


ROOT = ""
"""The `ItemEdit.item` of an edit outside every section, pledge and indicator."""


def absolute(tree: YNode, edits: Iterable[ItemEdit]) -> list[Edit]:
    """The edits with paths from the root of the file's tree."""
    return [
        e.edit if e.item == ROOT else replace(e.edit, path=(*item_path(tree, e.item), *e.edit.path))
        for e in edits
    ]


# --- editing and re-reading only an item's lines ------------------------------
#
# Re-reading a 1 MB roadmap to verify a one-line edit costs more than the rest of
# the command.  An item's lines can be re-read alone when YAML cannot read them
# differently in place: the item is a block mapping that starts on its own `- `
# line, so its lines, cut out with that dash, parse on their own as a one-item
# block list at the same columns.  In the file the item ends where a later
# line's first token sits left of its keys; inside, every token is at or right
# of the dash, and the scanner treats such tokens alike at any depth.  What
# could still carry over the cut is a scalar left open at the end — a quoted one
# fails to parse alone, a plain one stops at the lower line in the file too,
# and a block scalar (which keeps trailing lines) is not cut at all.  Anything
# else (flow-style items, a dash on a line of its own, two items that nest) is
# edited and verified the whole-file way.


def _alone(lines: str, path: str, depth: int) -> YMap | None:
    """The item in its lines parsed alone (a one-item block list), or None if not exactly that."""
    tree, problems = parse_tree(lines, path, outer_depth=depth - 2)
    if problems or not isinstance(tree, YSeq) or tree.flow or len(tree.items) != 1:
        return None
    item = tree.items[0]
    if not isinstance(item, YMap) or item_lines(lines, item) != (0, len(lines)):
        return None
    return item


def edit_lines(
    data: bytes,
    path: str,
    edits: Sequence[ItemEdit],
    layout: Layout,
    before: Roadmap,
    intended: Roadmap,
) -> bytes | None:
    """The bytes with `edits` made and verified on the edited items' lines alone.

    The same text as `apply_edits`, and the same proof as `verify` (the new
    text loads as exactly `intended`), for a fraction of a large file's cost.
    None when the items cannot be cut out safely (see above): the caller then
    edits and verifies the whole file.
    """
    from amanat_cli.read.loader import load_item

    try:
        document = decode_text(data, path)
        text = document.text
        by_item: dict[str, list[Edit]] = {}
        for item_edit in edits:
            by_item.setdefault(item_edit.item, []).append(item_edit.edit)
        regions: list[tuple[int, int, int, str]] = []
        for item_id in by_item:
            if item_id not in layout.items:
                return None
            regions.append((*layout.items[item_id], item_id))
        regions.sort(reverse=True)  # the last item first, so earlier offsets still hold
        if any(earlier[1] > later[0] for later, earlier in pairwise(regions)):
            return None  # items that nest (a pledge and its indicator): one whole-file edit
        items: dict[str, Item] = {s.id: s for s in intended.sections}
        items |= {p.id: p for s in intended.sections for p in s.pledges}
        items |= {i.id: i for s in intended.sections for p in s.pledges for i in p.indicators}
        rebuilt = before
        for start, end, depth, item_id in regions:
            lines = text[start:end]
            for one in by_item[item_id]:
                edit = replace(one, path=(0, *one.path))
                lines = apply_edit(lines, edit, path, list_offset=layout.list_offset)
            node = _alone(lines, path, depth)
            if node is None or item_id not in items:
                return None
            item, problems = load_item(node, path, items[item_id], intended)
            if item is None or any(p.severity == Severity.ERROR for p in problems):
                return None
            rebuilt = update_item(rebuilt, item_id, lambda _old, new=item: new)  # type: ignore[misc]
            text = text[:start] + lines + text[end:]
        if rebuilt != intended:
            return None
        return replace(document, text=text).encode()
    except EditError:  # the item lacks the shape the edit needs: the whole-file way words it
        return None


def tree_of(data: bytes, path: str) -> YNode:
    """The tree of a roadmap's bytes (already accepted by the loader)."""
    return _parse(decode_text(data, path).text, path)


def update_item(roadmap: Roadmap, item_id: str, change: Callable[[Item], Item]) -> Roadmap:
    """The roadmap with the item `item_id` replaced by `change(item)`."""

    def indicators(pledge: Pledge) -> tuple[Indicator, ...]:
        return tuple(
            _checked(change(i), Indicator) if i.id == item_id else i for i in pledge.indicators
        )

    def pledges(section: Section) -> tuple[Pledge, ...]:
        return tuple(
            _checked(change(p), Pledge) if p.id == item_id else replace(p, indicators=indicators(p))
            for p in section.pledges
        )

    sections = tuple(
        _checked(change(s), Section) if s.id == item_id else replace(s, pledges=pledges(s))
        for s in roadmap.sections
    )
    return replace(roadmap, sections=sections)


_T = TypeVar("_T")


def _checked(item: Item, kind: type[_T]) -> _T:
    if not isinstance(item, kind):
        raise TypeError(f"expected {kind.__name__}")
    return item


def verify(new_data: bytes, intended: Roadmap) -> None:
    """Read the new bytes back: exactly the intended model, or refuse (nothing written)."""
    from amanat_cli.read.loader import load_bytes

    roadmap, problems = load_bytes(new_data, intended.path)
    if (
        roadmap is None
        or any(p.severity == Severity.ERROR for p in problems)
        or roadmap != intended
    ):
        raise WriteRefused(_("internal: the edit would change more than intended; nothing written"))


def _lines(text: str) -> list[str]:
    """Lines split on LF only (str.splitlines would also split on U+2028 and friends)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def unified_diff(old: bytes, new: bytes, path: str) -> str:
    """A unified diff of two versions of a file, with its name (for --dry-run)."""
    old_lines = _lines(old.decode("utf-8", errors="replace"))
    new_lines = _lines(new.decode("utf-8", errors="replace"))
    lines = difflib.unified_diff(old_lines, new_lines, path, path)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
