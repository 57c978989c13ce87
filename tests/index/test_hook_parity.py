"""The hooks clean what ``newsmill run`` cleans: the lines ``newsmill fix`` deletes from files
added to a corpus repository are the lines ``newsmill run`` on the whole tree removes from them
(``removed.jsonl`` and ``duplicates.jsonl``), ``newsmill check`` then passes, and ``run`` finds
nothing more to remove. With the default settings and with ``always_keep``, ``always_remove`` and
``strip_junk`` in ``[tool.newsmill]``; on the real dumps of ``../shared/corpus`` and on
``examples/corpus`` (see ``benchmarks/hook_parity.py``)."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from helpers import EXAMPLES, SHARED

from benchmarks.hook_parity import parity, prepare

pytestmark = pytest.mark.slow  # git repositories, the hooks and run end to end

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


PROMO = (
    "Sign up for our morning newsletter and get the day's stories in your inbox. Follow us for live updates all day."
)


def _dump(headlines: list[str], promo_after: int, seed: int, signature: str = "") -> str:
    """Articles of three body paragraphs of random letter words each (digits would make every
    paragraph a near variant of every other); the first ``promo_after`` close with ``PROMO``,
    and every one with the ``signature`` line when given."""
    rng = random.Random(seed)

    def paragraph() -> str:
        return (
            " ".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(30)).capitalize()
            + "."
        )

    parts = []
    for number, headline in enumerate(headlines):
        parts += [headline, paragraph(), paragraph(), paragraph()]
        if number < promo_after:
            parts.append(PROMO)
        if signature:
            parts.append(signature)
    return "\n\n".join(parts) + "\n"


def test_a_promo_block_committed_dumps_repeat_closes_a_staged_article_that_holds_it_once(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    committed = source / "outlet-a.txt"
    committed.write_text(
        _dump(
            [
                f"Council approves {word} plan for the harbour"
                for word in ("new", "old", "big", "small", "bold", "late")
            ],
            6,
            seed=1,
        )
    )
    added = source / "outlet-b.txt"
    # The staged dump holds the promo once, before its own outlet's signature line: the
    # committed dump's count makes it a closer there (run scans both; the hooks ask the index).
    headlines = ["Ferry service returns after winter break", "New bakery opens near the station square"]
    added.write_text(_dump(headlines, 1, seed=2, signature="Harbour Post"))
    names = prepare(tmp_path / "repo", [committed], [added])
    result = parity(tmp_path / "repo", names)
    promo_line = added.read_text().splitlines().index(PROMO) + 1
    signature_lines = {n for n, line in enumerate(added.read_text().splitlines(), start=1) if line == "Harbour Post"}
    assert result.by_run == {names[0]: {promo_line, *signature_lines}}  # run: the promo closes the staged article
    assert result.by_fix == result.by_run, result.fix_output
    assert result.check_code == 0, result.check_output
