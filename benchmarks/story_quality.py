"""Story pair quality of the story pass on NTREX-128 documents, Dutch and English.

``../shared/data/ntrex-dev.jsonl`` (beside the repository; never copied into
it) holds news stories, each once in English and once in Dutch:
``{"id", "lang", "story", "text"}``. Gold pairs are the pairs of documents of
one story; predicted pairs are the pairs of documents given one ``story``
label (the connected components of the verified pairs). Precision, recall
and F1 are over all pairs (:mod:`benchmarks.metrics`).

Printed:

* signal A (anchors, no model) at the default options;
* a sweep of its threshold with and without the one-to-one rule, on the
  full set and on three *unpaired* variants where half of the stories
  (chosen with seeds 0, 1, 2) keep only one language, as in a real corpus
  where most articles have no translation beside them: there the
  one-to-one rule cannot hide a false pair behind the true one;
* sweeps of ``min_shared`` and ``name_share`` at the default threshold;
* with ``--model FILE.argosmodel`` (a real nl→en argos package), the Dutch
  documents are translated first (:func:`newsmill.translate.translate_articles`)
  and signal B alone, then both signals, are measured, with a sweep of
  signal B's threshold and n-gram size. Without a model that part is skipped
  with the reason.

Usage::

    python benchmarks/story_quality.py [--model FILE.argosmodel] [--beam-size 4]

Exits 0 with ``SKIPPED: reason`` when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.metrics import pair_scores, pairs_of  # noqa: E402
from newsmill.hashing.unionfind import UnionFind  # noqa: E402
from newsmill.settings import StorySettings  # noqa: E402
from newsmill.story import (  # noqa: E402
    AnchorOptions,
    StoryPair,
    TranslatedOptions,
    find_story_pairs,
)
from newsmill.story.anchor_signal import anchor_pairs  # noqa: E402
from newsmill.story.translated import translated_pairs  # noqa: E402

NTREX = REPO.parent / "shared" / "data" / "ntrex-dev.jsonl"
UNPAIRED_SEEDS = (0, 1, 2)
THRESHOLDS = (0.06, 0.08, 0.10, 0.11, 0.12, 0.13, 0.14, 0.16, 0.20)
TRANSLATED_THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.4, 0.5)


@dataclass(frozen=True)
class Document:
    id: str
    lang: str
    story: str
    text: str


def load(path: Path = NTREX) -> list[Document]:
    """The NTREX documents; raises ``FileNotFoundError`` when absent."""
    with path.open(encoding="utf-8") as lines:
        return [Document(**json.loads(line)) for line in lines if line.strip()]


def unpaired(documents: Sequence[Document], seed: int) -> list[Document]:
    """``documents`` with one language, chosen at random, removed from a random half of the stories."""
    rng = random.Random(seed)
    stories = sorted({d.story for d in documents})
    dropped = {story: rng.choice(("en", "nl")) for story in rng.sample(stories, len(stories) // 2)}
    return [d for d in documents if dropped.get(d.story) != d.lang]


def story_groups(size: int, pairs: Sequence[StoryPair]) -> list[list[int]]:
    """The stories that ``pairs`` make among ``size`` documents: connected components of two or more."""
    sets = UnionFind(size)
    for pair in pairs:
        sets.union(pair.a, pair.b)
    return sets.groups()


def scores(documents: Sequence[Document], pairs: Sequence[StoryPair]) -> tuple[float, float, float]:
    """Pair precision, recall and F1 of the stories that ``pairs`` make against the gold stories."""
    gold: dict[str, list[int]] = {}
    for index, document in enumerate(documents):
        gold.setdefault(document.story, []).append(index)
    return pair_scores(pairs_of(story_groups(len(documents), pairs)), pairs_of(gold.values()))


def signal_a(documents: Sequence[Document], options: AnchorOptions) -> tuple[float, float, float]:
    return scores(documents, anchor_pairs([d.text for d in documents], [d.lang for d in documents], options))


def print_threshold_sweep(documents: list[Document]) -> None:
    variants = [unpaired(documents, seed) for seed in UNPAIRED_SEEDS]
    print("\nSignal A threshold sweep (full set: P/R/F1; unpaired variants: F1 per seed, lowest precision)")
    print("| threshold | one-to-one | P | R | F1 | unpaired F1 (seeds 0, 1, 2) | unpaired min P |")
    print("|---|---|---|---|---|---|---|")
    for single in (True, False):
        for threshold in THRESHOLDS:
            options = AnchorOptions(threshold=threshold, one_to_one=single)
            p, r, f = signal_a(documents, options)
            others = [signal_a(variant, options) for variant in variants]
            seeds = " ".join(f"{o[2]:.3f}" for o in others)
            print(f"| {threshold:.2f} | {'on' if single else 'off'} | {p:.3f} | {r:.3f} | {f:.3f} "
                  f"| {seeds} | {min(o[0] for o in others):.3f} |")


def print_parameter_sweep(documents: list[Document], name: str, values: Sequence[object]) -> None:
    print(f"\nSignal A {name} sweep (other options at their defaults)")
    print(f"| {name} | P | R | F1 |")
    print("|---|---|---|---|")
    for value in values:
        p, r, f = signal_a(documents, replace(AnchorOptions(), **{name: value}))
        print(f"| {value} | {p:.3f} | {r:.3f} | {f:.3f} |")


def translate(documents: Sequence[Document], model_file: Path, beam_size: int) -> tuple[list[str], list[str]]:
    """The texts after nl→en translation with ``model_file`` (installed into a temporary argos
    folder), and their languages."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from translate_speed import install, use_temporary_argos

    use_temporary_argos(beam_size)
    from newsmill.record import Article, Paragraph, Source
    from newsmill.settings import TranslateSettings
    from newsmill.translate import translate_articles

    articles = [
        Article(
            id=d.id,
            source=Source("ntrex", 1, 1, i + 1),
            title="",
            paragraphs=[Paragraph(line, lang=d.lang) for line in d.text.splitlines() if line.strip()],
            lang=d.lang,
            lang_given=True,
        )
        for i, d in enumerate(documents)
    ]
    summary = translate_articles(
        articles, options=TranslateSettings(beam_size=beam_size), cache=False, model=install(model_file)
    )
    model = summary.model or {}
    print(
        f"\ntranslated {summary.articles_translated} Dutch documents with {model.get('name')} "
        f"{model.get('version')} in {summary.seconds:.1f} s"
    )
    return [a.text for a in articles], [a.lang for a in articles]


def print_translated(documents: list[Document], model_file: Path | None, beam_size: int) -> None:
    if model_file is None:
        print(
            "\nSignal B (translated text): SKIPPED: no model given: pass --model FILE.argosmodel "
            "(a real nl→en argos package; none can be downloaded on machines without network access)"
        )
        return
    if not model_file.is_file():
        print(f"\nSignal B (translated text): SKIPPED: {model_file} does not exist")
        return
    texts, langs = translate(documents, model_file, beam_size)
    origins = [d.lang for d in documents]
    print("\nSignal B threshold × n-gram sweep (one-to-one on)")
    print("| ngram | threshold | P | R | F1 |")
    print("|---|---|---|---|---|")
    for ngram in (1, 2, 3):
        for threshold in TRANSLATED_THRESHOLDS:
            options = TranslatedOptions(threshold=threshold, ngram=ngram)
            p, r, f = scores(documents, translated_pairs(texts, langs, origins, options))
            print(f"| {ngram} | {threshold:.2f} | {p:.3f} | {r:.3f} | {f:.3f} |")
    p, r, f = scores(documents, find_story_pairs(texts, langs, origins))
    print(f"\nboth signals at the defaults, on translated text: P {p:.3f}  R {r:.3f}  F1 {f:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="a real nl→en .argosmodel file, for signal B")
    parser.add_argument("--beam-size", type=int, default=4, help="beam size of the translation (default 4)")
    args = parser.parse_args()
    try:
        documents = load()
    except FileNotFoundError:
        print(f"SKIPPED: {NTREX} not found (the NTREX evaluation data lives beside the repository)")
        return
    defaults = StorySettings()
    print(f"{len(documents)} documents, {len({d.story for d in documents})} stories ({NTREX.name})")
    started = time.perf_counter()
    p, r, f = scores(documents, find_story_pairs([d.text for d in documents], [d.lang for d in documents]))
    seconds = time.perf_counter() - started
    print(
        f"signal A at the defaults (threshold {defaults.story_threshold}, min_shared "
        f"{defaults.story_min_shared}, one-to-one {'on' if defaults.story_one_to_one else 'off'}): "
        f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ({seconds:.2f} s)"
    )
    print_threshold_sweep(documents)
    print_parameter_sweep(documents, "min_shared", (1, 2, 3, 4))
    print_parameter_sweep(documents, "name_share", (0.3, 0.5, 0.7, 0.9))
    print_translated(documents, args.model, args.beam_size)


if __name__ == "__main__":
    main()
