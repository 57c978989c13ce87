"""Seeded lookalike dumps for measuring the splitter on articles it was not tuned on.

Articles come from the NTREX documents in ``shared/data/ntrex-dev.jsonl``
(English and Dutch; the first line of a document is its headline, the rest
its sentences). Nothing of that text is stored in the repository: the dumps
are generated when a benchmark or a test runs, the same for a given seed.

Every dump holds the articles of one outlet in one language, written the way
a scraper leaves them, in one *style*:

headline
    ``none`` (the article opens with body text), ``sentence`` (sentence case:
    only the first word and names capitalised) or ``title`` (Title Case).
closer
    What ends each article: ``signature`` (the outlet's name on a line),
    ``footer`` (the name and a copyright line), ``promo`` (a recurring
    block of two full sentences in one paragraph), ``promo2`` (the same two
    sentences as two paragraphs), ``oneliner`` (one of two short closing
    lines, "More to come") or ``none`` (only with a headline).

Per dump, drawn from the seed: one to three sentences per paragraph, written
on one line or one line per sentence; one or two blank lines between
paragraphs; and, in half the dumps, short sub-headings inside the articles.

The stories are split into three fixed sets (:func:`set_of`; both languages
of a story go together). ``evaluation`` is sealed: its stories are those whose
SHA-256 under ``SEAL_SALT`` is even, and nothing in it is read while rules are
written (measure it only with ``split_quality.py --sets evaluation``, for the
figures before and after; the tests score it against the 0.97 target too,
printing no miss). The other stories are split as the second halves
were (CRC under ``HALF_SALT``) into ``tuning`` and ``development``, and rules are
tuned on both. Each set is generated with its own seed, with dumps in every
style and language until each holds at least ``MIN_ARTICLES_PER_STYLE``
articles, so that each style's figure means something in both languages.

The sealed set is the third evaluation set. The first (seeds 1 and 2, stories
split by their plain CRC) and the second (seed 4, stories split under
``HALF_SALT``) were read while rules were written, so they no longer measured
anything held apart: the second's stories outside the sealed set are now the
``development`` set. A CRC's parity under two salts is correlated (CRC is
linear), so the seal uses SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import random
import zlib
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import DEFAULT_DATA_DIR

NTREX_FILE = "ntrex-dev.jsonl"
SETS = {"tuning": 3, "development": 4, "evaluation": 5}  # set -> seed
TUNING_SETS = ("tuning", "development")  # the sets rules are tuned on; "evaluation" is sealed
SEAL_SALT = "newsmill-split-3:"  # the stories of the sealed evaluation set
HALF_SALT = "newsmill-split-2:"  # the other stories: tuning or development
HEADLINES = ("none", "sentence", "title")
CLOSERS = ("signature", "footer", "promo", "promo2", "oneliner", "none")
STYLES = tuple((h, c) for h in HEADLINES for c in CLOSERS if (h, c) != ("none", "none"))
LANGS = ("en", "nl")
ARTICLES_PER_DUMP = (9, 13)
MIN_ARTICLES_PER_STYLE = 40  # per style and language, in each set

OUTLETS = {
    "en": ["Coast Daily", "The Harbour Post", "Metro Wire", "Valley News", "Northern Echo Online", "City Ledger"],
    "nl": ["Het Kustblad", "Dagblad Noord", "NOS Nieuws", "Stadskrant", "De Polderpost", "Omroep West"],
}
FOOTERS = {"en": "© {year} {outlet} Media. All rights reserved.", "nl": "© {year} {outlet}. Alle rechten voorbehouden."}
PROMOS = {
    "en": [
        (
            "Sign up for our newsletter and get the best of {outlet} in your inbox every morning.",
            "Follow us on Twitter and Facebook for the latest news as it happens.",
        ),
        (
            "Enjoyed this story from {outlet}? Support independent journalism "
            "with a subscription from just one pound a week.",
            "You can cancel at any time, and your first month is free.",
        ),
    ],
    "nl": [
        (
            "Meld je aan voor onze nieuwsbrief en ontvang elke ochtend het beste van {outlet} in je inbox.",
            "Volg ons op Twitter en Facebook voor het laatste nieuws.",
        ),
        (
            "Vond je dit artikel van {outlet} interessant? Steun onafhankelijke journalistiek "
            "met een abonnement vanaf één euro per week.",
            "Je kunt op elk moment opzeggen en de eerste maand is gratis.",
        ),
    ],
}
ONELINERS = {
    "en": [("More to come", "Developing story"), ("Updates to follow", "This story is developing")],
    "nl": [("Meer volgt", "Dit bericht wordt bijgewerkt"), ("Later meer", "Het verhaal gaat verder")],
}
SMALL_WORDS = {
    "en": {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to", "with"},
    "nl": {"de", "het", "een", "en", "van", "in", "op", "te", "met", "voor", "naar", "bij", "om"},
}


@dataclass(frozen=True)
class Document:
    """One NTREX document: its story id, language, headline and sentences."""

    story: str
    lang: str
    headline: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class GoldDump:
    """A generated dump: its lines and the (first, last) line of every article, closer included.

    ``closer_lines`` are the lines of the closing blocks (outlet name, footer,
    promo, closing line), which the splitter should consume.
    """

    name: str
    dataset: str
    lang: str
    headline: str
    closer: str
    lines: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    closer_lines: frozenset[int]

    @property
    def style(self) -> str:
        return f"{self.headline}/{self.closer}"


def set_of(story: str) -> str:
    """``evaluation`` (sealed), ``tuning`` or ``development``: a fixed split of the stories."""
    if hashlib.sha256((SEAL_SALT + story).encode("utf-8")).digest()[0] % 2 == 0:
        return "evaluation"
    return "tuning" if zlib.crc32((HALF_SALT + story).encode("utf-8")) % 2 == 0 else "development"


def load_documents(data_dir: str | Path = DEFAULT_DATA_DIR) -> list[Document]:
    """The NTREX documents with a headline and at least three sentences, in file order."""
    documents = []
    with (Path(data_dir) / NTREX_FILE).open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            headline, *sentences = [s.strip() for s in record["text"].split("\n") if s.strip()]
            if len(sentences) >= 3:
                documents.append(Document(record["story"], record["lang"], headline, tuple(sentences)))
    return documents


def generate(dataset: str, data_dir: str | Path = DEFAULT_DATA_DIR) -> list[GoldDump]:
    """Every style in both languages from the documents of the set ``dataset`` (see :data:`SETS`):
    dumps of ``ARTICLES_PER_DUMP`` articles, as many as make ``MIN_ARTICLES_PER_STYLE`` articles."""
    rng = random.Random(SETS[dataset])
    documents = [d for d in load_documents(data_dir) if set_of(d.story) == dataset]
    dumps = []
    for lang in LANGS:
        pool = [d for d in documents if d.lang == lang]
        for headline, closer in STYLES:
            articles = number = 0
            while articles < MIN_ARTICLES_PER_STYLE:
                chosen = rng.sample(pool, min(len(pool), rng.randint(*ARTICLES_PER_DUMP)))
                number += 1
                name = f"{dataset}-{lang}-{headline}-{closer}-{number}.txt"
                dumps.append(_write_dump(rng, name, dataset, lang, headline, closer, chosen))
                articles += len(chosen)
    return dumps


def _write_dump(
    rng: random.Random, name: str, dataset: str, lang: str, headline: str, closer: str, documents: list[Document]
) -> GoldDump:
    outlet = rng.choice(OUTLETS[lang])
    closings = _closing_blocks(rng, lang, outlet, closer, len(documents))
    one_line_paragraph = rng.random() < 0.5
    blank_lines = rng.choice((1, 1, 2))
    subheadings = rng.random() < 0.5
    lines: list[str] = []
    spans = []
    closer_lines: set[int] = set()
    for document, closing_paragraphs in zip(documents, closings, strict=True):
        paragraphs = _paragraphs(rng, document, one_line_paragraph, subheadings)
        if headline != "none":
            paragraphs.insert(0, _recase(document, headline))
        start = len(lines) + 1
        for number, paragraph in enumerate(paragraphs + closing_paragraphs):
            if number == len(paragraphs):
                first_closer = len(lines) + 1
            lines.extend(paragraph.split("\n"))
            lines.extend([""] * blank_lines)
        end = len(lines) - blank_lines
        spans.append((start, end))
        if closing_paragraphs:
            closer_lines.update(n for n in range(first_closer, end + 1) if lines[n - 1].strip())
    return GoldDump(name, dataset, lang, headline, closer, tuple(lines), tuple(spans), frozenset(closer_lines))


def _paragraphs(rng: random.Random, document: Document, one_line: bool, subheadings: bool) -> list[str]:
    sentences = list(document.sentences)
    if sentences[0].rstrip(".") == document.headline.rstrip("."):  # some documents repeat the headline
        sentences = sentences[1:]
    paragraphs = []
    while sentences:
        size = rng.randint(1, 3)
        group, sentences = sentences[:size], sentences[size:]
        paragraphs.append((" " if one_line else "\n").join(group))
    if subheadings and len(paragraphs) >= 3:
        at = rng.randint(1, len(paragraphs) - 1)
        paragraphs.insert(at, _subheading(rng, paragraphs[at]))
    return paragraphs


def _subheading(rng: random.Random, paragraph: str) -> str:
    """Two to four words of the paragraph it heads ("Public reaction", "Tight seal"), without punctuation."""
    words = [w.strip(".,;:!?'\"‘’“”()") for w in paragraph.split()[1 : 1 + rng.randint(2, 4)]]
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


def _recase(document: Document, case: str) -> str:
    """The headline in sentence case (words also found lower-case in the body lowered) or Title Case."""
    first, *rest = document.headline.split(" ")
    small = SMALL_WORDS[document.lang]
    if case == "title":
        rest = [w if w.lower() in small else w[:1].upper() + w[1:] for w in rest]
    else:
        body_words = set(" ".join(document.sentences).split())
        rest = [w.lower() if w.lower() in body_words else w for w in rest]
    return " ".join([first[:1].upper() + first[1:], *rest])


def _closing_blocks(rng: random.Random, lang: str, outlet: str, closer: str, articles: int) -> list[list[str]]:
    """The closing paragraphs of each article."""
    if closer == "none":
        return [[]] * articles
    if closer == "signature":
        return [[outlet]] * articles
    if closer == "footer":
        return [[outlet, FOOTERS[lang].format(year=rng.choice((2018, 2019)), outlet=outlet)]] * articles
    if closer in ("promo", "promo2"):
        first, second = (s.format(outlet=outlet) for s in rng.choice(PROMOS[lang]))
        return [[f"{first} {second}"] if closer == "promo" else [first, second]] * articles
    # Each of the two closing lines closes at least two articles: a line seen once is not a closer.
    lines = list(rng.choice(ONELINERS[lang]))
    drawn = lines * 2 + rng.choices(lines, k=max(0, articles - 4))
    rng.shuffle(drawn)
    return [[line] for line in drawn[:articles]]
