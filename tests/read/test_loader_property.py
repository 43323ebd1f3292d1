"""Property: a mangled roadmap never crashes the loader, and every problem is well-formed.

A realistic roadmap (and the shipped sample, when it is there) is mutated the
ways people and editors break files: lines deleted or doubled, characters
swapped, the file cut short, YAML indicators, tabs, NUL, U+2028 and broken
UTF-8 bytes inserted.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amanat_cli.model import Severity
from amanat_cli.read.loader import load_bytes
from amanat_cli.read.yamltree import YMap, YNode, YScalar, YSeq, decode, parse_tree
from tests.conftest import SAMPLE

ROADMAP = """\
# Дорожная карта филиала — пример для проверки загрузчика
format: 1
branch:
  id: almaty
  name: Алматинский городской филиал партии «AMANAT»
  programme: «Халықпен бірге!» — предвыборная программа по городу Алматы
  period: {start: 2023-04-01, end: 2027-12-31}
  as_of: 2025-06-30
  settings:
    amber_gap: 0.10
    red_gap: 0.25
    stale_days: 120
    feedback_days: 90
districts:
  alatau: Алатауский район
  medeu: Медеуский район
members:
  - id: kaliyev-a
    name: Калиев Арман Серикович
    bodies: [bureau, political_council]
    position: Заместитель председателя филиала
  - id: nurlanova-g
    name: Нурланова Гульнара
    bodies: [political_council]
sections:
  - id: health
    title: Доступная и качественная медицина
    sensitive: true
    owner: kaliyev-a
    pledges:
      - id: health-polyclinics
        title: Построить 6 поликлиник в Алатауском районе
        status: in_progress
        due: 2026-12-31
        weight: 2
        districts: [alatau]
        indicators:
          - id: health-polyclinics-opened
            title: Введено в эксплуатацию поликлиник
            unit: ед.
            baseline: 0
            target: 6
            owner: nurlanova-g
            values:
              - {date: 2024-06-30, value: 2, source: Управление здравоохранения}
              - date: 2025-03-31
                value: 3.5
                note: "Школа #5: ремонт"
        feedback:
          - date: 2025-05-12
            channel: reception
            tone: negative
            district: alatau
            text: Поликлиника открыта, но врачей не хватает
            resolved: false
  - id: roads
    title: Дороги и транспорт
    pledges:
      - {id: roads-bus, title: 'Новые автобусы — 050000', status: planned}
"""

SOURCES = [ROADMAP]
SOURCES.append(SAMPLE.read_text(encoding="utf-8"))

# (text, force the pure parser): the pure parser takes ~0.25 s on the 1,700-line
# sample, so it gets the inline roadmap only.
STARTS = [(ROADMAP, False), (ROADMAP, True), *((text, False) for text in SOURCES[1:])]

BREAKS = "\r\n\x85\u2028\u2029"
"""Line breaks to YAML 1.1 (a plain scalar folds across them, so its value differs)."""
NASTY = ":#&*!{}[],|>'\"%@`-?~ \t\n\r\x00\x07\u2028\u2029\x85\ufeffйә😀\\"

_position = st.integers(min_value=0, max_value=10**6)
_mutation = st.one_of(
    st.tuples(st.just("delete-line"), _position),
    st.tuples(st.just("double-line"), _position),
    st.tuples(st.just("swap"), _position, _position),
    st.tuples(st.just("truncate"), _position),
    st.tuples(st.just("insert"), _position, st.text(alphabet=NASTY, min_size=1, max_size=4)),
)


def _mutate(text: str, mutation: tuple[object, ...]) -> str:
    kind, at = mutation[0], int(mutation[1])  # type: ignore[call-overload]
    if kind in ("delete-line", "double-line"):
        lines = text.splitlines(keepends=True)
        if not lines:
            return text
        i = at % len(lines)
        return "".join(lines[:i] + ([] if kind == "delete-line" else [lines[i]]) + lines[i:])
    if not text:
        return text
    i = at % len(text)
    if kind == "swap":
        j = int(mutation[2]) % len(text)  # type: ignore[call-overload]
        chars = list(text)
        chars[i], chars[j] = chars[j], chars[i]
        return "".join(chars)
    if kind == "truncate":
        return text[:i]
    return text[:i] + str(mutation[2]) + text[i:]


def _scalars(node: YNode) -> list[YScalar]:
    if isinstance(node, YScalar):
        return [node]
    if isinstance(node, YMap):
        return [s for k, v in node.pairs for s in [k, *_scalars(v)]]
    assert isinstance(node, YSeq)
    return [s for item in node.items for s in _scalars(item)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.sampled_from(STARTS),
    mutations=st.lists(_mutation, min_size=1, max_size=6),
    bad_byte=st.one_of(st.none(), st.tuples(_position, st.binary(min_size=1, max_size=2))),
)
def test_mangled_roadmap_never_crashes(
    start: tuple[str, bool],
    mutations: list[tuple[object, ...]],
    bad_byte: tuple[int, bytes] | None,
) -> None:
    text, pure = start
    for mutation in mutations:
        text = _mutate(text, mutation)
    data = text.encode("utf-8", errors="surrogatepass")
    if bad_byte is not None:
        i = bad_byte[0] % (len(data) + 1)
        data = data[:i] + bad_byte[1] + data[i:]
    with pytest.MonkeyPatch.context() as patch:
        if pure:
            patch.setattr(yaml, "__with_libyaml__", False)
        roadmap, problems = load_bytes(data, "r.yaml")
    decoded, _, _ = decode(data, "r.yaml")
    tree = parse_tree(decoded, "r.yaml")[0] if decoded is not None and not pure else None

    if roadmap is None:
        assert any(p.severity == Severity.ERROR for p in problems)
    for problem in problems:
        assert problem.rule and problem.message and "\n" not in problem.message
        assert problem.source is not None and problem.source.path == "r.yaml"
        assert problem.source.line >= 1 and problem.source.col >= 1
    # Spans still index the text: a plain one-line scalar's source is its value.
    if tree is not None and decoded is not None:
        for scalar in _scalars(tree):
            source = decoded[scalar.start : scalar.end]
            # A tag or anchor (`! x`, `&a x`) is refused by the loader; libyaml's
            # span of such a scalar starts at the property, not the value.
            if source.startswith(("!", "&")):
                continue
            if scalar.style == "" and scalar.value and not any(c in source for c in BREAKS):
                assert source == scalar.value


def test_the_unmangled_sources_load_clean() -> None:
    """The property starts from valid files, so what it finds is the mutations' doing."""
    for source in SOURCES:
        roadmap, problems = load_bytes(source.encode("utf-8"), "r.yaml")
        assert [p for p in problems if p.severity == Severity.ERROR] == []
        assert roadmap is not None
