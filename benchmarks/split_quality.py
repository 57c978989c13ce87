"""How well newsmill's splitter finds articles: boundaries, whole articles and closers.

Three sets of dumps with known article boundaries:

generated (``tuning``, ``development`` and the sealed ``evaluation`` set)
    Lookalike dumps made from NTREX documents in many styles (English and
    Dutch, headline or not, sentence or title case, signature lines, promo
    blocks, closing lines, sub-headings); see :mod:`benchmarks.split_styles`.
    The rules are tuned on the tuning and development sets only; the
    evaluation set is measured only when named (``--sets evaluation`` or
    ``all``; the tests score it too), and only its shares per style and
    language are printed, never a miss. Each dump is split on its own.
annotated examples (``tests/data/split/``)
    Small dumps written for the tests, with annotation lines (``>>> note``)
    before the first line of every article (see that folder's README). They
    are split together as one corpus.
sample corpus (``../shared/corpus``)
    The five real scraped dumps, with the article starts listed in
    :data:`SAMPLE_CORPUS_STARTS`, split together as one corpus.

For every set: boundary precision = correct starts / starts found, recall =
correct starts / true starts, and *exact* = the share of articles found with
exactly their true first and last line (closer included). For generated
dumps also: the share of closer lines removed as ``signature``, and the
lines removed that were not closers.

Usage::

    python benchmarks/split_quality.py [--data ../shared/data] [--corpus ../shared/corpus] [--sets all | tuning ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import DEFAULT_DATA_DIR, generate_corpus  # noqa: E402
from benchmarks.split_styles import (  # noqa: E402
    CLOSERS,
    HEADLINES,
    LANGS,
    SETS,
    STYLES,
    TUNING_SETS,
    GoldDump,
    generate,
)
from newsmill.ingest.split import SEPARATOR, Piece, SignatureStats, split_dump  # noqa: E402

DATA_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "split"
SAMPLE_CORPUS = DEFAULT_DATA_DIR.parent / "corpus"
MARK = ">>> "

#: First line of every article of the sample corpus, by the file name's first three characters.
SAMPLE_CORPUS_STARTS = {
    "000": (1, 41, 81, 93, 129, 145, 179, 195, 221, 247),
    "001": (1, 35, 73, 122, 147, 160, 179),
    "002": (1,),
    "003": (1, 38),
    "004": (1, 21, 64, 80, 102),
}


@dataclass(frozen=True)
class AnnotatedDump:
    """A dump, the 1-based lines where its articles start, and the lines of closers to remove."""

    name: str
    lines: Sequence[str]
    starts: frozenset[int]
    closer_lines: frozenset[int] = frozenset()

    @property
    def spans(self) -> frozenset[tuple[int, int]]:
        """(first, last non-blank line) of every article: each runs to the line before the next start."""
        ends = sorted(self.starts)[1:] + [len(self.lines) + 1]
        return frozenset(
            (start, _last_text_line(self.lines, end - 1)) for start, end in zip(sorted(self.starts), ends, strict=True)
        )


@dataclass(frozen=True)
class Score:
    """Starts found, true and correct; articles true and found exactly; closer lines true,
    removed, and other lines removed."""

    found: int = 0
    annotated: int = 0
    correct: int = 0
    articles: int = 0
    exact: int = 0
    closers: int = 0
    closers_removed: int = 0
    others_removed: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.annotated if self.annotated else 1.0

    @property
    def exact_share(self) -> float:
        return self.exact / self.articles if self.articles else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(*(a + b for a, b in zip(self.__dict__.values(), other.__dict__.values(), strict=True)))


def _last_text_line(lines: Sequence[str], number: int) -> int:
    """The last line at or before ``number`` that is neither blank nor a separator line."""
    while number > 1 and (not lines[number - 1].strip() or SEPARATOR.match(lines[number - 1])):
        number -= 1
    return number


def load_annotated(path: Path) -> AnnotatedDump:
    """Read one annotated dump: a ``>>>`` line marks the next non-blank line as a start."""
    lines: list[str] = []
    starts: set[int] = set()
    pending = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(MARK):
            pending = True
            continue
        lines.append(line)
        if pending and line.strip():
            starts.add(len(lines))
            pending = False
    return AnnotatedDump(path.name, lines, frozenset(starts))


def from_generated(dump: GoldDump) -> AnnotatedDump:
    return AnnotatedDump(dump.name, dump.lines, frozenset(s for s, _ in dump.spans), dump.closer_lines)


def score(dump: AnnotatedDump, pieces: Iterable[Piece]) -> Score:
    """Compare the pieces the splitter gave for ``dump`` with its truth."""
    pieces = list(pieces)
    found = {piece.line_start for piece in pieces}
    spans = {(piece.line_start, piece.line_end) for piece in pieces}
    removed = {n for piece in pieces for p in piece.signature for n in range(p.line_start, p.line_end + 1)}
    return Score(
        found=len(found),
        annotated=len(dump.starts),
        correct=len(found & dump.starts),
        articles=len(dump.starts),
        exact=len(spans & dump.spans),
        closers=len(dump.closer_lines),
        closers_removed=len(removed & dump.closer_lines),
        others_removed=len(removed - dump.closer_lines),
    )


def score_dumps(dumps: list[AnnotatedDump]) -> dict[str, Score]:
    """Split the dumps as one corpus; the score of each."""
    stats = SignatureStats()
    for dump in dumps:
        stats.scan(dump.name, dump.lines)
    stats.finish()
    return {dump.name: score(dump, split_dump(dump.name, dump.lines, stats)) for dump in dumps}


def score_directory(directory: Path = DATA_DIR) -> dict[str, Score]:
    """Scores of every annotated ``.txt`` dump in ``directory``, split as one corpus."""
    return score_dumps([load_annotated(path) for path in sorted(directory.glob("*.txt"))])


def score_sample_corpus(directory: Path = SAMPLE_CORPUS) -> dict[str, Score]:
    """Scores of the real dumps in ``directory`` against :data:`SAMPLE_CORPUS_STARTS`."""
    dumps = []
    for path in sorted(directory.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        dumps.append(AnnotatedDump(path.name, lines, frozenset(SAMPLE_CORPUS_STARTS[path.name[:3]])))
    return score_dumps(dumps)


def corpus_dumps(
    n_articles: int = 600, per_file: int = 50, seed: int = 17, data_dir: Path = DEFAULT_DATA_DIR
) -> list[AnnotatedDump]:
    """The text dumps :mod:`benchmarks.corpus` writes (FLORES sentences, a title, an outlet
    line after every article, boilerplate at the start or end of some), annotated.

    Closers are the outlet lines and the boilerplate paragraphs at the end of an article.
    """
    corpus = generate_corpus(n_articles, seed=seed, data_dir=data_dir)
    by_id = {article["id"]: article for article in corpus.articles}
    dumps = []
    with tempfile.TemporaryDirectory(prefix="newsmill-split-") as directory:
        corpus.write_text_dumps(directory, articles_per_file=per_file)
        members: dict[str, list[str]] = {}
        for row in (Path(directory) / "index.tsv").read_text(encoding="utf-8").splitlines():
            dump_id, article_id = row.split("\t")
            members.setdefault(dump_id.partition("#")[0], []).append(article_id)
        for name, ids in members.items():
            lines = (Path(directory) / name).read_text(encoding="utf-8").splitlines()
            starts: set[int] = set()
            closers: set[int] = set()
            line = 1
            for article_id in ids:
                article = by_id[article_id]
                text_lines = article["text"].split("\n")
                ending = {b["text"] for b in article["boilerplate"] if b["position"] == "end"}
                starts.add(line)
                closers.update(line + 2 + i for i, text in enumerate(text_lines) if text in ending)
                line += 2 + len(text_lines) + 1  # title, blank, text, blank: the outlet line
                closers.add(line)
                line += 2
            dumps.append(AnnotatedDump(name, lines, frozenset(starts), frozenset(closers)))
    return dumps


def score_generated(dataset: str, data_dir: Path = DEFAULT_DATA_DIR) -> list[tuple[GoldDump, Score]]:
    """Every generated dump of the set ``dataset``, split on its own, with its score."""
    scored = []
    for dump in generate(dataset, data_dir):
        annotated = from_generated(dump)
        scored.append((dump, score_dumps([annotated])[dump.name]))
    return scored


def group_names(dump: GoldDump) -> tuple[str, ...]:
    """The rows a generated dump counts in: its style, language, headline kind, closer kind, all."""
    return (dump.style, f"lang {dump.lang}", f"headline {dump.headline}", f"closer {dump.closer}", "all")


def by_style(scored: list[tuple[GoldDump, Score]]) -> dict[str, tuple[int, Score]]:
    """Dumps and scores summed per :func:`group_names` row, styles first and ``all`` last."""
    order = [f"{h}/{c}" for h, c in STYLES] + [f"lang {lang}" for lang in LANGS]
    order += [f"headline {h}" for h in HEADLINES] + [f"closer {c}" for c in CLOSERS] + ["all"]
    groups: dict[str, tuple[int, Score]] = {}
    for dump, result in scored:
        for name in group_names(dump):
            dumps, total = groups.get(name, (0, Score()))
            groups[name] = (dumps + 1, total + result)
    return {name: groups[name] for name in order if name in groups}


HEADER = (
    f"{'':<22} {'dumps':>5} {'articles':>8} {'exact':>6} {'precision':>9} {'recall':>7} "
    f"{'closers removed':>15} {'other lines removed':>19}"
)
LANG_HEADER = "".join(f" {'exact ' + lang:>8}" for lang in LANGS)


def _row(name: str, dumps: int, result: Score) -> str:
    closers = f"{result.closers_removed / result.closers:.3f}" if result.closers else "-"
    return (
        f"{name:<22} {dumps:>5} {result.articles:>8} {result.exact_share:>6.3f} {result.precision:>9.3f} "
        f"{result.recall:>7.3f} {closers:>15} {result.others_removed:>19}"
    )


def report_generated(dataset: str, data_dir: Path) -> list[str]:
    """A row per :func:`group_names` row, with the share of articles split exactly in each language."""
    scored = score_generated(dataset, data_dir)
    groups = by_style(scored)
    per_lang = {lang: by_style([(dump, result) for dump, result in scored if dump.lang == lang]) for lang in LANGS}
    rows = []
    for name, (dumps, result) in groups.items():
        shares = [per_lang[lang][name][1].exact_share if name in per_lang[lang] else None for lang in LANGS]
        rows.append(_row(name, dumps, result) + "".join(f" {'-' if x is None else f'{x:.3f}':>8}" for x in shares))
    return [f"generated, {dataset} set (seed {SETS[dataset]})", HEADER + LANG_HEADER, *rows, ""]


def report_real(title: str, scores: dict[str, Score], per_dump: bool = True) -> list[str]:
    total = sum(scores.values(), Score())
    rows = [_row(name[:22], 1, result) for name, result in scores.items()] if per_dump else []
    return [title, HEADER, *rows, _row("all", len(scores), total), ""]


REAL_SETS = ("corpus", "examples", "sample")
DEFAULT_SETS = (*TUNING_SETS, *REAL_SETS)  # all but the sealed evaluation set


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="folder holding ntrex-dev.jsonl")
    parser.add_argument("--corpus", type=Path, default=SAMPLE_CORPUS, help="folder of the sample dumps")
    parser.add_argument(
        "--sets", nargs="+", choices=(*SETS, *REAL_SETS, "all"), default=list(DEFAULT_SETS),
        help="which sets to measure (default: all but the sealed 'evaluation' set, which is for the final figures)",
    )
    args = parser.parse_args(argv)
    if "all" in args.sets:
        args.sets = [*SETS, *REAL_SETS]
    lines: list[str] = []
    for dataset in SETS:
        if dataset in args.sets:
            lines += report_generated(dataset, args.data)
    if "corpus" in args.sets:
        title = "benchmarks/corpus.py dumps (FLORES sentences, outlet lines, boilerplate)"
        lines += report_real(title, score_dumps(corpus_dumps(data_dir=args.data)), per_dump=False)
    if "examples" in args.sets:
        lines += report_real("annotated examples (tests/data/split, the rules' own examples)", score_directory())
    if "sample" in args.sets and args.corpus.is_dir():
        lines += report_real(f"sample corpus ({args.corpus})", score_sample_corpus(args.corpus))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
