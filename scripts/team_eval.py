#!/usr/bin/env python3
"""Score the shipped pipeline on the abstracts the team annotated (scripts/annotations).

No shipped artifact has seen these abstracts (the span classifier, priors and gate are trained
on shared/training only), so this is a held-out figure of the pipeline as shipped, on a sample
no rule was written from. The "inspect" part (team1-3) may be read for errors with ``--show``;
the "blind" part (team4-6) is only ever scored, so that one figure stays untouched by what
was learned from the other.

  python scripts/team_eval.py [--fast] [--show 30]
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout as ho  # noqa: E402
import training_data as td  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fast", action="store_true", help="score the --fast pipeline")
    ap.add_argument("--show", type=int, default=0, help="most frequent misses of the inspect part")
    ap.add_argument("--work", default="/tmp/pg/team_eval")
    a = ap.parse_args()
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    score = ho._scorer()
    mode = "fast" if a.fast else "default"
    for part in td.TEAM_PARTS:
        recs = td.load_team(part)
        gold = ho.gold_file(recs, work / f"{part}_gold.jsonl")
        pred = ho.run_pipeline(recs, work / f"{part}_{mode}.jsonl", fast=a.fast, model=None, priors=None)
        acc: dict = {}
        ho.totals(score, gold, pred, acc)
        ho.report(score, f"team {part} {mode}", acc, a.show if part == "inspect" else 0)


if __name__ == "__main__":
    main()
