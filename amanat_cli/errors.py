"""What the core refuses, as exceptions that say what went wrong — never how to exit.

User mistakes in a roadmap are data (`model.Problem`); these are refusals of a
*request*: an id that is not there, a change a rule forbids, a write that
cannot be made safely.  Only `cli` turns them into exit codes
(`cli.exits.EXIT_CODES`, where a test holds every class here to one), so the
core can be called from anything — a script, a test, a future web view.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `amanat --version` imports this module and need not build the model
    from amanat_cli.model import Problem


class AmanatError(Exception):
    """A refusal of a request, with the one line that explains it (already translated)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(AmanatError):
    """Something the request names is not there: an id, member, district, file, or write to undo."""


class Ambiguous(AmanatError):
    """A bare id names items in several roadmaps; `BRANCH:ID` says which."""


class WrongKind(AmanatError):
    """The request names the wrong kind of thing: a pledge where an indicator is needed."""


class BadValue(AmanatError):
    """A value the request cannot take (a date out of range, feedback number 9 of 3)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        """The request's field the value was given for (`date`), when it has one."""


class Unreadable(AmanatError):
    """A file, folder or committed version that cannot be read (permissions, git failing)."""


class RuleRefused(AmanatError):
    """A rule of the format forbids the change (an owner outside the Bureau, a duplicate)."""


class InvalidRoadmap(AmanatError):
    """The roadmap has errors, so nothing is computed from it or written to it."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)
        """The errors, for the caller to list (`check`'s format)."""


class WriteRefused(AmanatError):
    """A write cannot be made safely: locked, changed since read, unwritable, or unverified."""
