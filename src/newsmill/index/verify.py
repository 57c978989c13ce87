"""``newsmill index verify``: is the index whole, and does it describe ``HEAD``?

Checks, reported one line per problem: the format and parameters; each
committed corpus file indexed with its current blob id (and no other
file); each article's content hash and band keys recomputed from its
committed text (read from the blob) and found by a candidate lookup; the
paragraph postings adding up to the articles' paragraphs.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..dedupe.sketch import sketch
from .base import Index
from .git import committed_files
from .match import band_keys_of
from .sync import check_format, rebuild_command
from .texts import CommittedTexts


def verify(index: Index, root: Path, config: Config) -> list[str]:
    """Problems found, as lines for humans; empty when the index is sound and current."""
    check_format(index)
    meta = index.meta()
    if not meta:
        return [f"{index.location}: no index yet (build it with: {rebuild_command(index.location)})"]
    if meta != index.params.meta():
        return [f"{index.location}: built with other parameters {meta}; rebuild it with: "
                f"{rebuild_command(index.location)}"]
    problems = []
    indexed = index.files()
    committed = committed_files(root, config.ignore)
    for path, blob in sorted(committed.items()):
        if path not in indexed:
            problems.append(f"{path}: committed but not indexed (run newsmill index update)")
        elif indexed[path] != blob:
            problems.append(f"{path}: indexed content is not the committed one (run newsmill index update)")
    problems.extend(f"{path}: indexed but not committed" for path in sorted(set(indexed) - set(committed)))
    postings = 0
    with CommittedTexts(root, indexed) as texts:
        for path in sorted(indexed):
            articles = index.file_articles(path)
            postings += sum(len(article.paragraphs) for article in articles)
            sketched = sketch([texts.text(article) for article in articles], index.params.spec)
            for number, article in enumerate(articles):
                bands = band_keys_of(sketched, number)
                if (int(sketched.exact[number]), bands) != (article.content_hash, article.bands):
                    problems.append(f"{article.key}: stored hash or band keys do not match its committed text")
                elif bands and article.key not in index.candidates(bands):
                    problems.append(f"{article.key}: its band keys do not find it")
    if postings != index.counts()["postings"]:
        problems.append(f"{index.location}: paragraph postings do not add up to the articles' paragraphs")
    return problems
