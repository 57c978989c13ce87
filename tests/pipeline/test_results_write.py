"""The article files, made a chunk of articles at a time from their UTF-8: the bytes the plain writer gives."""

import gzip
import json

import pytest

from newsmill.config import Config
from newsmill.pipeline import Results
from newsmill.record import Article, CarriedFields, Paragraph, Removal, Source, Translated
from newsmill.results.write import ARTICLES, DUPLICATES, REMOVED, json_line
from newsmill.workers import CHUNK_TEXTS

#: Enough articles for several chunks of lines.
ARTICLE_COUNT = 2 * CHUNK_TEXTS + 500


def corpus() -> list[Article]:
    """Articles as the stages leave them: every third a duplicate, removals, carried fields,
    translations, stories, and texts that the writer escapes in their bytes or leaves to json.dumps."""
    articles = []
    for n in range(ARTICLE_COUNT):
        texts = [f'Paragraph {n} says "hello" \\ één 😀', "Tab\tseparated" if n % 7 == 0 else f"Line\u2028break {n}"]
        article = Article(
            f"a{n}",
            Source("in.jsonl", n + 1, n + 1, n + 1),
            f"Title {n}\x85",
            [Paragraph(text, n + 1, n + 1, "en", 0.75) for text in texts],
            extra=CarriedFields({"outlet": "Voorbeeld — één", "story": "theirs"} if n % 5 == 0 else {"outlet": "X"}),
            translation=Translated("Tekst", "Titel", "nl", {"name": "m"}) if n % 11 == 0 else None,
            story=f"a{n - n % 4}",
        )
        if n % 3 == 2:
            article.duplicate_of, article.similarity, article.cluster = f"a{n - 1}", 0.875, f"a{n - 1}"
        article.removals = [Removal(article.id, Paragraph(f"Cookie notice {n % 10}", 1, 1), "exact", 40)]
        articles.append(article)
    return articles


def plain(articles: list[Article], keep_duplicates: bool) -> dict[str, str]:
    """The article files as the plain writer wrote them: json_line of each record, in order."""
    return {
        ARTICLES: "".join(json_line(a.to_json()) for a in articles if keep_duplicates or not a.is_duplicate),
        DUPLICATES: "".join(json_line(a.to_json()) for a in articles if a.is_duplicate),
        REMOVED: "".join(json_line(r.to_json(a.source.path)) for a in articles for r in a.removals),
    }


@pytest.mark.parametrize("keep_duplicates", [False, True])
def test_the_article_files_are_the_plain_writers_bytes(tmp_path, keep_duplicates):
    articles = corpus()
    expected = {name: text.encode("utf-8") for name, text in plain(articles, keep_duplicates).items()}
    Results(articles, [], Config(keep_duplicates=keep_duplicates)).write(tmp_path / "out")
    written = {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()}
    assert {name: written[name] for name in expected} == expected
    assert len(json.loads(written[ARTICLES].splitlines()[0])) > 12  # records, with their carried fields


def test_gzip_compresses_the_same_lines_deterministically(tmp_path):
    articles = corpus()
    expected = plain(articles, keep_duplicates=False)[ARTICLES].encode("utf-8")
    compressed = []
    for run in (1, 2):
        out = tmp_path / f"run{run}"
        Results(articles, [], Config(gzip=True)).write(out)
        compressed.append((out / f"{REMOVED}.gz").read_bytes())
        assert gzip.decompress((out / f"{ARTICLES}.gz").read_bytes()) == expected
    assert compressed[0] == compressed[1]
