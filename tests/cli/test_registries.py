"""Each extension point is one registry; everything else is derived from it or checked here."""

from __future__ import annotations

import re
from typing import Any

import typer

from amanat_cli.cli import toolkit
from amanat_cli.cli.app import COMMAND_MODULES, COMMANDS, build_app
from tests.conftest import REPO

COMMANDS_FOLDER = REPO / "amanat_cli" / "cli" / "commands"


def test_every_command_module_is_in_the_registry_and_nothing_else() -> None:
    modules = {p.stem for p in COMMANDS_FOLDER.glob("*.py") if not p.stem.startswith("_")}
    assert modules == set(COMMAND_MODULES)


def test_each_module_registers_exactly_the_words_the_registry_gives_it() -> None:
    for module in COMMAND_MODULES:
        app = build_app(module)
        words = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
        words += [g.name for g in app.registered_groups if g.name]
        assert sorted(words) == sorted(w for w, m in COMMANDS.items() if m == module), module


def test_help_lists_the_commands_in_the_registrys_order() -> None:
    group: Any = typer.main.get_command(build_app())
    assert group.list_commands(toolkit.Context(group)) == list(COMMANDS)


def test_the_readme_names_every_command() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    words = [re.match(r"\| `([a-z-]+)", line) for line in section.splitlines()]
    named = list(dict.fromkeys(w.group(1) for w in words if w))  # `member add`, `… edit`
    assert named == list(COMMANDS)
