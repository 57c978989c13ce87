"""Build a tiny, real nl→en argos package locally, without any download.

No translation model can be downloaded on the machines this project is tested
on, so the tests and the speed benchmark run argos's and newsmill's real code
paths on a package built here from scratch:

* ``sentencepiece.model``: a ~400-piece unigram model trained on a few hundred
  sentences (FLORES-200 lines from ``../shared/data`` beside the repository when
  present, otherwise generated pseudo-Dutch; neither is copied into the repo);
* ``model/``: a CTranslate2 Transformer (:data:`TINY`: 1 encoder and 1
  decoder layer, width 32; :data:`BASE`, transformer-base size, for the speed
  benchmark) whose weights are random numpy arrays written by a
  :class:`ctranslate2.converters.Converter` subclass (no torch, no download);
* ``minisbd/nl-rules.onnx``: a rule-based sentence splitter that follows
  MiniSBD's ONNX contract (inputs ``units`` [batch, chars] int64 and
  ``features`` [batch, chars, n] float32; output: per-character logits over
  the labels 0 = inside a token, 1 = token end, 2 = sentence end, plus the
  vocabulary and config in the model's metadata). argos 1.12 splits sentences
  with MiniSBD and downloads a model from GitHub when a package bundles none,
  so bundling one keeps argos's own path offline. Building it needs the
  ``onnx`` package; running it needs only onnxruntime (a dependency of
  minisbd);
* ``metadata.json`` as argos reads it.

The package is zipped to ``translate-nl_en-tiny.argosmodel``. Its output is
nonsense, but deterministic: a translation test checks structure, caching and
bookkeeping, never wording. The decoder's position encodings push it towards
end-of-sentence as the output grows, so outputs stop after some 5 to 60
tokens, as a real model's would, rather than looping to the length limit;
callers should still bound the decoding length.

Run ``python tests/tiny_argos.py OUT_DIR`` to build the package and print its
path, build time and size.
"""

from __future__ import annotations

import io
import json
import random
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
PACKAGE_DIR_NAME = "translate-nl_en-tiny"
PACKAGE_FILE_NAME = PACKAGE_DIR_NAME + ".argosmodel"
PACKAGE_VERSION = "0.0.1+tiny"
VOCAB_SIZE = 400
TRAINING_SENTENCES = 300
#: Standard deviation of the random weights at the tiny width (scaled by fan-in).
WEIGHT_SCALE = 0.5
#: Rows of decoder position encodings: above the 256-token decoding default.
MAX_POSITIONS = 512
#: How fast the decoder drifts towards end-of-sentence, and how strongly the
#: output layer reads that drift (see ``_decoder_positions``; tuned by measuring
#: output lengths, not derived).
STOP_SLOPE = 0.2
EOS_WEIGHT = 3.0
SEED = 1234

METADATA = {
    "package_version": PACKAGE_VERSION,
    "argos_version": "1.12",
    "type": "translate",
    "from_code": "nl",
    "from_name": "Dutch",
    "to_code": "en",
    "to_name": "English",
    "links": [],
}


def flores_lines(lang: str) -> list[str] | None:
    """The stripped lines of ``../shared/data/flores-devtest-{lang}.txt`` (``nld``, ``eng``), or None if absent."""
    path = SHARED_DATA / f"flores-devtest-{lang}.txt"
    if not path.is_file():
        return None
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def generated_sentences(count: int) -> list[str]:
    """``count`` deterministic pseudo-Dutch sentences, for machines without the FLORES files."""
    rng = random.Random(SEED)
    syllables = "de het een van en in is op te dat met voor niet zijn er aan ook als bij maar".split()
    words = [rng.choice(syllables) + rng.choice(syllables) for _ in range(800)]
    return [
        " ".join(rng.choice(words) for _ in range(rng.randint(5, 20))).capitalize() + "."
        for _ in range(count)
    ]


def training_sentences() -> list[str]:
    """A few hundred Dutch and English sentences to train the sentencepiece model.

    FLORES-200 lines from ``../shared/data`` when that folder is there (read,
    never copied), else :func:`generated_sentences`.
    """
    dutch, english = flores_lines("nld"), flores_lines("eng")
    if dutch is None or english is None:
        return generated_sentences(TRAINING_SENTENCES)
    half = TRAINING_SENTENCES // 2
    return [line for line in dutch[:half] + english[:half] if line]


def train_sentencepiece(sentences: list[str]) -> bytes:
    """Train a ~400-piece unigram sentencepiece model; returns its serialized bytes."""
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=model,
        vocab_size=VOCAB_SIZE,
        model_type="unigram",
        character_coverage=1.0,
        normalization_rule_name="identity",
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


@dataclass(frozen=True)
class ModelShape:
    """Transformer size: model width, feed-forward width, attention heads, layers per side."""

    width: int
    ffn_width: int
    heads: int
    layers: int


#: The test model: fast to build and to run.
TINY = ModelShape(width=32, ffn_width=64, heads=2, layers=1)
#: Transformer-base, the size of argos's published models: for the speed
#: benchmark, where compute per token should be realistic.
BASE = ModelShape(width=512, ffn_width=2048, heads=8, layers=6)


def _stop_direction(width: int) -> np.ndarray:
    """A zero-mean unit vector (layer norm keeps it) that the decoder drifts along."""
    return np.tile(np.array([1.0, -1.0], dtype=np.float32), width // 2) / np.sqrt(width)


def _decoder_positions(shape: ModelShape, rng: np.random.Generator) -> np.ndarray:
    """Decoder position encodings that drift along a "stop" direction.

    Random weights never predict end-of-sentence on their own, so decoding
    would run to the length limit. Here position ``p`` moves the decoder
    state ``STOP_SLOPE * p`` (per dimension) along :func:`_stop_direction`,
    which the end-of-sentence row of the output projection reads: outputs
    stop after a few dozen tokens, as a real model's would.
    """
    positions = np.arange(MAX_POSITIONS, dtype=np.float32)[:, None]
    drift = STOP_SLOPE * positions * _stop_direction(shape.width) * np.sqrt(shape.width)
    return (drift + rng.normal(0.0, 0.1, size=(MAX_POSITIONS, shape.width))).astype(np.float32)


def _random_transformer_converter(vocabulary: list[str], shape: ModelShape):
    """A CTranslate2 converter whose "source model" is random numpy weights of ``shape``.

    Weights are scaled by fan-in, so that activations (and so output lengths)
    do not depend on the width.
    """
    from ctranslate2.converters import Converter
    from ctranslate2.specs import TransformerSpec

    width = shape.width
    scale = WEIGHT_SCALE * np.sqrt(TINY.width)

    class RandomTransformerConverter(Converter):
        def _load(self):
            rng = np.random.default_rng(SEED)
            spec = TransformerSpec.from_config(shape.layers, shape.heads)

            def weights(rows: int, fan_in: int) -> np.ndarray:
                return rng.normal(0.0, scale / np.sqrt(fan_in), size=(rows, fan_in)).astype(np.float32)

            def linear(layer, out_width: int, in_width: int = width) -> None:
                layer.weight = weights(out_width, in_width)
                layer.bias = np.zeros(out_width, dtype=np.float32)

            def norm(layer) -> None:
                layer.gamma = np.ones(width, dtype=np.float32)
                layer.beta = np.zeros(width, dtype=np.float32)

            def feed_forward(ffn) -> None:
                norm(ffn.layer_norm)
                linear(ffn.linear_0, shape.ffn_width)
                linear(ffn.linear_1, width, shape.ffn_width)

            def self_attention(attention) -> None:
                norm(attention.layer_norm)
                linear(attention.linear[0], 3 * width)  # fused query, key, value
                linear(attention.linear[1], width)

            encoder, decoder = spec.encoder, spec.decoder
            encoder.embeddings[0].weight = weights(len(vocabulary), width)
            norm(encoder.layer_norm)
            for layer in encoder.layer:
                self_attention(layer.self_attention)
                feed_forward(layer.ffn)

            decoder.embeddings.weight = weights(len(vocabulary), width)
            norm(decoder.layer_norm)
            for layer in decoder.layer:
                self_attention(layer.self_attention)
                norm(layer.attention.layer_norm)
                linear(layer.attention.linear[0], width)  # query
                linear(layer.attention.linear[1], 2 * width)  # fused key, value
                linear(layer.attention.linear[2], width)
                feed_forward(layer.ffn)
            decoder.position_encodings.encodings = _decoder_positions(shape, rng)
            linear(decoder.projection, len(vocabulary))
            eos_row = EOS_WEIGHT * np.sqrt(TINY.width / width) * _stop_direction(width)
            decoder.projection.weight[vocabulary.index("</s>")] = eos_row

            spec.register_source_vocabulary(vocabulary)
            spec.register_target_vocabulary(vocabulary)
            return spec

    return RandomTransformerConverter()


def _rule_based_minisbd_graph() -> bytes:
    """A MiniSBD-compatible ONNX sentence splitter made of lookup tables.

    Each character gets a class (0 = other, 1 = space or padding, 2 = one of
    ``.!?``); the label of a character is looked up from its class and the
    next character's class: a word character before a space or terminator
    ends a token, a terminator before a space ends a sentence.
    """
    import onnx
    from onnx import TensorProto, helper

    units = ["<PAD>", "<UNK>", " ", ".", "!", "?"]
    char_class = [1, 0, 1, 2, 2, 2]
    other, space, terminator = 0, 1, 2
    label_of = {  # (class, next class) -> MiniSBD label
        (other, space): 1,
        (other, terminator): 1,
        (terminator, other): 1,
        (terminator, space): 2,
    }
    logits = np.zeros((9, 5), dtype=np.float32)
    for current in range(3):
        for following in range(3):
            logits[current * 3 + following, label_of.get((current, following), 0)] = 10.0

    def const(name: str, array: np.ndarray) -> onnx.NodeProto:
        return helper.make_node("Constant", [], [name], value=onnx.numpy_helper.from_array(array, name))

    def ints(*values: int) -> np.ndarray:
        return np.array(values, dtype=np.int64)

    nodes = [
        const("class_table", np.array(char_class, dtype=np.int64)),
        const("label_logits", logits),
        const("one", ints(1)),
        const("zero", ints(0)),
        const("end", ints(2**62)),
        const("three", np.array(3, dtype=np.int64)),
        helper.make_node("Gather", ["class_table", "units"], ["cls"]),
        helper.make_node("Slice", ["cls", "one", "end", "one"], ["cls_tail"]),
        helper.make_node("Slice", ["cls", "zero", "one", "one"], ["first_col"]),
        helper.make_node("Mul", ["first_col", "zero"], ["zeros_col"]),
        helper.make_node("Add", ["zeros_col", "one"], ["padding_col"]),
        helper.make_node("Concat", ["cls_tail", "padding_col"], ["next_cls"], axis=1),
        helper.make_node("Mul", ["cls", "three"], ["cls_times_three"]),
        helper.make_node("Add", ["cls_times_three", "next_cls"], ["pair"]),
        helper.make_node("Gather", ["label_logits", "pair"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes,
        "rule_based_sbd",
        [
            helper.make_tensor_value_info("units", TensorProto.INT64, ["batch", "chars"]),
            helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "chars", "feats"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "chars", 5])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    config = {"feat_funcs": ["space_before"], "max_seqlen": 1000, "batch_size": 32}
    vocab = {"lang": "nl", "idx": 0, "cutoff": 0, "lower": False,
             "_id2unit": units, "_unit2id": {unit: i for i, unit in enumerate(units)}}
    helper.set_model_props(model, {"lang_code": "nl", "config": json.dumps(config),
                                   "vocab": json.dumps(vocab), "lexicon": "null"})
    onnx.checker.check_model(model)
    return model.SerializeToString()


def build_package_dir(package_dir: Path, shape: ModelShape = TINY) -> Path:
    """Write the unpacked package (metadata, sentencepiece, model of ``shape``, splitter) into ``package_dir``."""
    import sentencepiece as spm

    package_dir.mkdir(parents=True)
    sp_bytes = train_sentencepiece(training_sentences())
    (package_dir / "sentencepiece.model").write_bytes(sp_bytes)
    processor = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    _random_transformer_converter(vocabulary, shape).convert(str(package_dir / "model"))
    (package_dir / "minisbd").mkdir()
    (package_dir / "minisbd" / "nl-rules.onnx").write_bytes(_rule_based_minisbd_graph())
    (package_dir / "metadata.json").write_text(json.dumps(METADATA, indent=2), encoding="utf-8")
    (package_dir / "README.md").write_text(
        "Tiny random nl→en test package built by newsmill's tests/tiny_argos.py. Output is nonsense.\n",
        encoding="utf-8",
    )
    return package_dir


def build_tiny_argos_package(out_dir: Path, shape: ModelShape = TINY) -> Path:
    """Build the package and zip it as ``out_dir/translate-nl_en-tiny.argosmodel``.

    ``shape`` is the transformer's size: :data:`TINY` for tests, :data:`BASE`
    for a realistic amount of compute in the speed benchmark.

    The archive holds one top-level folder, as argos's ``install_from_path``
    expects (it extracts the archive into the packages directory).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = out_dir / PACKAGE_FILE_NAME
    with tempfile.TemporaryDirectory() as scratch:
        package_dir = build_package_dir(Path(scratch) / PACKAGE_DIR_NAME, shape)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for path in sorted(package_dir.rglob("*")):
                zipped.write(path, path.relative_to(package_dir.parent))
    return archive


def main() -> None:
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    started = time.perf_counter()
    archive = build_tiny_argos_package(out_dir)
    seconds = time.perf_counter() - started
    print(f"{archive}\t{seconds:.2f} s\t{archive.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
