"""Benchmark: median latency of every question of the query pack, on both backends.

Not a test. Two graphs: the bundled corpus (default pipeline) and a large build (the first
``--papers`` abstracts of ../shared/corpora, fast pipeline, cached by bench/neo4j_load.py's
builder). For each graph the RDF export is loaded into the embedded pyoxigraph store and the
graph into the Neo4j from the environment (NEO4J_URI/USER/PASSWORD; THE DATABASE IS EMPTIED,
so a non-empty one needs ``--yes``). Each question runs ``--repeat`` times with its default
parameters after one warm-up run; the median is printed as a Markdown table. On the large
build the default paper ids of the bundled corpus match nothing, so those rows measure a miss.

    scripts/neo4j-local start && eval "$(scripts/neo4j-local env)"
    .venv/bin/python bench/query_pack.py --yes
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from neo4j_load import CORPUS, build_graph, log  # noqa: E402

from kg.querypack import load_pack, run_cypher, run_sparql  # noqa: E402
from loaders.neo4j_writer import Neo4jWriter, connect, db_counts, wipe  # noqa: E402
from loaders.rdf import write_rdf  # noqa: E402
from loaders.sparql import open_store  # noqa: E402


def median_ms(fn, repeat: int) -> tuple[float, int]:
    rows = len(fn())  # warm-up (plans, caches)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), rows


def measure(G, driver, pack, repeat: int, tmp: Path) -> dict[str, tuple]:
    rdf = tmp / "graph.ttl"
    write_rdf(G, rdf)
    store = open_store(rdf)
    wipe(driver)
    Neo4jWriter(driver).write(G)
    out = {}
    for name, q in pack.items():
        s_ms, s_rows = median_ms(lambda: run_sparql(store, q), repeat)
        c_ms, c_rows = median_ms(lambda: run_cypher(driver, q), repeat)
        out[name] = (s_ms, c_ms, s_rows, c_rows)
        log(f"{name}: sparql {s_ms:.1f} ms, neo4j {c_ms:.1f} ms")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=5000, help="abstracts in the large build")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "papergraph-bench")
    ap.add_argument("--yes", action="store_true", help="empty a non-empty database")
    args = ap.parse_args()
    import kg
    pack = load_pack()
    with connect(os.environ["NEO4J_URI"], os.environ["NEO4J_USER"], os.environ["NEO4J_PASSWORD"]) as driver:
        Neo4jWriter(driver).check()
        if any(db_counts(driver)[0].values()) and not args.yes:
            sys.exit("the database is not empty: pass --yes to let the benchmark empty it")
        graphs = {"bundled": kg.build().graph}
        if CORPUS.exists():
            graphs[f"{args.papers:,} abstracts"] = build_graph(CORPUS, args.papers, args.cache)
        results = {}
        with tempfile.TemporaryDirectory() as tmp:
            for label, G in graphs.items():
                log(f"{label}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} relationships")
                results[label] = measure(G, driver, pack, args.repeat, Path(tmp))
    header = "| question | " + " | ".join(f"{g}: SPARQL ms | {g}: Cypher ms | {g}: rows" for g in results) + " |"
    print(header)
    print("|" + "---|" * (1 + 3 * len(results)))
    for name in pack:
        cells = []
        for label in results:
            s_ms, c_ms, s_rows, c_rows = results[label][name]
            cells += [f"{s_ms:.1f}", f"{c_ms:.1f}", str(s_rows) if s_rows == c_rows else f"{s_rows}/{c_rows}"]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
