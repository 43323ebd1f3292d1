"""The one-line roll-up every human view shows: progress, coverage, counts by rag, flags.

Apart from `render.tabular` so that the terminal table, which colours the
pieces, does not import the csv and json writers with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from amanat_cli.i18n import _, ngettext
from amanat_cli.render.formats import percent
from amanat_cli.render.labels import flag_label, rag_label

if TYPE_CHECKING:
    from amanat_cli.compute.progress import RollUp
    from amanat_cli.model import Rag

SummaryPiece = tuple[str, "Rag | str"]
"""Text and what it shows: `progress`, a rag, `flag`, or `""` (coverage, separators, counts)."""


def summary_pieces(totals: RollUp) -> list[SummaryPiece]:
    """The roll-up line in pieces, so that a terminal can colour each rag word and flag."""
    pieces: list[SummaryPiece] = [
        (_("progress {value}").format(value=percent(totals.known_progress)), "progress"),
        (" · " + _("coverage {value}").format(value=percent(totals.coverage)), ""),
    ]
    for rag, count in totals.counts.items():
        pieces += [(" · ", ""), (rag_label(rag), rag), (f" {count}", "")]
    for key, count in (
        ("unconfirmed", totals.unconfirmed),
        ("contested", totals.contested),
        ("stale", totals.stale),
    ):
        if count:
            pieces += [(" · ", ""), (f"{flag_label(key)} {count}", "flag")]
    return pieces


def filtered_note(shown: int, total: int) -> str:
    """`filtered: 1 of 46 pledges`: beside the figures of all 46, never of the one."""
    return ngettext(
        "filtered: {shown} of {total} pledge", "filtered: {shown} of {total} pledges", total
    ).format(shown=shown, total=total)


def summary_text(totals: RollUp) -> str:
    """Progress, coverage, counts by rag and flags on one line (every human view)."""
    return "".join(text for text, _kind in summary_pieces(totals))
