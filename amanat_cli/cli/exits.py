"""Exit codes (CLI.md), and the one table that gives each refusal of the core its code.

The core raises `errors.AmanatError` subclasses that say what went wrong;
this module decides what a shell sees.  A command may also refuse on its own
(a malformed option value) with `UserError(message, code)`.
"""

from __future__ import annotations

import enum

from amanat_cli.errors import (
    AmanatError,
    Ambiguous,
    BadValue,
    InvalidRoadmap,
    NotFound,
    RuleRefused,
    Unreadable,
    WriteRefused,
    WrongKind,
)


class ExitCode(enum.IntEnum):
    """The documented exit codes (CLI.md)."""

    OK = 0
    DATA = 1
    """The data has errors, or a rule refused the change."""
    USAGE = 2
    """Unknown command, flag, id or member; missing or unreadable path."""
    WRITE_REFUSED = 3
    """Lock not obtained, or the file changed since it was read."""
    BUG = 70
    """An internal error (EX_SOFTWARE): one line, the traceback with AMANAT_DEBUG=1."""


EXIT_CODES: dict[type[AmanatError], ExitCode] = {
    NotFound: ExitCode.USAGE,
    Ambiguous: ExitCode.USAGE,
    WrongKind: ExitCode.USAGE,
    BadValue: ExitCode.USAGE,
    Unreadable: ExitCode.USAGE,
    RuleRefused: ExitCode.DATA,
    InvalidRoadmap: ExitCode.DATA,
    WriteRefused: ExitCode.WRITE_REFUSED,
}
"""Every refusal of the core and the exit code it ends a command with."""


class UserError(AmanatError):
    """A refusal decided by the command line itself, with its exit code."""

    def __init__(self, message: str, code: ExitCode = ExitCode.USAGE) -> None:
        super().__init__(message)
        self.code = code


def exit_code(error: AmanatError) -> ExitCode:
    """The exit code of a refusal: its own for a `UserError`, else the table's for its class."""
    if isinstance(error, UserError):
        return error.code
    for kind in type(error).__mro__:
        if kind in EXIT_CODES:
            return EXIT_CODES[kind]
    raise TypeError(f"no exit code for {type(error).__name__}")  # a bug: add it to EXIT_CODES


def one_line(error: AmanatError) -> str:
    """The message as `amanat: …` prints it; a bad value names the option it came from."""
    if isinstance(error, BadValue) and error.field:
        return f"--{error.field}: {error.message}"
    return error.message
