"""Stage benchmark: RDF export (``loaders.rdf.write_rdf``, Turtle as a build writes it, and
N-Triples) of the cached graph of the first N abstracts.

Baseline: writing the same triples as already formatted N-Triples lines (the I/O floor; the
lines are made before the clock starts).

    .venv/bin/python bench/stage_rdf.py --sizes 1000 10000 100000
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _common import Row, graph, main_of, measure, stage_cli, timed

BASELINE = "plain N-Triples write of the same triples"


def plain_write(lines: list[str], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(lines)


def run_one(n: int, args) -> list[Row]:
    from loaders.rdf import generate_ntriples, iter_triples, write_rdf
    G = graph(n, args.cache)
    rows = []
    with tempfile.TemporaryDirectory(prefix="pg-bench-rdf-") as tmp:
        lines = list(generate_ntriples(iter_triples(G)))
        base = timed(lambda: plain_write(lines, Path(tmp) / "plain.nt"))
        count = len(lines)
        del lines
        for fmt, ext in (("turtle", "ttl"), ("nt", "nt")):
            written, seconds, peak, added = measure(lambda: write_rdf(G, Path(tmp) / f"g.{ext}", fmt=fmt))
            rows.append(Row(f"export RDF ({fmt})", n, written, "RDF triples", seconds, peak, added, BASELINE,
                            count, base))
    return rows


run = stage_cli(__file__, __doc__, run_one)

if __name__ == "__main__":
    sys.exit(main_of(run))
