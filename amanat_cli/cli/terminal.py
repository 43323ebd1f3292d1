"""Console set-up shared by the commands: streams, language, colour, errors.

This module is CLI-side: it may import Rich (lazily) but the core may not
import it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, NoReturn

from amanat_cli.cli.exits import ExitCode, UserError
from amanat_cli.i18n import (
    LANGUAGES,
    _,
    language_from_environment,
    normalize_language,
    set_language,
)

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console


def prepare_streams() -> None:
    """Write UTF-8 whatever the console code page, and line ends exactly as rendered.

    Windows consoles default to cp866/cp1251, which cannot show Kazakh letters.
    Windows text streams also turn every "\n" into "\r\n", so a csv's own
    "\r\n" rows would reach Excel as "\r\r\n" (blank rows): newline="\n"
    writes what the renderer wrote on every platform.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        # A stream that cannot switch keeps its settings.
        with contextlib.suppress(ValueError, OSError):
            if (stream.encoding or "").lower().replace("-", "") != "utf8":
                reconfigure(encoding="utf-8", errors="replace", newline="\n")
            else:
                reconfigure(newline="\n")


def _language_in_argv(argv: Sequence[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--":  # what follows is data, not options
            break
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def set_language_early(argv: Sequence[str], *, help_wanted: bool = False) -> None:
    """Pick the language before Typer builds its help: --lang, AMANAT_LANG, locale, English."""
    from amanat_cli.cli.i18n_cli import bind_toolkit

    # Click's own words ("Usage:", "Missing argument") follow ours
    bind_toolkit(help_wanted=help_wanted)
    asked = _language_in_argv(argv)
    language = asked or language_from_environment()
    if not language:
        set_language("en")
        return
    language = normalize_language(language)
    if language not in LANGUAGES:
        set_language("en")
        if asked is not None or os.environ.get("AMANAT_LANG"):
            message = _("unknown language '{lang}', using English (choose from: {choices})")
            warn(message.format(lang=language, choices=", ".join(LANGUAGES)))
        return
    set_language(language)


COLOR_KEY = "amanat.color"
"""Where `--color` is kept on the run's Click context (`options.attach_common_options`)."""


def asked_color() -> str:
    """The `--color` of the command being run: auto unless given."""
    from amanat_cli.cli.toolkit import current_context

    context = current_context()
    return str(context.meta.get(COLOR_KEY, "auto")) if context is not None else "auto"


def color_wanted(color: str, stream: IO[str]) -> bool | None:
    """Resolve `--color auto|always|never` with NO_COLOR: True, False, or None for auto."""
    if color == "always":
        return True
    if color == "never" or os.environ.get("NO_COLOR"):
        return False
    return None


def make_console(color: str | None = None, *, stderr: bool = False) -> Console:
    """A Rich console honouring --color (the command's, unless given), NO_COLOR and pipes.

    Never auto-highlights.
    """
    from rich.console import Console

    color = asked_color() if color is None else color
    stream = sys.stderr if stderr else sys.stdout
    wanted = color_wanted(color, stream)
    is_terminal = stream.isatty()
    if wanted is True:
        return Console(
            file=stream,
            force_terminal=True,
            no_color=False,  # Rich reads NO_COLOR itself; --color always must win over it
            highlight=False,
            color_system="standard" if not is_terminal else "auto",
        )
    if wanted is False:
        return Console(file=stream, no_color=True, highlight=False)
    return Console(file=stream, highlight=False)


def fail(message: str, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    """Stop the command with a one-line message and a documented exit code."""
    raise UserError(message, code)


def warn(message: str) -> None:
    """Print a one-line warning on stderr (what it quotes escaped: `render.printable`)."""
    from amanat_cli.render.printable import visible

    sys.stderr.write("amanat: " + _("warning") + ": " + visible(message) + "\n")


def note_bundled_sample(paths: Sequence[Path]) -> None:
    """Say on a terminal that the report comes from the fictional sample, not a branch's file.

    Outside a roadmaps folder every report falls back to the sample; read silently,
    its figures pass for the user's own.  Piped output (a script) is left alone.
    """
    from amanat_cli.read.scope import is_bundled_sample

    if any(is_bundled_sample(p) for p in paths) and sys.stderr.isatty():
        sys.stderr.write(
            "amanat: "
            + _(
                "using the bundled sample roadmap (fictional data); run `amanat init "
                "roadmaps/BRANCH.yaml` to start your own, or name one with -r PATH"
            )
            + "\n"
        )


class LoadProgress:
    """A counter on stderr while many roadmaps load: `reading roadmaps 12/20`.

    Shown only on a terminal, and only once loading has taken a second (a
    warm run on a branch's roadmaps never shows it); the line is wiped when
    loading ends, so the report starts on a clean line.  Piped, it says nothing.
    """

    DELAY = 1.0
    """Seconds of loading before the counter appears."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        try:
            self.enabled = self.stream.isatty()
        except (AttributeError, ValueError):  # a closed or odd stream
            self.enabled = False
        self.started = time.monotonic()
        self.width = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < self.DELAY:
            return
        if stage == "parse":
            text = _("parsing roadmaps {done}/{total}…").format(done=done, total=total)
        else:
            text = _("reading roadmaps {done}/{total}…").format(done=done, total=total)
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        """Wipe the counter, if it was shown."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
