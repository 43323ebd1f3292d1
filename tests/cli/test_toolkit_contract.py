"""The contract between amanat and the Click and Typer it runs on (cli/toolkit.py, cli/i18n_cli.py).

What those two modules rely on, checked against the installed versions: an
upgrade of Typer or Click that moves a module, renames a panel constant or
stops wording its messages through gettext fails here, naming the one place to
change.  CI runs the fast tests against the newest Typer and Click as well.
"""

from __future__ import annotations

import gettext
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from amanat_cli.cli import i18n_cli, toolkit
from amanat_cli.i18n import set_language
from tests.conftest import REPO


def test_typer_runs_on_a_click_whose_words_go_through_gettext() -> None:
    """Typer 0.26+ bundles a Click that words its messages in code: no language could reach them."""
    assert toolkit.click.__name__ == "click", "Typer runs on a bundled Click: see README, Decisions"
    probe = (
        "import gettext, importlib, typer\n"
        f"names = {list(i18n_cli.TOOLKIT_MODULES)!r}\n"
        "modules = [importlib.import_module(n) for n in names]\n"
        "print(*[n for n, m in zip(names, modules) if m._ is not gettext.gettext])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert done.stdout.split() == []  # every module binds the stdlib's gettext: we re-bind it


def test_binding_leaves_the_stdlib_gettext_alone() -> None:
    stdlib = (gettext.gettext, gettext.ngettext)
    i18n_cli.bind_toolkit(help_wanted=True)
    assert (gettext.gettext, gettext.ngettext) == stdlib
    assert gettext.gettext.__module__ == "gettext"


def test_the_panel_titles_typer_words_at_import_are_still_there() -> None:
    import typer.rich_utils

    i18n_cli.bind_toolkit(help_wanted=True)
    for name, msgid in i18n_cli.RICH_PANEL_STRINGS.items():
        assert getattr(typer.rich_utils, name) == msgid, name  # English: the msgid itself
    set_language("kk")
    assert typer.rich_utils.OPTIONS_PANEL_TITLE == "Опциялар"
    set_language("en")
    assert typer.rich_utils.OPTIONS_PANEL_TITLE == "Options"


def test_the_names_taken_from_click_exist() -> None:
    assert issubclass(toolkit.UsageError, toolkit.ClickException)
    assert issubclass(toolkit.NoArgsIsHelpError, toolkit.UsageError)
    assert toolkit.Abort.__name__ == "Abort"
    assert toolkit.split_arg_string("status --section 'a b'") == ["status", "--section", "a b"]
    assert toolkit.current_context() is None  # outside a command
    assert len(toolkit.completion_placeholders()) == 2
    assert callable(toolkit.completion_installer())
    assert "zsh" in toolkit.completion_scripts()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ru", ["Отсутствует аргумент", "Нет такой опции", "Использование:"]),
        ("kk", ["Аргумент көрсетілмеген", "Мұндай опция жоқ", "Қолданылуы:"]),
    ],
)
def test_clicks_own_words_reach_the_user_translated(
    run_cli: Callable[..., Any], language: str, words: list[str]
) -> None:
    missing, no_option = words[0], words[1]
    assert missing in run_cli("show", "--lang", language).stderr
    assert no_option in run_cli("status", "--nope", "--lang", language).stderr
    assert words[2] in run_cli("status", "--help", "--lang", language).stdout
