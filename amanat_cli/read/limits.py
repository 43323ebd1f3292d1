"""How big a roadmap amanat reads: past these limits a file is refused, not parsed.

Parsing costs memory in proportion to the file (about 4 KB per item: a 16 MB
file of 100,000 items takes 400 MB; a million feedback entries took 4 GB and
swapped the machine).  So a file larger than `max_size()` is refused before
it is parsed, and one with more items (YAML mappings: members, sections,
pledges, indicators, measurements, feedback) than `max_items()` as soon as
the reader gets there, each with one located problem.

The limits are settings: `AMANAT_MAX_SIZE` (`64MB`, `500KB`, `1.5GB`) and
`AMANAT_MAX_ITEMS`, which the CLI's `--max-size`/`--max-items` set for the
run (the environment also reaches the parse cache's worker processes).  Core
module: no Typer, no Rich.
"""

from __future__ import annotations

import os
import re

from amanat_cli.i18n import N_, _
from amanat_cli.model import Problem, Severity, Source

SIZE_VARIABLE = "AMANAT_MAX_SIZE"
ITEMS_VARIABLE = "AMANAT_MAX_ITEMS"

DEFAULT_MAX_SIZE = 64 * 1024 * 1024
"""64 MB: over ten times the largest regional roadmap of the national benchmark."""
DEFAULT_MAX_ITEMS = 250_000
"""About 1 GB of memory while parsing; the largest benchmark file has 60,000."""

_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)B?\s*", re.IGNORECASE)


def parse_size(text: str) -> int | None:
    """Bytes in `64MB`, `500 KB`, `1.5G` or `1000000` (units of 1024); None if not a size > 0."""
    match = _SIZE.fullmatch(text)
    if match is None:
        return None
    size = int(float(match.group(1)) * _UNITS[match.group(2).upper()])
    return size if size > 0 else None


def parse_count(text: str) -> int | None:
    """A whole number > 0, or None."""
    text = text.strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def max_size() -> int:
    """The largest roadmap file read, in bytes."""
    return parse_size(os.environ.get(SIZE_VARIABLE, "")) or DEFAULT_MAX_SIZE


def max_items() -> int:
    """The most items (YAML mappings) read from one roadmap file."""
    return parse_count(os.environ.get(ITEMS_VARIABLE, "")) or DEFAULT_MAX_ITEMS


_SIZE_UNITS = (
    (1, N_("{size} bytes")),
    (1024, N_("{size} KB")),
    (1024**2, N_("{size} MB")),
    (1024**3, N_("{size} GB")),
)


def size_text(size: int) -> str:
    """`95.1 KB`, `64 MB`: a size as people write it (units of 1024)."""
    scale, template = next((f, t) for f, t in reversed(_SIZE_UNITS) if size >= f or f == 1)
    return _(template).format(size=f"{size / scale:.1f}".removesuffix(".0"))


def too_large(path: str, size: int) -> Problem | None:
    """The problem of a file of `size` bytes over the limit, or None."""
    limit = max_size()
    if size <= limit:
        return None
    message = _(
        "the file is {size}, over the limit of {limit}; amanat refuses it rather than "
        "exhaust the memory — raise the limit with --max-size or {variable}"
    ).format(size=size_text(size), limit=size_text(limit), variable=SIZE_VARIABLE)
    return Problem(Source(path, 0, 0), Severity.ERROR, "too-large", message)


def too_many_items_message(limit: int) -> str:
    """What is said where the item past `limit` starts."""
    return _(
        "more than {limit} items (YAML mappings) in the file; amanat stops reading it "
        "rather than exhaust the memory — raise the limit with --max-items or {variable}"
    ).format(limit=limit, variable=ITEMS_VARIABLE)
