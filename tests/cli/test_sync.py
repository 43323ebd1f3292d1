"""`amanat sync` end to end, and the report commands reading what it gathered."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from amanat_cli.model import Source
from tests.conftest import SAMPLE, Result
from tests.gitrepos import Upstream, git, write_manifest

pytestmark = pytest.mark.usefixtures("git_identity")

RunCli = Callable[..., Result]
MakeUpstream = Callable[..., Upstream]


def roadmap_of(branch_id: str) -> str:
    """The sample roadmap, as branch `branch_id`'s."""
    return SAMPLE.read_text("utf-8").replace("  id: almaty\n", f"  id: {branch_id}\n", 1)


@pytest.fixture
def office(
    tmp_path: Path, upstream: MakeUpstream, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Upstream]:
    """The national office's folder (the current one) with a manifest of two branches."""
    made = {}
    for branch_id in ("astana", "shymkent"):
        made[branch_id] = upstream(branch_id)
        made[branch_id].publish(roadmap_of(branch_id), f"roadmaps/{branch_id}.yaml")
    folder = tmp_path / "office"
    folder.mkdir()
    write_manifest(
        folder,
        [{"id": b, "remote": u.url, "path": f"roadmaps/{b}.yaml"} for b, u in made.items()],
    )
    monkeypatch.chdir(folder)
    return made


def test_sync_clones_then_finds_everything_up_to_date(
    run_cli: RunCli, office: dict[str, Upstream]
) -> None:
    first = run_cli("sync")
    assert (first.exit_code, first.stderr) == (0, "")
    assert first.stdout == "astana: cloned\nshymkent: cloned\n2 cloned\n"
    second = run_cli("sync", "--jobs", "1")
    assert (second.exit_code, second.stdout) == (0, "2 up to date\n")


def test_sync_reports_each_failure_and_exits_1(
    run_cli: RunCli, office: dict[str, Upstream]
) -> None:
    assert run_cli("sync").exit_code == 0
    before = git("rev-parse", "HEAD", cwd=Path("branches/astana"))
    office["astana"].publish(roadmap_of("astana") + "# amended\n", "roadmaps/astana.yaml")
    after = office["astana"].head()
    office["shymkent"].remove()
    result = run_cli("sync")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"astana: updated {before[:7]}..{after[:7]}",
        f"shymkent: unreachable — '{office['shymkent'].url}' does not appear to be a git "
        "repository",
        "1 updated; 1 unreachable: shymkent",
    ]


def test_a_manifest_named_from_another_folder(
    run_cli: RunCli, office: dict[str, Upstream], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir("..")
    result = run_cli("sync", "office/branches.yaml")
    assert (result.exit_code, result.stdout) == (0, "astana: cloned\nshymkent: cloned\n2 cloned\n")
    assert Path("office/branches/astana/roadmaps/astana.yaml").is_file()


def test_the_summary_is_translated(run_cli: RunCli, office: dict[str, Upstream]) -> None:
    run_cli("sync")
    office["shymkent"].remove()
    english = run_cli("sync").stdout.splitlines()[-1]
    assert english == "1 up to date; 1 unreachable: shymkent"
    assert run_cli("sync", "--lang", "ru").stdout.splitlines()[-1] == (
        "без изменений: 1; недоступно: 1 (shymkent)"
    )
    assert run_cli("sync", "--lang", "kk").stdout.splitlines()[-1] == (
        "өзгеріссіз: 1; қолжетімсіз: 1 (shymkent)"
    )


def test_a_missing_manifest_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("sync", str(tmp_path / "nowhere.yaml"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"amanat: {tmp_path / 'nowhere.yaml'}: no such file; name the branches manifest, "
        "e.g. amanat sync national/branches.yaml\n"
    )


def test_a_broken_manifest_syncs_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    manifest = tmp_path / "branches.yaml"
    manifest.write_text(
        "format: 1\nbranches:\n  - id: almaty\n    remote: --upload-pack=x\n    pth: a.yaml\n",
        encoding="utf-8",
    )
    result = run_cli("sync", str(manifest))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{manifest}:3:5: error: branch 'almaty' has no 'path' [required]",
        f"{manifest}:4:13: error: remote '--upload-pack=x' starts with '-', which git would "
        "read as an option [remote]",
        f"{manifest}:5:5: error: unknown key 'pth' in a branch; did you mean 'path'? [unknown-key]",
        "amanat: the manifest has 3 errors; nothing was synced",
    ]
    assert not (tmp_path / "branches").exists()


@pytest.mark.parametrize("jobs", ["0", "many"])
def test_jobs_must_be_a_positive_number(run_cli: RunCli, jobs: str) -> None:
    result = run_cli("sync", "--jobs", jobs)
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


# --- the report commands read the synced roadmaps --------------------------------------


def branch_ids(result: Result) -> list[str]:
    return [branch["id"] for branch in json.loads(result.stdout)["branches"]]


def test_status_of_the_manifest_reads_every_synced_roadmap(
    run_cli: RunCli, office: dict[str, Upstream]
) -> None:
    run_cli("sync")
    result = run_cli("status", "branches.yaml", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert branch_ids(result) == ["astana", "shymkent"]
    by_folder = run_cli("status", "-r", ".", "--format", "json")  # a folder holding the manifest
    assert branch_ids(by_folder) == ["astana", "shymkent"]
    by_environment = run_cli("status", "--format", "json", env={"AMANAT_ROADMAPS": "branches.yaml"})
    assert branch_ids(by_environment) == ["astana", "shymkent"]


def test_the_sync_folder_itself_points_to_the_manifest(
    run_cli: RunCli, office: dict[str, Upstream]
) -> None:
    run_cli("sync")
    result = run_cli("status", "branches")
    assert (result.exit_code, result.stderr) == (
        2,
        "amanat: branches: no *.yaml roadmap files in this folder; "
        "name the branches manifest instead, e.g. branches.yaml\n",
    )


def test_a_branch_not_synced_is_left_out_with_a_warning(
    run_cli: RunCli, office: dict[str, Upstream]
) -> None:
    office["shymkent"].remove()
    assert run_cli("sync").exit_code == 1
    result = run_cli("status", "branches.yaml", "--format", "json")
    assert result.exit_code == 0
    assert branch_ids(result) == ["astana"]
    warning = (
        "branches.yaml:6:5: warning: branch 'shymkent' is not synced yet "
        f"(no {Path('branches/shymkent/roadmaps/shymkent.yaml')}); "
        "run `amanat sync branches.yaml` [not-synced]"
    )
    assert result.stderr == warning + "\n"
    check = run_cli("check", "branches.yaml")
    assert warning in check.stdout.splitlines()


def test_reports_before_any_sync_say_what_to_do(
    run_cli: RunCli, office: dict[str, Upstream]
) -> None:
    result = run_cli("status", "branches.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "amanat: branches.yaml: no branch is synced yet; run `amanat sync branches.yaml` first\n"
    )


def test_a_broken_manifest_stops_a_report_at_its_first_problem(
    run_cli: RunCli, tmp_path: Path
) -> None:
    manifest = tmp_path / "branches.yaml"
    manifest.write_text("format: 1\nbranches:\n  - id: Almaty\n    remot: x\n", encoding="utf-8")
    result = run_cli("status", str(manifest))
    assert result.exit_code == 2
    assert result.stderr == (
        f"amanat: {manifest}:3:5: branch 'Almaty' has no 'remote' [required] "
        f"(and 3 more; `amanat sync {manifest}` lists them all)\n"
    )


# --- the progress bar ---------------------------------------------------------------------


def test_a_progress_bar_on_a_terminal_wiped_when_done() -> None:
    from amanat_cli.cli.commands.sync import _ProgressBar
    from amanat_cli.read.gitsync import Outcome, SyncResult
    from amanat_cli.read.manifest import BranchRepo

    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=80)
    branch = BranchRepo("astana", "/srv/astana.git", "a.yaml", None, Source("branches.yaml", 3, 5))
    with _ProgressBar(console, 2) as progress:
        assert progress is not None
        progress(SyncResult(branch, Outcome.CLONED), 1, 2)
    shown = stream.getvalue()
    assert "syncing branches" in shown
    assert "1/2" in shown
    assert "astana" in shown


def test_no_progress_bar_when_piped() -> None:
    from amanat_cli.cli.commands.sync import _ProgressBar

    stream = io.StringIO()
    with _ProgressBar(Console(file=stream), 2) as progress:
        assert progress is None
    assert stream.getvalue() == ""


def test_the_defaults_of_the_options_are_the_engines() -> None:
    import inspect

    from amanat_cli.cli.app import build_app
    from amanat_cli.read.gitsync import JOBS, TIMEOUT

    (command,) = [c for c in build_app("sync").registered_commands if c.name is None]
    defaults = inspect.signature(command.callback).parameters  # type: ignore[arg-type]
    assert (defaults["jobs"].default, defaults["timeout"].default) == (JOBS, TIMEOUT)
