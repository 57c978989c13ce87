"""The text of indexed articles, read back from the blobs they were indexed from.

The index keeps band keys, not article texts; a candidate pair is verified with the
exact Jaccard similarity of both shingle sets, so the indexed article's text
is read from the git blob recorded for its file (the committed content, even
when the working tree differs), at the body lines recorded for it.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from ..ingest.read import article_from_record, read_lines
from ..text import paragraphs_of
from .git import export_blobs
from .schema import IndexedArticle


class CommittedTexts:
    """Texts of indexed articles of the repository at ``root``; ``blobs`` maps
    each indexed path to its blob id. Use as a context manager (a temporary
    directory holds the blobs read)."""

    def __init__(self, root: Path, blobs: dict[str, str]) -> None:
        self._root = root
        self._blobs = blobs
        self._dir = tempfile.TemporaryDirectory(prefix="newsmill-blobs-")
        self._lines: dict[str, list[str]] = {}

    def __enter__(self) -> CommittedTexts:
        return self

    def __exit__(self, *exc: object) -> None:
        self._dir.cleanup()

    def load(self, paths: set[str]) -> None:
        """Read the blobs of ``paths`` (one git call for all that are not read yet)."""
        wanted = {p: self._blobs[p] for p in paths if p not in self._lines and p in self._blobs}
        if wanted:
            for path, file in export_blobs(self._root, wanted, Path(self._dir.name)).items():
                self._lines[path] = list(read_lines(file, f"{path} (committed)"))

    def text(self, article: IndexedArticle) -> str:
        """The article's text (paragraphs joined by a blank line), as ingest gives it."""
        self.load({article.path})
        lines = self._lines[article.path]
        if article.path.endswith(".jsonl"):
            record = json.loads(lines[article.line_start - 1])
            return article_from_record(record, article.path, article.line_start, 1).text
        body = lines[article.body_start - 1 : article.body_end] if article.body_start else []
        return "\n\n".join(text for _, _, text in paragraphs_of(body))
