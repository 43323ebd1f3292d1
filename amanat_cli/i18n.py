"""Translations: the one door every user-facing string goes through.

English is the source language; Russian (ru) and Kazakh (kk) catalogues live in
`amanat_cli/locale/<lang>/LC_MESSAGES/amanat.po` and are compiled to `.mo`
(`python tools/update_catalogs.py` extracts, updates and compiles them).
Use `_("text {name}").format(name=...)` for messages, `ngettext` for counts,
and `N_` to mark a string for extraction where it is translated later.

A second domain, `click`, holds Click's and Typer's own strings ("Usage:",
"Missing argument", panel titles); it is chained behind `amanat`, so `_` answers
for both (see `i18n_cli.bind_toolkit`).  This module is core: stdlib only.
"""

from __future__ import annotations

import gettext as _gettext
import locale
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DOMAIN = "amanat"
TOOLKIT_DOMAIN = "click"
"""Click's and Typer's own msgids, translated by us (Click ships no catalogues)."""
LOCALE_DIR = Path(__file__).parent / "locale"

NBSP = "\u00a0"
"""CLDR's group separator for ru and kk (and the space of "41 %" in ru)."""
NNBSP = "\u202f"
"""CLDR's narrow no-break space: "2025 г.", "2025 ж."."""


@dataclass(frozen=True, slots=True)
class Language:
    """One interface language: all amanat knows of it besides its catalogues.

    A new language is one entry in `LANGUAGE_TABLE` and its catalogues in
    `locale/<code>/LC_MESSAGES/` (`tools/update_catalogs.py` makes them);
    tests/test_i18n.py checks each entry's formats against CLDR (Babel) and
    that its catalogues are there and complete.
    """

    code: str
    """ISO 639-1, as `--lang` and the catalogue folder name it."""
    name: str
    """The English name, as Windows spells its locales (`Russian_Russia.1251`)."""
    plural_forms: tuple[int, str]
    """The catalogue header's `nplurals` and `plural` expression."""
    decimal_mark: str
    group_separator: str
    """Between groups of three digits ("" for none)."""
    percent: str
    """`{}` is the number: "{}%", "{}\u00a0%"."""
    months: tuple[str, ...]
    """Month names as a long date uses them (genitive in Russian); empty: ISO dates."""
    long_date: str
    """A date in prose: `{day}`, `{month}` (a name of `months`), `{year}`."""
    short_date: str
    """A date in a table column: `{day:02d}`, `{month:02d}`, `{year:04d}`."""


ISO_DATE = "{year:04d}-{month:02d}-{day:02d}"

LANGUAGE_TABLE: tuple[Language, ...] = (
    Language(
        "en", "English", (2, "(n != 1)"), ".", "", "{}%", (), ISO_DATE, ISO_DATE,
    ),  # English keeps ISO dates and ungrouped numbers: output as it always was (localefmt)
    Language(
        "ru", "Russian",
        (3, "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"),
        ",", NBSP, "{}" + NBSP + "%",
        ("января", "февраля", "марта", "апреля", "мая", "июня",
         "июля", "августа", "сентября", "октября", "ноября", "декабря"),
        "{day} {month} {year}" + NNBSP + "г.", "{day:02d}.{month:02d}.{year:04d}",
    ),
    Language(
        "kk", "Kazakh", (2, "(n!=1)"), ",", NBSP, "{}%",
        ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
         "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"),
        # A four-digit year in tables, unlike CLDR's "30.06.25": two-digit years are
        # ambiguous across a 2023-2027 programme.
        "{year}" + NNBSP + "ж. {day} {month}", "{day:02d}.{month:02d}.{year:04d}",
    ),
)  # fmt: skip
"""The registry of interface languages; English (the source) first."""

LANGUAGE_OF = {language.code: language for language in LANGUAGE_TABLE}
LANGUAGES = tuple(LANGUAGE_OF)
"""The language codes, English first: ("en", "ru", "kk")."""

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_current = "en"
_listeners: list[Callable[[], None]] = []


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count (Russian has three forms)."""
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it now."""
    return message


def current_language() -> str:
    """The language in use: en, ru or kk."""
    return _current


def normalize_language(value: str) -> str:
    """`ru_RU.UTF-8`, `RU`, `kk-KZ` -> `ru`, `ru`, `kk`; anything else lower-cased as given."""
    code = value.strip().split(":")[0].split(".")[0].split("@")[0].replace("-", "_").lower()
    base = code.split("_")[0]
    return base if base in LANGUAGES else code


def language_from_environment(environ: dict[str, str] | None = None) -> str | None:
    """`AMANAT_LANG`, else the system locale (LANG=ru_RU.UTF-8 -> ru), else None."""
    env = os.environ if environ is None else environ
    explicit = env.get("AMANAT_LANG", "").strip()
    if explicit:
        return explicit
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "").strip()
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return language_of_locale_name(value.split(":")[0])
    if environ is None and os.name == "nt":  # Windows has no LANG; ask the OS
        return language_of_locale_name(_windows_locale_name())
    return None


_WINDOWS_LANGUAGE_NAMES = {language.name.lower(): language.code for language in LANGUAGE_TABLE}


def language_of_locale_name(name: str | None) -> str | None:
    """`ru_RU`, `kk-KZ`, and Windows' `Russian_Russia.1251`, `Kazakh_Kazakhstan` -> ru, kk."""
    if not name:
        return None
    base = normalize_language(name).split("_")[0]
    return _WINDOWS_LANGUAGE_NAMES.get(base, base)


def _windows_locale_name() -> str | None:
    """The Windows display language (`ru_RU`), else the C runtime's locale (`Russian_Russia`)."""
    import ctypes

    try:  # the UI language is what the user reads; the C locale follows regional formats
        windll = getattr(ctypes, "windll")  # noqa: B009 - only on Windows; mypy checks as Linux
        language_id = windll.kernel32.GetUserDefaultUILanguage()
        name = locale.windows_locale.get(language_id)
    except (AttributeError, OSError):
        name = None
    return name or locale.getlocale()[0]


def set_language(language: str) -> None:
    """Switch every later `_()` call to `language` (en, ru or kk)."""
    global _translations, _current
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; choose from {LANGUAGES}")
    if language == "en":
        _translations = _gettext.NullTranslations()
    else:
        # `translation` caches the parsed .mo and returns a copy, so chaining is cheap and safe.
        _translations = _gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
        )
        _translations.add_fallback(
            _gettext.translation(
                TOOLKIT_DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
            )
        )
    _current = language
    for listener in _listeners:
        listener()


def on_language_change(listener: Callable[[], None]) -> None:
    """Call `listener` after every `set_language` (strings frozen at import need redoing)."""
    if listener not in _listeners:
        _listeners.append(listener)
