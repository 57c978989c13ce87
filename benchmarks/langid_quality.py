"""newsmill's langid against plain langdetect, in one run: accuracy, agreement and speed.

- **FLORES-200 devtest** (Dutch and English, 500 sentences each, and
  paragraphs of ``PARAGRAPH_SENTENCES`` sentences, as
  :func:`benchmarks.quality.flores_units` builds them): accuracy of
  langdetect's ``detect_langs`` (``DetectorFactory.seed`` 0, the top
  language; its spread over seeds 0..``--seeds``-1 in the notes) and of
  :func:`newsmill.langid.classify`, and how often the two agree.
- **generated articles** (:mod:`benchmarks.corpus`, paragraphs as newsmill's
  ingest cuts them): articles per second of langdetect per paragraph (what
  newsmill's langid did before: ``detect_langs`` once per paragraph of at
  least ``MIN_WORDS`` words) and of :func:`newsmill.langid.identify_all` on
  one process and on every core, with the ratio; and how often the two give
  a paragraph (and an article) the same language.

Each timed call runs in a freshly forked process (:func:`benchmarks.measure.measured`)
after both libraries have read their profiles, so profile reading is not
timed and newsmill starts with an empty word cache. Wall-clock timings on a
shared machine are noisy; articles per CPU second (the call's and its
workers' user and system time) depend less on what else runs. Run by hand::

    python benchmarks/langid_quality.py                  # 1,000 articles
    python benchmarks/langid_quality.py --articles 3000 --seeds 3
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from langdetect import DetectorFactory, detect_langs
from langdetect.detector_factory import init_factory
from langdetect.lang_detect_exception import LangDetectException

from benchmarks.corpus import CorpusConfig, iter_articles
from benchmarks.measure import measured
from benchmarks.quality import flores_units
from newsmill import langid
from newsmill.config import Config
from newsmill.pipeline import load
from newsmill.record import Article
from newsmill.workers import cores

HEADER = "| data | measure | langdetect | newsmill | notes |"
R = TypeVar("R")


def langdetect_best(text: str, seed: int = 0) -> tuple[str, float]:
    """Plain ``detect_langs``'s top language and probability (seeded), ``und`` where it finds no features."""
    DetectorFactory.seed = seed
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return langid.UNDETERMINED, 0.0
    return best.lang, best.prob


def langdetect_language(text: str, seed: int = 0) -> str:
    return langdetect_best(text, seed)[0]


def langdetect_paragraphs(texts: Sequence[str]) -> list[tuple[str, float]]:
    """What newsmill's langid gave each paragraph before: ``detect_langs``, ``und`` under ``MIN_WORDS`` words."""
    return [langdetect_best(t) if len(t.split()) >= langid.MIN_WORDS else (langid.UNDETERMINED, 0.0) for t in texts]


def newsmill_languages(texts: Sequence[str], jobs: int = 1) -> list[str]:
    return [lang for lang, _ in langid.classify(texts, jobs)]


def newsmill_articles(articles: list[Article], jobs: int) -> tuple[list[str], list[str]]:
    """Paragraph and article languages from :func:`newsmill.langid.identify_all`."""
    langid.identify_all(articles, jobs)
    return [p.lang for a in articles for p in a.paragraphs], [a.lang for a in articles]


def cpu_timed(function: Callable[..., R], *args: Any) -> tuple[R, float]:
    """``function(*args)`` and the CPU seconds it took, its finished worker processes included."""
    def used() -> float:
        return sum(
            usage.ru_utime + usage.ru_stime
            for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
        )

    started = used()
    result = function(*args)
    return result, used() - started


def share(a: Sequence[str], b: Sequence[str]) -> float:
    return sum(x == y for x, y in zip(a, b, strict=False)) / len(a)


def flores_rows(seeds: int) -> list[str]:
    units = flores_units()
    if units is None:
        return ["| FLORES-200 devtest | accuracy | – | – | skipped: FLORES files not found in ../shared/data |"]
    rows = []
    for level, pairs in units.items():
        gold = [lang for lang, _ in pairs]
        texts = [text for _, text in pairs]
        spread = [share([langdetect_language(t, seed) for t in texts], gold) for seed in range(seeds)]
        theirs = [langdetect_language(t) for t in texts]
        ours = measured(newsmill_languages, texts).result
        rows.append(
            f"| FLORES-200 devtest, {len(texts)} {level}s | accuracy | {share(theirs, gold):.4f} | "
            f"{share(ours, gold):.4f} | agreement {share(theirs, ours):.4f}; langdetect over seeds 0-{seeds - 1}: "
            f"{min(spread):.4f}-{max(spread):.4f} |"
        )
    return rows


def speed_rows(size: int, seed: int) -> list[str]:
    records = [
        {k: r[k] for k in ("id", "title", "text")} for r in iter_articles(CorpusConfig(n_articles=size, seed=seed))
    ]
    articles = load(records, Config())
    texts = [p.text for a in articles for p in a.paragraphs]
    distinct = len(set(texts))
    base = measured(cpu_timed, langdetect_paragraphs, texts)
    (found_before, base_cpu) = base.result
    data = f"generated, {size:,} articles ({len(texts):,} paragraphs, {distinct:,} distinct)"
    rows = []
    for jobs in sorted({1, cores()}):
        ours = measured(cpu_timed, newsmill_articles, articles, jobs)
        (paragraphs, article_langs), cpu = ours.result
        rows.append(
            f"| {data} | articles/s (langdetect: 1 process, newsmill: {jobs}) | {size / base.seconds:,.0f} | "
            f"{size / ours.seconds:,.0f} | {base.seconds / ours.seconds:,.1f}× langdetect; "
            f"{base.seconds:.1f} s and {ours.seconds:.2f} s |"
        )
        rows.append(
            f"| {data} | articles per CPU second (newsmill: {jobs} process{'es' if jobs > 1 else ''}) | "
            f"{size / base_cpu:,.0f} | {size / cpu:,.0f} | {base_cpu / cpu:,.1f}× langdetect; "
            f"{base_cpu:.1f} and {cpu:.2f} CPU s |"
        )
    found = iter(found_before)
    for article in articles:
        article.body = article.body.with_languages([next(found) for _ in range(len(article.body))])
        langid.summarise(article)
    rows.append(
        f"| {data} | languages agree | | | paragraphs {share([lang for lang, _ in found_before], paragraphs):.4f}, "
        f"articles {share([a.lang for a in articles], article_langs):.4f} |"
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000, help="generated articles timed")
    parser.add_argument("--seed", type=int, default=11, help="corpus seed")
    parser.add_argument("--seeds", type=int, default=5, help="langdetect seeds for the accuracy spread")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    init_factory()
    langdetect_load = time.perf_counter() - started
    started = time.perf_counter()
    langid.classify([])
    newsmill_load = time.perf_counter() - started
    rows = [HEADER, "|---|---|---:|---:|---|"]
    rows.append(
        f"| langdetect profiles | seconds to read | {langdetect_load:.2f} | {newsmill_load:.2f} | once per process |"
    )
    rows += flores_rows(args.seeds)
    rows += speed_rows(args.articles, args.seed)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
