"""Build tiny, real Argos Translate packages for tests: no torch, no network, well under a second.

The model is a CTranslate2 Transformer (1 encoder and 1 decoder layer, 2 heads) whose weights are
constructed, not trained: it copies the source sentence piece by piece and swaps the pieces of a
small lexicon, so tests can assert exact translations.

How it copies: the residual stream holds a one-hot token part and a one-hot position part;
self-attention and feed-forward layers are zero; the decoder's cross-attention matches its
position t to the encoder's position t and carries the source token there into the stream; the
output projection reads the token part, mapping swapped pieces to their translation.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ctranslate2
import numpy as np
import sentencepiece as spm

MAX_POSITIONS = 256
TRAINING_TEXT = """
Seinäjoen kaupunki on mukana työllisyyden kuntakokeilussa ja kansainvälisessä hankkeessa.
Kaupunki valmistautuu yhä vahvempaan rooliin työllisyyden hoidossa.
Uusia toimintatapoja haetaan myös kansainvälisistä verkostoista ja yhteistyökaupungeista.
Projektet finansieras av Europeiska socialfonden och drivs av flera sociala företag.
Samverkan med den offentliga sektorn är nyckeln här, säger projektledaren.
The partnership is formed by four partners from three countries in Europe.
Find out more about the good practices at the project website.
ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÜ abcdefghijklmnopqrstuvwxyzåäöü 0123456789 .,:;!?-–()"'/@+%&
"""


def _train_sentencepiece(lexicon: Mapping[str, str]) -> bytes:
    words = sorted(set(lexicon) | set(lexicon.values()))
    text = TRAINING_TEXT + "\n".join(words)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([line for line in text.splitlines() if line.strip()] * 3),
        model_writer=model,
        vocab_size=200,
        model_type="unigram",
        hard_vocab_limit=False,
        character_coverage=1.0,
        user_defined_symbols=words,
        minloglevel=3,
    )
    return model.getvalue()


def _copy_spec_base(
    layers: tuple[int, int], heads: int, embeddings: np.ndarray, position: np.ndarray, ln: Any
) -> ctranslate2.specs.TransformerSpec:
    """A Transformer spec with the given token and position codes, unscaled, and final layer norms."""
    spec = ctranslate2.specs.TransformerSpec.from_config(layers, num_heads=heads)
    spec.config.add_source_eos = True  # the copied </s> ends the translation
    for part in (spec.encoder, spec.decoder):
        emb = part.embeddings[0] if isinstance(part.embeddings, list) else part.embeddings
        emb.weight = embeddings.copy()
        part.scale_embeddings = False
        part.position_encodings.encodings = position.copy()
        ln(part.layer_norm)
    return spec


def _spec(vocab: list[str], swap: Mapping[int, int]) -> ctranslate2.specs.TransformerSpec:
    v, positions = len(vocab), MAX_POSITIONS
    head = max(v, positions, (v + positions + 1) // 2)
    d = 2 * head
    f32 = np.float32

    def ln(layer) -> None:
        layer.gamma = np.ones(d, f32)
        layer.beta = np.zeros(d, f32)

    def zero_ffn(ffn) -> None:
        ln(ffn.layer_norm)
        ffn.linear_0.weight = np.zeros((8, d), f32)
        ffn.linear_0.bias = np.zeros(8, f32)
        ffn.linear_1.weight = np.zeros((d, 8), f32)
        ffn.linear_1.bias = np.zeros(d, f32)

    embeddings = np.zeros((v, d), f32)
    embeddings[np.arange(v), np.arange(v)] = 1.0
    position = np.zeros((positions, d), f32)
    position[np.arange(positions), v + np.arange(positions)] = 1.0

    spec = _copy_spec_base((1, 1), 2, embeddings, position, ln)
    for part in (spec.encoder, spec.decoder):
        layer = part.layer[0]
        ln(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = np.zeros((3 * d, d), f32)
        layer.self_attention.linear[0].bias = np.zeros(3 * d, f32)
        layer.self_attention.linear[1].weight = np.zeros((d, d), f32)
        layer.self_attention.linear[1].bias = np.zeros(d, f32)
        zero_ffn(layer.ffn)

    cross = spec.decoder.layer[0].attention
    ln(cross.layer_norm)
    q = np.zeros((d, d), f32)
    kv = np.zeros((2 * d, d), f32)
    out = np.zeros((d, d), f32)
    for h in range(2):
        for j in range(positions):
            q[h * head + j, v + j] = 2.0  # query: my position
            kv[h * head + j, v + j] = 1.0  # key: the source position
        for i in range(v):
            kv[d + h * head + i, i] = 1.0  # value: the source token
            out[i, h * head + i] = 5.0  # into the token part of the stream
    cross.linear[0].weight, cross.linear[0].bias = q, np.zeros(d, f32)
    cross.linear[1].weight, cross.linear[1].bias = kv, np.zeros(2 * d, f32)
    cross.linear[2].weight, cross.linear[2].bias = out, np.zeros(d, f32)

    projection = np.zeros((v, d), f32)
    for i in range(v):
        projection[swap.get(i, i), i] = 1.0
    spec.decoder.projection.weight = projection
    spec.decoder.projection.bias = np.zeros(v, f32)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return spec


class _Converter(ctranslate2.converters.Converter):
    def __init__(self, spec: ctranslate2.specs.TransformerSpec):
        self.spec = spec

    def _load(self) -> ctranslate2.specs.TransformerSpec:
        return self.spec


def _write_package(
    out_dir: Path,
    folder: str,
    from_code: str,
    to_code: str,
    version: str,
    name: str,
    sp_bytes: bytes,
    spec: ctranslate2.specs.TransformerSpec,
) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / f".build-{folder}"
    if work.exists():
        shutil.rmtree(work)
    pkg = work / folder
    pkg.mkdir(parents=True)
    (pkg / "sentencepiece.model").write_bytes(sp_bytes)
    _Converter(spec).convert(str(pkg / "model"), force=True)
    (pkg / "metadata.json").write_text(
        json.dumps(
            {
                "package_version": version,
                "argos_version": "1.9",
                "from_code": from_code,
                "to_code": to_code,
                "from_name": from_code,
                "to_name": to_code,
                "package_name": name,
            }
        )
    )
    archive = out_dir / f"{from_code}_{to_code}-{version}.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(work.rglob("*")):
            zf.write(path, path.relative_to(work).as_posix())
    shutil.rmtree(work)
    return archive


def build_package(
    out_dir: Path,
    from_code: str,
    to_code: str,
    lexicon: Mapping[str, str],
    version: str = "1.0",
    folder: str | None = None,
) -> Path:
    """Write ``{from}_{to}-{version}.argosmodel`` (a zip with one top-level folder) and return its path."""
    sp_bytes = _train_sentencepiece(lexicon)
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    index = {p: i for i, p in enumerate(vocab)}
    swap = {index[a]: index[b] for a, b in lexicon.items()}
    folder = folder or f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    return _write_package(
        out_dir, folder, from_code, to_code, version, f"tiny {from_code}-{to_code}", sp_bytes, _spec(vocab, swap)
    )


def build_realistic_package(
    out_dir: Path,
    from_code: str,
    to_code: str,
    corpus: list[str],
    *,
    d_model: int = 512,
    layers: int = 6,
    heads: int = 8,
    ffn: int = 2048,
    vocab_size: int = 8000,
    seed: int = 0,
) -> Path:
    """A copying model the size of a real Argos model (d512, 6+6 layers, 8 heads, ffn 2048).

    One-hot codes do not fit in 512 dimensions, so tokens get random near-orthogonal codes in
    the first d-64 dimensions and positions in the last 64; every head matches positions and
    carries a slice of the token code. Every layer is computed as in a real model; only the
    weights are constructed, so it copies its input and stops at the copied </s>.
    """
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        hard_vocab_limit=False,
        character_coverage=1.0,
        minloglevel=3,
    )
    sp_bytes = model.getvalue()
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    v, positions, pos_dims = len(vocab), MAX_POSITIONS, 64
    tok_dims, head = d_model - pos_dims, d_model // heads
    rng = np.random.default_rng(seed)
    f32 = np.float32

    def unit(n: int, dims: int) -> np.ndarray:
        x = rng.standard_normal((n, dims))
        return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(f32)

    tok_code, pos_code = unit(v, tok_dims), unit(positions, pos_dims)
    embeddings = np.zeros((v, d_model), f32)
    embeddings[:, :tok_dims] = tok_code
    position = np.zeros((positions, d_model), f32)
    position[:, tok_dims:] = pos_code

    def ln(layer) -> None:
        layer.gamma = np.ones(d_model, f32)
        layer.beta = np.zeros(d_model, f32)

    def zero_linear(linear, rows: int, cols: int) -> None:
        linear.weight = np.zeros((rows, cols), f32)
        linear.bias = np.zeros(rows, f32)

    spec = _copy_spec_base((layers, layers), heads, embeddings, position, ln)
    for part in (spec.encoder, spec.decoder):
        for layer in part.layer:
            ln(layer.self_attention.layer_norm)
            zero_linear(layer.self_attention.linear[0], 3 * d_model, d_model)
            zero_linear(layer.self_attention.linear[1], d_model, d_model)
            ln(layer.ffn.layer_norm)
            zero_linear(layer.ffn.linear_0, ffn, d_model)
            zero_linear(layer.ffn.linear_1, d_model, ffn)
            if part is spec.decoder:
                ln(layer.attention.layer_norm)
                zero_linear(layer.attention.linear[0], d_model, d_model)
                zero_linear(layer.attention.linear[1], 2 * d_model, d_model)
                zero_linear(layer.attention.linear[2], d_model, d_model)
    cross = spec.decoder.layer[-1].attention  # the copying happens in the last layer
    q = np.zeros((d_model, d_model), f32)
    kv = np.zeros((2 * d_model, d_model), f32)
    out = np.zeros((d_model, d_model), f32)
    slice_ = tok_dims // heads
    for h in range(heads):
        for j in range(pos_dims):
            q[h * head + j, tok_dims + j] = 1.0  # query: my position (64 of the head's dims)
            kv[h * head + j, tok_dims + j] = 1.0  # key: the source position
        for i in range(slice_):
            kv[d_model + h * head + i, h * slice_ + i] = 1.0  # value: a slice of the source token's code
            out[h * slice_ + i, h * head + i] = 1.0  # back into the token part of the stream
    cross.linear[0].weight, cross.linear[1].weight, cross.linear[2].weight = q, kv, out
    projection = np.zeros((v, d_model), f32)
    projection[:, :tok_dims] = tok_code
    spec.decoder.projection.weight = projection
    spec.decoder.projection.bias = np.zeros(v, f32)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return _write_package(
        out_dir,
        f"translate-{from_code}_{to_code}-bench",
        from_code,
        to_code,
        "1.0",
        f"benchmark {from_code}-{to_code} (d{d_model}, {layers}+{layers} layers)",
        sp_bytes,
        spec,
    )
