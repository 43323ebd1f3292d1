"""A seeded mutation fuzzer over check, status, show, explain, members, feedback, export
and every write (issue 12, "Keep it closed").

Each case mutates a roadmap (the sample, the tests' small one, or a file of the
yaml-test-suite corpus spliced in), runs one command on it in-process, and
holds what must hold whatever the input:

- an exit code of 0, 1, 2 or 3: never 70 (a bug), never a traceback;
- nothing a terminal would obey in what is printed (no ESC, no BEL);
- no hang (a case over CASE_SECONDS fails, where the system has SIGALRM);
- a write leaves the file as it was or whole, with no error it did not have
  (undo: as it was before the write it takes back), and no temp file behind.

Every write command is in the turn (assign, also --from/--to; unassign;
record, also --replace; unrecord; set-status; set-as-of; feedback add,
resolve, remove; member add, edit, remove; undo).  The default run makes
DEFAULT_CASES cases; `pytest --fuzz` makes FUZZ_CASES
(`--fuzz N`: N), `--fuzz-seed S` starts elsewhere.  A failure names the seed
and case and keeps the mutated file, so it can be replayed.
"""

from __future__ import annotations

import contextlib
import random
import shutil
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from amanat_cli.check.rules import check
from amanat_cli.model import Roadmap, Severity
from amanat_cli.read.loader import load_bytes
from amanat_cli.write.safewrite import TEMP_SUFFIX
from tests.conftest import SAMPLE, Result
from tests.write.test_write_commands import BASE

DEFAULT_CASES = 300
FUZZ_CASES = 3000
CASE_SECONDS = 30
DEFAULT_SEED = 20261205

HOSTILE_VALUES = (
    '"\\e]0;pwned\\a\\e[2J"',
    '"=HYPERLINK(""http://evil.example"")"',
    "'@SUM(1+1)'",
    "+77011234567",
    "-0",
    "1e309",
    ".nan",
    "-.inf",
    "2023-02-30",
    "1991-12-15",
    "2101-01-01",
    "~",
    "''",
    "[]",
    "{}",
    "[a, [b, [c]]]",
    "&anchor x",
    "*alias",
    "!!python/object:os.system ls",
    "!!binary aGVsbG8=",
    "NO",
    "1:20",
    "050000",
    '"\\u202egnp.exe"',
    '"\\x00"',
    '"' + "я" * 5000 + '"',
    "x" * 200,
    "|\n  two\n  lines",
    "../../etc/passwd",
    "kaliyev-a",
    "nobody",
    "health",
    "true",
    "999999999999999999999999",
)


@dataclass(frozen=True, slots=True)
class Case:
    """One mutated roadmap and one command run on it."""

    number: int
    mutation: str
    data: bytes
    args: tuple[str, ...]
    writes: bool


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _mutate(rng: random.Random, data: bytes, corpus: list[Path]) -> tuple[str, bytes]:
    """One mutation, named for the report."""
    lines = _lines(data)
    at = rng.randrange(len(lines))
    kind = rng.choice(
        (
            "value",
            "value",
            "value",
            "delete",
            "duplicate",
            "swap",
            "indent",
            "byte",
            "truncate",
            "insert",
            "corpus",
        )
    )
    if kind == "value":
        line = lines[at]
        if b": " in line:
            head = line.split(b": ", 1)[0]
            value = rng.choice(HOSTILE_VALUES).encode("utf-8")
            lines[at] = head + b": " + value + b"\n"
    elif kind == "delete":
        del lines[at]
    elif kind == "duplicate":
        lines.insert(at, lines[at])
    elif kind == "swap":
        other = rng.randrange(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
    elif kind == "indent":
        lines[at] = b" " * rng.choice((1, 2, 4)) + lines[at]
    elif kind == "byte":
        blob = bytearray(data)
        if blob:
            blob[rng.randrange(len(blob))] = rng.randrange(256)
        return kind, bytes(blob)
    elif kind == "truncate":
        return kind, data[: rng.randrange(len(data) + 1)]
    elif kind == "insert":
        noise = rng.choice((b"\x1b[2J", b"\t", b"\r", b"\xef\xbb\xbf", b"- ", b": ", b"#", b"\x00"))
        lines[at] = noise + lines[at]
    elif corpus:  # a corpus file spliced in at a line, indented like it
        snippet = rng.choice(corpus).read_bytes()
        indent = len(lines[at]) - len(lines[at].lstrip(b" "))
        lines[at:at] = [b" " * indent + line for line in _lines(snippet)]
    return kind, b"".join(lines)


HOSTILE_ARGUMENTS = (
    "x\x1b]0;t\x07\x1b[2J",
    "../roadmap.yaml",
    "-",
    "",
    "ü" * 300,
    "a:b:c",
    "\u202ex",
)
"""Ids as a user (or a script) might mistype them; each must be refused in one clean line."""


def _ids(roadmap: Roadmap) -> list[str]:
    return [
        *(s.id for s in roadmap.sections),
        *(p.id for p in roadmap.pledges()),
        *(i.id for i in roadmap.indicators()),
        *(m.id for m in roadmap.members),
        *HOSTILE_ARGUMENTS,
    ]


def _command(
    rng: random.Random, number: int, roadmap: Roadmap, path: str
) -> tuple[tuple[str, ...], bool]:
    """A command for case `number` (in turn over all of them), with ids from the roadmap."""
    ids = _ids(roadmap)
    pledges = [p.id for p in roadmap.pledges()] or ["x"]
    indicators = [i.id for i in roadmap.indicators()] or ["x"]
    members = [m.id for m in roadmap.members] or ["x"]
    dry = ("--dry-run",) if rng.random() < 0.2 else ()
    reports: list[tuple[str, ...]] = [
        ("check", path),
        ("check", "--format", "json", "--strict", path),
        ("status", path),
        ("status", "--format", "json", path),
        ("status", "--format", "csv", "--indicators", path),
        ("status", "--format", "md", "--rag", "red", path),
        ("show", rng.choice(ids), "-r", path),
        ("explain", rng.choice(ids), "-r", path),
        ("members", "--format", "tsv", path),
        ("feedback", "list", "--format", "csv", "-r", path),
        ("export", "--format", rng.choice(("md", "json", "csv", "html")), path),
    ]
    writes: list[tuple[str, ...]] = [
        ("assign", rng.choice(ids), rng.choice(members), "-r", path, *dry),
        ("unassign", rng.choice(ids), "-r", path, *dry),
        (
            "record",
            rng.choice(indicators),
            rng.choice(("3", "12,5", "-1", "1e5")),
            "--date",
            "2025-06-30",
            "-r",
            path,
            *dry,
        ),
        (
            "set-status",
            rng.choice(pledges),
            rng.choice(("done", "planned", "in_progress")),
            "-r",
            path,
            *dry,
        ),
        (
            "feedback",
            "add",
            rng.choice(pledges),
            "--tone",
            "negative",
            "--text",
            rng.choice(("Нет врачей", "=1+2", "line\nbreak")),
            "--date",
            "2025-06-01",
            "-r",
            path,
            *dry,
        ),
        ("feedback", "resolve", rng.choice(pledges), str(rng.randint(0, 3)), "-r", path, *dry),
        (
            "record",
            rng.choice(indicators),
            "9",
            "--date",
            "2024-06-30",
            "--replace",
            "-r",
            path,
            *dry,
        ),
        ("unrecord", rng.choice(indicators), "--date", "2024-06-30", "-r", path, *dry),
        ("set-as-of", rng.choice(("2025-09-30", "31.12.2025", "2023-01-01")), "-r", path, *dry),
        ("assign", "--from", rng.choice(members), "--to", rng.choice(members), "-r", path, *dry),
        ("feedback", "remove", rng.choice(pledges), str(rng.randint(0, 3)), "-r", path, *dry),
        (
            "member",
            "add",
            rng.choice(("new-member", *members)),
            "--name",
            "Новикова Анна",
            "--body",
            rng.choice(("bureau", "faction")),
            "-r",
            path,
            *dry,
        ),
        (
            "member",
            "edit",
            rng.choice(members),
            "--phone",
            rng.choice(("+7 701 123 45 67", "=1+2")),
            "-r",
            path,
            *dry,
        ),
        (
            "member",
            "remove",
            rng.choice(members),
            "--hand-to",
            rng.choice(members),
            "-r",
            path,
            *dry,
        ),
        ("undo", path, *dry),
    ]
    everything = [(args, False) for args in reports] + [(args, not dry) for args in writes]
    return everything[number % len(everything)]


def cases(count: int, seed: int, folder: Path, corpus: list[Path]) -> Iterator[Case]:
    """`count` cases from `seed`: mutated sources, each with the next command in turn."""
    rng = random.Random(seed)
    sources = [SAMPLE.read_bytes(), BASE.encode("utf-8")]
    originals = [load_bytes(data, "x.yaml")[0] for data in sources]
    path = str(folder / "roadmap.yaml")
    for number in range(count):
        which = rng.randrange(len(sources))
        data = sources[which]
        names = []
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            name, data = _mutate(rng, data, corpus)
            names.append(name)
        original = originals[which]
        assert original is not None
        args, writes = _command(rng, number, original, path)
        yield Case(number, "+".join(names) or "none", data, args, writes)


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fail a case that runs longer than `seconds` (where the system has SIGALRM)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"a case ran over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _damage_journal(rng: random.Random, folder: Path) -> None:
    """Now and then, one byte of the journal changed: undo must refuse it cleanly."""
    journal = folder / ".amanat" / "roadmap.yaml.journal.json"
    if journal.exists() and rng.random() < 0.3:
        blob = bytearray(journal.read_bytes())
        blob[rng.randrange(len(blob))] = rng.randrange(256)
        journal.write_bytes(bytes(blob))


def _indicator_ids(data: bytes) -> list[str]:
    roadmap, _problems = load_bytes(data, "case.yaml")
    return [i.id for i in roadmap.indicators()] if roadmap is not None else []


def _errors_by_rule(data: bytes) -> dict[str, int] | None:
    """How many errors of each rule `check` finds in `data`; None if it cannot be read whole."""
    roadmap, problems = load_bytes(data, "written.yaml")
    if roadmap is None:
        return None
    counts: dict[str, int] = {}
    for problem in [*problems, *check([roadmap], today=date(2026, 1, 1))]:
        if problem.severity == Severity.ERROR:
            counts[problem.rule] = counts.get(problem.rule, 0) + 1
    return counts


def _whole(before: bytes, after: bytes) -> bool:
    """`after` reads whole and has no error `before` did not (a write may be the fix)."""
    old, new = _errors_by_rule(before), _errors_by_rule(after)
    if new is None:
        return False
    return all(count <= (old or {}).get(rule, 0) for rule, count in new.items())


@pytest.mark.slow
def test_mutated_roadmaps_never_break_a_command(
    run_cli: Callable[..., Result], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from tests.read.test_corpus import CORPUS_FILES

    count = int(request.config.getoption("--fuzz") or DEFAULT_CASES)
    seed = int(request.config.getoption("--fuzz-seed") or DEFAULT_SEED)
    folder = tmp_path / "fuzz"
    folder.mkdir()
    path = folder / "roadmap.yaml"
    kinds: dict[str, int] = {}
    exits: dict[int, int] = {}
    wrote = 0
    for case in cases(count, seed, folder, CORPUS_FILES):
        shutil.rmtree(folder / ".amanat", ignore_errors=True)
        path.write_bytes(case.data)
        where = f"seed {seed} case {case.number} ({case.mutation}): amanat {' '.join(case.args)!r}"
        with _deadline(CASE_SECONDS):
            if case.args[0] == "undo":  # give undo a write to take back, when one can be made
                indicator = next(iter(_indicator_ids(case.data)), "x")
                run_cli("record", indicator, "7", "--date", "2025-06-17", "-r", str(path))
                _damage_journal(random.Random(f"{seed}:{case.number}"), folder)
            before = path.read_bytes()
            result = run_cli(*case.args)
        said = result.stdout + result.stderr
        kept = tmp_path / f"case-{case.number}.yaml"
        failure = None
        if result.exit_code not in (0, 1, 2, 3) or "Traceback" in said:
            failure = f"exit {result.exit_code}: {said[-500:]}"
        elif "\x1b" in said or "\x07" in said:
            failure = f"raw control characters printed: {said[-300:]!r}"
        elif case.writes:
            after = path.read_bytes()
            # undo gives back the input itself; any other write a whole file, no worse
            restored = case.args[0] == "undo" and after == case.data
            if after != before and not restored and not _whole(before, after):
                failure = "the write left a file that is not whole, or has new errors"
            leftovers = [p.name for p in folder.rglob(f"*{TEMP_SUFFIX}")]
            if leftovers:
                failure = f"temp files left: {leftovers}"
        if failure is not None:
            kept.write_bytes(case.data)
            pytest.fail(f"{where}: {failure} (input kept in {kept})")
        kinds[case.args[0]] = kinds.get(case.args[0], 0) + 1
        exits[result.exit_code] = exits.get(result.exit_code, 0) + 1
        wrote += case.writes and path.read_bytes() != before
    assert sum(kinds.values()) == count
    # Shown with -s: what ran, how it ended, how many writes changed the file.
    print(f"fuzz: {count} cases from seed {seed}: {kinds}; exits {exits}; {wrote} writes")
