import gzip
import json
import pickle
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import EXAMPLES, REPO, body, write_jsonl
from hypothesis import given
from hypothesis import strategies as st

from newsmill.config import Config, resolve
from newsmill.errors import InputError
from newsmill.ingest import read
from newsmill.ingest.read import InputFile, discover, read_articles
from newsmill.record import Article, CarriedFields, Paragraph, Removal, Source, Translated
from newsmill.workers import Pool


def articles_of(*paths, config=Config()):
    return list(read_articles(discover(paths), config))


def test_text_dump_ids_and_sources_are_relative_to_the_root(tmp_path):
    (tmp_path / "sub").mkdir()
    dump = "\n\n".join([body("alpha"), "Example Wire", body("beta"), "Example Wire"])
    (tmp_path / "sub" / "a.txt").write_text(dump, encoding="utf-8")
    articles = articles_of(tmp_path)
    assert [a.id for a in articles] == ["sub/a.txt#1", "sub/a.txt#2"]
    assert articles[1].source.to_json() == {"path": "sub/a.txt", "line_start": 5, "line_end": 7, "index": 2}


def test_jsonl_keeps_ids_and_carries_unknown_fields(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [{"id": "x1", "text": "One.\n\nTwo.", "url": "https://e.org/1", "score": [1, 2]}, {"text": "Three."}],
    )
    first, second = articles_of(path)
    assert first.id == "x1" and [p.text for p in first.paragraphs] == ["One.", "Two."]
    assert first.to_json()["url"] == "https://e.org/1" and first.to_json()["score"] == [1, 2]
    assert second.id == "a.jsonl#2"


def test_given_language_is_kept(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": body("x"), "lang": "nl"}])
    (article,) = articles_of(path)
    assert (article.lang, article.lang_given) == ("nl", True)


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(("\ufeff" + body("alpha") + "\r\n\r\n" + body("beta") + "\r\n").encode("utf-8"))
    (article,) = articles_of(path)
    assert [p.text for p in article.paragraphs] == [body("alpha"), body("beta")]


@pytest.mark.parametrize(
    "name, content, message, line",
    [
        ("bin.txt", b"text\n\x00\x01\x02\n", "binary file", 2),
        ("bad.txt", b"fine\n\xff\xfe broken\n", "invalid UTF-8", 2),
        ("bad.jsonl", b'{"text": "ok"}\n{"text": \n', "malformed JSON", 2),
        ("bad.jsonl", b'{"text": "ok"}\n[1, 2]\n', "JSON object", 2),
        ("bad.jsonl", b'{"title": "no text"}\n', "'text'", 1),
        ("bad.jsonl", b'{"text": "ok"}\n{"text": "half a pair \\ud800"}\n', "holds \\ud800 without its pair", 2),
        ("bad.jsonl", b'{"text": "a", "id": "x"}\n{"text": "b", "id": "x"}\n', "duplicate id 'x'", 2),
    ],
)
def test_bad_input_names_file_and_line(tmp_path, name, content, message, line):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        articles_of(path)
    assert message in str(error.value)
    assert f"{path}:{line}" in str(error.value)


def test_duplicate_id_error_names_both_lines(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl", [{"id": "x", "text": "a"}, {"id": "y", "text": "b"}, {"id": "x", "text": "c"}]
    )
    with pytest.raises(InputError, match=rf"{path}:3: duplicate id 'x' \(first at {path}:1\)"):
        articles_of(path)


def test_missing_path_and_empty_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        discover([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no files matching"):
        discover([tmp_path / "empty"])


def test_made_ids_collide_with_given_ids_and_same_named_files(tmp_path):
    dump = "\n\n".join([body("alpha"), "Example Wire", body("beta"), "Example Wire"])
    for root in ("one", "two"):
        (tmp_path / root).mkdir()
        (tmp_path / root / "a.txt").write_text(dump, encoding="utf-8")
    with pytest.raises(InputError, match=r"two/a.txt:1: duplicate id 'a.txt#1' \(first at .*one/a.txt:1, article 1"):
        articles_of(tmp_path / "one" / "a.txt", tmp_path / "two" / "a.txt")
    feed = write_jsonl(tmp_path / "feed.jsonl", [{"id": "a.txt#2", "text": "x"}])
    with pytest.raises(InputError, match=r"feed.jsonl:1: duplicate id 'a.txt#2'"):
        articles_of(tmp_path / "one" / "a.txt", feed)
    with pytest.raises(InputError, match=r"a.txt:5: duplicate id 'a.txt#2' \(first at .*feed.jsonl:1\)"):
        articles_of(feed, tmp_path / "one" / "a.txt")
    assert (
        len(
            articles_of(
                tmp_path / "one" / "a.txt", write_jsonl(tmp_path / "ok.jsonl", [{"id": "a.txt#3", "text": "x"}])
            )
        )
        == 3
    )


def test_split_rule_applies_to_the_paths_its_glob_matches(tmp_path):
    dump = "\n\n".join(["## First story", body("alpha"), "## Second story", body("beta")])
    for name in ("outlet-a.txt", "other.txt"):
        (tmp_path / name).write_text(dump, encoding="utf-8")
    config = Config(split={"outlet-*.txt": {"headline": "^## "}})
    articles = articles_of(tmp_path, config=config)
    assert [a.id for a in articles] == ["other.txt#1", "outlet-a.txt#1", "outlet-a.txt#2"]
    # A glob with a "/" matches the path as given, or relative to the input directory.
    config = Config(split={f"{tmp_path.as_posix()}/outlet-*.txt": {"headline": "^## "}})
    assert len(articles_of(tmp_path, config=config)) == 3


def test_split_rule_from_pyproject_and_its_errors(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.newsmill.split."dumps/outlet-*.txt"]\nheadline = "^## "\ncloser = "^-- end"\n', encoding="utf-8"
    )
    assert resolve({}, start=tmp_path).split == {"dumps/outlet-*.txt": {"headline": "^## ", "closer": "^-- end"}}
    (tmp_path / "pyproject.toml").write_text('[tool.newsmill.split."*.txt"]\ncloser = "(("\n', encoding="utf-8")
    # a bad value in the file is bad input naming the file (exit 2), the key and what is wrong
    with pytest.raises(
        InputError, match=r'pyproject.toml: .*\[tool.newsmill.split."\*.txt"\].closer is not a valid regex'
    ):
        resolve({}, start=tmp_path)


SPLIT_DATA = REPO / "tests" / "data" / "split"


def _as_records(articles):
    return [(a.to_json(), [(r.paragraph.text, r.reason, r.count) for r in a.removals]) for a in articles]


def test_dumps_split_on_workers_give_the_same_articles_as_one_process(tmp_path):
    # many dumps and a JSONL file between them: the order of files and of articles is kept
    sources = [*sorted(SPLIT_DATA.glob("*.txt")), *sorted(EXAMPLES.iterdir())]
    for source in sources:
        shutil.copy(source, tmp_path / source.name)
    one = articles_of(tmp_path, config=Config(jobs=1))
    assert len({a.source.path for a in one}) == len(sources) and len(one) > 20
    assert any(a.removals for a in one)  # signature lines, counted over all dumps
    assert _as_records(articles_of(tmp_path, config=Config(jobs=2))) == _as_records(one)
    with Pool(2) as pool:
        assert _as_records(articles_of(tmp_path, config=Config(jobs=2))) == _as_records(one)
    assert pool.starts == 1


def test_an_error_in_a_dump_split_on_a_worker_names_its_file_and_line(tmp_path):
    (tmp_path / "a.txt").write_text(body("alpha") + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"fine\n----------\n\xff\xfe broken\n")
    config = Config(jobs=2, separator=r"^-{10}$")  # no first pass: the worker meets the bad line
    with pytest.raises(InputError, match=rf"{tmp_path / 'b.txt'}:3: invalid UTF-8"):
        articles_of(tmp_path, config=config)


def _every_field_set(n=0):
    """An article with every field set, as the stages leave it."""
    article = Article(
        f"kept-{n}",
        Source("earlier.txt", 3, 9, n + 1),
        "Old",
        [Paragraph(body(f"old{n}"), 3, 4, "nl", 0.9), Paragraph("Tweede.", 6, 6, "nl", 0.75)],
        lang="nl",
        lang_prob=0.875,
        cluster=f"kept-{n}",
        similarity=0.5,
        contained_in="other",
        removals=[Removal(f"kept-{n}", Paragraph("Example Wire", 8, 8), "signature", 3)],
        extra=CarriedFields({"url": f"https://e.org/{n}"}),
        translation=Translated(body("old"), "Oud", "nl", {"name": "tiny", "version": "1"}),
        story="kept-0",
        removed_before=2,
    )
    return article


def test_an_article_sent_flat_is_made_again_whole():
    article = _every_field_set()
    again = read.unflat(pickle.loads(pickle.dumps(read.flat(article))))
    assert again == article and again.to_stage_json() == article.to_stage_json()


def _jsonl_lines():
    """JSONL lines of every kind the reader meets: made and given ids, blank lines (one of a
    no-break space, blank only once decoded), CRLF endings, carried fields, a given language,
    a newsmill stage record; the first line starts with a byte-order mark."""
    records = []
    for n in range(6):
        kept = _every_field_set(n)
        records += [
            {"text": body(f"first{n}")},
            {"id": n, "title": "Given", "text": body(f"given{n}") + "\n\n" + body("more"), "url": "https://e.org"},
            {"text": body(f"third{n}"), "lang": "nl", "score": [n, 2]},
            kept.to_stage_json(),
        ]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines[0] = "\ufeff" + lines[0]
    for at, blank in ((3, ""), (9, "   "), (14, "\u00a0"), (20, "\t")):
        lines.insert(at, blank)
    return [line + ("\r\n" if n % 5 == 0 else "\n") for n, line in enumerate(lines)]


@pytest.mark.parametrize("compressed", [False, True])
def test_jsonl_read_in_ranges_on_workers_gives_the_same_articles_as_one_process(tmp_path, monkeypatch, compressed):
    content = "".join(_jsonl_lines()).encode("utf-8")
    path = tmp_path / "feed.jsonl"
    path.write_bytes(gzip.compress(content) if compressed else content)
    one = articles_of(path, config=Config(jobs=1))
    assert len(one) == 24 and one[0].id == "feed.jsonl#1" and one[-4].id == "feed.jsonl#21"
    monkeypatch.setattr(read, "RANGE_BYTES", 500)  # a few lines a range
    assert path.stat().st_size > 4 * read.RANGE_BYTES
    with Pool(2) as pool:
        on_workers = articles_of(path, config=Config(jobs=2))
    assert on_workers == one and _as_records(on_workers) == _as_records(one)  # every field, and as written
    assert len({id(a.removals) for a in on_workers}) == len(on_workers)  # each its own list, to add to
    assert pool.starts == (0 if compressed else 1)  # gzip is read in order, in this process


def test_line_ranges_cover_the_file_and_end_at_line_ends(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"".join(line.encode("utf-8") for line in _jsonl_lines()) + b'{"text": "no newline"}')
    ranges = read.line_ranges(InputFile(path, path.name, "jsonl"), 700)
    content = path.read_bytes()
    assert [r.start for r in ranges] == [0, *(r.end for r in ranges[:-1])] and ranges[-1].end == len(content)
    assert all(content[r.end - 1 : r.end] == b"\n" for r in ranges[:-1])
    assert all(r.end - r.start >= 700 for r in ranges[:-1])
    assert [line for r in ranges for line in r.raw_lines()] == content.split(b"\n")


#: Bytes that matter to decoding a range's lines: line ends, a byte-order mark, a NUL, a carriage
#: return, a byte that is not UTF-8, a character that is, blanks and a record.
_LINE_BYTES = st.sampled_from(
    [b"\n", b"\r", b"\r\n", b"\xef\xbb\xbf", b"\x00", b"\xff", "é€".encode(), b" ", b"\xc2\xa0", b'{"text": "a"}']
)


def _outcome(lines):
    """The lines read, or the error that stopped the reading."""
    try:
        return list(lines)
    except InputError as error:
        return str(error)


@given(st.lists(_LINE_BYTES, max_size=16).map(b"".join), st.sampled_from([1, 7]))
def test_a_range_decodes_its_lines_as_they_decode_one_by_one(content, first_line):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        path.write_bytes(content)
        part = read.LineRange(InputFile(path, path.name, "jsonl"), 0, len(content), first_line)
        by_line = read.decode_lines(part.raw_lines(), str(path), first=first_line)
        assert _outcome(part.lines()) == _outcome(by_line)


@given(st.lists(_LINE_BYTES | st.just(b"{}") | st.just(b"\n\n"), max_size=16).map(b"".join))
def test_a_range_counts_its_lines_and_records_as_its_lines_cut_and_searched(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        path.write_bytes(content)
        part = read.LineRange(InputFile(path, path.name, "jsonl"), 0, len(content))
        lines = part.raw_lines()
        assert part.counts() == (len(lines), sum(map(read.holds_record, lines)))


@pytest.mark.parametrize(
    "bad, message",
    [
        (b'{"text": \n', "malformed JSON"),
        (b"\xef\xbb\xbf" + b'{"text": "a byte-order mark in the middle"}\n', "malformed JSON"),
        (b'{"text": "\xff\xfe"}\n', "invalid UTF-8"),
        (b'{"text": "\x00"}\n', "binary file"),
        (b"[1, 2]\n", "JSON object"),
        (b'{"id": "line-2", "text": "again"}\n', "duplicate id 'line-2' (first at"),
        (b'{"id": "feed.jsonl#3", "text": "a made id given"}\n', "duplicate id 'feed.jsonl#3' (first at"),
    ],
)
def test_a_bad_line_in_a_range_read_on_a_worker_is_named_as_one_process_names_it(tmp_path, monkeypatch, bad, message):
    good = [json.dumps({"id": f"line-{n}", "text": body("x")}) + "\n" for n in range(1, 3)]
    good += [json.dumps({"text": body("x")}) + "\n" if n % 7 else "\n" for n in range(3, 40)]
    lines = [line.encode("utf-8") for line in good]
    # a duplicate id just before the bad line: reported first, as when read in order
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"".join([*lines[:30], bad, *lines[30:]]))
    with pytest.raises(InputError) as in_one:
        articles_of(path, config=Config(jobs=1))
    assert message in str(in_one.value) and f"{path}:31:" in str(in_one.value)
    monkeypatch.setattr(read, "RANGE_BYTES", 300)
    with pytest.raises(InputError) as on_workers:
        articles_of(path, config=Config(jobs=2))
    assert str(on_workers.value) == str(in_one.value)
    path.write_bytes(b"".join([*lines[:29], lines[0], bad, *lines[29:]]))
    with pytest.raises(InputError, match=rf"{path}:30: duplicate id 'line-1' \(first at {path}:1\)"):
        articles_of(path, config=Config(jobs=2))
