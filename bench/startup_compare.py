"""Wall time of `amanat status` against a minimal Typer + Rich program, in a pseudo-terminal.

Both run inside `script -qec CMD /dev/null`, so stdout is a terminal and
`amanat status` draws its Rich tables (the slow path), exactly as a user sees
it.  The runs alternate (a, b, a, b, ...) so a busy machine slows both alike.

    .venv/bin/python bench/startup_compare.py            # 15 runs each
    .venv/bin/python bench/startup_compare.py --runs 30 --roadmap roadmaps/almaty.yaml
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

MINIMAL = """
import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


@app.command()
def main() -> None:
    table = Table(title="20 rows")
    for name in ("id", "title", "progress"):
        table.add_column(name)
    for n in range(20):
        table.add_row(f"item-{n}", "Әлеуметтік қолдау — Ұлттық жоба", f"{n * 5}%")
    Console(highlight=False).print(table)


app()
"""


def timed(command: str, env: dict[str, str]) -> float:
    """Seconds of one run of `command` inside a pseudo-terminal."""
    start = time.perf_counter()
    subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


def main() -> None:
    """Run both commands alternately and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--roadmap", default=str(REPO / "roadmaps" / "almaty.yaml"))
    args = parser.parse_args()
    if shutil.which("script") is None:
        sys.exit("needs `script` (util-linux) for a pseudo-terminal")
    bin_dir = Path(sys.executable).parent
    amanat = bin_dir / "amanat"
    with tempfile.TemporaryDirectory() as folder:
        minimal = Path(folder) / "minimal_table.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        commands = {
            "amanat status": f"{shlex.quote(str(amanat))} status {shlex.quote(args.roadmap)}",
            "typer+rich 20 rows": f"{shlex.quote(sys.executable)} {shlex.quote(str(minimal))}",
        }
        env = {**os.environ, "COLUMNS": "120", "LINES": "50", "TERM": "xterm-256color"}
        for command in commands.values():  # warm the bytecode caches once
            timed(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _run in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, env))
    print(f"runs: {args.runs} each, alternating, in a pseudo-terminal (script -qec)")
    for name, values in times.items():
        print(
            f"{name:>20}: median {statistics.median(values) * 1000:6.0f} ms"
            f"  (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
        )
    ratio = statistics.median(times["amanat status"]) / statistics.median(
        times["typer+rich 20 rows"]
    )
    print(f"ratio amanat/minimal: {ratio:.2f}")


if __name__ == "__main__":
    main()
