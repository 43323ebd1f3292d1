"""Extract, update and compile amanat's translation catalogues (Babel, no config file).

    .venv/bin/python tools/update_catalogs.py          # extract + update ru/kk .po + compile .mo
    .venv/bin/python tools/update_catalogs.py --check  # exit 1 if anything is out of date

Two domains live in amanat_cli/locale/:
- `amanat`: every `_()`, `N_()`, `ngettext()` in amanat_cli, plus the docstrings of
  Typer commands (they become --help; i18n_cli.translate_help looks them up);
- `click`: the strings Click and Typer print themselves (usage, help, errors), extracted
  from the installed modules listed in i18n_cli.TOOLKIT_MODULES.

It does what these pybabel commands do, plus the docstring extractor:

    pybabel extract -k _ -k N_ -k ngettext:1,2 --no-location -o amanat_cli/locale/amanat.pot amanat_cli
    pybabel update -D amanat -i amanat_cli/locale/amanat.pot -d amanat_cli/locale   # or init -l ru
    pybabel compile -D amanat -d amanat_cli/locale

Translators edit the .po files; run this script again to compile them.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "amanat_cli"
LOCALE_DIR = PACKAGE / "locale"
sys.path.insert(0, str(REPO))

from amanat_cli import __version__  # noqa: E402
from amanat_cli.cli.i18n_cli import TOOLKIT_MODULES  # noqa: E402
from amanat_cli.i18n import DOMAIN, LANGUAGE_OF, LANGUAGES, TOOLKIT_DOMAIN  # noqa: E402

TRANSLATED = LANGUAGES[1:]
"""Every language of the registry (`i18n.LANGUAGE_TABLE`) but English, the source."""
KEYWORDS: dict[str, Any] = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
COMMENT_TAGS = ["TRANSLATORS:"]
DOCSTRING_COMMENT = "Command help (its docstring): keep command names, flags and the Example line."


def _is_command_decorator(node: ast.expr) -> bool:
    """`@app.command(...)`, `@app.callback()`: Typer turns the docstring into --help."""
    target = node.func if isinstance(node, ast.Call) else node
    return isinstance(target, ast.Attribute) and target.attr in ("command", "callback")


def command_docstrings(source: str) -> Iterator[tuple[int, str]]:
    """(line, docstring) of every function registered as a Typer command in `source`."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
            _is_command_decorator(d) for d in node.decorator_list
        ):
            doc = ast.get_docstring(node, clean=True)  # == inspect.getdoc at run time
            if doc:
                yield node.body[0].lineno, doc


def extract_amanat_python(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, Any, list[str]]]:
    """Babel extractor: the gettext calls of a module plus its command docstrings."""
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    for line, doc in command_docstrings(source.decode("utf-8")):
        yield line, None, doc, [DOCSTRING_COMMENT]


def _new_template(domain: str) -> Catalog:
    return Catalog(
        domain=domain,
        project="amanat-cli",
        version=__version__,
        msgid_bugs_address="",
        copyright_holder="amanat-cli contributors",
        charset="utf-8",
    )


def extract_amanat() -> Catalog:
    """The `amanat` template: every translatable string in the package."""
    template = _new_template(DOMAIN)
    found = extract_from_dir(
        PACKAGE,
        method_map=[("**.py", extract_amanat_python)],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        path = (PACKAGE / filename).relative_to(REPO).as_posix()
        template.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return template


def extract_toolkit() -> Catalog:
    """The `click` template: the strings the installed Click and Typer show users."""
    template = _new_template(TOOLKIT_DOMAIN)
    for name in TOOLKIT_MODULES:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, name
        for lineno, message, comments, context in extract_from_file(
            "python", spec.origin, keywords=KEYWORDS, comment_tags=COMMENT_TAGS
        ):
            path = name.replace(".", "/") + ".py"
            template.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return template


def po_path(language: str, domain: str) -> Path:
    """Where the `.po` of `domain` in `language` lives (the `.mo` sits next to it)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def _render_po(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=100,
        sort_output=True,  # by msgid: stable however the code moves
        ignore_obsolete=True,
        include_previous=True,
        include_lineno=False,  # file names only: others' edits do not churn the catalogues
        omit_header=False,
    )
    return buffer.getvalue()


def _without_dates(data: bytes) -> bytes:
    return b"\n".join(
        line
        for line in data.splitlines()
        if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))
    )


def _write_if_changed(path: Path, data: bytes, check: bool) -> bool:
    """Write `data` unless only the dates differ; True when the file was (or would be) changed."""
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(data):
        return False
    if not check:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return True


def updated_catalog(template: Catalog, language: str) -> Catalog:
    """The `.po` of `language` brought up to date with `template` (created when missing)."""
    path = po_path(language, template.domain)
    if path.exists():
        with path.open("rb") as stream:
            catalog = read_po(stream, locale=language, domain=template.domain)
    else:
        catalog = Catalog(locale=language, domain=template.domain, charset="utf-8")
        catalog.project, catalog.version = template.project, template.version
        catalog.copyright_holder = template.copyright_holder
        catalog.language_team = LANGUAGE_OF[language].name
        catalog.last_translator = "amanat-cli contributors"
        catalog.fuzzy = False  # a new header is fuzzy in Babel; ours is reviewed here
    # Babel's own ru rule is equivalent; the brief's spelling is the one translators know.
    catalog._num_plurals, catalog._plural_expr = LANGUAGE_OF[language].plural_forms
    catalog.update(template, update_creation_date=False)
    return catalog


def compiled(catalog: Catalog) -> bytes:
    """The `.mo` bytes of `catalog` (fuzzy entries left out, as gettext tools do)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    """Extract both domains, update the ru/kk catalogues, compile them; --check only reports."""
    check = "--check" in argv
    stale: list[Path] = []
    for template in (extract_amanat(), extract_toolkit()):
        pot = LOCALE_DIR / f"{template.domain}.pot"
        if _write_if_changed(pot, _render_po(template), check):
            stale.append(pot)
        for language in TRANSLATED:
            catalog = updated_catalog(template, language)
            path = po_path(language, template.domain)
            if _write_if_changed(path, _render_po(catalog), check):
                stale.append(path)
            mo = path.with_suffix(".mo")
            with path.open("rb") as stream:  # compile what is on disk: stable bytes, no churn
                catalog = read_po(stream, locale=language, domain=template.domain)
            data = compiled(catalog)
            if not mo.exists() or mo.read_bytes() != data:
                if not check:
                    mo.write_bytes(data)
                stale.append(mo)
            untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
            if untranslated:
                print(f"{path.relative_to(REPO)}: {len(untranslated)} untranslated or fuzzy")
    for path in stale:
        print(("out of date: " if check else "wrote ") + str(path.relative_to(REPO)))
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
