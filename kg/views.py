"""Interactive HTML views of the graph (pyvis), self-contained so they open offline.

Views are drawn from the networkx graph, never by re-running extraction. First version: an
overview of papers and the entities that link two or more of them, one view per label, and an
``index.html`` linking them.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import networkx as nx

from kg.graph import papers_of
from loaders.files import atomic_open

STYLE = {
    "Paper": ("#4e79a7", "dot"), "Method": ("#f28e2b", "diamond"), "Dataset": ("#59a14f", "square"),
    "Benchmark": ("#8cd17d", "star"), "Task": ("#e15759", "triangle"), "Metric": ("#b07aa1", "triangleDown"),
    "Modality": ("#9c755f", "hexagon"), "Result": ("#bab0ac", "dot"), "Repository": ("#76b7b2", "box"),
}
EDGE_COLOR = {"PROPOSES": "#f28e2b", "INTRODUCES": "#59a14f", "TRAINS_ON": "#2f7d32", "EVALUATES_ON": "#8cd17d",
              "USES": "#999999", "USES_BACKBONE": "#d37295", "COMPARES_WITH": "#ff9da7", "ADDRESSES": "#e15759",
              "REPORTS": "#b07aa1"}
#: Above this many nodes a view keeps the most connected and says what it left out.
NODE_BUDGET = 400


def _pyvis_lib() -> Path:
    import pyvis
    return Path(pyvis.__file__).parent / "lib"


def _offline(page: str) -> str:
    """Remove CDN tags from pyvis output and inline the vis-network stylesheet."""
    page = re.sub(r"<link[^>]+href=\"https?://[^>]+>", "", page)
    page = re.sub(r"<script[^>]+src=\"https?://[^>]*>\s*</script>", "", page)
    css = (_pyvis_lib() / "vis-9.1.2" / "vis-network.css").read_text(encoding="utf-8")
    return page.replace("</head>", f"<style>{css}</style>\n</head>", 1)


def _label(G: nx.MultiDiGraph, n: str) -> str:
    d = G.nodes[n]
    return d.get("name") or d.get("title") or n


def _subgraph_html(G: nx.MultiDiGraph, nodes: list[str], title: str, note: str = "") -> str:
    from pyvis.network import Network
    net = Network(height="90vh", width="100%", directed=True, cdn_resources="in_line", select_menu=False,
                  filter_menu=False, heading="")
    H = G.subgraph(nodes)
    deg = dict(H.degree())
    for n in sorted(H.nodes):
        d = G.nodes[n]
        color, shape = STYLE.get(d.get("label"), ("#cccccc", "dot"))
        label = _label(G, n)
        tip = f"{d.get('label')}: {label}"
        if d.get("aliases"):
            tip += "\naliases: " + ", ".join(d["aliases"][:10])
        net.add_node(n, label=label[:40], title=tip, color=color, shape=shape, size=8 + 3 * min(deg.get(n, 0), 20),
                     group=d.get("label"))
    for u, v, k, d in sorted(H.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        tip = f"{k} (confidence {d.get('confidence')})\n{d.get('evidence') or ''}"
        net.add_edge(u, v, title=tip, label=k, color=EDGE_COLOR.get(k, "#bbbbbb"), arrows="to")
    net.toggle_physics(True)
    net.set_options('{"physics": {"stabilization": {"iterations": 300}}, "edges": {"font": {"size": 8}}}')
    page = net.generate_html()
    header = f"<h2 style='font-family:sans-serif'>{html.escape(title)}</h2>"
    if note:
        header += f"<p style='font-family:sans-serif'>{html.escape(note)}</p>"
    return _offline(page.replace("<body>", "<body>\n" + header, 1))


def _budget(G: nx.MultiDiGraph, nodes: list[str]) -> tuple[list[str], str]:
    if len(nodes) <= NODE_BUDGET:
        return nodes, ""
    deg = G.degree()
    kept = sorted(nodes, key=lambda n: (-deg[n], n))[:NODE_BUDGET]
    return kept, f"Showing the {NODE_BUDGET} most connected of {len(nodes)} nodes; {len(nodes) - NODE_BUDGET} left out."


def overview_nodes(G: nx.MultiDiGraph) -> list[str]:
    """Papers and the entities that link two or more papers."""
    shared = [n for n, d in G.nodes(data=True)
              if d.get("label") in ("Dataset", "Benchmark", "Method", "Task") and len(papers_of(G, n)) >= 2]
    papers = {p for n in shared for p in papers_of(G, n)}
    return sorted(set(shared) | papers)


def write_views(G: nx.MultiDiGraph, out: str | Path) -> Path:
    """Write the views and their index into ``out``; returns the index path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    nodes, note = _budget(G, overview_nodes(G))
    with atomic_open(out / "overview.html") as fh:
        fh.write(_subgraph_html(G, nodes, "Overview: papers and the entities they share", note))
    pages.append(("overview.html", "Overview", f"{len(nodes)} nodes: papers and entities shared by two or more"))
    for label in ("Dataset", "Method", "Task", "Benchmark", "Metric"):
        ents = [n for n, d in G.nodes(data=True) if label in (d.get("labels") or [])]
        if not ents:
            continue
        nodes = set(ents) | {p for e in ents for p in papers_of(G, e)}
        nodes, note = _budget(G, sorted(nodes))
        fname = f"label-{label.lower()}.html"
        with atomic_open(out / fname) as fh:
            fh.write(_subgraph_html(G, nodes, f"All {label} nodes with their papers", note))
        pages.append((fname, f"{label} view", f"{len(ents)} {label} nodes and their papers"))
    items = "\n".join(f"<li><a href='{f}'>{html.escape(t)}</a> — {html.escape(d)}</li>" for f, t, d in pages)
    index = out / "index.html"
    with atomic_open(index) as fh:
        fh.write(f"<!doctype html><html><head><meta charset='utf-8'><title>papergraph views</title></head>"
                 f"<body style='font-family:sans-serif'><h1>papergraph views</h1><ul>\n{items}\n</ul></body></html>\n")
    return index
