"""The pre-commit hooks: :func:`check` reports, :func:`fix` rewrites, with ``newsmill run``'s rules.

Both first bring the index up to date with the committed tree
(:func:`newsmill.index.update`: built when missing, updated when stale; a
repository without commits has an empty index), then read only the files
given (the staged ``.txt``/``.jsonl`` files pre-commit passes) as ``newsmill
run`` would read them within the whole tree (:func:`newsmill.index.reading.read_files`:
the same splitter and article building, the index supplying the
corpus-wide counts of short paragraphs) and apply the same rules:

- **signature lines** the splitter consumes (unless ``always_keep`` matches them);
- **boilerplate**: :func:`newsmill.boilerplate.stage.apply_boilerplate`, the one
  decision ``newsmill run`` takes (exact repeats, near-identical variants,
  repeats inside an article, ``always_keep``/``always_remove``, junk rules
  with ``strip_junk``), on counts from the index plus the staged files
  (:func:`newsmill.index.counts.indexed_counts`);
- **duplicates of committed articles**: LSH candidates from the index,
  verified with the exact Jaccard similarity (at or above ``threshold``) of
  the committed text (as written) and the staged text before or after
  boilerplate (the closer; dedupe runs after boilerplate). The staged copy
  is the one dropped: the hooks never edit committed files;
- **duplicates among the files given**: :func:`newsmill.dedupe.find_pairs`
  on the same texts, one survivor per group chosen by ``keep``;
- with ``languages`` set, articles in another language (not fixable).

:func:`check` returns the findings (the CLI prints one line each and exits
1 when there is any). :func:`fix` deletes the duplicate articles' lines and
the removed paragraphs' lines (JSONL: the lines, or the ``text`` left),
appends what it removed to ``.newsmill/duplicates.log`` and
``.newsmill/removed.log`` (JSON lines in the formats of ``duplicates.jsonl``
and ``removed.jsonl``; named ``.log`` so that ``newsmill run .`` does not
read them as corpus), and reports the files it changed. Before writing, a
rewritten file is read again with the same rule: it must split into
exactly the articles kept, with the text kept. When deleting lines alone
would change how a dump splits (its signature lines were what ended its
articles), the dump is written with a separator line
after each article (the form ``--format text`` writes), which splits back into the same
articles; a file that still would not is left alone, with the article that
would change named. Hooks never translate.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import langid
from .boilerplate.stage import apply_boilerplate
from .config import Config
from .dedupe import find_pairs, group
from .dedupe.clusters import choose_survivor
from .errors import EXIT_FINDINGS, EXIT_OK, InputError
from .hashing.shingles import jaccard, shingle_set
from .index import Index, open_index, update
from .index.counts import COUNT_CAP, indexed_counts
from .index.git import is_corpus_file, staged_files, toplevel
from .index.match import IndexedMatch, indexed_matches, sketch_articles
from .index.reading import corpus_file, read_files
from .index.sync import assign_families
from .index.texts import CommittedTexts
from .ingest.split import SEPARATOR_LINE
from .record import Article
from .stages import HOOK_SETTINGS
from .text import text_hash

#: Where fix mode logs what it removed, relative to the corpus root.
LOG_DIR = ".newsmill"
SNIPPET_CHARS = 48


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
    ``removals``, signature lines included) and the findings, sorted by file and line."""

    paths: list[str]
    articles: list[Article]
    findings: list[Finding] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_FINDINGS if self.findings else EXIT_OK


@dataclass
class FixResult:
    """What :func:`fix` did on ``paths``: the files it rewrote, one line per file for humans,
    and the findings it left (not fixable, or in a file it could not rewrite)."""

    paths: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    unfixed: list[Finding] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """1 when a file changed or a finding is left, as pre-commit expects."""
        return EXIT_FINDINGS if self.changed or self.unfixed else EXIT_OK

    def lines(self) -> list[str]:
        return [*self.messages, *(f.line() for f in self.unfixed)]


def resolve_paths(given: Sequence[str | Path], root: Path, config: Config, base: Path = Path(".")) -> list[str]:
    """The corpus files to look at, relative to ``root``: those given (relative to ``base``;
    pre-commit passes the staged files), or every staged corpus file when none is given. A path given that
    does not exist, or lies outside ``root``, is an :class:`InputError`; given files that
    are not corpus files (another suffix, or ``ignore``) are skipped."""
    if not given:
        return staged_files(root, config.ignore)
    paths = []
    for name in given:
        path = (base / name).resolve()
        if not path.exists():
            raise InputError(str(name), "no such file")
        if not path.is_relative_to(root):
            raise InputError(str(name), f"outside the corpus repository {root}")
        relative = path.relative_to(root).as_posix()
        if path.is_file() and is_corpus_file(relative, config.ignore):
            paths.append(relative)
    return sorted(set(paths))


def review(paths: list[str], root: Path, index: Index, config: Config) -> Review:
    """Read ``paths`` (relative to ``root``) and apply ``newsmill run``'s rules to them."""
    articles = read_files([corpus_file(root / p, p, p) for p in paths], index, paths, config)
    result = Review(paths, articles)
    if config.languages or config.keep.startswith("lang:"):
        langid.identify_all(articles, config.jobs)  # a recurring paragraph scored once per process
    with CommittedTexts(root, index.files()) as texts:
        # Families, as boilerplate counts them, come from the text before stripping.
        before = indexed_matches(articles, sketch_articles(articles, index), index, paths, texts, config)
        groups = group(len(articles), find_pairs([a.text for a in articles], config))
        # Labels of new articles start with NUL, so they never equal an indexed article's key.
        families = assign_families([f"\0{i}" for i in range(len(articles))], before, groups)
        apply_boilerplate(articles, indexed_counts(articles, families, index, set(paths), config), config)
        after = indexed_matches(articles, sketch_articles(articles, index), index, paths, texts, config)
    # Committed texts are indexed as written: a copy counts as one before stripping or after.
    _indexed_duplicates(result, [_closer(*pair) for pair in zip(before, after, strict=False)])
    _batch_duplicates(result, config)
    _removal_findings(result)
    _other_languages(result, config)
    result.findings.sort(key=lambda f: (f.path, f.line_start, f.message))
    return result


def _indexed_duplicates(result: Review, matches: list[IndexedMatch | None]) -> None:
    """Mark the duplicates of committed articles, with a finding each."""
    for article, match in zip(result.articles, matches, strict=False):
        if match:
            article.duplicate_of, article.similarity = match.article.id, match.similarity
            what = "exact duplicate" if match.exact else "duplicate"
            result.findings.append(_at(article, f"{what} of {match.article.id} "
                                       f"({match.article.where}), similarity {match.similarity:.2f}"))


def _closer(one: IndexedMatch | None, other: IndexedMatch | None) -> IndexedMatch | None:
    """The more similar of two matches (``one`` on a tie)."""
    if one is None or (other is not None and other.similarity > one.similarity):
        return other
    return one


def _batch_duplicates(result: Review, config: Config) -> None:
    """Mark duplicates among the files given: of each group's members not already a
    duplicate of a committed article, one survives (by ``keep``), with a finding for the others."""
    articles = result.articles
    for members in group(len(articles), find_pairs([a.text for a in articles], config)):
        remaining = [m for m in members if not articles[m].is_duplicate]
        if len(remaining) > 1:
            kept = articles[choose_survivor(remaining, articles, config.keep)]
            for member in remaining:
                if articles[member] is not kept:
                    result.findings.append(_duplicate_in_batch(articles[member], kept, config))


def _removal_findings(result: Review) -> None:
    """A finding for each removal (signature line, boilerplate, junk) of an article that stays:
    its reason (as in ``removed.jsonl``) and how often its text occurs where that is counted."""
    for article in result.articles:
        if article.is_duplicate:
            continue
        for removal in article.removals:
            paragraph = removal.paragraph
            times = f", {_shown(removal.count)} times in the corpus" if removal.count > 1 else ""
            message = f'{removal.reason} in {article.id}: "{_snippet(paragraph.text)}"{times}'
            if paragraph.line_start:
                result.findings.append(Finding(article.source.path, paragraph.line_start, paragraph.line_end, message))
            else:  # JSONL paragraphs have no lines of their own
                result.findings.append(_at(article, message))


def _shown(count: int) -> str:
    return f"{count}+" if count >= COUNT_CAP else str(count)


def _other_languages(result: Review, config: Config) -> None:
    """With ``languages`` set, a finding (not fixable) for each article in another language."""
    if not config.languages:
        return
    for article in result.articles:
        if not article.is_duplicate and article.lang not in (*config.languages, "und"):
            message = f"{article.id} is in {article.lang}, not in languages ({', '.join(config.languages)})"
            result.findings.append(Finding(*_lines(article), message, fixable=False))


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


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1].rstrip() + "…"


def check(
    paths: Sequence[str | Path] = (), root: str | Path = ".", config: Config | None = None, index: Index | None = None
) -> Review:
    """Check ``paths`` (relative to ``root``; default: the staged corpus files) of the corpus
    repository holding ``root`` against its committed tree; ``index`` defaults to
    ``config.index`` there. Returns the :class:`Review`: its ``findings`` and ``exit_code``."""
    with _session(root, config, index) as (top, settings, opened):
        files = resolve_paths(paths, top, settings, Path(root))
        return review(files, top, opened, settings.only(HOOK_SETTINGS)) if files else Review(files, [])


def fix(
    paths: Sequence[str | Path] = (), root: str | Path = ".", config: Config | None = None, index: Index | None = None
) -> FixResult:
    """Remove from ``paths`` what :func:`check` finds (logged in ``.newsmill/``); see the
    module docstring. Every file it rewrites passes :func:`check` as written."""
    with _session(root, config, index) as (top, settings, opened):
        files = resolve_paths(paths, top, settings, Path(root))
        if not files:
            return FixResult(files)
        result = review(files, top, opened, settings.only(HOOK_SETTINGS))
        return _apply(result, top, opened, settings)


@contextmanager
def _session(root: str | Path, config: Config | None, index: Index | None) -> Iterator[tuple[Path, Config, Index]]:
    """The corpus root, settings and an up-to-date index for one hook run (an index opened
    here is closed at the end; one given is left open)."""
    top = toplevel(Path(root).resolve())
    settings = config or Config()
    opened = index or open_index(settings.index, top, settings)
    try:
        update(opened, top, settings)
        yield top, settings, opened
    finally:
        if index is None:
            opened.close()


def _apply(result: Review, root: Path, index: Index, config: Config) -> FixResult:
    """Rewrite the files of ``result`` that have fixable findings; log what was removed."""
    done = FixResult(result.paths)
    fixable = {f.path for f in result.findings if f.fixable}
    for path in sorted(fixable):
        ours = [a for a in result.articles if a.source.path == path]
        data, problem = _rewritten(root / path, path, ours, index, result.paths, config)
        if data is None:
            done.messages.append(f"{path}: left unchanged: {problem}; edit it by hand")
            continue
        _replace(root / path, data)
        done.changed.append(path)
        dropped = sum(a.is_duplicate for a in ours)
        stripped = sum(len(a.removals) for a in ours if not a.is_duplicate)
        separated = " (articles now separated by separator lines)" if problem else ""
        done.messages.append(f"{path}: removed {dropped} duplicate articles and {stripped} paragraphs "
                             f"(logged in {LOG_DIR}/){separated}")
    _log(root / LOG_DIR, [a for a in result.articles if a.source.path in done.changed])
    done.unfixed = [f for f in result.findings if not (f.fixable and f.path in done.changed)]
    return done


def _rewritten(
    path: Path, name: str, articles: list[Article], index: Index, paths: list[str], config: Config
) -> tuple[bytes | None, str]:
    """The file's new content and ``""``; or, when only separator lines keep its articles,
    that content and why; or ``None`` and why it cannot be rewritten."""
    raw = list(io.BytesIO(path.read_bytes()))
    kept = [a for a in articles if not a.is_duplicate]
    if path.suffix == ".jsonl":
        data = _rewritten_jsonl(raw, articles)
        differs = _reads_back(data, name, kept, index, paths, config)
        return (data, "") if differs is None else (None, f"after the removals {differs}")
    data = _without_lines(raw, articles)
    if _reads_back(data, name, kept, index, paths, config) is None:
        return data, ""
    data = _separated(raw, articles)
    differs = _reads_back(data, name, kept, index, paths, config)
    if differs is None:
        return data, "deleting the lines alone would change how it splits into articles"
    return None, f"after the removals {differs}"


def _doomed(article: Article) -> set[int]:
    """The lines fix deletes for an article: all of a duplicate's, a kept one's removed lines."""
    if article.is_duplicate:
        return set(range(article.source.line_start, article.source.line_end + 1))
    return {n for r in article.removals for n in range(r.paragraph.line_start, r.paragraph.line_end + 1)}


def _without_lines(raw: list[bytes], articles: list[Article]) -> bytes:
    """The dump with the doomed lines deleted (and no blank line doubled where one was cut)."""
    doomed = set().union(*map(_doomed, articles))
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


def _separated(raw: list[bytes], articles: list[Article]) -> bytes:
    """The kept articles' remaining lines, each article followed by a separator line."""
    ending = b"\r\n" if raw and raw[0].endswith(b"\r\n") else b"\n"
    blocks = []
    for article in articles:
        if article.is_duplicate:
            continue
        doomed = _doomed(article)
        lines = [raw[n - 1].rstrip(b"\r\n") for n in range(article.source.line_start, article.source.line_end + 1)
                 if n not in doomed]
        blocks.append(b"".join(line + ending for line in _without_double_blanks(lines)))
    # After every article, the last too: a dump of one article needs one to be split at separators.
    return b"".join(block + ending + SEPARATOR_LINE.encode() + ending for block in blocks)


def _without_double_blanks(lines: list[bytes]) -> list[bytes]:
    """``lines`` without leading or trailing blank lines, and no two blank lines in a row."""
    kept: list[bytes] = []
    for line in lines:
        if line.strip() or (kept and kept[-1].strip()):
            kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return kept


def _rewritten_jsonl(raw: list[bytes], articles: list[Article]) -> bytes:
    """The JSONL file without its duplicates' lines, the others' ``text`` as kept."""
    for article in articles:
        number = article.source.line_start - 1
        if article.is_duplicate:
            raw[number] = b""
        elif article.removals:
            record = json.loads(raw[number])
            record["text"] = article.text
            ending = b"\r\n" if raw[number].endswith(b"\r\n") else b"\n"
            raw[number] = json.dumps(record, ensure_ascii=False).encode("utf-8") + ending
    return b"".join(raw)


def _reads_back(
    data: bytes, name: str, kept: list[Article], index: Index, paths: list[str], config: Config
) -> str | None:
    """``None`` when ``data``, read as file ``name`` with the same rule, gives the ``kept``
    articles (titles and texts); else which article would differ."""
    with tempfile.TemporaryDirectory(prefix="newsmill-fix-") as tmp:
        target = Path(tmp) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        again = read_files([corpus_file(target, name, name)], index, paths, config)
    for number, article in enumerate(kept):
        found = again[number] if number < len(again) else None
        if found is None or (found.title, found.text) != (article.title, article.text):
            lines = f"{article.source.line_start}-{article.source.line_end}"
            return f"{article.id} (lines {lines}) would not read back as kept"
    if len(again) > len(kept):
        return f"the file would read as {len(again)} articles, not {len(kept)}"
    return None


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


__all__ = ["Finding", "FixResult", "Review", "check", "fix", "resolve_paths", "review"]
