#!/usr/bin/env python3
"""Word clusters for the span classifier, learned from the corpus abstracts without labels.

Words that occur in the same contexts ("segmentation", "detection", "captioning") fall in one
cluster, so the span classifier can generalise from the 320 annotated abstracts to words it
never saw annotated. Distributional clusters as features are a long-standing semi-supervised
aid for sequence labelling (Brown clusters; Turian et al. 2010).

Recipe (numpy only): the project's tokenizer over every title and abstract of
shared/corpora/combined_ml_nlp_cv.jsonl.gz, lower-cased; words seen at least ``--min-count``
times; counts of the ``--contexts`` most frequent words one and two positions to the left and
to the right (four separate context blocks, so order matters); positive PMI; a randomised SVD to
``--dim`` dimensions; spherical k-means at two granularities. Output: a TSV of
``word<TAB>coarse<TAB>fine``, gzip-compressed when the name ends in .gz (read by
kg/extraction/clusters.py). About two minutes and 4 GB of memory.

  python scripts/build_clusters.py        # writes kg/data/models/word_clusters.tsv.gz

Never reads ../shared/eval or any annotation.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402

import training_data as td  # noqa: E402

OUT = HERE.parent / "kg" / "data" / "models" / "word_clusters.tsv.gz"


def texts():
    with gzip.open(td.CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            yield f"{r.get('title') or ''}\n\n{r.get('abstract') or ''}"


def tokenize(limit: int | None) -> list[list[str]]:
    from kg.extraction.tokenizer import blank_english
    nlp = blank_english()
    out = []
    for n, doc in enumerate(nlp.tokenizer.pipe(texts(), batch_size=1000)):
        if limit and n >= limit:
            break
        out.append([t.lower_ for t in doc if not t.is_space])
    return out


def cooccurrence(docs: list[list[str]], words: dict[str, int], contexts: dict[str, int]) -> np.ndarray:
    """Counts ``M[word, block * C + context]`` for the blocks left-2, left-1, right-1, right-2."""
    V, C = len(words), len(contexts)
    flat_w, flat_c = [], []
    for toks in docs:
        w = np.array([words.get(t, -1) for t in toks], np.int64)
        c = np.array([contexts.get(t, -1) for t in toks], np.int64)
        for block, off in enumerate((-2, -1, 1, 2)):
            if off < 0:
                ww, cc = w[-off:], c[:off]
            else:
                ww, cc = w[:-off], c[off:]
            keep = (ww >= 0) & (cc >= 0)
            flat_w.append(ww[keep])
            flat_c.append(cc[keep] + block * C)
    idx = np.concatenate(flat_w) * (4 * C) + np.concatenate(flat_c)
    return np.bincount(idx, minlength=V * 4 * C).reshape(V, 4 * C).astype(np.float32)


def ppmi(M: np.ndarray) -> np.ndarray:
    total = M.sum()
    row = M.sum(axis=1, keepdims=True)
    col = M.sum(axis=0, keepdims=True) ** 0.75  # context smoothing (Levy et al. 2015)
    col = col / col.sum() * total
    with np.errstate(divide="ignore", invalid="ignore"):
        P = np.log(M * total / (row * col))
    P[~np.isfinite(P)] = 0.0
    return np.maximum(P, 0.0, dtype=np.float32)


def randomized_svd(A: np.ndarray, k: int, seed: int = 0, iters: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    Q = A @ rng.standard_normal((A.shape[1], k + 20)).astype(np.float32)
    for _ in range(iters):
        Q, _ = np.linalg.qr(A @ (A.T @ Q))
    B = Q.T @ A
    Ub, S, _ = np.linalg.svd(B, full_matrices=False)
    return (Q @ Ub)[:, :k], S[:k]


def kmeans(X: np.ndarray, k: int, seed: int = 0, iters: int = 25) -> np.ndarray:
    """Spherical k-means (rows of X are unit vectors); returns each row's cluster."""
    rng = np.random.default_rng(seed)
    centers = X[rng.choice(len(X), k, replace=False)]
    for _ in range(iters):
        assign = (X @ centers.T).argmax(axis=1)
        for c in range(k):
            members = X[assign == c]
            if len(members):
                v = members.sum(axis=0)
                centers[c] = v / (np.linalg.norm(v) + 1e-9)
    return (X @ centers.T).argmax(axis=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--min-count", type=int, default=20)
    ap.add_argument("--contexts", type=int, default=2000)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--coarse", type=int, default=64)
    ap.add_argument("--fine", type=int, default=512)
    ap.add_argument("--limit", type=int, default=None, help="read only this many abstracts")
    a = ap.parse_args()
    t0 = time.time()
    docs = tokenize(a.limit)
    freq = Counter(t for d in docs for t in d)
    vocab = [w for w, n in freq.most_common() if n >= a.min_count]
    words = {w: i for i, w in enumerate(vocab)}
    contexts = {w: i for i, w in enumerate(vocab[:a.contexts])}
    print(f"{len(docs)} abstracts, {sum(map(len, docs))} tokens, {len(vocab)} words ({time.time() - t0:.0f} s)", flush=True)
    M = cooccurrence(docs, words, contexts)
    del docs
    U, S = randomized_svd(ppmi(M), a.dim)
    del M
    X = U * np.sqrt(S)
    X /= np.linalg.norm(X, axis=1, keepdims=True) + 1e-9
    coarse, fine = kmeans(X, a.coarse), kmeans(X, a.fine, seed=1)
    print(f"svd and k-means done ({time.time() - t0:.0f} s)", flush=True)
    rows = "".join(f"{w}\t{coarse[i]}\t{fine[i]}\n" for w, i in words.items() if "\t" not in w and "\n" not in w)
    data = rows.encode("utf-8")
    # mtime 0: the same table gives the same bytes
    Path(a.out).write_bytes(gzip.compress(data, mtime=0) if a.out.endswith(".gz") else data)
    # a glance at what the clusters hold
    for probe in ["segmentation", "imagenet", "bert", "accuracy", "transformer", "summarization"]:
        if probe in words:
            c = fine[words[probe]]
            print(probe, "->", [w for w in vocab[:5000] if fine[words[w]] == c][:12])
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
