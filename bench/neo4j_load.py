"""Benchmark: batched ``UNWIND $rows ... MERGE`` loading against row-by-row MERGE, on a real Neo4j.

Not a test. It builds (``kg.build(..., fast=True)``) the first ``--papers`` abstracts of
``../shared/corpora/combined_ml_nlp_cv.jsonl.gz`` once and caches the graph; if that graph has
fewer than ``--min-relationships`` relationships it is replicated: copies of every Paper and
Result (ids suffixed ``~1``, ``~2``, ...) with their relationships, while entities stay shared,
as they would in a larger corpus. Then, in one run against the same server:

1. batched: wipe, schema, nodes, then every relationship with :class:`Neo4jWriter` (its default
   batch size and writer sessions unless ``--batch-size`` / ``--workers`` say otherwise);
2. row-by-row: wipe, nodes (batched), then the first ``--row-sample`` relationships one
   ``MERGE`` query (and one transaction) each, the same MATCH-on-label+id pattern.

Both run ``--repeat`` times (default 3), alternating, and the best round of each counts: on a
shared machine other load only ever slows a round down. It prints a Markdown table of
relationships per second and the ratio, and the CPU seconds the batched load cost the local
server (``scripts/neo4j-local``) and this client, i.e. the rate an otherwise idle core gives.

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
from loaders.neo4j_writer import (DEFAULT_BATCH_SIZE, DEFAULT_WORKERS, Neo4jWriter,  # noqa: E402
                                  connect, db_counts, relationship_groups, wipe)

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


def server_pid() -> int | None:
    """The pid of the local server of scripts/neo4j-local, when it runs on this machine."""
    home = Path(os.environ.get("NEO4J_LOCAL_HOME", ROOT / ".neo4j-local"))
    try:
        pid = int((home / "neo4j.pid").read_text().strip())
        Path(f"/proc/{pid}/stat").read_text()
        return pid
    except (OSError, ValueError):
        return None


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of process ``pid`` (0 when unknown)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def row_by_row(driver, database, G: nx.MultiDiGraph, n: int) -> tuple[int, float]:
    """The first ``n`` relationships of ``G``, one auto-commit MERGE query each."""
    groups = relationship_groups(G)  # the same validated rows the batched loader sends
    by_edge = {(row[0], row[1], key[0]): (key, row) for key, rows in groups.items() for row in rows}
    todo = list(G.edges(keys=True))[:n]
    t0 = time.perf_counter()
    with driver.session(database=database) as session:
        for u, v, rel in todo:
            (rel, start, end, names, extras), row = by_edge[(u, v, rel)]
            # the batched query's shape, one row: labels, type and names from the closed sets
            sets = [f"r.{name} = $p[{i}]" for i, name in enumerate(names)]
            if extras:
                sets.append(f"r += $p[{len(names)}]")
            query = (f"MATCH (a:{start} {{id: $source}}) MATCH (b:{end} {{id: $target}}) "
                     f"MERGE (a)-[r:{rel}]->(b)" + (f" SET {', '.join(sets)}" if sets else ""))
            session.run(query, source=u, target=v, p=row[2:]).consume()
    return len(todo), time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--papers", type=int, default=10_000, help="first N abstracts of the corpus (default 10000)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--graph", type=Path, help="use this build directory or graph.json instead of building")
    ap.add_argument("--min-relationships", type=int, default=100_000,
                    help="replicate papers until the graph has this many relationships (default 100000)")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "papergraph-bench")
    ap.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    ap.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="writer sessions for relationships")
    ap.add_argument("--row-sample", type=int, default=3000, help="relationships loaded row by row (default 3000)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds of both loaders; the best of each counts")
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
            writer = Neo4jWriter(driver, database=args.database, batch_size=args.batch_size, workers=args.workers)
            version = writer.check()
            labels, _ = db_counts(driver, args.database)
            if labels and not args.yes:
                log(f"the database is not empty ({sum(labels.values())} nodes): rerun with --yes to empty it")
                return 2
            wipe(driver, args.database)
            writer.create_schema()

            pid = server_pid()
            rounds = []  # (t_nodes, t_rels, cpu_server, cpu_client, t_row) per round
            for r in range(1, args.repeat + 1):
                log(f"round {r}/{args.repeat}: batched nodes and relationships...")
                wipe(driver, args.database)
                t0 = time.perf_counter()
                writer.write_nodes(G)
                t_nodes = time.perf_counter() - t0
                s0, c0, t0 = cpu_seconds(pid), time.process_time(), time.perf_counter()
                writer.write_relationships(G)
                t_rels = time.perf_counter() - t0
                cpu_server, cpu_client = cpu_seconds(pid) - s0, time.process_time() - c0
                in_db = sum(db_counts(driver, args.database)[1].values())
                if in_db != n_rels:
                    log(f"WARNING: {in_db} relationships in the database, {n_rels} in the graph")
                log(f"round {r}/{args.repeat}: row-by-row ({args.row_sample} relationships)...")
                wipe(driver, args.database)
                writer.write_nodes(G)
                n_row, t_row = row_by_row(driver, args.database, G, args.row_sample)
                rounds.append((t_nodes, t_rels, cpu_server, cpu_client, t_row))
                log(f"round {r}: batched {n_rels / t_rels:,.0f}/s, row-by-row {n_row / t_row:,.0f}/s")
    except PapergraphError as err:
        log(f"error: {err}")
        return 1

    # best of the rounds for each loader: the machine may be shared, and noise only ever slows
    t_nodes, t_rels, cpu_server, cpu_client, _ = min(rounds, key=lambda x: x[1])
    t_row = min(x[4] for x in rounds)
    batched_rate = n_rels / t_rels
    row_rate = n_row / t_row
    ratio = batched_rate / row_rate
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    try:
        from neo4j._codec.packstream import v1 as _packstream
        rust = "with" if getattr(_packstream, "_rust_pack", None) else "without"
    except ImportError:  # private module: only informative
        rust = "unknown:"
    source += f"; driver {rust} neo4j-rust-ext"
    print(f"\nNeo4j {version} at {args.uri}; {source}; {os.cpu_count()} CPUs, load average {load}\n")
    if args.repeat > 1:
        print(f"best of {args.repeat} rounds; every round, relationships/s: batched "
              + ", ".join(f"{n_rels / x[1]:,.0f}" for x in rounds) + "; row-by-row "
              + ", ".join(f"{n_row / x[4]:,.0f}" for x in rounds) + "\n")
    print("| loader | relationships | seconds | relationships/s |")
    print("|---|---:|---:|---:|")
    print(f"| batched `UNWIND $rows … MERGE` ({args.batch_size} rows/tx, {args.workers} sessions) | {n_rels:,} | {t_rels:.2f} | "
          f"{batched_rate:,.0f} |")
    print(f"| row-by-row `MERGE` (1 query and tx per relationship) | {n_row:,} | {t_row:.2f} | {row_rate:,.0f} |")
    print(f"| **batched / row-by-row** | | | **{ratio:.1f}x** |")
    print(f"\nnodes (batched): {n_nodes:,} in {t_nodes:.2f}s ({n_nodes / t_nodes:,.0f}/s); "
          f"whole batched load {n_nodes + n_rels:,} items in {t_nodes + t_rels:.2f}s")
    if pid is not None:
        cpu = cpu_server + cpu_client
        print(f"batched relationships used {cpu_server:.2f} CPU-s in the server and {cpu_client:.2f} in this client "
              f"over {t_rels:.2f}s of wall time: {n_rels / cpu:,.0f} relationships per CPU-second (what one "
              f"otherwise idle core would give; the wall-time figure above counts waits for a busy machine)")
    ok = batched_rate >= 20_000 and ratio >= 20
    print(f"targets (>= 20,000 relationships/s and >= 20x): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
