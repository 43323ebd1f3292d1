"""`amanat status` in a real terminal (tmux): columns line up with Cyrillic and Kazakh text.

Rich and the terminal must agree on the width of every character; if they did
not, the `│` separators of a row would drift.  This runs the installed
program in a tmux pane at 80 and 160 columns and measures where each `│`
lands with wcwidth.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from wcwidth import wcswidth

from tests.status_data import ROADMAP

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

LONG_TITLES = ROADMAP.replace(
    "title: Отремонтировать 120 км дорог",
    "title: Отремонтировать 120 км дорог — Қала көшелерін күрделі жөндеу, "
    "Ұлттық жоба «Жайлы мектеп» аясында ӘҒҚҢӨҰҮҺІ әріптерімен ұзын атау",
).replace(
    "title: Срок ожидания услуги, дней",
    "title: Срок ожидания услуги в центрах поддержки семей «Қамқорлық», календарных дней",
)

BOX_CHARS = "│┬┼┴╭╮╰╯├┤"
"""Every character that marks a column edge in a rounded Rich table."""


def separator_columns(line: str) -> list[int]:
    """Display columns (0-based) of every column edge in a captured line."""
    columns = []
    for index, char in enumerate(line):
        if char in BOX_CHARS:
            columns.append(wcswidth(line[:index]))
    return columns


def tables(lines: list[str]) -> list[list[str]]:
    """The lines of each drawn table, from its ╭ line to its ╰ line."""
    found: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if line.startswith("╭"):
            current = [line]
        elif current is not None:
            current.append(line)
            if line.startswith("╰"):
                found.append(current)
                current = None
    return found


def run_in_tmux(width: int, args: list[str], tmp_path: Path) -> list[str]:
    """Run `amanat ARGS` in a detached tmux pane of `width` columns; the pane's text."""
    amanat = Path(sys.executable).parent / "amanat"
    socket = f"amanat-test-{uuid.uuid4().hex[:8]}"
    channel = f"done-{socket}"
    # A clean environment: the test fixtures' COLUMNS/TTY_COMPATIBLE must not leak in.
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "NO_COLOR": "1",
        "AMANAT_LANG": "en",
    }
    command = " ".join(f"'{part}'" for part in [str(amanat), *args])
    script = f"{command} 2>&1; tmux -L {socket} wait-for -S {channel}; sleep 30"
    tmux = ["tmux", "-u", "-L", socket, "-f", "/dev/null"]
    try:
        subprocess.run(
            [*tmux, "new-session", "-d", "-x", str(width), "-y", "50", "sh", "-c", script],
            env=env,
            check=True,
            timeout=30,
        )
        subprocess.run([*tmux, "wait-for", channel], env=env, check=True, timeout=60)
        captured = subprocess.run(
            [*tmux, "capture-pane", "-p", "-S", "-", "-E", "-"],
            env=env,
            check=True,
            timeout=30,
            capture_output=True,
        ).stdout.decode("utf-8")
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, check=False, timeout=30)
    return captured.splitlines()


@pytest.mark.parametrize("width", [80, 160])
@pytest.mark.parametrize("indicators", [False, True])
def test_columns_line_up_in_a_real_terminal(
    width: int, indicators: bool, tmp_path: Path, write_roadmap
) -> None:  # type: ignore[no-untyped-def]
    path = write_roadmap(LONG_TITLES, "long.yaml")
    args = ["status", str(path)] + (["--indicators"] if indicators else [])
    lines = run_in_tmux(width, args, tmp_path)
    drawn = tables(lines)
    assert len(drawn) == 2, "\n".join(lines)
    text = "\n".join(lines)
    assert "Әлеуметтік қолдау" in text and "ӘҒҚҢӨҰҮҺІ" in text
    for table in drawn:
        expected = separator_columns(table[0])
        # Six columns (seven edges); below 100 columns the owner moves under the title.
        assert len(expected) == (7 if width >= 100 else 6)
        assert max(wcswidth(line) for line in table) <= width
        for line in table[1:-1]:
            assert separator_columns(line) == expected, f"misaligned at {width}:\n{line}"
        assert separator_columns(table[-1]) == expected
