"""RDF export and SPARQL-store loading speed: rdflib against papergraph's streaming writers and pyoxigraph.

For each graph (the bundled build; the first N abstracts of the shared corpus built with
``fast=True``; optionally the bundled graph replicated K times with id suffixes) it prints, in the
same run, triples per second for

* export: rdflib (build a ``Graph`` then serialize Turtle / N-Triples), the streaming writers
  (``write_rdf`` ttl, nt, jsonld, trig) and a baseline that only writes the same N-Triples lines,
  already formatted, to a file (the I/O floor);
* loading into a SPARQL store: ``rdflib.Graph.parse`` against ``pyoxigraph.Store.load`` /
  ``bulk_load`` on the same files;

and the extra memory (tracemalloc peak beyond the networkx graph) of the rdflib and streaming paths.

    python bench/rdf_export.py [--papers 5000] [--replicate 0] [--repeat 1]
"""
from __future__ import annotations

import argparse
import gc
import tempfile
import time
import tracemalloc
from itertools import islice
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import rdflib

from loaders.rdf import generate_ntriples, iter_triples, to_rdf, write_rdf

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpora" / "combined_ml_nlp_cv.jsonl.gz"


def bundled() -> nx.MultiDiGraph:
    import kg
    return kg.build().graph


def corpus_graph(n: int) -> nx.MultiDiGraph | None:
    from kg.builder import extract, resolve_and_link
    from loaders.sources import read_source
    if not CORPUS.exists():
        return None
    papers = list(islice(read_source(CORPUS, on_error=lambda err: None), n))
    triples, results = extract(papers, fast=True)
    return resolve_and_link(papers, triples, results)[2]


def replicate(G: nx.MultiDiGraph, k: int) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    for i in range(k):
        H.add_nodes_from((f"{n}-{i}", d) for n, d in G.nodes(data=True))
        H.add_edges_from((f"{u}-{i}", f"{v}-{i}", key, d) for u, v, key, d in G.edges(keys=True, data=True))
    return H


def timed(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def peak(fn) -> int:
    gc.collect()
    tracemalloc.start()
    fn()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def run(name: str, G: nx.MultiDiGraph, repeat: int, tmp: Path) -> None:
    n = sum(1 for _ in iter_triples(G))
    print(f"\n== {name}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges, {n} triples")
    rows: list[tuple[str, str, float]] = []

    def rate(section, label, fn):
        rows.append((section, label, n / timed(fn, repeat)))

    # export
    rate("export", "rdflib: Graph + serialize turtle",
         lambda: to_rdf(G).serialize(destination=str(tmp / "rdflib.ttl"), format="turtle"))
    rate("export", "rdflib: Graph + serialize nt",
         lambda: to_rdf(G).serialize(destination=str(tmp / "rdflib.nt"), format="nt"))
    for fmt, ext in (("turtle", "ttl"), ("nt", "nt"), ("jsonld", "jsonld"), ("trig", "trig")):
        rate("export", f"papergraph streaming {fmt}", lambda fmt=fmt, ext=ext: write_rdf(G, tmp / f"g.{ext}", fmt=fmt))
    lines = list(generate_ntriples(iter_triples(G)))

    def baseline():
        with open(tmp / "baseline.nt", "w", encoding="utf-8") as fh:
            fh.writelines(lines)
    rate("export", "baseline: write preformatted N-Triples lines", baseline)
    del lines

    # loading into a SPARQL store
    for ext, rfmt, oxfmt in (("nt", "nt", ox.RdfFormat.N_TRIPLES), ("ttl", "turtle", ox.RdfFormat.TURTLE)):
        rate("load", f"rdflib Graph.parse {ext}", lambda ext=ext, rfmt=rfmt: rdflib.Graph().parse(tmp / f"g.{ext}", format=rfmt))
        rate("load", f"pyoxigraph Store.load {ext}", lambda ext=ext, oxfmt=oxfmt: ox.Store().load(path=str(tmp / f"g.{ext}"), format=oxfmt))
        rate("load", f"pyoxigraph Store.bulk_load {ext}", lambda ext=ext, oxfmt=oxfmt: ox.Store().bulk_load(path=str(tmp / f"g.{ext}"), format=oxfmt))

    width = max(len(label) for _, label, _ in rows)
    for section, label, r in rows:
        print(f"  {section:6s} {label:<{width}}  {r:>12,.0f} triples/s")
    size = (tmp / "g.nt").stat().st_size
    print(f"  memory (tracemalloc peak beyond the networkx graph; N-Triples file is {size / 1e6:.1f} MB):")
    print(f"         rdflib Graph + serialize nt      {peak(lambda: to_rdf(G).serialize(destination=str(tmp / 'm.nt'), format='nt')) / 1e6:8.1f} MB")
    print(f"         papergraph streaming nt          {peak(lambda: write_rdf(G, tmp / 'm.nt', fmt='nt')) / 1e6:8.1f} MB")
    print(f"         papergraph streaming jsonld      {peak(lambda: write_rdf(G, tmp / 'm.jsonld', fmt='jsonld')) / 1e6:8.1f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=5000, help="abstracts of the shared corpus (0: skip)")
    ap.add_argument("--replicate", type=int, default=0, help="also the bundled graph replicated K times (0: skip)")
    ap.add_argument("--repeat", type=int, default=1, help="best of R runs")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        G = bundled()
        run("bundled corpus", G, args.repeat, tmp)
        if args.papers:
            big = corpus_graph(args.papers)
            if big is None:
                print(f"\n(skipped: {CORPUS} is not here)")
            else:
                run(f"first {args.papers} abstracts of {CORPUS.name} (fast)", big, args.repeat, tmp)
        if args.replicate:
            run(f"bundled graph x{args.replicate}", replicate(G, args.replicate), args.repeat, tmp)


if __name__ == "__main__":
    main()
