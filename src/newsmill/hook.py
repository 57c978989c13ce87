"""The pre-commit hooks: ``newsmill check`` reports, ``newsmill fix`` rewrites.

Both first bring the index up to date with the committed tree
(:func:`newsmill.index.update`: built when missing, updated when stale),
then read only the files given (the staged ``.txt``/``.jsonl`` files
pre-commit passes) and find:

- **duplicates of committed articles**: LSH candidates from the index,
  verified with the exact Jaccard similarity (at or above ``threshold``);
- **duplicates among the files given**: :func:`newsmill.dedupe.find_pairs`,
  one survivor per group chosen by ``keep``;
- **boilerplate**: a paragraph held by at least ``boilerplate_min_count``
  distinct article families, counting committed (index postings) and given
  articles alike, or repeated inside one article (the rules of
  :mod:`newsmill.boilerplate`, on exact paragraph hashes);
- with ``languages`` set, articles in another language.

Check mode prints one line per finding (file, line range, what it
duplicates or how often it recurs, the similarity) and exits 1 when there
is any. Fix mode deletes the duplicate articles' lines and the boilerplate
paragraphs' lines (JSONL: the lines, or the paragraphs from ``text``),
leaving every other byte as it was, appends what it removed to
``.newsmill/duplicates.log`` and ``.newsmill/removed.log`` (JSON lines in
the formats of ``duplicates.jsonl`` and ``removed.jsonl``; named ``.log`` so
that ``newsmill run .`` does not read them as corpus; nothing is lost), and exits 1 when it changed a file, as pre-commit expects. Before
writing, a rewritten file is read again: it must split into exactly the
articles expected, or it is left alone and reported. Hooks never translate.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import langid
from .boilerplate import REPEATED, REPEATED_IN_ARTICLE
from .config import Config
from .dedupe import find_pairs, group
from .dedupe.clusters import choose_survivor
from .dedupe.shingles import jaccard, shingle_set
from .errors import EXIT_FINDINGS, EXIT_OK
from .ingest import InputFile
from .index import Index, update
from .index.git import is_corpus_file, staged_files
from .index.match import IndexedMatch, indexed_matches, path_of, sketch
from .index.reading import corpus_file, read_files
from .index.sync import assign_families
from .index.texts import CommittedTexts
from .record import Article, Removal
from .text import text_hash

#: Where fix mode logs what it removed, relative to the corpus root.
LOG_DIR = ".newsmill"
SNIPPET_CHARS = 48
#: Boilerplate counts are shown up to this many articles ("10+" beyond).
SHOWN_COUNT = 10


@dataclass(frozen=True)
class Finding:
    """One problem: where (file and line range), what, and whether fix mode removes it."""

    path: str
    line_start: int
    line_end: int
    message: str
    fixable: bool = True

    def line(self) -> str:
        return f"{self.path}:{self.line_start}-{self.line_end}: {self.message}"


@dataclass
class Review:
    """What the hooks found in the files given: their articles in order (duplicates
    marked with ``duplicate_of`` and ``similarity``, the others carrying their
    boilerplate ``removals``) and the findings, sorted by file and line."""

    articles: list[Article]
    findings: list[Finding] = field(default_factory=list)


def resolve_paths(given: Sequence[str | Path], root: Path, config: Config) -> list[str]:
    """The corpus files to look at, relative to ``root``: those given (pre-commit passes
    the staged files), or every staged corpus file when none is given."""
    if not given:
        return staged_files(root, config.ignore)
    paths = []
    for name in given:
        path = Path(name).resolve()
        relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else None
        if relative and path.is_file() and is_corpus_file(relative, config.ignore):
            paths.append(relative)
    return sorted(set(paths))


def review(paths: list[str], root: Path, index: Index, config: Config) -> Review:
    """Read ``paths`` (relative to ``root``) and find duplicates, boilerplate and languages."""
    result = Review(read_files(_input_files(paths, root), index, paths, config))
    if config.languages or config.keep.startswith("lang:"):
        for article in result.articles:
            langid.identify(article)
            langid.summarise(article)
    matches = _indexed_duplicates(result, root, index, paths, config)
    groups = group(len(result.articles), find_pairs([a.text for a in result.articles], config))
    _batch_duplicates(result, groups, config)
    # Labels of new articles start with NUL, so they never equal an indexed article's key.
    families = assign_families([f"\0{i}" for i in range(len(matches))], matches, groups)
    _find_boilerplate(result, families, index, set(paths), config)
    _other_languages(result, config)
    result.findings.sort(key=lambda f: (f.path, f.line_start, f.message))
    return result


def _indexed_duplicates(
    result: Review, root: Path, index: Index, paths: list[str], config: Config
) -> list[IndexedMatch | None]:
    """Mark the duplicates of committed articles, with a finding each; the matches."""
    sketches = [sketch(a, index.params) for a in result.articles]
    with CommittedTexts(root, index.files()) as texts:
        matches = indexed_matches(result.articles, sketches, index, paths, texts, config)
    for article, match in zip(result.articles, matches):
        if match:
            article.duplicate_of, article.similarity = match.article.id, match.similarity
            what = "exact duplicate" if match.exact else "duplicate"
            result.findings.append(_at(article, f"{what} of {match.article.id} "
                                       f"({match.article.where}), similarity {match.similarity:.2f}"))
    return matches


def _batch_duplicates(result: Review, groups: list[list[int]], config: Config) -> None:
    """Mark duplicates among the files given: of each group's members not already a
    duplicate of a committed article, one survives (by ``keep``), with a finding for the others."""
    articles = result.articles
    for members in groups:
        remaining = [m for m in members if not articles[m].is_duplicate]
        if len(remaining) > 1:
            kept = articles[choose_survivor(remaining, articles, config.keep)]
            for member in remaining:
                if articles[member] is not kept:
                    result.findings.append(_duplicate_in_batch(articles[member], kept, config))


def _other_languages(result: Review, config: Config) -> None:
    """With ``languages`` set, a finding (not fixable) for each article in another language."""
    if not config.languages:
        return
    for article in result.articles:
        if not article.is_duplicate and article.lang not in (*config.languages, "und"):
            message = f"{article.id} is in {article.lang}, not in languages ({', '.join(config.languages)})"
            result.findings.append(Finding(*_lines(article), message, fixable=False))


def _input_files(paths: list[str], root: Path) -> list[InputFile]:
    return [corpus_file(root / p, p, p) for p in paths]


def _lines(article: Article) -> tuple[str, int, int]:
    return article.source.path, article.source.line_start, article.source.line_end


def _at(article: Article, message: str) -> Finding:
    return Finding(*_lines(article), message)


def _duplicate_in_batch(article: Article, kept: Article, config: Config) -> Finding:
    if text_hash(article.text) == text_hash(kept.text):
        similarity, what = 1.0, "exact duplicate"
    else:
        similarity = round(jaccard(shingle_set(article.text, config.ngram), shingle_set(kept.text, config.ngram)), 4)
        what = "duplicate"
    article.duplicate_of, article.similarity = kept.id, similarity
    where = f"{kept.source.path}:{kept.source.line_start}-{kept.source.line_end}"
    return _at(article, f"{what} of {kept.id} ({where}, also new), similarity {similarity:.2f}")


def _find_boilerplate(result: Review, families: list[str], index: Index, exclude: set[str], config: Config) -> None:
    """Record boilerplate removals on the articles that stay, and a finding for each."""
    given: dict[int, set[str]] = {}
    holders: dict[int, list[str]] = {}
    for article, family in zip(result.articles, families):
        for paragraph in article.paragraphs:
            key = text_hash(paragraph.text)
            given.setdefault(key, set()).add(family)
            holders.setdefault(key, []).append(article.id)
    counted: dict[int, tuple[int, str | None]] = {}
    for article in result.articles:
        if article.is_duplicate:
            continue
        keys = [text_hash(p.text) for p in article.paragraphs]
        within = Counter(keys)
        for paragraph, key in zip(article.paragraphs, keys):
            if key not in counted:
                counted[key] = _families_holding(key, given[key], index, exclude)
            count, example = counted[key]
            example = example or next((i for i in holders[key] if i != article.id), article.id)
            if count >= config.boilerplate_min_count:
                reason = REPEATED
            elif within[key] > 1:
                reason = REPEATED_IN_ARTICLE
            else:
                continue
            article.removals.append(Removal(article.id, paragraph, reason, count))
            shown = f"{count}+" if count >= SHOWN_COUNT else str(count)
            message = (
                f'boilerplate in {article.id}: "{_snippet(paragraph.text)}" '
                + (f"recurs in {shown} articles (e.g. {example})" if reason == REPEATED else "repeats within the article")
            )
            if paragraph.line_start:  # JSONL paragraphs have no lines of their own
                result.findings.append(Finding(article.source.path, paragraph.line_start, paragraph.line_end, message))
            else:
                result.findings.append(_at(article, message))


def _families_holding(key: int, given: set[str], index: Index, exclude: set[str]) -> tuple[int, str | None]:
    """How many distinct families hold a paragraph (counted up to ``SHOWN_COUNT``: a
    paragraph may be in every committed article), and a committed article holding it."""
    families = set(given)
    example = None
    for article_key, family in index.postings(key):
        if len(families) >= SHOWN_COUNT:
            break
        if path_of(article_key) not in exclude:
            families.add(family)
            example = example or article_key
    return len(families), example


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1].rstrip() + "…"


def check(paths: list[str], root: Path, index: Index, config: Config) -> tuple[int, list[str]]:
    """Check mode: the exit code and one line per finding."""
    update(index, root, config)
    findings = review(paths, root, index, config).findings if paths else []
    return (EXIT_FINDINGS if findings else EXIT_OK), [f.line() for f in findings]


def fix(paths: list[str], root: Path, index: Index, config: Config) -> tuple[int, list[str]]:
    """Fix mode: rewrite the files, log the removals; the exit code and lines for humans."""
    update(index, root, config)
    if not paths:
        return EXIT_OK, []
    result = review(paths, root, index, config)
    rewrites = {path: _rewrite(root / path, [a for a in result.articles if a.source.path == path])
                for path in paths}
    rewrites = {path: data for path, data in rewrites.items() if data is not None}
    broken = _changed_splits(rewrites, paths, root, index, result, config)
    lines, changed = [], []
    for path, data in sorted(rewrites.items()):
        if path in broken:
            lines.append(f"{path}: left unchanged: removing its findings would change how it "
                         "splits into articles; edit it by hand")
            continue
        _replace(root / path, data)
        changed.append(path)
        ours = [a for a in result.articles if a.source.path == path]
        dropped = sum(a.is_duplicate for a in ours)
        stripped = sum(len(a.removals) for a in ours if not a.is_duplicate)
        lines.append(f"{path}: removed {dropped} duplicate articles and {stripped} boilerplate "
                     f"paragraphs (logged in {LOG_DIR}/)")
    _log(root / LOG_DIR, [a for a in result.articles if a.source.path in changed])
    unfixed = [f.line() for f in result.findings if not (f.fixable and f.path in changed)]
    lines.extend(unfixed)
    return (EXIT_FINDINGS if changed or unfixed else EXIT_OK), lines


def _rewrite(path: Path, articles: list[Article]) -> bytes | None:
    """The file without its duplicate articles and boilerplate, or ``None`` when unchanged."""
    raw = list(io.BytesIO(path.read_bytes()))
    if path.suffix == ".jsonl":
        changed = False
        for article in articles:
            number = article.source.line_start - 1
            if article.is_duplicate:
                raw[number], changed = b"", True
            elif article.removals:
                record = json.loads(raw[number])
                record["text"] = article_text_without_removals(article)
                ending = b"\r\n" if raw[number].endswith(b"\r\n") else b"\n"
                raw[number] = json.dumps(record, ensure_ascii=False).encode("utf-8") + ending
                changed = True
        return b"".join(raw) if changed else None
    doomed: set[int] = set()
    for article in articles:
        if article.is_duplicate:
            doomed.update(range(article.source.line_start, article.source.line_end + 1))
        else:
            for removal in article.removals:
                doomed.update(range(removal.paragraph.line_start, removal.paragraph.line_end + 1))
    if not doomed:
        return None
    kept: list[bytes] = []
    after_cut = False
    for number, line in enumerate(raw, start=1):
        if number in doomed:
            after_cut = True
            continue
        blank = not line.strip()
        if after_cut and blank and (not kept or not kept[-1].strip()):
            continue  # no double blank line where something was cut
        after_cut = after_cut and blank
        kept.append(line)
    return b"".join(kept)


def article_text_without_removals(article: Article) -> str:
    """The text an article keeps once its removals are taken out."""
    gone = {id(r.paragraph) for r in article.removals}
    return "\n\n".join(p.text for p in article.paragraphs if id(p) not in gone)


def _changed_splits(
    rewrites: dict[str, bytes], paths: list[str], root: Path, index: Index, result: Review, config: Config
) -> set[str]:
    """The rewritten files that would not read back as the articles expected."""
    if not rewrites:
        return set()
    with tempfile.TemporaryDirectory(prefix="newsmill-fix-") as tmp:
        files = []
        for path in paths:
            if path in rewrites:
                target = Path(tmp) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(rewrites[path])
                files.append(corpus_file(target, path, path))
            else:
                files.append(corpus_file(root / path, path, path))
        again = read_files(files, index, paths, config)
    broken = set()
    for path in rewrites:
        expected = [(a.title, article_text_without_removals(a))
                    for a in result.articles if a.source.path == path and not a.is_duplicate]
        found = [(a.title, a.text) for a in again if a.source.path == path]
        if found != expected:
            broken.add(path)
    return broken


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, keeping its permissions."""
    temporary = path.with_name(f".{path.name}.newsmill-tmp")
    temporary.write_bytes(data)
    os.chmod(temporary, path.stat().st_mode)
    os.replace(temporary, path)


def _log(directory: Path, articles: list[Article]) -> None:
    """Append the dropped articles and the removed paragraphs to the fix log."""
    duplicates = [a.to_json() for a in articles if a.is_duplicate]
    removals = [r.to_json(a.source.path) for a in articles if not a.is_duplicate for r in a.removals]
    directory.mkdir(parents=True, exist_ok=True)
    for name, records in (("duplicates.log", duplicates), ("removed.log", removals)):
        if records:
            with (directory / name).open("a", encoding="utf-8") as handle:
                handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


__all__ = ["Finding", "Review", "check", "fix", "resolve_paths", "review"]
