"""Dates, numbers and percentages as a Russian or Kazakh reader writes them.

For human-facing text only (terminal tables, explain, the md/html/xlsx pack);
machine formats (json, csv, tsv) stay locale-independent and must not call this.

The patterns and month names are CLDR's, as Babel gives them (tests/test_i18n.py
checks every one against Babel).  They are written out here rather than asked of
Babel at run time: `import babel.dates` plus loading a locale costs ~45 ms on a
~150 ms command, and we need a dozen words per language.  English keeps ISO dates
and ungrouped numbers (CLDR would say "1,234.5"), so English output is what it
always was and never looks like a list.
Rounding is Python's (`format(x, ".1f")`) in every language: the same figure
reads the same in en, ru and kk.

Core module: stdlib only.
"""

from __future__ import annotations

from datetime import date

from amanat_cli.i18n import LANGUAGE_OF, NBSP, NNBSP, Language, current_language

__all__ = ["NBSP", "NNBSP", "format_date", "format_number", "format_percent"]


def _language(language: str | None) -> Language:
    return LANGUAGE_OF.get(language or current_language(), LANGUAGE_OF["en"])


def format_date(day: date, *, short: bool = False, language: str | None = None) -> str:
    """A date for prose: «30 июня 2025 г.», «2025 ж. 30 маусым», "2025-06-30" (en).

    `short=True` gives the numeric form for table columns: 30.06.2025 (ru and kk;
    kk with a four-digit year, unlike CLDR's "30.06.25", since 2-digit years are
    ambiguous across a 2023-2027 programme), ISO in English.
    """
    lang = _language(language)
    if short or not lang.months:
        return lang.short_date.format(day=day.day, month=day.month, year=day.year)
    return lang.long_date.format(day=day.day, month=lang.months[day.month - 1], year=day.year)


def format_number(
    value: float, decimals: int = 0, *, trim: bool = False, language: str | None = None
) -> str:
    """The local decimal mark and grouping: «1 234,5» (ru, kk), "1234.5" (en, ungrouped).

    `trim` drops zeros after the decimal mark: 12.50 -> «12,5», 12.00 -> «12».
    """
    text = f"{value:,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        text = text[1:]  # "-0" and "-0,0" say nothing a reader needs
    lang = _language(language)
    mark, group = lang.decimal_mark, lang.group_separator
    return "".join(group if ch == "," else mark if ch == "." else ch for ch in text)


def format_percent(fraction: float, decimals: int = 0, *, language: str | None = None) -> str:
    """A fraction as a percentage: 0.41 -> «41 %» (ru, CLDR), "41%" (kk, en)."""
    lang = _language(language)
    return lang.percent.format(format_number(fraction * 100, decimals, language=lang.code))
