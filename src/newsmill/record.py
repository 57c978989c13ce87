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
from collections.abc import ItemsView, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .text import paragraph_texts

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
#: Key of the state a stage record carries for the next stage.
STAGE_KEY = "_newsmill"


class CarriedFields(Mapping[str, Any]):
    """The fields of a JSON input record that newsmill does not own, held as one JSON text.

    Nothing reads them but the writer, so each article keeps one string
    instead of a dict of small objects (in the generated corpus, with five
    such fields, about 1.2 KB per article as a dict and 0.4 KB as text),
    decoded when read. The values must be JSON's (they were read from it);
    ``json.loads(json.dumps(v)) == v`` for them, so they are written back as read.
    """

    __slots__ = ("text",)

    def __init__(self, fields: Mapping[str, Any]) -> None:
        self.text = json.dumps(dict(fields), ensure_ascii=False) if fields else ""

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


@dataclass(slots=True)
class Paragraph:
    """One paragraph of an article: its text, the input lines it spans (0 when
    unknown) and its language with langdetect's probability."""

    text: str
    line_start: int = 0
    line_end: int = 0
    lang: str = "und"
    lang_prob: float = 0.0


@dataclass(slots=True)
class Removal:
    """A paragraph taken out of an article, and why (reported in ``removed.jsonl``)."""

    article_id: str
    paragraph: Paragraph
    reason: str
    count: int

    def to_json(self, source_path: str) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "text": self.paragraph.text,
            "reason": self.reason,
            "count": self.count,
            "path": source_path,
            "line_start": self.paragraph.line_start,
            "line_end": self.paragraph.line_end,
        }


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


@dataclass(slots=True)
class Article:
    """An article and everything the stages have learnt about it."""

    id: str
    source: Source
    title: str
    paragraphs: list[Paragraph]
    lang: str = "und"
    lang_prob: float = 0.0
    lang_given: bool = False
    cluster: str | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    #: Set by the boilerplate stage: the id of an article holding a copy of this one.
    contained_in: str | None = None
    removals: list[Removal] = field(default_factory=list)
    #: Fields of the input record that newsmill does not own, carried through in their order.
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: Set by the translate stage on articles in the ``--from`` language.
    translation: Translated | Untranslated | None = None
    #: Set by the story pass: the id of the article kept for this article's story.
    story: str | None = None
    #: Paragraphs removed by an earlier run whose texts the input record did not carry.
    removed_before: int = 0

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def para_langs(self) -> list[str]:
        return [p.lang for p in self.paragraphs]

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of is not None

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.id,
            "source": self.source.to_json(),
            "title": self.title,
            "text": self.text,
            "lang": self.lang,
            "lang_prob": self.lang_prob,
            "para_langs": list(self.para_langs),
            "cluster": self.cluster if self.cluster is not None else self.id,
            "duplicate_of": self.duplicate_of,
            "similarity": self.similarity,
            "boilerplate_removed": self.removed_before + len(self.removals),
            "contained_in": self.contained_in,
        }
        staged = self.translation.to_json() if self.translation else {}
        if self.story is not None:
            staged["story"] = self.story
        for key, value in self.extra.items():
            if key not in staged:
                record.setdefault(key, value)
        record.update(staged)
        return record

    def to_stage_json(self) -> dict[str, Any]:
        """The record plus the ``_newsmill`` state that the next stage command restores."""
        record = self.to_json()
        record[STAGE_KEY] = {
            "lang_given": self.lang_given,
            "lines": [[p.line_start, p.line_end] for p in self.paragraphs],
            "lang_probs": [p.lang_prob for p in self.paragraphs],
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
            paragraphs=[
                Paragraph(text, int(start), int(end), str(lang), float(prob))
                for text, lang, (start, end), prob in zip(texts, langs, lines, probs, strict=False)
            ],
            lang=str(record.get("lang") or "und"),
            lang_prob=float(record.get("lang_prob") or 0.0),
            lang_given=bool(state.get("lang_given", True)),
            cluster=record.get("cluster"),
            duplicate_of=record.get("duplicate_of"),
            similarity=record.get("similarity"),
            contained_in=record.get("contained_in"),
            extra=CarriedFields({k: v for k, v in record.items() if k not in OWN_KEYS and k not in staged}),
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
