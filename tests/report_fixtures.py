"""Results directories for the report and explain tests."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import EXAMPLES, body

import newsmill

#: Markup inside article text, titles and boilerplate: the report must show it as text.
SCRIPT = "<script>document.title='pwned'</script>"
BOILERPLATE = "Read more at <b>Example & Co</b> today."


def example_results(directory: Path) -> Path:
    """The results of the example corpus."""
    newsmill.clean([EXAMPLES]).write(directory)
    return directory


def hostile_results(directory: Path) -> Path:
    """A run whose articles hold markup: one near-duplicate pair and a removed paragraph."""
    story = body("storm", 60)
    records = [
        {"id": "a", "title": f"Storm {SCRIPT}", "text": f"{story} {SCRIPT}\n\n{BOILERPLATE}"},
        {"id": "b", "title": "Storm", "text": f"{story.replace('storm7', 'gale')} {SCRIPT}"},
        {"id": "c", "text": f"{body('ferry')}\n\n{BOILERPLATE}"},
    ]
    newsmill.clean(records).write(directory)
    return directory


def synthetic_results(directory: Path, clusters: int, members: int, paragraphs: int, words: int = 120) -> Path:
    """A results directory written directly, shaped like a large run: ``clusters``
    clusters of ``members`` + 1 articles of about ``words`` words and ``paragraphs``
    distinct removed paragraphs."""
    directory.mkdir()

    def record(article_id: str, kept_id: str, similarity: float | None) -> str:
        text = f"Story {kept_id} as told by {article_id}. " + "Words of the story go on. " * (words // 6)
        return json.dumps(
            {"id": article_id, "title": f"Story {kept_id}", "text": text, "lang": "en",
             "cluster": kept_id, "duplicate_of": None if similarity is None else kept_id,
             "similarity": similarity}
        ) + "\n"

    with (directory / "articles.jsonl").open("w") as kept, (directory / "duplicates.jsonl").open("w") as dropped, (
        directory / "pairs.jsonl"
    ).open("w") as pairs:
        for c in range(clusters):
            kept.write(record(f"k{c}", f"k{c}", None))
            for m in range(members):
                dropped.write(record(f"k{c}-d{m}", f"k{c}", 0.8))
                pairs.write(json.dumps({"a": f"k{c}", "b": f"k{c}-d{m}", "similarity": 0.8,
                                        "exact": False, "duplicate": True}) + "\n")
    with (directory / "removed.jsonl").open("w") as removed:
        for p in range(paragraphs):
            for article in range(2):
                removed.write(json.dumps({"article": f"k{article}", "text": f"Footer number {p}.",
                                          "reason": "repeated", "count": 2, "path": "x.txt",
                                          "line_start": 1, "line_end": 1}) + "\n")
    articles = clusters * (members + 1)
    report = {
        "counts": {
            "ingest": {"files": 1, "articles": articles, "signature_lines": 0},
            "langid": {"languages": {"en": articles}},
            "boilerplate": {"paragraphs_removed": 2 * paragraphs, "distinct_paragraphs": paragraphs,
                            "articles_touched": 2},
            "dedupe": {"clusters": clusters, "exact_duplicates": 0, "near_duplicates": clusters * members,
                       "candidate_pairs": clusters * members, "verified_pairs": clusters * members},
            "output": {"articles": clusters, "duplicates": clusters * members, "languages": {"en": clusters}},
        },
        "config": {"threshold": 0.7},
    }
    (directory / "report.json").write_text(json.dumps(report))
    return directory
