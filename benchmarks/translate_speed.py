"""Throughput of newsmill's batched translation against argos's own per-article path.

The same Dutch articles (FLORES-200 devtest lines from ``../shared/data``,
two lines a paragraph, four paragraphs an article; generated text when the
files are absent) go through

* newsmill: :func:`newsmill.translate.translate_articles` (all sentences of
  all articles in one batched CTranslate2 call, cache off), and
* argos: ``argostranslate.translate.translate`` called once per article, as a
  caller of argos would, with the same beam size and length limit,

and the script prints both times, their ratio and how many paragraphs came
out identical (and identical up to the spaces between sentences: argos
decodes a paragraph's tokens in one piece, newsmill joins sentences with a
space, which differs where a translation starts inside a word, as the random
model's often do). With the default tiny test model (built by
``tests/tiny_argos.py``) this measures overhead; ``--random-shape base``
builds a random model of transformer-base size (argos's models' size) for
realistic compute; ``--model FILE.argosmodel`` measures a real model. The
model is installed into a temporary argos packages directory; nothing of the
user's argos data changes.

Usage::

    python benchmarks/translate_speed.py [--model FILE.argosmodel | --random-shape tiny|base]
        [--sentences 253] [--beam-size 4] [--threads 0]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # for tiny_argos, the test model builder

import tiny_argos  # noqa: E402

LINES_PER_PARAGRAPH = 2
PARAGRAPHS_PER_ARTICLE = 4


def use_temporary_argos(beam_size: int) -> Path:
    """Point argos at an empty temporary packages directory and set its beam size.

    argos reads these settings once, at import, so this must run before
    ``argostranslate`` or ``newsmill.translate`` is imported.
    """
    if "argostranslate.settings" in sys.modules:
        raise RuntimeError("argostranslate was imported before its settings were chosen")
    packages = Path(tempfile.mkdtemp(prefix="newsmill-bench-argos-"))
    os.environ["ARGOS_PACKAGES_DIR"] = str(packages)
    os.environ["ARGOS_BEAM_SIZE"] = str(beam_size)
    return packages


def install(model_file: Path | None, random_shape: str = "tiny"):
    """Install ``model_file`` through argos (default: a random model of ``random_shape``, built now)."""
    from newsmill.translate import install_model_file

    if model_file is None:
        shape = {"tiny": tiny_argos.TINY, "base": tiny_argos.BASE}[random_shape]
        model_file = tiny_argos.build_tiny_argos_package(Path(tempfile.mkdtemp(prefix="newsmill-tiny-")), shape)
    return install_model_file(model_file)


def dutch_articles(line_count: int) -> list[list[str]]:
    """``line_count`` Dutch lines grouped into articles, each a list of paragraphs."""
    lines = [line for line in (tiny_argos.flores_lines("nld") or []) if line][:line_count]
    lines += tiny_argos.generated_sentences(line_count - len(lines))
    paragraphs = [" ".join(lines[i : i + LINES_PER_PARAGRAPH]) for i in range(0, len(lines), LINES_PER_PARAGRAPH)]
    return [paragraphs[i : i + PARAGRAPHS_PER_ARTICLE] for i in range(0, len(paragraphs), PARAGRAPHS_PER_ARTICLE)]


def translate_with_newsmill(articles: list[list[str]], model, beam_size: int, threads: int):
    """Translate through newsmill's batched path; returns (paragraphs per article, seconds, summary)."""
    from newsmill.record import Article, Paragraph, Source
    from newsmill.settings import TranslateSettings
    from newsmill.translate import translate_articles

    records = [
        Article(id=str(i), source=Source("bench", 1, 1, i + 1), title="",
                paragraphs=[Paragraph(text, lang="nl") for text in paragraphs], lang="nl")
        for i, paragraphs in enumerate(articles)
    ]
    options = TranslateSettings(beam_size=beam_size, threads=threads, device="cpu")
    started = time.perf_counter()
    summary = translate_articles(records, options=options, cache=False, model=model)
    seconds = time.perf_counter() - started
    return [[p.text for p in record.paragraphs] for record in records], seconds, summary


def translate_with_argos(articles: list[list[str]], threads: int):
    """Translate each article with one ``argostranslate.translate.translate`` call (paragraphs joined by newlines)."""
    from argostranslate import settings
    from argostranslate import translate as argos_translate

    settings.intra_threads = threads
    started = time.perf_counter()
    outputs = [argos_translate.translate("\n".join(paragraphs), "nl", "en").split("\n") for paragraphs in articles]
    return outputs, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help=".argosmodel file (default: the tiny test model)")
    parser.add_argument("--random-shape", choices=["tiny", "base"], default="tiny",
                        help="size of the random model built when --model is not given")
    parser.add_argument("--sentences", type=int, default=253, help="Dutch lines to translate (default 253)")
    parser.add_argument("--beam-size", type=int, default=4, help="beam size for both paths (argos's default: 4)")
    parser.add_argument("--threads", type=int, default=0, help="CTranslate2 intra_threads (0: its default)")
    args = parser.parse_args()

    use_temporary_argos(args.beam_size)
    model = install(args.model, args.random_shape)
    articles = dutch_articles(args.sentences)
    ours, ours_s, summary = translate_with_newsmill(articles, model, args.beam_size, args.threads)
    theirs, theirs_s = translate_with_argos(articles, args.threads)

    pairs = [(a, b) for mine, argos in zip(ours, theirs, strict=False) for a, b in zip(mine, argos, strict=False)]
    identical = sum(a == b for a, b in pairs)
    same_words = sum(a.split() == b.split() or a.replace(" ", "") == b.replace(" ", "") for a, b in pairs)
    shape = "" if args.model else f", random {args.random_shape}"
    print(f"model: {model.name} {model.version} ({model.path.name}{shape}); splitter: {summary.sentence_splitter}")
    print(f"input: {len(articles)} articles, {len(pairs)} paragraphs, {args.sentences} lines, "
          f"{summary.sentences_unique} sentences; beam {args.beam_size}, cpu, threads {args.threads or 'default'}")
    print(f"newsmill batched (one call, 2048-token batches): {ours_s:7.2f} s")
    print(f"argos translate() per article:                  {theirs_s:7.2f} s")
    print(f"speed-up: {theirs_s / ours_s:.1f}x; identical paragraphs: {identical}/{len(pairs)}, "
          f"identical up to spaces: {same_words}/{len(pairs)}")


if __name__ == "__main__":
    main()
