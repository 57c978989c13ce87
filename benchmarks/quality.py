"""Quality of dedupe and language identification, printed as one table.

Rows:

- **generated** corpora (:mod:`benchmarks.corpus`, near copies with up to 20%
  of sentences edited): pair precision/recall/F1 of the clusters against the
  gold groups and the adjusted Rand index of the whole partition. Dedupe runs
  on the text as generated (``+bp``: boilerplate paragraphs included, harder)
  and on the text without its boilerplate paragraphs (``-bp``: what dedupe
  sees after newsmill's boilerplate stage). ``near J p1`` is the 1st
  percentile of the exact Jaccard similarity between a near copy and its
  original; ``LSH missed`` counts (original, near copy) pairs at or above the
  threshold, neither an exact copy of another text, that LSH did not propose.
- **ntrex-dev** (``../shared/data/ntrex-dev.jsonl``), copy level: no record is
  a copy of another (each story is one English and one Dutch document), so
  every predicted pair is a false merge. Story level: the documents of one
  story should share a story, as newsmill's story pass gives it without a
  translation model (:func:`newsmill.story.find_story_pairs`, the anchors
  signal); with ``story_translate`` passed to :func:`ntrex_rows` (text, lang
  → English text), dedupe on the translated texts is scored too.
- **langid** on FLORES-200 devtest (Dutch and English, 500 sentences each):
  accuracy of :func:`newsmill.langid.detect` per sentence and per paragraph
  of ``PARAGRAPH_SENTENCES`` consecutive sentences.

Usage (run by hand)::

    python benchmarks/quality.py                 # defaults, 10k articles
    python benchmarks/quality.py --sweep         # ngram × threshold grid on the generated corpora
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from benchmarks.corpus import DEFAULT_DATA_DIR, CorpusConfig, iter_articles
from benchmarks.metrics import adjusted_rand, labels_of, pair_scores, pairs_of
from benchmarks.story_quality import story_groups
from newsmill import langid
from newsmill.config import Config
from newsmill.dedupe import find_pairs, group
from newsmill.dedupe.verify import array_jaccard, shingle_array
from newsmill.story import find_story_pairs

PARAGRAPH_SENTENCES = 3
HEADER = "| data | level / setting | pairs P | pairs R | F1 | ARI | notes |"


def row(data: str, setting: str, scores: Sequence[float] | None, ari: float | None, notes: str) -> str:
    cells = [f"{v:.4f}" for v in scores] if scores else ["–", "–", "–"]
    return f"| {data} | {setting} | {' | '.join(cells)} | {'–' if ari is None else f'{ari:.4f}'} | {notes} |"


def _without_boilerplate(record: dict) -> str:
    drop = {b["text"] for b in record["boilerplate"]}
    return "\n\n".join(p for p in record["text"].split("\n\n") if p not in drop)


def generated_rows(size: int, seed: int, mean_words: int, configs: Iterable[Config]) -> list[str]:
    """Rows for one generated corpus, with and without boilerplate, for each configuration."""
    records = list(iter_articles(CorpusConfig(n_articles=size, seed=seed, mean_words=mean_words)))
    members: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        members.setdefault(record["group"], []).append(index)
    gold_groups = [m for m in members.values() if len(m) > 1]
    gold, truth = pairs_of(gold_groups), labels_of(size, gold_groups)
    position = {r["id"]: i for i, r in enumerate(records)}
    rows = []
    for label, texts in (("+bp", [r["text"] for r in records]), ("-bp", [_without_boilerplate(r) for r in records])):
        for config in configs:
            pairs = find_pairs(texts, config)
            clusters = group(size, pairs)
            candidates = {(p.a, p.b) for p in pairs if not p.exact}
            copies = {p.b for p in pairs if p.exact}  # exact copies are not in LSH
            near = [
                (position[r["group"]], i) for i, r in enumerate(records)
                if r["kind"] == "near" and not {position[r["group"]], i} & copies
            ]
            shingles = {i: shingle_array(texts[i], config.ngram) for pair in near for i in pair}
            similar = [(a, b) for a, b in near if array_jaccard(shingles[a], shingles[b]) >= config.threshold]
            jaccards = [array_jaccard(shingles[a], shingles[b]) for a, b in near]
            missed = sum((a, b) not in candidates for a, b in similar)
            notes = (
                f"near J p1 {np.percentile(jaccards, 1):.3f}, LSH missed {missed}/{len(similar)}, "
                f"{len(candidates)} candidates"
            )
            rows.append(row(
                f"generated {size:,} ({mean_words} words)",
                f"{label} ngram {config.ngram}, threshold {config.threshold}",
                pair_scores(pairs_of(clusters), gold),
                adjusted_rand(truth, labels_of(size, clusters)),
                notes,
            ))
            print(rows[-1], file=sys.stderr, flush=True)
    return rows


def ntrex_rows(
    config: Config, data_dir: Path = DEFAULT_DATA_DIR, story_translate: Callable[[str, str], str] | None = None
) -> list[str]:
    """Copy-level and story-level rows on ntrex-dev (one more with ``story_translate(text, lang) -> English text``)."""
    path = data_dir / "ntrex-dev.jsonl"
    if not path.is_file():
        return [row("ntrex-dev", "copy level", None, None, f"skipped: {path} not found")]
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    size = len(records)
    texts = [r["text"] for r in records]
    clusters = group(size, find_pairs(texts, config))
    merged = sum(len(m) * (len(m) - 1) // 2 for m in clusters)
    rows = [row(
        "ntrex-dev", f"copy level, threshold {config.threshold}", None,
        adjusted_rand(list(range(size)), labels_of(size, clusters)),
        f"{size} documents, no copies: {merged} false merges",
    )]
    stories: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        stories.setdefault(record["story"], []).append(index)
    gold_groups = list(stories.values())

    def story_row(setting: str, clusters: list[list[int]], notes: str) -> str:
        return row("ntrex-dev", setting, pair_scores(pairs_of(clusters), pairs_of(gold_groups)),
                   adjusted_rand(labels_of(size, gold_groups), labels_of(size, clusters)), notes)

    found = find_story_pairs(texts, [r["lang"] for r in records])
    rows.append(story_row("story level, story pass without a model", story_groups(size, found),
                          f"{len(gold_groups)} stories in Dutch and English; the anchors signal, defaults"))
    if story_translate is not None:
        english = [story_translate(r["text"], r["lang"]) for r in records]
        rows.append(story_row(f"story level (translated), threshold {config.threshold}",
                              group(size, find_pairs(english, config)), "dedupe on the translated text"))
    return rows


FLORES_FILES = {"nl": "flores-devtest-nld.txt", "en": "flores-devtest-eng.txt"}
LANGID_LEVELS = {"sentence": 1, "paragraph": PARAGRAPH_SENTENCES}


def flores_units(data_dir: Path = DEFAULT_DATA_DIR) -> dict[str, list[tuple[str, str]]] | None:
    """FLORES nld/eng as ``{level: [(language, text), ...]}`` for each of :data:`LANGID_LEVELS`
    (a paragraph: that many consecutive sentences); ``None`` when the files are absent."""
    files = {lang: data_dir / name for lang, name in FLORES_FILES.items()}
    if not all(p.is_file() for p in files.values()):
        return None
    units: dict[str, list[tuple[str, str]]] = {}
    for level, size in LANGID_LEVELS.items():
        for lang, path in files.items():
            lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
            units.setdefault(level, []).extend(
                (lang, " ".join(lines[i : i + size])) for i in range(0, len(lines), size)
            )
    return units


def langid_rows(data_dir: Path = DEFAULT_DATA_DIR) -> list[str]:
    """Sentence- and paragraph-level accuracy of :func:`newsmill.langid.detect` on FLORES nld/eng."""
    units = flores_units(data_dir)
    if units is None:
        return [row("FLORES-200 devtest", "langid", None, None, f"skipped: files not found in {data_dir}")]
    rows = []
    for level, pairs in units.items():
        gold = [lang for lang, _ in pairs]
        found = [lang for lang, _ in langid.classify([text for _, text in pairs])]
        per_lang = [
            f"{lang} {sum(f == g == lang for f, g in zip(found, gold, strict=False))}/{gold.count(lang)}"
            for lang in FLORES_FILES
        ]
        correct = sum(f == g for f, g in zip(found, gold, strict=False))
        undetermined = found.count(langid.UNDETERMINED)
        rows.append(
            f"| FLORES-200 devtest | langid, {level} level | accuracy {correct / len(pairs):.4f} | | | | "
            f"{', '.join(per_lang)}; {undetermined} und (fewer than {langid.MIN_WORDS} words) |"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="size of each generated corpus")
    parser.add_argument("--seed", type=int, default=11, help="corpus seed")
    parser.add_argument("--sweep", action="store_true", help="ngram 3/4/5 × threshold 0.5-0.8 on the generated corpora")
    args = parser.parse_args(argv)
    default = Config()
    grid = [Config(ngram=n, threshold=t) for n in (3, 4, 5) for t in (0.5, 0.6, 0.7, 0.8)] if args.sweep else [default]
    rows = [HEADER, "|---|---|---:|---:|---:|---:|---|"]
    for mean_words in (450, 150):
        rows += generated_rows(args.articles, args.seed, mean_words, grid)
    rows += ntrex_rows(default)
    rows += langid_rows()
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
