import shutil

import pytest
from helpers import EXAMPLES, REPO, body, write_jsonl

from newsmill.config import Config, resolve
from newsmill.errors import InputError
from newsmill.ingest.read import discover, read_articles
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
