"""Translate many sentences at once through a package's CTranslate2 model.

argos's own ``translate`` runs one ``translate_batch`` call per paragraph with
a 32-token batch, about one sentence per call. newsmill loads the same files
argos would (``model/`` with CTranslate2, the package's sentencepiece or BPE
tokenizer through argos's tokenizer object) and sends all sentences in one
call with large token batches; CTranslate2 sorts them by length into batches.
The decoding settings otherwise match argos's (``replace_unknowns``, length
penalty 0.2, the package's target prefix), so with the same beam size and
length limit (argos's is CTranslate2's default, 256 tokens) each sentence
gets the translation argos would give it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import ctranslate2

from newsmill.settings import TranslateSettings
from newsmill.translate.models import InstalledModel

#: argos's length penalty, kept so that batching does not change the output.
LENGTH_PENALTY = 0.2


def resolve_device(device: str) -> Literal["cpu", "cuda"]:
    """``auto`` becomes ``cuda`` when CTranslate2 sees a GPU, else ``cpu``."""
    if device == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if device == "cpu":
        return "cpu"
    if device == "cuda":
        return "cuda"
    raise ValueError(f"device must be cpu, cuda or auto, not {device!r}")


class BatchTranslator:
    """A loaded model that translates lists of sentences.

    ``model`` is the installed package; ``options`` the decoding settings.
    Loading takes a moment (the weights are read), so make one per run.
    """

    def __init__(self, model: InstalledModel, options: TranslateSettings = TranslateSettings()) -> None:
        self.model = model
        self.options = options
        self.device = resolve_device(options.device)
        self._tokenizer = model.package.tokenizer
        self._target_prefix: str = model.package.target_prefix
        self._translator = ctranslate2.Translator(
            str(model.path / "model"),
            device=self.device,
            inter_threads=1,
            intra_threads=options.threads,
        )

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """Translations of ``sentences``, in the same order."""
        if not sentences:
            return []
        tokenized = [self._tokenizer.encode(sentence) for sentence in sentences]
        prefix = [[self._target_prefix]] * len(tokenized) if self._target_prefix else None
        results = self._translator.translate_batch(
            tokenized,
            target_prefix=prefix,
            replace_unknowns=True,
            max_batch_size=self.options.batch_size,
            batch_type="tokens",
            beam_size=self.options.beam_size,
            num_hypotheses=1,
            length_penalty=LENGTH_PENALTY,
            max_decoding_length=self.options.max_decoding_length,
        )
        return [self._detokenize(result.hypotheses[0]) for result in results]

    def _detokenize(self, tokens: list[str]) -> str:
        # Same clean-up as argos's apply_packaged_translation.
        text = self._tokenizer.decode(tokens)
        if self._target_prefix and text.startswith(self._target_prefix):
            text = text[len(self._target_prefix) :]
        return text.removeprefix(" ")
