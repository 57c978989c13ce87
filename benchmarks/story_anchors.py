"""The anchor pass of the stories stage, per text: reading in pieces against reading each text whole.

Reads a corpus (``--input``: a JSONL of articles or dumps, as ``newsmill run`` takes them;
default: a generated one, ``benchmarks/corpus.py``), learns which words are names from
all its texts (title and text, NFKC), then finds each text's anchors three ways, in one
process, alternating ``--repeats`` times (the best time of each is kept):

- ``whole``: one :func:`~newsmill.story.anchors.scan` of the whole text, with its URLs and
  handles (the reading before pieces, and still the one for texts that may hold a URL);
- ``pieces``: :func:`~newsmill.story.anchors.text_anchors`, each distinct piece read once
  for all the texts (as a worker reads its chunks);
- ``pieces, no reuse``: the same with the pieces forgotten before each text, a bound for a
  corpus whose pieces never recur across articles (the generated articles are built from a
  pool of sentences, so their pieces recur more than a real corpus's may).

Every way must give the same anchors (checked). Prints µs per text, the ratio to ``whole``,
and how many distinct pieces the texts hold. Timings on a shared machine are noisy.

Usage (by hand): python benchmarks/story_anchors.py [--articles 20000] [--input FILE] [--repeats 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):
    sys.path.insert(0, str(REPO))

from benchmarks.corpus import CorpusConfig, iter_articles  # noqa: E402
from newsmill.config import Config  # noqa: E402
from newsmill.pipeline import load  # noqa: E402
from newsmill.story import story_text  # noqa: E402
from newsmill.story.anchors import CaseStats, Names, _located_anchors, case_counts, nfkc, scan, text_anchors  # noqa: E402


def corpus_texts(path: str | None, articles: int, seed: int) -> list[str]:
    """Each article's title and text, NFKC-normalised (what the workers read)."""
    if path is not None:
        return [nfkc(story_text(article)) for article in load([path], Config())]
    records = iter_articles(CorpusConfig(n_articles=articles, seed=seed))
    return [nfkc(f"{r['title']}\n\n{r['text']}" if r["title"] else r["text"]) for r in records]


def whole(texts: list[str], names: Names) -> list[list[str]]:
    return [_located_anchors(text, scan(text, names)) for text in texts]


def pieces(texts: list[str], names: Names) -> list[list[str]]:
    return [text_anchors(text, names) for text in texts]


def pieces_no_reuse(texts: list[str], names: Names) -> list[list[str]]:
    found = []
    for text in texts:
        names.pieces.clear()
        found.append(text_anchors(text, names))
    return found


WAYS: dict[str, Callable[[list[str], Names], list[list[str]]]] = {
    "whole": whole, "pieces": pieces, "pieces, no reuse": pieces_no_reuse
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000, help="generated articles (without --input)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--input", help="a corpus file instead of a generated one")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    texts = corpus_texts(args.input, args.articles, args.seed)
    stats = CaseStats()
    stats.add(case_counts(texts))
    keys = stats.names().keys
    best = dict.fromkeys(WAYS, float("inf"))
    found: dict[str, list[list[str]]] = {}
    distinct = 0
    for _ in range(args.repeats):
        for way, read in WAYS.items():
            names = Names(keys)  # nothing read before
            start = time.process_time()
            found[way] = read(texts, names)
            best[way] = min(best[way], time.process_time() - start)
            if way == "pieces":
                distinct = len(names.pieces)
    if any(found[way] != found["whole"] for way in WAYS):
        raise SystemExit("the ways found different anchors")
    print(f"story anchors: {len(texts):,} texts, {len(keys):,} name words, {distinct:,} distinct pieces "
          f"(best CPU time of {args.repeats}, one process)")
    print("| reading | µs per text | × whole |")
    print("|---|---:|---:|")
    for way, seconds in best.items():
        print(f"| {way} | {seconds / len(texts) * 1e6:,.1f} | {seconds / best['whole']:.2f} |")


if __name__ == "__main__":
    main()
