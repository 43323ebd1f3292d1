"""Members and districts as people say them: surname, start of the name, any language."""

from __future__ import annotations

from datetime import date

import pytest

from amanat_cli.cli.exits import ExitCode, exit_code
from amanat_cli.errors import AmanatError
from amanat_cli.model import Body, Branch, Member, Period, Pledge, Roadmap, Section, Status
from amanat_cli.read.scope import find, find_district, find_member, fold, member_id

_PERIOD = Period(date(2023, 4, 1), date(2027, 12, 31))


def _roadmap(branch: str = "almaty", *members: Member) -> Roadmap:
    pledge = Pledge("p", "P", Status.PLANNED, _PERIOD.end, districts=("eski",))
    return Roadmap(
        f"{branch}.yaml",
        Branch(branch, "B", "P", _PERIOD),
        districts={
            "alatau": "Алатауский район",
            "almaly": "Алмалинский район",
            "auezov": "Ауэзовский район",
            "zhetysu": "Жетысуский район",
            "turksib": "Турксибский район",
        },
        members=members,
        sections=(Section("s", "S", pledges=(pledge,)),),
    )


MEMBERS = (
    Member("temirkhanov-d", "Темирханов Данияр Ерланович", (Body.BUREAU,)),
    Member("kaliyev-a", "Калиев Арман Серикович", (Body.BUREAU,)),
    Member("kaliyeva-s", "Калиева Сауле Маратовна", (Body.POLITICAL_COUNCIL,)),
    Member("abenova-zh", "Абенова Жанар Тимуровна", (Body.POLITICAL_COUNCIL,)),
    Member("abenova-a", "Абенова Айгуль Серіковна", (Body.POLITICAL_COUNCIL,)),
    Member("fedorov-p", "Фёдоров Пётр", (Body.FACTION,)),
)
ROADMAP = _roadmap("almaty", *MEMBERS)


def test_fold_evens_case_yo_and_kazakh_letters() -> None:
    assert fold("  Фёдоров  ПЁТР ") == "федоров петр"
    assert fold("Әуезов ауданы") == fold("ауезов ауданы")
    assert fold("Жетісу") == fold("Жетысу")
    assert fold("Ж.Т.") == "ж т"


@pytest.mark.parametrize(
    ("said", "member"),
    [
        ("temirkhanov-d", "temirkhanov-d"),
        ("Темирханов", "temirkhanov-d"),
        ("темирх", "temirkhanov-d"),
        ("Темирханов Данияр Ерланович", "temirkhanov-d"),
        ("Калиев", "kaliyev-a"),  # a whole surname wins over Калиева, which it begins
        ("Калиева", "kaliyeva-s"),
        ("Абенова Ж. Т.", "abenova-zh"),
        ("Абенова Ж.Т.", "abenova-zh"),
        ("абенова а", "abenova-a"),
        ("Федоров", "fedorov-p"),
        ("almaty:Темирханов", "temirkhanov-d"),
    ],
)
def test_a_member_by_id_surname_or_start_of_the_name(said: str, member: str) -> None:
    assert find_member([ROADMAP], said).id == member


@pytest.mark.parametrize(
    ("said", "message"),
    [
        ("Абенова", "'Абенова' names more than one member; did you mean: abenova-zh (Абенова "
         "Жанар Тимуровна), abenova-a (Абенова Айгуль Серіковна)?"),
        ("Кал", "did you mean: kaliyev-a (Калиев Арман Серикович), kaliyeva-s (Калиева"),
        ("kaliev-a", "unknown member 'kaliev-a'; did you mean: kaliyev-a, kaliyeva-s?"),
        ("Данияр", "unknown member 'Данияр'"),
    ],
)  # fmt: skip
def test_an_ambiguous_or_unknown_member_is_a_usage_error(said: str, message: str) -> None:
    with pytest.raises(AmanatError) as refused:
        find_member([ROADMAP], said)
    assert exit_code(refused.value) == ExitCode.USAGE
    assert message in refused.value.message


def test_an_item_id_wins_and_names_are_only_for_members() -> None:
    assert find([ROADMAP], "s").item.id == "s"
    with pytest.raises(AmanatError, match="unknown item id 'Темирханов'"):
        find([ROADMAP], "Темирханов", members=False)
    assert find([ROADMAP], "Темирханов").item.id == "temirkhanov-d"  # show takes both


def test_one_member_in_two_branch_files_is_one_id_to_a_filter() -> None:
    other = _roadmap("astana", MEMBERS[0])
    assert member_id([ROADMAP, other], "Темирханов") == "temirkhanov-d"
    assert member_id([ROADMAP, other], "temirkhanov-d") == "temirkhanov-d"
    with pytest.raises(
        AmanatError, match="write one of: almaty:temirkhanov-d, astana:temirkhanov-d"
    ):
        find_member([ROADMAP, other], "Темирханов")


@pytest.mark.parametrize(
    ("said", "slug"),
    [
        ("alatau", "alatau"),
        ("Алатау", "alatau"),
        ("алатауский район", "alatau"),
        ("Алатау ауданы", "alatau"),
        ("Әуезов", "auezov"),
        ("Ауэзовский", "auezov"),
        ("Auezov", "auezov"),
        ("Жетісу ауданы", "zhetysu"),
        ("Түрксіб", "turksib"),
        ("eski", "eski"),  # named by a pledge only
    ],
)
def test_a_district_by_slug_or_name_in_any_language(said: str, slug: str) -> None:
    assert find_district([ROADMAP], said) == slug


@pytest.mark.parametrize(
    ("said", "message"),
    [
        ("Ал", "'Ал' names more than one district; did you mean: alatau (Алатауский район), "
         "almaly (Алмалинский район)?"),
        ("medeo", "unknown district 'medeo'"),
        ("район", "unknown district 'район'"),
    ],
)  # fmt: skip
def test_an_ambiguous_or_unknown_district_is_a_usage_error(said: str, message: str) -> None:
    with pytest.raises(AmanatError) as refused:
        find_district([ROADMAP], said)
    assert exit_code(refused.value) == ExitCode.USAGE
    assert message in refused.value.message
