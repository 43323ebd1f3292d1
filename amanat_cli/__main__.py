"""`python -m amanat_cli` runs the same program as the `amanat` command."""

from amanat_cli.cli import main

if __name__ == "__main__":
    main()
