"""Span classifier: a linear model that scores every short word span of an abstract as a
Method, Dataset, Task, Metric or nothing.

Rules find names; the descriptive phrases that make up half of our gold ("masked segment
modeling", "3.1M Taobao image-text pairs", "text-to-code retrieval") have boundaries that
rules rarely get right. This model reads them from the words at a span's edges, the words
around it and the words inside it, learned from ``shared/training`` by
``scripts/train_spanclf.py``.

Most features belong to one position of the span, so a span's score is a sum of per-token
vectors (start, end, inside) plus a few span-level ones (length, the two edge words together,
repetition, an exact vocabulary match), and all spans of a document are scored with a few
numpy operations. Weights ship as ``kg/data/models/spanclf.npz`` (feature
names and a float matrix; no pickles, nothing fetched).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from kg.extraction.clusters import NO_CLUSTER, load_clusters
from kg.vocab import family

MAX_LEN = 8
#: tokens a span never crosses
BREAKS = {",", ";", ":", ".", "(", ")", "[", "]", "{", "}", '"', "?", "!", "\n", "\n\n", "'s", "–", "—"}
#: words a span never starts or ends with (they may sit inside: "data from tables")
EDGE_STOP = {
    "a", "an", "the", "this", "that", "these", "those", "our", "its", "their", "his", "her", "we", "it", "they",
    "of", "and", "or", "for", "with", "in", "on", "to", "by", "from", "as", "at", "into", "via", "than", "over",
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "can", "could", "may", "will", "which",
    "who", "whose", "such", "both", "each", "all", "any", "some", "more", "most", "also", "not", "no", "while",
    "when", "where", "but", "then", "thus", "however", "between", "among", "across", "through", "under", "using",
    "based", "-", "/", "+", "&", "%", "=", "<", ">", "do", "does", "only", "very", "well", "even", "here", "there",
    "other", "new", "novel", "several", "various", "many", "two", "three", "first", "simple", "efficient",
}
_SHAPE_SUBS = ((re.compile(r"[A-Z]"), "X"), (re.compile(r"[a-z]"), "x"), (re.compile(r"[0-9]"), "d"))
_RUNS = re.compile(r"(.)\1{2,}")


@lru_cache(maxsize=65536)
def shape(text: str) -> str:
    """Xxxx-style shape with runs capped at two ("Transformer" -> "Xxx", "ViT-B/16" -> "XxX-X/dd")."""
    for pat, rep in _SHAPE_SUBS:
        text = pat.sub(rep, text)
    return _RUNS.sub(r"\1\1", text)


def token_features(words: list[str]) -> tuple[list[str], list[str], list[str], list[str]]:
    """Per-token lower forms, shapes, suffixes and prefixes."""
    lower = [w.lower() for w in words]
    return lower, [shape(w) for w in words], [w[-3:] for w in lower], [w[:3] for w in lower]


def vocab_tags(n: int, vocab_spans) -> list[str]:
    """B-/I- tags of the vocabulary names found in a text (``(start, end, family)`` spans), "O" elsewhere."""
    tags = ["O"] * n
    for s, e, fam in vocab_spans:
        if e <= n:
            tags[s] = f"B-{fam}"
            for k in range(s + 1, e):
                tags[k] = f"I-{fam}"
    return tags


def cluster_lists(lower: list[str], clusters: dict[str, tuple[str, str]] | None) -> tuple[list[str], list[str]] | None:
    """Each token's coarse and fine word cluster (``clusters``: word -> (coarse, fine)), or None
    for a model trained without clusters."""
    if not clusters:
        return None
    none = (NO_CLUSTER, NO_CLUSTER)
    pairs = [clusters.get(w, none) for w in lower]
    return [c for c, _ in pairs], [f for _, f in pairs]


def start_features(lower, shapes, vtags, i: int, cl=None) -> list[str]:
    """Features owned by a span's first token (its word and what precedes it)."""
    p1 = lower[i - 1] if i > 0 else "<s>"
    p2 = lower[i - 2] if i > 1 else "<s>"
    f = [f"w0={lower[i]}", f"s0={shapes[i]}", f"p1={p1}", f"p2={p2}", f"p2p1={p2}|{p1}",
         f"p1s0={p1}|{shapes[i]}", f"ps1={shapes[i - 1] if i > 0 else '<s>'}", f"v0={vtags[i]}"]
    if cl:
        coarse, fine = cl
        f += [f"c0={fine[i]}", f"cc0={coarse[i]}", f"pc1={fine[i - 1] if i > 0 else NO_CLUSTER}"]
    return f


def end_features(lower, shapes, suffixes, vtags, j: int, cl=None) -> list[str]:
    """Features owned by a span's last token (index ``j - 1``) and what follows it."""
    n = len(lower)
    last = lower[j - 1]
    n1 = lower[j] if j < n else "</s>"
    n2 = lower[j + 1] if j + 1 < n else "</s>"
    ns2 = shapes[j + 1] if j + 1 < n else "</s>"
    f = [f"wl={last}", f"sl={shapes[j - 1]}", f"suf={suffixes[j - 1]}", f"n1={n1}", f"n2={n2}",
         f"n1n2={n1}|{n2}", f"n1s2={n1}|{ns2}", f"wln1={last}|{n1}",
         f"vl={vtags[j - 1][:1]}|{vtags[j][:1] if j < n else 'O'}"]
    if cl:
        coarse, fine = cl
        f += [f"cl={fine[j - 1]}", f"ccl={coarse[j - 1]}", f"nc1={fine[j] if j < n else NO_CLUSTER}"]
    return f


def inside_features(lower, shapes, prefixes, vtags, k: int, cl=None) -> list[str]:
    """Features owned by every token of a span."""
    f = [f"in={lower[k]}", f"ins={shapes[k]}", f"inp={prefixes[k]}", f"inv={vtags[k]}"]
    if cl:
        f.append(f"inc={cl[1][k]}")
    return f


def doc_context(words: list[str], lower: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], dict, int]:
    """Each span's lower-case text, how often each text occurs, and where the title ends."""
    texts = [" ".join(lower[s:e]) for s, e in spans]
    counts: dict[str, int] = {}
    for t in texts:
        counts[t] = counts.get(t, 0) + 1
    title_end = next((k for k, w in enumerate(words) if "\n\n" in w), 0)
    return texts, counts, title_end


def vocab_exact(vtags: list[str], i: int, j: int) -> str:
    """The family of the vocabulary name that is exactly tokens ``i:j``, else "no"."""
    if vtags[i][:1] == "B" and (j == len(vtags) or vtags[j][:1] != "I") and all(t[:1] == "I" for t in vtags[i + 1:j]):
        return vtags[i][2:]
    return "no"


def pair_features(lower, shapes, vtags, i: int, j: int, text: str = "", counts=None, title_end: int = 0) -> list[str]:
    p1 = lower[i - 1] if i > 0 else "<s>"
    n = counts.get(text, 1) if counts else 1
    where = "t" if i < title_end else "a"
    exact = vocab_exact(vtags, i, j)
    return [f"len={min(j - i, MAX_LEN)}", f"w0wl={lower[i]}|{lower[j - 1]}", f"p1wl={p1}|{lower[j - 1]}",
            f"lensl={min(j - i, 4)}|{shapes[j - 1]}", f"voc={exact}", f"rep={where}{min(n, 3)}",
            f"repsl={min(n, 3)}|{shapes[j - 1]}"]


def enumerate_spans(words: list[str], lower: list[str], max_len: int = MAX_LEN) -> list[tuple[int, int]]:
    """Every span of up to ``max_len`` tokens inside a run without breaks, not starting or
    ending with a function word."""
    spans = []
    n = len(words)
    i = 0
    while i < n:
        if words[i] in BREAKS or words[i].isspace():
            i += 1
            continue
        b = i
        while b < n and words[b] not in BREAKS and not words[b].isspace():
            b += 1
        for s in range(i, b):
            if lower[s] in EDGE_STOP:
                continue
            for e in range(s + 1, min(b, s + max_len) + 1):
                if lower[e - 1] not in EDGE_STOP:
                    spans.append((s, e))
        i = b
    return spans


def span_features(words: list[str], spans: list[tuple[int, int]], vocab_spans=(), clusters=None) -> list[list[str]]:
    """All features of each span (the training view of what :class:`SpanClassifier` sums);
    ``clusters`` (word -> (coarse, fine)) adds word-cluster features."""
    lower, shapes, suffixes, prefixes = token_features(words)
    vtags = vocab_tags(len(words), vocab_spans)
    cl = cluster_lists(lower, clusters)
    texts, counts, title_end = doc_context(words, lower, spans)
    out = []
    for (s, e), text in zip(spans, texts):
        f = start_features(lower, shapes, vtags, s, cl) + end_features(lower, shapes, suffixes, vtags, e, cl)
        for k in range(s, e):
            f += inside_features(lower, shapes, prefixes, vtags, k, cl)
        out.append(f + pair_features(lower, shapes, vtags, s, e, text, counts, title_end))
    return out


class SpanClassifier:
    """Scores spans with weights ``W[feature] -> one score per label`` (label 0 is "none")."""

    def __init__(self, features: list[str], weights: np.ndarray, labels: list[str], threshold: float = 0.5,
                 clusters: dict[str, tuple[str, str]] | None = None):
        self.index = {f: n for n, f in enumerate(features)}
        #: word -> (coarse, fine) cluster, learned without labels (kg/extraction/clusters.py)
        self.clusters = clusters or {}
        # one extra zero row for unknown features
        self.W = np.vstack([weights.astype(np.float32), np.zeros((1, weights.shape[1]), np.float32)])
        self.unknown = len(features)
        self.labels = labels
        self.threshold = threshold
        self._tables: dict[str, dict[str, int]] | None = None

    @classmethod
    def load(cls, path: str | Path) -> "SpanClassifier":
        """A saved model; one trained with word clusters reads them with ``clusters`` (a table
        saved beside it by :meth:`save`, else the shipped one)."""
        with np.load(path, allow_pickle=False) as z:
            clusters = None
            if "cluster_words" in z:  # a model saved with a table of its own
                ids = z["cluster_ids"].tolist()
                clusters = {w: (str(c), str(f)) for w, (c, f) in zip(z["cluster_words"].tolist(), ids)}
            elif "uses_clusters" in z and bool(z["uses_clusters"]):
                clusters = load_clusters()
            return cls(z["features"].tolist(), z["weights"], z["labels"].tolist(), float(z["threshold"]), clusters)

    def save(self, path: str | Path) -> None:
        """Weights and feature names; a model with word clusters stores the table only when it is
        not the shipped one (the shipped model refers to ``word_clusters.tsv.gz``)."""
        feats = sorted(self.index, key=self.index.get)
        extra: dict = {"uses_clusters": np.array(bool(self.clusters))}
        if self.clusters and self.clusters != load_clusters():
            words = sorted(self.clusters)
            extra |= {"cluster_words": np.array(words),
                     "cluster_ids": np.array([[int(x) for x in self.clusters[w]] for w in words], np.int16)}
        np.savez_compressed(path, features=np.array(feats), weights=self.W[:-1].astype(np.float16),
                            labels=np.array(self.labels), threshold=np.array(self.threshold), **extra)

    @classmethod
    def train(cls, examples, labels: list[str], *, epochs: int = 8, lr: float = 0.2, l2: float = 1e-5,
              min_count: int = 2, seed: int = 0, threshold: float = 0.3,
              clusters: dict[str, tuple[str, str]] | None = None) -> "SpanClassifier":
        """Multinomial logistic regression (Adagrad, L2) over every enumerated span of ``examples``:
        ``(words, {(start, end): label}, vocab_spans)`` triples; unlisted spans are ``labels[0]``;
        ``clusters`` (word -> (coarse, fine)) adds word-cluster features."""
        lab_id = {lab: n for n, lab in enumerate(labels)}
        feats_per_ex, ys = [], []
        for words, gold, vspans in examples:
            spans = enumerate_spans(words, [w.lower() for w in words])
            for sp, f in zip(spans, span_features(words, spans, vspans, clusters)):
                feats_per_ex.append(f)
                ys.append(lab_id.get(gold.get(sp, labels[0]), 0))
        counts = Counter(f for fs in feats_per_ex for f in set(fs))
        names = sorted(f for f, c in counts.items() if c >= min_count)
        index = {f: n for n, f in enumerate(names)}
        unk = len(names)
        ids = [np.array([index.get(f, unk) for f in fs], np.int64) for fs in feats_per_ex]
        y = np.array(ys, np.int64)
        W = np.zeros((unk + 1, len(labels)), np.float64)
        G = np.full_like(W, 1e-6)
        rng = np.random.default_rng(seed)
        for _ in range(epochs):
            order = rng.permutation(len(ids))
            for b in range(0, len(order), 512):
                batch = order[b:b + 512]
                rows = [ids[n] for n in batch]
                lens = np.array([len(r) for r in rows])
                flat = np.concatenate(rows)
                S = np.add.reduceat(W[flat], np.concatenate([[0], np.cumsum(lens)[:-1]]), axis=0)
                S -= S.max(axis=1, keepdims=True)
                P = np.exp(S)
                P /= P.sum(axis=1, keepdims=True)
                P[np.arange(len(batch)), y[batch]] -= 1.0  # gradient of the log loss
                uniq, inv = np.unique(flat, return_inverse=True)
                per = np.repeat(P, lens, axis=0)
                g = np.stack([np.bincount(inv, weights=per[:, k], minlength=len(uniq)) for k in range(len(labels))], 1)
                g += l2 * len(batch) * W[uniq]
                G[uniq] += g * g
                W[uniq] -= lr * g / np.sqrt(G[uniq])
        return cls(names, W[:-1], labels, threshold, clusters)

    def _pair_scores(self, spans, s_idx, e_idx, words, lower, shapes, vtags) -> np.ndarray:
        """The summed weights of each span's ``pair_features``: the two word-pair features looked
        up per span, the others from small per-token tables indexed with numpy."""
        W, col = self.W, self._column
        length = e_idx - s_idx
        texts, counts, title_end = doc_context(words, lower, spans)
        rep = np.minimum(np.fromiter((counts[t] for t in texts), np.int64, len(texts)), 3)
        p1 = ["<s>"] + lower[:-1]
        ids = [
            np.array(col("len", [str(k) for k in range(MAX_LEN + 1)]))[np.minimum(length, MAX_LEN)],
            np.array(col("w0wl", [f"{lower[s]}|{lower[e - 1]}" for s, e in spans])),
            np.array(col("p1wl", [f"{p1[s]}|{lower[e - 1]}" for s, e in spans])),
            np.array([col("lensl", [f"{k}|{sh}" for sh in shapes]) for k in range(1, 5)])[np.minimum(length, 4) - 1, e_idx - 1],
            np.array([col("repsl", [f"{k}|{sh}" for sh in shapes]) for k in range(1, 4)])[rep - 1, e_idx - 1],
            np.array([col("rep", [f"{w}{k}" for k in range(4)]) for w in "at"])[(s_idx < title_end).astype(np.int64), rep],
        ]
        ids.append(np.array(col("voc", [vocab_exact(vtags, s, e) if vtags[s][:1] == "B" else "no" for s, e in spans])))
        return W[np.stack(ids, axis=1)].sum(axis=1)

    def _column(self, template: str, values: list[str]) -> list[int]:
        """Rows of the features ``template=value`` for each value (unknown ones: the zero row)."""
        if self._tables is None:
            tables: dict[str, dict[str, int]] = {}
            for f, row in self.index.items():
                t, _, v = f.partition("=")
                tables.setdefault(t, {})[v] = row
            self._tables = tables
        get, unk = self._tables.get(template, {}).get, self.unknown
        return [get(v, unk) for v in values]

    def _ids(self, feats: list[str]) -> list[int]:
        get, unk = self.index.get, self.unknown
        return [get(f, unk) for f in feats]

    def probabilities(self, words: list[str], vocab_spans=()) -> tuple[list[tuple[int, int]], np.ndarray]:
        """Spans of ``words`` and their label probabilities (rows sum to one); ``vocab_spans``
        are the vocabulary names found in the text as ``(start, end, family)``."""
        lower, shapes, suffixes, prefixes = token_features(words)
        vtags = vocab_tags(len(words), vocab_spans)
        spans = enumerate_spans(words, lower)
        if not spans:
            return spans, np.zeros((0, len(self.labels)), np.float32)
        n = len(words)
        W = self.W
        # one id column per feature template (the same features as start_/end_/inside_features,
        # looked up by value without building their names), then one gather and sum per kind
        col = self._column
        p1 = ["<s>"] + lower[:-1]
        p2 = (["<s>", "<s>"] + lower)[:n]
        n1 = lower[1:] + ["</s>"]
        n2 = (lower[2:] + ["</s>", "</s>"])[:n]
        ns2 = (shapes[2:] + ["</s>", "</s>"])[:n]
        v1 = [v[:1] for v in vtags]
        start_cols = [
            col("w0", lower), col("s0", shapes), col("p1", p1), col("p2", p2),
            col("p2p1", [f"{a}|{b}" for a, b in zip(p2, p1)]), col("p1s0", [f"{a}|{b}" for a, b in zip(p1, shapes)]),
            col("ps1", ["<s>"] + shapes[:-1]), col("v0", vtags)]
        end_cols = [
            col("wl", lower), col("sl", shapes), col("suf", suffixes), col("n1", n1), col("n2", n2),
            col("n1n2", [f"{a}|{b}" for a, b in zip(n1, n2)]), col("n1s2", [f"{a}|{b}" for a, b in zip(n1, ns2)]),
            col("wln1", [f"{a}|{b}" for a, b in zip(lower, n1)]),
            col("vl", [f"{a}|{b}" for a, b in zip(v1, v1[1:] + ["O"])])]
        inside_cols = [col("in", lower), col("ins", shapes), col("inp", prefixes), col("inv", vtags)]
        cl = cluster_lists(lower, self.clusters)
        if cl:
            coarse, fine = cl
            start_cols += [col("c0", fine), col("cc0", coarse), col("pc1", [NO_CLUSTER] + fine[:-1])]
            end_cols += [col("cl", fine), col("ccl", coarse), col("nc1", fine[1:] + [NO_CLUSTER])]
            inside_cols.append(col("inc", fine))
        start = W[np.array(start_cols).T].sum(axis=1)
        end = np.zeros((n + 1, W.shape[1]), np.float32)
        end[1:] = W[np.array(end_cols).T].sum(axis=1)
        inside = np.zeros((n + 1, W.shape[1]), np.float32)  # prefix sums
        inside[1:] = np.cumsum(W[np.array(inside_cols).T].sum(axis=1), axis=0)
        s_idx = np.fromiter((s for s, _ in spans), np.int64, len(spans))
        e_idx = np.fromiter((e for _, e in spans), np.int64, len(spans))
        scores = start[s_idx] + end[e_idx] + inside[e_idx] - inside[s_idx] + self._pair_scores(
            spans, s_idx, e_idx, words, lower, shapes, vtags)
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        return spans, p

    def predict(self, words: list[str], vocab_spans=(), threshold: float | None = None) -> list[tuple[int, int, str, float]]:
        """Non-overlapping spans ``(start, end, label, probability)``, most probable first taken."""
        spans, p = self.probabilities(words, vocab_spans)
        if not spans:
            return []
        t = self.threshold if threshold is None else threshold
        best = p[:, 1:].argmax(axis=1) + 1
        conf = p[np.arange(len(spans)), best]
        order = [n for n in np.argsort(-conf, kind="stable") if conf[n] >= t]
        taken: list[tuple[int, int, str, float]] = []
        used = np.zeros(max(e for _, e in spans) + 1, bool)
        for n in order:
            s, e = spans[n]
            if used[s:e].any():
                continue
            used[s:e] = True
            taken.append((s, e, self.labels[best[n]], float(conf[n])))
        return sorted(taken)


def vocab_spans(doc) -> list[tuple[int, int, str]]:
    """The vocabulary names the pipeline matched in ``doc``, as ``(start, end, family)``."""
    return [(m.start, m.end, family(m.type)) for m in (doc._.candidates or []) if m.source == "vocab"]
