#!/usr/bin/env python3
"""Held-out protocol for the whole extraction pipeline.

5-fold over the 320 training abstracts (``training_data.kfold(320, 5, seed 0)``). For fold k
everything learned from the training annotations is rebuilt from the other four folds — the
annotation priors (``scripts/build_priors.py``: learned lexicon, rarely-marked names, preferred
types) and the span classifier — and the full pipeline (``kg extract``'s code path:
extraction, resolution) runs on the held-out abstracts, scored by ``shared/tools/score.py``.
Dev is scored with the shipped artifacts. The shipped entity gate was trained on all folds, so
its figures here flatter it; ``scripts/train_gate.py eval`` retrains it per fold (nested).

  # fold span classifiers (once per model config)
  python scripts/train_spanclf.py folds --work /tmp/pg/cv_spanclf
  # full pipeline on the held-out folds (default and --fast) and on dev
  python scripts/heldout.py --models /tmp/pg/cv_spanclf [--fast] [--show 30]

``--models DIR`` holds ``fold{k}_spanclf.npz`` per fold (as written by train_spanclf.py folds).
Never reads ../shared/eval.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import training_data as td  # noqa: E402
from build_priors import compute_priors  # noqa: E402


def _scorer():
    spec = importlib.util.spec_from_file_location("pg_score", td.SHARED / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def gold_file(recs: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf8") as fh:
        for r in recs:
            fh.write(json.dumps({"id": r["id"], "title": r["title"], "entities": r["entities"],
                                 "modalities": r.get("modalities", [])}) + "\n")
    return path


_KEEP = object()


def run_pipeline(recs: list[dict], out: Path | None, *, fast: bool, model: Path | None, priors: dict | None,
                 gate=_KEEP, record: list | None = None) -> Path | None:
    """The ``kg extract`` code path on ``recs`` with the given span model, priors and entity gate
    (``gate=None`` switches the gate off; ``record`` collects every entity group's gate features)."""
    import kg.extraction.pipeline as pl
    import kg.extraction.priors as pr
    from kg.builder import assemble
    from kg.extraction.pipeline import build_nlp, extract_docs
    from kg.model import Paper

    saved_load, saved_path = pr.load_priors, pl.learned_model_path
    try:
        if priors is not None:
            pr.load_priors = lambda: priors
        if model is not None:
            pl.learned_model_path = lambda: Path(model)
        papers = []
        for r in recs:
            title, abstract = r["text"].split("\n\n", 1)
            papers.append(Paper(id=r.get("id") or title, title=title, abstract=abstract))
        nlp = build_nlp(fast=fast)
        tb = nlp.get_pipe("papergraph_triples")
        if gate is not _KEEP:
            tb.gate = gate
        tb.record = record is not None
        triples, results = [], []
        for p, d in zip(papers, extract_docs(nlp, papers)):
            triples += d._.triples
            results += d._.results
            if record is not None:
                record.append((p, d.user_data.get("pg_gate", [])))
        b = assemble([], papers, triples, results, [])
    finally:
        pr.load_priors, pl.learned_model_path = saved_load, saved_path
    if out is None:
        return None
    with open(out, "w", encoding="utf8") as fh:
        for t in b.triples:
            fh.write(json.dumps(t.model_dump(mode="json")) + "\n")
    return out


def totals(score, gold_path: Path, pred_path: Path, acc: dict):
    gold = score.load_gold(str(gold_path))
    pred, mods = score.load_pred(str(pred_path))
    buckets, (rok, rn), _, misses, spurious = score.score(gold, pred, mods)
    for name, v in buckets.items():
        a = acc.setdefault(name, [0, 0, 0])
        for i in range(3):
            a[i] += v[i]
    acc.setdefault("_role", [0, 0])
    acc["_role"][0] += rok
    acc["_role"][1] += rn
    for k, n in misses.items():
        acc.setdefault("_miss", defaultdict(int))[k] += n
    for k, n in spurious.items():
        acc.setdefault("_spur", defaultdict(int))[k] += n


def report(score, label: str, acc: dict, show: int = 0) -> dict:
    out = {}
    for name in ["all", "Method", "Data", "Task", "Metric", "named(recall)"]:
        tp, npred, ngold = acc.get(name, [0, 0, 0])
        out[name] = score.prf(tp, npred, ngold)
    rok, rn = acc.get("_role", [0, 0])
    p, r, f = out["all"]
    fam = "  ".join(f"{k} {out[k][2]:.3f}" for k in ["Method", "Data", "Task", "Metric"])
    print(f"{label:24s} F1 {f:.3f} (P {p:.3f} R {r:.3f})  named R {out['named(recall)'][1]:.3f}  "
          f"roles {rok / rn if rn else 0:.3f}  | {fam}", flush=True)
    if show:
        print("  most missed:", sorted(acc["_miss"].items(), key=lambda x: -x[1])[:show])
        print("  most spurious:", sorted(acc["_spur"].items(), key=lambda x: -x[1])[:show])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="/tmp/pg/cv_spanclf", help="dir with fold{k}_spanclf.npz")
    ap.add_argument("--fast", action="store_true", help="also score the --fast pipeline")
    ap.add_argument("--only-fast", action="store_true")
    ap.add_argument("--no-dev", action="store_true")
    ap.add_argument("--work", default="/tmp/pg/heldout")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--folds", default="0,1,2,3,4")
    a = ap.parse_args()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    score = _scorer()
    recs = td.load_training()
    folds = td.kfold(len(recs), 5, 0)
    modes = ([] if a.only_fast else [False]) + ([True] if a.fast or a.only_fast else [])
    for fast in modes:
        acc: dict = {}
        for k in [int(x) for x in a.folds.split(",")]:
            held = set(folds[k])
            train = [recs[j] for j in range(len(recs)) if j not in held]
            test = [recs[j] for j in folds[k]]
            priors = compute_priors([(r["text"], r["entities"]) for r in train])
            model = Path(a.models) / f"fold{k}_spanclf.npz"
            tag = "fast" if fast else "default"
            g = gold_file(test, work / f"fold{k}_gold.jsonl")
            p = run_pipeline(test, work / f"fold{k}_{tag}.jsonl", fast=fast, model=model, priors=priors)
            totals(score, g, p, acc)
        report(score, f"held-out {'fast' if fast else 'default'}", acc, a.show)
        if not a.no_dev:
            dev = td.load_dev()
            dacc: dict = {}
            p = run_pipeline(dev, work / f"dev_{'fast' if fast else 'default'}.jsonl", fast=fast, model=None,
                             priors=None)
            totals(score, td.DEV_GOLD, p, dacc)
            report(score, f"dev {'fast' if fast else 'default'}", dacc, a.show)


if __name__ == "__main__":
    main()
