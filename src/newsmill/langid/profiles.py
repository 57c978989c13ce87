"""langdetect's language profiles as one sparse matrix of n-gram evidence.

langdetect's ``DetectorFactory.add_profile`` gives n-gram ``g`` of length
``n`` in language ``l`` the probability ``p(g|l) = freq_l(g) / n_words_l[n]``
(its profile's count of ``g`` over its count of all n-grams of that length),
and its detector multiplies a language's score by ``p(g|l) + ε`` per n-gram,
``ε = alpha / BASE_FREQ`` (0.5 / 10,000: its smoothing; ``alpha`` without the
random jitter it adds per trial). Since

    log(p(g|l) + ε) = log ε + log(1 + p(g|l) / ε)

and ``log ε`` is the same for every language, a text's evidence for ``l``
is ``Σ_g count(g) · log(1 + p(g|l) / ε)`` over the n-grams of the text that
some profile holds, plus a constant. :class:`Profiles` holds
``log(1 + p(g|l) / ε)`` as a (n-grams × languages) sparse matrix: it is zero
wherever ``l``'s profile lacks ``g``, so it keeps only the profiles' entries.

The profiles are read once per process (:func:`shipped_profiles`); worker processes
forked later inherit them.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.utils.lang_profile import LangProfile
from scipy import sparse

#: langdetect's additive smoothing of each n-gram probability.
SMOOTHING = Detector.ALPHA_DEFAULT / Detector.BASE_FREQ


@dataclass(frozen=True)
class Profiles:
    """Languages, the n-grams of their profiles, and the evidence matrix.

    languages: language codes, sorted (the columns).
    vocabulary: n-gram → row.
    evidence: CSR matrix, ``evidence[row, column] = log(1 + p(n-gram | language) / SMOOTHING)``.
    """

    languages: tuple[str, ...]
    vocabulary: dict[str, int]
    evidence: sparse.csr_matrix

    def __post_init__(self) -> None:
        if self.evidence.shape != (len(self.vocabulary), len(self.languages)):
            raise ValueError(
                f"evidence is {self.evidence.shape}, expected ({len(self.vocabulary)}, {len(self.languages)})"
            )


def read_profiles(directory: Path) -> Profiles:
    """Build :class:`Profiles` from a directory of langdetect profile files (one JSON file per language)."""
    files = sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
    if len(files) < 2:
        raise ValueError(f"{directory}: need at least two langdetect profiles, found {len(files)}")
    vocabulary: dict[str, int] = {}
    rows: list[np.ndarray] = []
    columns: list[np.ndarray] = []
    probabilities: list[np.ndarray] = []
    languages = []
    for column, path in enumerate(files):
        profile = LangProfile(**json.loads(path.read_text(encoding="utf-8")))
        languages.append(profile.name)
        grams = list(profile.freq)
        lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
        counts = np.fromiter(profile.freq.values(), dtype=np.float64, count=len(grams))
        probabilities.append(counts / np.asarray(profile.n_words, dtype=np.float64)[lengths - 1])
        rows.append(np.fromiter((vocabulary.setdefault(g, len(vocabulary)) for g in grams), dtype=np.int64))
        columns.append(np.full(len(grams), column))
    if len(set(languages)) != len(languages):
        raise ValueError(f"{directory}: two profiles name the same language")
    evidence = sparse.csr_matrix(
        (np.log1p(np.concatenate(probabilities) / SMOOTHING), (np.concatenate(rows), np.concatenate(columns))),
        shape=(len(vocabulary), len(files)),
    )
    return Profiles(tuple(languages), vocabulary, evidence)


@functools.cache
def shipped_profiles() -> Profiles:
    """The profiles langdetect ships, read on the first call in this process."""
    return read_profiles(Path(PROFILES_DIRECTORY))
