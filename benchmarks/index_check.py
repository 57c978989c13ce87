"""How long a pre-commit check of one new file takes against indexes of growing size.

For each corpus size a temporary git repository is filled with JSONL files
of cheaply generated articles (random words from a fixed vocabulary, so
unrelated articles share almost no shingles), committed and indexed with
``newsmill index build``; then one new text dump (``--new`` articles, some
copied or lightly edited from the corpus) is staged and checked, timed over
``--repeat`` runs. The check reads only the new file and queries the index,
so its time should stay flat while the corpus grows 100-fold.

Run by hand (never as a timed test)::

    python benchmarks/index_check.py                      # 1k, 10k, 100k articles
    python benchmarks/index_check.py --sizes 1000 10000 --index redis://127.0.0.1:6379/0

Prints a table: articles indexed, build time, median check time, findings,
index size and its size per article (SQLite only). The generated articles'
paragraphs are long (about 70 words), so they take no part in the near
search; ``benchmarks/hook_parity.py`` and a run on ``benchmarks/corpus.py``
output show what realistic articles cost.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsmill import check
from newsmill.config import Config
from newsmill.index import open_index, update

#: Words of letters, not numbered ones: the near-identical paragraph search reads digit runs as one
#: placeholder, so paragraphs of numbered words would all be variants of one template.
VOCABULARY = ["w" + "".join(chr(97 + i // 26**k % 26) for k in range(4)) for i in range(20_000)]
PER_FILE = 1000


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choices(VOCABULARY, k=count))


def make_text(rng: random.Random, length: int) -> str:
    """Three paragraphs of sentences, ``length`` words in all."""
    third = length // 3
    return "\n\n".join(f"The {words(rng, third)}." for _ in range(3))


def fill(root: Path, size: int, length: int, rng: random.Random) -> list[str]:
    """Commit ``size`` articles as JSONL files in a new git repository; their texts."""
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    texts = []
    for start in range(0, size, PER_FILE):
        lines = []
        for number in range(start, min(size, start + PER_FILE)):
            text = make_text(rng, length)
            texts.append(text)
            lines.append(json.dumps({"id": f"a{number:07d}", "text": text}))
        (root / f"part{start // PER_FILE:04d}.jsonl").write_text("\n".join(lines) + "\n")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-qm", "corpus"],
        cwd=root,
        check=True,
    )
    return texts


def new_dump(rng: random.Random, texts: list[str], count: int, length: int) -> str:
    """A text dump of ``count`` articles: a fifth exact copies, a fifth edited copies, the rest new."""
    articles = []
    for number in range(count):
        if number % 5 == 0:
            text = rng.choice(texts)
        elif number % 5 == 1:
            text = rng.choice(texts) + "\n\nOne sentence the copy added at the end of it."
        else:
            text = make_text(rng, length)
        articles.append(f"Headline number {number} about the new things in town\n\n{text}")
    return "\n\n".join(articles) + "\n"


def measure(size: int, args: argparse.Namespace) -> dict[str, object]:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="newsmill-bench-") as tmp:
        root = Path(tmp)
        texts = fill(root, size, args.words, rng)
        config = Config(index=args.index)
        index = open_index(config.index, root, config)
        started = time.perf_counter()
        update(index, root, config, rebuild=True)
        build_s = time.perf_counter() - started
        (root / "new.txt").write_text(new_dump(rng, texts, args.new, args.words))
        subprocess.run(["git", "add", "new.txt"], cwd=root, check=True)
        timings, findings = [], 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            findings = len(check(["new.txt"], root=root, config=config, index=index).findings)
            timings.append(time.perf_counter() - started)
        sqlite = root / ".newsmill" / "index.sqlite"
        index.close()
        return {
            "articles": size,
            "build_s": build_s,
            "check_s": statistics.median(timings),
            "findings": findings,
            "index_mb": sqlite.stat().st_size / 1e6 if sqlite.exists() else None,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--words", type=int, default=200, help="words per article")
    parser.add_argument("--new", type=int, default=20, help="articles in the new file")
    parser.add_argument("--repeat", type=int, default=5, help="check runs per size (median shown)")
    parser.add_argument("--index", default=None, help="index location (default: SQLite in the repo)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(f"check of one new file ({args.new} articles, {args.words} words each) against an index of N articles")
    print(f"{'articles':>9} | {'build s':>8} | {'check s':>8} | {'findings':>8} | {'index MB':>8} | {'KB/article':>10}")
    print(f"{'-' * 9}-+-{'-' * 8}-+-{'-' * 8}-+-{'-' * 8}-+-{'-' * 8}-+-{'-' * 10}")
    for size in args.sizes:
        row = measure(size, args)
        size_mb = f"{row['index_mb']:.1f}" if row["index_mb"] is not None else "-"
        per_article = f"{row['index_mb'] * 1000 / size:.2f}" if row["index_mb"] is not None else "-"
        print(f"{row['articles']:>9,} | {row['build_s']:>8.2f} | {row['check_s']:>8.3f} | "
              f"{row['findings']:>8} | {size_mb:>8} | {per_article:>10}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
