"""Stage benchmark: building the networkx graph (``kg.graph.build_graph``) from resolved triples.

Baseline: a bare ``networkx.MultiDiGraph`` of the same (paper, entity, relation) edges, no
attributes: what networkx itself costs. The graph is cached for the later stages.

    .venv/bin/python bench/stage_graph.py --sizes 1000 10000 100000
"""
from __future__ import annotations

import sys

from _common import Row, main_of, measure, resolved, save_graph, stage_cli, timed

BASELINE = "bare MultiDiGraph of the same edges"


def bare_graph(triples):
    import networkx as nx
    G = nx.MultiDiGraph()
    G.add_edges_from((t.paper_id, t.entity.id, t.relation) for t in triples)
    return G


def run_one(n: int, args) -> list[Row]:
    from kg.graph import build_graph
    ps, res, triples, results = resolved(n, args.cache)
    base = timed(lambda: bare_graph(triples))
    G, seconds, peak, added = measure(lambda: build_graph(ps, res.entities, triples, results))
    note = f"{G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges"
    save_graph(n, args.cache, G)
    return [Row("build graph", n, len(triples), "triples", seconds, peak, added, BASELINE, len(triples), base,
                note)]


run = stage_cli(__file__, __doc__, run_one)

if __name__ == "__main__":
    sys.exit(main_of(run))
