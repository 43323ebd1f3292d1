"""Tests of amanat_cli/check/."""
