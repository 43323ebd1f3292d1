"""Tests of amanat_cli/read/."""
