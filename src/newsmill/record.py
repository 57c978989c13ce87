"""The article record that flows through every stage.

One :class:`Article` is made by ingest and then filled in stage by stage
(langid, boilerplate, dedupe, translate). Its JSON form (:meth:`Article.to_json`)
is the contract of ``articles.jsonl`` and ``duplicates.jsonl``:

``id``
    JSONL inputs keep their own id; articles split from text dumps get
    ``relative/path#k`` (k counts from 1 within the file).
``source``
    ``{"path", "line_start", "line_end", "index"}``: the file relative to the
    input root given, the 1-based line range the article came from and its
    1-based position within that file.
``title``, ``text``
    ``text`` holds the paragraphs joined by one blank line (title excluded).
``lang``, ``lang_prob``, ``para_langs``
    Article language (``und`` when too short to call), its probability and
    one code per paragraph of ``text``. ``lang_given`` (not written) marks a
    language that came with the input and is kept.
``cluster``, ``duplicate_of``, ``similarity``
    Cluster id (the id of the article kept for the cluster; a singleton's
    cluster is its own id), the kept article's id for a dropped duplicate
    (``null`` when kept) and the Jaccard similarity to it.
``boilerplate_removed``
    How many paragraphs were stripped from this article.
``contained_in``
    The id of an article that holds a copy of this one (the recurring
    paragraphs the two share cover at least half of this article's
    characters, :mod:`newsmill.boilerplate.contained`); those paragraphs are kept, not
    stripped as boilerplate. ``null`` when none.

Fields of a JSONL input that newsmill does not own are carried through
untouched in ``extra`` (held as their JSON text, :class:`CarriedFields`) and
written after the fields above. The translate and
story stages' fields follow them, in this order, only where the stage set them:

``text_original``, ``title_original``, ``lang_original``, ``translation_model``, ``translated``
    A translated article (:class:`Translated`): its original text, title and
    language, the model, and ``translated: true``.
``translated``, ``translation_reason``
    An article in the ``--from`` language left untranslated
    (:class:`Untranslated`): ``translated: false`` and why.
``story``
    The id of the article kept for its story (:mod:`newsmill.story`).

Stage commands (``newsmill split | newsmill langid - | ...``) pass articles on
as *stage records* (:meth:`Article.to_stage_json`): the record above plus a
``_newsmill`` object holding what the next stage needs and the contract does
not show (paragraph line ranges and language probabilities, whether the
language came with the input, the removals so far).
:meth:`Article.from_json` restores an article from either form.
"""

from __future__ import annotations

import json
import struct
import sys
from array import array
from collections.abc import ItemsView, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, pairwise
from typing import Any, NamedTuple

import numpy as np

from .jsonutf8 import json_scalar, json_string_utf8, json_text
from .text import joins_its_paragraphs, paragraph_texts

#: Keys that newsmill writes itself; any other input key is carried through.
OWN_KEYS = (
    "id",
    "source",
    "title",
    "text",
    "lang",
    "lang_prob",
    "para_langs",
    "cluster",
    "duplicate_of",
    "similarity",
    "boilerplate_removed",
    "contained_in",
    "_newsmill",
)
#: :data:`OWN_KEYS` as a set, for the keys of every record read to be looked up in (a hash each, where the
#: tuple compared a key with up to 13 strings: 0.9 µs a generated record against 1.7).
OWN_KEY_SET = frozenset(OWN_KEYS)
#: Key of the state a stage record carries for the next stage.
STAGE_KEY = "_newsmill"


class CarriedFields(Mapping[str, Any]):
    """The fields of a JSON input record that newsmill does not own, held as one JSON text.

    Nothing reads them but the writer, so each article keeps one string
    instead of a dict of small objects (in the generated corpus, with five
    such fields, about 1.2 KB per article as a dict and 0.4 KB as text),
    decoded when read. The values must be JSON's (they were read from it);
    ``json.loads(json.dumps(v)) == v`` for them, so they are written back as read.
    They never include a key newsmill writes itself (:data:`OWN_KEYS`), so the
    writer can splice :attr:`text` into a record as it is (:meth:`Article.json_text`).
    """

    __slots__ = ("text",)

    def __init__(self, fields: Mapping[str, Any]) -> None:
        if not OWN_KEY_SET.isdisjoint(fields):
            own = [key for key in OWN_KEYS if key in fields]
            raise ValueError(f"carried fields may not hold newsmill's own keys: {own}")
        self.text = json_text(fields if type(fields) is dict else dict(fields)) if fields else ""

    @classmethod
    def of_text(cls, text: str) -> CarriedFields:
        """The fields whose :attr:`text` is ``text``, as :class:`CarriedFields` wrote it (from
        another process: :func:`newsmill.ingest.read.unflat`), taken as it is."""
        fields = cls.__new__(cls)
        fields.text = text
        return fields

    def decoded(self) -> dict[str, Any]:
        """The fields, in their order."""
        return json.loads(self.text) if self.text else {}

    def __getitem__(self, key: str) -> Any:
        return self.decoded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.decoded())

    def __len__(self) -> int:
        return len(self.decoded())

    def items(self) -> ItemsView[str, Any]:  # one decoding for all of them, not one per key
        return self.decoded().items()

    def __repr__(self) -> str:
        return f"CarriedFields({self.text})"


@dataclass(slots=True)
class Source:
    """Where an article came from: file relative to the input root, lines, position."""

    path: str
    line_start: int
    line_end: int
    index: int

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "index": self.index,
        }


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of an article: its text, the input lines it spans (0 when
    unknown) and its language with langdetect's probability.

    A value: an article holds its paragraphs packed (:class:`PackedParagraphs`)
    and makes these when they are read, so changing one would change nothing;
    a stage gives the article new ones instead (``article.paragraphs = ...``)."""

    text: str
    line_start: int = 0
    line_end: int = 0
    lang: str = "und"
    lang_prob: float = 0.0


#: A ``uint32`` of the layout's columns, in native byte order (:meth:`PackedParagraphs._last_end`).
_UINT32 = struct.Struct("=I")

#: What joins the paragraphs: the blank line of :attr:`Article.text`.
SEPARATOR = "\n\n"
SEPARATOR_BYTES = SEPARATOR.encode("ascii")
#: The largest character offset the layout holds (an unsigned 32-bit number).
_MAX_OFFSET = 2**32 - 1


def _paragraph_ends(lengths: Iterable[int]) -> list[int]:
    """Where each paragraph ends in the text that joins them (``SEPARATOR`` between two), from their lengths."""
    return list(accumulate(map(len(SEPARATOR).__add__, lengths), initial=-len(SEPARATOR)))[1:]


class PackedParagraphs:
    """An article's paragraphs as three objects, however many paragraphs it has.

    ``text``: the paragraphs joined by ``SEPARATOR``, in UTF-8, so ``text.decode()``
    is the article's text. ``layout``: the paragraphs' numbers as four columns
    of ``n`` values each, in native byte order: the language probabilities
    (``float64``), then, as ``uint32``, where each paragraph's text ends in the
    decoded text (characters: paragraph ``k`` is ``[start_k, end_k)`` with
    ``start_0 = 0`` and ``start_k = end_(k-1) + len(SEPARATOR)``), its first
    input line and its last (0: unknown). ``langs``: each paragraph's language
    code (interned).

    A list of :class:`Paragraph` costs about 200 bytes of objects per paragraph
    besides its text (the object, a ``str`` header, a ``float``, the list slot),
    and a ``str`` holding one character beyond Latin-1 takes two or four bytes
    for every character; packed, a paragraph costs 28 bytes (20 of layout, 8 of
    ``langs``) and its text one byte a character for ASCII. The columns are read
    at C speed (``memoryview``, ``array``). Immutable: a stage that changes paragraphs
    packs new ones. Pickles as its three fields.
    """

    __slots__ = ("text", "layout", "langs")

    #: Bytes of layout per paragraph: a probability and three ``uint32``.
    ROW_BYTES = 8 + 3 * 4

    def __init__(self, text: bytes, layout: bytes, langs: tuple[str, ...]) -> None:
        if len(layout) != self.ROW_BYTES * len(langs):
            raise ValueError(f"layout of {len(layout)} bytes, not {self.ROW_BYTES} for each of {len(langs)} paragraphs")
        self.text = text
        self.layout = layout
        self.langs = langs

    @classmethod
    def pack(
        cls,
        texts: Sequence[str],
        lines: Iterable[tuple[int, int]] | None = None,
        langs: Iterable[str] | None = None,
        probs: Iterable[float] | None = None,
    ) -> PackedParagraphs:
        """The paragraphs ``texts`` with their ``lines`` (default 0, 0), ``langs`` (``und``) and
        ``probs`` (0.0); ``ValueError`` when the lengths differ or a line or an offset is not
        an unsigned 32-bit number."""
        count = len(texts)
        codes = tuple(map(sys.intern, langs)) if langs is not None else ("und",) * count
        spans = list(lines) if lines is not None else [(0, 0)] * count
        chances = array("d", probs if probs is not None else [0.0] * count)
        if not len(codes) == len(spans) == len(chances) == count:
            raise ValueError(
                f"{count} paragraphs but {len(spans)} line ranges, {len(codes)} languages, {len(chances)} probabilities"
            )
        ends = _paragraph_ends(map(len, texts))
        try:
            columns = array("I", [*ends, *(first for first, _ in spans), *(last for _, last in spans)])
        except OverflowError as error:
            raise ValueError(f"paragraph lines and offsets must be unsigned 32-bit numbers: {error}") from None
        return cls(SEPARATOR.join(texts).encode("utf-8"), chances.tobytes() + columns.tobytes(), codes)

    @classmethod
    def of_text(cls, text: str) -> PackedParagraphs:
        """The paragraphs of a whole text (:func:`~newsmill.text.paragraph_texts`), packed as :meth:`pack`
        packs them: lines, languages and probabilities unknown.

        A text that joins its paragraphs already (:func:`~newsmill.text.joins_its_paragraphs`), as
        most do, is packed as it is: its UTF-8 is the packed text and its pieces between blank lines
        give the ends, with no paragraph made, joined or counted in Python.
        """
        if len(text) > _MAX_OFFSET or not joins_its_paragraphs(text):
            return cls.pack(paragraph_texts(text))
        ends = _paragraph_ends(map(len, text.split(SEPARATOR)))
        unknown = bytes(8 * len(ends))  # probabilities 0.0 (8 bytes each), then first and last lines 0 (4 + 4)
        return cls(text.encode("utf-8"), unknown + array("I", ends).tobytes() + unknown, ("und",) * len(ends))

    @classmethod
    def of(cls, paragraphs: Iterable[Paragraph]) -> PackedParagraphs:
        """``paragraphs`` packed."""
        items = list(paragraphs)
        return cls.pack(
            [p.text for p in items],
            [(p.line_start, p.line_end) for p in items],
            [p.lang for p in items],
            [p.lang_prob for p in items],
        )

    def __len__(self) -> int:
        return len(self.langs)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PackedParagraphs):
            return NotImplemented
        return (self.text, self.layout, self.langs) == (other.text, other.layout, other.langs)

    __hash__ = None  # type: ignore[assignment]  # equal by value, like the list it replaces

    def __reduce__(self) -> tuple[type[PackedParagraphs], tuple[bytes, bytes, tuple[str, ...]]]:
        return PackedParagraphs, (self.text, self.layout, self.langs)

    def __repr__(self) -> str:
        return f"PackedParagraphs({self.paragraphs()!r})"

    def _column(self, number: int) -> memoryview:
        """Column ``number`` of the ``uint32`` ones, read in place: 0 the ends, 1 the first lines, 2 the last lines."""
        count = len(self.langs)
        start = 8 * count + 4 * count * number
        return memoryview(self.layout)[start : start + 4 * count].cast("I")

    def probs(self) -> list[float]:
        """Each paragraph's language probability."""
        return array("d", self.layout[: 8 * len(self.langs)]).tolist()

    def lines(self) -> list[tuple[int, int]]:
        """Each paragraph's first and last input line (0, 0: unknown)."""
        return list(zip(self._column(1), self._column(2), strict=True))

    def _spans(self) -> list[tuple[int, int]]:
        """Each paragraph's ``(start, end)`` in the decoded text, in characters."""
        ends = self._column(0)
        starts = [0, *(end + len(SEPARATOR) for end in ends)]  # one more: where a next paragraph would start
        return list(zip(starts, ends, strict=False))

    def lengths(self) -> list[int]:
        """Each paragraph's length in characters, read from the layout (nothing decoded)."""
        return [end - start for start, end in self._spans()]

    def texts(self) -> list[str]:
        """Each paragraph's text."""
        whole = self.text.decode("utf-8")
        return [whole[start:end] for start, end in self._spans()]

    def _is_ascii(self, last_end: int) -> bool:
        """Whether the text is a byte a character (its length in characters, ``last_end``: the last
        paragraph's end, 0 for none, is its length in bytes), so that character offsets are byte offsets."""
        return last_end == len(self.text)

    def text_at(self, k: int) -> str:
        """Paragraph ``k``'s text."""
        return self.utf8_at(k).decode("utf-8")

    def utf8_at(self, k: int) -> bytes:
        """Paragraph ``k``'s UTF-8 (only a slice of the packed text when it is ASCII, as most is)."""
        count = len(self.langs)
        if not -count <= k < count:
            raise IndexError(f"paragraph {k} of {count}")
        k %= count
        ends = self._column(0)
        start, end = ends[k - 1] + len(SEPARATOR) if k else 0, ends[k]
        if self._is_ascii(ends[-1]):
            return self.text[start:end]
        return self.text.decode("utf-8")[start:end].encode("utf-8")

    def encoded(self) -> list[bytes]:
        """Each paragraph's UTF-8 bytes.

        Most texts hold no run of three newlines: then every ``SEPARATOR`` in the text is a
        whole run of newlines, none overlaps another, and the separators between paragraphs
        are among them; when cutting at every one gives as many pieces as there are
        paragraphs, those are all, and the pieces are the paragraphs (one C-level split).
        """
        pieces = self.text.split(SEPARATOR_BYTES)
        if len(pieces) == len(self.langs) and b"\n\n\n" not in self.text:
            return pieces
        spans = self._spans()
        if self._is_ascii(spans[-1][1] if spans else 0):
            return [self.text[start:end] for start, end in spans]
        return [text.encode("utf-8") for text in self.texts()]

    def characters(self) -> int:
        """The paragraphs' characters, separators not counted (``sum(self.lengths())``, read from the last end)."""
        count = len(self.langs)
        return self._last_end() - len(SEPARATOR) * (count - 1) if count else 0

    def length(self) -> int:
        """The joined text's characters, separators counted (``len(article.text)``, read from the last end)."""
        return self._last_end()

    def _last_end(self) -> int:
        """Where the last paragraph ends (0: no paragraph), unpacked from the layout: read for every
        article at the end of a run, a view of the column cost three times as much."""
        count = len(self.langs)
        return _UINT32.unpack_from(self.layout, 12 * count - 4)[0] if count else 0

    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The paragraphs as :class:`Paragraph` values."""
        rows = zip(self.texts(), self._column(1), self._column(2), self.langs, self.probs(), strict=True)
        return tuple(Paragraph(*row) for row in rows)

    def with_languages(self, found: Sequence[tuple[str, float]]) -> PackedParagraphs:
        """These paragraphs with the language and probability ``found`` for each, in order."""
        if len(found) != len(self):
            raise ValueError(f"{len(found)} languages for {len(self)} paragraphs")
        probs = array("d", [prob for _, prob in found])
        return self.with_language_columns([lang for lang, _ in found], probs.tobytes())

    def with_language_columns(self, langs: Sequence[str], probs: bytes) -> PackedParagraphs:
        """These paragraphs with language ``langs[k]`` for paragraph ``k`` and the probabilities
        ``probs``: one ``float64`` each, in native byte order (``numpy`` or ``array("d")`` bytes)."""
        if len(langs) != len(self) or len(probs) != 8 * len(self):
            raise ValueError(f"{len(langs)} languages, {len(probs)} bytes of probabilities for {len(self)} paragraphs")
        return PackedParagraphs(self.text, probs + self.layout[8 * len(self) :], tuple(map(sys.intern, langs)))


#: No paragraphs.
NO_PARAGRAPHS = PackedParagraphs(b"", b"", ())


#: 32-bit words of layout per paragraph (``PackedParagraphs.ROW_BYTES``), as :func:`cut_paragraphs` reads them.
_WORDS = PackedParagraphs.ROW_BYTES // 4


class Cut(NamedTuple):
    """What :func:`cut_paragraphs` returns: the bodies less the paragraphs cut, and each paragraph
    cut's text, first and last input line, in the order they were given."""

    bodies: list[PackedParagraphs]
    texts: list[str]
    line_starts: list[int]
    line_ends: list[int]


def cut_paragraphs(bodies: Sequence[PackedParagraphs], owner: np.ndarray, number: np.ndarray) -> Cut:
    """``bodies`` less paragraph ``number[i]`` of ``bodies[owner[i]]`` for every ``i`` (``owner``
    ascending, ``number`` ascending and distinct within one owner), every body at once.

    The layouts, joined, are read as 32-bit words, five a paragraph: a body whose paragraphs
    come after ``f`` others has its ``n`` probabilities at words ``5f + 2k`` and ``5f + 2k + 1``
    and its ``uint32`` column ``c`` at word ``5f + 2n + c·n + k`` (paragraph ``k``). The kept rows
    are copied to new layouts, the ends recomputed (a cumulative sum of the kept lengths plus
    separators, restarted at each body).

    The texts are cut as bytes, from the bodies' texts joined: a body's characters follow those
    of the bodies before it (as many as its last paragraph's end says), and each paragraph's
    character offsets become byte offsets (:func:`_byte_offsets`: the same where the text is
    ASCII, as most is). Each paragraph cut is a slice, decoded. The kept text of all bodies is
    their runs of consecutive kept paragraphs (each run but a body's first with the separator
    before it) sliced and joined, then cut into the bodies' new texts. So the Python work is a
    few slices per body and one per run and per paragraph cut, none per paragraph kept, and no
    kept text is decoded. Each body equals ``PackedParagraphs.of`` of its kept paragraphs, with no
    :class:`Paragraph` made. Temporaries: some 200 bytes per paragraph and three bytes per byte
    of text (the texts joined, the kept text, a flag per byte), so a caller with many bodies gives
    them in blocks.
    """
    sizes = np.fromiter(map(len, bodies), dtype=np.int64, count=len(bodies))
    first = np.cumsum(sizes) - sizes  # each body's first paragraph, numbered over all of them
    body_of = np.repeat(np.arange(len(bodies)), sizes)
    k = np.arange(len(body_of)) - first[body_of]
    size = sizes[body_of]
    words = np.frombuffer(b"".join([body.layout for body in bodies]), dtype=np.uint32)
    base = _WORDS * first[body_of]
    probs = words[base + 2 * k], words[base + 2 * k + 1]
    ends, line_starts, line_ends = (words[base + (2 + c) * size + k].astype(np.int64) for c in range(3))
    starts = np.where(k == 0, 0, np.roll(ends, 1) + len(SEPARATOR))
    cut = first[owner] + number
    keep = np.ones(len(k), dtype=bool)
    keep[cut] = False
    # The new layouts: each body's kept rows, its ends counted again.
    kept_body = body_of[keep]
    kept_sizes = np.bincount(kept_body, minlength=len(bodies))
    kept_first = np.cumsum(kept_sizes) - kept_sizes
    kept_k = np.arange(len(kept_body)) - kept_first[kept_body]
    kept_size = kept_sizes[kept_body]
    widths = np.cumsum((ends - starts)[keep] + len(SEPARATOR))
    kept_ends = widths - np.concatenate([[0], widths])[kept_first[kept_body]] - len(SEPARATOR)
    out = np.empty(_WORDS * len(kept_body), dtype=np.uint32)
    base = _WORDS * kept_first[kept_body]
    out[base + 2 * kept_k], out[base + 2 * kept_k + 1] = probs[0][keep], probs[1][keep]
    for c, column in enumerate((kept_ends, line_starts[keep], line_ends[keep])):
        out[base + (2 + c) * kept_size + kept_k] = column
    layouts = out.tobytes()
    rows = np.append(kept_first, len(kept_body)).tolist()  # where each body's kept rows begin, and the end
    row = PackedParagraphs.ROW_BYTES
    langs = list(compress(chain.from_iterable(body.langs for body in bodies), keep.tolist()))
    # The texts: each paragraph's offsets in the bodies' texts joined, as characters, then as bytes.
    lengths = np.zeros(len(bodies), dtype=np.int64)  # a body's decoded length (0: no paragraphs)
    lengths[sizes > 0] = ends[(first + sizes - 1)[sizes > 0]]
    shift = np.repeat(np.cumsum(lengths) - lengths, sizes)
    whole = b"".join([body.text for body in bodies])
    spans = _byte_offsets(whole, np.stack([starts, ends]) + shift)  # each paragraph's start and end in bytes
    texts = [whole[start:end].decode("utf-8") for start, end in spans[:, cut].T.tolist()]
    opens = keep & ((k == 0) | ~np.roll(keep, 1))
    closes = keep & ((k == size - 1) | ~np.roll(keep, -1))
    run_body = body_of[opens]
    later = np.append(False, run_body[1:] == run_body[:-1])  # not its body's first run: its separator stays
    run_starts, run_ends = spans[0, opens] - len(SEPARATOR_BYTES) * later, spans[1, closes]
    pieces = memoryview(whole)  # slices that copy nothing: the join copies the runs once
    kept = b"".join([pieces[start:end] for start, end in zip(run_starts.tolist(), run_ends.tolist(), strict=True)])
    # Where each body's kept text begins in ``kept``: after the runs of the bodies before it.
    bounds = np.append(0, np.cumsum(run_ends - run_starts))[np.searchsorted(run_body, np.arange(len(bodies) + 1))]
    made = list(
        map(
            PackedParagraphs,
            [kept[start:end] for start, end in pairwise(bounds.tolist())],
            [layouts[row * start : row * end] for start, end in pairwise(rows)],
            [tuple(langs[start:end]) for start, end in pairwise(rows)],
        )
    )
    return Cut(made, texts, line_starts[cut].tolist(), line_ends[cut].tolist())


def _byte_offsets(text: bytes, offsets: np.ndarray) -> np.ndarray:
    """The byte offsets in the UTF-8 ``text`` of the characters at ``offsets`` (``len(text)`` for
    an offset at the end). A character begins after the bytes of the characters before it: one
    each, plus their continuation bytes (``0b10xxxxxx``, what a character beyond ASCII adds).
    The ``j``-th of those, at byte ``p_j``, follows ``p_j - j`` first bytes, so it belongs to a
    character before the one at offset ``c`` when ``p_j - j <= c``: the offset in bytes is ``c``
    plus the number of such ``j`` (a search in an array as long as the continuation bytes, none
    for ASCII)."""
    continuation = np.flatnonzero(np.frombuffer(text, dtype=np.int8) < -64)  # 0x80-0xBF as signed bytes
    return offsets + np.searchsorted(continuation - np.arange(len(continuation)), offsets, side="right")


@dataclass(init=False, slots=True)
class Removal:
    """A paragraph taken out of an article, and why (reported in ``removed.jsonl``).

    Made from the :class:`Paragraph` removed but holding only what is reported,
    its text and lines: a corpus can lose millions of paragraphs (3.2 million of
    1,000,000 generated articles), each a paragraph object and a float less.
    """

    article_id: str
    text: str
    line_start: int
    line_end: int
    reason: str
    count: int

    def __init__(self, article_id: str, paragraph: Paragraph, reason: str, count: int) -> None:
        self.article_id, self.reason, self.count = article_id, reason, count
        self.text, self.line_start, self.line_end = paragraph.text, paragraph.line_start, paragraph.line_end

    @classmethod
    def of_text(cls, article_id: str, text: str, line_start: int, line_end: int, reason: str, count: int) -> Removal:
        """The removal of the paragraph ``text`` on lines ``line_start``..``line_end``, made
        without a :class:`Paragraph` (the boilerplate stage makes millions)."""
        removal = cls.__new__(cls)
        removal.article_id, removal.reason, removal.count = article_id, reason, count
        removal.text, removal.line_start, removal.line_end = text, line_start, line_end
        return removal

    @property
    def paragraph(self) -> Paragraph:
        """The paragraph removed, as reported (its language is not kept)."""
        return Paragraph(self.text, self.line_start, self.line_end)

    def to_json(self, source_path: str) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "text": self.text,
            "reason": self.reason,
            "count": self.count,
            "path": source_path,
            "line_start": self.line_start,
            "line_end": self.line_end,
        }

    def json_text(self, source_path: str) -> str:
        """``json_text(self.to_json(source_path))``, written field by field
        (:func:`~newsmill.jsonutf8.json_scalar`), no dict made: a corpus can lose millions of paragraphs."""
        value = json_scalar
        return (
            f'{{"article": {value(self.article_id)}, "text": {value(self.text)}, "reason": {value(self.reason)}, '
            f'"count": {value(self.count)}, "path": {value(source_path)}, '
            f'"line_start": {value(self.line_start)}, "line_end": {value(self.line_end)}}}'
        )


@dataclass(frozen=True, slots=True)
class Translated:
    """A translated article's original ``text``, ``title`` and ``lang``, and the ``model``
    (``name``, ``version``, ``source``, ``target``) that translated it."""

    text: str
    title: str
    lang: str
    model: dict[str, Any]

    #: The record fields it is written as, in order.
    KEYS = ("text_original", "title_original", "lang_original", "translation_model", "translated")

    def to_json(self) -> dict[str, Any]:
        return dict(zip(self.KEYS, (self.text, self.title, self.lang, self.model, True), strict=True))

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Translated | None:
        """The translation ``record`` holds; ``None`` when it holds no complete one."""
        text, title, lang, model, translated = (record.get(key) for key in cls.KEYS)
        if isinstance(text, str) and isinstance(title, str) and isinstance(lang, str) and isinstance(model, dict):
            return cls(text, title, lang, model) if translated is True else None
        return None


@dataclass(frozen=True, slots=True)
class Untranslated:
    """An article in the ``--from`` language that was not translated, and why (``reason``)."""

    reason: str

    #: The record fields it is written as, in order.
    KEYS = ("translated", "translation_reason")

    def to_json(self) -> dict[str, Any]:
        return dict(zip(self.KEYS, (False, self.reason), strict=True))

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Untranslated | None:
        """The reason ``record`` gives for not translating; ``None`` when it gives none."""
        translated, reason = (record.get(key) for key in cls.KEYS)
        return cls(reason) if translated is False and isinstance(reason, str) else None


@dataclass(init=False, slots=True)
class Article:
    """An article and everything the stages have learnt about it.

    Made with its paragraphs (``paragraphs``: :class:`Paragraph` values, or
    already :class:`PackedParagraphs`), which it holds packed in :attr:`body`.
    """

    id: str
    source: Source
    title: str
    #: The paragraphs, packed; read them as :attr:`paragraphs` (or :attr:`paragraph_texts`).
    body: PackedParagraphs
    lang: str
    lang_prob: float
    lang_given: bool
    cluster: str | None
    duplicate_of: str | None
    similarity: float | None
    #: Set by the boilerplate stage: the id of an article holding a copy of this one.
    contained_in: str | None
    removals: list[Removal]
    #: Fields of the input record that newsmill does not own, carried through in their order.
    extra: Mapping[str, Any]
    #: Set by the translate stage on articles in the ``--from`` language.
    translation: Translated | Untranslated | None
    #: Set by the story pass: the id of the article kept for this article's story.
    story: str | None
    #: Paragraphs removed by an earlier run whose texts the input record did not carry.
    removed_before: int

    def __init__(
        self,
        id: str,
        source: Source,
        title: str,
        paragraphs: Iterable[Paragraph] | PackedParagraphs = NO_PARAGRAPHS,
        lang: str = "und",
        lang_prob: float = 0.0,
        lang_given: bool = False,
        cluster: str | None = None,
        duplicate_of: str | None = None,
        similarity: float | None = None,
        contained_in: str | None = None,
        removals: list[Removal] | None = None,
        extra: Mapping[str, Any] | None = None,
        translation: Translated | Untranslated | None = None,
        story: str | None = None,
        removed_before: int = 0,
    ) -> None:
        self.id, self.source, self.title = id, source, title
        self.body = paragraphs if isinstance(paragraphs, PackedParagraphs) else PackedParagraphs.of(paragraphs)
        self.lang, self.lang_prob, self.lang_given = lang, lang_prob, lang_given
        self.cluster, self.duplicate_of, self.similarity = cluster, duplicate_of, similarity
        self.contained_in = contained_in
        self.removals = [] if removals is None else removals
        self.extra = {} if extra is None else extra
        self.translation, self.story, self.removed_before = translation, story, removed_before

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The paragraphs, made from :attr:`body` when read (a stage that changes them sets
        new ones: ``article.paragraphs = kept``)."""
        return self.body.paragraphs()

    @paragraphs.setter
    def paragraphs(self, paragraphs: Iterable[Paragraph]) -> None:
        self.body = PackedParagraphs.of(paragraphs)

    @property
    def paragraph_texts(self) -> list[str]:
        """Each paragraph's text (what ``[p.text for p in article.paragraphs]`` gives, made faster)."""
        return self.body.texts()

    @property
    def text(self) -> str:
        """The paragraphs joined by one blank line."""
        return self.body.text.decode("utf-8")

    @property
    def para_langs(self) -> list[str]:
        return list(self.body.langs)

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of is not None

    def to_json(self) -> dict[str, Any]:
        record = self._own_json(self.text)
        staged = self._staged_json()
        for key, value in self.extra.items():
            if key not in staged:
                record.setdefault(key, value)
        record.update(staged)
        return record

    def json_utf8(self) -> bytes:
        """``json.dumps(self.to_json(), ensure_ascii=False)`` as UTF-8, made without decoding anything.

        The text is escaped as the UTF-8 it is held in (:func:`~newsmill.jsonutf8.json_string_utf8`),
        and the carried fields' JSON text (:class:`CarriedFields`: written by ``json.dumps``
        with the same options, of values that dump back as they were read, no own key among
        them) is spliced in as it is, where their decoded values would be written. A text
        that ``json_string_utf8`` leaves to ``json.dumps``, an ``extra`` held otherwise, or
        carried fields that may hold a staged key (``"story": `` anywhere in their text)
        take the plain way. The fields around the text are written one by one
        (:meth:`_own_json_around_text`), not as a dict through the encoder.
        """
        staged = self._staged_json()
        carried = self.extra
        text = json_string_utf8(self.body.text)
        if (
            text is None
            or not isinstance(carried, CarriedFields)
            or any(f'"{key}": ' in carried.text for key in staged)
        ):
            return json_text(self.to_json()).encode("utf-8")
        before, after = self._own_json_around_text()
        parts = [after]
        if carried.text:
            parts.append(carried.text[1:-1])
        if staged:
            parts.append(json_text(staged)[1:-1])
        return b"".join((before.encode("utf-8"), text, b", ", ", ".join(parts).encode("utf-8"), b"}"))

    def _own_json_around_text(self) -> tuple[str, str]:
        """What ``json_text(self._own_json(text))`` writes before the text's value (through
        ``"text": ``) and after it (from ``"lang"``, without the closing brace), written field by
        field (:func:`~newsmill.jsonutf8.json_scalar`): a third of the time of the dict through
        the encoder. The fields and their order are :meth:`_own_json`'s."""
        value, source = json_scalar, self.source
        cluster = self.cluster if self.cluster is not None else self.id
        before = (
            f'{{"id": {value(self.id)}, "source": {{"path": {value(source.path)}, '
            f'"line_start": {value(source.line_start)}, "line_end": {value(source.line_end)}, '
            f'"index": {value(source.index)}}}, "title": {value(self.title)}, "text": '
        )
        after = (
            f'"lang": {value(self.lang)}, "lang_prob": {value(self.lang_prob)}, '
            f'"para_langs": {json_text(self.body.langs)}, "cluster": {value(cluster)}, '
            f'"duplicate_of": {value(self.duplicate_of)}, "similarity": {value(self.similarity)}, '
            f'"boilerplate_removed": {value(self.removed_before + len(self.removals))}, '
            f'"contained_in": {value(self.contained_in)}'
        )
        return before, after

    def _own_json(self, text: str) -> dict[str, Any]:
        """The fields newsmill writes first, in order (see the module's docstring), with ``text``."""
        return {
            "id": self.id,
            "source": self.source.to_json(),
            "title": self.title,
            "text": text,
            "lang": self.lang,
            "lang_prob": self.lang_prob,
            "para_langs": list(self.para_langs),
            "cluster": self.cluster if self.cluster is not None else self.id,
            "duplicate_of": self.duplicate_of,
            "similarity": self.similarity,
            "boilerplate_removed": self.removed_before + len(self.removals),
            "contained_in": self.contained_in,
        }

    def _staged_json(self) -> dict[str, Any]:
        """The translate and story stages' fields, written last, only where the stage set them."""
        staged = self.translation.to_json() if self.translation else {}
        if self.story is not None:
            staged["story"] = self.story
        return staged

    def to_stage_json(self) -> dict[str, Any]:
        """The record plus the ``_newsmill`` state that the next stage command restores."""
        record = self.to_json()
        record[STAGE_KEY] = {
            "lang_given": self.lang_given,
            "lines": [list(lines) for lines in self.body.lines()],
            "lang_probs": self.body.probs(),
            "removed": [r.to_json(self.source.path) for r in self.removals],
            "removed_before": self.removed_before,
        }
        return record

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Article:
        """Restore an article from a record newsmill wrote (:meth:`to_json` or :meth:`to_stage_json`).

        Without stage state, paragraph lines are unknown (0), probabilities are
        taken as 1.0, the language counts as given by the input and
        ``boilerplate_removed`` is kept as a count. Raises ``ValueError`` (or
        ``KeyError``/``TypeError``) on a record of the wrong shape.
        """
        state = record.get(STAGE_KEY) or {}
        texts = paragraph_texts(str(record["text"]))
        langs = record.get("para_langs") or ["und"] * len(texts)
        lines = state.get("lines") or [[0, 0]] * len(texts)
        probs = state.get("lang_probs") or [1.0] * len(texts)
        if not len(texts) == len(langs) == len(lines) == len(probs):
            raise ValueError("'para_langs' does not match the paragraphs of 'text'")
        source = record["source"]
        translation = Translated.from_json(record) or Untranslated.from_json(record)
        story = record.get("story")
        staged = {*(translation.KEYS if translation else ()), *(("story",) if isinstance(story, str) else ())}
        article = cls(
            id=str(record["id"]),
            source=Source(
                str(source["path"]), int(source["line_start"]), int(source["line_end"]), int(source["index"])
            ),
            title=str(record.get("title") or ""),
            paragraphs=PackedParagraphs.pack(
                texts, [(int(start), int(end)) for start, end in lines], map(str, langs), map(float, probs)
            ),
            lang=str(record.get("lang") or "und"),
            lang_prob=float(record.get("lang_prob") or 0.0),
            lang_given=bool(state.get("lang_given", True)),
            cluster=record.get("cluster"),
            duplicate_of=record.get("duplicate_of"),
            similarity=record.get("similarity"),
            contained_in=record.get("contained_in"),
            extra=CarriedFields({k: v for k, v in record.items() if k not in OWN_KEY_SET and k not in staged}),
            translation=translation,
            story=story if isinstance(story, str) else None,
        )
        if STAGE_KEY in record:
            article.removals = [_removal_from_json(article.id, r) for r in state.get("removed", [])]
            article.removed_before = int(state.get("removed_before", 0))
        else:
            article.removed_before = int(record.get("boilerplate_removed") or 0)
        return article


def _removal_from_json(article_id: str, record: dict[str, Any]) -> Removal:
    paragraph = Paragraph(str(record["text"]), int(record["line_start"]), int(record["line_end"]))
    return Removal(article_id, paragraph, str(record["reason"]), int(record["count"]))
