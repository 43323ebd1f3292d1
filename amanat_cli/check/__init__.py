"""Checking: the rules of the format, each a small pure function with an id (`rules`).

May import: `compute` (a rule may need a figure), `read`, the package's base
(`model`, `errors`, `i18n`) and the standard library.  Never Typer, Click or
Rich, and nothing of `render`, `write` or `cli`.
"""
