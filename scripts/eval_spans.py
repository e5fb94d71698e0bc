#!/usr/bin/env python3
"""Measure the learned span model.

  python scripts/eval_spans.py cv     [--vectors DIR] [--extra-train DOCBIN]   # (a) 5-fold CV, exact spans
  python scripts/eval_spans.py dev    [MODEL] [--pred out.jsonl]              # (b) dev gold via shared/tools/score.py
  python scripts/eval_spans.py scierc [--vectors DIR]                         # (c) same config on SciERC train -> test
  python scripts/eval_spans.py speed  [MODEL]

Every training run uses scripts/spans.cfg (fixed epochs, seed 0) and keeps model-last, so no
held-out data is used for model selection.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import spacy  # noqa: E402
from spacy.tokens import DocBin  # noqa: E402

import training_data as td  # noqa: E402
import train_spans as ts  # noqa: E402

SCORE = td.SHARED / "tools" / "score.py"


def prf(tp, npred, ngold):
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def span_counts(gold_sets, pred_sets):
    c = defaultdict(lambda: [0, 0, 0])
    for g, p in zip(gold_sets, pred_sets):
        for lab in {x[2] for x in g | p} | {"ALL"}:
            gs = {x for x in g if lab in ("ALL", x[2])}
            ps = {x for x in p if lab in ("ALL", x[2])}
            c[lab][0] += len(gs & ps)
            c[lab][1] += len(ps)
            c[lab][2] += len(gs)
    return c


def print_counts(c, title):
    print(title)
    for lab in sorted(c, key=lambda k: (k != "ALL", k)):
        tp, npred, ngold = c[lab]
        p, r, f = prf(tp, npred, ngold)
        print(f"  {lab:20s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (gold {ngold}, pred {npred})")


def predict_sets(model, docs):
    nlp = spacy.load(model)
    out = []
    for gd, pd in zip(docs, nlp.pipe([d.text for d in docs])):
        out.append({(e.start, e.end, e.label_) for e in pd.ents})
    return out


def predict_sets_words(model, docs):
    """Predict on pre-tokenised docs (SciERC): run the pipeline components on a copy."""
    nlp = spacy.load(model)
    out = []
    for d in docs:
        doc = spacy.tokens.Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d])
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        out.append({(e.start, e.end, e.label_) for e in doc.ents})
    return out


def load_docs(path):
    nlp = td.blank_nlp()
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


# ---------------------------------------------------------------- (a) CV

def cmd_cv(a):
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    nlp = td.blank_nlp()
    docs = [td.record_to_doc(nlp, r) for r in td.load_training()]
    extra = load_docs(a.extra_train) if a.extra_train else []
    folds = td.kfold(len(docs), 5, 0)
    jobs = []
    for i, fold in enumerate(folds):
        held = set(fold)
        tr = [docs[j] for j in range(len(docs)) if j not in held] + extra
        te = [docs[j] for j in fold]
        td.save_docbin(tr, work / f"fold{i}_train.spacy")
        td.save_docbin(te, work / f"fold{i}_test.spacy")
        jobs.append(i)

    def run(i):
        return ts.spacy_train(Path(a.cfg), work / f"fold{i}_train.spacy", work / f"fold{i}_test.spacy",
                              work / f"fold{i}_out", a.vectors, dict(a.set), quiet=True)

    with ThreadPoolExecutor(a.jobs) as ex:
        models = list(ex.map(run, jobs))
    gold_all, pred_all = [], []
    for i, m in zip(jobs, models):
        te = load_docs(work / f"fold{i}_test.spacy")
        gold_all += [{(e.start, e.end, e.label_) for e in d.ents} for d in te]
        pred_all += predict_sets(m, te)
    print_counts(span_counts(gold_all, pred_all),
                 f"5-fold CV on 320 training abstracts, exact span+label (vectors={bool(a.vectors)}, "
                 f"extra={a.extra_train})")


# ---------------------------------------------------------------- (b) dev

def dev_records(model):
    nlp = spacy.load(model)
    dev = td.load_dev()
    recs = []
    for r, doc in zip(dev, nlp.pipe([r["text"] for r in dev])):
        seen = set()
        for e in doc.ents:
            name = e.text.strip()
            key = (e.label_, name.lower())
            if not name or key in seen:
                continue
            seen.add(key)
            recs.append({"paper_title": r["title"], "relation": td.LABEL2REL[e.label_],
                         "entity": {"type": td.LABEL2TYPE[e.label_], "name": name, "aliases": []}})
    return recs


def cmd_dev(a):
    recs = dev_records(a.model)
    pred = Path(a.pred)
    pred.parent.mkdir(parents=True, exist_ok=True)
    with open(pred, "w") as fh:
        for r in recs:
            fh.write(json.dumps(r) + "\n")
    print(f"dev gold ({a.model}) -> {pred}")
    subprocess.run([sys.executable, str(SCORE), str(td.DEV_GOLD), str(pred), "--show", str(a.show)], check=False)


# ---------------------------------------------------------------- (c) SciERC

def cmd_scierc(a):
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    nlp = td.blank_nlp()
    for split in ["train", "dev", "test"]:
        td.save_docbin(td.load_scierc(split, nlp), work / f"scierc_{split}.spacy")
    m = ts.spacy_train(Path(a.cfg), work / "scierc_train.spacy", work / "scierc_dev.spacy", work / "scierc_out",
                       a.vectors, dict(a.set), quiet=True)
    test_docs = load_docs(work / "scierc_test.spacy")
    gold = td.scierc_gold_spans("test")  # all gold mentions incl. overlapping ones
    pred = predict_sets_words(m, test_docs)
    print_counts(span_counts(gold, pred),
                 f"SciERC test, exact span+label, 6 labels, trained on SciERC train with scripts/spans.cfg "
                 f"(vectors={bool(a.vectors)})")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ["cv", "scierc"]:
        p = sub.add_parser(name)
        p.add_argument("--vectors", default=None)
        p.add_argument("--cfg", default=str(ts.CFG))
        p.add_argument("--work", default=f"/tmp/spans_eval_{name}")
        p.add_argument("--jobs", type=int, default=2)
        p.add_argument("--set", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"))
        if name == "cv":
            p.add_argument("--extra-train", default=None)
    p = sub.add_parser("dev")
    p.add_argument("model", nargs="?", default=str(ts.DEFAULT_OUT))
    p.add_argument("--pred", default="/tmp/spans_dev_pred.jsonl")
    p.add_argument("--show", type=int, default=15)
    p = sub.add_parser("speed")
    p.add_argument("model", nargs="?", default=str(ts.DEFAULT_OUT))
    a = ap.parse_args()
    if a.cmd == "cv":
        cmd_cv(a)
    elif a.cmd == "scierc":
        cmd_scierc(a)
    elif a.cmd == "dev":
        cmd_dev(a)
    else:
        wall, cpu, n = ts.measure_speed(a.model)
        print(f"speed {cpu:,.0f} tokens/s per CPU-second ({wall:,.0f} wall-clock) over {n} tokens, 1 thread")


if __name__ == "__main__":
    main()
