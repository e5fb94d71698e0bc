"""Extraction speed against a bare ``spacy.blank("en")`` tokenizer pass over the same texts.

Prints abstracts per second for the tokenizer baseline, the default pipeline and ``--fast``
mode, each as a ratio of the baseline measured in the same run (issue targets: default >= 2%,
fast >= 20%), and the quality of both modes on the dev gold when ../shared is present.

    python bench/extract_speed.py [--papers 2000]
"""
from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from itertools import islice
from pathlib import Path

import spacy

from kg.builder import sample_corpus
from kg.extraction.pipeline import build_nlp, doc_text, extract_docs
from loaders.sources import make_paper, read_source

SHARED = Path(__file__).resolve().parents[2] / "shared"


def corpus(n: int):
    path = SHARED / "corpora" / "combined_ml_nlp_cv.jsonl.gz"
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return [make_paper(r["title"], r["abstract"], source="corpus") for r in map(json.loads, islice(fh, n))]
    papers = list(read_source(sample_corpus()))
    return (papers * (n // len(papers) + 1))[:n]


def rate(fn, papers, repeat: int = 3) -> float:
    """Best of ``repeat`` passes (every row gets the same treatment, so a cold first pass or a
    busy moment of the machine does not decide the ratio)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn(papers)
        best = min(best, time.perf_counter() - t)
    return len(papers) / best


def quality(fast: bool) -> str:
    gold = SHARED / "gold" / "dev.jsonl"
    if not gold.exists():
        return "n/a"
    from kg.builder import build
    from kg.evaluate import evaluate
    b = build(fast=fast)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for t in b.triples:
            fh.write(t.model_dump_json() + "\n")
    d = evaluate(gold, fh.name).as_dict()
    return f"F1 {d['all']['f1']:.3f}, named recall {d['named(recall)']['r']:.3f}, roles {d['role_accuracy']:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3, help="passes per row; the best counts")
    a = ap.parse_args()
    papers = corpus(a.papers)
    blank = spacy.blank("en")
    texts = [doc_text(p) for p in papers]
    base = rate(lambda ps: [None for _ in blank.tokenizer.pipe(texts)], papers, a.repeat)
    rows = [("spacy.blank('en') tokenizer", base, 1.0, "")]
    for name, fast in [("default pipeline", False), ("--fast (no learned model)", True)]:
        nlp = build_nlp(fast=fast)
        list(extract_docs(nlp, papers[:20]))  # warm-up
        r = rate(lambda ps: [None for _ in extract_docs(nlp, ps)], papers, a.repeat)
        rows.append((name, r, r / base, quality(fast)))
    print(f"{len(papers)} abstracts, one process, best of {a.repeat} passes\n")
    print("| pipeline | abstracts/s | vs tokenizer | dev quality |")
    print("|---|---:|---:|---|")
    for name, r, ratio, q in rows:
        print(f"| {name} | {r:,.0f} | {ratio:.1%} | {q} |")


if __name__ == "__main__":
    main()
