"""Values typed on the command line, parsed: dates, numbers, choices, free text, rags, bodies.

Each refuses what it cannot read with a one-line usage error (exit 2) naming the
option and what it accepts; the layers below receive typed values only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import TypeVar

from amanat_cli.cli.exits import ExitCode, UserError
from amanat_cli.i18n import _
from amanat_cli.model import RAG_WORST_FIRST, Body, Rag
from amanat_cli.read.scope import unknown_value

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DOTTED_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
"""30.06.2025: day first, as dates are written in Kazakhstan (and on its documents)."""
_OTHER_DATE = re.compile(r"[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}")


def set_reading_limits(max_size: str | None, max_items: str | None) -> None:
    """--max-size and --max-items (else their variables), checked and set for this run.

    Set in the environment, which the reader and the parse cache's worker processes read.
    """
    from amanat_cli.read import limits

    for option, value, variable, parse, example in (
        ("--max-size", max_size, limits.SIZE_VARIABLE, limits.parse_size, "64MB"),
        ("--max-items", max_items, limits.ITEMS_VARIABLE, limits.parse_count, "250000"),
    ):
        text = value if value is not None else os.environ.get(variable, "")
        if value is None and not text.strip():
            continue
        parsed = parse(text)
        if parsed is None:
            raise UserError(
                _("{name}: '{value}' is not a limit; write e.g. {example}").format(
                    name=option if value is not None else variable, value=text, example=example
                ),
                ExitCode.USAGE,
            )
        if value is not None:
            os.environ[variable] = str(parsed)


def parse_date_option(text: str, option: str) -> date:
    """A date typed on the command line: `2025-06-30` or `30.06.2025`; else a usage error.

    The one parser of every date a user types (`--date`, `--as-of`, `--since`,
    `set-as-of`).  Other forms are refused rather than guessed: `06/30/2025` and
    `30-06-2025` read differently in different countries, `30.06.25` drops the century.
    """
    value = text.strip()
    iso, dotted = _ISO_DATE.fullmatch(value), _DOTTED_DATE.fullmatch(value)
    parts = iso.groups() if iso else tuple(reversed(dotted.groups())) if dotted else None
    if parts is None:
        if _OTHER_DATE.fullmatch(value):
            message = _(
                "{option}: '{value}' could be read more than one way; "
                "write YYYY-MM-DD or DD.MM.YYYY, e.g. 2025-06-30 or 30.06.2025"
            )
        else:
            message = _(
                "{option}: '{value}' is not a date; "
                "write YYYY-MM-DD or DD.MM.YYYY, e.g. 2025-06-30 or 30.06.2025"
            )
        raise UserError(message.format(option=option, value=text))
    year, month, day = (int(part) for part in parts)
    try:
        return date(year, month, day)
    except ValueError:
        raise UserError(
            _("{option}: '{value}' is not a date in the calendar; check the day and month").format(
                option=option, value=text
            )
        ) from None


_DECIMAL = re.compile(r"[-+]?[0-9]+([.,][0-9]+)?")
# Spaces people put between thousands: "1 250", with NBSP or narrow NBSP from Excel.
_GROUP_SPACES = str.maketrans("", "", " \u00a0\u202f")
MAX_SIGNIFICANT_DIGITS = 15
"""A float (what the loader and the arithmetic use) keeps 15 significant digits exactly."""
LONGEST_VALUE = 30
"""The loader refuses longer numbers as typing accidents."""


def parse_value(text: str, what: str = "VALUE") -> int | float:
    """A measurement from the command line: `12`, `12.5`, or `12,5` (decimal comma).

    Exponents (`1e5`), thousands commas (`1,250.5`) and words are refused:
    ROADMAP.md wants plain decimals, and a guess would put a wrong figure
    in a report.  Spaces between digit groups (`1 250`) are dropped.  More
    than 15 significant digits are refused: a float would silently round them.
    """
    compact = text.strip().translate(_GROUP_SPACES)
    if not _DECIMAL.fullmatch(compact):
        raise UserError(
            _("{what}: '{value}' is not a number; write e.g. 12, 12.5 or 12,5").format(
                what=what, value=text
            ),
            ExitCode.USAGE,
        )
    compact = compact.replace(",", ".").lstrip("+")
    whole, _point, fraction = compact.lstrip("-").partition(".")
    significant = (whole + fraction.rstrip("0")).lstrip("0")
    if len(significant) > MAX_SIGNIFICANT_DIGITS or len(compact) > LONGEST_VALUE:
        raise UserError(
            _(
                "{what}: '{value}' has too many digits (at most {digits} significant digits "
                "are kept exactly); round it"
            ).format(what=what, value=text, digits=MAX_SIGNIFICANT_DIGITS),
            ExitCode.USAGE,
        )
    return float(compact) if "." in compact else int(compact)


_E = TypeVar("_E", bound=StrEnum)


def parse_choice(kind: type[_E], text: str, what: str) -> _E:
    """One of an enum's words, or a usage error (exit 2) listing them all."""
    return kind(parse_choice_of([k.value for k in kind], text, what))


# C0 and C1 controls but tab and newline, DEL, and the lone surrogates Python makes
# of argv bytes that are not UTF-8 (surrogateescape).
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def free_text(value: str | None, option: str) -> str | None:
    """Text from an option as the loader reads it back (NFC); empty means absent.

    Control characters (an escape sequence would recolour the terminal of whoever
    lists it) and undecodable bytes are refused (exit 2): YAML cannot hold them plainly.
    """
    if value and _UNWRITABLE.search(value):
        raise UserError(
            _("{option}: the text holds a control character or bytes that are not UTF-8").format(
                option=option
            ),
            ExitCode.USAGE,
        )
    import unicodedata  # only the write commands need it; every command imports this module

    return unicodedata.normalize("NFC", value) if value else None


def parse_rag(text: str) -> Rag:
    """A rag from its English value (red, amber, grey, green, done); NotFound otherwise."""
    try:
        return Rag(text.strip().lower())
    except ValueError:
        raise unknown_value(
            _("rag"), text, [r.value for r in RAG_WORST_FIRST], closed=True
        ) from None


def parse_body(text: str) -> Body:
    """A body from its value (bureau, political_council, faction); NotFound otherwise."""
    try:
        return Body(text.strip().lower().replace("-", "_"))
    except ValueError:
        raise unknown_value(_("body"), text, [b.value for b in Body], closed=True) from None


def parse_bodies(texts: Sequence[str]) -> tuple[Body, ...]:
    """`--body bureau --body faction`, or `--body bureau,faction`: each once, in the order given."""
    words = [word for text in texts for word in text.split(",") if word.strip()]
    return tuple(dict.fromkeys(parse_body(word) for word in words))


def parse_contact(text: str, option: str) -> str:
    """An `--email`, `--phone` or `--language` value as the loader would accept it; else exit 2.

    The empty text stays empty (`member edit` removes the field then).
    """
    from amanat_cli.i18n import LANGUAGES
    from amanat_cli.read.loader import EMAIL, PHONE

    value = text.strip()
    if not value:
        return value
    if option == "--language":
        return parse_choice_of(LANGUAGES, value, _("language"))
    fits = EMAIL if option == "--email" else PHONE
    if fits.fullmatch(value) and (option == "--email" or sum(c.isdigit() for c in value) >= 5):
        return value
    if option == "--email":
        message = _("--email: '{value}' is not an e-mail address like name@example.kz")
    else:
        message = _("--phone: '{value}' is not a phone number like +7 701 123 45 67")
    raise UserError(message.format(value=text), ExitCode.USAGE)


def parse_choice_of(choices: Sequence[str], text: str, what: str) -> str:
    """One of `choices`, or a usage error (exit 2) listing them all."""
    if text in choices:
        return text
    raise UserError(
        _("unknown {what} '{value}'; choose one of: {choices}").format(
            what=what, value=text, choices=", ".join(choices)
        ),
        ExitCode.USAGE,
    )


PACK_BODIES = (Body.BUREAU, Body.POLITICAL_COUNCIL)
"""The bodies a pack can focus on (the faction owns no sections or indicators by the rules)."""


def pack_body(text: str) -> Body:
    """--body of a pack: bureau or political_council; anything else is a usage error."""
    body = Body.__members__.get(text.strip().upper().replace("-", "_"))
    if body not in PACK_BODIES:
        raise UserError(
            _("unknown body '{value}'; choose from: {choices}").format(
                value=text, choices=", ".join(b.value for b in PACK_BODIES)
            )
        )
    assert body is not None
    return body
