"""Where each section, pledge and indicator lies in a roadmap's text: the item layout.

Taken from the strict reader's tree when a file is parsed and kept with the
model in the parse cache (`cache`), so a write (`write.edit.edit_lines`) can
edit and re-read only the lines of the items it changes.  Why an item's lines
can be re-read alone is explained beside `edit_lines`.

Core module: no Typer, no Rich.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from amanat_cli.read.yamltree import YMap, YNode, YScalar, YSeq


def find_key(node: YMap, key: str) -> tuple[int, YScalar, YNode] | None:
    """(index, key node, value node) of `key` in a mapping, or None."""
    for index, (key_node, value) in enumerate(node.pairs):
        if key_node.value == key:
            return index, key_node, value
    return None


def line_start(text: str, pos: int) -> int:
    """Where the line holding `pos` starts."""
    return text.rfind("\n", 0, pos) + 1


def sequence_offset(tree: YNode, text: str) -> int:
    """How far this file indents a block list's dash under its key (0 or, usually, 2)."""
    stack: list[YNode] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, YMap):
            for key, value in node.pairs:
                if isinstance(value, YSeq) and not value.flow and value.items and not node.flow:
                    first = value.items[0]
                    dash = text.rfind("-", 0, first.start)
                    return max(0, dash - line_start(text, dash) - (key.col - 1))
                stack.append(value)
        elif isinstance(node, YSeq):
            stack.extend(node.items)
    return 2


_DASH = re.compile(r" *- +")


@dataclass(frozen=True, slots=True)
class Layout:
    """Where each item's lines lie in a file's text, for a write that edits only those.

    Taken from the tree when the file is parsed and kept with the model in the
    parse cache, so it holds for exactly those bytes.
    """

    items: Mapping[str, tuple[int, int, int]]
    """Item id -> (start of its first line, start of the line after its last, depth in the tree)."""
    list_offset: int
    """How the file indents a list's dash under its key (see `sequence_offset`)."""


def _last_leaf(node: YNode) -> YNode:
    """Where a node's text ends: its last scalar, or its last flow or empty collection."""
    while not isinstance(node, YScalar) and not node.flow:
        if isinstance(node, YMap):
            if not node.pairs:
                break
            node = node.pairs[-1][1]
        elif node.items:
            node = node.items[-1]
        else:
            break
    return node


def item_lines(text: str, node: YNode) -> tuple[int, int] | None:
    """(first line start, next line start) of a list item that can be re-read alone, else None."""
    if not isinstance(node, YMap) or node.flow:
        return None
    last = _last_leaf(node)
    if isinstance(last, YScalar) and last.style in ("|", ">"):
        return None  # a block scalar may own the blank lines after it
    first = node.start - node.col + 1  # where YAML's line starts: a `\n` one, not after `\r`
    if (first > 0 and text[first - 1] != "\n") or not _DASH.fullmatch(text, first, node.start):
        return None
    end = text.find("\n", last.end)
    return first, len(text) if end < 0 else end + 1


def layout_of(tree: YNode, text: str) -> Layout:
    """The `Layout` of a parsed roadmap; items that cannot be cut out are left out."""
    levels = ("sections", "pledges", "indicators")
    items: dict[str, tuple[int, int, int]] = {}
    repeated: set[str] = set()

    def visit(node: YNode, level: int) -> None:
        hit = find_key(node, levels[level]) if isinstance(node, YMap) else None
        if hit is None or not isinstance(hit[2], YSeq):
            return
        for child in hit[2].items:
            id_hit = find_key(child, "id") if isinstance(child, YMap) else None
            lines = item_lines(text, child)
            if id_hit is not None and isinstance(id_hit[2], YScalar) and lines is not None:
                item_id = id_hit[2].value
                if item_id in items:
                    repeated.add(item_id)
                items[item_id] = (*lines, 3 + 2 * level)  # root map, then list and item per level
            if level + 1 < len(levels):
                visit(child, level + 1)

    visit(tree, 0)
    for item_id in repeated:
        del items[item_id]
    return Layout(items, sequence_offset(tree, text))
