"""Options honestly: every declared parameter is used, --as-of only where it changes the result."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import typer

from amanat_cli.cli.app import build_app
from tests.conftest import SAMPLE

Run = Callable[..., Any]


def callbacks(app: typer.Typer) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every function Typer calls for the app: commands, groups' callbacks, the root callback."""
    infos: list[Any] = [app.registered_callback, *app.registered_commands]
    for info in infos:
        if info is not None and callable(info.callback):
            yield info.callback.__name__, info.callback
    for group in app.registered_groups:
        assert group.typer_instance is not None
        yield from callbacks(group.typer_instance)


def unused_parameters(function: Callable[..., Any]) -> list[str]:
    """The parameters of `function` that its body never reads."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    definition = tree.body[0]
    assert isinstance(definition, ast.FunctionDef)
    read = {
        node.id
        for statement in definition.body
        for node in ast.walk(statement)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }
    return [name for name in inspect.signature(function).parameters if name not in read]


def test_no_command_declares_a_parameter_it_ignores() -> None:
    found = list(callbacks(build_app()))
    assert len(found) == 27  # 24 commands, the feedback and member groups and the root
    ignored = {name: unused for name, f in found if (unused := unused_parameters(f))}
    assert ignored == {}


def test_the_finder_finds_an_ignored_parameter() -> None:
    def command(used: int, ignored: str) -> int:
        return used

    assert unused_parameters(command) == ["ignored"]


AS_OF_CHANGES_THE_RESULT = {"check", "status", "show", "explain", "members", "export",
                            "set-status", "init"}  # fmt: skip


def test_as_of_is_visible_exactly_where_it_changes_the_result() -> None:
    group = typer.main.get_command(build_app())
    shown: set[str] = set()
    leaves = 0
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for path, leaf in (
            [(f"{name} {sub}", c) for sub, c in command.commands.items()]
            if hasattr(command, "commands")
            else [(name, command)]
        ):
            leaves += 1
            as_of = [p for p in leaf.params if "--as-of" in p.opts]
            assert len(as_of) == 1, path  # accepted everywhere (CLI.md) ...
            if not as_of[0].hidden:
                shown.add(path)
            for common in ("--color", "--lang"):
                assert any(common in p.opts for p in leaf.params), (path, common)
    assert leaves == 24
    assert shown == AS_OF_CHANGES_THE_RESULT  # ... and listed in --help only where it works


@pytest.mark.parametrize(
    "args",
    [
        ("record", "health-ambulance-time", "14", "--date", "2025-06-30"),
        ("assign", "water", "ospanov-b"),
        ("unassign", "water"),
        ("feedback", "add", "health-polyclinics", "--tone", "neutral", "--text", "x"),
        ("feedback", "resolve", "health-polyclinics", "1"),
        ("feedback", "list"),
        ("undo",),
        ("diff", "git:HEAD"),
        ("schema",),
        ("unrecord", "health-ambulance-time", "--date", "2024-06-30"),
        ("set-as-of", "2025-06-30"),
        ("member", "remove", "ospanov-b"),
        ("sync",),
    ],
)
def test_as_of_where_it_changes_nothing_is_refused(run_cli: Run, args: tuple[str, ...]) -> None:
    roadmap = ("-r", str(SAMPLE)) if args[0] not in ("schema", "sync") else ()
    result = run_cli(*args, "--as-of", "2025-01-01", *roadmap)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("amanat: --as-of does not apply to `amanat ")


def test_as_of_changes_what_status_shows(run_cli: Run) -> None:
    june = run_cli("status", "--format", "json", "--as-of", "2025-06-30", str(SAMPLE))
    early = run_cli("status", "--format", "json", "--as-of", "2023-05-01", str(SAMPLE))
    assert (june.exit_code, early.exit_code) == (0, 0)
    assert june.stdout != early.stdout
    assert '"as_of": "2023-05-01"' in early.stdout


def test_color_reaches_the_commands_that_colour(run_cli: Run) -> None:
    plain = run_cli("status", "--section", "health", "--format", "table", str(SAMPLE))
    coloured = run_cli(
        "status", "--section", "health", "--format", "table", "--color", "always", str(SAMPLE)
    )
    assert "\x1b[" not in plain.stdout and "\x1b[" in coloured.stdout
    refused = run_cli("status", "--color", "sometimes", str(SAMPLE))
    assert refused.exit_code == 2 and "--color" in refused.stderr


def test_lang_is_accepted_after_any_command_and_group(run_cli: Run) -> None:
    assert run_cli("schema", "--lang", "ru").exit_code == 0
    listed = run_cli("feedback", "--lang", "kk", "list", "-r", str(SAMPLE), "--format", "json")
    assert listed.exit_code == 0
