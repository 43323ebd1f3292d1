"""Output formats are one registry (render/formats.py): the report commands and `export` share it."""

from __future__ import annotations

from amanat_cli.cli.commands.export import pack_renderer
from amanat_cli.render.formats import FORMATS, PACK_FORMATS, OutputFormat, pack_format_of
from tests.conftest import REPO


def test_the_report_formats_are_the_registrys() -> None:
    assert [f.value for f in OutputFormat] == [f.name for f in FORMATS if f.report]


def test_every_pack_exporter_is_in_the_registry_and_each_entry_writes() -> None:
    exporters = {p.stem for p in (REPO / "amanat_cli" / "render").glob("export_*.py")}
    named = {f.pack.split(":")[0] for f in FORMATS if f.pack}
    assert named == exporters
    assert PACK_FORMATS == ("csv", "json", "md", "html", "xlsx")
    for name in PACK_FORMATS:
        assert callable(pack_renderer(name))


def test_a_file_name_implies_its_format() -> None:
    assert pack_format_of(".HTM") == "html"
    assert pack_format_of(".markdown") == "md"
    assert pack_format_of(".tsv") is None  # a report format, not a pack's
    assert pack_format_of(".yaml") is None
    suffixes = [s for f in FORMATS for s in f.suffixes]
    assert len(suffixes) == len(set(suffixes))
