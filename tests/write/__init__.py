"""Tests of amanat_cli/write/."""
