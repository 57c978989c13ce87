"""Sentence splitting that never reaches for the network.

Translation models work sentence by sentence, and sentences are also the unit
of the translation cache. argos 1.12 splits with MiniSBD, which downloads a
per-language ONNX model from GitHub on first use unless the package bundles
one in its ``minisbd/`` folder. So newsmill:

* uses the package's bundled MiniSBD model, run by argos's own
  ``MiniSBDSentencizer`` (offline: MiniSBD loads a local file path as is),
  when the package has ``minisbd/*.onnx``;
* otherwise uses :func:`split_rule_based`, its own punctuation rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsmill.translate.models import InstalledModel

SentenceSplitter = Callable[[str], list[str]]

#: Lower-cased words that end in a full stop without ending a sentence
#: (Dutch and English news abbreviations).
ABBREVIATIONS = frozenset(
    "bijv bv ca dhr dr drs e.a etc fig ing ir jl jr mevr mgr mr mrs ms nl no nr "
    "o.a prof resp sr st t.a.v tel vs z.g ca d.w.z m.b.t i.p.v o.m".split()
)

# A candidate boundary: end punctuation, optional closing quotes or brackets,
# whitespace, then what can start a sentence (capital, digit, opening quote or bracket).
# The whitespace between the two is group 1.
_BOUNDARY = re.compile(r"""[.!?…]["'”’»)\]]*(\s+)(?=["'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])""")
_LAST_WORD = re.compile(r"(\S+)[.!?…][\"'”’»)\]]*$")


def split_rule_based(text: str) -> list[str]:
    """Split ``text`` after ``.``, ``!``, ``?`` or ``…`` followed by a likely sentence start.

    A full stop after a known abbreviation (:data:`ABBREVIATIONS`) or a single
    capital (an initial, as in "J. de Vries") does not end a sentence. Returns
    the stripped, non-empty sentences, in order.
    """
    sentences: list[str] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        candidate = text[start : boundary.start(1)]
        if _ends_with_abbreviation(candidate):
            continue
        sentences.append(candidate)
        start = boundary.end(1)
    sentences.append(text[start:])
    return [s.strip() for s in sentences if s.strip()]


def _ends_with_abbreviation(candidate: str) -> bool:
    last = _LAST_WORD.search(candidate)
    if last is None or not candidate.rstrip("\"'”’»)]").endswith("."):
        return False
    word = last.group(1)
    return word.lower().strip("(\"'“‘«") in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def splitter_for(model: InstalledModel) -> tuple[str, SentenceSplitter]:
    """The splitter to use with ``model`` and its name: the bundled MiniSBD model, else the rules."""
    bundled = sorted((model.path / "minisbd").glob("*.onnx"))
    if not bundled:
        return "newsmill rule-based", split_rule_based

    from argostranslate.sbd import MiniSBDSentencizer  # imports onnxruntime: only when needed

    sentencizer = MiniSBDSentencizer(model.package)

    def split_bundled(text: str) -> list[str]:
        if not text.strip():
            return []
        return [s.strip() for s in sentencizer.split_sentences(text) if s.strip()]

    return f"bundled MiniSBD ({bundled[0].name})", split_bundled
