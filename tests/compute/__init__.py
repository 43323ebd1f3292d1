"""Tests of amanat_cli/compute/."""
