"""`member add|edit|remove`, `assign --from OLD --to NEW` and `set-as-of`: the commands a
secretary looked for, each one locked, judged, verified and undoable like every write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from amanat_cli.read.store import load_file
from amanat_cli.write import safewrite
from tests.write.test_write_commands import BASE, changed_lines

Run = Callable[..., object]


@pytest.fixture
def roadmap(write_roadmap: Callable[..., Path]) -> Path:
    return write_roadmap(BASE, "almaty.yaml", raw=True)


def _members(path: Path) -> list[tuple[str, ...]]:
    loaded, problems = load_file(path)
    assert loaded is not None and problems == []
    return [(m.id, m.name, *map(str, m.bodies)) for m in loaded.members]


def _owners(path: Path) -> dict[str, str | None]:
    loaded, _problems = load_file(path)
    assert loaded is not None
    return {
        **{s.id: s.owner for s in loaded.sections},
        **{i.id: i.owner for i in loaded.indicators()},
    }


# --- member add ------------------------------------------------------------------


def test_member_add_appends_a_block_member(run_cli: Run, roadmap: Path) -> None:
    result = run_cli(
        "member", "add", "ospanova-a", "--name", "Оспанова Айгерим", "--body", "bureau",
        "--body", "political_council", "--email", "a.ospanova@amanat.kz", "--language", "kk",
        "-r", str(roadmap),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert result.stdout == f"added member ospanova-a (Оспанова Айгерим) to {roadmap}\n"  # type: ignore[attr-defined]
    assert changed_lines(BASE, roadmap.read_text("utf-8")) == (
        [],
        [
            "  - id: ospanova-a",
            "    name: Оспанова Айгерим",
            "    bodies: [bureau, political_council]",
            "    email: a.ospanova@amanat.kz",
            "    lang: kk",
        ],
    )
    assert len(safewrite.read_journal(roadmap).entries) == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["kaliyev-a", "--name", "X", "--body", "bureau"], 1,
         "member kaliyev-a (Калиев Арман Серикович) is already in"),
        (["Ospanova", "--name", "X", "--body", "bureau"], 2, "'Ospanova' is not a valid member id"),
        (["x", "--name", " ", "--body", "bureau"], 2, "--name: the name is empty"),
        (["x", "--name", "X"], 2, "--body: a member sits in at least one body"),
        (["x", "--name", "X", "--body", "senate"], 2, "unknown body 'senate'"),
        (["x", "--name", "X", "--body", "bureau", "--email", "x.kz"], 2,
         "--email: 'x.kz' is not an e-mail address like name@example.kz"),
        (["x", "--name", "X", "--body", "bureau", "--phone", "123"], 2,
         "--phone: '123' is not a phone number"),
        (["x", "--name", "X", "--body", "bureau", "--language", "de"], 2,
         "unknown language 'de'; choose one of: en, ru, kk"),
    ],
)  # fmt: skip
def test_member_add_refusals(
    run_cli: Run, roadmap: Path, args: list[str], code: int, message: str
) -> None:
    result = run_cli("member", "add", *args, "-r", str(roadmap))
    assert result.exit_code == code, result.stderr  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
    assert roadmap.read_text("utf-8") == BASE


def test_member_add_needs_one_roadmap(
    run_cli: Run, roadmap: Path, write_roadmap: Callable[..., Path]
) -> None:
    write_roadmap(BASE.replace("id: almaty", "id: astana"), "astana.yaml", raw=True)
    args = ("member", "add", "x", "--name", "X", "--body", "bureau", "-r", str(roadmap.parent))
    result = run_cli(*args)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "several roadmaps in scope; name the one to change with -r" in result.stderr  # type: ignore[attr-defined]


# --- member edit -----------------------------------------------------------------


def test_member_edit_changes_only_what_is_named(run_cli: Run, roadmap: Path) -> None:
    result = run_cli(
        "member", "edit", "Нурланова", "--body", "political_council,bureau", "--phone",
        "+7 701 123 45 67", "-r", str(roadmap),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert result.stdout == (  # type: ignore[attr-defined]
        f"changed bodies, phone of member nurlanova-g (Нурланова Гульнара Маратовна) in {roadmap}\n"
    )
    assert changed_lines(BASE, roadmap.read_text("utf-8")) == (
        ["    bodies: [political_council]"],
        ["    bodies: [political_council, bureau]", '    phone: "+7 701 123 45 67"'],
    )
    removed = run_cli("member", "edit", "nurlanova-g", "--phone", "", "-r", str(roadmap))
    assert removed.exit_code == 0  # type: ignore[attr-defined]
    assert "phone" not in roadmap.read_text("utf-8")
    same = run_cli("member", "edit", "nurlanova-g", "--body", "bureau,political_council",
                   "-r", str(roadmap))  # fmt: skip
    assert "already has these; nothing written" in same.stdout  # type: ignore[attr-defined]


def test_member_edit_that_would_leave_an_owner_in_the_wrong_body_is_refused(
    run_cli: Run, roadmap: Path
) -> None:
    result = run_cli("member", "edit", "kaliyev-a", "--body", "faction", "-r", str(roadmap))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr.splitlines() == [  # type: ignore[attr-defined]
        f"{roadmap}:25:12: error: sensitive section 'health' is owned by 'kaliyev-a', who is not "
        "in the Bureau; nobody in the branch is eligible; add the body to a member's bodies "
        "[sensitive-owner]",
        "amanat: this change would add 1 error to the roadmap; nothing written",
    ]
    assert roadmap.read_text("utf-8") == BASE


def test_member_edit_is_the_fix_when_it_returns_a_member_to_the_bureau(
    run_cli: Run, write_roadmap: Callable[..., Path]
) -> None:
    left = BASE.replace("    name: Калиев Арман Серикович\n    bodies: [bureau]",
                        "    name: Калиев Арман Серикович\n    bodies: [faction]")  # fmt: skip
    path = write_roadmap(left, "almaty.yaml", raw=True)
    result = run_cli("member", "edit", "Калиев", "--body", "bureau", "-r", str(path))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert "\nfixed: sensitive section 'health' is owned by 'kaliyev-a'" in result.stdout  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kaliyev-a"], "name what to change: --name, --body"),
        (["kaliyev-a", "--name", ""], "--name: the name is empty"),
        (["kaliyev-a", "--body", ","], "--body: a member sits in at least one body"),
        (["kaliev"], "unknown member 'kaliev'"),
    ],
)
def test_member_edit_refusals(run_cli: Run, roadmap: Path, args: list[str], message: str) -> None:
    extra = ["--position", "x"] if args == ["kaliev"] else []
    result = run_cli("member", "edit", *args, *extra, "-r", str(roadmap))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
    assert roadmap.read_text("utf-8") == BASE


# --- member remove ---------------------------------------------------------------


def test_member_remove_of_an_owner_lists_what_they_own(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("member", "remove", "nurlanova-g", "-r", str(roadmap))
    assert (result.exit_code, result.stderr) == (  # type: ignore[attr-defined]
        1,
        "amanat: nurlanova-g (Нурланова Гульнара Маратовна) still owns health-polyclinics-opened;"
        " nothing written — hand them over with --hand-to MEMBER\n",
    )
    assert roadmap.read_text("utf-8") == BASE


def test_member_remove_hands_everything_over_in_one_write(
    run_cli: Run, write_roadmap: Callable[..., Path]
) -> None:
    text = BASE.replace("    name: Омаров Берик\n    bodies: [faction]",
                        "    name: Омаров Берик\n    bodies: [political_council]")  # fmt: skip
    path = write_roadmap(text, "almaty.yaml", raw=True)
    result = run_cli("member", "remove", "Нурланова", "--hand-to", "omarov-b", "-r", str(path))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert result.stdout == (  # type: ignore[attr-defined]
        f"removed member nurlanova-g (Нурланова Гульнара Маратовна) from {path}; "
        "health-polyclinics-opened now owned by omarov-b (Омаров Берик)\n"
    )
    assert [m[0] for m in _members(path)] == ["kaliyev-a", "omarov-b"]
    assert _owners(path)["health-polyclinics-opened"] == "omarov-b"
    assert len(safewrite.read_journal(path).entries) == 1
    assert run_cli("undo", str(path)).exit_code == 0  # type: ignore[attr-defined]
    assert path.read_text("utf-8") == text


def test_member_remove_refuses_a_hand_over_the_rules_forbid(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("member", "remove", "kaliyev-a", "--hand-to", "Нурланова", "-r", str(roadmap))
    assert (result.exit_code, result.stderr) == (  # type: ignore[attr-defined]
        1,
        "amanat: cannot hand everything of kaliyev-a to nurlanova-g (Нурланова Гульнара "
        "Маратовна) (health: a sensitive section's owner must be in the Bureau); nothing written\n",
    )
    same = run_cli("member", "remove", "kaliyev-a", "--hand-to", "kaliyev-a", "-r", str(roadmap))
    assert same.exit_code == 2 and "--hand-to names the member being removed" in same.stderr  # type: ignore[attr-defined]
    assert roadmap.read_text("utf-8") == BASE


def test_member_remove_of_someone_who_owns_nothing(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("member", "remove", "omarov-b", "-r", str(roadmap))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert changed_lines(BASE, roadmap.read_text("utf-8")) == (
        ["  - id: omarov-b", "    name: Омаров Берик", "    bodies: [faction]"],
        [],
    )


# --- assign --from OLD --to NEW ------------------------------------------------------


def test_hand_over_moves_what_the_rules_allow_and_names_the_rest(
    run_cli: Run, write_roadmap: Callable[..., Path]
) -> None:
    text = BASE.replace("    bodies: [bureau]\n", "    bodies: [bureau, political_council]\n", 1)
    text = text.replace(
        "            target: 100\n", "            target: 100\n            owner: kaliyev-a\n"
    )
    path = write_roadmap(text, "almaty.yaml", raw=True)
    result = run_cli("assign", "--from", "Калиев", "--to", "nurlanova-g", "-r", str(path))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert result.stdout == (  # type: ignore[attr-defined]
        f"handed roads-km from kaliyev-a to nurlanova-g (Нурланова Гульнара Маратовна) in {path}\n"
    )
    assert result.stderr == (  # type: ignore[attr-defined]
        "amanat: warning: not moved: health stays with kaliyev-a: a sensitive section's owner "
        "must be in the Bureau\n"
    )
    assert _owners(path) == {
        "health": "kaliyev-a", "roads": None,
        "health-polyclinics-opened": "nurlanova-g", "roads-km": "nurlanova-g",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--from", "kaliyev-a", "--to", "nurlanova-g"], 1,
         "nothing of kaliyev-a can go to nurlanova-g (Нурланова Гульнара Маратовна): "
         "health: a sensitive section's owner must be in the Bureau"),
        (["--from", "kaliyev-a", "--to", "Калиев"], 2, "--from and --to name the same member"),
        (["--from", "kaliyev-a"], 2, "--from moves everything a member owns"),
        (["health", "--from", "kaliyev-a", "--to", "nurlanova-g"], 2,
         "--from moves everything a member owns"),
    ],
)  # fmt: skip
def test_hand_over_refusals(
    run_cli: Run, roadmap: Path, args: list[str], code: int, message: str
) -> None:
    result = run_cli("assign", *args, "-r", str(roadmap))
    assert result.exit_code == code, result.stderr  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
    assert roadmap.read_text("utf-8") == BASE


def test_hand_over_from_someone_who_owns_nothing(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("assign", "--from", "omarov-b", "kaliyev-a", "-r", str(roadmap))
    assert (result.exit_code, result.stdout) == (
        0,
        "omarov-b (Омаров Берик) owns nothing; nothing written\n",
    )  # type: ignore[attr-defined]


# --- set-as-of -------------------------------------------------------------------


def test_set_as_of_moves_the_report_date(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("set-as-of", "30.09.2025", "-r", str(roadmap))
    assert (result.exit_code, result.stdout, result.stderr) == (  # type: ignore[attr-defined]
        0, f"moved the as_of of almaty from 2025-06-30 to 2025-09-30 in {roadmap}\n", ""
    )  # fmt: skip
    assert changed_lines(BASE, roadmap.read_text("utf-8")) == (
        ["  as_of: 2025-06-30"],
        ["  as_of: 2025-09-30"],
    )
    status = run_cli("status", "--format", "json", "-r", str(roadmap))
    assert '"as_of": "2025-09-30"' in status.stdout  # type: ignore[attr-defined]
    again = run_cli("set-as-of", "2025-09-30", "-r", str(roadmap))
    assert again.stdout == "almaty is already as of 2025-09-30; nothing written\n"  # type: ignore[attr-defined]


def test_set_as_of_inserts_it_and_warns_outside_the_period(
    run_cli: Run, write_roadmap: Callable[..., Path]
) -> None:
    text = BASE.replace("  as_of: 2025-06-30\n", "")
    path = write_roadmap(text, "almaty.yaml", raw=True)
    result = run_cli("set-as-of", "2023-01-01", "-r", str(path))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert result.stdout == f"set the as_of of almaty to 2023-01-01 in {path}\n"  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        "amanat: warning: as_of 2023-01-01 is outside the period 2023-04-01 – 2027-12-31; "
        "check the date\n"
    )
    assert changed_lines(text, path.read_text("utf-8")) == ([], ["  as_of: 2023-01-01"])


def test_set_as_of_refuses_a_date_it_would_have_to_guess(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("set-as-of", "09/30/2025", "-r", str(roadmap))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "DATE: '09/30/2025' could be read more than one way" in result.stderr  # type: ignore[attr-defined]
    assert roadmap.read_text("utf-8") == BASE


def test_the_record_warning_names_the_command_that_moves_as_of(run_cli: Run, roadmap: Path) -> None:
    result = run_cli("record", "roads-km", "5", "--date", "2025-07-31", "-r", str(roadmap))
    assert "until as_of is moved (amanat set-as-of 2025-07-31)" in result.stderr  # type: ignore[attr-defined]
    assert run_cli("set-as-of", "31.07.2025", "-r", str(roadmap)).exit_code == 0  # type: ignore[attr-defined]
    shown = run_cli("show", "roads-km", "--format", "json", "-r", str(roadmap)).stdout  # type: ignore[attr-defined]
    assert '"value": 5' in shown


@pytest.mark.parametrize(
    "args",
    [["member", "edit", "kaliyev-a", "--position", "Председатель", "--lang", "ru"],
     ["set-as-of", "30.09.2025", "--lang", "kk"]],
)  # fmt: skip
def test_the_new_writes_speak_russian_and_kazakh(
    run_cli: Run, roadmap: Path, args: list[str]
) -> None:
    result = run_cli(*args, "-r", str(roadmap))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert not result.stdout.isascii()  # type: ignore[attr-defined]
