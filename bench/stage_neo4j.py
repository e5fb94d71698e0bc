"""Stage benchmark: loading the cached graph of the first N abstracts into Neo4j with the batched
loader (``loaders.neo4j_writer.Neo4jWriter``: nodes, then relationships; the schema is made first,
untimed, as it is once per database).

Baseline: row-by-row ``MERGE`` (one query and transaction per relationship) of the first
``--row-sample`` relationships, after the nodes (bench/neo4j_load.py's ``row_by_row``); a sample,
because row by row the whole 100k graph would take hours. Throughput counts nodes and
relationships for the batched load, relationships for the baseline.

Needs NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD. THE DATABASE IS EMPTIED: a non-empty one needs --yes.

    scripts/neo4j-local start && eval "$(scripts/neo4j-local env)"
    .venv/bin/python bench/stage_neo4j.py --sizes 1000 10000 100000 --yes
"""
from __future__ import annotations

import logging
import os
import sys

from _common import Row, graph, main_of, measure, stage_cli

from neo4j_load import row_by_row  # noqa: E402

BASELINE = "row-by-row MERGE (sample)"


def quiet_driver() -> None:
    """Drop the server's notices about relationship types not in the database yet (counting them)."""
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)


def configured() -> bool:
    return all(os.environ.get(v) for v in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"))


def run_one(n: int, args) -> list[Row]:
    from loaders.neo4j_writer import Neo4jWriter, connect, db_counts, wipe
    if not configured():
        raise SystemExit("stage_neo4j: set NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD")
    quiet_driver()
    G = graph(n, args.cache)
    database = os.environ.get("NEO4J_DATABASE")
    with connect(os.environ["NEO4J_URI"], os.environ["NEO4J_USER"], os.environ["NEO4J_PASSWORD"]) as driver:
        writer = Neo4jWriter(driver, database=database)
        writer.check()
        if any(db_counts(driver, database)[0].values()) and not args.yes:
            raise SystemExit("stage_neo4j: the database is not empty: pass --yes to let the benchmark empty it")
        wipe(driver, database)
        writer.create_schema()  # once per database, not per load: before the clock
        load = lambda: (writer.write_nodes(G), writer.write_relationships(G))  # noqa: E731
        (n_nodes, n_rels), seconds, peak, added = measure(load)
        wipe(driver, database)
        writer.write_nodes(G)
        n_row, t_row = row_by_row(driver, database, G, args.row_sample)
        wipe(driver, database)
    note = f"{n_nodes:,} nodes + {n_rels:,} relationships; baseline on {n_row:,} relationships"
    return [Row("load Neo4j (batched)", n, n_nodes + n_rels, "items", seconds, peak, added, BASELINE, n_row, t_row,
                note)]


run = stage_cli(__file__, __doc__, run_one)

if __name__ == "__main__":
    sys.exit(main_of(run))
