"""Seeded generator of synthetic news corpora with gold duplicate groups.

Articles are composed from real sentences (FLORES-200 devtest and NTREX
lines in English and Dutch, read from ``shared/data`` beside the repository;
nothing of that text is stored in the repository) with light word-level
variation, so that unrelated articles share few word 5-grams. Some articles
are exact copies or edited near copies of an earlier article, and some carry
shared boilerplate paragraphs (cookie banners, paywall notices, footers).
Every record says which gold duplicate group it belongs to and how it was
made, so precision and recall of newsmill's deduplication and boilerplate
stripping can be measured at any scale.

Library use::

    from benchmarks.corpus import generate_corpus, gold_pairs
    corpus = generate_corpus(10_000, seed=1)
    corpus.write_jsonl("out/")            # articles.jsonl + gold.jsonl
    corpus.write_text_dumps("out/dumps", articles_per_file=100)

Script use (streams, so millions of articles fit in little memory)::

    python benchmarks/corpus.py --articles 10000 --seed 1 --out DIR

The output for a given seed and configuration is the same, byte for byte.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations, count
from pathlib import Path
from typing import Any, TextIO

#: Where the shared evaluation data lives: ``shared/data`` beside the repository root.
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data"

#: Source files read from the data directory.
FLORES_FILES = {"en": "flores-devtest-eng.txt", "nl": "flores-devtest-nld.txt"}
NTREX_FILE = "ntrex-dev.jsonl"

#: Fictional outlets per language; an outlet's name closes each article in text dumps.
OUTLETS = {
    "en": ("The Daily Example", "Northfield Courier", "Harbour Evening Post", "The Lakeside Ledger"),
    "nl": ("De Dagelijkse Bode", "Het Polderblad", "Rivierstad Courant"),
}

#: Boilerplate templates: id -> (language, position in the article, text with ``{outlet}``).
BOILERPLATE = {
    "en/cookies": (
        "en",
        "start",
        "We use cookies to improve your experience on {outlet}. By continuing to browse "
        "this site you agree to our use of cookies. Read our cookie policy to learn more.",
    ),
    "en/share": ("en", "start", "Share this article: Facebook | Twitter | LinkedIn | Email | Print"),
    "en/paywall": (
        "en",
        "end",
        "You have reached your limit of free articles this month. Subscribe to {outlet} "
        "for unlimited access to our journalism, from just $1 a week. Cancel anytime.",
    ),
    "en/newsletter": (
        "en",
        "end",
        "Sign up for the {outlet} morning briefing and get the day's top stories "
        "delivered to your inbox before breakfast.",
    ),
    "en/copyright": (
        "en",
        "end",
        "© {outlet}. All rights reserved. This material may not be published, broadcast, "
        "rewritten or redistributed without permission.",
    ),
    "nl/cookies": (
        "nl",
        "start",
        "{outlet} gebruikt cookies om de website goed te laten werken en om het gebruik "
        "te analyseren. Door verder te klikken ga je akkoord met ons cookiebeleid.",
    ),
    "nl/share": ("nl", "start", "Deel dit artikel: Facebook | Twitter | WhatsApp | E-mail"),
    "nl/paywall": (
        "nl",
        "end",
        "Je hebt het maximale aantal gratis artikelen voor deze maand gelezen. Neem een "
        "abonnement op {outlet} en lees onbeperkt verder, de eerste maand gratis.",
    ),
    "nl/tips": (
        "nl",
        "end",
        "Heb je een tip voor de redactie van {outlet}? Laat het ons weten via het "
        "tipformulier op onze website.",
    ),
    "nl/copyright": (
        "nl",
        "end",
        "© {outlet}. Alle rechten voorbehouden. Niets uit deze uitgave mag worden "
        "overgenomen zonder schriftelijke toestemming van de uitgever.",
    ),
}

#: Sentence-level edits a near copy can get; "reorder" (paragraphs swapped) is article-level.
SENTENCE_EDITS = ("substitute", "delete", "insert", "typo")

_TITLE_STRIP = ".,;:!?'\"()[]«»“”‘’…-–—"


class CorpusDataError(FileNotFoundError):
    """The shared source text (FLORES / NTREX files) is not where it was looked for."""


@dataclass(frozen=True)
class SentencePool:
    """The tokenised source sentences of one language.

    ``sentences`` holds each sentence as a tuple of whitespace tokens;
    ``variable`` holds, per sentence, the token positions that word-level
    variation may replace (plain lowercase words); ``vocab`` is the sorted
    set of such words across the pool, the replacements drawn from;
    ``long`` lists the sentences of at least 10 tokens, titles are cut from.
    """

    lang: str
    sentences: tuple[tuple[str, ...], ...]
    variable: tuple[tuple[int, ...], ...]
    vocab: tuple[str, ...]
    long: tuple[int, ...]


@dataclass(frozen=True)
class CorpusConfig:
    """What to generate.

    n_articles: number of articles in total (originals plus copies).
    seed: seed of the single random stream everything is drawn from.
    mean_words: mean number of words of an article body (title and boilerplate excluded).
    dutch_share: share of originals (and so, on average, of all articles) in Dutch.
    exact_share: target share of all articles that are exact copies of an earlier one.
    near_share: target share of all articles that are edited near copies of an earlier one.
    max_edit_fraction: upper bound of the share of a near copy's sentences that are edited
        (0: near copies differ from their original only in paragraph order and boilerplate).
    reorder_prob: probability that a near copy also has two paragraphs swapped.
    boilerplate_share: share of articles that get one or two boilerplate paragraphs.
    word_variation: probability that each plain lowercase word of a sampled sentence is
        replaced by another word of the language, so reused sentences rarely repeat verbatim.
    copy_window: a copy appears about 1 to this many articles after its original.
    data_dir: directory holding the FLORES and NTREX files.
    """

    n_articles: int
    seed: int = 0
    mean_words: int = 450
    dutch_share: float = 0.2
    exact_share: float = 0.05
    near_share: float = 0.10
    max_edit_fraction: float = 0.2
    reorder_prob: float = 0.3
    boilerplate_share: float = 0.3
    word_variation: float = 0.05
    copy_window: int = 1000
    data_dir: Path = DEFAULT_DATA_DIR

    def __post_init__(self) -> None:
        """Reject values outside their range, with the offending field named."""
        if self.n_articles < 0 or self.mean_words < 20 or self.copy_window < 1:
            raise ValueError("n_articles must be >= 0, mean_words >= 20 and copy_window >= 1")
        for name in ("dutch_share", "exact_share", "near_share", "reorder_prob",
                     "boilerplate_share", "word_variation", "max_edit_fraction"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must lie in [0, 1], got {getattr(self, name)}")
        if self.copies_per_original / 2 > 1:
            raise ValueError("exact_share + near_share is too high: at most 2/3 of articles can be copies")

    @property
    def copies_per_original(self) -> float:
        """Mean number of copies each original needs to reach the copy shares."""
        copy_share = self.exact_share + self.near_share
        return copy_share / (1.0 - copy_share) if copy_share < 1.0 else float("inf")


@dataclass
class Corpus:
    """A generated corpus held in memory: its configuration and article records.

    Each record is a dict with ``id``, ``title``, ``text`` (paragraphs joined
    by a blank line, boilerplate included), ``lang``, ``outlet``, ``group``
    (gold duplicate group: the original's id, a singleton's own id), ``kind``
    (``original``, ``exact`` or ``near``), ``edit_fraction`` (share of the
    sentences edited), ``edits`` (sorted edit kinds applied) and
    ``boilerplate`` (``{"id", "position", "text"}`` for each boilerplate
    paragraph in ``text``).
    """

    config: CorpusConfig
    articles: list[dict[str, Any]] = field(default_factory=list)

    def write_jsonl(self, out_dir: str | Path) -> None:
        """Write ``articles.jsonl`` and ``gold.jsonl`` into ``out_dir`` (see :func:`write_corpus`)."""
        write_corpus(self.articles, jsonl_dir=out_dir)

    def write_text_dumps(self, out_dir: str | Path, articles_per_file: int = 100) -> None:
        """Write plain-text dumps of ``articles_per_file`` articles each into ``out_dir``."""
        write_corpus(self.articles, dump_dir=out_dir, articles_per_file=articles_per_file)


def load_pools(data_dir: str | Path = DEFAULT_DATA_DIR) -> dict[str, SentencePool]:
    """Read the English and Dutch source sentences of ``data_dir`` into pools.

    data_dir: directory with the FLORES devtest files and ``ntrex-dev.jsonl``.
    Raises :class:`CorpusDataError` naming the missing path when a file is absent.
    """
    data_dir = Path(data_dir)
    lines: dict[str, list[str]] = {lang: [] for lang in FLORES_FILES}
    for lang, name in FLORES_FILES.items():
        lines[lang].extend(_read_text(data_dir / name).splitlines())
    for line in _read_text(data_dir / NTREX_FILE).splitlines():
        record = json.loads(line)
        lines[record["lang"]].extend(record["text"].split("\n"))
    return {lang: _make_pool(lang, text) for lang, text in lines.items()}


def _read_text(path: Path) -> str:
    """The UTF-8 text of ``path``; a clear :class:`CorpusDataError` when it is missing."""
    if not path.is_file():
        raise CorpusDataError(
            f"benchmark source data not found: {path} (expected the shared FLORES/NTREX files "
            f"in {path.parent}; pass --data DIR or data_dir= to point elsewhere)"
        )
    return path.read_text(encoding="utf-8")


def _make_pool(lang: str, lines: list[str]) -> SentencePool:
    """Tokenise the non-blank ``lines`` of language ``lang`` into a :class:`SentencePool`."""
    sentences = tuple(tuple(line.split()) for line in lines if line.strip())
    variable = tuple(tuple(i for i, tok in enumerate(s) if _is_plain_word(tok)) for s in sentences)
    vocab = tuple(sorted({tok for s in sentences for tok in s if _is_plain_word(tok)}))
    long = tuple(i for i, s in enumerate(sentences) if len(s) >= 10)
    return SentencePool(lang, sentences, variable, vocab, long)


def _is_plain_word(token: str) -> bool:
    """True for an all-letter lowercase token, safe to swap for another such word."""
    return token.isalpha() and token.islower()


def iter_articles(config: CorpusConfig, pools: dict[str, SentencePool] | None = None) -> Iterator[dict[str, Any]]:
    """Yield the ``config.n_articles`` article records of the corpus, one at a time.

    config: what to generate; pools: preloaded sentence pools (read from
    ``config.data_dir`` when omitted). Copies follow their original after
    about 1 to ``min(config.copy_window, n_articles // 20)`` articles, so
    memory stays bounded by that window; a copy that would fall past the
    end is not made. Article ids are ``a0000000``, ``a0000001``, ...
    """
    pools = pools if pools is not None else load_pools(config.data_dir)
    rng = random.Random(config.seed)
    pending: list[tuple[int, int, str, _Draft, str]] = []  # (due position, tiebreak, group, original, kind)
    tiebreak = count()
    window = max(1, min(config.copy_window, config.n_articles // 20))
    for position in range(config.n_articles):
        article_id = f"a{position:07d}"
        if pending and pending[0][0] <= position:
            _, _, group, original, kind = heapq.heappop(pending)
            draft = _make_copy(rng, original, kind, pools[original.lang], config)
            yield draft.record(article_id, group)
            continue
        draft = _make_original(rng, pools, config)
        for kind in _copy_kinds(rng, config):
            heapq.heappush(pending, (position + rng.randint(1, window), next(tiebreak), article_id, draft, kind))
        yield draft.record(article_id, article_id)


def generate_corpus(n_articles: int, seed: int = 0, **options: Any) -> Corpus:
    """Generate a corpus of ``n_articles`` articles in memory.

    n_articles: total number of articles; seed: random seed; options: any
    other :class:`CorpusConfig` field (``mean_words``, ``dutch_share``,
    ``near_share``, ``max_edit_fraction``, ``data_dir``, ...).
    """
    config = CorpusConfig(n_articles=n_articles, seed=seed, **options)
    return Corpus(config, list(iter_articles(config)))


def gold_pairs(articles: Iterable[dict[str, Any]]) -> set[tuple[str, str]]:
    """All unordered id pairs ``(a, b)`` with ``a < b`` that share a gold group."""
    pairs: set[tuple[str, str]] = set()
    for members in gold_groups(articles).values():
        pairs.update(combinations(sorted(members), 2))
    return pairs


def gold_groups(articles: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """Gold duplicate groups with two or more members: group id -> member ids in corpus order."""
    groups: dict[str, list[str]] = {}
    for article in articles:
        groups.setdefault(article["group"], []).append(article["id"])
    return {group: members for group, members in groups.items() if len(members) > 1}


def write_corpus(
    articles: Iterable[dict[str, Any]],
    jsonl_dir: str | Path | None = None,
    dump_dir: str | Path | None = None,
    articles_per_file: int = 100,
) -> int:
    """Write ``articles`` in one pass to the outputs asked for; return how many were written.

    jsonl_dir: when set, write ``articles.jsonl`` (one record a line) and
    ``gold.jsonl`` (``{"group", "members"}`` per gold group of two or more)
    there; memory grows with the number of copies only. dump_dir: when
    set, write plain-text dumps ``dump_NNNNNN.txt`` of ``articles_per_file``
    articles each there, plus ``index.tsv`` mapping newsmill's dump ids
    (``dump_NNNNNN.txt#k``) to article ids. A dump article is its title
    line, a blank line, its paragraphs separated by blank lines and its
    outlet's name as the last line; articles are separated by a blank line.
    Directories are created as needed.
    """
    copies: dict[str, list[str]] = {}  # group -> its copies; the group id is the original's id
    written = 0
    with _Writers(jsonl_dir, dump_dir, articles_per_file) as writers:
        for article in articles:
            writers.add(article)
            written += 1
            if article["group"] != article["id"]:
                copies.setdefault(article["group"], []).append(article["id"])
    if jsonl_dir is not None:
        with (Path(jsonl_dir) / "gold.jsonl").open("w", encoding="utf-8", newline="\n") as gold:
            for group, members in sorted(copies.items()):
                gold.write(json.dumps({"group": group, "members": [group, *members]}) + "\n")
    return written


class _Writers:
    """The open output files of :func:`write_corpus`: JSONL, dump files and their index."""

    def __init__(self, jsonl_dir: str | Path | None, dump_dir: str | Path | None, per_file: int) -> None:
        """jsonl_dir / dump_dir: where to write (None: skip that output); per_file: articles per dump."""
        if per_file < 1:
            raise ValueError("articles_per_file must be >= 1")
        self.per_file = per_file
        self.dump_dir = _make_dir(dump_dir)
        self.jsonl = _open(_make_dir(jsonl_dir), "articles.jsonl")
        self.index = _open(self.dump_dir, "index.tsv")
        self.dump: TextIO | None = None
        self.written = 0

    def __enter__(self) -> _Writers:
        return self

    def __exit__(self, *exc: object) -> None:
        for handle in (self.jsonl, self.index, self.dump):
            if handle is not None:
                handle.close()

    def add(self, article: dict[str, Any]) -> None:
        """Write one article to every open output."""
        if self.jsonl is not None:
            self.jsonl.write(json.dumps(article, ensure_ascii=False) + "\n")
        if self.index is not None:
            self._add_dump(article, self.index)
        self.written += 1

    def _add_dump(self, article: dict[str, Any], index: TextIO) -> None:
        """Append ``article`` to the current dump file, starting a new file when it is full."""
        k = self.written % self.per_file
        name = f"dump_{self.written // self.per_file:06d}.txt"
        if k == 0:
            if self.dump is not None:
                self.dump.close()
            self.dump = _open(self.dump_dir, name)
        else:
            self.dump.write("\n")
        self.dump.write(f"{article['title']}\n\n{article['text']}\n\n{article['outlet']}\n")
        index.write(f"{name}#{k + 1}\t{article['id']}\n")


def _make_dir(path: str | Path | None) -> Path | None:
    """``path`` as a created directory, or None when no path is given."""
    if path is None:
        return None
    Path(path).mkdir(parents=True, exist_ok=True)
    return Path(path)


def _open(directory: Path | None, name: str) -> TextIO | None:
    """``directory / name`` opened for UTF-8 writing with ``\\n`` line ends, or None without a directory."""
    return None if directory is None else (directory / name).open("w", encoding="utf-8", newline="\n")


@dataclass
class _Draft:
    """An article under construction: body as paragraphs of sentences, plus metadata."""

    lang: str
    outlet: str
    title: str
    paragraphs: list[list[str]]
    boilerplate: list[tuple[str, str, str]]  # (template id, position, text)
    kind: str = "original"
    edit_fraction: float = 0.0
    edits: tuple[str, ...] = ()

    def record(self, article_id: str, group: str) -> dict[str, Any]:
        """The output record of this draft under ``article_id`` in gold group ``group``."""
        body = ["\n\n".join(" ".join(p) for p in self.paragraphs)]
        start = [text for _, pos, text in self.boilerplate if pos == "start"]
        end = [text for _, pos, text in self.boilerplate if pos == "end"]
        return {
            "id": article_id,
            "title": self.title,
            "text": "\n\n".join(start + body + end),
            "lang": self.lang,
            "outlet": self.outlet,
            "group": group,
            "kind": self.kind,
            "edit_fraction": self.edit_fraction,
            "edits": list(self.edits),
            "boilerplate": [{"id": b, "position": pos, "text": text} for b, pos, text in self.boilerplate],
        }


def _make_original(rng: random.Random, pools: dict[str, SentencePool], config: CorpusConfig) -> _Draft:
    """Draw a new original article: language, outlet, title, body and boilerplate."""
    lang = "nl" if rng.random() < config.dutch_share else "en"
    pool = pools[lang]
    outlet = rng.choice(OUTLETS[lang])
    title = _make_title(rng, pool, config.word_variation)
    target = rng.uniform(0.6, 1.4) * config.mean_words
    paragraphs = _make_body(rng, pool, target, config.word_variation)
    return _Draft(lang, outlet, title, paragraphs, _draw_boilerplate(rng, lang, outlet, config))


def _make_title(rng: random.Random, pool: SentencePool, variation: float) -> str:
    """A headline-like line: 4-9 consecutive words of a random long sentence, no final punctuation."""
    index = rng.choice(pool.long)
    words = list(_vary(rng, pool, index, 2 * variation))
    length = rng.randint(4, 9)
    start = rng.randrange(max(1, len(words) - length + 1))
    words = [w.strip(_TITLE_STRIP) for w in words[start:start + length]]
    title = " ".join(w for w in words if w)
    return title[:1].upper() + title[1:]


def _make_body(rng: random.Random, pool: SentencePool, target_words: float, variation: float) -> list[list[str]]:
    """Paragraphs of 2-5 varied sentences until the body has about ``target_words`` words.

    A sentence is added while that brings the word count closer to the
    target; a paragraph is never left with a single sentence.
    """
    paragraphs: list[list[str]] = []
    words = 0
    while True:
        size = rng.randint(2, 5)
        paragraph: list[str] = []
        while len(paragraph) < size:
            tokens = _vary(rng, pool, rng.randrange(len(pool.sentences)), variation)
            if len(paragraph) != 1 and words + len(tokens) / 2 > target_words:
                break
            paragraph.append(" ".join(tokens))
            words += len(tokens)
        if paragraph:
            paragraphs.append(paragraph)
        if len(paragraph) < size:
            return paragraphs


def _vary(rng: random.Random, pool: SentencePool, index: int, variation: float) -> Sequence[str]:
    """The tokens of sentence ``index``, each plain word replaced with probability ``variation``."""
    replace = [i for i in pool.variable[index] if rng.random() < variation]
    if not replace:
        return pool.sentences[index]
    tokens = list(pool.sentences[index])
    for i in replace:
        tokens[i] = rng.choice(pool.vocab)
    return tokens


def _draw_boilerplate(rng: random.Random, lang: str, outlet: str, config: CorpusConfig) -> list[tuple[str, str, str]]:
    """With probability ``config.boilerplate_share``, one or two boilerplate paragraphs of ``lang``."""
    if rng.random() >= config.boilerplate_share:
        return []
    templates = [key for key, (bp_lang, _, _) in BOILERPLATE.items() if bp_lang == lang]
    chosen = rng.sample(templates, rng.randint(1, 2))
    return [(key, BOILERPLATE[key][1], BOILERPLATE[key][2].format(outlet=outlet)) for key in sorted(chosen)]


def _copy_kinds(rng: random.Random, config: CorpusConfig) -> list[str]:
    """The kinds of the copies an original gets: none, or 1-3 of "exact"/"near"."""
    if rng.random() >= config.copies_per_original / 2:
        return []
    exact_prob = config.exact_share / (config.exact_share + config.near_share)
    return ["exact" if rng.random() < exact_prob else "near" for _ in range(rng.randint(1, 3))]


def _make_copy(rng: random.Random, original: _Draft, kind: str, pool: SentencePool, config: CorpusConfig) -> _Draft:
    """An exact copy of ``original``, or a near copy with edits, a possibly other outlet and own boilerplate."""
    if kind == "exact":
        return _Draft(original.lang, original.outlet, original.title, original.paragraphs,
                      original.boilerplate, kind="exact")
    outlet = original.outlet if rng.random() < 0.5 else rng.choice(OUTLETS[original.lang])
    paragraphs = [list(p) for p in original.paragraphs]
    edits = _edit_sentences(rng, paragraphs, pool, config.max_edit_fraction)
    n_sentences = sum(len(p) for p in paragraphs)
    reorder = len(paragraphs) > 1 and (rng.random() < config.reorder_prob or not edits)
    if reorder:
        i, j = rng.sample(range(len(paragraphs)), 2)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    kinds = sorted(set(edits) | ({"reorder"} if reorder else set()))
    return _Draft(original.lang, outlet, original.title, paragraphs,
                  _draw_boilerplate(rng, original.lang, outlet, config),
                  kind="near", edit_fraction=round(len(edits) / n_sentences, 4), edits=tuple(kinds))


def _edit_sentences(
    rng: random.Random, paragraphs: list[list[str]], pool: SentencePool, max_fraction: float
) -> list[str]:
    """Edit a random share (0, max_fraction] of the sentences in place; return the edit kind of each.

    At least one sentence is edited unless even one would exceed ``max_fraction``.
    """
    slots = [(p, s) for p, paragraph in enumerate(paragraphs) for s in range(len(paragraph))]
    limit = int(max_fraction * len(slots) + 1e-9)
    n_edits = min(limit, max(1, round(rng.uniform(0.0, max_fraction) * len(slots))))
    kinds = []
    for p, s in sorted(rng.sample(slots, n_edits)):
        kind = rng.choice(SENTENCE_EDITS)
        paragraphs[p][s] = _edit_sentence(rng, paragraphs[p][s], kind, pool)
        kinds.append(kind)
    return kinds


def _edit_sentence(rng: random.Random, sentence: str, kind: str, pool: SentencePool) -> str:
    """``sentence`` changed by one or two edits of ``kind``; the result always differs."""
    tokens = sentence.split()
    for _ in range(rng.randint(1, 2)):
        position = rng.randrange(len(tokens))
        if kind == "substitute":
            tokens[position] = rng.choice(pool.vocab)
        elif kind == "insert":
            tokens.insert(position, rng.choice(pool.vocab))
        elif kind == "delete" and len(tokens) > 2:
            del tokens[position]
        elif kind == "typo":
            tokens[position] = _swap_letters(rng, tokens[position])
    edited = " ".join(tokens)
    return edited if edited != sentence else sentence + " " + rng.choice(pool.vocab)


def _swap_letters(rng: random.Random, word: str) -> str:
    """``word`` with two adjacent, different characters swapped (unchanged when there are none)."""
    spots = [i for i in range(len(word) - 1) if word[i] != word[i + 1]]
    if not spots:
        return word
    i = rng.choice(spots)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options of the script."""
    defaults = CorpusConfig(n_articles=0)
    parser = argparse.ArgumentParser(description="Generate a synthetic news corpus with gold duplicate groups.")
    parser.add_argument("--articles", type=int, required=True, help="number of articles in total")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="random seed")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--data", type=Path, default=defaults.data_dir,
                        help="directory with the FLORES/NTREX files")
    parser.add_argument("--articles-per-file", type=int, default=100,
                        help="articles per text dump file in OUT/dumps (0: no dumps)")
    parser.add_argument("--mean-words", type=int, default=defaults.mean_words,
                        help="mean words of an article body")
    parser.add_argument("--dutch-share", type=float, default=defaults.dutch_share,
                        help="share of articles in Dutch")
    parser.add_argument("--exact-share", type=float, default=defaults.exact_share,
                        help="share of articles that are exact copies")
    parser.add_argument("--near-share", type=float, default=defaults.near_share,
                        help="share of articles that are edited near copies")
    parser.add_argument("--max-edit-fraction", type=float, default=defaults.max_edit_fraction,
                        help="most sentences a near copy has edited, as a share")
    parser.add_argument("--boilerplate-share", type=float, default=defaults.boilerplate_share,
                        help="share of articles with boilerplate paragraphs")
    parser.add_argument("--word-variation", type=float, default=defaults.word_variation,
                        help="chance that a word of a sampled sentence is replaced")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus the command line asks for into OUT; print the generation speed."""
    args = _parse_args(argv)
    config = CorpusConfig(
        n_articles=args.articles, seed=args.seed, data_dir=args.data, mean_words=args.mean_words,
        dutch_share=args.dutch_share, exact_share=args.exact_share, near_share=args.near_share,
        max_edit_fraction=args.max_edit_fraction, boilerplate_share=args.boilerplate_share,
        word_variation=args.word_variation,
    )
    try:
        pools = load_pools(config.data_dir)
    except CorpusDataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    dump_dir = args.out / "dumps" if args.articles_per_file else None
    written = write_corpus(iter_articles(config, pools), args.out, dump_dir, args.articles_per_file or 1)
    seconds = time.perf_counter() - start
    rate = written / max(seconds, 1e-9)
    print(f"wrote {written} articles to {args.out} in {seconds:.1f} s ({rate:,.0f} articles/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
