#!/usr/bin/env python3
"""Train and measure the span classifier (kg/extraction/spanclf.py).

Multinomial logistic regression (numpy, Adagrad, L2) over every enumerated span of the
annotated training abstracts (shared/training joined with the corpus; every occurrence of a
gold name is a positive span, see scripts/training_data.py). Scores are exact span + label F1,
the same measure scripts/eval_spans.py gives the spaCy ``ner`` model.

  python scripts/train_spanclf.py cv                 # 5-fold CV on the training abstracts (+ dev)
  python scripts/train_spanclf.py folds --work DIR   # one model per fold (for held-out pipeline runs)
  python scripts/train_spanclf.py scierc             # train on SciERC train, score SciERC test
  python scripts/train_spanclf.py train              # write kg/data/models/spanclf.npz

Never reads ../shared/eval; the dev gold is only measured.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import numpy as np  # noqa: E402

import training_data as td  # noqa: E402
from kg.extraction.spanclf import SpanClassifier, enumerate_spans, vocab_spans  # noqa: E402

OUT = HERE.parent / "kg" / "data" / "models" / "spanclf.npz"
OURS = ["O", "METHOD", "DATASET", "TASK", "METRIC"]


def vocab_nlp():
    """The pipeline's tokenizer, sentences and vocabulary matcher (training docs see what it sees)."""
    import kg.extraction.pipeline  # noqa: F401  (registers the factories)
    from kg.extraction.tokenizer import blank_english
    nlp = blank_english()
    nlp.add_pipe("papergraph_sentences")
    nlp.add_pipe("papergraph_vocab")
    return nlp


def with_vocab(nlp, doc):
    """``doc.user_data["vocab"]``: the vocabulary names the pipeline finds in ``doc``."""
    d = doc
    for _, proc in nlp.pipeline:
        d = proc(d)
    doc.user_data["vocab"] = vocab_spans(d)
    return doc


def fit(docs, labels: list[str], **kw) -> SpanClassifier:
    """A classifier trained on Docs whose ``ents`` are the gold spans."""
    examples = [([t.text for t in d], {(e.start, e.end): e.label_ for e in d.ents}, d.user_data.get("vocab", ()))
                for d in docs]
    return SpanClassifier.train(examples, labels, **kw)


def predict_sets(model: SpanClassifier, docs, threshold: float | None = None) -> list[set]:
    return [{(s, e, lab) for s, e, lab, _ in model.predict([t.text for t in d], d.user_data.get("vocab", ()), threshold)}
            for d in docs]


def gold_sets(docs) -> list[set]:
    return [{(e.start, e.end, e.label_) for e in d.ents} for d in docs]


def prf(gold: list[set], pred: list[set], label: str | None = None) -> tuple[float, float, float]:
    keep = (lambda x: True) if label is None else (lambda x: x[2] == label)
    tp = sum(len({x for x in g if keep(x)} & {x for x in p if keep(x)}) for g, p in zip(gold, pred))
    npred = sum(sum(1 for x in p if keep(x)) for p in pred)
    ngold = sum(sum(1 for x in g if keep(x)) for g in gold)
    pr = tp / npred if npred else 0.0
    rc = tp / ngold if ngold else 0.0
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)


def report(title: str, gold: list[set], pred: list[set], labels: list[str]) -> None:
    p, r, f = prf(gold, pred)
    print(f"{title}\n  ALL        P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    for lab in labels[1:]:
        p, r, f = prf(gold, pred, lab)
        print(f"  {lab:10s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")


def coverage(docs) -> float:
    """Share of gold spans the enumeration proposes at all (an upper bound on recall)."""
    hit = tot = 0
    for d in docs:
        words = [t.text for t in d]
        spans = set(enumerate_spans(words, [w.lower() for w in words]))
        hit += sum(1 for e in d.ents if (e.start, e.end) in spans)
        tot += len(d.ents)
    return hit / max(tot, 1)


def best_threshold(model: SpanClassifier, docs) -> float:
    gold = gold_sets(docs)
    return max((prf(gold, predict_sets(model, docs, t))[2], t) for t in np.arange(0.2, 0.8, 0.05))[1]


def training_docs(records=None):
    nlp = vocab_nlp()
    return [with_vocab(nlp, td.record_to_doc(nlp, r)) for r in (records or td.load_training())]


def load_clusters(path: str) -> dict[str, tuple[str, str]] | None:
    """word -> (coarse, fine): the shipped table ("shipped"), none ("none") or a TSV (.gz) of
    scripts/build_clusters.py."""
    from kg.extraction import clusters
    if path == "none":
        return None
    if path == "shipped":
        return clusters.load_clusters()
    return clusters.decode_table(Path(path).read_bytes())


def hyper(a) -> dict:
    return {"epochs": a.epochs, "lr": a.lr, "l2": a.l2, "threshold": a.threshold, "clusters": a.clusters,
            "seed": a.seed}


def cmd_cv(a):
    docs = training_docs()
    print(f"enumeration covers {coverage(docs):.3f} of gold spans")
    folds = td.kfold(len(docs), 5, 0)
    gold, pred = [], []
    for k, fold in enumerate(folds):
        held = set(fold)
        tr = [docs[j] for j in range(len(docs)) if j not in held]
        te = [docs[j] for j in fold]
        m = fit(tr, OURS, **hyper(a))
        gold += gold_sets(te)
        pred += predict_sets(m, te, a.threshold)
    report(f"5-fold CV on {len(docs)} training abstracts, exact span+label (threshold {a.threshold})",
           gold, pred, OURS)
    dev = training_docs(td.load_dev())
    m = fit(docs, OURS, **hyper(a))
    report("dev (trained on all training abstracts)", gold_sets(dev), predict_sets(m, dev, a.threshold), OURS)


def cmd_folds(a):
    docs = training_docs()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    for k, fold in enumerate(td.kfold(len(docs), 5, 0)):
        held = set(fold)
        m = fit([docs[j] for j in range(len(docs)) if j not in held], OURS, **hyper(a))
        m.save(work / f"fold{k}_spanclf.npz")
        print(f"wrote {work / f'fold{k}_spanclf.npz'}")


def cmd_scierc(a):
    nlp = vocab_nlp()
    train = [with_vocab(nlp, d) for d in td.load_scierc("train", nlp)]
    test = [with_vocab(nlp, d) for d in td.load_scierc("test", nlp)]
    labels = ["O", *sorted({e.label_ for d in train for e in d.ents})]
    m = fit(train, labels, **hyper(a))
    dev = [with_vocab(nlp, d) for d in td.load_scierc("dev", nlp)]
    t = best_threshold(m, dev)
    print(f"SciERC: threshold {t:.2f} chosen on the dev split; enumeration covers {coverage(test):.3f} of test spans")
    report("SciERC test, exact span+label (anchors: spaCy ner 0.49, SciBERT span models 0.70-0.73)",
           gold_sets(test), predict_sets(m, test, t), labels)


def cmd_train(a):
    m = fit(training_docs(), OURS, **hyper(a))
    m.save(OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e3:.0f} kB, {len(m.index)} features)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["cv", "folds", "scierc", "train"])
    ap.add_argument("--work", default="/tmp/pg/cv_spanclf")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--lr", type=float, default=0.2)
    ap.add_argument("--l2", type=float, default=1e-5)
    ap.add_argument("--clusters", default="shipped",
                    help='word clusters: "shipped" (kg/data/models/word_clusters.tsv.gz), "none", or a TSV from scripts/build_clusters.py')
    ap.add_argument("--seed", type=int, default=0, help="order of the training spans (another seed shows the noise)")
    ap.add_argument("--threshold", type=float, default=0.2, help="0.2 proposes spans for the gate (shipped); 0.3 is best for the classifier alone")
    a = ap.parse_args()
    a.clusters = load_clusters(a.clusters)
    {"cv": cmd_cv, "folds": cmd_folds, "scierc": cmd_scierc, "train": cmd_train}[a.cmd](a)


if __name__ == "__main__":
    main()
