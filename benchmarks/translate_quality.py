"""Translation quality: BLEU and chrF of newsmill's batched path beside argos's unbatched path.

Both translate the FLORES-200 devtest Dutch lines in ``../shared/data``
(beside the repository) with the same installed model, one line a
paragraph; the scores against the English references (sacrebleu) must match:
batching is for speed and must not change quality. argos's own path runs
``argostranslate.translate.translate`` once per line.

Usage::

    python benchmarks/translate_quality.py --model FILE.argosmodel [--lines 500] [--beam-size 4]

Without ``--model``, or without the FLORES files, or without sacrebleu, it
prints why it skipped and exits 0. argos's own path needs the package to
bundle a MiniSBD sentence splitter (``minisbd/``) or MiniSBD's Dutch model in
argos's cache, because argos 1.12 downloads it otherwise; when it cannot run,
newsmill's scores are printed alone with the reason.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from translate_speed import install, tiny_argos, translate_with_argos, translate_with_newsmill, use_temporary_argos


def skip(reason: str) -> None:
    print(f"SKIPPED: {reason}")
    sys.exit(0)


def scores(hypotheses: list[str], references: list[str]) -> str:
    import sacrebleu

    bleu = sacrebleu.corpus_bleu(hypotheses, [references])
    chrf = sacrebleu.corpus_chrf(hypotheses, [references])
    return f"BLEU {bleu.score:5.2f}  chrF {chrf.score:5.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="a real nl→en .argosmodel file")
    parser.add_argument("--lines", type=int, default=500, help="FLORES lines to score (default: all 500)")
    parser.add_argument("--beam-size", type=int, default=4, help="beam size for both paths (argos's default: 4)")
    args = parser.parse_args()

    if args.model is None:
        skip("no model given: pass --model FILE.argosmodel (a real nl→en argos package; "
             "none can be downloaded on machines without network access)")
    if not args.model.is_file():
        skip(f"{args.model} does not exist")
    dutch, english = tiny_argos.flores_lines("nld"), tiny_argos.flores_lines("eng")
    if dutch is None or english is None:
        skip(f"FLORES-200 devtest files not found in {tiny_argos.SHARED_DATA}")
    try:
        import sacrebleu  # noqa: F401
    except ImportError:
        skip("sacrebleu is not installed (pip install sacrebleu)")

    use_temporary_argos(args.beam_size)
    model = install(args.model)
    pairs = [(nl, en) for nl, en in zip(dutch, english, strict=False) if nl and en][: args.lines]
    articles = [[nl] for nl, _ in pairs]
    references = [en for _, en in pairs]

    ours, ours_s, summary = translate_with_newsmill(articles, model, args.beam_size, threads=0)
    print(f"model: {model.name} {model.version}; {len(pairs)} FLORES-200 devtest lines nld→eng; "
          f"beam {args.beam_size}; newsmill splitter: {summary.sentence_splitter}")
    print(f"newsmill batched:       {scores([a[0] for a in ours], references)}  ({ours_s:.1f} s)")
    started = time.perf_counter()
    try:
        theirs, theirs_s = translate_with_argos(articles, threads=0)
    except Exception as error:  # argos's failures are bare Exceptions (e.g. URLError from MiniSBD)
        print(f"argos translate() each: not run: {type(error).__name__}: {error} "
              f"(after {time.perf_counter() - started:.1f} s)")
        return
    print(f"argos translate() each: {scores([a[0] for a in theirs], references)}  ({theirs_s:.1f} s)")
    identical = sum(a == b for a, b in zip(ours, theirs, strict=False))
    print(f"identical lines: {identical}/{len(pairs)}")


if __name__ == "__main__":
    main()
