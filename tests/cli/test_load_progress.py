"""The loading counter: on a terminal after a second, wiped afterwards, silent when piped."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from amanat_cli.cli import terminal
from amanat_cli.cli.terminal import LoadProgress
from tests.conftest import SAMPLE


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(terminal.time, "monotonic", clock)
    return clock


def test_nothing_in_the_first_second_then_a_counter_then_wiped(clock: Clock) -> None:
    stream = FakeTerminal()
    progress = LoadProgress(stream)
    progress("read", 0, 20)
    clock.now += 0.9
    progress("read", 5, 20)
    assert stream.getvalue() == ""
    clock.now += 0.2
    progress("parse", 9, 20)
    progress("read", 10, 20)
    progress.close()
    assert stream.getvalue() == (
        "\rparsing roadmaps 9/20…"
        "\rreading roadmaps 10/20…"  # the same width: nothing of the longer line is left
        "\r" + " " * len("reading roadmaps 10/20…") + "\r"
    )


def test_silent_when_piped(clock: Clock) -> None:
    stream = io.StringIO()
    progress = LoadProgress(stream)
    clock.now += 5
    progress("read", 1, 2)
    progress.close()
    assert stream.getvalue() == ""


def test_a_slow_load_counts_each_file_and_leaves_the_report_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`load_scope` on three files, stderr a terminal, as if every file took a second."""
    from amanat_cli.cli.commands._common import load_scope

    for name in ("a", "b", "c"):
        text = SAMPLE.read_text("utf-8").replace("id: almaty", f"id: {name}", 1)
        (tmp_path / f"{name}.yaml").write_text(text, "utf-8")
    stderr = FakeTerminal()
    monkeypatch.setattr("sys.stderr", stderr)
    monkeypatch.setattr(LoadProgress, "DELAY", 0.0)
    scope = load_scope([tmp_path], require_valid=False, today=date(2025, 6, 30))
    assert len(scope.roadmaps) == 3
    shown = stderr.getvalue()
    assert [part for part in shown.split("\r") if part.strip()] == [
        "reading roadmaps 0/3…",
        "reading roadmaps 1/3…",
        "reading roadmaps 2/3…",
    ]
    assert shown.endswith("\r" + " " * len("reading roadmaps 2/3…") + "\r")
    assert capsys.readouterr().out == ""
