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
import multiprocessing
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path

import spacy

from kg.builder import sample_corpus
from kg.extraction.pipeline import build_nlp, doc_text, extract_docs
from kg.extraction.tokenizer import empty_cache
from loaders.sources import make_paper, read_source

SHARED = Path(__file__).resolve().parents[2] / "shared"


def corpus(n: int):
    path = SHARED / "corpora" / "combined_ml_nlp_cv.jsonl.gz"
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return [make_paper(r["title"], r["abstract"], source="corpus") for r in map(json.loads, islice(fh, n))]
    papers = list(read_source(sample_corpus()))
    return (papers * (n // len(papers) + 1))[:n]


def paired_rates(fast: bool, n: int, repeat: int) -> tuple[float, float]:
    """(tokenizer, pipeline) abstracts/s, each the best of ``repeat`` passes, taken in turns.

    Runs in a fresh process (see ``measure``): a pipeline is measured as ``kg extract`` runs it,
    alone in its process, not after another pipeline and a quality build have filled the heap;
    and each pipeline pass is paired with a tokenizer pass made just before it, so a slow
    moment of the machine weighs on both sides of the ratio. Every pass starts with empty
    tokenizer caches, as a run over new abstracts does: the pipeline's tokenizer remembers more
    chunks than spaCy's default (``kg/extraction/tokenizer.py``), and a second pass over the same
    texts would find them all remembered.
    """
    papers = corpus(n)
    texts = [doc_text(p) for p in papers]
    blank = spacy.blank("en")
    nlp = build_nlp(fast=fast)
    list(extract_docs(nlp, papers[:20]))  # warm-up
    best_tok = best_pipe = float("inf")
    for _ in range(repeat):
        empty_cache(blank)
        t = time.perf_counter()
        for _ in blank.tokenizer.pipe(texts):
            pass
        best_tok = min(best_tok, time.perf_counter() - t)
        empty_cache(nlp)
        t = time.perf_counter()
        for _ in extract_docs(nlp, papers):
            pass
        best_pipe = min(best_pipe, time.perf_counter() - t)
    return len(papers) / best_tok, len(papers) / best_pipe


def measure(fast: bool, n: int, repeat: int) -> tuple[float, float]:
    """:func:`paired_rates` in a process of its own."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(paired_rates, fast, n, repeat).result()


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
    ap.add_argument("--repeat", type=int, default=5, help="passes per row; the best counts")
    a = ap.parse_args()
    rows, bases = [], []
    for name, fast in [("default pipeline", False), ("--fast (no learned model)", True)]:
        base, r = measure(fast, a.papers, a.repeat)
        bases.append(base)
        rows.append((name, r, r / base, quality(fast)))
    rows.insert(0, ("spacy.blank('en') tokenizer", max(bases), 1.0, ""))
    papers = corpus(a.papers)
    print(f"{len(papers)} abstracts, one process per pipeline, best of {a.repeat} passes each, tokenizer and "
          "pipeline passes taken in turns (each ratio is against the tokenizer passes of its own process)\n")
    print("| pipeline | abstracts/s | vs tokenizer | dev quality |")
    print("|---|---:|---:|---|")
    for name, r, ratio, q in rows:
        print(f"| {name} | {r:,.0f} | {ratio:.1%} | {q} |")


if __name__ == "__main__":
    main()
