"""A write may be the fix: allowed when it adds no error, and it says which errors it removed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from amanat_cli.model import Body, Member
from amanat_cli.read.store import open_store
from amanat_cli.write import changes, safewrite
from tests.write.test_write_commands import BASE, changed_lines

Run = Callable[..., object]

LEFT_THE_BUREAU = BASE.replace(
    "    name: Калиев Арман Серикович\n    bodies: [bureau]",
    "    name: Калиев Арман Серикович\n    bodies: [political_council]",
).replace(
    "    name: Омаров Берик\n    bodies: [faction]", "    name: Омаров Берик\n    bodies: [bureau]"
)
"""kaliyev-a has left the Bureau but still owns the sensitive section health."""

SENSITIVE_OWNER = (
    "sensitive section 'health' is owned by 'kaliyev-a', who is not in the Bureau; "
    "choose one of: omarov-b (Омаров Берик) [sensitive-owner]"
)


@pytest.fixture
def broken(write_roadmap: Callable[..., Path]) -> Path:
    return write_roadmap(LEFT_THE_BUREAU, "almaty.yaml", raw=True)


def test_the_fix_is_written_and_named(run_cli: Run, broken: Path) -> None:
    assert run_cli("check", str(broken)).exit_code == 1  # type: ignore[attr-defined]
    result = run_cli("assign", "health", "omarov-b", "-r", str(broken))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert result.stdout == (  # type: ignore[attr-defined]
        f"assigned health to omarov-b (Омаров Берик) in {broken}\nfixed: {SENSITIVE_OWNER}\n"
    )
    assert changed_lines(LEFT_THE_BUREAU, broken.read_text("utf-8")) == (
        ["    owner: kaliyev-a"],
        ["    owner: omarov-b"],
    )
    assert run_cli("check", str(broken)).exit_code == 0  # type: ignore[attr-defined]


def test_the_fix_in_russian(run_cli: Run, broken: Path) -> None:
    result = run_cli("assign", "health", "Омаров", "--lang", "ru", "-r", str(broken))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert "\nисправлено: за социально чувствительный раздел 'health' отвечает 'kaliyev-a'" in (
        result.stdout  # type: ignore[attr-defined]
    )


def test_a_write_beside_an_error_keeps_it_and_goes_ahead(run_cli: Run, broken: Path) -> None:
    result = run_cli("record", "roads-km", "5", "--date", "2025-06-30", "-r", str(broken))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert "fixed" not in result.stdout  # type: ignore[attr-defined]
    assert len(safewrite.read_journal(broken).entries) == 1
    check = run_cli("check", str(broken))
    assert check.exit_code == 1 and SENSITIVE_OWNER in check.stdout  # type: ignore[attr-defined]


def test_a_dry_run_of_the_fix_prints_only_the_diff(run_cli: Run, broken: Path) -> None:
    result = run_cli("assign", "health", "omarov-b", "--dry-run", "-r", str(broken))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert result.stdout.startswith(f"--- {broken}")  # type: ignore[attr-defined]
    assert "fixed" not in result.stdout  # type: ignore[attr-defined]
    assert broken.read_text("utf-8") == LEFT_THE_BUREAU


def test_a_file_that_cannot_be_read_whole_is_still_refused(
    run_cli: Run, write_roadmap: Callable[..., Path]
) -> None:
    text = BASE.replace("    owner: kaliyev-a\n", "    ownr: kaliyev-a\n")
    path = write_roadmap(text, "almaty.yaml", raw=True)
    result = run_cli("assign", "health", "kaliyev-a", "-r", str(path))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert f"{path}:25:5: error: unknown key 'ownr'" in result.stderr  # type: ignore[attr-defined]
    assert "the roadmap has 1 error; fix it before changing it" in result.stderr  # type: ignore[attr-defined]
    assert path.read_text("utf-8") == text


def test_a_change_that_adds_an_error_is_refused_with_it(
    write_roadmap: Callable[..., Path],
) -> None:
    from amanat_cli.read.store import load_file
    from amanat_cli.write.edit import ItemEdit, SetKey, update_item

    path = write_roadmap(LEFT_THE_BUREAU, "almaty.yaml", raw=True)

    def plan(roadmap: changes.Roadmap, today: date) -> changes.Plan:
        flat = update_item(roadmap, "roads-km", lambda item: replace(item, target=0))
        return changes.Plan([ItemEdit("roads-km", SetKey((), "target", 0))], flat, "flattened")

    with pytest.raises(changes.AddsErrors) as refused:
        changes.write_change(open_store(), path, plan, dry_run=False, today=date(2026, 1, 1))
    assert refused.value.message == (
        "this change would add 1 error to the roadmap; nothing written"
    )
    [added] = refused.value.problems
    assert (added.rule, added.source and added.source.line) == ("target-equals-baseline", 55)
    assert path.read_text("utf-8") == LEFT_THE_BUREAU
    loaded, _problems = load_file(path)
    assert loaded is not None and loaded.indicators()[1].target == 100


def test_an_error_is_the_same_error_though_its_words_change(
    write_roadmap: Callable[..., Path],
) -> None:
    """A member joining the Bureau lengthens the 'choose one of' list: not a new error."""
    from amanat_cli.read.store import load_file

    path = write_roadmap(LEFT_THE_BUREAU, "almaty.yaml", raw=True)
    loaded, _problems = load_file(path)
    assert loaded is not None
    joined = replace(loaded.members[1], bodies=(Body.POLITICAL_COUNCIL, Body.BUREAU))
    members = (loaded.members[0], joined, loaded.members[2])
    plan = changes.Plan([], replace(loaded, members=members), "")
    assert changes._judge(loaded, plan, date(2026, 1, 1)) == ()


@pytest.mark.parametrize(("count", "ellipsis"), [(10, False), (11, True)])
def test_the_eligible_are_all_named_up_to_ten(count: int, ellipsis: bool) -> None:
    from amanat_cli.check.rules import names_of

    members = [Member(f"m{n}", f"Member {n}", (Body.BUREAU,)) for n in range(count)]
    said = names_of(members)
    assert said.count("(Member ") == 10
    assert said.endswith(", …") is ellipsis


def test_the_refusal_names_ten_eligible_members_without_dots(
    run_cli: Run, write_roadmap: Callable[..., Path]
) -> None:
    bureau = "".join(f"  - {{id: b{n}, name: Бюро {n}, bodies: [bureau]}}\n" for n in range(1, 10))
    text = BASE.replace("members:\n", "members:\n" + bureau)
    path = write_roadmap(text, "almaty.yaml", raw=True)
    result = run_cli("assign", "health", "nurlanova-g", "-r", str(path))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    message = result.stderr  # type: ignore[attr-defined]
    assert "eligible: b1 (Бюро 1), " in message and "b9 (Бюро 9), kaliyev-a (Калиев" in message
    assert "…" not in message


def test_beside_a_rule_error_an_unknown_id_is_only_unknown(run_cli: Run, broken: Path) -> None:
    result = run_cli("assign", "helth", "omarov-b", "-r", str(broken))
    assert (result.exit_code, result.stderr) == (  # type: ignore[attr-defined]
        2,
        "amanat: unknown item id 'helth'; did you mean: health?\n",
    )
