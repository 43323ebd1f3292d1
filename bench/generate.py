"""Realistic synthetic roadmaps at any size, deterministic from a seed.

    python bench/generate.py --out DIR --branches 20 --indicators 10000 --seed 1

writes DIR/<branch>.yaml for up to 20 branches named like the regional
branches of Kazakhstan (three cities of republican significance and seventeen
regions), with Cyrillic and some Kazakh titles, members in the Bureau, the
Political Council and the faction, owners that satisfy the ownership rules of
spec/ROADMAP.md (a few left unassigned: warnings, not errors), measurements in
flow and block style, feedback across districts, and comments.  Every file
passes `amanat check` with zero errors.

The same seed gives the same bytes: each branch draws from its own
`random.Random(f"{seed}:{branch_id}")`, so a branch's file does not depend on
how many other branches are generated.  Uses only the standard library.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

PERIOD_START = date(2023, 4, 1)
PERIOD_END = date(2027, 12, 31)
AS_OF = date(2025, 6, 30)

# (id, Russian name, relative size): cities of republican significance first.
BRANCHES: tuple[tuple[str, str, float], ...] = (
    ("almaty", "Алматинский городской филиал партии «AMANAT»", 3.0),
    ("astana", "Астанинский городской филиал партии «AMANAT»", 2.6),
    ("shymkent", "Шымкентский городской филиал партии «AMANAT»", 2.0),
    ("abai", "Абайский областной филиал партии «AMANAT»", 0.8),
    ("akmola", "Акмолинский областной филиал партии «AMANAT»", 0.9),
    ("aktobe", "Актюбинский областной филиал партии «AMANAT»", 1.0),
    ("almaty-region", "Алматинский областной филиал партии «AMANAT»", 1.4),
    ("atyrau", "Атырауский областной филиал партии «AMANAT»", 0.8),
    ("east-kazakhstan", "Восточно-Казахстанский областной филиал партии «AMANAT»", 0.9),
    ("zhambyl", "Жамбылский областной филиал партии «AMANAT»", 1.1),
    ("zhetysu", "Жетысуский областной филиал партии «AMANAT»", 0.7),
    ("west-kazakhstan", "Западно-Казахстанский областной филиал партии «AMANAT»", 0.7),
    ("karaganda", "Карагандинский областной филиал партии «AMANAT»", 1.1),
    ("kostanay", "Костанайский областной филиал партии «AMANAT»", 0.9),
    ("kyzylorda", "Кызылординский областной филиал партии «AMANAT»", 0.8),
    ("mangystau", "Мангистауский областной филиал партии «AMANAT»", 0.8),
    ("pavlodar", "Павлодарский областной филиал партии «AMANAT»", 0.8),
    ("north-kazakhstan", "Северо-Казахстанский областной филиал партии «AMANAT»", 0.6),
    ("turkistan", "Туркестанский областной филиал партии «AMANAT»", 1.6),
    ("ulytau", "Улытауский областной филиал партии «AMANAT»", 0.4),
)

DISTRICTS: tuple[tuple[str, str], ...] = (
    ("alatau", "Алатауский район"),
    ("almaly", "Алмалинский район"),
    ("auezov", "Ауэзовский район"),
    ("bostandyk", "Бостандыкский район"),
    ("medeu", "Медеуский район"),
    ("nauryzbay", "Наурызбайский район"),
    ("turksib", "Турксибский район"),
    ("esil", "район Есиль"),
    ("saryarka", "район Сарыарка"),
    ("baikonur", "район Байконур"),
    ("nura", "район Нура"),
    ("abay-d", "Абайский район"),
    ("al-farabi", "Аль-Фарабийский район"),
    ("karatau", "Каратауский район"),
    ("yenbekshi", "Енбекшинский район"),
    ("aksu", "Аксуский район"),
    ("burabay", "Бурабайский район"),
    ("tselinograd", "Целиноградский район"),
    ("karasai", "Карасайский район"),
    ("talgar", "Талгарский район"),
    ("ili", "Илийский район"),
    ("zhualy", "Жуалынский район"),
    ("sairam", "Сайрамский район"),
    ("tolebi", "Толебийский район"),
    ("shet", "Шетский район"),
    ("bukhar-zhyrau", "Бухар-Жырауский район"),
    ("zhanakorgan", "Жанакорганский район"),
    ("beineu", "Бейнеуский район"),
    ("ekibastuz", "город Экибастуз"),
    ("kyzylzhar", "Кызылжарский район"),
)

# topic slug, section title, socially sensitive, pledge titles, indicators, sources.
# An indicator is (title, unit, direction, low, high): "up" grows from a
# baseline near `low` to a target near `high`; "down" falls from `high` to `low`.
Indicator = tuple[str, str | None, str, float, float]


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    sensitive: bool
    pledges: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    sources: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "health",
        "Доступная и качественная медицина",
        True,
        (
            "Построить {n} поликлиник шаговой доступности",
            "Открыть {n} врачебных амбулаторий в сельских округах",
            "Сократить очереди к узким специалистам",
            "Модернизировать {n} больниц и родильных домов",
            "Ауылдық жерлерде {n} медициналық пункт ашу",
        ),
        (
            ("Введено в эксплуатацию поликлиник", "ед.", "up", 0, 12),
            ("Среднее время ожидания приёма специалиста", "дней", "down", 3, 21),
            ("Укомплектованность врачами", "%", "up", 70, 98),
            ("Больниц после модернизации", "ед.", "up", 0, 15),
        ),
        ("Управление здравоохранения", "Фонд социального медицинского страхования"),
    ),
    Topic(
        "education",
        "Комфортная школа — качественное образование для каждого ребёнка",
        True,
        (
            "Построить {n} новых школ по проекту «Комфортная школа»",
            "Ликвидировать трёхсменное обучение и аварийные школы",
            "Открыть {n} детских садов в новых микрорайонах",
            "Жаңа {n} мектеп салу және күрделі жөндеу",
        ),
        (
            ("Введено в эксплуатацию новых школ", "ед.", "up", 0, 20),
            ("Школы с трёхсменным обучением", "ед.", "down", 0, 14),
            ("Создано новых ученических мест", "мест", "up", 0, 40000),
            ("Охват детей дошкольным образованием", "%", "up", 80, 100),
        ),
        ("Управление образования", "Бюро национальной статистики"),
    ),
    Topic(
        "housing",
        "Доступное жильё для молодых семей и очередников",
        True,
        (
            "Предоставить {n} арендных квартир очередникам",
            "Расселить {n} аварийных домов",
            "Жас отбасыларға {n} пәтер беру",
        ),
        (
            ("Выдано квартир очередникам", "кв.", "up", 0, 3000),
            ("Аварийных домов", "ед.", "down", 0, 120),
            ("Очередь на жильё", "чел.", "down", 15000, 60000),
        ),
        ("Управление жилищной политики", "Жилстройсбербанк"),
    ),
    Topic(
        "roads",
        "Дороги, общественный транспорт и безопасное движение",
        False,
        (
            "Отремонтировать {n} км дорог местного значения",
            "Обновить автобусный парк: {n} новых автобусов",
            "Построить {n} пешеходных переходов у школ",
        ),
        (
            ("Отремонтировано дорог", "км", "up", 0, 400),
            ("Доля дорог в плохом состоянии", "%", "down", 8, 35),
            ("Новых автобусов на линиях", "ед.", "up", 0, 600),
        ),
        ("Управление пассажирского транспорта", "Управление дорог"),
    ),
    Topic(
        "ecology",
        "Чистый воздух и зелёный город",
        False,
        (
            "Перевести {n} частных домов на газ",
            "Высадить {n} тысяч деревьев",
            "Жасыл аймақтарды {n} гектарға кеңейту",
        ),
        (
            ("Дней с высоким загрязнением воздуха", "дней", "down", 20, 90),
            ("Высажено деревьев", "тыс.", "up", 0, 250),
            ("Площадь зелёных зон", "га", "up", 1200, 1600),
        ),
        ("«Казгидромет»", "Управление экологии и окружающей среды"),
    ),
    Topic(
        "water",
        "Питьевая вода и водоотведение в каждом доме",
        True,
        (
            "Подключить {n} сёл к центральному водоснабжению",
            "Заменить {n} км изношенных водопроводных сетей",
        ),
        (
            ("Доступ населения к питьевой воде", "%", "up", 85, 100),
            ("Изношенность водопроводных сетей", "%", "down", 30, 65),
            ("Заменено сетей водоснабжения", "км", "up", 0, 300),
        ),
        ("Управление энергетики и водоснабжения", "ГКП «Водоканал»"),
    ),
    Topic(
        "social",
        "Социальная поддержка уязвимых граждан",
        True,
        (
            "Обеспечить адресной помощью {n} семей",
            "Создать {n} инклюзивных центров для людей с инвалидностью",
            "Мүгедектігі бар адамдарға {n} оңалту орталығын ашу",
        ),
        (
            ("Семей, получивших адресную помощь", "сем.", "up", 0, 9000),
            ("Открыто инклюзивных центров", "ед.", "up", 0, 10),
            ("Доля безбарьерных соцобъектов", "%", "up", 30, 90),
        ),
        ("Управление занятости и социальных программ", "Центр занятости"),
    ),
    Topic(
        "sport",
        "Спорт и здоровый образ жизни",
        False,
        (
            "Построить {n} физкультурно-оздоровительных комплексов",
            "Открыть {n} дворовых спортивных площадок",
        ),
        (
            ("Введено ФОКов", "ед.", "up", 0, 8),
            ("Охват населения спортом", "%", "up", 30, 45),
        ),
        ("Управление физической культуры и спорта",),
    ),
    Topic(
        "business",
        "Поддержка малого и среднего бизнеса и новые рабочие места",
        False,
        (
            "Создать {n} новых рабочих мест",
            "Выдать {n} льготных микрокредитов",
            "Шағын бизнеске {n} жеңілдетілген несие беру",
        ),
        (
            ("Создано постоянных рабочих мест", "мест", "up", 0, 25000),
            ("Выдано микрокредитов", "ед.", "up", 0, 4000),
            ("Уровень безработицы", "%", "down", 4.5, 5.6),
        ),
        ("Управление предпринимательства", "Палата предпринимателей «Атамекен»"),
    ),
    Topic(
        "safety",
        "Безопасность и правопорядок",
        False,
        (
            "Установить {n} камер видеонаблюдения в жилых кварталах",
            "Сократить число ДТП с пострадавшими",
        ),
        (
            ("Установлено камер видеонаблюдения", "ед.", "up", 0, 5000),
            ("ДТП с пострадавшими", "ед.", "down", 800, 1400),
        ),
        ("Департамент полиции", "Ситуационный центр акимата"),
    ),
    Topic(
        "utilities",
        "Модернизация коммунального хозяйства",
        True,
        (
            "Модернизировать {n} котельных",
            "Заменить {n} км тепловых сетей",
            "Жылу желілерін {n} шақырымға жаңарту",
        ),
        (
            ("Износ тепловых сетей", "%", "down", 40, 75),
            ("Заменено тепловых сетей", "км", "up", 0, 180),
            ("Аварийных отключений тепла", "ед.", "down", 10, 140),
        ),
        ("Управление энергетики и ЖКХ", "АО «Теплокоммунэнерго»"),
    ),
    Topic(
        "youth",
        "Молодёжная политика",
        False,
        (
            "Открыть {n} молодёжных ресурсных центров",
            "Трудоустроить {n} выпускников колледжей",
            "Жастарға арналған {n} жұмыс орнын құру",
        ),
        (
            ("Открыто молодёжных центров", "ед.", "up", 0, 12),
            ("Трудоустроено выпускников", "чел.", "up", 0, 6000),
        ),
        ("Управление молодёжной политики",),
    ),
    Topic(
        "village",
        "Развитие села: «Ауыл — Ел бесігі»",
        False,
        (
            "Благоустроить {n} сёл по проекту «Ауыл — Ел бесігі»",
            "Провести интернет в {n} сёл",
            "«Ауыл — Ел бесігі» жобасы бойынша {n} ауылды абаттандыру",
        ),
        (
            ("Благоустроено сёл", "ед.", "up", 0, 60),
            ("Сёл с широкополосным интернетом", "%", "up", 55, 100),
        ),
        ("Управление сельского хозяйства", "Акиматы районов"),
    ),
)

EXTRA_SOURCES = ("мониторинг фракции", "общественная приёмная филиала")
MEASUREMENT_NOTES = (
    "данные за квартал, предварительные",
    "по итогам выездной проверки депутатов",
    "уточнено после сверки с акиматом",
    "без учёта объектов, введённых условно",
)

MALE_NAMES = (
    "Арман",
    "Данияр",
    "Бауыржан",
    "Мирас",
    "Ерлан",
    "Нуржан",
    "Руслан",
    "Талгат",
    "Алихан",
    "Асхат",
    "Ержан",
    "Серик",
    "Марат",
    "Кайрат",
    "Айдос",
    "Тимур",
)
FEMALE_NAMES = (
    "Гульнара",
    "Айгерим",
    "Жанар",
    "Салтанат",
    "Динара",
    "Ляззат",
    "Камила",
    "Асель",
    "Айжан",
    "Сауле",
    "Меруерт",
    "Жанна",
    "Әсел",
    "Гүлмира",
)
FATHER_NAMES = (
    "Серик",
    "Марат",
    "Бакыт",
    "Ерлан",
    "Талгат",
    "Нурлан",
    "Омар",
    "Болат",
    "Асан",
    "Кайрат",
    "Айдар",
    "Ерболат",
    "Сакен",
    "Мурат",
)
SURNAMES = (
    "Калиев",
    "Нурланов",
    "Садыков",
    "Темирханов",
    "Оспанов",
    "Абенов",
    "Искаков",
    "Бейсенов",
    "Мухаметов",
    "Жунусов",
    "Тохтаров",
    "Амиров",
    "Жумабаев",
    "Ержанов",
    "Бектуров",
    "Ахметов",
    "Султанов",
    "Омаров",
    "Касымов",
    "Байжанов",
    "Смагулов",
    "Есенов",
    "Кенжебаев",
    "Рахимов",
    "Утепов",
    "Шайхиев",
    "Дуйсенов",
    "Сатпаев",
    "Жакупов",
    "Мамыров",
    "Ибраев",
    "Тулегенов",
    "Каримов",
    "Байтурсынов",
    "Әлиев",
)
BUREAU_POSITIONS = (
    "Первый заместитель председателя филиала",
    "Секретарь Бюро",
    "Руководитель общественной приёмной филиала",
    "Руководитель социальных проектов филиала",
    "Член Бюро филиала",
)
COUNCIL_POSITIONS = (
    "Главный врач районной больницы",
    "Директор школы",
    "Инженер-строитель",
    "Эколог, член общественного совета",
    "Предприниматель",
    "Социальный работник",
    "Эксперт по транспорту",
    "Фермер",
    "Руководитель НКО",
    "Член Политсовета",
)

FEEDBACK_TEXTS = {
    "positive": (
        "Объект открыт вовремя, жители довольны",
        "Спасибо депутатам за контроль, работы идут по графику",
        "Рахмет, бәрі уақытында жасалды",
        "Во дворе наконец сделали освещение и площадку",
    ),
    "neutral": (
        "Просим сообщить сроки завершения работ",
        "Жители хотят участвовать в приёмке объекта",
        "Вопрос передан в акимат района, ждём ответа",
    ),
    "negative": (
        "Объект построен, но до сих пор не введён",
        "Работы стоят третий месяц, подрядчик не выходит на связь",
        "Цифры в отчёте не совпадают с тем, что мы видим в микрорайоне",
        "Жұмыс тоқтап тұр, ешкім жауап бермейді",
        "Очереди только выросли, несмотря на отчёты",
    ),
}
CHANNELS = ("reception", "online", "meeting", "call-center", "eOtinish")

QUARTER_ENDS = tuple(
    date(year, month, day)
    for year in range(2023, 2026)
    for month, day in ((3, 31), (6, 30), (9, 30), (12, 31))
    if PERIOD_START < date(year, month, day) <= AS_OF
)
DUE_DATES = (date(2025, 12, 31), date(2026, 6, 30), date(2026, 12, 31), date(2027, 6, 30))

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "-",
            "y",
            "-",
            "e",
            "yu",
            "ya",
            "a",
            "g",
            "k",
            "n",
            "o",
            "u",
            "u",
            "h",
            "i",
        ],
        strict=True,
    )
)
_PLAIN_UNSAFE = re.compile(r"[:#,\[\]{}&*!|>'\"%@`\\]|^[-?\s]|\s$")
_PLAIN_LOOKALIKE = re.compile(r"^[\d+.\-]|^(true|false|yes|no|on|off|null|~)$", re.IGNORECASE)


def slugify(text: str) -> str:
    """A Latin slug from Cyrillic or Kazakh text (Калиев -> kaliev)."""
    letters = "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())
    letters = letters.replace("-", "")
    return re.sub(r"[^a-z0-9]+", "-", letters).strip("-")


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when that is unambiguous, else double-quoted."""
    if _PLAIN_UNSAFE.search(text) or _PLAIN_LOOKALIKE.search(text) or not text:
        return json.dumps(text, ensure_ascii=False)
    return text


def number(value: float) -> str:
    """A plain decimal: integers without a point, others with at most one decimal."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


@dataclass
class _Member:
    id: str
    name: str
    bodies: list[str]
    position: str | None


def _members(rng: random.Random, indicators: int) -> list[_Member]:
    bureau = rng.randint(5, 8)
    council = max(8, min(60, indicators // 25))
    faction = rng.randint(3, 6)
    people: list[_Member] = []
    seen: set[str] = set()
    roles = ["bureau"] * bureau + ["political_council"] * council + ["faction"] * faction
    for index, role in enumerate(roles):
        female = rng.random() < 0.45
        surname = rng.choice(SURNAMES) + ("а" if female else "")
        first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        father = rng.choice(FATHER_NAMES)
        patronymic = father + ("овна" if female else "ович")
        if rng.random() < 0.15:
            patronymic = father + ("қызы" if female else "ұлы")
        base = f"{slugify(surname)}-{slugify(first)[0]}"
        member_id, suffix = base, 2
        while member_id in seen:
            member_id, suffix = f"{base}{suffix}", suffix + 1
        seen.add(member_id)
        bodies = [role]
        if role == "bureau" and index < bureau - 1:
            bodies.append("political_council")  # most Bureau members sit in the Council too
        if role != "faction" and rng.random() < 0.2:
            bodies.append("faction")
        positions = BUREAU_POSITIONS if role == "bureau" else COUNCIL_POSITIONS
        position = rng.choice(positions) if role != "faction" else "Депутат маслихата"
        people.append(
            _Member(
                member_id,
                f"{surname} {first} {patronymic}",
                bodies,
                position if rng.random() < 0.85 else None,
            )
        )
    return people


def _measurements(
    rng: random.Random,
    start: date,
    baseline: float,
    target: float,
    decimals: bool,
    sources: tuple[str, ...],
    finished: bool,
) -> list[str]:
    if rng.random() < 0.08 and not finished:
        return []  # no data yet: a grey indicator
    dates = [d for d in QUARTER_ENDS if d > start]
    if not dates:
        return []
    chosen = sorted(rng.sample(dates, rng.randint(1, min(6, len(dates)))))
    pace = rng.uniform(0.3, 1.3)
    lines: list[str] = []
    for when in chosen:
        elapsed = (when - start).days / (PERIOD_END - start).days
        share = min(1.0, elapsed * pace * rng.uniform(0.8, 1.2))
        value = baseline + share * (target - baseline)
        value = round(value, 1) if decimals else round(value)
        if finished and when == chosen[-1]:
            value = target  # a pledge reported done, confirmed by its figures
        source = rng.choice(sources + EXTRA_SOURCES)
        note = rng.choice(MEASUREMENT_NOTES) if rng.random() < 0.05 else None
        if rng.random() < 0.75 and note is None:
            lines.append(
                f"              - {{date: {when}, value: {number(value)}, "
                f"source: {scalar(source)}}}"
            )
        else:
            lines.append(f"              - date: {when}")
            lines.append(f"                value: {number(value)}")
            lines.append(f"                source: {scalar(source)}")
            if note:
                lines.append(f"                note: {scalar(note)}")
    if rng.random() < 0.1 and all(line.lstrip().startswith("- {") for line in lines):
        rng.shuffle(lines)  # "any order" (ROADMAP.md): readers must not rely on sorted values
    return lines


def _indicator(
    rng: random.Random,
    out: list[str],
    item_id: str,
    topic: Topic,
    owners: list[str],
    pledge_due: date,
    finished: bool,
) -> None:
    title, unit, direction, low, high = rng.choice(topic.indicators)
    decimals = not (float(low).is_integer() and float(high).is_integer()) or unit == "%"
    span = high - low
    lo = low + span * rng.uniform(0.0, 0.2)
    hi = high - span * rng.uniform(0.0, 0.2)
    lo, hi = (round(lo, 1), round(hi, 1)) if decimals else (round(lo), round(hi))
    if lo == hi:
        hi = lo + 1
    baseline, target = (lo, hi) if direction == "up" else (hi, lo)
    out.append(f"          - id: {item_id}")
    out.append(f"            title: {scalar(title)}")
    if unit is not None:
        out.append(f"            unit: {scalar(unit)}")
    out.append(f"            baseline: {number(baseline)}")
    out.append(f"            target: {number(target)}")
    start = PERIOD_START
    if rng.random() < 0.1:
        start = date(2024, 1, 1)
        out.append(f"            start: {start}")
    if rng.random() < 0.15:
        due = max(start + timedelta(days=180), pledge_due - timedelta(days=rng.randint(0, 180)))
        due = min(due, pledge_due)
        out.append(f"            due: {due}")
    if rng.random() < 0.1:
        out.append(f"            weight: {rng.choice((2, 3, 0.5))}")
    if rng.random() < 0.03:
        out.append("            # ответственный не назначен — вопрос к Политсовету")
    else:
        out.append(f"            owner: {rng.choice(owners)}")
    values = _measurements(rng, start, baseline, target, decimals, topic.sources, finished)
    if values:
        out.append("            values:")
        out.extend(values)


def _feedback(
    rng: random.Random, out: list[str], districts: list[str], count: int | None = None
) -> None:
    """A pledge's feedback: a few entries over the period, or `count` from the last 90 days."""
    if count is None:
        count = rng.choices((0, 1, 2, 3), weights=(45, 30, 15, 10))[0]
        earliest = 30
    else:
        earliest = (AS_OF - PERIOD_START).days - 89
    if not count:
        return
    out.append("        feedback:")
    for _ in range(count):
        tone = rng.choices(("positive", "neutral", "negative"), weights=(3, 2, 4))[0]
        when = PERIOD_START + timedelta(days=rng.randint(earliest, (AS_OF - PERIOD_START).days))
        out.append(f"          - date: {when}")
        out.append(f"            channel: {rng.choice(CHANNELS)}")
        out.append(f"            tone: {tone}")
        if rng.random() < 0.8:
            out.append(f"            district: {rng.choice(districts)}")
        out.append(f"            text: {scalar(rng.choice(FEEDBACK_TEXTS[tone]))}")
        if tone == "negative" or rng.random() < 0.2:
            out.append(f"            resolved: {'true' if rng.random() < 0.4 else 'false'}")


def generate_branch(
    branch_id: str,
    name: str,
    indicators: int,
    seed: int,
    feedback_counts: Iterator[int] | None = None,
) -> str:
    """The YAML text of one branch's roadmap with exactly `indicators` indicators.

    `feedback_counts`: how many feedback entries each pledge gets, in turn (drawn
    from their own generator, so the pledges are the same whatever the counts).
    """
    rng = random.Random(f"{seed}:{branch_id}")
    said = rng if feedback_counts is None else random.Random(f"{seed}:{branch_id}:feedback")
    members = _members(rng, indicators)
    bureau = [m.id for m in members if "bureau" in m.bodies]
    council = [m.id for m in members if "political_council" in m.bodies]
    districts = rng.sample(DISTRICTS, rng.randint(4, 9))
    district_ids = [slug for slug, _ in districts]
    out = [
        "# Дорожная карта исполнения предвыборной программы «Халықпен бірге!»",
        f"# {name}. Синтетические данные для замеров скорости (bench/generate.py).",
        "format: 1",
        "",
        "branch:",
        f"  id: {branch_id}",
        f"  name: {scalar(name)}",
        "  programme: «Халықпен бірге!» («Вместе с народом!») — предвыборная программа партии",
        f"  period: {{start: {PERIOD_START}, end: {PERIOD_END}}}",
        f"  as_of: {AS_OF}",
    ]
    if rng.random() < 0.5:
        out += [
            "  settings:",
            "    amber_gap: 0.10",
            "    red_gap: 0.25",
            "    stale_days: 120   # данные старше 120 дней — устаревшие",
            "    feedback_days: 90",
        ]
    out += ["", "districts:"]
    out += [f"  {slug}: {scalar(title)}" for slug, title in districts]
    out += ["", "# Состав (вымышленные лица).", "members:"]
    for member in members:
        out.append(f"  - id: {member.id}")
        out.append(f"    name: {scalar(member.name)}")
        out.append(f"    bodies: [{', '.join(member.bodies)}]")
        if member.position:
            out.append(f"    position: {scalar(member.position)}")
    out += ["", "sections:"]
    remaining, used = indicators, 0
    while remaining > 0:
        topic = TOPICS[used % len(TOPICS)]
        round_ = used // len(TOPICS) + 1
        section_id = topic.slug if round_ == 1 else f"{topic.slug}-s{round_}"
        used += 1
        out += ["", "  # " + "=" * 60, f"  - id: {section_id}", f"    title: {scalar(topic.title)}"]
        if topic.sensitive:
            out.append("    sensitive: true")
        if rng.random() < 0.04:
            out.append("    owner: null   # на рассмотрении Бюро")
        else:
            out.append(f"    owner: {rng.choice(bureau if topic.sensitive else bureau + council)}")
        out.append("    pledges:")
        for number_in_section in range(1, rng.randint(3, 8) + 1):
            if remaining <= 0:
                break
            pledge_id = f"{section_id}-p{number_in_section}"
            title = rng.choice(topic.pledges).format(n=rng.choice((3, 5, 6, 10, 12, 20, 45)))
            if rng.random() < 0.5:
                title += " — " + rng.choice(districts)[1]
            status = rng.choices(
                ("in_progress", "planned", "done", "cancelled"), weights=(70, 15, 12, 3)
            )[0]
            due = rng.choice((*DUE_DATES, PERIOD_END))
            out += [
                f"      - id: {pledge_id}",
                f"        title: {scalar(title)}",
                f"        status: {status}",
            ]
            if due != PERIOD_END:
                out.append(f"        due: {due}")
            if rng.random() < 0.2:
                out.append(f"        weight: {rng.choice((2, 3))}")
            if rng.random() < 0.6:
                chosen = rng.sample(district_ids, rng.randint(1, min(3, len(district_ids))))
                out.append(f"        districts: [{', '.join(chosen)}]")
            count = min(remaining, rng.randint(1, 4))
            remaining -= count
            out.append("        indicators:")
            for index in range(1, count + 1):
                finished = status == "done" and rng.random() < 0.9
                _indicator(rng, out, f"{pledge_id}-{index}", topic, council, due, finished)
            _feedback(
                said, out, district_ids, next(feedback_counts, 0) if feedback_counts else None
            )
    return "\n".join(out) + "\n"


def feedback_branch(feedback: int, seed: int, indicators: int = 200) -> str:
    """One branch (almaty) whose first pledge has `feedback` entries of the last 90 days.

    For the export benchmark: a flood of complaints about one pledge, the case where
    the pack compared each entry with all the pledge's recent negative ones
    (quadratic).  The rest of the file is the same whatever `feedback` is.
    """
    branch_id, name, _weight = BRANCHES[0]
    return generate_branch(branch_id, name, indicators, seed, iter((feedback,)))


def split(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, summing exactly to `total`."""
    whole = sum(weights)
    counts = [int(total * w / whole) for w in weights]
    for index in sorted(range(len(weights)), key=lambda i: -weights[i])[: total - sum(counts)]:
        counts[index] += 1
    return counts


def generate_set(out: Path, branches: int, indicators: int, seed: int) -> list[Path]:
    """Write `branches` roadmap files with `indicators` indicators in all; return their paths."""
    if not 1 <= branches <= len(BRANCHES):
        raise ValueError(f"branches must be between 1 and {len(BRANCHES)}")
    chosen = BRANCHES[:branches]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for (branch_id, name, _), count in zip(
        chosen, split(indicators, [w for _, _, w in chosen]), strict=True
    ):
        path = out / f"{branch_id}.yaml"
        path.write_bytes(generate_branch(branch_id, name, max(1, count), seed).encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line: write a set of synthetic roadmaps."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--branches", type=int, default=20, help="1 to 20 (default 20)")
    parser.add_argument("--indicators", type=int, default=10000, help="in all (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    paths = generate_set(args.out, args.branches, args.indicators, args.seed)
    size = sum(p.stat().st_size for p in paths)
    sys.stderr.write(f"wrote {len(paths)} files, {size / 1e6:.1f} MB, to {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
