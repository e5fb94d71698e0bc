"""Stage benchmark: reading and deduplicating the first N abstracts (``kg.builder.read_papers``).

Baseline: reading the same JSON Lines file line by line with ``json.loads`` (no validation, no
deduplication): the parsing floor.

    .venv/bin/python bench/stage_read.py --sizes 1000 10000 100000
"""
from __future__ import annotations

import json
import sys

from _common import Row, corpus_slice, main_of, measure, stage_cli, timed

BASELINE = "raw line read + json.loads of the same file"


def run_one(n: int, args) -> list[Row]:
    from kg.builder import read_papers
    path = corpus_slice(n, args.cache)

    def raw():
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh]

    base = timed(raw)
    papers, seconds, peak, added = measure(lambda: read_papers([path], on_error=lambda err: None))
    return [Row("read", n, len(papers), "abstracts", seconds, peak, added, BASELINE, n, base)]


run = stage_cli(__file__, __doc__, run_one)

if __name__ == "__main__":
    sys.exit(main_of(run))
