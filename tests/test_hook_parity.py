"""The hooks clean what ``newsmill run`` cleans: the lines ``newsmill fix`` deletes from files
added to a corpus repository are the lines ``newsmill run`` on the whole tree removes from them
(``removed.jsonl`` and ``duplicates.jsonl``), ``newsmill check`` then passes, and ``run`` finds
nothing more to remove. With the default settings and with ``always_keep``, ``always_remove`` and
``strip_junk`` in ``[tool.newsmill]``; on the real dumps of ``../shared/corpus`` and on
``examples/corpus`` (see ``benchmarks/hook_parity.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.hook_parity import parity, prepare
from helpers import EXAMPLES, SHARED

CORPUS = SHARED / "corpus"
SETTINGS = """\
[tool.newsmill]
always_keep = ["^Link to original source$", "^Voorbeeld Nieuws$"]
always_remove = ["Photo by Ken Kobayashi", "^Sponsored", "^De bouw van de aanlegsteigers"]
strip_junk = true
"""
#: Lines the settings keep and remove, and a reason they add, per corpus.
KEPT = {"shared": "Link to original source", "examples": "Voorbeeld Nieuws"}
REMOVED = {"shared": "(Photo by Ken Kobayashi)", "examples": "De bouw van de aanlegsteigers"}
JUNK = {"shared": "photo-credit", "examples": None}


def pick(directory: Path, *prefixes: str) -> list[Path]:
    return [path for prefix in prefixes for path in sorted(directory.glob(f"{prefix}*"))]


def assert_parity(root: Path, names: list[str], corpus: str, settings: str) -> None:
    result = parity(root, names)
    assert any(result.by_run.values()), "run removes nothing from the added files: no parity to check"
    assert result.by_fix == result.by_run, result.fix_output
    assert result.check_code == 0, result.check_output
    assert result.left_by_run == {name: set() for name in names}
    fixed = "\n".join((root / name).read_text(encoding="utf-8") for name in names)
    assert (KEPT[corpus] in fixed) == bool(settings)  # a signature line, kept only by always_keep
    assert (REMOVED[corpus] in fixed) == (not settings)
    if JUNK[corpus]:
        assert (JUNK[corpus] in result.reasons) == bool(settings)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}")
@pytest.mark.parametrize("settings", ["", SETTINGS], ids=["defaults", "keep-remove-junk"])
def test_fix_deletes_what_run_removes_from_dumps_added_to_the_shared_corpus(tmp_path: Path, settings: str) -> None:
    names = prepare(tmp_path, pick(CORPUS, "000", "001", "003"), pick(CORPUS, "002", "004"), settings)
    assert_parity(tmp_path, names, "shared", settings)


@pytest.mark.parametrize("settings", ["", SETTINGS], ids=["defaults", "keep-remove-junk"])
def test_fix_deletes_what_run_removes_from_dumps_added_to_the_examples(tmp_path: Path, settings: str) -> None:
    names = prepare(tmp_path, pick(EXAMPLES, "coast-daily", "feed"), pick(EXAMPLES, "harbour-wire", "nieuws"), settings)
    assert_parity(tmp_path, names, "examples", settings)
