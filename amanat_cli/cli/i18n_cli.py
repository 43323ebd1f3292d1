"""Make Click's and Typer's own words, and every command's --help, follow amanat's language.

Click 8 and Typer 0.25 translate their strings ("Usage:", "Missing argument",
"Show this message and exit.", the Rich panel titles) with the stdlib's *global*
gettext (`from gettext import gettext as _`), whose language comes from the
LANGUAGE/LC_*/LANG environment variables and whose domain is "messages".
We do not drive it through the environment: changing os.environ would leak into
child processes (git, the pager) and into tests that run in-process.  Nor do we
replace `gettext.gettext` itself, which every library in the process shares.
Instead `bind_toolkit` points the `_`/`ngettext` that those modules bound at
import at `amanat_cli.i18n`, whose catalogue chain ends in the `click` domain
(locale/<lang>/LC_MESSAGES/click.po); `typer.rich_utils`, which words the help
and is imported only to draw it, is imported first when a help is asked for.

This module and `toolkit` are all that names Click's and Typer's insides:
`tests/cli/test_toolkit_contract.py` checks what they rely on against the
installed versions, so an upgrade that moves a string or a module fails there
first.  Typer 0.26+ words its bundled Click's messages in code, not through
gettext, which is why the pin stays (README, "Decisions").

Typer reads a command's help from its docstring when the app is built, so
`translate_help` passes every docstring and option help through `_()` then;
tools/update_catalogs.py extracts those docstrings into the catalogue.
"""

from __future__ import annotations

import gettext
import importlib
import inspect
import sys
import weakref
from typing import TYPE_CHECKING, Any

from amanat_cli import i18n
from amanat_cli.cli import toolkit
from amanat_cli.i18n import N_

if TYPE_CHECKING:
    import typer

TOOLKIT_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
    "typer.core",
    "typer.rich_utils",
)
"""Click/Typer modules whose strings reach users (usage, help, errors); their msgids
make up the `click` catalogue.  All but `typer.rich_utils` are loaded with Typer."""

HELP_MODULE = "typer.rich_utils"
"""Draws the help; imported by Typer only when a help is shown."""

RICH_PANEL_STRINGS = {
    "DEPRECATED_STRING": "(deprecated) ",
    "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}
"""typer.rich_utils translates these once, when it is imported; we redo them on a switch."""

COMPLETION_HELP = (
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Install completion for the specified shell."),
    N_("Show completion for the specified shell, to copy it or customize the installation."),
)
"""typer.completion's option help: plain strings, not gettext calls, so we carry their msgids."""

_STDLIB_GETTEXT = gettext.gettext
_STDLIB_NGETTEXT = gettext.ngettext


def _retitle_rich_panels() -> None:
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is not None:
        for name, msgid in RICH_PANEL_STRINGS.items():
            setattr(rich_utils, name, i18n._(msgid))


def bind_toolkit(*, help_wanted: bool = False) -> None:
    """Route Click's and Typer's gettext calls through amanat's catalogue (idempotent).

    `help_wanted`: this run may print a help, so the module that draws it is
    loaded now and bound too (it words its panel titles when it is imported).
    """
    for name in TOOLKIT_MODULES:
        if name == HELP_MODULE and not help_wanted and name not in sys.modules:
            continue
        try:
            module = importlib.import_module(name)
        except ImportError:  # a Typer that bundles its own Click: nothing to bind there
            continue
        if getattr(module, "_", None) is _STDLIB_GETTEXT:
            module._ = i18n._  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is _STDLIB_NGETTEXT:
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]
    _retitle_rich_panels()
    i18n.on_language_change(_retitle_rich_panels)


_source_help: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
"""The English help of shared option objects, so a second build translates from the source."""


def _translate_param_help(info: Any) -> None:
    help_text = getattr(info, "help", None)
    if isinstance(help_text, str) and help_text:
        source = _source_help.setdefault(info, help_text)
        info.help = i18n._(source)


def _parameter_infos(callback: Any) -> list[Any]:
    """The typer.Option/typer.Argument objects a command shares with others, and its defaults.

    Annotations are strings here (`from __future__ import annotations`).  An inline
    `Annotated[..., typer.Option(help=_("..."))]` is evaluated afresh when Typer reads the
    signature, so its `_()` runs then, in the current language; only a bare name such as
    `RoadmapOption` points at an object built once at import, which may hold another language.
    Not evaluating the inline ones keeps this walk to a fraction of a millisecond.
    """
    parameter_info = toolkit.parameter_infos()
    found: list[Any] = []
    for parameter in inspect.signature(callback).parameters.values():
        annotation = parameter.annotation
        if isinstance(annotation, str):
            names = getattr(callback, "__globals__", {})
            annotation = names.get(annotation) if annotation.isidentifier() else None
        candidates = [parameter.default, *getattr(annotation, "__metadata__", ())]
        found.extend(c for c in candidates if isinstance(c, parameter_info))
    return found


def translate_help(app: typer.Typer) -> None:
    """Pass every command's help (its docstring when no help= is given) and option help through `_()`."""
    if i18n.current_language() == "en" and not _source_help:
        return  # English is the source and nothing was translated before: skip the walk
    infos: list[Any] = [app.info, app.registered_callback, *app.registered_commands]
    infos += app.registered_groups
    for info in infos:
        if info is None:
            continue
        callback = getattr(info, "callback", None)
        if not callable(callback):  # Typer's "not given" placeholder
            callback = None
        help_text = info.help if isinstance(info.help, str) else None
        if help_text is None and callback is not None:
            help_text = inspect.getdoc(callback)
        if help_text:
            info.help = i18n._(help_text)
        if callback is not None:
            for parameter_info in _parameter_infos(callback):
                _translate_param_help(parameter_info)
    for placeholder in toolkit.completion_placeholders():
        for parameter_info in _parameter_infos(placeholder):
            _translate_param_help(parameter_info)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            translate_help(group.typer_instance)
