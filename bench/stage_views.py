"""Stage benchmark: the HTML views (``kg.views.write_views``) of the cached graph of the first N
abstracts, up to ``--views-max`` abstracts (pages for at most the 2,000 most connected papers
and 2,000 entities, ``kg.views.MAX_PAGES``, so every size runs by default).

Baseline: writing the same graph as graph.json (``loaders.files.write_graph_json``).
Throughput counts graph nodes for both; the note gives the pages written.

    .venv/bin/python bench/stage_views.py --sizes 1000 10000
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _common import Row, graph, log, main_of, measure, stage_cli, timed

BASELINE = "the same graph written as graph.json"


def run_one(n: int, args) -> list[Row]:
    from kg.views import write_views
    from loaders.files import write_graph_json
    if n > args.views_max:
        log(f"views: {n:,} abstracts is over --views-max {args.views_max:,}: skipped")
        return []
    G = graph(n, args.cache)
    nodes = G.number_of_nodes()
    with tempfile.TemporaryDirectory(prefix="pg-bench-views-") as tmp:
        base = timed(lambda: write_graph_json(Path(tmp) / "graph.json", G))
        _, seconds, peak, added = measure(lambda: write_views(G, Path(tmp) / "views"))
        pages = sum(1 for _ in (Path(tmp) / "views").rglob("*.html"))
        size = sum(f.stat().st_size for f in (Path(tmp) / "views").rglob("*") if f.is_file()) / 2**20
    note = f"{pages:,} pages, {size:,.0f} MB"
    return [Row("render views", n, nodes, "nodes", seconds, peak, added, BASELINE, nodes, base, note)]


run = stage_cli(__file__, __doc__, run_one)

if __name__ == "__main__":
    sys.exit(main_of(run))
