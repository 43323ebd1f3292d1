"""A strict, fast YAML reader: libyaml events -> a light tree of strings with spans.

PyYAML's constructors guess types (`NO` -> False, `050000` -> 20480, `1:20`
-> 80) and keep the last of duplicate keys; the composer is slow.  So the
tree is built straight from parser events: every scalar stays the text it was
written as (typing is the loader's job), and every node keeps its span in the
decoded text, which the edit engine uses for faithful span edits.

libyaml's mark `index` counts characters, not bytes (checked for Cyrillic,
Kazakh, astral characters and CRLF; the BOM is removed by `decode` first, since
the C and pure parsers disagree on whether it counts), so spans index the text
directly.  Everything YAML allows but a roadmap must not use (anchors,
aliases, tags, several documents, duplicate or complex keys, deep nesting) is
refused as a located `Problem`, never an exception.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from amanat_cli.i18n import _
from amanat_cli.model import Problem, Severity, Source
from amanat_cli.read.limits import max_items, too_many_items_message

if TYPE_CHECKING:
    import yaml  # imported where a file is parsed: a run the parse cache answers never needs it

_SHOWN = 40
"""How much of a user's value a message quotes."""

MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences a file may have (a roadmap needs 7)."""

NULLS = frozenset(("", "~", "null", "Null", "NULL"))
"""Plain scalars that YAML reads as null."""

_TAG_AS_WRITTEN = re.compile(r"(?:&[^ \t\r\n]+[ \t]+)?(![^ \t\r\n]*)")
"""An optional anchor, then the tag as the user wrote it (`!!str`, `!foo`)."""
# What libyaml's reader refuses: C0 controls but tab/LF/CR, DEL, C1 but NEL, U+FFFE/F.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


@dataclass(slots=True)
class YScalar:
    """A scalar, as written: `text[start:end]` is its source."""

    value: str
    style: str
    """"" plain, "'" single-quoted, '"' double-quoted, "|" literal, ">" folded."""
    start: int
    """Character offset into the decoded text (BOM removed)."""
    end: int
    line: int
    """1-based line of `start`."""
    col: int
    """1-based column of `start`, in characters."""

    @property
    def is_null(self) -> bool:
        """True for a plain `null`, `~` or nothing at all."""
        return self.style == "" and self.value in NULLS


@dataclass(slots=True)
class YMap:
    """A mapping; keys are always scalars, unique by text."""

    pairs: list[tuple[YScalar, YNode]]
    flow: bool
    start: int
    end: int
    line: int
    col: int


@dataclass(slots=True)
class YSeq:
    """A sequence."""

    items: list[YNode]
    flow: bool
    start: int
    end: int
    line: int
    col: int


YNode = YScalar | YMap | YSeq


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def one_line(text: str, limit: int | None = None) -> str:
    """`text` fit for a one-line message: line breaks and controls escaped, maybe shortened."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _error(path: str, line: int, col: int, rule: str, message: str) -> Problem:
    return Problem(Source(path, line, col), Severity.ERROR, rule, one_line(message))


def decode(data: bytes, path: str) -> tuple[str | None, bool, list[Problem]]:
    """Strict UTF-8 (a BOM allowed): `(text without BOM, had_bom, problems)`."""
    had_bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if had_bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + (3 if had_bom else 0)
        line_start = data.rfind(b"\n", 0, offset) + 1
        line = data.count(b"\n", 0, offset) + 1
        col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
        if line == 1 and had_bom:
            col -= 1
        message = _("not valid UTF-8 at byte {offset} (save the file as UTF-8)").format(
            offset=offset
        )
        return None, had_bom, [_error(path, line, col, "encoding", message)]
    if text.startswith("\ufeff"):
        # libyaml would not count it in its offsets, and every span would be off by one.
        message = _("the file starts with two byte-order marks; save it as UTF-8 again")
        return None, had_bom, [_error(path, 1, 1, "encoding", message)]
    bad = _CONTROL.search(text)
    if bad is not None:
        line, col = _line_col(text, bad.start())
        message = _("control character U+{code:04X} is not allowed in a YAML file").format(
            code=ord(bad.group())
        )
        return None, had_bom, [_error(path, line, col, "encoding", message)]
    return text, had_bom, []


class _Builder:
    """Turns a stream of parser events into one tree, collecting problems."""

    def __init__(self, text: str, path: str, outer_depth: int = 0) -> None:
        self.text = text
        self.path = path
        self.outer_depth = outer_depth
        """Collections open around this text in its file (when it is one item's lines)."""
        self.problems: list[Problem] = []
        self.root: YNode | None = None
        self.documents = 0
        self.position = 0
        """Where the parser was when it failed (for a located message)."""

    def problem(self, line: int, col: int, rule: str, message: str) -> None:
        self.problems.append(_error(self.path, line, col, rule, message))

    def run(self, parser: Any) -> YNode | None:
        """Consume events until the end of the stream or the first fatal problem."""
        # The hot loop: 10,000 indicators are ~400,000 events.  The open collection's
        # state lives in locals (the enclosing ones' on `saved`): `append` adds an
        # item or a pair, `key` is the pending key (None: a key comes next; _SKIP:
        # drop the value of a refused key), `seen` the keys so far by text.
        import yaml

        get_event = parser.get_event
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        map_start, map_end = yaml.MappingStartEvent, yaml.MappingEndEvent
        seq_start, seq_end = yaml.SequenceStartEvent, yaml.SequenceEndEvent
        saved: list[tuple[Any, ...]] = []
        current: YMap | YSeq | None = None
        is_seq = False
        append: Any = None
        seen: dict[str, YScalar] = {}
        key: Any = None
        event: Any = None
        max_depth = MAX_DEPTH - self.outer_depth
        mappings, max_mappings = 0, max_items()
        while True:
            try:
                event = get_event()
            except yaml.YAMLError:
                raise
            except Exception as error:  # the pure parser can fail oddly on broken input
                if event is not None:
                    self.position = event.end_mark.index
                raise _ParserFailure(error) from error
            kind = event.__class__
            node: YNode
            if kind is scalar_event:
                mark = event.start_mark
                start = mark.index
                end = event.end_mark.index
                line = mark.line + 1
                col = mark.column + 1
                if start == end:
                    start, line, col = self.pin_empty(start, line, col)
                    end = start
                if event.anchor is not None or event.tag is not None:
                    self.refuse_decorations(event, mark.index, line, col)
                node = YScalar(event.value, event.style or "", start, end, line, col)
                if is_seq:
                    append(node)
                    continue
                if key is not None:
                    if key is not _SKIP:
                        append((key, node))
                    key = None
                    continue
                if current is None:
                    self.root = node if self.root is None else self.root
                    continue
                value = node.value
                if value in seen or (value in NULLS and not node.style):
                    key = self.check_key(node, seen)
                else:
                    seen[value] = node
                    key = node
                continue
            if kind is map_start or kind is seq_start:
                mark = event.start_mark
                line, col = mark.line + 1, mark.column + 1
                if len(saved) >= max_depth:
                    message = _("nesting deeper than {depth} levels; a roadmap never needs that")
                    self.problem(line, col, "too-deep", message.format(depth=MAX_DEPTH))
                    return None
                if kind is map_start:
                    mappings += 1
                    if mappings > max_mappings:  # read no further: see `limits`
                        self.problem(
                            line, col, "too-many-items", too_many_items_message(max_mappings)
                        )
                        return None
                if event.anchor is not None or event.tag is not None:
                    self.refuse_decorations(event, mark.index, line, col)
                saved.append((current, is_seq, append, seen, key))
                flow = bool(event.flow_style)
                index = mark.index
                if kind is map_start:
                    current = YMap([], flow, index, index, line, col)
                    is_seq, append, seen, key = False, current.pairs.append, {}, None
                else:
                    current = YSeq([], flow, index, index, line, col)
                    is_seq, append, key = True, current.items.append, None
                continue
            if kind is map_end or kind is seq_end:
                assert current is not None
                node = current
                if node.flow:
                    node.end = event.end_mark.index
                else:
                    # A block collection's end mark lies at the next token (after
                    # comments and blank lines); its source ends with its last child.
                    last = node.pairs[-1][1] if isinstance(node, YMap) and node.pairs else None
                    if isinstance(node, YSeq) and node.items:
                        last = node.items[-1]
                    node.end = last.end if last is not None else node.start
                current, is_seq, append, seen, key = saved.pop()
                if is_seq:
                    append(node)
                elif key is not None:
                    if key is not _SKIP:
                        append((key, node))
                    key = None
                elif current is None:
                    self.root = node if self.root is None else self.root
                else:
                    key = self.check_key(node, seen)
                continue
            if kind is alias_event:
                mark = event.start_mark
                message = _("aliases (*{name}) are not allowed; write the value out")
                self.problem(
                    mark.line + 1, mark.column + 1, "anchor", message.format(name=event.anchor)
                )
                if current is not None and not is_seq:  # keep the key/value rhythm
                    key = _SKIP if key is None else None
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    mark = event.start_mark
                    message = _("a second YAML document starts here; a roadmap file holds one")
                    self.problem(mark.line + 1, mark.column + 1, "multi-document", message)
                    return self.root
            elif event is None or kind is yaml.StreamEndEvent:
                return self.root

    def pin_empty(self, index: int, line: int, col: int) -> tuple[int, int, int]:
        """Where an empty scalar is: right after the indicator (`:`, `-`...) before it.

        The parsers disagree: in flow context libyaml puts it at the next token,
        maybe lines later, the pure parser right after the `:`.  After a comment
        the indicator is out of reach, and libyaml's place is kept.
        """
        text = self.text
        back = index
        while back > 0 and text[back - 1] in " \t\r\n":
            back -= 1
        if back == index or (back > 0 and text[back - 1] not in ":-?,[{"):
            return index, line, col
        line -= text.count("\n", back, index)
        return back, line, back - text.rfind("\n", 0, back)

    def refuse_decorations(self, event: Any, index: int, line: int, col: int) -> None:
        """Anchors and explicit tags: refused, the node itself is kept."""
        if event.anchor is not None:
            message = _("anchors (&{name}) are not allowed; write each value out")
            self.problem(line, col, "anchor", message.format(name=event.anchor))
        if event.tag is not None:
            # Name the tag as written (`!!str`), not as resolved (`tag:yaml.org,2002:str`).
            written = _TAG_AS_WRITTEN.match(self.text, index)
            tag, tag_col = event.tag, col
            if written is not None:
                tag, tag_col = written.group(1), col + written.start(1) - index
            message = _("explicit tags ({tag}) are not allowed; write the plain value")
            self.problem(line, tag_col, "tag", message.format(tag=tag))

    def check_key(self, node: YNode, seen: dict[str, YScalar]) -> YScalar | object:
        """The key if it is a usable one, else `_SKIP` (and a problem)."""
        if not isinstance(node, YScalar):
            self.problem(
                node.line,
                node.col,
                "key-type",
                _("a key must be plain text, not a mapping or a list"),
            )
            return _SKIP
        if node.is_null:
            self.problem(node.line, node.col, "key-type", _("a key cannot be empty or null"))
            return _SKIP
        first = seen.get(node.value)
        if first is None:
            seen[node.value] = node
            return node
        message = _("duplicate key '{key}' (first at line {line})").format(
            key=one_line(node.value, _SHOWN), line=first.line
        )
        first_source = self.text[first.start : first.end]
        if first_source != self.text[node.start : node.end]:
            message += "; " + _("keys compare as text, so {a} and {b} are the same key").format(
                a=one_line(first_source, _SHOWN),
                b=one_line(self.text[node.start : node.end], _SHOWN),
            )
        self.problem(node.line, node.col, "duplicate-key", message)
        return _SKIP


class _ParserFailure(Exception):
    """A parser failure that is not a YAMLError (RecursionError, ValueError...)."""


_SKIP = object()
"""Pending-key marker: the value that follows belongs to a refused key."""


def _parser_class() -> Any:
    """libyaml's parser when PyYAML was built with it, else the pure one."""
    import yaml

    return yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


def _syntax_problem(error: yaml.YAMLError, text: str, path: str) -> Problem:
    """One located line for a YAML error of either parser."""
    import yaml

    if isinstance(error, yaml.reader.ReaderError):
        line, col = _line_col(text, min(max(error.position, 0), len(text)))
        message = _("invalid YAML: {reason}").format(reason=error.reason)
        return _error(path, line, col, "syntax", message)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(getattr(error, "problem", None) or error)
    context = getattr(error, "context", None)
    if context:
        problem = f"{problem} ({context})"
    message = _("invalid YAML: {problem}").format(problem=" ".join(problem.split()))
    return _error(path, line, col, "syntax", message)


def parse_tree(text: str, path: str, *, outer_depth: int = 0) -> tuple[YNode | None, list[Problem]]:
    """Parse decoded text into a tree; `(None, problems)` when there is no usable tree.

    `outer_depth`: for lines cut from a file, how many collections enclose them
    there, so the nesting limit counts as it would in the whole file.
    """
    import yaml

    builder = _Builder(text, path, outer_depth)
    parser = _parser_class()(text)
    gc_was_enabled = gc.isenabled()
    if gc_was_enabled:  # the tree makes no cycles; collection passes only cost time
        gc.disable()
    try:
        root = builder.run(parser)
    except yaml.YAMLError as error:
        return None, [*builder.problems, _syntax_problem(error, text, path)]
    except _ParserFailure as failure:
        line, col = _line_col(text, builder.position)
        message = _("invalid YAML: the parser failed ({error})").format(
            error=type(failure.__cause__).__name__
        )
        return None, [*builder.problems, _error(path, line, col, "syntax", message)]
    finally:
        parser.dispose()
        if gc_was_enabled:
            gc.enable()
    if root is None or (isinstance(root, YScalar) and root.is_null):
        if not any(p.rule in ("too-deep", "too-many-items") for p in builder.problems):
            message = _("the file is empty; a roadmap starts with 'format: 1'")
            builder.problem(1, 1, "empty", message)
        return None, builder.problems
    return root, builder.problems
