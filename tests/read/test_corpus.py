"""The yaml-test-suite as bad input: no document of it is a roadmap, none may crash the loader.

Each file goes through `load_file` with libyaml and with the pure parser
(which fails in odder ways); each must end with a located error, raise
nothing, and leave the file's bytes untouched.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from amanat_cli.model import Severity
from amanat_cli.read.store import load_file
from tests.conftest import CORPUS_SIZE, corpus_files

CORPUS_FILES = corpus_files()  # missing files are a collection error, never a skip


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure"])
@pytest.mark.parametrize(
    "path", CORPUS_FILES, ids=[f"{p.parent.name}/{p.name}" for p in CORPUS_FILES]
)
def test_corpus_file_is_refused_with_located_errors(
    path: Path, pure: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if pure:
        monkeypatch.setattr(yaml, "__with_libyaml__", False)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    roadmap, problems = load_file(path)
    errors = [p for p in problems if p.severity == Severity.ERROR]
    assert errors, f"{path.name} loaded as a valid roadmap: {roadmap}"
    for problem in problems:
        assert problem.source is not None and problem.source.path == str(path)
        assert problem.source.line >= 1 and problem.source.col >= 1
        assert problem.message and "\n" not in problem.message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_both_folders_are_covered() -> None:
    """402 documents: 308 valid YAML, 94 invalid (the corpus README)."""
    folders = {p.parent.name for p in CORPUS_FILES}
    assert folders == {"valid", "invalid"}
    assert len(CORPUS_FILES) == CORPUS_SIZE
    assert sum(p.parent.name == "invalid" for p in CORPUS_FILES) == 94
    assert (CORPUS_FILES[0].parent.parent / "LICENSE").is_file()  # MIT: the licence travels
