"""Time whole `amanat` processes against baselines measured in the same run.

    python bench/run.py [--quick] [--json FILE] [--markdown FILE] [--amanat PATH]

Every figure is the median of repeated whole-process runs (start-up included,
as a person or a shell completion sees it), in two modes: inside a
pseudo-terminal (util-linux `script -qec CMD /dev/null`) and piped (stdout to
a pipe that is read).  Baselines run in the same session, so the ratios hold
on a slow laptop and a fast server alike:

- `python -c pass`, and bench/baseline_table.py (Typer + Rich printing a
  20-row table) for the start-up-bound commands;
- the C YAML parser reading the same files (`yaml.parse` with CSafeLoader:
  the floor of any YAML reader) for the national roll-ups;
- `amanat status` on the same file for the writes;
- for the export, itself: every format of the meeting pack on a roadmap with
  10,000 and with 100,000 feedback entries on one pledge (the case that was
  quadratic), where linear means the larger takes at most ~10x the smaller.

Peak memory is the child's ru_maxrss (os.wait4).  The synthetic sets come from
bench/generate.py (seed 1) and are written once into a cache folder.  Uses only
the standard library and PyYAML; runs wherever the project is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402 - the sibling script, found through the line above

SEED = 1
NATIONAL = (20, 10_000)
TENFOLD = (20, 100_000)
FEEDBACK = (10_000, 100_000)
"""Feedback entries of the two export roadmaps (bench/generate.py feedback_branch)."""
PACK_FORMATS = ("md", "html", "csv", "json", "xlsx")
LINEAR_SLACK = 1.2
"""Ten times the input may take 10 x 1.2 the time: whole processes, a shared machine."""
DROPPED_ENV = (
    "AMANAT_NO_CACHE",
    "AMANAT_CACHE_DIR",
    "AMANAT_DEBUG",
    "NO_COLOR",
    "FORCE_COLOR",
    "PYTHONDONTWRITEBYTECODE",
)
"""Settings that would make the runs unlike a user's (no cache, no .pyc files)."""
FLOOR = (
    "import sys, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, 'rb') as stream:\n"
    "        for event in yaml.parse(stream, Loader=yaml.CSafeLoader):\n"
    "            pass\n"
)


@dataclass
class Measure:
    """One command, timed `repeats` times in one mode."""

    name: str
    mode: str
    command: list[str]
    times_ms: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms) if self.times_ms else float("nan")

    @property
    def peak(self) -> float:
        return max(self.peak_mib) if self.peak_mib else float("nan")


GNU_TIME = "/usr/bin/time" if sys.platform.startswith("linux") else ""
"""Peak memory through GNU time where present: a child of this (large) Python
inherits its high-water mark on Linux, so os.wait4 would floor every figure."""


def _run_once(command: Sequence[str], mode: str, env: dict[str, str]) -> tuple[float, float, int]:
    """(wall ms, peak MiB, exit code) of one fresh process."""
    argv = list(command)
    stdout: int = subprocess.PIPE
    if mode == "pty":
        argv, stdout = ["script", "-qec", shlex.join(command), os.devnull], subprocess.DEVNULL
    with tempfile.TemporaryDirectory() as scratch:
        memory = Path(scratch) / "peak"
        if GNU_TIME and Path(GNU_TIME).exists():
            argv = [GNU_TIME, "-f", "%M", "-o", str(memory), *argv]
        # stderr to a file, not a pipe: a long stderr cannot block the child.
        with (Path(scratch) / "stderr").open("w+b") as errors:
            start = time.perf_counter()
            process = subprocess.Popen(argv, stdout=stdout, stderr=errors, env=env)
            if process.stdout is not None:
                while process.stdout.read(1 << 16):
                    pass
            code = process.wait()
            elapsed = (time.perf_counter() - start) * 1000
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace")[-300:]
        peak = float("nan")
        if memory.exists():
            peak = int(memory.read_text().split()[-1]) / 1024  # KiB
    if code != 0 and mode == "pipe":
        sys.stderr.write(f"  ! exit {code}: {shlex.join(command)[:200]}\n    {said!r}\n")
    return elapsed, peak, code


class Bench:
    """Registers measures, then runs them in interleaved rounds and keeps them by name and mode.

    Round r runs every measure once (those with more than r repeats), so a
    command and its baseline see the same machine load: on a busy machine the
    ratios stay fair even when the absolute times drift.
    """

    def __init__(self, env: dict[str, str], modes: Sequence[str]) -> None:
        self.env = env
        self.modes = modes
        self.results: dict[tuple[str, str], Measure] = {}
        self.plan: list[tuple[Measure, int, Callable[[], None] | None, dict[str, str]]] = []

    def time(
        self,
        name: str,
        command: list[str],
        repeats: int,
        *,
        modes: Sequence[str] | None = None,
        before: Callable[[], None] | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        """Plan `repeats` runs per mode; `before` runs untimed before each one."""
        for mode in modes or self.modes:
            if mode in self.modes:
                measure = Measure(name, mode, command)
                self.results[(name, mode)] = measure
                self.plan.append((measure, repeats, before, {**self.env, **(env or {})}))

    def run(self) -> None:
        """A warm-up round (page cache, parse cache, .pyc files), then the timed rounds."""
        rounds = max((repeats for _, repeats, _, _ in self.plan), default=0)
        for number in range(-1, rounds):
            sys.stderr.write(f"round {number + 1}/{rounds}" if number >= 0 else "warm-up")
            for measure, repeats, before, env in self.plan:
                if number >= repeats:
                    continue
                if before:
                    before()
                elapsed, peak, code = _run_once(measure.command, measure.mode, env)
                sys.stderr.write(".")
                if number >= 0:
                    measure.times_ms.append(elapsed)
                    measure.peak_mib.append(peak)
                    measure.exit_codes.append(code)
            sys.stderr.write("\n")

    def median(self, name: str, mode: str) -> float | None:
        measure = self.results.get((name, mode))
        return measure.median if measure else None


def ensure_set(root: Path, branches: int, indicators: int) -> list[Path]:
    """The generated set, written once (again if bench/generate.py changed)."""
    stamp = str((BENCH / "generate.py").stat().st_mtime_ns)
    folder = root / f"set-{branches}x{indicators}-seed{SEED}"
    if (folder / ".stamp").is_file() and (folder / ".stamp").read_text() == stamp:
        return sorted(folder.glob("*.yaml"))
    shutil.rmtree(folder, ignore_errors=True)
    sys.stderr.write(f"generating {indicators} indicators in {branches} files into {folder}\n")
    paths = generate.generate_set(folder, branches, indicators, SEED)
    (folder / ".stamp").write_text(stamp)
    return paths


def pick_ids(path: Path) -> tuple[str, str, str]:
    """(indicator, a Political Council member who does not own it, branch id) of a file."""
    with path.open("rb") as stream:
        data = yaml.load(stream, Loader=yaml.CSafeLoader)  # our own generated file
    council = [m["id"] for m in data["members"] if "political_council" in m["bodies"]]
    middle = data["sections"][len(data["sections"]) // 2]
    indicator = middle["pledges"][0]["indicators"][0]
    member = next(m for m in council if m != indicator.get("owner"))
    return indicator["id"], member, data["branch"]["id"]


def sample_roadmap() -> Path:
    """roadmaps/almaty.yaml of the checkout, else the copy shipped in the package."""
    local = REPO / "roadmaps" / "almaty.yaml"
    if local.is_file():
        return local
    import amanat_cli

    return Path(amanat_cli.__file__).parent / "data" / "almaty.yaml"


@dataclass
class Target:
    what: str
    value: float | None
    limit: float
    unit: str
    basis: str
    binding: bool = True

    @property
    def verdict(self) -> str:
        if self.value is None or self.value != self.value:
            return "n/a"
        word = "PASS" if self.value <= self.limit else "FAIL"
        return word if self.binding else f"({word.lower()}, for information)"


def ratio(bench: Bench, top: str, bottom: str, mode: str) -> tuple[float | None, str]:
    a, b = bench.median(top, mode), bench.median(bottom, mode)
    if a is None or b is None:
        return None, "not measured"
    return a / b, f"{a:.0f} / {b:.0f} ms"


def targets(bench: Bench) -> list[Target]:
    """The targets of the speed brief, each a ratio of medians from this run."""
    found: list[Target] = []
    for mode in bench.modes:
        for name, limit in (("status sample", 1.3), ("--version", 1.5), ("completion", 1.5)):
            value, basis = ratio(bench, name, "baseline table", mode)
            found.append(Target(f"{name} / baseline table ({mode})", value, limit, "x", basis))
    for state in ("cold", "warm"):
        value, basis = ratio(bench, f"json national {state}", "C parse national", "pipe")
        found.append(Target(f"json national {state} / C parse floor", value, 3.0, "x", basis))
    for state in ("cold", "warm"):
        value, basis = ratio(bench, f"json 10x {state}", f"json national {state}", "pipe")
        found.append(Target(f"json 10x {state} / national {state}", value, 12.0, "x", basis))
    for name in ("assign largest", "record largest"):
        value, basis = ratio(bench, name, "status largest", "pipe")
        found.append(Target(f"{name} / status largest", value, 1.5, "x", basis))
        value, basis = ratio(bench, name, "status largest cold", "pipe")
        found.append(Target(f"{name} / status largest cold", value, 1.5, "x", basis, False))
    for state in ("cold", "warm"):
        measure = bench.results.get((f"json 10x {state}", "pipe"))
        peak = measure.peak if measure else None
        found.append(Target(f"peak memory, json 10x {state}", peak, 1024, "MiB", "ru_maxrss"))
    small, large = FEEDBACK
    limit = large / small * LINEAR_SLACK
    for fmt in PACK_FORMATS:
        value, basis = ratio(bench, f"export {fmt} {large}", f"export {fmt} {small}", "pipe")
        found.append(Target(f"export {fmt}, {large} / {small} feedback", value, limit, "x", basis))
    return found


def feedback_roadmaps(root: Path) -> dict[int, Path]:
    """The export roadmaps by feedback count, written once (again if generate.py changed)."""
    stamp = str((BENCH / "generate.py").stat().st_mtime_ns)
    folder = root / f"feedback-seed{SEED}"
    if not ((folder / ".stamp").is_file() and (folder / ".stamp").read_text() == stamp):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for count in FEEDBACK:
            sys.stderr.write(f"generating {count} feedback entries into {folder}\n")
            text = generate.feedback_branch(count, SEED)
            (folder / f"feedback-{count}.yaml").write_text(text, encoding="utf-8")
        (folder / ".stamp").write_text(stamp)
    return {count: folder / f"feedback-{count}.yaml" for count in FEEDBACK}


def time_exports(bench: Bench, amanat: str, root: Path, repeats: int) -> None:
    """Every pack format on each export roadmap (warm: the parse cache is not what is timed)."""
    out = root / "packs"
    out.mkdir(parents=True, exist_ok=True)
    for count, path in feedback_roadmaps(root).items():
        for fmt in PACK_FORMATS:
            target = ["-o", str(out / f"pack-{count}.{fmt}")] if fmt == "xlsx" else []
            command = [amanat, "export", "--format", fmt, *target, str(path)]
            bench.time(f"export {fmt} {count}", command, repeats, modes=["pipe"])


def report(bench: Bench, found: list[Target], header: str) -> str:
    """The Markdown report: every median, then every target with PASS/FAIL."""
    lines = [
        header,
        "",
        "| command | mode | runs | median ms | min ms | max ms | peak MiB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for m in bench.results.values():
        lines.append(
            f"| {m.name} | {m.mode} | {len(m.times_ms)} | {m.median:.1f} | {min(m.times_ms):.1f}"
            f" | {max(m.times_ms):.1f} | {m.peak:.1f} |"
        )
    lines += [
        "",
        "| target | measured | limit | from medians | verdict |",
        "|---|---:|---:|---|---|",
    ]
    for t in found:
        shown = "—" if t.value is None else f"{t.value:.2f}{t.unit}"
        lines.append(f"| {t.what} | {shown} | ≤ {t.limit:g}{t.unit} | {t.basis} | {t.verdict} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run every measure, print the table, write --json/--markdown if asked."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    parser.add_argument("--markdown", type=Path, help="write the Markdown report here")
    exe = "amanat.exe" if os.name == "nt" else "amanat"
    parser.add_argument("--amanat", default=str(Path(sys.executable).parent / exe))
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(tempfile.gettempdir()) / "amanat-bench",
        help="where the generated sets and the parse cache live",
    )
    parser.add_argument("--skip-10x", action="store_true", help="leave out the 100,000 set")
    parser.add_argument(
        "--only-export",
        action="store_true",
        help="only the export rows (10,000 and 100,000 feedback entries)",
    )
    args = parser.parse_args(argv)
    small, national, tenfold = (3, 2, 1) if args.quick else (10, 5, 3)

    amanat, python = args.amanat, sys.executable
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env["AMANAT_LANG"] = "en"
    if sys.platform.startswith("linux"):  # the user's path: platformdirs, honouring XDG
        env["XDG_CACHE_HOME"] = str(args.data / "xdg")
        cache_dir = args.data / "xdg" / "amanat"
    else:
        cache_dir = args.data / "parse-cache"
        env["AMANAT_CACHE_DIR"] = str(cache_dir)
    linux_script = shutil.which("script") and sys.platform.startswith("linux")  # util-linux flags
    modes = ["pty", "pipe"] if linux_script else ["pipe"]
    bench = Bench(env, modes)

    def forget(files: list[Path]) -> Callable[[], None]:
        """Delete the parse-cache entries of `files` (the formula of read.cache.entry_name)."""

        def clear() -> None:
            for path in files:
                key = hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()
                (cache_dir / f"{key}.entry").unlink(missing_ok=True)

        return clear

    if args.only_export:
        time_exports(bench, amanat, args.data, national)
        return _finish(bench, args, "export rows only")
    time_exports(bench, amanat, args.data, national)

    sample = sample_roadmap()
    on_sample = {"AMANAT_ROADMAPS": str(sample)}
    sys.stderr.write(f"amanat: {amanat}\nsample: {sample}\n")
    bench.time("python -c pass", [python, "-c", "pass"], small)
    bench.time("baseline table", [python, str(BENCH / "baseline_table.py")], small)
    bench.time("status sample", [amanat, "status", str(sample)], small)
    bench.time("check sample", [amanat, "check", str(sample)], small)
    bench.time("--version", [amanat, "--version"], small)
    completion = {
        "_AMANAT_COMPLETE": "complete_bash",
        "COMP_WORDS": "amanat show he",
        "COMP_CWORD": "2",
        **on_sample,
    }
    bench.time("completion", [amanat], small, env=completion)

    sets = [("national", NATIONAL, national)]
    if not args.skip_10x:
        sets.append(("10x", TENFOLD, tenfold))
    for label, (branches, indicators), repeats in sets:
        files = ensure_set(args.data, branches, indicators)
        folder = str(files[0].parent)
        bench.time(
            f"C parse {label}", [python, "-c", FLOOR, *map(str, files)], repeats, modes=["pipe"]
        )
        json_cmd = [amanat, "status", "--format", "json", folder]
        cold = forget(files)
        bench.time(f"json {label} cold", json_cmd, repeats, modes=["pipe"], before=cold)
        bench.time(f"json {label} warm", json_cmd, repeats, modes=["pipe"])

    files = ensure_set(args.data, *NATIONAL)
    largest = max(files, key=lambda p: p.stat().st_size)
    work = args.data / "work" / largest.name
    work.parent.mkdir(parents=True, exist_ok=True)
    original = largest.read_bytes()

    def fresh_copy() -> None:
        work.write_bytes(original)

    fresh_copy()
    indicator, member, _branch = pick_ids(largest)
    status_largest = [amanat, "status", str(work)]
    bench.time("status largest", status_largest, small, modes=["pipe"], before=fresh_copy)

    def fresh_and_cold() -> None:  # as right after someone edited the file
        fresh_copy()
        forget([work])()

    bench.time("status largest cold", status_largest, small, modes=["pipe"], before=fresh_and_cold)
    bench.time(
        "assign largest",
        [amanat, "assign", indicator, member, "-r", str(work)],
        small,
        modes=["pipe"],
        before=fresh_copy,
    )
    bench.time(
        "record largest",
        [
            amanat,
            "record",
            indicator,
            "7",
            "--date",
            "2025-06-30",
            "--source",
            "bench",
            "-r",
            str(work),
        ],
        small,
        modes=["pipe"],
        before=fresh_copy,
    )

    return _finish(
        bench,
        args,
        f"largest national file: {largest.name} ({largest.stat().st_size / 1e6:.1f} MB)",
    )


def _finish(bench: Bench, args: argparse.Namespace, about: str) -> int:
    """Run what was planned, print the report, write --json/--markdown if asked."""
    bench.run()
    found = [t for t in targets(bench) if t.value is not None]
    header = (
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
        f"{platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; {about}."
    )
    text = report(bench, found, header)
    sys.stdout.write(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if args.json:
        payload = {
            "header": header,
            "measures": [
                {**asdict(m), "median_ms": m.median, "peak_mib_max": m.peak}
                for m in bench.results.values()
            ],
            "targets": [{**asdict(t), "verdict": t.verdict} for t in found],
        }
        args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0 if all(t.verdict != "FAIL" for t in found) else 1


if __name__ == "__main__":
    sys.exit(main())
