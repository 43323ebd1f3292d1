"""`amanat export`: the meeting pack's content, focus options, and the md/csv/json formats."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE, has_program

# As of 2025-06-30 (hand-computed):
#  clinics-opened: expected 546/730 = 0.7479, progress 1/4 = 0.25 < 0.7479-0.25 -> red;
#                  expected value 4 x 0.7479 = 2.99, 1 - 2.99 = -1.99: behind by 1.99
#  bridge-built:   progress 0.6 < 0.7479-0.10 but not < 0.4979 -> amber
#  lights:         10 of 10 -> done;  museum: no indicators, planned -> grey
#  branch progress (0.25 + 0.6 + 1 + 0) / 4 = 0.4625; coverage 3/3
PACK_ROADMAP = """\
format: 1
branch:
  id: town
  name: Town branch
  programme: Town programme
  period: {start: 2024-01-01, end: 2025-12-31}
  as_of: 2025-06-30
members:
  - {id: chair, name: Chair Person, bodies: [bureau]}
  - {id: council, name: Council Person, bodies: [political_council]}
  - {id: deputy, name: Deputy Person, bodies: [faction]}
sections:
  - id: health
    title: Health | care
    sensitive: true
    owner: chair
    pledges:
      - id: clinics
        title: Build 4 clinics
        status: in_progress
        due: 2025-12-31
        indicators:
          - id: clinics-opened
            title: Clinics opened
            unit: units
            baseline: 0
            target: 4
            owner: council
            values:
              - {date: 2024-12-31, value: 1, source: Health dept}
              - {date: 2025-06-15, value: 1, source: Health dept}
        feedback:
          - {date: 2025-06-10, tone: negative, channel: reception, text: Not enough doctors}
          - {date: 2024-02-01, tone: positive, channel: online, text: Good start}
  - id: roads
    title: Roads
    owner: council
    pledges:
      - id: bridge
        title: Build the <river> bridge
        status: in_progress
        due: 2025-12-31
        indicators:
          - id: bridge-built
            title: Bridge built
            unit: '%'
            baseline: 0
            target: 100
            values:
              - {date: 2025-06-01, value: 60}
      - id: lights
        title: Street lights
        status: done
        due: 2025-12-31
        indicators:
          - id: lights-installed
            title: Lights installed
            baseline: 0
            target: 10
            owner: council
            values:
              - {date: 2025-03-01, value: 10}
  - id: culture
    title: Culture
    sensitive: true
    pledges:
      - id: museum
        title: Open a museum
        due: 2025-12-31
"""


@pytest.fixture
def pack_file(write_roadmap: Any) -> Path:
    path: Path = write_roadmap(PACK_ROADMAP, "town.yaml")
    return path


def unpadded(markdown: str) -> str:
    """Markdown with tabulate's column padding squeezed out, to assert on cells."""
    return "\n".join(re.sub(r" {2,}", " ", line) for line in markdown.splitlines())


def _json(run_cli: Any, *args: str) -> dict[str, Any]:
    result = run_cli("export", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_headline_figures_are_the_hand_computed_ones(run_cli: Any, pack_file: Path) -> None:
    data = _json(run_cli, str(pack_file))
    assert data["headline"]["progress"] == pytest.approx(0.4625)
    assert data["headline"]["coverage"] == 1.0
    assert {k: v for k, v in data["headline"].items() if k.startswith("pledges_")} == {
        "pledges_red": 1,
        "pledges_amber": 1,
        "pledges_grey": 1,
        "pledges_green": 0,
        "pledges_done": 1,
    }
    assert data["headline"]["unassigned_sections"] == 1
    assert data["headline"]["unassigned_indicators"] == 1
    assert data["meeting"] is None  # no --meeting: none is invented
    assert data["sample"] is False


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_without_a_meeting_the_pack_is_as_of_its_date(
    run_cli: Any, pack_file: Path, fmt: str
) -> None:
    result = run_cli("export", str(pack_file), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "For" not in result.stdout and "meeting of" not in result.stdout
    assert ("**As of:** 2025-06-30" if fmt == "md" else "As of:</dt>") in result.stdout
    named = run_cli("export", str(pack_file), "--format", fmt, "--meeting", "Bureau, 2025-07-02")
    assert ("**For:** Bureau, 2025-07-02" if fmt == "md" else "For:</dt>") in named.stdout


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_a_pack_of_the_bundled_sample_says_so(run_cli: Any, pack_file: Path, fmt: str) -> None:
    sample = run_cli("export", "--format", fmt)  # no roadmaps/ here: the bundled sample
    assert sample.exit_code == 0, sample.stderr
    own = run_cli("export", str(pack_file), "--format", fmt)
    if fmt == "json":
        assert (json.loads(sample.stdout)["sample"], json.loads(own.stdout)["sample"]) == (
            True,
            False,
        )
        return
    notice = "Sample data: this pack was made from the fictional sample roadmap"
    assert notice in sample.stdout and notice not in own.stdout
    assert sample.stdout.index(notice) < sample.stdout.index("As of")  # before anything else


def test_exceptions_red_first_with_gap_owner_and_feedback(run_cli: Any, pack_file: Path) -> None:
    exceptions = _json(run_cli, str(pack_file))["exceptions"]
    assert [(e["rag"], e["id"]) for e in exceptions] == [
        ("red", "clinics"),
        ("red", "clinics-opened"),
        ("amber", "bridge"),
        ("amber", "bridge-built"),
    ]
    clinics = exceptions[1]
    assert clinics["owner"] == "council" and clinics["owner_name"] == "Council Person"
    assert clinics["expected"] == pytest.approx(546 / 730)
    assert clinics["expected_value"] == pytest.approx(4 * 546 / 730)
    assert clinics["ahead_of_trajectory"] == pytest.approx(1 - 4 * 546 / 730)
    assert clinics["latest_date"] == "2025-06-15"
    assert (clinics["negative_feedback"], clinics["latest_quote"]) == (1, "Not enough doctors")
    # a pledge's owners are its indicators' owners, as `amanat status` shows them
    assert (exceptions[0]["owner"], exceptions[0]["owner_name"]) == ("council", "Council Person")


def test_rule_gaps_changes_window_and_load(run_cli: Any, pack_file: Path) -> None:
    data = _json(run_cli, str(pack_file))
    assert [(g["kind"], g["id"], g["needs"]) for g in data["rule_gaps"]] == [
        ("indicator", "bridge-built", "political_council"),
        ("section", "culture", "bureau"),
    ]
    assert data["since"] == "2025-05-31"
    assert [(c["date"], c["kind"], c["item"]) for c in data["changes"]] == [
        ("2025-06-01", "measurement-added", "bridge-built"),
        ("2025-06-10", "feedback-added", "clinics"),
        ("2025-06-15", "measurement-added", "clinics-opened"),
        (None, "rag-changed", "bridge"),  # its first figure in the window: grey → amber
    ]
    assert data["changes"][-1]["change"] == "bridge: grey → amber"
    load = {
        row["id"]: (row["sections"], row["indicators"], row["red"], row["amber"])
        for row in data["load"]
    }
    assert load == {"chair": (1, 0, 1, 0), "council": (1, 2, 1, 1), "deputy": (0, 0, 0, 0)}


def test_since_date_widens_the_window(run_cli: Any, pack_file: Path) -> None:
    data = _json(run_cli, str(pack_file), "--since", "2025-02-28")
    assert [c["date"] for c in data["changes"]] == [
        "2025-03-01",
        "2025-06-01",
        "2025-06-10",
        "2025-06-15",
        None,  # rag moves: bridge and lights had no figure on 2025-02-28
        None,
    ]
    assert run_cli("export", str(pack_file), "--since", "March").exit_code == 2


def test_focus_on_the_bureau_the_council_and_one_member(run_cli: Any, pack_file: Path) -> None:
    bureau = _json(run_cli, str(pack_file), "--body", "bureau")
    assert [p["id"] for p in bureau["pledges"]] == ["clinics", "museum"]
    assert [g["id"] for g in bureau["rule_gaps"]] == ["culture"]
    assert [m["id"] for m in bureau["load"]] == ["chair"]

    council = _json(run_cli, str(pack_file), "--body", "political_council")
    assert [e["kind"] for e in council["exceptions"]] == ["indicator", "indicator"]
    assert [g["id"] for g in council["rule_gaps"]] == ["bridge-built"]

    chair = _json(run_cli, str(pack_file), "--member", "chair")
    assert [e["id"] for e in chair["exceptions"]] == ["clinics", "clinics-opened"]
    assert [p["id"] for p in chair["pledges"]] == ["clinics"]
    assert chair["member"] == "chair"


def test_unknown_member_or_body_is_a_usage_error_with_a_hint(run_cli: Any, pack_file: Path) -> None:
    result = run_cli("export", str(pack_file), "--member", "chiar")
    assert result.exit_code == 2
    assert "unknown member 'chiar'" in result.stderr and "chair" in result.stderr
    assert run_cli("export", str(pack_file), "--body", "senate").exit_code == 2


def test_xlsx_needs_an_output_file(run_cli: Any, pack_file: Path) -> None:
    result = run_cli("export", str(pack_file), "--format", "xlsx")
    assert result.exit_code == 2
    assert "xlsx needs -o FILE" in result.stderr


def test_format_from_the_output_extension(run_cli: Any, pack_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "pack.csv"
    result = run_cli("export", str(pack_file), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    size = -(-target.stat().st_size // 1024)
    assert result.stdout == f"wrote {target} ({size} KB)\n"  # the pack itself went to the file
    assert target.read_bytes().startswith(b"\xef\xbb\xbfkind,section,pledge,id,")


def test_csv_is_one_flat_table_of_pledges_and_indicators(run_cli: Any, pack_file: Path) -> None:
    result = run_cli("export", str(pack_file), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [(r["kind"], r["id"], r["rag"], r["exception"]) for r in rows] == [
        ("pledge", "clinics", "red", "true"),
        ("indicator", "clinics-opened", "red", "true"),
        ("pledge", "bridge", "amber", "true"),
        ("indicator", "bridge-built", "amber", "true"),
        ("pledge", "lights", "done", "false"),
        ("indicator", "lights-installed", "done", "false"),
        ("pledge", "museum", "grey", "false"),
    ]
    assert float(rows[1]["progress"]) == 0.25 and rows[1]["latest_date"] == "2025-06-15"


def test_markdown_escapes_table_text_and_bolds_rag_words(run_cli: Any, pack_file: Path) -> None:
    result = run_cli("export", str(pack_file), "--meeting", "Bureau, 2025-07-02")
    assert result.exit_code == 0, result.stderr
    text = unpadded(result.stdout)
    assert "**For:** Bureau, 2025-07-02" in text
    assert (
        "| **red** | clinics-opened | Clinics opened | Council Person | 25.0% | 74.8% | 1 | 2.99 "
        "| behind by 1.99 | 0 | 1 | Not enough doctors |" in text
    )
    assert "### Health \\| care" not in text and "### Health | care" in text
    assert (
        text.index("## Exceptions")
        < text.index("## Ownership gaps")
        < text.index("## Changes")
        < text.index("## Load by member")
        < text.index("## Every pledge")
    )


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_inline_pack_matches_golden(
    run_cli: Any, pack_file: Path, golden: Any, fmt: str, tmp_path: Path
) -> None:
    target = tmp_path / f"pack.{fmt}"
    result = run_cli("export", str(pack_file), "-o", str(target), "--meeting", "Bureau")
    assert result.exit_code == 0, result.stderr
    golden.check(f"export/town.{fmt}", target.read_bytes())


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_sample_pack_matches_golden(run_cli: Any, golden: Any, fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"pack.{fmt}"
    result = run_cli(
        "export",
        str(SAMPLE),
        "-o",
        str(target),
        "--as-of",
        "2025-06-30",
        "--meeting",
        "Бюро, 2025-07-02",
    )
    assert result.exit_code == 0, result.stderr
    golden.check(f"export/almaty.{fmt}", target.read_bytes())


@pytest.mark.skipif(not has_program("git"), reason="git is not installed")
def test_since_git_revision_uses_the_model_diff(run_cli: Any, pack_file: Path) -> None:
    folder = pack_file.parent

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=folder,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", pack_file.name)
    git("commit", "-q", "-m", "first")
    pack_file.write_text(
        PACK_ROADMAP.replace(
            "owner: council\n    pledges:\n      - id: bridge",
            "owner: chair\n    pledges:\n      - id: bridge",
        ),
        encoding="utf-8",
    )
    data = _json(run_cli, str(pack_file), "--since", "git:HEAD")
    assert data["since_revision"] == "HEAD" and data["since"] is None
    assert [(c["kind"], c["item"], c["old"], c["new"]) for c in data["changes_detail"]] == [
        ("owner-changed", "roads", "council", "chair")
    ]
    assert data["changes"][0]["change"] == "owner of roads changed from council to chair"
    bad = run_cli("export", str(pack_file), "--since", "git:nosuchrev")
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1


@pytest.mark.skipif(not has_program("git"), reason="git is not installed")
def test_a_body_s_pack_keeps_what_concerns_the_body_and_the_moves(
    run_cli: Any, write_roadmap: Any
) -> None:
    """--body bureau since git:HEAD: a member leaving the Bureau, as_of moving, a status
    and the rag that moved are there; a change of the faction's member is not."""
    base = PACK_ROADMAP.replace(
        "  - {id: deputy, name: Deputy Person, bodies: [faction]}\n",
        "  - {id: deputy, name: Deputy Person, bodies: [faction]}\n"
        "  - {id: vice, name: Vice Person, bodies: [bureau]}\n",
    )
    path = write_roadmap(base, "town.yaml")
    for args in (["init", "-q"], ["add", "town.yaml"], ["commit", "-q", "-m", "first"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=path.parent, check=True, capture_output=True,
        )  # fmt: skip
    path.write_text(
        base.replace("as_of: 2025-06-30", "as_of: 2025-07-31")
        .replace("{id: vice, name: Vice Person, bodies: [bureau]}", "{id: vice, name: Vice Person, bodies: [political_council]}")
        .replace("bodies: [faction]}", "bodies: [faction], position: Deputy}")
        .replace("        status: in_progress\n        due: 2025-12-31\n        indicators:\n          - id: clinics-opened",
                 "        status: done\n        due: 2025-12-31\n        indicators:\n          - id: clinics-opened")
        .replace("              - {date: 2025-06-15, value: 1, source: Health dept}\n",
                 "              - {date: 2025-06-15, value: 1, source: Health dept}\n"
                 "              - {date: 2025-07-20, value: 4, source: Health dept}\n"),
        encoding="utf-8",
    )  # fmt: skip
    data = _json(run_cli, str(path), "--since", "git:HEAD", "--body", "bureau")
    assert [(c["kind"], c["item"], c["old"], c["new"]) for c in data["changes_detail"]] == [
        ("branch-changed", "town", "2025-06-30", "2025-07-31"),
        ("member-changed", "vice", "bureau", "political_council"),
        ("status-changed", "clinics", "in_progress", "done"),
        ("measurement-added", "clinics-opened", None, 4),
        ("rag-changed", "clinics", "red", "done"),
    ]
    lines = [c["change"] for c in data["changes"]]
    assert "member vice: bodies changed from Bureau to Political Council" in lines
    assert "clinics: red → done" in lines
    everything = _json(run_cli, str(path), "--since", "git:HEAD")
    assert ("member-changed", "deputy") in [
        (c["kind"], c["item"]) for c in everything["changes_detail"]
    ]


@pytest.mark.parametrize("name", ["town.yaml", "other.YML", "pack.Yaml"])
def test_output_never_overwrites_a_roadmap(
    run_cli: Any, pack_file: Path, tmp_path: Path, name: str
) -> None:
    before = pack_file.read_bytes()
    target = pack_file.parent / name
    for extra in ([], ["--format", "md"]):
        result = run_cli("export", str(pack_file), "-o", str(target), *extra)
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert pack_file.read_bytes() == before
    assert sorted(p.name for p in pack_file.parent.iterdir()) == ["town.yaml"]


def test_output_that_is_the_roadmap_under_another_suffix_is_refused(
    run_cli: Any, write_roadmap: Any
) -> None:
    roadmap: Path = write_roadmap(PACK_ROADMAP, "town.txt")
    result = run_cli("export", str(roadmap), "--format", "md", "-o", str(roadmap))
    assert result.exit_code == 2 and "is the roadmap itself" in result.stderr
    assert roadmap.read_text(encoding="utf-8") == PACK_ROADMAP


@pytest.mark.parametrize(("name", "shown"), [("pack.pdf", "'.pdf'"), ("pack", "'pack'")])
def test_unknown_output_extension_needs_format(
    run_cli: Any, pack_file: Path, tmp_path: Path, name: str, shown: str
) -> None:
    target = tmp_path / name
    result = run_cli("export", str(pack_file), "-o", str(target))
    assert result.exit_code == 2
    assert (
        result.stderr.count("\n") == 1 and f"cannot tell the format from {shown}" in result.stderr
    )
    assert not target.exists()
    explicit = run_cli("export", str(pack_file), "-o", str(target), "--format", "json")
    assert explicit.exit_code == 0, explicit.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["branch"]["id"] == "town"


def test_empty_output_name_is_a_usage_error(run_cli: Any, pack_file: Path) -> None:
    result = run_cli("export", str(pack_file), "-o", "")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "needs a file name" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2025-07-01"], "--since must be before the as-of date 2025-06-30"),
        (["--since", "2025-06-30"], "--since must be before the as-of date 2025-06-30"),
        (["--since", ""], "--since: '' is not a date"),
        (["--as-of", ""], "--as-of: '' is not a date"),
    ],
)
def test_bad_since_or_as_of_is_a_usage_error(
    run_cli: Any, pack_file: Path, args: list[str], message: str
) -> None:
    result = run_cli("export", str(pack_file), *args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr


def test_faction_is_not_a_pack_body(run_cli: Any, pack_file: Path) -> None:
    result = run_cli("export", str(pack_file), "--body", "faction")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "unknown body 'faction'; choose from: bureau, political_council" in result.stderr
    assert _json(run_cli, str(pack_file), "--body", "Political-Council")["body"] == (
        "political_council"
    )


# A falling target (a queue: 100 -> 0) as of 2025-06-30, expected 546/730 = 0.7479 of the way:
#  expected value 100 - 74.79 = 25.21.  q-wait at 60 is 34.79 behind; q-served at 20 is 5.21 ahead.
#  Pledge owners (as `amanat status`): alice and bob, the indicators' owners, not the section's carol.
FALLING_ROADMAP = """\
format: 1
branch:
  id: q
  name: Queue branch
  programme: P
  period: {start: 2024-01-01, end: 2025-12-31}
  as_of: 2025-06-30
members:
  - {id: alice, name: Alice, bodies: [political_council]}
  - {id: bob, name: Bob, bodies: [political_council]}
  - {id: carol, name: Carol, bodies: [bureau]}
sections:
  - id: homes
    title: Homes
    owner: carol
    pledges:
      - id: queue
        title: '=HYPERLINK("http://x")'
        status: in_progress
        due: 2025-12-31
        indicators:
          - id: q-wait
            title: '-Waiting'
            baseline: 100
            target: 0
            owner: alice
            values: [{date: 2025-06-01, value: 60}]
          - id: q-served
            title: '@Served'
            baseline: 100
            target: 0
            owner: bob
            values: [{date: 2025-06-01, value: 20}]
        feedback:
          - {date: 2025-06-10, tone: positive, channel: online, text: '=) спасибо'}
"""
EXPECTED_FALLING = 100 - 100 * 546 / 730


@pytest.fixture
def falling_file(write_roadmap: Any) -> Path:
    path: Path = write_roadmap(FALLING_ROADMAP, "q.yaml")
    return path


def test_ahead_of_trajectory_reads_the_same_for_a_falling_target(
    run_cli: Any, falling_file: Path
) -> None:
    exceptions = _json(run_cli, str(falling_file))["exceptions"]
    wait = next(e for e in exceptions if e["id"] == "q-wait")
    assert wait["ahead_of_trajectory"] == pytest.approx(-(60 - EXPECTED_FALLING))
    text = unpadded(run_cli("export", str(falling_file)).stdout)
    assert "| 60 | 25.21 | behind by 34.79 |" in text
    rows = list(
        csv.DictReader(
            io.StringIO(
                run_cli("export", str(falling_file), "--format", "csv").stdout.lstrip("\ufeff")
            )
        )
    )
    served = next(r for r in rows if r["id"] == "q-served")
    assert float(served["ahead_of_trajectory"]) == pytest.approx(EXPECTED_FALLING - 20)


def test_pledge_owners_and_percentages_agree_with_status(run_cli: Any, falling_file: Path) -> None:
    status = json.loads(run_cli("status", str(falling_file), "--format", "json").stdout)
    pledge = json.dumps(status, ensure_ascii=False)
    assert '"owners": ["alice", "bob"]' in pledge
    exceptions = _json(run_cli, str(falling_file))["exceptions"]
    queue = next(e for e in exceptions if e["id"] == "queue")
    assert (queue["owner"], queue["owner_name"]) == ("alice, bob", "Alice, Bob")
    text = unpadded(run_cli("export", str(falling_file)).stdout)
    # progress (0.4 + 0.8) / 2 = 60.0%, q-wait 40.0% against 74.8% expected
    assert "| Progress | 60.0% |" in text and "| 40.0% | 74.8% |" in text
    assert "| Alice, Bob | 60.0% |" in text


def test_csv_text_that_looks_like_a_formula_is_quoted(run_cli: Any, falling_file: Path) -> None:
    result = run_cli("export", str(falling_file), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    titles = {r["id"]: r["title"] for r in rows}
    assert titles == {
        "queue": '\'=HYPERLINK("http://x")',
        "q-wait": "'-Waiting",
        "q-served": "'@Served",
    }
    wait = next(r for r in rows if r["id"] == "q-wait")
    assert wait["ahead_of_trajectory"].startswith("-3") and float(wait["ahead_of_trajectory"]) < 0


def test_personal_brief_title_names_the_member_once(run_cli: Any, pack_file: Path) -> None:
    text = run_cli("export", str(pack_file), "--member", "chair").stdout
    assert text.splitlines()[0] == "# Personal brief for Chair Person, Town branch"
