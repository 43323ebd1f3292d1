"""The HTML meeting pack parsed back: its parts, no network, charts for red/amber indicators."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.render.test_export import PACK_ROADMAP


class _Page(HTMLParser):
    """Collects section ids, link targets, svg figures and the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.links: list[str] = []
        self.charts: list[str] = []
        self.svgs = 0
        self.meta: dict[str, str] = {}
        self.text: list[str] = []
        self.styles = 0
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "section":
            self.sections.append(values.get("id", ""))
        if tag == "figure":
            self.charts.append(values.get("id", ""))
        if tag == "svg":
            self.svgs += 1
        if tag == "meta" and "name" in values:
            self.meta[values["name"]] = values.get("content", "")
        if tag == "style":
            self.styles += 1
        if tag == "script":
            self.scripts += 1
        self.links += [v for k, v in values.items() if k in ("src", "href") or k.endswith(":href")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture
def page(run_cli: Any, write_roadmap: Any, tmp_path: Path) -> tuple[_Page, str]:
    source = write_roadmap(PACK_ROADMAP, "town.yaml")
    target = tmp_path / "pack.html"
    result = run_cli("export", str(source), "-o", str(target), "--meeting", "Bureau <b>&")
    assert result.exit_code == 0, result.stderr
    html = target.read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(html)
    return parser, html


def test_all_parts_in_order(page: tuple[_Page, str]) -> None:
    parser, _html = page
    assert parser.sections == [
        "headline",
        "exceptions",
        "charts",
        "rule-gaps",
        "changes",
        "load",
        "pledges",
    ]


def test_self_contained_and_printable(page: tuple[_Page, str]) -> None:
    parser, html = page
    assert parser.links == []  # no src/href at all: nothing to fetch
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert parser.scripts == 0
    assert parser.meta["viewport"].startswith("width=device-width")
    assert "@page { size: A4" in html and "@media print" in html


def test_a_chart_per_red_or_amber_indicator(page: tuple[_Page, str]) -> None:
    parser, html = page
    # clinics-opened is red and bridge-built amber: two charts, nothing for the pledges.
    assert parser.charts == ["chart-1", "chart-2"] and parser.svgs == 2
    assert "clinics-opened — Clinics opened, units" in html
    assert "bridge-built — Bridge built, %" in html
    assert "Generated with pygal" not in html  # comments with dates are stripped


def test_rag_is_a_word_and_a_pattern_not_only_colour(page: tuple[_Page, str]) -> None:
    _parser, html = page
    assert '<span class="rag rag-red">red</span>' in html
    assert '<span class="rag rag-amber">amber</span>' in html
    assert ".rag-amber { background: #ffeb9c; border-style: dashed; }" in html


def test_data_text_is_escaped(page: tuple[_Page, str]) -> None:
    parser, html = page
    assert "Build the &lt;river&gt; bridge" in html and "<river>" not in html
    assert "Bureau &lt;b&gt;&amp;" in html
    assert "Bureau <b>&" in "".join(parser.text)


def test_same_pack_same_page(run_cli: Any, page: tuple[_Page, str], tmp_path: Path) -> None:
    _parser, html = page
    again = tmp_path / "again.html"
    result = run_cli(
        "export", str(tmp_path / "town.yaml"), "-o", str(again), "--meeting", "Bureau <b>&"
    )
    assert result.exit_code == 0
    assert again.read_text(encoding="utf-8") == html
