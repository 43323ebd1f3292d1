"""Computing: the figures and the rows every view shows, pure, with `as_of` passed in.

Holds the arithmetic of ROADMAP.md (`progress`), the row models of the reports
(`report`), the meeting pack's model (`pack`) and what changed between two
versions of a roadmap (`modeldiff`).

May import: `read`, the package's base (`model`, `errors`, `i18n`) and the
standard library.  Never Typer, Click or Rich, and nothing of `check`,
`render`, `write` or `cli`.
"""
