"""Exit codes of CLI.md and the exception that carries one to the CLI."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """The documented exit codes (CLI.md)."""

    OK = 0
    DATA = 1
    """The data has errors, or a rule refused the change."""
    USAGE = 2
    """Unknown command, flag, id or member; missing or unreadable path."""
    WRITE_REFUSED = 3
    """Lock not obtained, or the file changed since it was read."""


class UserError(Exception):
    """A refusal caused by user input: printed as one line, never a traceback."""

    def __init__(self, message: str, code: ExitCode = ExitCode.USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
