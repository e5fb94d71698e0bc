"""Stage benchmark: extraction (``kg.builder.extract_records``) at 1 and 2 workers.

The fast pipeline (``--fast``, no learned span model) runs at every size; the default pipeline
only up to ``--default-max`` (it is ~5x slower: 100,000 abstracts would take hours on 2 cores).
Times include building the pipeline in each process (what a build pays), so at small sizes the
pool's start-up outweighs the second core. The fast records of the
largest worker count are cached for the later stages.

Baseline: a bare ``spacy.blank("en")`` tokenizer pass over the same texts, one process.

    .venv/bin/python bench/stage_extract.py --sizes 1000 10000 100000 [--workers 1 2]
"""
from __future__ import annotations

import sys

from _common import Row, main_of, measure, papers, records_path, save_records, stage_cli, timed

BASELINE = 'spacy.blank("en") tokenizer pass'


def tokenizer_seconds(ps) -> float:
    import spacy
    from kg.extraction.pipeline import doc_text
    blank = spacy.blank("en")
    texts = [doc_text(p) for p in ps]
    return timed(lambda: [None for _ in blank.tokenizer.pipe(texts)])


def run_one(n: int, args) -> list[Row]:
    from kg.builder import extract_records
    ps = papers(n, args.cache)
    base = tokenizer_seconds(ps)
    rows = []
    pipelines = [("fast", True)] + ([("default", False)] if n <= args.default_max else [])
    for name, fast in pipelines:
        single = None
        for w in sorted(args.workers):
            recs, seconds, peak, added = measure(lambda: extract_records(ps, fast=fast, n_process=w))
            note = f"{w} worker{'s' if w > 1 else ''}"
            if single and w > 1:
                note += f", speed-up over 1 worker {single / seconds:.2f}x"
            single = seconds if w == 1 else single
            rows.append(Row(f"extract ({name})", n, len(ps), "abstracts", seconds, peak, added, BASELINE,
                            len(ps), base, note))
            if fast and w == max(args.workers) and not records_path(n, args.cache).exists():
                save_records(n, args.cache, recs)
            del recs
    return rows


run = stage_cli(__file__, __doc__, run_one)

if __name__ == "__main__":
    sys.exit(main_of(run))
