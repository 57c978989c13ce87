"""Bring the index up to date with the committed tree, in one transaction.

The committed corpus files (``git ls-tree HEAD``, minus ``ignore``) are
compared with the indexed ones by blob id: new and edited files are read
(from their blobs, so the working tree does not matter) and indexed,
deleted files' entries are removed, an edited file's entries replaced.
Only the changed files are read; the rest of the corpus is consulted
through index lookups (:mod:`newsmill.index.reading`,
:mod:`newsmill.index.match`).

Everything happens inside :meth:`Index.writing`: under the index's lock,
in one transaction, so a crash leaves the previous index and a concurrent
update waits, then finds less (or nothing) left to do.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..boilerplate.near import meeting_keys
from ..config import Config
from ..dedupe import find_pairs, group
from ..ingest.read import InputFile
from ..progress import SILENT, Progress
from ..record import Article
from ..text import text_hash
from .base import Index
from .git import committed_files, export_blobs
from .match import IndexedMatch, band_keys_of, indexed_matches, sketch_articles
from .reading import corpus_file, file_shorts, read_files
from .schema import FORMAT_VERSION, IndexedArticle, IndexedFile, IndexFormatError, NearParagraph
from .texts import CommittedTexts


@dataclass(frozen=True)
class UpdateSummary:
    """What an update did: files added, replaced (edited) and removed, articles indexed,
    and why everything was rebuilt (empty when it was not)."""

    added: int
    replaced: int
    removed: int
    articles: int
    rebuilt: str

    def line(self) -> str:
        """One line for humans."""
        if not (self.added or self.replaced or self.removed or self.rebuilt):
            return "index: up to date"
        done = f"{self.added} files added, {self.replaced} replaced, {self.removed} removed"
        rebuilt = f" (rebuilt: {self.rebuilt})" if self.rebuilt else ""
        return f"index: {done}, {self.articles} articles indexed{rebuilt}"


def rebuild_command(location: str) -> str:
    """The command that rebuilds the index at ``location`` from scratch."""
    return f"newsmill index build --index {location}"


def check_format(index: Index) -> None:
    """Refuse an index written in another format, with the command that rebuilds it."""
    found = index.meta().get("format")
    if found is not None and found != str(FORMAT_VERSION):
        raise IndexFormatError(index.location, found, rebuild_command(index.location))


def update(
    index: Index, root: Path, config: Config, rebuild: bool = False, progress: Progress = SILENT
) -> UpdateSummary:
    """Make ``index`` describe the committed tree of the repository at ``root``.

    ``rebuild`` starts from an empty index (as does an index built with other
    parameters, and, with ``rebuild``, one in another format).
    """
    if rebuild and index.meta().get("format") not in (None, str(FORMAT_VERSION)):
        with index.writing() as writer:  # unreadable: cleared before anything is read
            writer.clear()
    check_format(index)
    with index.writing() as writer:
        meta = index.meta()
        wanted = index.params.meta()
        previous = index.files()
        reason = "asked" if rebuild else ("other parameters" if meta and meta != wanted else "")
        indexed = {} if reason else previous
        if reason:
            writer.clear()
        tree = committed_files(root, config.ignore)
        changed = sorted(p for p, blob in tree.items() if indexed.get(p) != blob)
        gone = sorted(set(indexed) - set(tree))
        exclude = set(previous) if reason else set(gone) | set(changed)
        with tempfile.TemporaryDirectory(prefix="newsmill-index-") as tmp, CommittedTexts(root, indexed) as texts:
            exported = export_blobs(root, {p: tree[p] for p in changed}, Path(tmp))
            files = [corpus_file(exported[p], p, f"{p} (committed)") for p in changed]
            entries = index_files(files, tree, index, exclude, texts, config)
            for path in sorted(set(indexed) & exclude):
                writer.remove_file(path)
            for entry in progress.track(entries, "index", total=len(entries)):
                writer.add_file(entry)
        if meta != wanted:
            writer.set_meta(wanted)
    replaced = sum(p in indexed for p in changed)
    return UpdateSummary(
        added=len(changed) - replaced,
        replaced=replaced,
        removed=len(gone),
        articles=sum(len(e.articles) for e in entries),
        rebuilt=reason,
    )


def index_files(
    files: list[InputFile],
    blobs: dict[str, str],
    index: Index,
    exclude: set[str],
    texts: CommittedTexts,
    config: Config,
) -> list[IndexedFile]:
    """The index entries of ``files`` (named by their path relative to the corpus root),
    ``blobs`` giving each path's blob id, ``exclude`` the indexed files being replaced."""
    articles = read_files(files, index, exclude, config)
    sketched = sketch_articles(articles, index)
    matches = indexed_matches(articles, sketched, index, exclude, texts, config)
    keys = [article_key(a) for a in articles]
    groups = group(len(articles), find_pairs([a.text for a in articles], config))
    families = assign_families(keys, matches, groups)
    by_path: dict[str, list[IndexedArticle]] = {f.name: [] for f in files}
    for number, (article, key, family) in enumerate(zip(articles, keys, families, strict=False)):
        body = article.paragraphs
        by_path[article.source.path].append(
            IndexedArticle(
                key=key,
                id=article.id,
                path=article.source.path,
                line_start=article.source.line_start,
                line_end=article.source.line_end,
                body_start=body[0].line_start if body and body[0].line_start else article.source.line_start,
                body_end=body[-1].line_end if body and body[-1].line_end else article.source.line_end,
                title=article.title,
                content_hash=int(sketched.exact[number]),
                family=family,
                bands=band_keys_of(sketched, number),
                paragraphs=tuple(sorted({text_hash(p.text) for p in body})),
            )
        )
    near = near_paragraphs(articles)
    return [
        IndexedFile(f.name, blobs[f.name], tuple(by_path[f.name]), file_shorts(f), near.get(f.name, ()))
        for f in files
    ]


def near_paragraphs(articles: Sequence[Article]) -> dict[str, tuple[NearParagraph, ...]]:
    """Per file, its articles' distinct paragraphs that take part in the near search, with their keys."""
    distinct: dict[str, dict[int, str]] = {}
    for article in articles:
        held = distinct.setdefault(article.source.path, {})
        for paragraph in article.paragraphs:
            held.setdefault(text_hash(paragraph.text), paragraph.text)
    found: dict[str, tuple[NearParagraph, ...]] = {}
    for path, held in distinct.items():
        keyed = zip(held.items(), meeting_keys(list(held.values())), strict=False)
        found[path] = tuple(NearParagraph(hash_, text, keys) for (hash_, text), keys in keyed if keys)
    return found


def article_key(article: Article) -> str:
    """The index key of an article: ``path#k``, k its position in the file."""
    return f"{article.source.path}#{article.source.index}"


def assign_families(
    keys: Sequence[str], matches: Sequence[IndexedMatch | None], groups: Sequence[Sequence[int]]
) -> list[str]:
    """Each article's family: its indexed duplicate's family, else the family its batch
    group shares (an indexed duplicate's, or the group's first key)."""
    families = [m.article.family if m else key for key, m in zip(keys, matches, strict=False)]
    for members in groups:
        shared = next((families[m] for m in members if matches[m]), keys[members[0]])
        for member in members:
            if matches[member] is None:
                families[member] = shared
    return families
