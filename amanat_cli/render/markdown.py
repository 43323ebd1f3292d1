"""Markdown tables for every `md` output, drawn by tabulate.

Padded pipe tables read as aligned columns even as raw text — pasted into a
chat or an e-mail — and render as tables in any Markdown viewer; tabulate
measures Cyrillic and Kazakh with wcwidth, so the padding holds.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence


def md_cell(text: object) -> str:
    """One table cell: pipes and backslashes escaped, line breaks folded into spaces."""
    return " ".join(str(text).replace("\\", "\\\\").replace("|", "\\|").split())


def md_table(
    header: Sequence[str], rows: Sequence[Sequence[object]], right: Collection[int] = ()
) -> list[str]:
    """The lines of a pipe table; columns whose index is in `right` are right-aligned."""
    from tabulate import tabulate  # ~60 ms: only `--format md` pays for it

    text: str = tabulate(
        [[md_cell(cell) for cell in row] for row in rows],
        headers=[md_cell(cell) for cell in header],
        tablefmt="pipe",
        disable_numparse=True,
        colalign=["right" if i in right else "left" for i in range(len(header))],
    )
    return text.splitlines()
