"""Tests of amanat_cli/cli/."""
