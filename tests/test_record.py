"""The article record: the fields of a JSONL input newsmill does not own, held as their JSON text."""

import json
import pickle

from newsmill.config import Config
from newsmill.pipeline import load
from newsmill.record import Article, CarriedFields

FIELDS = {
    "url": "https://example.org/a?b=1",
    "outlet": "Voorbeeld Nieuws — één",
    "score": 0.1 + 0.2,
    "big": 2**70,
    "flags": [True, False, None],
    "nested": {"z": 1, "a": [1.5e-300, "\u2028"]},
}


def test_carried_fields_read_back_as_given_in_their_order():
    carried = CarriedFields(FIELDS)
    assert carried == FIELDS and dict(carried) == FIELDS
    assert list(carried) == list(FIELDS) and list(carried.items()) == list(FIELDS.items())
    assert carried["score"] == 0.1 + 0.2 and carried["big"] == 2**70 and len(carried) == len(FIELDS)
    assert isinstance(carried.text, str) and "—" in carried.text  # one string, UTF-8 kept readable
    assert CarriedFields({}) == {} and CarriedFields({}).text == ""
    assert pickle.loads(pickle.dumps(carried)) == FIELDS  # the Dask engine ships articles


def test_a_jsonl_article_carries_its_other_fields_as_text_and_writes_them_back(tmp_path):
    record = {"id": "a1", "title": "T", "text": "One paragraph here.\n\nAnother one.", **FIELDS}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (article,) = load([path], Config(jobs=1))
    assert isinstance(article.extra, CarriedFields)
    written = article.to_json()
    assert list(written)[-len(FIELDS) :] == list(FIELDS)  # after newsmill's own fields, in input order
    assert {key: written[key] for key in FIELDS} == FIELDS
    restored = Article.from_json(json.loads(json.dumps(article.to_stage_json())))
    assert restored.extra == FIELDS and restored.to_json() == written
