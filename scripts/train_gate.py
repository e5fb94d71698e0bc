#!/usr/bin/env python3
"""Train the entity gate (kg/extraction/gate.py) and measure it on held-out folds.

Stacking over the 5 training folds of scripts/heldout.py: for fold k the pipeline runs on the
held-out abstracts with priors and span classifier built from the other folds, the gate switched
off, and every entity group's features recorded; a group is positive when one of its forms
matches a gold entity of its family (shared/tools/score.py normalisation). A logistic
regression (numpy, L2) is trained on the recorded groups; its threshold maximises F1 under an
inner cross-validation.

  python scripts/train_spanclf.py folds --work /tmp/pg/cv_spanclf  # fold span classifiers (once)
  python scripts/train_gate.py eval  [--models /tmp/pg/cv_spanclf]  # nested: held-out F1 with the gate, per mode
  python scripts/train_gate.py train [--models /tmp/pg/cv_spanclf]  # write kg/data/models/gate.json
  python scripts/train_gate.py compare DIR1 DIR2 ...                # threshold-free: the eval work dirs' gates

Never reads ../shared/eval or the dev gold for training; dev is only measured.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import pickle
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402

import heldout as ho  # noqa: E402
import training_data as td  # noqa: E402
from build_priors import compute_priors  # noqa: E402

OUT = HERE.parent / "kg" / "data" / "models" / "gate.json"
FAMILY = {"Method": "Method", "Dataset": "Data", "Benchmark": "Data", "Task": "Task", "Metric": "Metric"}
MIN_COUNT = 3
L2 = 3.0


# ---------------------------------------------------------------- data

def collect(models: Path, fast: bool, cache: Path) -> list[list[dict]]:
    """Per fold: examples {feats, y, paper} of the held-out abstracts (gate off)."""
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    score = ho._scorer()
    recs = td.load_training()
    folds = td.kfold(len(recs), 5, 0)
    out = []
    for k, fold in enumerate(folds):
        held = set(fold)
        train = [recs[j] for j in range(len(recs)) if j not in held]
        test = [recs[j] for j in fold]
        priors = compute_priors([(r["text"], r["entities"]) for r in train])
        rec: list = []
        ho.run_pipeline(test, None, fast=fast, model=models / f"fold{k}_spanclf.npz", priors=priors,
                        gate=None, record=rec)
        ex = []
        for r, (paper, groups) in zip(test, rec):
            gold = [(FAMILY.get(e["type"]), {score.norm(x) for x in [e["name"], *e.get("aliases", [])]})
                    for e in r["entities"]]
            for etype, forms, feats in groups:
                nf = {score.norm(x) for x in forms if score.norm(x)}
                y = any(fam == FAMILY.get(etype) and gf & nf for fam, gf in gold)
                gfam = next((fam for fam, gf in gold if gf & nf), None)
                ex.append({"feats": feats, "y": int(y), "paper": r["id"], "etype": etype, "forms": forms,
                           "gfam": gfam})
        out.append(ex)
        print(f"fold {k}: {len(ex)} groups, {sum(e['y'] for e in ex)} positive", flush=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(out))
    return out


# ---------------------------------------------------------------- model

def fit(examples: list[dict], l2: float | None = None) -> dict[str, float]:
    l2 = L2 if l2 is None else l2
    counts = Counter(k for e in examples for k in e["feats"])
    names = sorted(k for k, n in counts.items() if n >= MIN_COUNT or k == "bias")
    index = {k: i for i, k in enumerate(names)}
    X = np.zeros((len(examples), len(names)))
    for r, e in enumerate(examples):
        for k, v in e["feats"].items():
            if k in index:
                X[r, index[k]] = v
    y = np.array([e["y"] for e in examples], dtype=float)
    w = np.zeros(len(names))
    reg = np.full(len(names), l2)
    reg[index["bias"]] = 0.0
    # Newton's method (IRLS): a few dozen features × a few thousand rows converge in ~10 steps
    for _ in range(25):
        z = np.clip(X @ w, -30, 30)
        p = 1 / (1 + np.exp(-z))
        grad = X.T @ (p - y) + reg * w
        H = (X * (p * (1 - p))[:, None]).T @ X + np.diag(reg + 1e-6)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return {k: float(w[i]) for k, i in index.items() if abs(w[i]) > 1e-4}


def predict(weights: dict[str, float], feats: dict[str, float]) -> float:
    z = sum(weights.get(k, 0.0) * v for k, v in feats.items())
    return 1 / (1 + math.exp(-max(-30, min(30, z))))


def best_threshold(scored: list[tuple[float, int]], n_missed_gold: int) -> float:
    """Threshold maximising F1 = 2TP / (pred + gold); gold = positives + gold nobody proposed."""
    n_gold = sum(y for _, y in scored) + n_missed_gold
    best, best_t = -1.0, 0.5
    for t in [x / 100 for x in range(5, 80)]:
        f = f1_at(scored, t, n_gold)
        if f > best:
            best, best_t = f, t
    return best_t


def f1_at(scored: list[tuple[float, int]], t: float, n_gold: int) -> float:
    """Group-level F1 = 2TP / (pred + gold) of the groups scored ``t`` or more."""
    tp = sum(y for s, y in scored if s >= t)
    npred = sum(1 for s, _ in scored if s >= t)
    return 2 * tp / (npred + n_gold) if npred + n_gold else 0


def nested_scores(folds: list[list[dict]]) -> list[tuple[float, int]]:
    """(score, label) of every group, each scored by weights fitted on the other folds."""
    scored = []
    for i in range(len(folds)):
        w = fit([e for j, f in enumerate(folds) if j != i for e in f])
        scored += [(predict(w, e["feats"]), e["y"]) for e in folds[i]]
    return scored


def train_with_threshold(folds: list[list[dict]], missed: list[int]) -> tuple[dict, float]:
    """Weights on all given folds; threshold from an inner cross-validation over them."""
    t = best_threshold(nested_scores(folds), sum(missed))
    return fit([e for f in folds for e in f]), t


def missed_gold(fold_examples: list[dict], k: int) -> int:
    """Gold entities of fold k that no group matched (they bound recall whatever the gate does)."""
    recs = td.load_training()
    folds = td.kfold(len(recs), 5, 0)
    n_gold = sum(len(recs[j]["entities"]) for j in folds[k])
    return max(0, n_gold - sum(e["y"] for e in fold_examples))


# ---------------------------------------------------------------- commands

def cmd_eval(a):
    from kg.extraction.gate import Gate
    score = ho._scorer()
    recs = td.load_training()
    folds_idx = td.kfold(len(recs), 5, 0)
    for fast in ([True] if a.only_fast else [False] if a.only_default else [False, True]):
        mode = "fast" if fast else "default"
        data = collect(Path(a.models), fast, Path(a.work) / f"gate_{mode}.pkl")
        missed = [missed_gold(data[k], k) for k in range(5)]
        acc: dict = {}
        for k in range(5):
            others = [data[j] for j in range(5) if j != k]
            w, t = train_with_threshold(others, [missed[j] for j in range(5) if j != k])
            held = set(folds_idx[k])
            train = [recs[j] for j in range(len(recs)) if j not in held]
            test = [recs[j] for j in folds_idx[k]]
            priors = compute_priors([(r["text"], r["entities"]) for r in train])
            g = ho.gold_file(test, Path(a.work) / f"fold{k}_gold.jsonl")
            p = ho.run_pipeline(test, Path(a.work) / f"fold{k}_{mode}_gate.jsonl", fast=fast,
                                model=Path(a.models) / f"fold{k}_spanclf.npz", priors=priors, gate=Gate(w, t))
            ho.totals(score, g, p, acc)
            print(f"  fold {k}: threshold {t:.2f}, {len(w)} weights", flush=True)
        ho.report(score, f"held-out {mode} +gate", acc, a.show)


def cmd_compare(a):
    """Threshold-free comparison of the recorded groups of several work dirs (e.g. two feature
    sets): nested 5-fold log-loss of the gate, its best group-level F1 and its mean F1 over the
    thresholds the inner CV usually picks. Less noisy than the held-out F1 of ``eval``, whose
    chosen threshold jumps between 0.28 and 0.38."""
    for d in a.dirs:
        for mode in ["fast"] if a.only_fast else ["default"] if a.only_default else ["default", "fast"]:
            path = Path(d) / f"gate_{mode}.pkl"
            if not path.exists():
                continue
            data = pickle.loads(path.read_bytes())
            n_gold = sum(e["y"] for f in data for e in f) + sum(missed_gold(data[k], k) for k in range(5))
            scored = nested_scores(data)
            loss = -sum(math.log(max(1e-9, p if y else 1 - p)) for p, y in scored) / len(scored)
            f1 = {t: f1_at(scored, t, n_gold) for t in [x / 100 for x in range(20, 46, 2)]}
            band = [v for t, v in f1.items() if 0.26 <= t <= 0.40]
            print(f"{d} {mode}: log-loss {loss:.4f}  best F1 {max(f1.values()):.4f}  mean F1 (0.26-0.40) "
                  f"{sum(band) / len(band):.4f}")


def cmd_train(a):
    out = {}
    for fast in [False, True]:
        mode = "fast" if fast else "default"
        data = collect(Path(a.models), fast, Path(a.work) / f"gate_{mode}.pkl")
        missed = [missed_gold(data[k], k) for k in range(5)]
        w, t = train_with_threshold(data, missed)
        out[mode] = {"threshold": t, "weights": {k: round(v, 4) for k, v in sorted(w.items())}}
        print(f"{mode}: threshold {t:.2f}, {len(w)} weights; top:",
              sorted(w.items(), key=lambda kv: -abs(kv[1]))[:15])
    OUT.write_text(json.dumps(out, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e3:.0f} kB)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["eval", "train", "compare"])
    ap.add_argument("dirs", nargs="*", help="compare: work dirs whose recorded groups to compare")
    ap.add_argument("--models", default="/tmp/pg/cv_spanclf")
    ap.add_argument("--work", default="/tmp/pg_gate_work", help="caches the recorded features: use a fresh dir after pipeline changes")
    ap.add_argument("--only-fast", action="store_true")
    ap.add_argument("--only-default", action="store_true")
    ap.add_argument("--show", type=int, default=0)
    a = ap.parse_args()
    Path(a.work).mkdir(parents=True, exist_ok=True)
    {"eval": cmd_eval, "train": cmd_train, "compare": cmd_compare}[a.cmd](a)


if __name__ == "__main__":
    main()
