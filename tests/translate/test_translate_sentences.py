"""Sentence splitting: newsmill's rules, and the choice between them and a bundled MiniSBD model."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newsmill.translate.sentences import split_rule_based, splitter_for


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("De trein rijdt. De bus niet! Waarom?", ["De trein rijdt.", "De bus niet!", "Waarom?"]),
        ("Minister o.a. dhr. Jansen kwam. Hij bleef.", ["Minister o.a. dhr. Jansen kwam.", "Hij bleef."]),
        ('J. de Vries zei: "Nee." Daarna ging hij.', ['J. de Vries zei: "Nee."', "Daarna ging hij."]),
        ("Groei van 3.5 procent in 2020. 2021 was beter.", ["Groei van 3.5 procent in 2020.", "2021 was beter."]),
        ("(Zie boven.) Dan verder.", ["(Zie boven.)", "Dan verder."]),
        ("geen hoofdletter. dus geen grens", ["geen hoofdletter. dus geen grens"]),
        ("  \n ", []),
    ],
)
def test_rule_based_split(text: str, sentences: list[str]) -> None:
    assert split_rule_based(text) == sentences


def test_bundled_minisbd_model_is_used_offline(tiny_argos_model) -> None:
    name, split = splitter_for(tiny_argos_model)
    assert name == "bundled MiniSBD (nl-rules.onnx)"
    assert split("Het regent. Morgen niet! Echt?") == ["Het regent.", "Morgen niet!", "Echt?"]
    assert split("") == []


def test_rules_are_used_when_the_package_bundles_no_splitter(tiny_argos_model, tmp_path: Path) -> None:
    without_splitter = dataclasses.replace(tiny_argos_model, path=tmp_path)
    name, split = splitter_for(without_splitter)
    assert name == "newsmill rule-based" and split is split_rule_based
