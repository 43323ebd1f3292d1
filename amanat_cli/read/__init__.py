"""Reading: roadmap files → the model, with every problem as data.

Holds the strict YAML tree (`yamltree`), the loader, the item layout a write
edits by (`layout`), the parse cache (`cache`), which files a command works on
and finding items in them (`scope`), committed versions (`gitrev`), the JSON
Schema of the format (`schema`), the branches manifest (`manifest`) and the
branches' repositories gathered through git (`gitsync`).

May import: the package's base (`model`, `errors`, `i18n`), the standard
library, PyYAML, platformdirs, filelock (one sync of a folder at a time).
Never Typer, Click or Rich, and nothing of `check`, `compute`, `render`,
`write` or `cli`.
"""
