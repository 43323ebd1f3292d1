"""Writing: changes to a roadmap file, byte-faithful, verified, atomic.

Holds the write commands' plans and their safe execution (`changes`), the span
edits on the strict reader's spans (`edit`), the atomic write, lock and backups
(`safewrite`) and the commented skeleton of `amanat init` (`skeleton`).

May import: `check`, `compute`, `read`, the package's base (`model`, `errors`,
`i18n`), the standard library, filelock.  Never Typer, Click or Rich, and
nothing of `render` or `cli`.
"""
