"""Tests of amanat_cli/render/."""
