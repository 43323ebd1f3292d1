"""Shell completion: every argument and option that takes a value from the data completes it.

Through the protocol the installed scripts speak (`_AMANAT_COMPLETE=complete_bash`
with COMP_WORDS/COMP_CWORD; `complete_zsh` and `complete_fish` with
`_TYPER_COMPLETE_ARGS`), and in real shells in tmux with a real TAB.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.status_data import ROADMAP

Run = Callable[..., Any]
AMANAT = Path(sys.executable).parent / "amanat"


@pytest.fixture
def roadmap(write_roadmap: Callable[..., Path]) -> Path:
    return write_roadmap(ROADMAP, "shymkent.yaml")


def bash_words(run_cli: Run, line: str) -> list[str]:
    """What bash gets for `line` (the cursor at its end), asked in-process as the script asks."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    result = run_cli(
        env={"COMP_WORDS": line, "COMP_CWORD": str(cword), "_AMANAT_COMPLETE": "complete_bash"}
    )
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout.split()


OFFERED = [
    # Writes: the kind of item each takes, and nothing else.
    ("record roads", ["roads-repair-km"]),
    ("assign r", ["roads", "roads-repair-km"]),  # sections and indicators have owners
    (
        "assign roads ",
        [
            "omarov-b",
            "seitkali-a",
            "petrova-n",
            "social",
            "social-centres-opened",
            "social-queue-days",
            "roads-repair-km",
        ],
    ),
    ("assign roads --to pe", ["petrova-n"]),
    ("assign --to petrova-n social-c", ["social-centres-opened"]),
    (
        "unassign ",
        ["social", "roads", "social-centres-opened", "social-queue-days", "roads-repair-km"],
    ),
    ("set-status roads-", ["roads-repair", "roads-lrt"]),
    ("set-status roads-lrt ", ["planned", "in_progress", "done", "cancelled"]),
    ("set-status roads-lrt in", ["in_progress"]),
    ("feedback add social-b", ["social-benefits"]),
    ("feedback add social-centres --tone n", ["neutral", "negative"]),
    ("feedback add social-centres --district ", ["abay", "enbekshi"]),
    ("feedback add social-centres --channel r", ["reception"]),
    ("feedback resolve social-c", ["social-centres"]),
    ("feedback resolve social-centres ", ["1"]),
    ("feedback list --pledge roads-r", ["roads-repair"]),
    ("feedback list --tone p", ["positive"]),
    ("undo ", []),  # filled in by the test: the roadmap file itself
    # Reports and the pack.
    ("status --rag ", ["red", "amber", "grey", "green", "done"]),
    ("status --rag red --rag g", ["grey", "green"]),
    ("status --body ", ["bureau", "political_council", "faction"]),
    ("status --owner se", ["seitkali-a"]),
    ("status --section ", ["social", "roads"]),
    ("status --district a", ["abay"]),
    ("status --format t", ["table", "tsv"]),
    ("members --body p", ["political_council"]),
    ("export --member o", ["omarov-b"]),
    ("export --body ", ["bureau", "political_council"]),
    ("export --format ", ["csv", "json", "md", "html", "xlsx"]),
    ("diff --format ", ["text", "json"]),
    ("show social-c", ["social-centres", "social-centres-opened"]),
    ("explain shy", ["shymkent"]),
    ("check --lang ", ["en", "ru", "kk"]),
    # The roster and correction commands.
    ("member edit se", ["seitkali-a"]),
    ("member edit seitkali-a --body p", ["political_council"]),
    ("member add x --language k", ["kk"]),
    ("member remove omarov-b --hand-to pe", ["petrova-n"]),
    ("assign --from om", ["omarov-b"]),
    ("unrecord roads-r", ["roads-repair-km"]),
    ("feedback remove social-c", ["social-centres"]),
]


@pytest.mark.parametrize(("typed", "expected"), OFFERED, ids=[t for t, _e in OFFERED])
def test_every_value_completes_from_the_data_in_scope(
    run_cli: Run, roadmap: Path, typed: str, expected: list[str]
) -> None:
    command, _space, rest = typed.partition(" ")
    if command in ("feedback", "member"):
        sub, _space, rest = rest.partition(" ")
        command = f"{command} {sub}"
    line = f"amanat {command} -r {roadmap} {rest}"
    if typed == "undo ":
        expected = [str(roadmap)]
    assert bash_words(run_cli, line) == expected


def test_ids_of_several_branches_complete_with_their_branch(
    run_cli: Run, roadmap: Path, write_roadmap: Callable[..., Path]
) -> None:
    other = write_roadmap(ROADMAP.replace("id: shymkent", "id: turkestan"), "turkestan.yaml")
    line = f"amanat record -r {roadmap} -r {other} turkestan:r"
    assert bash_words(run_cli, line) == ["turkestan:roads-repair-km"]


def test_resolved_feedback_is_not_offered(run_cli: Run, write_roadmap: Callable[..., Path]) -> None:
    text = ROADMAP.replace(
        "            text: Центр открыт, но записи нет\n",
        "            text: Центр открыт, но записи нет\n            resolved: true\n"
        "          - {date: 2024-12-20, tone: positive, text: Спасибо}\n",
    )
    path = write_roadmap(text, "shymkent.yaml")
    assert bash_words(run_cli, f"amanat feedback resolve -r {path} social-centres ") == ["2"]
    assert bash_words(run_cli, f"amanat feedback remove -r {path} social-centres ") == ["1", "2"]


def test_undo_never_offers_the_bundled_sample(run_cli: Run) -> None:
    assert bash_words(run_cli, "amanat undo ") == []  # no roadmaps/ here: only the sample


def test_completion_uses_roadmaps_folder_by_default(run_cli: Run, tmp_path: Path) -> None:
    os.chdir(tmp_path)  # the fixture put us in an empty folder; this one gets a roadmaps/
    (tmp_path / "roadmaps").mkdir()
    (tmp_path / "roadmaps" / "shymkent.yaml").write_text(ROADMAP, encoding="utf-8")
    assert bash_words(run_cli, "amanat show roads-r") == ["roads-repair", "roads-repair-km"]
    assert bash_words(run_cli, "amanat undo ") == [os.path.join("roadmaps", "shymkent.yaml")]


def test_completion_is_silent_on_a_broken_path(run_cli: Run) -> None:
    assert bash_words(run_cli, "amanat show -r /nonexistent/x.yaml he") == []


# --------------------------------------------------------------------------- the protocols


def ask_program(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed program as a shell's completion script does."""
    clean = {k: v for k, v in os.environ.items() if k != "AMANAT_ROADMAPS"}
    return subprocess.run(
        [str(AMANAT)],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_bash_protocol(roadmap: Path) -> None:
    line = f"amanat assign -r {roadmap} social "
    done = ask_program(
        {"COMP_WORDS": line, "COMP_CWORD": "5", "_AMANAT_COMPLETE": "complete_bash"},
        roadmap.parent,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.split("\n")[:3] == ["omarov-b", "seitkali-a", "petrova-n"]


def test_zsh_protocol_gives_values_with_their_help(roadmap: Path) -> None:
    done = ask_program(
        {
            "_TYPER_COMPLETE_ARGS": f"amanat status -r {roadmap} --lang ru --rag ",
            "_AMANAT_COMPLETE": "complete_zsh",
            "AMANAT_LANG": "ru",
        },
        roadmap.parent,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("_arguments '*: :((")
    assert '"red":"красный"' in done.stdout and '"done":"выполнено"' in done.stdout
    members = ask_program(
        {
            "_TYPER_COMPLETE_ARGS": f"amanat export -r {roadmap} --member om",
            "_AMANAT_COMPLETE": "complete_zsh",
        },
        roadmap.parent,
    )
    assert members.stdout == '_arguments \'*: :(("omarov-b":"Омаров Бауыржан Серікұлы"))\'\n'


def test_fish_protocol_gives_values_with_their_help(roadmap: Path) -> None:
    env = {
        "_TYPER_COMPLETE_ARGS": f"amanat feedback add -r {roadmap} social-centres --tone ",
        "_AMANAT_COMPLETE": "complete_fish",
        "AMANAT_LANG": "kk",
    }
    listed = ask_program({**env, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}, roadmap.parent)
    assert (listed.returncode, listed.stderr) == (0, "")
    assert listed.stdout.splitlines() == ["positive\tоң", "neutral\tбейтарап", "negative\tтеріс"]
    # fish asks first whether there are values at all (else it offers files).
    asked = ask_program({**env, "_TYPER_COMPLETE_FISH_ACTION": "is-args"}, roadmap.parent)
    assert asked.returncode == 0


@pytest.mark.parametrize(("language", "said"), [("en", "bash completion installed in "),
                                                ("ru", "автодополнение для bash установлено в "),
                                                ("kk", "bash үшін автотолтыру орнатылды: ")])  # fmt: skip
def test_install_message_is_in_the_users_language(tmp_path: Path, language: str, said: str) -> None:
    done = subprocess.run(
        [str(AMANAT), "--install-completion", "bash"],
        env={
            **os.environ,
            "HOME": str(tmp_path),
            "AMANAT_LANG": language,
            "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    first, second = done.stdout.splitlines()
    assert first.startswith(said) and first.endswith(".bash_completions/amanat.sh")
    assert second.isascii() == (language == "en")
    assert (
        "_AMANAT_COMPLETE=complete_bash" in (tmp_path / ".bash_completions/amanat.sh").read_text()
    )


# --------------------------------------------------------------------------- a real TAB


class Pane:
    """An interactive shell in a detached tmux pane, typed into with send-keys."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.env = env
        self.tmux = ["tmux", "-u", "-L", f"amanat-tab-{uuid.uuid4().hex[:8]}", "-f", "/dev/null"]
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-x", "120", "-y", "30", "-c", str(cwd), *command],
            env=env,
            check=True,
            timeout=30,
        )

    def keys(self, *keys: str) -> None:
        """Type: literal text, or tmux key names such as Tab and Enter."""
        subprocess.run([*self.tmux, "send-keys", *keys], env=self.env, check=True, timeout=30)

    def text(self) -> str:
        """What the pane shows."""
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-J"],
            env=self.env,
            check=True,
            timeout=30,
            capture_output=True,
            text=True,
        ).stdout

    def wait_for(self, wanted: Callable[[str], bool], timeout: float = 30) -> str:
        """The pane's text once `wanted` holds for it (else fail, showing the pane)."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.text()
            if wanted(shown):
                return shown
            if time.monotonic() > deadline:
                pytest.fail("the pane never showed what was expected:\n" + shown)
            time.sleep(0.2)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], env=self.env, check=False, timeout=30)


SHELLS = {
    "bash": ["bash", "--noprofile", "-i"],
    "zsh": ["zsh", "-i"],
    "fish": ["fish", "--private"],
}


@pytest.fixture(params=sorted(SHELLS))
def shell_pane(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Pane]:
    """A shell with amanat's completion installed the way a user installs it, in a roadmaps folder."""
    shell = request.param
    if shutil.which("tmux") is None or shutil.which(shell) is None:
        pytest.skip(f"tmux and {shell} are needed")  # CI installs both (.ci/run)
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": f"{AMANAT.parent}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "AMANAT_LANG": "en",
        "AMANAT_CACHE_DIR": os.environ["AMANAT_CACHE_DIR"],
        "PS1": "$ ",
    }
    installed = subprocess.run(
        [str(AMANAT), "--install-completion", shell],
        env={**env, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    work = tmp_path / "work"
    (work / "roadmaps").mkdir(parents=True)
    (work / "roadmaps" / "shymkent.yaml").write_text(ROADMAP, encoding="utf-8")
    pane = Pane(SHELLS[shell], work, env)
    try:
        yield pane
    finally:
        pane.close()


def test_a_real_tab_completes_ids_members_and_words(shell_pane: Pane) -> None:
    shell_pane.wait_for(lambda shown: shown.rstrip().endswith(("$", ">", "#", "%")))
    shell_pane.keys("amanat assign roads-r", "Tab")
    shell_pane.wait_for(lambda shown: "amanat assign roads-repair-km" in shown)
    shell_pane.keys("pe", "Tab")
    shell_pane.wait_for(lambda shown: "amanat assign roads-repair-km petrova-n" in shown)
    shell_pane.keys("C-u", "amanat set-status roads-lrt in", "Tab")
    shell_pane.wait_for(lambda shown: "amanat set-status roads-lrt in_progress" in shown)
    shell_pane.keys("C-u", "amanat feedback resolve social-centres ", "Tab")
    shell_pane.wait_for(lambda shown: "amanat feedback resolve social-centres 1" in shown)
    shell_pane.keys("C-u", "amanat undo ", "Tab")
    shell_pane.wait_for(lambda shown: "amanat undo roadmaps/shymkent.yaml" in shown)
