"""The README's tour is true: each command, run in a real terminal, prints what the README shows.

The tour is run as a newcomer runs it: from a checkout (here a folder holding
`roadmaps/almaty.yaml`, the sample as the package ships it), in a
pseudo-terminal 100 columns wide, one shell for the whole tour so that its
`cd` carries over.  The tour works on a scratch copy, so the checkout itself
must come out of it untouched.  In the README, a line holding only `…`
stands for any number of lines, and `…` inside a line for any text.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE, run_in_terminal, terminal_env

pytestmark = pytest.mark.skipif(os.name == "nt", reason="pseudo-terminals are POSIX-only")

SCRATCH = "/tmp/amanat-tour"
"""The scratch folder the README's tour copies the sample into (a test folder here)."""

STEP = "@@tour-step@@"


def tour_steps(readme: str) -> list[tuple[str, str]]:
    """(command, output shown) for every `$ ` line of the console blocks of "A quick tour"."""
    section = readme.split("\n## A quick tour\n", 1)[1].split("\n## ", 1)[0]
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
    return [(command, "".join(line + "\n" for line in shown)) for command, shown in steps]


def pattern_of(shown: str) -> re.Pattern[str]:
    """The README's output as a pattern: a line `…` is any lines, `…` in a line any text."""
    parts = []
    for line in shown.splitlines():
        if line.strip() == "…":
            parts.append("(?:.*\n)*?")
        else:
            parts.append(".*?".join(re.escape(piece) for piece in line.split("…")) + "\n")
    return re.compile("".join(parts))


def test_the_tour_prints_what_the_readme_shows(tmp_path: Path) -> None:
    steps = tour_steps((REPO / "README.md").read_text(encoding="utf-8"))
    assert len(steps) >= 10
    assert any(SCRATCH in command for command, _shown in steps[:1]), "the tour starts on a copy"
    checkout = tmp_path / "checkout"
    (checkout / "roadmaps").mkdir(parents=True)
    shutil.copyfile(SAMPLE, checkout / "roadmaps" / "almaty.yaml")
    scratch = tmp_path / "tour"
    script = "".join(
        f"echo '{STEP}'\n{command.replace(SCRATCH, str(scratch))}\n" for command, _ in steps
    )
    output = run_in_terminal(script, checkout, terminal_env(tmp_path), columns=100)
    printed = output.split(STEP + "\n")[1:]
    assert len(printed) == len(steps), output
    for (command, shown), actual in zip(steps, printed, strict=True):
        # Trailing spaces and the blank line after a report are not shown in the README.
        actual = "".join(line.rstrip() + "\n" for line in actual.rstrip().splitlines())
        assert pattern_of(shown).fullmatch(actual), f"$ {command}\n{actual}"
    # The tour changed its copy, never the checkout it was started from.
    assert (checkout / "roadmaps" / "almaty.yaml").read_bytes() == SAMPLE.read_bytes()
    assert sorted(p.name for p in checkout.iterdir()) == ["roadmaps"]
    assert sorted(p.name for p in (checkout / "roadmaps").iterdir()) == ["almaty.yaml"]
