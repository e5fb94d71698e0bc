"""Stage benchmark: the query pack (``kg.querypack``, every question with its default parameters)
on the embedded pyoxigraph store loaded from the RDF export of the cached graph of the first N
abstracts; ``--repeat`` passes after one warm-up pass (Cypher latency: bench/query_pack.py).

Baseline: a trivial count query (``SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }``) run as often.

    .venv/bin/python bench/stage_queries.py --sizes 1000 10000 100000
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _common import Row, graph, main_of, measure, stage_cli, timed

BASELINE = "trivial count query"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }"


def passes(store, questions, repeat: int) -> int:
    from kg.querypack import run_sparql
    for _ in range(repeat):
        for q in questions:
            run_sparql(store, q)
    return repeat * len(questions)


def run_one(n: int, args) -> list[Row]:
    from kg.querypack import load_pack
    from loaders.rdf import write_rdf
    from loaders.sparql import open_store, query
    questions = list(load_pack().values())
    with tempfile.TemporaryDirectory(prefix="pg-bench-queries-") as tmp:
        write_rdf(graph(n, args.cache), Path(tmp) / "graph.ttl")
        store = open_store(Path(tmp) / "graph.ttl")
    passes(store, questions, 1)  # warm-up
    count = args.repeat * len(questions)
    base = timed(lambda: [query(store, COUNT) for _ in range(count)])
    done, seconds, peak, added = measure(lambda: passes(store, questions, args.repeat))
    note = f"{len(questions)} questions x {args.repeat}, SPARQL"
    return [Row("run query pack", n, done, "queries", seconds, peak, added, BASELINE, count, base, note)]


run = stage_cli(__file__, __doc__, run_one)

if __name__ == "__main__":
    sys.exit(main_of(run))
