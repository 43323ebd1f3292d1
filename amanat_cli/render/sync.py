"""`amanat sync`'s report: a line for each branch that changed or failed, then the summary.

    almaty: updated 1a2b3c4..5d6e7f8
    shymkent: unreachable — ssh: Could not resolve hostname git.shymkent.kz
    18 up to date, 1 updated; 1 unreachable: shymkent

Branches that are up to date get no line of their own: with twenty of them,
what changed and what failed would drown.
"""

from __future__ import annotations

from collections.abc import Sequence

from amanat_cli.i18n import N_, _
from amanat_cli.read.gitsync import Outcome, SyncResult
from amanat_cli.render.printable import visible

OUTCOME_LABELS = {
    Outcome.CLONED: N_("cloned"),
    Outcome.UPDATED: N_("updated"),
    Outcome.UP_TO_DATE: N_("up to date"),
    Outcome.UNREACHABLE: N_("unreachable"),
    Outcome.MISSING_REF: N_("no such ref"),
    Outcome.NOT_A_CLONE: N_("not a clone"),
    Outcome.DIRTY: N_("local changes"),
    Outcome.AHEAD: N_("local commits"),
    Outcome.DIVERGED: N_("diverged"),
    Outcome.NO_ROADMAP: N_("no roadmap"),
    Outcome.FAILED: N_("failed"),
}
"""Display words of the outcomes."""

_COUNTS = {
    Outcome.UP_TO_DATE: N_("{n} up to date"),
    Outcome.UPDATED: N_("{n} updated"),
    Outcome.CLONED: N_("{n} cloned"),
    Outcome.UNREACHABLE: N_("{n} unreachable"),
    Outcome.MISSING_REF: N_("{n} without their ref"),
    Outcome.NOT_A_CLONE: N_("{n} blocked by another folder"),
    Outcome.DIRTY: N_("{n} with local changes"),
    Outcome.AHEAD: N_("{n} with local commits"),
    Outcome.DIVERGED: N_("{n} diverged"),
    Outcome.NO_ROADMAP: N_("{n} without a roadmap"),
    Outcome.FAILED: N_("{n} failed"),
}
"""How the summary counts each outcome (worded so that any number fits, in every language)."""

_SHORT = 7


def outcome_label(outcome: Outcome) -> str:
    """The outcome in the user's language."""
    return _(OUTCOME_LABELS[outcome])


def line_parts(result: SyncResult) -> tuple[str, str, str]:
    """A result's line in three parts — `shymkent: `, `unreachable`, ` — why` — to colour the middle."""
    tail = ""
    if result.outcome == Outcome.UPDATED and result.before and result.after:
        tail = f" {result.before[:_SHORT]}..{result.after[:_SHORT]}"
    if result.detail:  # git's words, which a remote may choose: never raw to a terminal
        tail += " — " + visible(result.detail)
    return f"{result.branch.id}: ", outcome_label(result.outcome), tail


def result_line(result: SyncResult) -> str:
    """`shymkent: unreachable — why`, `almaty: updated 1a2b3c4..5d6e7f8`, `astana: cloned`."""
    return "".join(line_parts(result))


def shown(results: Sequence[SyncResult]) -> list[SyncResult]:
    """The results that get a line: every branch but those simply up to date, in order."""
    return [r for r in results if r.outcome != Outcome.UP_TO_DATE]


def summary(results: Sequence[SyncResult]) -> str:
    """`18 up to date, 1 updated; 1 unreachable: shymkent` — the failures named."""
    fine, failed = [], []
    for outcome, count in _COUNTS.items():
        ids = [r.branch.id for r in results if r.outcome == outcome]
        if not ids:
            continue
        text = _(count).format(n=len(ids))
        if outcome.ok:
            fine.append(text)
        else:
            failed.append(_("{count}: {ids}").format(count=text, ids=", ".join(ids)))
    return "; ".join([", ".join(fine), *failed] if fine else failed)
