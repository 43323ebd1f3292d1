"""The walk of one `record` from argv to the disk: straight down, no return trips.

A profiler sees every call from one amanat module into another while
`amanat record` runs in-process (the parse cache cold, then warm); no call may
climb from a lower layer of docs/ARCHITECTURE.md into a higher one, but for
the two observers a command hands down on purpose.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from amanat_cli.cli import app
from tests.conftest import SAMPLE

LAYERS = ("model", "i18n", "errors", "read", "compute", "check", "write", "render", "cli")
"""Bottom to top; `render` and `write` are siblings (neither calls the other)."""

OBSERVERS = {
    ("amanat_cli.read.store", "amanat_cli.cli.terminal"): "LoadProgress: the loading counter",
    ("amanat_cli.i18n", "amanat_cli.cli.i18n_cli"): "panel titles redone on a language switch",
}
"""Calls up that are callbacks handed down by the command line itself."""


def layer(module: str) -> int:
    part = module.split(".")[1] if "." in module else "cli"
    return LAYERS.index(part) if part in LAYERS else len(LAYERS)  # __main__ and the package


def amanat_module(frame: FrameType | None) -> str | None:
    """The amanat module running `frame`, or the nearest one below it on the stack."""
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name.startswith("amanat_cli") and frame.f_code.co_name != "<module>":
            return str(name)
        frame = frame.f_back
    return None


def walk(argv: list[str]) -> list[tuple[str, str, str]]:
    """(caller module, callee module, callee function) of every call across modules."""
    calls: list[tuple[str, str, str]] = []

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        if event != "call" or frame.f_code.co_name == "<module>":
            return  # an import runs a module's body: not a step of the walk
        callee = frame.f_globals.get("__name__", "")
        caller = amanat_module(frame.f_back)
        if callee.startswith("amanat_cli") and caller is not None and caller != callee:
            calls.append((caller, callee, frame.f_code.co_name))

    sys.setprofile(profile)
    try:
        app.main(argv)
    except SystemExit as leaving:
        assert leaving.code == 0
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.parametrize("cache", ["cold", "warm"])
def test_a_record_goes_straight_down_from_argv_to_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str
) -> None:
    monkeypatch.setenv("AMANAT_CACHE_DIR", str(tmp_path / "cache"))
    roadmap = tmp_path / "almaty.yaml"
    shutil.copy(SAMPLE, roadmap)
    argv = ["record", "health-ambulance-time", "14", "--date", "2025-06-30", "-r", str(roadmap)]
    if cache == "warm":
        walk(["show", "health-ambulance-time", "-r", str(roadmap)])  # fills the cache
    calls = walk(argv)
    assert "{date: 2025-06-30, value: 14}" in roadmap.read_text("utf-8")
    assert climbs(calls) == set()
    visited = {callee.split(".")[1] for _caller, callee, _f in calls if "." in callee}
    assert {"cli", "write", "check", "compute", "read"} <= visited


SIBLINGS = {LAYERS.index("write"), LAYERS.index("render")}


def climbs(calls: list[tuple[str, str, str]]) -> set[tuple[str, str]]:
    """The calls that go up a layer (or across write/render), but for the observers."""
    return {
        (caller, callee)
        for caller, callee, _function in calls
        if (layer(callee) > layer(caller) or {layer(caller), layer(callee)} == SIBLINGS)
        and (caller, callee) not in OBSERVERS
    }


def test_the_walk_checker_sees_a_climb() -> None:
    calls = [
        ("amanat_cli.cli.commands.record", "amanat_cli.write.changes", "plan_record"),
        ("amanat_cli.read.store", "amanat_cli.write.edit", "verify"),  # a return trip
        ("amanat_cli.write.changes", "amanat_cli.render.labels", "label"),  # across
        ("amanat_cli.read.store", "amanat_cli.cli.terminal", "__call__"),  # the counter
    ]
    assert climbs(calls) == {
        ("amanat_cli.read.store", "amanat_cli.write.edit"),
        ("amanat_cli.write.changes", "amanat_cli.render.labels"),
    }
