"""amanat: run a party branch's pledge roadmap from the terminal."""

__version__ = "0.1.0"
