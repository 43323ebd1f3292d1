"""Where the time of one `amanat` run goes: imports, then each phase of a roll-up.

    python bench/phases.py imports [--runs 7] [-- ARGS]    # `-X importtime`, min of runs
    python bench/phases.py rollup PATH...                   # CPU ms per phase, in process

`imports` prints the amanat_cli modules with their own import time and their
heaviest direct imports (min over runs, so a busy machine's noise fades).
`rollup` times `status --format json` step by step in one process (CPU time,
as the machine may be busy): load (through the parse cache), rules, figures,
report rows, JSON text, and the JSON encoder alone with and without indent.
bench/run.py says whether a target is met; this says why not.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def imports(runs: int, args: list[str]) -> None:
    """Min-of-runs `-X importtime` of `python -m amanat_cli ARGS`, as a tree of amanat modules."""
    best: dict[str, tuple[int, int]] = {}
    rows: list[tuple[int, int, int, str]] = []
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "amanat_cli", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        rows = []
        for line in done.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if match:
                own, total, depth, name = int(match[1]), int(match[2]), len(match[3]), match[4]
                rows.append((own, total, depth, name))
                if name not in best or total < best[name][1]:
                    best[name] = (own, total)
    parent: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for _own, _total, depth, name in rows:  # children are printed before their parent
        while stack and stack[-1][0] > depth:
            parent[stack.pop()[1]] = name
        stack.append((depth, name))
    top = sum(best[name][1] for _, _, depth, name in rows if depth == 1)
    print(f"imports of `amanat {' '.join(args)}`: {top / 1000:.1f} ms (min of {runs} runs)")
    for _own, _total, depth, name in rows:
        if not name.startswith("amanat_cli") and depth != 1:
            continue
        kids = sorted(((best[k][1], k) for k, p in parent.items() if p == name), reverse=True)
        heavy = ", ".join(f"{k} {t / 1000:.1f}" for t, k in kids[:5] if t > 1000)
        own, total = best[name]
        if total > 500:
            print(
                f"{'  ' * (depth - 1)}{name}: {total / 1000:.1f} ms (own {own / 1000:.1f})"
                + (f" <- {heavy}" if heavy else "")
            )


def rollup(paths: list[Path]) -> None:
    """CPU ms of each phase of `amanat status --format json PATHS`, in this process."""
    start = time.process_time()
    import json
    from datetime import date

    from amanat_cli.check.rules import check
    from amanat_cli.cli.commands._common import as_of_for
    from amanat_cli.compute.progress import compute
    from amanat_cli.compute.report import Filters, build_status
    from amanat_cli.read.scope import choose_paths
    from amanat_cli.read.store import load_paths
    from amanat_cli.render.formats import OutputFormat
    from amanat_cli.render.tabular import status_text

    def step(name: str, work: Callable[[], Any]) -> Any:
        began = time.process_time()
        result = work()
        print(f"  {name:<24} {(time.process_time() - began) * 1000:8.1f} ms")
        return result

    print(f"  {'imports':<24} {(time.process_time() - start) * 1000:8.1f} ms")
    files = choose_paths(paths)
    roadmaps, _ = step("load (parse cache)", lambda: load_paths(files))
    step("rules", lambda: check(roadmaps, today=date.today()))
    branches = step("figures", lambda: [compute(r, as_of_for(r, None)) for r in roadmaps])
    no_filter = Filters((), None, None, (), False, None)
    report = step("report rows", lambda: build_status(branches, no_filter))
    text = step("JSON text", lambda: status_text(report, OutputFormat.JSON, False))
    document = json.loads(text)
    step("  json.dumps indent=2", lambda: json.dumps(document, ensure_ascii=False, indent=2))
    step("  json.dumps compact", lambda: json.dumps(document, ensure_ascii=False))
    indicators = sum(len(r.indicators()) for r in roadmaps)
    print(f"  ({len(roadmaps)} files, {indicators} indicators, {len(text) / 1e6:.1f} MB of JSON)")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    first = sub.add_parser("imports")
    first.add_argument("--runs", type=int, default=7)
    first.add_argument("args", nargs="*", default=["--version"])
    second = sub.add_parser("rollup")
    second.add_argument("paths", nargs="+", type=Path)
    options = parser.parse_args()
    if options.what == "imports":
        imports(options.runs, options.args)
    else:
        rollup(options.paths)


if __name__ == "__main__":
    main()
