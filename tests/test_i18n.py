"""Translations: complete catalogues, shipped .mo files, Click's own strings, locale formats."""

from __future__ import annotations

import ast
import gettext
import io
import re
import string
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from amanat_cli import i18n
from amanat_cli.cli.terminal import set_language_early
from amanat_cli.i18n import (
    DOMAIN,
    LANGUAGE_TABLE,
    LANGUAGES,
    LOCALE_DIR,
    TOOLKIT_DOMAIN,
    _,
    ngettext,
    set_language,
)
from amanat_cli.render import localefmt
from tests.conftest import REPO, SAMPLE

PACKAGE = REPO / "amanat_cli"
sys.path.insert(0, str(REPO / "tools"))
import update_catalogs  # noqa: E402

LANGS = LANGUAGES[1:]  # every translated language of the registry
DOMAINS = (DOMAIN, TOOLKIT_DOMAIN)
CATALOGUES = [(lang, domain) for lang in LANGS for domain in DOMAINS]


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=language)


def messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


# --- the catalogues ------------------------------------------------------------------


SAME_IN_TRANSLATION = {
    "ID",
    "id",
    "'period'",
    "'settings'",
    "'{value}'",
    "git: {reason}",
    "{item}: {old} → {new}",
}
"""msgids whose translation is rightly the same text: YAML keys, program names, "ID"."""


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_every_message_is_translated(language: str, domain: str) -> None:
    catalog = read_catalog(update_catalogs.po_path(language, domain), language)
    problems = []
    for message in messages(catalog):
        forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy or not all(forms):
            problems.append(f"untranslated or fuzzy: {message.id!r}")
        elif forms[0] == message.id and message.id not in SAME_IN_TRANSLATION:
            problems.append(f"left in English: {message.id!r}")
        if isinstance(message.id, tuple | list) and len(forms) != catalog.num_plurals:
            problems.append(
                f"{len(forms)} plural forms, need {catalog.num_plurals}: {message.id!r}"
            )
    assert problems == []


_PERCENT_FIELD = re.compile(r"%\(\w+\)[sdr]")


def placeholders(text: str) -> set[str]:
    """`{name}`, `{value!r}`, `{}` and `%(prog)s` fields of a message."""
    fields = {
        f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }
    return fields | set(_PERCENT_FIELD.findall(text))


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_translations_keep_the_placeholders(language: str, domain: str) -> None:
    catalog = read_catalog(update_catalogs.po_path(language, domain), language)
    problems = []
    for message in messages(catalog):
        if isinstance(message.id, str):
            if message.string and placeholders(message.string) != placeholders(message.id):
                problems.append((message.id, message.string))
            continue
        # Plurals: each form may use the fields of either English form (ru's "one" form
        # also serves 21, so it may need the plural's {n}); the last form is the plural's.
        singular, plural = message.id
        allowed = placeholders(singular) | placeholders(plural)
        forms = list(message.string)
        if any(not placeholders(form) <= allowed for form in forms) or (
            forms[-1] and placeholders(forms[-1]) != placeholders(plural)
        ):
            problems.append((message.id, message.string))
    assert problems == []


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_shipped_mo_matches_its_po(language: str, domain: str) -> None:
    po = update_catalogs.po_path(language, domain)
    shipped = gettext.GNUTranslations(io.BytesIO(po.with_suffix(".mo").read_bytes()))
    fresh = gettext.GNUTranslations(io.BytesIO(update_catalogs.compiled(read_catalog(po))))
    assert shipped._catalog == fresh._catalog  # type: ignore[attr-defined]


def _msgids(catalog: Catalog) -> set[Any]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in messages(catalog)}


@pytest.mark.parametrize(
    ("domain", "extract"),
    [(DOMAIN, update_catalogs.extract_amanat), (TOOLKIT_DOMAIN, update_catalogs.extract_toolkit)],
)
def test_templates_hold_every_message_in_the_code(
    domain: str, extract: Callable[[], Catalog]
) -> None:
    in_code = _msgids(extract())
    assert _msgids(read_catalog(LOCALE_DIR / f"{domain}.pot")) == in_code, (
        "run: python tools/update_catalogs.py"
    )
    for language in LANGS:
        assert _msgids(read_catalog(update_catalogs.po_path(language, domain))) == in_code


def test_plural_forms_headers() -> None:
    ru = read_catalog(update_catalogs.po_path("ru", DOMAIN))
    kk = read_catalog(update_catalogs.po_path("kk", DOMAIN))
    assert ru.plural_forms == (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    )
    assert kk.plural_forms == "nplurals=2; plural=(n!=1);"


# --- plurals, through the shipped catalogues ---------------------------------------------


def test_russian_plural_forms() -> None:
    set_language("ru")
    forms = {n: ngettext("{n} error", "{n} errors", n).format(n=n) for n in (1, 2, 5, 11, 21, 22)}
    assert forms == {
        1: "1 ошибка",
        2: "2 ошибки",
        5: "5 ошибок",
        11: "11 ошибок",
        21: "21 ошибка",
        22: "22 ошибки",
    }
    # The header's rule itself, for the brief's own example word.
    pick = gettext.c2py(read_catalog(update_catalogs.po_path("ru", DOMAIN)).plural_expr)
    word = ("пункт", "пункта", "пунктов")
    said = [f"{n} {word[pick(n)]}" for n in (1, 2, 5, 11, 21, 22, 111, 104)]
    assert said == [
        "1 пункт",
        "2 пункта",
        "5 пунктов",
        "11 пунктов",
        "21 пункт",
        "22 пункта",
        "111 пунктов",
        "104 пункта",
    ]


def test_kazakh_plural_forms() -> None:
    set_language("kk")
    forms = [ngettext("{n} error", "{n} errors", n).format(n=n) for n in (0, 1, 2, 5, 21)]
    assert forms == ["0 қате", "1 қате", "2 қате", "5 қате", "21 қате"]
    pick = gettext.c2py(read_catalog(update_catalogs.po_path("kk", DOMAIN)).plural_expr)
    assert [pick(n) for n in (0, 1, 2, 11, 21)] == [1, 0, 1, 1, 1]


def test_english_is_the_source() -> None:
    set_language("en")
    assert ngettext("{n} error", "{n} errors", 1) == "{n} error"
    assert ngettext("{n} error", "{n} errors", 2) == "{n} errors"
    assert _("Usage:") == "Usage:"


# --- dates and numbers -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGS)
def test_long_dates_match_cldr_for_every_month(language: str) -> None:
    from babel.dates import format_date

    for day in [date(2025, month, 1 + month) for month in range(1, 13)] + [date(2023, 2, 7)]:
        expected = format_date(day, format="long", locale=language)
        assert localefmt.format_date(day, language=language) == expected


def test_dates_as_people_write_them() -> None:
    day = date(2025, 6, 30)
    assert localefmt.format_date(day, language="ru") == "30 июня 2025\u202fг."
    assert localefmt.format_date(day, language="kk") == "2025\u202fж. 30 маусым"
    assert localefmt.format_date(day, language="en") == "2025-06-30"
    assert localefmt.format_date(date(2024, 1, 5), short=True, language="ru") == "05.01.2024"
    assert localefmt.format_date(date(2024, 1, 5), short=True, language="kk") == "05.01.2024"
    assert localefmt.format_date(date(2024, 1, 5), short=True, language="en") == "2024-01-05"
    set_language("kk")
    assert localefmt.format_date(date(2023, 2, 7)) == "2023\u202fж. 7 ақпан"


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize(
    ("value", "decimals"), [(0, 0), (7, 1), (1234, 0), (1234567.25, 1), (-2500.5, 1), (12.5, 2)]
)
def test_numbers_match_cldr(language: str, value: float, decimals: int) -> None:
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    expected = format_decimal(value, format=pattern, locale=language)
    assert localefmt.format_number(value, decimals, language=language) == expected


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fraction", [0.0, 0.05, 0.41, 1.0, 1.25])
def test_percentages_match_cldr(language: str, fraction: float) -> None:
    from babel.numbers import format_percent

    assert localefmt.format_percent(fraction, language=language) == format_percent(
        fraction, locale=language
    )


def test_english_numbers_stay_plain() -> None:
    assert localefmt.format_number(1234567.25, 1, language="en") == "1234567.2"
    assert localefmt.format_number(97000, language="en") == "97000"


def test_trimmed_numbers() -> None:
    assert localefmt.format_number(12.5, 2, trim=True, language="ru") == "12,5"
    assert localefmt.format_number(12.0, 2, trim=True, language="kk") == "12"
    assert localefmt.format_number(1200, 2, trim=True, language="ru") == "1\u00a0200"
    assert localefmt.format_number(2.675, 2, trim=True, language="en") == f"{2.675:.2f}"
    assert localefmt.format_number(-0.001, 2, trim=True, language="en") == "0"


def test_percentages_and_numbers_by_hand() -> None:
    assert localefmt.format_percent(0.41, language="ru") == "41\u00a0%"
    assert localefmt.format_percent(0.41, language="kk") == "41%"
    assert localefmt.format_percent(0.4125, 1, language="ru") == "41,2\u00a0%"
    assert localefmt.format_number(1234567.5, 1, language="kk") == "1\u00a0234\u00a0567,5"
    assert localefmt.format_number(-0.01, 1, language="ru") == "0,0"
    # Same rounding as Python's own "%" format, so every language shows the same figure.
    assert localefmt.format_percent(0.285, language="ru") == f"{0.285:.0%}".replace("%", "\u00a0%")


# --- choosing the language -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["status", "--lang", "kk"], {"AMANAT_LANG": "ru", "LANG": "ru_RU.UTF-8"}, "kk"),
        (["status", "--lang=ru"], {"AMANAT_LANG": "kk"}, "ru"),
        (["status"], {"AMANAT_LANG": "kk", "LANG": "ru_RU.UTF-8"}, "kk"),
        (["status"], {"LANG": "ru_RU.UTF-8"}, "ru"),
        (["status"], {"LANG": "kk_KZ.UTF-8"}, "kk"),
        (["status"], {"LANG": "de_DE.UTF-8"}, "en"),
        (["status"], {"LANG": "C.UTF-8"}, "en"),
        (["status"], {"LC_ALL": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "ru"),
        (["status", "--lang", "RU"], {}, "ru"),
        (["status", "--lang", "ru_RU"], {}, "ru"),
        (["status", "--", "--lang", "ru"], {}, "en"),
    ],
)
def test_language_choice_order(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    env: dict[str, str],
    expected: str,
) -> None:
    monkeypatch.delenv("AMANAT_LANG", raising=False)
    monkeypatch.delenv("LANG", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    set_language_early(argv)
    assert i18n.current_language() == expected
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("argv", "env"), [(["status", "--lang", "xx"], {}), (["status"], {"AMANAT_LANG": "fr"})]
)
def test_unknown_language_warns_and_uses_english(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    env: dict[str, str],
) -> None:
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    monkeypatch.delenv("AMANAT_LANG", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    set_language_early(argv)
    assert i18n.current_language() == "en"
    err = capsys.readouterr().err
    assert err.startswith("amanat: warning: unknown language '")
    assert "choose from: en, ru, kk" in err


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ru_RU", "ru"),
        ("kk-KZ", "kk"),
        ("ru_KZ.UTF-8", "ru"),
        ("Russian_Russia.1251", "ru"),  # what Windows' C runtime reports
        ("Kazakh_Kazakhstan.1251", "kk"),
        ("English_United States.1252", "en"),
        ("de_DE", "de"),
        ("", None),
    ],
)
def test_locale_names_to_languages(name: str, expected: str | None) -> None:
    assert i18n.language_of_locale_name(name) == expected


def test_set_language_refuses_what_it_cannot_speak() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        set_language("de")


# --- Click's and Typer's own strings, and --help -----------------------------------------


def run_amanat(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A fresh process: help strings are built once per process, as in real use."""
    environment = {
        "PATH": "/usr/bin:/bin",
        "COLUMNS": "100",
        "TTY_COMPATIBLE": "0",
        "_TYPER_FORCE_DISABLE_TERMINAL": "1",
        "LANG": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "amanat_cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=REPO,
        check=False,
    )


def test_help_in_russian() -> None:
    result = run_amanat("--lang", "ru", "--help")
    assert result.returncode == 0, result.stderr
    assert "Использование: amanat" in result.stdout
    assert "Показать эту справку и выйти." in result.stdout
    assert "─ Опции " in result.stdout and "─ Команды " in result.stdout
    set_language("ru")
    assert _("Interface language. Default: $AMANAT_LANG, else the system locale, else English.")[
        :10
    ] in " ".join(result.stdout.split())


def test_command_help_in_kazakh_from_the_environment() -> None:
    from amanat_cli.cli.app import build_app

    app = build_app()
    check = next(
        c for c in app.registered_commands if c.callback and c.callback.__name__ == "check"
    )
    assert check.callback is not None and check.callback.__doc__ is not None
    set_language("kk")
    first_line = _(__import__("inspect").getdoc(check.callback)).splitlines()[0]
    result = run_amanat("check", "--help", env={"AMANAT_LANG": "kk"})
    assert result.returncode == 0, result.stderr
    assert "Қолданылуы: amanat check" in result.stdout
    assert first_line.split()[0] in result.stdout


def test_click_error_in_russian() -> None:
    result = run_amanat("status", "--no-such-flag", "--lang", "ru")
    assert result.returncode == 2
    # One line (cli._one_line_usage_error), Click's words and hint in Russian.
    assert result.stderr == (
        "amanat status: Нет такой опции: '--no-such-flag'. (Справка: 'amanat status --help'.)\n"
    )


def test_unknown_command_suggestion_in_russian(run_cli: Callable[..., Any]) -> None:
    result = run_cli("statu", "--lang", "ru")
    assert result.exit_code == 2
    assert "Нет такой команды: 'statu'." in result.stderr
    assert "'status'" in result.stderr and "вы имели в виду" in result.stderr
    assert "Did you mean" not in result.stderr


def test_click_error_in_process_follows_a_switch(run_cli: Callable[..., Any]) -> None:
    """In one process (the test runner) a later language switch changes Click's words."""
    english = run_cli("check", "--no-such-flag")
    assert "No such option" in english.stderr
    kazakh = run_cli("check", "--no-such-flag", "--lang", "kk")
    assert kazakh.exit_code == 2
    assert "Мұндай опция жоқ: '--no-such-flag'." in kazakh.stderr
    assert "(Анықтама: 'amanat check --help'.)" in kazakh.stderr
    russian = run_cli("check", "--format", "xml", "--lang", "ru")
    assert "Недопустимое значение" in russian.stderr


def test_every_command_accepts_lang() -> None:
    import typer.main

    from amanat_cli.cli.app import build_app

    def leaves(command: Any, path: str) -> Iterator[tuple[str, Any]]:
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            yield path, command
        for name, sub in (subcommands or {}).items():
            yield from leaves(sub, f"{path} {name}")

    group = typer.main.get_command(build_app())
    lacking = [
        path
        for path, command in leaves(group, "amanat")
        if not any("--lang" in param.opts for param in command.params)
    ]
    assert lacking == []
    assert any("--lang" in param.opts for param in group.params)  # amanat --lang ru --help


# --- no user-facing string bypasses _() -----------------------------------------------------

_OUTPUT_FUNCTIONS = {"print", "echo", "secho", "write", "fail", "warn", "UserError"}
_OUTPUT_FUNCTIONS |= {  # the core's refusals carry the line `amanat:` prints
    name
    for name, value in vars(__import__("amanat_cli.errors").errors).items()
    if isinstance(value, type) and issubclass(value, Exception)
}
_OUTPUT_FUNCTIONS |= {"BadParameter", "UsageError", "Exit", "Text", "add_column", "Panel"}
_HELP_KEYWORDS = {"help", "title", "caption", "header", "message", "prompt"}
_TRANSLATORS = {"_", "ngettext", "N_"}

ALLOWED_LITERALS = {
    "amanat: ",  # the program name before every message
    "amanat ",  # `amanat --version`
    "N",  # a number column's one-letter header (feedback list), read as a symbol like "#"
}
"""Literal text that is rightly never translated (program name, symbols)."""
_OPTION_PREFIX = re.compile(r"--[a-z][a-z-]*: ?")
"""`--date: ` before a message: flag names stay English."""


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _bare_text(node: ast.expr) -> Iterator[str]:
    """Literal text with letters in `node` that is not inside `_()`/`ngettext()`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if re.search(r"[^\W\d_]", node.value):
            yield node.value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            yield from _bare_text(part)
    elif isinstance(node, ast.BinOp):
        yield from _bare_text(node.left)
        yield from _bare_text(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _bare_text(node.body)
        yield from _bare_text(node.orelse)
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"  # "text {x}".format(...); _("text").format is fine
    ):
        yield from _bare_text(node.func.value)


def untranslated_output(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of literal user-facing text handed to an output call unwrapped."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name == "write" and not (
            isinstance(node.func, ast.Attribute) and "std" in ast.unparse(node.func.value)
        ):
            continue  # file.write(data): data, not a message
        arguments: list[ast.expr] = []
        if name in _OUTPUT_FUNCTIONS:
            arguments += node.args[:1]
        arguments += [k.value for k in node.keywords if k.arg in _HELP_KEYWORDS]
        for argument in arguments:
            for text in _bare_text(argument):
                if text not in ALLOWED_LITERALS and not _OPTION_PREFIX.fullmatch(text):
                    yield node.lineno, text


def test_untranslated_output_finder_finds() -> None:
    source = (
        'sys.stderr.write("amanat: " + "bad thing\\n")\n'
        'typer.Option("--x", help="Do it")\n'
        'console.print(f"Total: {n}")\n'
        'fail("no {x}".format(x=1))\n'
        'fail(_("no {x}").format(x=1))\n'
        'sys.stdout.write(json.dumps({"key": 1}) + "\\n")\n'
        'out.write("data")\n'
    )
    assert [line for line, _text in untranslated_output(source)] == [1, 2, 3, 4]


def test_no_user_facing_string_bypasses_translation() -> None:
    found = [
        f"{path.relative_to(REPO)}:{line}: {text!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, text in untranslated_output(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def misused_translations(source: str) -> Iterator[tuple[int, str]]:
    """`_(f"...")`, `_("..." .format(...))`, `_("a" + x)`: text no catalogue can hold."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) in _TRANSLATORS:
            for argument in node.args:
                formatted = isinstance(argument, ast.Call) and _name(argument.func) == "format"
                if isinstance(argument, ast.JoinedStr | ast.BinOp) or formatted:
                    yield node.lineno, ast.unparse(argument)[:60]


def test_misused_translation_finder_finds() -> None:
    source = '_(f"a {b}")\n_("a {b}".format(b=1))\n_("a" + b)\n_("a {b}").format(b=1)\n_(LABEL)\n'
    assert [line for line, _text in misused_translations(source)] == [1, 2, 3]


def test_translated_text_is_a_literal() -> None:
    found = [
        f"{path.relative_to(REPO)}:{line}: {text}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, text in misused_translations(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_command_docstrings_are_in_the_catalogue() -> None:
    """Typer turns docstrings into --help; translate_help looks each one up."""
    template = read_catalog(LOCALE_DIR / f"{DOMAIN}.pot")
    docs = [
        doc
        for path in sorted((PACKAGE / "cli" / "commands").glob("*.py"))
        for _line, doc in update_catalogs.command_docstrings(path.read_text(encoding="utf-8"))
    ]
    assert len(docs) >= 10
    assert [doc for doc in docs if doc not in template] == []


# --- golden files: the sample roadmap in Russian and Kazakh --------------------------------


@pytest.mark.parametrize("language", LANGS)
def test_status_table_golden(run_cli: Callable[..., Any], golden: Any, language: str) -> None:
    result = run_cli(
        "status", str(SAMPLE), "--format", "table", "--as-of", "2025-06-30", "--lang", language
    )
    assert result.exit_code == 0, result.stderr
    golden.check(f"i18n/status-{language}.txt", result.stdout)


@pytest.mark.parametrize("language", LANGS)
def test_export_md_golden(run_cli: Callable[..., Any], golden: Any, language: str) -> None:
    result = run_cli(
        "export", str(SAMPLE), "--format", "md", "--as-of", "2025-06-30", "--lang", language
    )
    assert result.exit_code == 0, result.stderr
    golden.check(f"i18n/export-{language}.md", result.stdout)


def test_english_help_after_a_russian_build_in_the_same_process() -> None:
    """Shared option objects are translated in place; a later English build restores them."""
    from amanat_cli.cli.app import build_app
    from amanat_cli.cli.options import RoadmapOption

    option = next(m for m in RoadmapOption.__metadata__ if hasattr(m, "help"))
    set_language("ru")
    build_app()
    assert option.help.startswith("Файл дорожной карты")
    set_language("en")
    build_app()
    assert option.help.startswith("Roadmap file")


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--format", "tsv", "--indicators"),
        ("status", "--format", "csv"),
        ("status", "--format", "json"),
        ("members", "--format", "tsv"),
        ("members", "--format", "json"),
        ("feedback", "list", "--format", "tsv"),
        ("feedback", "list", "--format", "json"),
    ],
)
def test_machine_formats_do_not_depend_on_the_language(
    run_cli: Callable[..., Any], args: tuple[str, ...]
) -> None:
    """Keys, codes, numbers and dates stay as in English (prose messages may be translated)."""
    as_of = ("--as-of", "2025-06-30") if args[0] != "feedback" else ()  # it dates figures
    outputs = {
        language: run_cli(*args, "-r", str(SAMPLE), *as_of, "--lang", language)
        for language in ("en", *LANGS)
    }
    assert outputs["en"].exit_code == 0, outputs["en"].stderr
    assert outputs["en"].stdout
    assert outputs["ru"].stdout == outputs["en"].stdout
    assert outputs["kk"].stdout == outputs["en"].stdout


# --- the language registry -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGE_TABLE, ids=lambda language: language.code)
def test_each_language_of_the_registry_is_complete(language: Any) -> None:
    """A language is its table entry plus its catalogues; anything missing fails here."""
    from babel import Locale

    locale = Locale.parse(language.code)
    assert locale.english_name == language.name
    assert len(language.months) in (0, 12)
    if language.code == "en":
        return  # the source language: no catalogue
    for domain in DOMAINS:
        assert (LOCALE_DIR / language.code / "LC_MESSAGES" / f"{domain}.po").is_file()
        assert (LOCALE_DIR / language.code / "LC_MESSAGES" / f"{domain}.mo").is_file()
    with (LOCALE_DIR / language.code / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as stream:
        catalog = read_po(stream)
    assert (catalog.num_plurals, catalog.plural_expr) == language.plural_forms
    assert language.decimal_mark == locale.number_symbols["latn"]["decimal"]
    assert language.group_separator == locale.number_symbols["latn"]["group"]
    set_language(language.code)
    assert i18n.current_language() == language.code


def test_no_module_lists_the_languages_itself() -> None:
    """Language codes appear in i18n.py's table alone (a fourth language is one entry)."""
    listed = re.compile(r"""["'](ru|kk)["']""")
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "amanat_cli").rglob("*.py"))
        if path.name != "i18n.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if listed.search(line)
    ]
    assert offenders == []
    assert i18n.language_of_locale_name("Kazakh_Kazakhstan.1251") == "kk"
