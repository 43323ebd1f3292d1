"""Text safe to print on a terminal: what a terminal would obey is shown as an escape.

A file name, an argument or a value quoted in a message may hold control
sequences (`ESC ]0;…BEL` retitles the window, `ESC [2J` clears it), other C0
and C1 controls, DEL, bidi controls that reorder what is shown (U+202E), line
separators, or lone surrogates (an undecodable byte of a file name, which
cannot even be encoded).  `visible` shows each as its Python escape (`\\x1b`,
`\\u202e`, `\\udcff`); everything else, Cyrillic and Kazakh included, is
printed as it is.  Every path and echoed argument goes through here on its way
to the terminal; json output never does (it escapes these itself, exactly).
"""

from __future__ import annotations

import re

_UNSAFE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and newline, DEL, C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff"  # lone surrogates
)
_IN_LINE = re.compile(f"[\n{_UNSAFE}]")
_IN_TEXT = re.compile(f"[{_UNSAFE}]")
_LINES = re.compile(r"([^\n]*?)(\r?\n|$)")


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def visible(text: str) -> str:
    """`text` as one line, each unsafe character (a newline too) shown as its escape."""
    return _IN_LINE.sub(_escape, text)


def visible_lines(text: str) -> str:
    """`text` with its line ends (LF, CRLF) kept and every other unsafe character escaped."""
    return "".join(
        _IN_TEXT.sub(_escape, body) + end for body, end in _LINES.findall(text) if body or end
    )
