"""Benchmark: batched ``UNWIND $rows ... MERGE`` loading against row-by-row MERGE, on a real Neo4j.

Not a test. It builds (``kg.build(..., fast=True)``) the first ``--papers`` abstracts of
``../shared/corpora/combined_ml_nlp_cv.jsonl.gz`` once and caches the graph; if that graph has
fewer than ``--min-relationships`` relationships it is replicated: copies of every Paper and
Result (ids suffixed ``~1``, ``~2``, ...) with their relationships, while entities stay shared,
as they would in a larger corpus. Then, in one run against the same server:

1. batched: wipe, schema, nodes, then every relationship with :class:`Neo4jWriter`;
2. row-by-row: wipe, nodes (batched), then the first ``--row-sample`` relationships one
   ``MERGE`` query (and one transaction) each, the same MATCH-on-label+id pattern.

It prints a Markdown table of relationships per second and the ratio.

THE DATABASE IS EMPTIED: a non-empty database needs ``--yes``.

    scripts/neo4j-local start && eval "$(scripts/neo4j-local env)"
    .venv/bin/python bench/neo4j_load.py --yes
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.errors import PapergraphError  # noqa: E402
from loaders.files import graph_to_data, read_graph_json  # noqa: E402
from loaders.neo4j_writer import (REL_PROPERTIES, Neo4jWriter, connect, db_counts,  # noqa: E402
                                  relationship_groups, wipe)

CORPUS = ROOT.parent / "shared" / "corpora" / "combined_ml_nlp_cv.jsonl.gz"
COPIED = ("Paper", "Result")  # per-paper nodes; everything else is a shared entity


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def build_graph(corpus: Path, papers: int, cache: Path) -> nx.MultiDiGraph:
    """The fast build of the first ``papers`` records of ``corpus``, cached as node-link JSON."""
    cached = cache / f"{corpus.name.split('.')[0]}-{papers}.graph.json"
    if cached.exists():
        log(f"reusing {cached}")
        return read_graph_json(cached)
    import kg
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "papers.jsonl"
        opener = gzip.open if corpus.suffix == ".gz" else open
        with opener(corpus, "rt", encoding="utf-8") as fin, open(src, "w", encoding="utf-8") as fout:
            for i, line in enumerate(fin):
                if i >= papers:
                    break
                fout.write(line)
        log(f"building the first {papers} papers of {corpus.name} (fast pipeline)...")
        t0 = time.perf_counter()
        b = kg.build([src], fast=True)
        log(f"built in {time.perf_counter() - t0:.0f}s: {b.graph.number_of_nodes()} nodes, "
            f"{b.graph.number_of_edges()} relationships")
    cached.write_text(json.dumps(graph_to_data(b.graph), ensure_ascii=False), encoding="utf-8")
    return b.graph


def replicate(G: nx.MultiDiGraph, min_relationships: int) -> tuple[nx.MultiDiGraph, int]:
    """``G`` plus copies of its Paper/Result nodes and their relationships, until big enough."""
    if G.number_of_edges() >= min_relationships:
        return G, 0
    copied = {n for n, d in G.nodes(data=True) if d.get("label") in COPIED}
    per_copy = [(u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if u in copied or v in copied]
    copies = math.ceil((min_relationships - G.number_of_edges()) / len(per_copy))
    H = G.copy()
    for c in range(1, copies + 1):
        ren = {n: f"{n}~{c}" for n in copied}
        for n in copied:
            H.add_node(ren[n], **{**G.nodes[n], "id": ren[n]})
        for u, v, k, d in per_copy:
            H.add_edge(ren.get(u, u), ren.get(v, v), key=k, **d)
    return H, copies


def row_by_row(driver, database, G: nx.MultiDiGraph, n: int) -> tuple[int, float]:
    """The first ``n`` relationships of ``G``, one auto-commit MERGE query each."""
    primary = {node: d["label"] for node, d in G.nodes(data=True)}
    groups = relationship_groups(G)  # the same validated rows the batched loader sends
    by_edge = {(row[0], row[1], rel): row for (rel, _, _), rows in groups.items() for row in rows}
    sets = ", ".join(f"r.{name} = $p[{i}]" for i, name in enumerate(REL_PROPERTIES))
    todo = list(G.edges(keys=True))[:n]
    t0 = time.perf_counter()
    with driver.session(database=database) as session:
        for u, v, rel in todo:
            row = by_edge[(u, v, rel)]
            # labels and type come from the closed sets checked by relationship_groups
            query = (f"MATCH (a:{primary[u]} {{id: $source}}) MATCH (b:{primary[v]} {{id: $target}}) "
                     f"MERGE (a)-[r:{rel}]->(b) SET {sets}")
            session.run(query, source=u, target=v, p=row[2:2 + len(REL_PROPERTIES)]).consume()
    return len(todo), time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--papers", type=int, default=10_000, help="first N abstracts of the corpus (default 10000)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--graph", type=Path, help="use this build directory or graph.json instead of building")
    ap.add_argument("--min-relationships", type=int, default=100_000,
                    help="replicate papers until the graph has this many relationships (default 100000)")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "papergraph-bench")
    ap.add_argument("--batch-size", type=int, default=5000)
    ap.add_argument("--row-sample", type=int, default=3000, help="relationships loaded row by row (default 3000)")
    ap.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://localhost:7687"))
    ap.add_argument("--user", default=os.environ.get("NEO4J_USER", "neo4j"))
    ap.add_argument("--password", default=os.environ.get("NEO4J_PASSWORD"))
    ap.add_argument("--database", default=os.environ.get("NEO4J_DATABASE"))
    ap.add_argument("--yes", action="store_true", help="empty a non-empty database without asking")
    args = ap.parse_args(argv)
    if not args.password:
        ap.error("no password: --password or NEO4J_PASSWORD")

    try:
        if args.graph:
            G = read_graph_json(args.graph)
            source = str(args.graph)
        else:
            if not args.corpus.exists():
                ap.error(f"{args.corpus} not found; give --corpus or --graph")
            G = build_graph(args.corpus, args.papers, args.cache)
            source = f"first {args.papers} papers of {args.corpus.name} (fast build)"
        base_rels = G.number_of_edges()
        G, copies = replicate(G, args.min_relationships)
        if copies:
            source += f", {base_rels} relationships, Papers/Results replicated x{copies + 1}"
        n_nodes, n_rels = G.number_of_nodes(), G.number_of_edges()
        log(f"graph: {n_nodes} nodes, {n_rels} relationships")

        with connect(args.uri, args.user, args.password) as driver:
            writer = Neo4jWriter(driver, database=args.database, batch_size=args.batch_size)
            version = writer.check()
            labels, _ = db_counts(driver, args.database)
            if labels and not args.yes:
                log(f"the database is not empty ({sum(labels.values())} nodes): rerun with --yes to empty it")
                return 2
            wipe(driver, args.database)
            writer.create_schema()

            log("batched: nodes...")
            t0 = time.perf_counter()
            writer.write_nodes(G)
            t_nodes = time.perf_counter() - t0
            log("batched: relationships...")
            t0 = time.perf_counter()
            writer.write_relationships(G)
            t_rels = time.perf_counter() - t0
            in_db = sum(db_counts(driver, args.database)[1].values())
            if in_db != n_rels:
                log(f"WARNING: {in_db} relationships in the database, {n_rels} in the graph")

            log("row-by-row: nodes (batched) then relationships one by one...")
            wipe(driver, args.database)
            writer.write_nodes(G)
            n_row, t_row = row_by_row(driver, args.database, G, args.row_sample)
    except PapergraphError as err:
        log(f"error: {err}")
        return 1

    batched_rate = n_rels / t_rels
    row_rate = n_row / t_row
    ratio = batched_rate / row_rate
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nNeo4j {version} at {args.uri}; {source}; {os.cpu_count()} CPUs, load average {load}\n")
    print("| loader | relationships | seconds | relationships/s |")
    print("|---|---:|---:|---:|")
    print(f"| batched `UNWIND $rows … MERGE` ({args.batch_size} rows/tx) | {n_rels:,} | {t_rels:.2f} | "
          f"{batched_rate:,.0f} |")
    print(f"| row-by-row `MERGE` (1 query and tx per relationship) | {n_row:,} | {t_row:.2f} | {row_rate:,.0f} |")
    print(f"| **batched / row-by-row** | | | **{ratio:.1f}x** |")
    print(f"\nnodes (batched): {n_nodes:,} in {t_nodes:.2f}s ({n_nodes / t_nodes:,.0f}/s); "
          f"whole batched load {n_nodes + n_rels:,} items in {t_nodes + t_rels:.2f}s")
    ok = batched_rate >= 20_000 and ratio >= 20
    print(f"targets (>= 20,000 relationships/s and >= 20x): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
