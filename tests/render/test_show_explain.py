"""`amanat show` and `amanat explain`: the figures in the text, and bad ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.status_data import ROADMAP


@pytest.fixture
def roadmap(write_roadmap) -> Path:  # type: ignore[no-untyped-def]
    return write_roadmap(ROADMAP, "shymkent.yaml")


def run_ok(run_cli, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


# --------------------------------------------------------------------------- explain


def test_explain_indicator_substitutes_every_number(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "explain", "social-queue-days", "-r", str(roadmap))
    assert "latest   = 50 on 2024-03-31 (source: Акимат)" in text
    assert "= clamp((50 − 60) / (20 − 60), 0, 1) = clamp(0.2500, 0, 1) = 0.2500" in text
    # 2024-01-01 → 2025-01-01 is 366 days (leap year); → 2025-12-31 is 730
    assert "= clamp(366 / 730, 0, 1) = 0.5014" in text
    assert "= 60 + 0.5014 × (20 − 60) = 39.9452" in text
    # rules 1-3 did not apply, rule 4 did; rules 5-6 are not listed
    assert "1. done if progress = 1: progress 0.2500 — no" in text
    assert "2. red if as_of > due: 2025-01-01 > 2025-12-31 — no" in text
    assert "3. grey if there is no data: there is a measurement — no" in text
    assert "4. red if progress < expected − red_gap: 0.2500 < 0.5014 − 0.25 = 0.2514 — yes" in text
    assert "5. amber" not in text
    assert "→ rag = red" in text
    assert "as_of − latest date = 276 days; stale if > stale_days (120): yes" in text


def test_explain_indicator_mentions_ignored_later_measurements(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "explain", "social-centres-opened", "-r", str(roadmap))
    assert "= clamp((2 − 0) / (4 − 0), 0, 1) = clamp(0.5000, 0, 1) = 0.5000" in text
    assert "1 measurement dated after as_of is ignored" in text
    assert "6. green otherwise — yes" in text
    assert "amber if progress < expected − amber_gap: 0.5000 < 0.5014 − 0.1 = 0.4014 — no" in text


def test_explain_overdue_rule(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "explain", "roads-repair-km", "-r", str(roadmap))
    assert "2. red if as_of > due: 2025-01-01 > 2024-10-31 — yes" in text
    assert "3. grey" not in text


def test_explain_no_data(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(
        run_cli, "explain", "social-queue-days", "-r", str(roadmap), "--as-of", "2024-02-01"
    )
    assert "latest   = none (no measurement on or before as_of)" in text
    assert "3. grey if there is no data: no measurement on or before as_of — yes" in text
    assert "= clamp(31 / 730, 0, 1) = 0.0425" in text


def test_explain_pledge_weighted_mean_term_by_term(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "explain", "social-centres", "-r", str(roadmap))
    assert "social-centres-opened: 1 × 0.5000" in text
    assert "social-queue-days: 1 × 0.2500" in text
    assert "= (1×0.5000 + 1×0.2500) / 2 = 0.3750" in text
    assert "= 2 / 2 = 1.0000" in text
    assert "social-centres-opened green, social-queue-days red → red" in text
    assert "1 such feedback → no" in text


def test_explain_pledge_without_indicators(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "explain", "social-benefits", "-r", str(roadmap))
    assert "no indicators: 1 if status is done, else 0 → 1.0000" in text
    assert "no indicators and status is done → done" in text


def test_explain_section_and_branch(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    section = run_ok(run_cli, "explain", "social", "-r", str(roadmap))
    assert "= (2×0.3750 + 1×1.0000) / 3 = 0.5833" in section
    branch = run_ok(run_cli, "explain", "shymkent", "-r", str(roadmap))
    assert "= (2×0.3750 + 1×1.0000 + 1×0.7500) / 4 = 0.6250" in branch
    assert "left out (cancelled): roads-lrt" in branch
    assert "= 3 / 3 = 1.0000" in branch
    assert "Pledges by rag: red 2, amber 0, grey 0, green 0, done 1" in branch


def test_explain_cancelled_pledge_says_so(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "explain", "roads-lrt", "-r", str(roadmap))
    assert "Cancelled: listed, but left out of every roll-up." in text


# --------------------------------------------------------------------------- show


def test_show_indicator(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "show", "social-centres-opened", "-r", str(roadmap))
    assert "owner     Сейтқали Әйгерім Қайратқызы (seitkali-a)" in text
    assert "2024-06-30  1 ед.  Управление соцзащиты" in text
    assert "2025-03-31  4 ед.  Управление соцзащиты  (after as_of, ignored)" in text
    assert "social-centres-opened: 50.0% (expected 50.1%) · green" in text
    assert "latest 2 ед. on 2024-12-31; expected by now 2.01 ед." in text


def test_show_pledge(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "show", "social-centres", "-r", str(roadmap))
    assert "districts         Абайский район, Енбекшинский район" in text
    assert "social-queue-days: 25.0% (expected 50.1%) · red · stale" in text
    assert (
        "1. 2024-12-10 [negative, reception, Абайский район, open] Центр открыт, но записи нет"
        in text
    )
    assert "social-centres: 37.5% · red — Открыть 4 центра" in text
    assert "coverage 100.0% · days overdue 0 · negative feedback in window 1" in text


def test_show_section(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "show", "social", "-r", str(roadmap))
    assert "owner      Омаров Бауыржан Серікұлы (omarov-b)" in text
    assert "progress 58.3% · coverage 100.0% · red 1 · amber 0 · grey 0 · green 0 · done 1" in text


def test_show_member(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "show", "petrova-n", "-r", str(roadmap))
    assert "bodies    Political Council" in text
    assert "social-queue-days: 25.0% (expected 50.1%) · red · stale" in text
    assert "roads-repair-km: 75.0% (expected 100.0%) · red" in text
    assert "Load as of 2025-01-01: red 2, amber 0, overdue 1" in text


def test_show_in_russian_writes_dates_as_the_status_table_does(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "--lang", "ru", "show", "social-centres-opened", "-r", str(roadmap))
    assert "30.06.2024  1 ед.  Управление соцзащиты" in text
    assert "2024-06-30" not in text
    doc = json.loads(
        run_ok(run_cli, "--lang", "ru", "show", "social-centres-opened", "-r", str(roadmap),
               "--format", "json")
    )  # fmt: skip
    assert doc["values"][0]["date"] == "2024-06-30"  # machine formats stay ISO


def test_show_json(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(
        run_ok(run_cli, "show", "social-centres", "-r", str(roadmap), "--format", "json")
    )
    assert (doc["kind"], doc["id"], doc["progress"], doc["rag"]) == (
        "pledge",
        "social-centres",
        0.375,
        "red",
    )
    assert doc["feedback"][0]["tone"] == "negative"
    member = json.loads(
        run_ok(run_cli, "show", "seitkali-a", "-r", str(roadmap), "--format", "json")
    )
    assert (member["sections"], member["indicators"]) == (["roads"], ["social-centres-opened"])


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("command", ["show", "explain"])
def test_unknown_id_exits_2_with_closest(run_cli, roadmap: Path, command: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(command, "social-center", "-r", str(roadmap))
    assert result.exit_code == 2
    assert "unknown" in result.stderr and "did you mean: social-centres" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_as_of_exits_2(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("explain", "social", "-r", str(roadmap), "--as-of", "2025-13-01")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "amanat: --as-of: '2025-13-01' is not a date in the calendar; check the day and month"
    )


def test_branch_prefix_addresses_an_item(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "explain", "shymkent:roads-repair", "-r", str(roadmap))
    assert "= (1×0.7500) / 1 = 0.7500" in text


def test_show_branch(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "show", "shymkent", "-r", str(roadmap))
    assert text.startswith("Branch shymkent — Шымкентский городской филиал\n")
    assert "programme  «Халықпен бірге!» — Шымкент" in text
    assert "period     2024-01-01 — 2026-12-31" in text
    assert "as of      2025-01-01" in text
    assert "counts     members 3 · sections 2 · pledges 4 · indicators 3" in text
    assert "amber gap 10.0%, red gap 25.0%, stale after 120 days, feedback counts 90 days" in text
    assert "Абайский район (abay), Енбекшинский район (enbekshi)" in text
    assert "social: progress 58.3% · coverage 100.0%" in text
    doc = json.loads(run_ok(run_cli, "show", "shymkent", "-r", str(roadmap), "--format", "json"))
    assert (doc["kind"], doc["id"], doc["members"], doc["period"]["end"]) == (
        "branch",
        "shymkent",
        3,
        "2026-12-31",
    )
    assert doc["settings"]["stale_days"] == 120 and "abay" in doc["districts"]


def test_show_pledge_lists_its_owners(run_cli, roadmap: Path) -> None:  # type: ignore[no-untyped-def]
    text = run_ok(run_cli, "show", "social-centres", "-r", str(roadmap))
    assert "section owner     Омаров Бауыржан Серікұлы (omarov-b)" in text
    assert (
        "indicator owners  Сейтқали Әйгерім Қайратқызы (seitkali-a), "
        "Петрова Наталья Ивановна (petrova-n)" in text
    )
    doc = json.loads(
        run_ok(run_cli, "show", "social-centres", "-r", str(roadmap), "--format", "json")
    )
    assert (doc["section_owner"], doc["owners"]) == ("omarov-b", ["seitkali-a", "petrova-n"])
