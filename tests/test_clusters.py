"""Word clusters (kg/extraction/clusters.py) and the recipe that learns them (scripts/build_clusters.py)."""
from __future__ import annotations

import gzip
import importlib.util
import random
from pathlib import Path

import numpy as np

from kg.extraction.clusters import NO_CLUSTER, decode_table, load_clusters, read_table

ROOT = Path(__file__).resolve().parent.parent


def _recipe():
    spec = importlib.util.spec_from_file_location("build_clusters", ROOT / "scripts" / "build_clusters.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_shipped_table_loads_and_groups_words_used_alike():
    table = load_clusters()
    assert len(table) > 10_000
    assert all(c.isdigit() and f.isdigit() for c, f in table.values())
    # words the corpus uses alike share a fine cluster; words used differently do not
    assert table["segmentation"][1] == table["detection"][1]
    assert table["imagenet"][1] == table["coco"][1]
    assert table["segmentation"][1] != table["imagenet"][1]
    assert NO_CLUSTER not in {f for _, f in table.values()}


def test_table_text_round_trip_keeps_odd_words():
    text = "seg\t1\t7\nline\u2028sep\t2\t9\n"
    assert read_table(text) == {"seg": ("1", "7"), "line\u2028sep": ("2", "9")}
    assert decode_table(gzip.compress(text.encode("utf-8"))) == decode_table(text.encode("utf-8")) == read_table(text)


def test_recipe_puts_words_of_the_same_contexts_together():
    rb = _recipe()
    rng = random.Random(0)
    tasks, data = ["segmentation", "detection", "parsing", "tagging"], ["imagenet", "coco", "kitti", "squad"]
    docs = []
    for _ in range(400):
        docs.append(["we", "study", rng.choice(tasks), "of", "objects", "."])
        docs.append(["results", "on", "the", rng.choice(data), "dataset", "show", "gains", "."])
    vocab = sorted({w for d in docs for w in d})
    words = {w: i for i, w in enumerate(vocab)}
    M = rb.cooccurrence(docs, words, words)
    U, S = rb.randomized_svd(rb.ppmi(M), 4)
    X = U * np.sqrt(S)
    X /= np.linalg.norm(X, axis=1, keepdims=True) + 1e-9
    assign = rb.kmeans(X, 4)
    cluster = {w: assign[i] for w, i in words.items()}
    assert len({cluster[w] for w in tasks}) == 1 and len({cluster[w] for w in data}) == 1
    assert cluster["segmentation"] != cluster["imagenet"]
