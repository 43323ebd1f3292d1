"""`amanat status`: every format against golden files, each filter, dates, pipes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from amanat_cli.compute.progress import compute
from amanat_cli.compute.report import build_status
from amanat_cli.read.store import load_paths
from amanat_cli.render.terminal import print_status
from tests.conftest import SAMPLE
from tests.status_data import ROADMAP

DAY = date(2025, 1, 1)


@pytest.fixture
def roadmap(write_roadmap) -> Path:  # type: ignore[no-untyped-def]
    return write_roadmap(ROADMAP, "shymkent.yaml")


def pledges_of(tsv: str) -> list[str]:
    """The pledge column of tsv output."""
    lines = tsv.splitlines()
    column = lines[0].split("\t").index("pledge")
    return [line.split("\t")[column] for line in lines[1:]]


def render_table(path: Path, width: int, indicators: bool = False) -> str:
    roadmaps, problems = load_paths([path])
    assert not problems
    report = build_status([compute(r, r.branch.as_of or DAY) for r in roadmaps])
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=False, color_system=None, highlight=False
    )
    print_status(console, report, indicators)
    return buffer.getvalue()


# --------------------------------------------------------------------------- golden files


@pytest.mark.parametrize("indicators", [False, True])
def test_terminal_table_golden(roadmap: Path, golden, indicators: bool) -> None:  # type: ignore[no-untyped-def]
    text = render_table(roadmap, 100, indicators)
    suffix = "-indicators" if indicators else ""
    golden.check(f"status/table-100{suffix}.txt", text)
    assert "[пилот]" in text  # data text is not eaten as markup
    assert "Әлеуметтік қолдау" in text


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("--format", "tsv"), "pledges.tsv"),
        (("--format", "tsv", "--indicators"), "indicators.tsv"),
        (("--format", "csv"), "pledges.csv"),
        (("--format", "csv", "--indicators"), "indicators.csv"),
        (("--format", "md"), "pledges.md"),
        (("--format", "md", "--indicators"), "indicators.md"),
        (("--format", "json"), "status.json"),
    ],
)
def test_format_golden(run_cli, roadmap: Path, golden, args: tuple[str, ...], name: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("status", str(roadmap), *args)
    assert result.exit_code == 0, result.stderr
    golden.check(f"status/{name}", result.stdout)


def test_pipe_default_is_tsv_without_colour_or_boxes(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("status", str(roadmap))
    assert result.exit_code == 0
    assert result.stdout == run_cli("status", str(roadmap), "--format", "tsv").stdout
    assert "\x1b[" not in result.stdout and "│" not in result.stdout
    assert result.stdout.splitlines()[0].startswith("branch\tsection\tpledge\ttitle")
    # no truncation: the long Kazakh title is whole
    assert "Открыть 4 центра поддержки семей [пилот] в Абайском и Енбекшинском районах" in (
        result.stdout
    )


def test_csv_has_bom_and_crlf(roadmap: Path) -> None:
    # Through the function: CliRunner folds CRLF into LF when it decodes output.
    from amanat_cli.render.tabular import status_csv

    roadmaps, _problems = load_paths([roadmap])
    text = status_csv(build_status([compute(roadmaps[0], roadmaps[0].branch.as_of or DAY)]))
    assert text.startswith("\ufeffbranch,section,pledge")
    assert text.count("\r\n") == 5 and "\n" not in text.replace("\r\n", "")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert rows[0]["pledge"] == "social-centres" and rows[0]["progress"] == "0.375"


def test_json_shape_and_hand_computed_figures(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(run_cli("status", str(roadmap), "--format", "json").stdout)
    assert doc["as_of"] == "2025-01-01"
    branch = doc["branches"][0]
    assert branch["id"] == "shymkent"
    assert branch["progress"] == 0.625  # (2×0.375 + 1 + 0.75) / 4
    assert branch["coverage"] == 1.0
    assert branch["counts"] == {"red": 2, "amber": 0, "grey": 0, "green": 0, "done": 1}
    social = branch["sections"][0]
    assert set(social) >= {"id", "title", "sensitive", "owner", "progress", "counts", "pledges"}
    assert (social["id"], social["sensitive"], social["owner"]) == ("social", True, "omarov-b")
    assert social["progress"] == pytest.approx(1.75 / 3, abs=1e-15)
    pledge = social["pledges"][0]
    assert {k: pledge[k] for k in ("id", "status", "progress", "coverage", "rag")} == {
        "id": "social-centres",
        "status": "in_progress",
        "progress": 0.375,
        "coverage": 1.0,
        "rag": "red",
    }
    assert (pledge["unconfirmed"], pledge["contested"]) == (False, False)
    opened, queue = pledge["indicators"]
    assert opened["latest"] == {"date": "2024-12-31", "value": 2, "source": "Управление соцзащиты"}
    assert opened["progress"] == 0.5 and opened["expected"] == 366 / 730
    assert (opened["id"], opened["owner"], opened["rag"], opened["stale"]) == (
        "social-centres-opened",
        "seitkali-a",
        "green",
        False,
    )
    assert (queue["progress"], queue["rag"], queue["stale"]) == (0.25, "red", True)
    cancelled = branch["sections"][1]["pledges"][1]
    assert cancelled["id"] == "roads-lrt" and cancelled["status"] == "cancelled"


def test_no_data_is_null_in_json(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(
        run_cli("status", str(roadmap), "--format", "json", "--as-of", "2024-03-01").stdout
    )
    indicators = doc["branches"][0]["sections"][0]["pledges"][0]["indicators"]
    assert [(i["latest"], i["progress"]) for i in indicators] == [(None, None), (None, None)]


NO_DATA = ROADMAP.replace(
    "      # cancelled: listed, left out of every roll-up",
    """      - id: roads-lights
        title: Осветить улицы
        status: planned
        due: 2026-06-30
        indicators:
          - {id: roads-lights-km, title: Освещено улиц, baseline: 0, target: 50}
      - id: roads-signs
        title: Заменить знаки
        status: in_progress
        due: 2026-06-30
        indicators:
          - id: roads-signs-done
            title: Заменено знаков
            baseline: 0
            target: 10
            values: [{date: 2024-12-01, value: 0}]
      # cancelled: listed, left out of every roll-up""",
)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_data_never_reads_as_zero(run_cli, write_roadmap, language: str) -> None:  # type: ignore[no-untyped-def]
    """A pledge with no data, and a cancelled one, show "—" as an indicator with no data does;
    a measured 0 stays 0 (nothing done); the terminal, md and show views alike."""
    path = write_roadmap(NO_DATA, "shymkent.yaml")
    zero = "0.0%" if language == "en" else "0,0 %"
    table = render_table(path, 120, indicators=True)
    rows = {line.split("│")[1].strip(): line for line in table.splitlines() if "│" in line}
    for pledge in ("roads-lights", "↳ roads-lights-km", "roads-lrt"):
        assert rows[pledge].split("│")[3].strip() == "—", rows[pledge]  # not even an empty bar
    assert rows["roads-signs"].split("│")[3].strip() == "░" * 10 + "   0.0%"
    md = run_cli("status", str(path), "--format", "md", "--lang", language).stdout
    rows = [line.split("|") for line in md.splitlines() if line.startswith("| ")]
    cells = {row[1].strip(): row[4].strip() for row in rows}
    assert (cells["roads-lights"], cells["roads-lrt"], cells["roads-signs"]) == ("—", "—", zero)
    shown = run_cli("show", "roads-lights", "-r", str(path), "--lang", language).stdout
    assert "  roads-lights: — · " in shown
    # The machine formats keep the arithmetic: 0 with coverage 0 (ROADMAP.md).
    doc = json.loads(run_cli("status", str(path), "--format", "json").stdout)
    lights = doc["branches"][0]["sections"][1]["pledges"][1]
    assert (lights["id"], lights["progress"], lights["coverage"]) == ("roads-lights", 0.0, 0.0)


# --------------------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["social-centres", "social-benefits", "roads-repair", "roads-lrt"]),
        (("--section", "roads"), ["roads-repair", "roads-lrt"]),
        (
            ("--section", "roads", "--section", "social"),
            ["social-centres", "social-benefits", "roads-repair", "roads-lrt"],
        ),
        (("--owner", "omarov-b"), ["social-centres", "social-benefits"]),  # section owner
        (("--owner", "petrova-n"), ["social-centres", "roads-repair"]),  # indicator owner
        (("--owner", "seitkali-a"), ["social-centres", "roads-repair", "roads-lrt"]),
        (("--body", "bureau"), ["social-centres", "social-benefits", "roads-repair", "roads-lrt"]),
        (("--body", "political_council"), ["social-centres", "roads-repair", "roads-lrt"]),
        (("--body", "faction"), []),
        (("--rag", "red"), ["social-centres", "roads-repair"]),
        (("--rag", "done", "--rag", "grey"), ["social-benefits", "roads-lrt"]),
        (("--overdue",), ["roads-repair"]),
        (("--district", "abay"), ["social-centres"]),
        (("--district", "enbekshi", "--rag", "red"), ["social-centres", "roads-repair"]),
    ],
)
def test_filters(run_cli, roadmap: Path, args: tuple[str, ...], expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("status", str(roadmap), *args)
    assert result.exit_code == 0, result.stderr
    assert pledges_of(result.stdout) == expected


def test_owner_filter_keeps_only_their_indicators(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("status", str(roadmap), "--owner", "petrova-n", "--indicators")
    lines = result.stdout.splitlines()
    column = lines[0].split("\t").index("indicator")
    assert [line.split("\t")[column] for line in lines[1:]] == [
        "social-queue-days",
        "roads-repair-km",
    ]


def test_a_filter_never_shows_a_subset_under_the_item_s_own_name(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    """--rag red shows 1 of social's 2 pledges: social's line still gives social's own 58.3%
    (not the 37.5% of the one shown) and says what is shown; json keeps the subset apart."""
    doc = json.loads(run_cli("status", str(roadmap), "--rag", "red", "--format", "json").stdout)
    branch, social = doc["branches"][0], doc["branches"][0]["sections"][0]
    assert doc["filtered"] is True
    assert branch["progress"] == (2 * 0.375 + 1 + 0.75) / 4  # the branch's own figure
    assert branch["shown"]["progress"] == (2 * 0.375 + 0.75) / 3  # the rows shown, labelled so
    assert (branch["pledges_shown"], branch["pledges_total"]) == (2, 4)
    assert social["progress"] == pytest.approx((2 * 0.375 + 1) / 3)
    assert social["shown"]["progress"] == 0.375
    assert (social["pledges_shown"], social["pledges_total"]) == (1, 2)
    assert doc["totals"]["progress"] == branch["progress"] and "shown" in doc
    whole = json.loads(run_cli("status", str(roadmap), "--format", "json").stdout)
    assert "shown" not in whole and "shown" not in whole["branches"][0]
    table = run_cli("status", str(roadmap), "--rag", "red", "--format", "table").stdout
    flat = " ".join(table.split())  # the section line wraps
    assert "owner: Омаров Бауыржан Серікұлы · progress 58.3% · coverage 100.0% · red 1 " in flat
    assert " · done 1 · stale 1 · filtered: 1 of 2 pledges ╭" in flat
    assert "· filtered: 2 of 4 pledges progress 62.5% · coverage 100.0% · red 2" in flat
    md = run_cli("status", str(roadmap), "--rag", "red", "--format", "md").stdout
    assert "Owner: Омаров Бауыржан Серікұлы · filtered: 1 of 2 pledges" in md
    assert "filtered: 1 of 2 pledges" in md and "filtered: 2 of 4 pledges" in md


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--section", "socail"), "unknown section 'socail'; did you mean: social?"),
        (("--owner", "omarov"), "unknown member 'omarov'; did you mean: omarov-b?"),
        (("--body", "buro"), "unknown body 'buro'; did you mean: bureau?"),
        (("--rag", "redd"), "unknown rag 'redd'; did you mean: red?"),
        (("--district", "abai"), "unknown district 'abai'; did you mean: abay?"),
        (("--as-of", "2025-02-30"), "--as-of: '2025-02-30' is not a date"),
        (("--as-of", "yesterday"), "--as-of: 'yesterday' is not a date"),
    ],
)
def test_bad_values_exit_2_with_one_line(
    run_cli, roadmap: Path, args: tuple[str, ...], message: str
) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("status", str(roadmap), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_as_of_overrides_branch_date(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(
        run_cli("status", str(roadmap), "--format", "json", "--as-of", "2025-04-01").stdout
    )
    opened = doc["branches"][0]["sections"][0]["pledges"][0]["indicators"][0]
    assert doc["as_of"] == "2025-04-01"
    assert opened["latest"]["value"] == 4 and opened["rag"] == "done"


def test_several_branches_get_a_roll_up(run_cli, write_roadmap) -> None:  # type: ignore[no-untyped-def]
    first = write_roadmap(ROADMAP, "a.yaml")
    second = write_roadmap(ROADMAP.replace("id: shymkent", "id: turkestan"), "b.yaml")
    doc = json.loads(run_cli("status", str(first), str(second), "--format", "json").stdout)
    assert [b["id"] for b in doc["branches"]] == ["shymkent", "turkestan"]
    assert doc["totals"]["progress"] == 0.625
    assert doc["totals"]["counts"]["red"] == 4
    table = run_cli("status", str(first), str(second), "--format", "table").stdout
    assert table.count("Шымкентский городской филиал · as of 2025-01-01") == 2
    assert "All branches: progress 62.5%" in table


def test_broken_roadmap_exits_1(run_cli, write_roadmap) -> None:  # type: ignore[no-untyped-def]
    path = write_roadmap(ROADMAP.replace("owner: omarov-b", "owner: nobody-x"))
    result = run_cli("status", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr


def test_markup_in_titles_is_printed_with_colour_on(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("status", str(roadmap), "--format", "table", "--color", "always")
    assert result.exit_code == 0
    assert "[пилот]" in result.stdout
    assert "\x1b[" in result.stdout


def test_no_color_wins_over_auto_but_not_over_always(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    plain = run_cli("status", str(roadmap), "--format", "table", env={"NO_COLOR": "1"})
    assert "\x1b[3" not in plain.stdout  # no colour codes (bold may stay)
    forced = run_cli(
        "status", str(roadmap), "--format", "table", "--color", "always", env={"NO_COLOR": "1"}
    )
    assert "\x1b[31" in forced.stdout or "\x1b[1;31" in forced.stdout


def test_closed_pipe_is_quiet(write_roadmap) -> None:  # type: ignore[no-untyped-def]
    """`amanat status | head -1` with more output than a pipe buffer holds: no traceback."""
    paths = [
        write_roadmap(ROADMAP.replace("id: shymkent", f"id: branch-{n}"), f"b{n:02}.yaml")
        for n in range(16)
    ]
    amanat = Path(sys.executable).parent / "amanat"
    folder = paths[0].parent
    result = subprocess.run(
        f"'{amanat}' status --indicators --format json {folder} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "{", result.stderr
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr
    assert result.stderr == ""


def test_sample_roadmap_status_is_consistent(run_cli) -> None:  # type: ignore[no-untyped-def]
    """The shipped sample: counts add up, fractions in [0, 1], every format runs."""
    doc = json.loads(run_cli("status", str(SAMPLE), "--format", "json").stdout)
    branch = doc["branches"][0]
    pledges = [p for s in branch["sections"] for p in s["pledges"]]
    counted = [p for p in pledges if p["status"] != "cancelled"]
    assert sum(branch["counts"].values()) == len(counted)
    for section in branch["sections"]:
        assert sum(section["counts"].values()) == sum(
            1 for p in section["pledges"] if p["status"] != "cancelled"
        )
    weights = sum(p["weight"] for p in counted)
    mean = sum(p["weight"] * p["progress"] for p in counted) / weights
    assert branch["progress"] == pytest.approx(mean, abs=1e-12)
    for pledge in pledges:
        assert 0 <= pledge["progress"] <= 1 and 0 <= pledge["coverage"] <= 1
    for output_format in ("tsv", "csv", "md", "table"):
        result = run_cli("status", str(SAMPLE), "--indicators", "--format", output_format)
        assert result.exit_code == 0 and result.stdout, output_format
