"""`amanat schema` and `amanat init`: the schema validates real roadmaps, the skeleton is clean."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from amanat_cli.read.schema import roadmap_schema
from amanat_cli.write.skeleton import skeleton_text
from tests.conftest import REPO, SAMPLE


def _plain_yaml(text: str) -> Any:
    """YAML as JSON-like data, dates turned back into the ISO text the user wrote."""

    def iso(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: iso(value) for key, value in node.items()}
        if isinstance(node, list):
            return [iso(value) for value in node]
        if isinstance(node, date):
            return node.isoformat()
        return node

    return iso(yaml.safe_load(text))


def _validator() -> jsonschema.Draft202012Validator:
    schema = roadmap_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(data: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(data)]


def test_schema_command_prints_draft_2020_12(run_cli: Any) -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed["additionalProperties"] is False
    assert printed["$defs"]["pledge"]["properties"]["status"]["enum"] == [
        "planned",
        "in_progress",
        "done",
        "cancelled",
        None,
    ]


def test_sample_roadmap_validates_against_the_schema() -> None:
    assert _errors(_plain_yaml(SAMPLE.read_text(encoding="utf-8"))) == []


def test_skeleton_validates_against_the_schema() -> None:
    assert _errors(_plain_yaml(skeleton_text(date(2025, 6, 30)))) == []


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda d: d["branch"].update(nmae="x"), "Additional properties"),
        (lambda d: d["sections"][0]["pledges"][0].update(status="finished"), "finished"),
        (lambda d: d["branch"]["period"].update(start="2025-13-01"), "2025-13-01"),
        (lambda d: d["members"][0].update(id="Bad Id"), "Bad Id"),
        (lambda d: d["members"][0].update(bodies=["senate"]), "senate"),
        (lambda d: d["sections"][0]["pledges"][0]["indicators"][0].pop("target"), "target"),
    ],
)
def test_schema_rejects_typos_and_bad_values(change: Any, complaint: str) -> None:
    data = _plain_yaml(skeleton_text(date(2025, 6, 30)))
    change(data)
    errors = _errors(data)
    assert errors and complaint in " ".join(errors)


def test_init_writes_a_skeleton_and_refuses_to_overwrite(run_cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "astana.yaml"
    first = run_cli("init", str(target), "--as-of", "2025-06-30")
    assert first.exit_code == 0, first.stderr
    written = target.read_text(encoding="utf-8")
    assert written == skeleton_text(date(2025, 6, 30), "astana")
    assert "\n  id: astana " in written
    assert written.startswith("# yaml-language-server: $schema=")
    assert "period: {start: 2025-01-01, end: 2029-12-31}" in written

    target.write_text("mine", encoding="utf-8")
    second = run_cli("init", str(target))
    assert second.exit_code == 2
    assert "exists; nothing written" in second.stderr
    assert target.read_text(encoding="utf-8") == "mine"


def test_init_creates_missing_folders(run_cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "new" / "roadmaps" / "astana.yaml"
    result = run_cli("init", str(target), "--as-of", "2025-06-30")
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8") == skeleton_text(date(2025, 6, 30), "astana")
    assert run_cli("check", str(target)).exit_code == 0


def test_init_under_a_file_is_a_usage_error(run_cli: Any, tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("", encoding="utf-8")
    result = run_cli("init", str(tmp_path / "blocker" / "x.yaml"))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "cannot write" in result.stderr


@pytest.mark.parametrize(
    ("name", "branch"),
    [
        ("Astana City.yml", "my-branch"),
        ("shymkent-2025.YAML", "shymkent-2025"),
        ("Аксу.yaml", "my-branch"),
    ],
)
def test_init_branch_id_from_the_file_name_when_it_is_a_slug(
    run_cli: Any, tmp_path: Path, name: str, branch: str
) -> None:
    result = run_cli("init", str(tmp_path / name))
    assert result.exit_code == 0, result.stderr
    assert f"\n  id: {branch} " in (tmp_path / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["astana.txt", "astana", "astana.json"])
def test_init_refuses_a_name_folder_scans_would_skip(
    run_cli: Any, tmp_path: Path, name: str
) -> None:
    result = run_cli("init", str(tmp_path / name))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "folder scans read only *.yaml" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["schema"], ["init", "x.yaml"]])
def test_schema_and_init_take_lang_and_color(
    run_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(*command, "--lang", "en", "--color", "never")
    assert result.exit_code == 0, result.stderr


def test_init_empty_as_of_is_not_a_date(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path / "a.yaml"), "--as-of", "")
    assert result.exit_code == 2 and "--as-of: '' is not a date" in result.stderr


def test_init_comments_are_translated_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from amanat_cli.write import skeleton

    monkeypatch.setattr(skeleton, "_", lambda text: "[" + text + "]")
    text = skeleton_text(date(2025, 6, 30))
    assert "# [must be in the Political Council]" in text
    assert 'title: "[Clinics opened]"' in text  # translated data text stays valid YAML
    assert "  - id: health-clinics-opened" in text  # keys and ids are not translated
    assert _errors(_plain_yaml(text)) == []


def test_init_skeleton_passes_check_with_no_error_and_no_warning(
    run_cli: Any, tmp_path: Path
) -> None:
    target = tmp_path / "new.yaml"
    assert run_cli("init", str(target)).exit_code == 0
    checked = run_cli("check", "--strict", str(target))
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    assert "warning" not in checked.stdout + checked.stderr


def test_help_skeleton_and_readme_name_the_schema_file_alike(run_cli: Any) -> None:
    """One file name for the saved schema: `schema --help`, `init`'s header and the README."""
    named = re.compile(r"amanat[.-]schema\.json")
    helped = set(named.findall(run_cli("schema", "--help").stdout))
    skeleton = set(named.findall(skeleton_text(date(2025, 1, 1), "town")))
    readme = set(named.findall((REPO / "README.md").read_text(encoding="utf-8")))
    assert helped == skeleton == readme == {"amanat.schema.json"}
