"""Rendering: every view of the figures, each returning text or bytes; only commands print.

Holds how figures read in every human view and the output formats (`formats`),
dates and numbers in the user's language (`localefmt`), the display words of
rags, statuses, bodies, flags and tones (`labels`), the status tables
(`tabular`, `terminal`, drawn by `boxtable`), `show` and `explain` (`detail`,
`explain`), the roster (`roster`), the meeting pack's tables (`pack_tables`)
and its exporters (`export_*`), and model changes as lines (`diff`).

May import: `compute`, `read`, the package's base (`model`, `errors`,
`i18n`), the standard library, and Rich, tabulate, openpyxl, pygal inside the
functions that need them.  Nothing of `check`, `write` or `cli`.
"""
