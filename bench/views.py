"""Time until the vis network of a view has stabilised, for views of 200, 1,000 and 5,000 nodes.

Builds synthetic graphs with the attributes of a real build (papers, datasets, benchmarks,
methods, tasks, metrics; relationships with evidence and confidence), writes one view of each
(no node budget) with ``kg.views.write_single_view`` and opens it from ``file://`` in headless
Chromium (Debian's /usr/bin/chromium, network disabled). The page records when vis fired
``stabilizationIterationsDone``/``stabilized``; physics is switched off at that moment.

    .venv/bin/python bench/views.py [--sizes 200 1000 5000] [--keep DIR]
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.views import write_single_view  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: share of nodes per label, and the relationship from a paper to an entity of that label
MIX = [("Paper", 0.35, None), ("Method", 0.30, "USES"), ("Dataset", 0.12, "EVALUATES_ON"),
       ("Benchmark", 0.05, "EVALUATES_ON"), ("Task", 0.12, "ADDRESSES"), ("Metric", 0.06, "REPORTS")]
OTHER_RELS = {"Method": ["PROPOSES", "USES_BACKBONE", "COMPARES_WITH"], "Dataset": ["TRAINS_ON", "INTRODUCES"]}


def synthetic_graph(n: int, seed: int = 0) -> nx.MultiDiGraph:
    """A graph of ``n`` nodes shaped like a build: papers linking to popular and rare entities."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    ents: dict[str, list[str]] = {}
    for label, share, _ in MIX:
        k = max(1, round(n * share))
        for i in range(k):
            if label == "Paper":
                nid = f"paper:synthetic-{i}"
                G.add_node(nid, label="Paper", labels=["Paper"], title=f"Synthetic paper {i} on pretraining",
                           url=f"https://arxiv.org/abs/0000.{i:05d}", code_url=None, year=2024)
            else:
                nid = f"{label.lower()}:{label.lower()}-{i}"
                labels = ["Dataset", "Benchmark"] if label == "Benchmark" else [label]
                G.add_node(nid, label=labels[0], labels=labels, name=f"{label}-{i}", aliases=[f"{label[:2]}{i}"])
            ents.setdefault(label, []).append(nid)
    papers = ents.pop("Paper")
    rels = {label: rel for label, _, rel in MIX if rel}
    for p in papers:
        for label, pool in ents.items():
            for _ in range(rng.choice([1, 1, 2, 3])):
                # Zipf-like popularity: a few entities are shared by many papers
                e = pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1) if rng.random() < 0.6
                         else rng.randrange(len(pool))]
                rel = rng.choice([rels[label]] + OTHER_RELS.get(label, []))
                if not G.has_edge(p, e, key=rel):
                    G.add_edge(p, e, key=rel, type=rel, evidence=f"We {rel.lower().replace('_', ' ')} {e}.",
                               start=3, end=10, section="abstract", extractor="synthetic",
                               confidence=round(rng.uniform(0.6, 0.99), 2))
    return G


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000])
    ap.add_argument("--keep", type=Path, help="Write the pages here instead of a temporary directory.")
    ap.add_argument("--timeout", type=float, default=300.0, help="Seconds to wait for one page to settle.")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: run scripts/install-browser.sh", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright
    out = args.keep or Path(tempfile.mkdtemp(prefix="pg-bench-views-"))
    print(f"{'nodes':>6} {'edges':>6} {'write s':>8} {'load→stable s':>14} {'in-page stabilise s':>20} "
          f"{'iterations':>10}  file")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 1400, "height": 900})
        ctx.route("**/*", lambda r: r.abort() if r.request.url.startswith(("http:", "https:")) else r.continue_())
        for n in args.sizes:
            G = synthetic_graph(n)
            t = time.perf_counter()
            page_path = write_single_view(G, out, title=f"Synthetic graph of {n} nodes", budget=None,
                                          name=f"synthetic-{n}.html")
            written = time.perf_counter() - t
            page = ctx.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            t = time.perf_counter()
            page.goto(page_path.resolve().as_uri())
            page.wait_for_function("document.body.getAttribute('data-stable') === '1'", timeout=args.timeout * 1000)
            wall = time.perf_counter() - t
            stab, iters, nn, ne = page.evaluate(
                "[(pg.timing.stabilized - pg.timing.start) / 1000, pg.timing.iterations,"
                " pg.nodes.length, pg.edges.length]")
            print(f"{nn:>6} {ne:>6} {written:>8.2f} {wall:>14.2f} {stab:>20.2f} {iters:>10}  {page_path if args.keep else ''}"
                  + (f"  ERRORS: {errors}" if errors else ""), flush=True)
            page.close()
        browser.close()
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
