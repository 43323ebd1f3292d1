"""The commented roadmap skeleton written by `amanat init`.

Keys and ids stay English (they are the format); comments and example texts
go through the translator line by line, so a Russian user gets Russian
comments.  The skeleton must pass `amanat check` with no error and no warning:
sensitive section owned by a Bureau member, indicator by a Political Council
member, dates inside the period.
"""

from __future__ import annotations

import json
import re
from datetime import date

from amanat_cli.i18n import N_, _
from amanat_cli.model import FORMAT_VERSION

COMMENT_COLUMN = 34
"""Trailing comments start here, so they line up in any language."""

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*$")
"""Text that YAML reads back as the same plain string (no ':', '#', leading indicator)."""

# One entry per line: (YAML code, comment or None, data text or None).  A line
# with data text has a `{text}` slot; the text is translated and quoted if needed.
_LINES: tuple[tuple[str, str | None, str | None], ...] = (
    ("", N_("A pledge roadmap for amanat: one file per branch."), None),
    ("", N_("Check it with `amanat check PATH`; see figures with `amanat status PATH`."), None),
    ("", N_("For checks as you type, save the schema next to this file:"), None),
    ("", "    amanat schema > amanat.schema.json", None),
    ("format: {format}", N_("version of this file format"), None),
    ("", None, None),
    ("branch:", None, None),
    ("  id: {branch}", N_("slug: lowercase Latin letters, digits, '-', '_', '.'"), None),
    ("  name: {text}", None, N_("Example city branch")),
    ("  programme: {text}", None, N_("Example election programme")),
    ("  period: {{start: {start}, end: {end}}}", N_("the programme's period"), None),
    ("  ", N_("as_of: YYYY-MM-DD  (optional: the date reports are computed for)"), None),
    ("", None, None),
    ("districts:", N_("optional: district slug -> display name"), None),
    ("  center: {text}", None, N_("Central district")),
    ("", None, None),
    ("members:", None, None),
    ("  - id: bureau-member", N_("a member of the Bureau"), None),
    ("    name: {text}", None, N_("Bureau Member Name")),
    ("    bodies: [bureau]", N_("any of: bureau, political_council, faction"), None),
    ("    position: {text}", N_("optional, free text"), N_("Deputy chair of the branch")),
    ("    ", N_("optional: how to reach the member, and the language they read:"), None),
    ("    ", "  email: name@example.kz", None),
    ("    ", '  phone: "+7 701 123 45 67"', None),
    ("    ", "  lang: kk    # en | ru | kk", None),
    ("  - id: council-member", N_("a member of the Political Council"), None),
    ("    name: {text}", None, N_("Council Member Name")),
    ("    bodies: [political_council]", None, None),
    ("", None, None),
    ("sections:", None, None),
    ("  - id: health", None, None),
    ("    title: {text}", None, N_("Accessible healthcare")),
    ("    sensitive: true", N_("socially sensitive: the owner must be in the Bureau"), None),
    ("    owner: bureau-member", None, None),
    ("    pledges:", None, None),
    ("      - id: health-clinics", None, None),
    ("        title: {text}", None, N_("Build two new clinics")),
    ("        status: planned", N_("planned | in_progress | done | cancelled"), None),
    ("        due: {due}", N_("optional; default: the period end"), None),
    ("        districts: [center]", None, None),
    ("        indicators:", None, None),
    ("          - id: health-clinics-opened", None, None),
    ("            title: {text}", None, N_("Clinics opened")),
    ("            unit: {text}", None, N_("units")),
    ("            baseline: 0", N_("the value at the start"), None),
    ("            target: 2", N_("the value to reach; must differ from baseline"), None),
    ("            owner: council-member", N_("must be in the Political Council"), None),
    ("            values: []", N_("measurements, for example:"), None),
    ("            ", "  - {date: YYYY-MM-DD, value: 1, source: ...}", None),
    ("        feedback: []", N_("what citizens say, for example:"), None),
    ("        ", "  - {date: YYYY-MM-DD, tone: negative, channel: reception, text: ...}", None),
)


def _yaml_text(text: str) -> str:
    """`text` as a YAML scalar that reads back as the same string."""
    if _PLAIN.match(text) and text.strip() == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _comment(code: str, comment: str) -> str:
    if not code.strip():
        return f"{code}# {comment}"
    return f"{code.ljust(COMMENT_COLUMN - 1)} # {comment}"


DEFAULT_BRANCH_ID = "my-branch"


def branch_id_for(name: str) -> str:
    """The branch id a file name suggests (`astana.yaml` → astana), if it is a slug."""
    from amanat_cli.check.rules import ID_PATTERN

    return name if ID_PATTERN.fullmatch(name) else DEFAULT_BRANCH_ID


def skeleton_text(today: date, branch: str = DEFAULT_BRANCH_ID) -> str:
    """The skeleton for a programme starting this year and running five years."""
    start = date(today.year, 1, 1)
    end = date(today.year + 4, 12, 31)
    due = date(today.year + 2, 12, 31)
    lines = ["# yaml-language-server: $schema=amanat.schema.json"]
    for code, comment, text in _LINES:
        filled = code.format(
            format=FORMAT_VERSION,
            branch=branch,
            start=start,
            end=end,
            due=due,
            text=_yaml_text(_(text)) if text else "",
        )
        if comment is None:
            lines.append(filled.rstrip())
        else:
            # Example lines (starting with two spaces) are code, not prose: not translated.
            said = comment if comment.startswith(" ") else _(comment)
            lines.append(_comment(filled, said))
    return "\n".join(lines) + "\n"
