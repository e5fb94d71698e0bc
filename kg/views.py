"""Interactive HTML views of the graph: vis-network pages that open offline, from ``file://``.

Views are drawn from the networkx graph, never by re-running extraction. ``write_views(G, out)``
writes into ``out``:

- ``index.html`` linking every view;
- ``overview.html``: papers and the entities that link two or more of them, sized by degree;
- ``papers/<id>.html``: one per paper, its ego network with the papers it shares entities with;
- ``entities/<id>.html``: one per shared dataset, benchmark, method, task or metric, with the
  papers that name it and how (the relationship types), and its results;
- ``labels/<label>.html``: every node of one label with its papers;
- ``assets/``: vis-network (shipped by pyvis in its ``lib/`` folder) and the page script and
  stylesheet, shared by every page so that each page stays small. Nothing is loaded from a CDN.

Each page embeds its nodes and edges as JSON; ``assets/papergraph.js`` draws them with
colours and shapes by label and a legend, edges labelled and styled by relationship type,
hover tooltips (name, aliases, links; evidence sentence and confidence), node search, filters by
label and relationship type, and navigation to a node's own view on click. Physics is stopped
once the layout has stabilised. Beyond a node budget a view keeps the most connected nodes and
lists what it left out.

The pure part (which nodes a view shows, the page data) is kept apart from the writing, and
the output is deterministic: the same graph gives byte-identical files.
"""
from __future__ import annotations

import hashlib
import html
import json
import contextlib
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import networkx as nx

from kg.graph import papers_of
from loaders.files import atomic_open

__all__ = ["NODE_BUDGET", "STYLE", "EDGE_STYLE", "View", "kind_of", "overview_nodes", "paper_view_nodes",
           "entity_view_nodes", "label_view_nodes", "view_entities", "apply_budget", "plan_views", "page_data",
           "render_page", "seed_layout", "write_views", "write_single_view"]

#: Node colour and vis shape per label (``Benchmark`` wins over ``Dataset`` for a node with both).
STYLE = {
    "Paper": ("#4e79a7", "dot"), "Method": ("#f28e2b", "diamond"), "Dataset": ("#59a14f", "square"),
    "Benchmark": ("#2f9e8f", "star"), "Task": ("#e15759", "triangle"), "Metric": ("#b07aa1", "triangleDown"),
    "Modality": ("#9c755f", "hexagon"), "Result": ("#bab0ac", "dot"), "Repository": ("#76b7b2", "box"),
}
#: Edge colour, dash pattern (``False`` for solid) and base width per relationship type.
EDGE_STYLE = {
    "PROPOSES": ("#f28e2b", False, 2.5), "INTRODUCES": ("#59a14f", False, 2.5), "TRAINS_ON": ("#2f7d32", False, 2),
    "EVALUATES_ON": ("#7cc46b", False, 2), "USES": ("#8c8c8c", False, 1.5), "USES_BACKBONE": ("#d37295", False, 2),
    "COMPARES_WITH": ("#ff9da7", [6, 4], 1.5), "ADDRESSES": ("#e15759", False, 1.5),
    "REPORTS": ("#b07aa1", [2, 3], 1.5), "HAS_MODALITY": ("#9c755f", [2, 4], 1),
    "HAS_CODE": ("#76b7b2", [8, 3], 1.5), "VARIANT_OF": ("#edc948", [10, 4], 2),
    "EVALUATED_ON": ("#86bcb6", [4, 4], 1.5), "BENCHMARK_FOR": ("#499894", [4, 2], 1.5),
    "MEASURED_BY": ("#a0a0a0", [1, 3], 1), "ON": ("#a0a0a0", [1, 3], 1), "OF": ("#a0a0a0", [1, 3], 1),
}
DEFAULT_NODE_STYLE = ("#cccccc", "dot")
DEFAULT_EDGE_STYLE = ("#bbbbbb", False, 1)
#: Above this many nodes a view keeps the most connected and says what it left out.
NODE_BUDGET = 400
#: At most this many paper pages and this many entity pages, the most connected first: a corpus
#: of 100,000 papers would otherwise get 100,000 pages (tens of GB). The index says what it left out.
MAX_PAGES = 2000
#: A paper view shows at most this many of the papers sharing one entity with it (the most connected).
PAPERS_PER_SHARED_ENTITY = NODE_BUDGET
#: Views above this many nodes start from :func:`seed_layout` positions instead of random ones.
SEED_LAYOUT_ABOVE = 60
#: The browser stops laying out after this long (ms) even if the layout is still moving.
STABILISE_MS = 4000
#: Labels whose entities get a view of their own when two or more papers name them.
ENTITY_VIEW_LABELS = ("Dataset", "Benchmark", "Method", "Task", "Metric")
#: Labels through which papers "share" something (modalities and metrics are too common to say much).
SHARING_LABELS = ("Dataset", "Benchmark", "Method", "Task")
LABEL_ORDER = ("Paper", "Dataset", "Benchmark", "Method", "Task", "Metric", "Modality", "Result", "Repository")
ASSETS = "assets"


# --------------------------------------------------------------------------- which nodes a view shows

#: ``(graph, entity -> papers_of)`` while views of that graph are planned (see :func:`_remembering_papers`).
_PAPERS_MEMO: tuple[nx.MultiDiGraph, dict[str, list[str]]] | None = None


@contextlib.contextmanager
def _remembering_papers(G: nx.MultiDiGraph):
    """Remember :func:`kg.graph.papers_of` per entity while the block runs: a paper view asks for
    the papers of each entity it names, so a popular entity would be scanned once per paper
    naming it. The graph must not change meanwhile."""
    global _PAPERS_MEMO
    outer = _PAPERS_MEMO
    if outer is None or outer[0] is not G:
        _PAPERS_MEMO = (G, {})
    try:
        yield
    finally:
        _PAPERS_MEMO = outer


def _degree_of(G: nx.MultiDiGraph):
    """``G.degree`` as a function, from one table inside :func:`_remembering_papers` (a large view
    ranks thousands of left-out nodes by degree)."""
    memo = _PAPERS_MEMO
    if memo is None or memo[0] is not G:
        return G.degree
    table = memo[1].get(_DEGREES)
    if table is None:
        table = memo[1][_DEGREES] = dict(G.degree())
    return table.__getitem__


#: The memo key of the degree table (no node id starts with a space).
_DEGREES = " degrees"


def _papers(G: nx.MultiDiGraph, n: str) -> list[str]:
    """:func:`kg.graph.papers_of`, remembered inside :func:`_remembering_papers` (do not change the list)."""
    memo = _PAPERS_MEMO
    if memo is None or memo[0] is not G:
        return papers_of(G, n)
    hit = memo[1].get(n)
    if hit is None:
        hit = memo[1][n] = papers_of(G, n)
    return hit


def kind_of(G: nx.MultiDiGraph, n: str) -> str:
    """The label a node is drawn as: its label, or ``Benchmark`` for a dataset that is one.

    >>> G = nx.MultiDiGraph(); G.add_node("d", label="Dataset", labels=["Dataset", "Benchmark"])
    >>> kind_of(G, "d")
    'Benchmark'
    """
    d = G.nodes[n]
    labels = d.get("labels") or [d.get("label")]
    return "Benchmark" if "Benchmark" in labels else (d.get("label") or labels[0] or "Node")


def _has_label(G: nx.MultiDiGraph, n: str, label: str) -> bool:
    d = G.nodes[n]
    return label in (d.get("labels") or [d.get("label")])


def view_entities(G: nx.MultiDiGraph, min_papers: int = 2) -> list[str]:
    """Entities that get a view of their own: datasets, benchmarks, methods, tasks and metrics
    named by at least ``min_papers`` papers, sorted by id."""
    return sorted(n for n in G if any(_has_label(G, n, lab) for lab in ENTITY_VIEW_LABELS)
                  and len(_papers(G, n)) >= min_papers)


def overview_nodes(G: nx.MultiDiGraph) -> list[str]:
    """Papers and the entities (datasets, benchmarks, methods, tasks) that link two or more papers.

    >>> G = nx.MultiDiGraph()
    >>> for p in "ab": G.add_node(p, label="Paper")
    >>> G.add_node("d", label="Dataset"); G.add_node("t", label="Task")
    >>> _ = G.add_edges_from([("a", "d", "USES"), ("b", "d", "USES"), ("a", "t", "ADDRESSES")])
    >>> overview_nodes(G)
    ['a', 'b', 'd']
    """
    shared = [n for n in G if any(_has_label(G, n, lab) for lab in SHARING_LABELS) and len(_papers(G, n)) >= 2]
    papers = {p for n in shared for p in _papers(G, n)}
    return sorted(set(shared) | papers)


def paper_view_nodes(G: nx.MultiDiGraph, paper: str) -> list[str]:
    """A paper's ego network (everything it links to, and what its results point at) and the
    papers that share a dataset, benchmark, method or task with it."""
    nodes = {paper} | set(G.successors(paper)) | set(G.predecessors(paper))
    for n in list(nodes):
        if G.nodes[n].get("label") == "Result":
            nodes |= set(G.successors(n))
    for n in list(nodes):
        if n != paper and any(_has_label(G, n, lab) for lab in SHARING_LABELS):
            nodes.update(_top_papers(G, n))
    return sorted(nodes)


def _top_papers(G: nx.MultiDiGraph, n: str) -> list[str]:
    """The papers of ``n``, at most :data:`PAPERS_PER_SHARED_ENTITY` of them, the most connected
    first (the view's budget would keep those anyway): a paper naming ImageNet does not scan
    every other paper naming it. Remembered like :func:`_papers`."""
    papers = _papers(G, n)
    if len(papers) <= PAPERS_PER_SHARED_ENTITY:
        return papers
    memo = _PAPERS_MEMO
    key = " top " + n
    if memo is not None and memo[0] is G and key in memo[1]:
        return memo[1][key]
    deg = _degree_of(G)
    top = sorted(papers, key=lambda p: (-deg(p), p))[:PAPERS_PER_SHARED_ENTITY]
    if memo is not None and memo[0] is G:
        memo[1][key] = top
    return top


def entity_view_nodes(G: nx.MultiDiGraph, entity: str) -> list[str]:
    """An entity, the papers that name it, the results reported on it (and their papers), and the
    entities it is directly linked to (variants, benchmarks for tasks, …)."""
    nodes = {entity} | set(_papers(G, entity))
    for n in set(G.predecessors(entity)) | set(G.successors(entity)):
        label = G.nodes[n].get("label")
        if label == "Result":
            nodes.add(n)
            nodes |= {u for u in G.predecessors(n) if G.nodes[u].get("label") == "Paper"}
        elif label != "Paper":
            nodes.add(n)
    return sorted(nodes)


def label_view_nodes(G: nx.MultiDiGraph, label: str) -> list[str]:
    """Every node of ``label`` and the papers linked to them."""
    ents = [n for n in G if _has_label(G, n, label)]
    return sorted(set(ents) | {p for e in ents for p in _papers(G, e)})


def apply_budget(G: nx.MultiDiGraph, nodes: list[str], budget: int | None = NODE_BUDGET,
                 keep: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """Keep at most ``budget`` nodes, the most connected first (``keep`` always stays).

    Returns ``(kept, left_out)``, both sorted by id. Degree is counted inside the view, ties
    broken by id, so the choice is deterministic.

    >>> G = nx.MultiDiGraph([("a", "b"), ("a", "c"), ("a", "d"), ("b", "c")])
    >>> apply_budget(G, ["a", "b", "c", "d"], budget=2)
    (['a', 'b'], ['c', 'd'])
    >>> apply_budget(G, ["a", "b", "c", "d"], budget=2, keep=("d",))
    (['a', 'd'], ['b', 'c'])
    """
    if budget is None or len(nodes) <= budget:
        return sorted(nodes), []
    deg = _degrees(G, nodes)
    fixed = [n for n in keep if n in deg]
    rest = sorted((n for n in nodes if n not in fixed), key=lambda n: (-deg[n], n))
    kept = fixed + rest[:max(budget - len(fixed), 0)]
    kept_set = set(kept)
    return sorted(kept), sorted(n for n in nodes if n not in kept_set)


def _induced(G: nx.MultiDiGraph, nodes) -> tuple[list[tuple[str, str, str, dict]], dict[str, int]]:
    """Edges among ``nodes`` (sorted) and each node's degree counted among them.

    Same as ``G.subgraph(nodes)`` but without the cost of subgraph views.
    """
    keep = set(nodes)
    deg = dict.fromkeys(keep, 0)
    edges = []
    for u in keep:
        for v, keyed in G.adj[u].items():
            if v in keep:
                for k, d in keyed.items():
                    edges.append((u, v, str(k), d))
                    deg[u] += 1
                    deg[v] += 1
    edges.sort(key=lambda e: (e[0], e[1], e[2]))
    return edges, deg


def _degrees(G: nx.MultiDiGraph, nodes) -> dict[str, int]:
    """The degrees of :func:`_induced` without listing and sorting the edges: a paper view of a
    large corpus has thousands of candidate nodes, most of whose edges leave the view, so only
    the neighbours inside it are visited (a set intersection)."""
    keep = set(nodes)
    deg = dict.fromkeys(keep, 0)
    adj = G._adj  # the raw adjacency dicts: the public views cost more than the counting
    for u in keep:
        nbrs = adj[u]
        for v in nbrs.keys() & keep:
            n = len(nbrs[v])
            deg[u] += n
            deg[v] += n
    return deg


def seed_layout(G: nx.MultiDiGraph, nodes: list[str], deg: dict[str, int], spacing: float = 45.0
                ) -> dict[str, tuple[int, int]]:
    """Starting positions that save the browser most of its layout work, in $O(n + m)$.

    Entities go on a sunflower spiral, the most connected at the centre; each paper starts at
    the mean position of its entities (papers with none go on the outer rim). Deterministic.

    >>> G = nx.MultiDiGraph([("p", "d"), ("q", "d")])
    >>> G.add_nodes_from([("p", {"label": "Paper"}), ("q", {"label": "Paper"}), ("d", {"label": "Dataset"})])
    >>> pos = seed_layout(G, ["d", "p", "q"], {"d": 2, "p": 1, "q": 1}); pos["d"]
    (0, 0)
    """
    golden = math.pi * (3 - math.sqrt(5))
    keep = set(nodes)
    papers = [n for n in nodes if G.nodes[n].get("label") == "Paper"]
    others = sorted((n for n in nodes if G.nodes[n].get("label") != "Paper"), key=lambda n: (-deg.get(n, 0), n))
    pos: dict[str, tuple[float, float]] = {}
    for i, n in enumerate(others):
        r = spacing * math.sqrt(i)
        pos[n] = (r * math.cos(i * golden), r * math.sin(i * golden))
    rim = spacing * math.sqrt(len(others) + 1)
    for n in papers:
        nbrs = [v for v in set(G.adj[n]) | set(G.pred[n]) if v in pos]
        h = int(hashlib.sha1(n.encode("utf-8")).hexdigest()[:8], 16)
        angle = (h % 3600) / 3600 * 2 * math.pi
        if nbrs:
            x = sum(pos[v][0] for v in nbrs) / len(nbrs)
            y = sum(pos[v][1] for v in nbrs) / len(nbrs)
            jitter = spacing * (0.4 + (h >> 12) % 100 / 100)
            pos[n] = (x + jitter * math.cos(angle), y + jitter * math.sin(angle))
        else:
            pos[n] = ((rim + spacing) * math.cos(angle), (rim + spacing) * math.sin(angle))
    return {n: (round(x), round(y)) for n, (x, y) in pos.items()}


# --------------------------------------------------------------------------- the set of views

@dataclass
class View:
    """One page: where it goes, what it shows."""

    path: str                      # relative to the views directory, posix
    title: str
    subtitle: str
    nodes: list[str]
    left_out: list[str] = field(default_factory=list)
    focus: str | None = None       # the node the view is about
    kind: str = "view"             # overview, paper, entity, label


def _slug(text: str, limit: int = 80) -> str:
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.").lower()
    return s[:limit].rstrip("-.") or "node"


def _file_names(ids: list[str], folder: str, strip_prefix: bool) -> dict[str, str]:
    """Stable, unique, case-insensitively distinct file names for node ids."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for n in sorted(ids):
        base = _slug(n.split(":", 1)[1] if strip_prefix and ":" in n else n)
        name = base
        if name in used:
            name = f"{base}-{hashlib.sha1(n.encode('utf-8')).hexdigest()[:8]}"
        used.add(name)
        names[n] = f"{folder}/{name}.html"
    return names


def _name(G: nx.MultiDiGraph, n: str) -> str:
    d = G.nodes[n]
    if d.get("label") == "Result":
        return str(d.get("raw") or f"{d.get('value')}{d.get('unit') or ''}")
    return str(d.get("name") or d.get("title") or n)


def plan_views(G: nx.MultiDiGraph, budget: int | None = NODE_BUDGET, max_pages: int | None = MAX_PAGES
               ) -> tuple[list[View], dict[str, str]]:
    """Every view of ``G`` and the page of each node that has one (node id → relative path)."""
    with _remembering_papers(G):
        papers, entities, pages = _pages(G, max_pages)
        return list(_iter_views(G, budget, papers, entities, pages)), pages


def _pages(G: nx.MultiDiGraph, max_pages: int | None = MAX_PAGES) -> tuple[list[str], list[str], dict[str, str]]:
    """Papers and view entities with a page (sorted; at most ``max_pages`` of each, the most
    connected) and the page of each."""
    papers = _most_connected(G, [n for n, d in G.nodes(data=True) if d.get("label") == "Paper"], max_pages)
    entities = _most_connected(G, view_entities(G), max_pages)
    pages = {**_file_names(papers, "papers", True), **_file_names(entities, "entities", False)}
    return papers, entities, pages


def _most_connected(G: nx.MultiDiGraph, nodes: list[str], limit: int | None) -> list[str]:
    """``nodes`` sorted by id; only the ``limit`` of highest degree (ties by id) when there are more."""
    if limit is not None and len(nodes) > limit:
        deg = _degree_of(G)
        nodes = sorted(nodes, key=lambda n: (-deg(n), n))[:limit]
    return sorted(nodes)


def _iter_views(G: nx.MultiDiGraph, budget: int | None, papers: list[str], entities: list[str],
                pages: dict[str, str]) -> Iterator[View]:
    """The views of :func:`plan_views`, one at a time: a writer keeps one view's nodes, not all."""
    nodes, left = apply_budget(G, overview_nodes(G), budget)
    n_papers = sum(1 for n in nodes if G.nodes[n].get("label") == "Paper")
    yield View("overview.html", "Overview: papers and the entities they share",
               f"{n_papers} papers and {len(nodes) - n_papers} datasets, benchmarks, methods and tasks "
               f"named by two or more papers; node size follows degree.", nodes, left, kind="overview")
    present = Counter(kind for n in G for kind in (G.nodes[n].get("labels") or [G.nodes[n].get("label")]))
    for label in LABEL_ORDER:
        if label in ("Paper", "Result") or not present.get(label):
            continue
        nodes, left = apply_budget(G, label_view_nodes(G, label), budget)
        yield View(f"labels/{label.lower()}.html", f"All {label} nodes",
                   f"{present[label]} {label} nodes with the papers that link to them.", nodes, left, kind="label")
    for e in entities:
        n_p = len(_papers(G, e))
        nodes, left = apply_budget(G, entity_view_nodes(G, e), budget, keep=(e,))
        yield View(pages[e], f"{kind_of(G, e)}: {_name(G, e)}",
                   f"Named by {n_p} papers; edges say how each paper uses it.", nodes, left, focus=e, kind="entity")
    for p in papers:
        nodes, left = apply_budget(G, paper_view_nodes(G, p), budget, keep=(p,))
        others = sum(1 for n in nodes if n != p and G.nodes[n].get("label") == "Paper")
        yield View(pages[p], _name(G, p),
                   f"Paper: what it links to, and {others} papers sharing a dataset, benchmark, method or "
                   f"task with it.", nodes, left, focus=p, kind="paper")


# --------------------------------------------------------------------------- page data and HTML

def _round(x):
    return round(float(x), 3) if isinstance(x, float) else x


def _node_record(G: nx.MultiDiGraph, n: str, deg: int, view_url: str | None, focus: bool) -> dict:
    d = G.nodes[n]
    kind = kind_of(G, n)
    name = _name(G, n)
    color, shape = STYLE.get(kind, DEFAULT_NODE_STYLE)
    short = name if len(name) <= 34 else name[:32].rstrip() + "…"
    rec = {"id": n, "kind": kind, "labels": list(d.get("labels") or [kind]), "name": name, "short": short,
           "color": color, "shape": shape, "deg": deg, "gdeg": _degree_of(G)(n)}
    if d.get("aliases"):
        rec["aliases"] = list(d["aliases"])
    links = []
    for key, text in (("url", "page"), ("code_url", "code")):
        if d.get(key):
            links.append([text, str(d[key])])
    if d.get("doi"):
        links.append(["doi", f"https://doi.org/{d['doi']}"])
    if links:
        rec["links"] = links
    for key in ("year", "category", "value", "unit"):
        if d.get(key) is not None:
            rec[key] = _round(d[key])
    if view_url:
        rec["view"] = view_url
    if focus:
        rec["focus"] = True
    return rec


def page_data(G: nx.MultiDiGraph, view: View, pages: dict[str, str] | None = None) -> dict:
    """The JSON a page embeds: its nodes, edges, styles, note and physics settings."""
    pages = pages or {}
    root = "../" * view.path.count("/")
    induced, deg = _induced(G, view.nodes)
    nodes = [_node_record(G, n, deg[n], root + pages[n] if n in pages and pages[n] != view.path else None,
                          n == view.focus) for n in sorted(deg)]
    edges = []
    parallel: Counter = Counter()
    for u, v, k, d in induced:
        pair = (min(u, v), max(u, v))
        rec = {"from": u, "to": v, "type": str(k), "confidence": _round(d.get("confidence")),
               "extractor": d.get("extractor"), "evidence": d.get("evidence") or "", "n": parallel[pair]}
        if d.get("section") and d.get("section") != "abstract":
            rec["section"] = d["section"]
        if d.get("paper"):
            rec["paper"] = d["paper"]
        parallel[pair] += 1
        edges.append(rec)
    left = Counter(kind_of(G, n) for n in view.left_out)
    degree = _degree_of(G)
    left_items = [[n, _name(G, n), kind_of(G, n), (root + pages[n]) if n in pages else None]
                  for n in heapq.nsmallest(300, view.left_out, key=lambda n: (-degree(n), n))]
    if len(nodes) > SEED_LAYOUT_ABOVE:
        pos = seed_layout(G, [r["id"] for r in nodes], deg)
        for r in nodes:
            r["x"], r["y"] = pos[r["id"]]
    kinds = sorted({r["kind"] for r in nodes}, key=lambda k: (LABEL_ORDER.index(k) if k in LABEL_ORDER else 99, k))
    types = sorted({e["type"] for e in edges})
    n = len(nodes)
    return {
        "title": view.title, "kind": view.kind, "focus": view.focus,
        "nodes": nodes, "edges": edges,
        "left_out": {"count": len(view.left_out), "total": len(view.left_out) + n,
                     "by_label": dict(sorted(left.items())), "items": left_items},
        "styles": {"labels": {k: list(STYLE.get(k, DEFAULT_NODE_STYLE)) for k in kinds},
                   "edges": {t: list(EDGE_STYLE.get(t, DEFAULT_EDGE_STYLE)) for t in types}},
        # fewer iterations for big views; physics is switched off as soon as they are done
        "physics": {"iterations": max(40, min(200, 60_000 // max(n, 1))), "max_ms": STABILISE_MS,
                    "smooth": len(edges) <= 1500, "edge_labels": len(edges) <= 2500,
                    "improved_layout": n <= 100},
    }


def _json_script(data: dict) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def render_page(data: dict, path: str, subtitle: str = "") -> str:
    """The HTML of one view (``path`` relative to the views directory sets the asset prefix)."""
    root = "../" * path.count("/")
    esc = html.escape
    note = ""
    lo = data["left_out"]
    if lo["count"]:
        parts = ", ".join(f"{v} {k}" for k, v in lo["by_label"].items())
        items = "".join(
            f"<li>{f'<a href={esc(url, quote=True)!r}>' if url else ''}{esc(name)}{'</a>' if url else ''}"
            f" <span class='pg-muted'>({esc(kind)})</span></li>" for _, name, kind, url in lo["items"])
        more = f"<li class='pg-muted'>… and {lo['count'] - len(lo['items'])} more</li>" \
            if lo["count"] > len(lo["items"]) else ""
        note = (f"<div id='pg-note' class='pg-note'><b>Node budget:</b> showing the {len(data['nodes'])} most "
                f"connected of {lo['total']} nodes; {lo['count']} left out ({esc(parts)}).<details><summary>"
                f"What was left out</summary><ul>{items}{more}</ul></details></div>")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(data['title'])} · papergraph</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{root}{ASSETS}/vis-network.css">
<link rel="stylesheet" href="{root}{ASSETS}/papergraph.css">
</head>
<body data-view="{esc(data['kind'])}">
<div id="pg-app">
<div id="pg-graph"></div>
<aside id="pg-side">
<nav><a href="{root}index.html">All views</a> · <a href="{root}overview.html">Overview</a></nav>
<h1>{esc(data['title'])}</h1>
<p class="pg-sub">{esc(subtitle)}</p>
{note}
<div id="pg-status" class="pg-muted">Laying out…</div>
<input id="pg-search" type="search" placeholder="Search nodes by name or alias" autocomplete="off" aria-label="Search nodes">
<ul id="pg-results"></ul>
<details open><summary>Nodes by label</summary><div id="pg-labels" class="pg-legend"></div></details>
<details open><summary>Relationships</summary><div id="pg-rels" class="pg-legend"></div></details>
<div id="pg-details" class="pg-muted">Hover a node or an edge for details; click a node to open its view.</div>
</aside>
</div>
<script type="application/json" id="pg-data">{_json_script(data)}</script>
<script src="{root}{ASSETS}/vis-network.min.js"></script>
<script src="{root}{ASSETS}/papergraph.js"></script>
</body>
</html>
"""


def _of(shown: int, total: int) -> str:
    """"12", or "2,000 most connected of 100,000; `kg view --max-pages` writes more" when capped."""
    if shown >= total:
        return f"{shown:,}"
    return f"pages for the {shown:,} most connected of {total:,}; <code>kg view DIR --max-pages N</code> writes more"


def _index_html(G: nx.MultiDiGraph, views: list[View], sizes: dict[str, int] | None = None) -> str:
    """The index page; ``sizes`` (path → node count) stands for the views' node lists when given."""
    esc = html.escape
    def size(v: View) -> int:
        return sizes[v.path] if sizes is not None else len(v.nodes)

    by_kind: dict[str, list[View]] = {}
    for v in views:
        by_kind.setdefault(v.kind, []).append(v)

    def li(v: View, extra: str = "") -> str:
        return (f"<li data-q=\"{esc((v.title + ' ' + extra).lower(), quote=True)}\"><a href=\"{esc(v.path, quote=True)}\">"
                f"{esc(v.title)}</a> <span class='pg-muted'>— {size(v)} nodes{extra and ' · ' + esc(extra)}"
                f"</span></li>")

    sections = []
    top = by_kind.get("overview", []) + by_kind.get("label", [])
    sections.append("<h2>Overview and labels</h2><ul>" + "".join(li(v) for v in top) + "</ul>")
    ents = sorted(by_kind.get("entity", []), key=lambda v: (-len(_papers(G, v.focus)), v.title))
    groups: dict[str, list[View]] = {}
    for v in ents:
        groups.setdefault(kind_of(G, v.focus), []).append(v)
    parts = []
    for kind in sorted(groups, key=lambda k: LABEL_ORDER.index(k) if k in LABEL_ORDER else 99):
        color, _ = STYLE.get(kind, DEFAULT_NODE_STYLE)
        items = "".join(li(v, f"{len(_papers(G, v.focus))} papers") for v in groups[kind])
        parts.append(f"<h3><span class='pg-dot' style='background:{color}'></span>{esc(kind)} "
                     f"({len(groups[kind])})</h3><ul>{items}</ul>")
    counts = Counter(kind_of(G, n) for n in G)
    n_shared = len(view_entities(G))
    sections.append(f"<h2>Shared entities ({_of(len(ents), n_shared)})</h2>" + "".join(parts))
    papers = sorted(by_kind.get("paper", []), key=lambda v: v.title.lower())
    sections.append(f"<h2>Papers ({_of(len(papers), counts.get('Paper', 0))})</h2><ul>"
                    + "".join(li(v) for v in papers) + "</ul>")
    summary = ", ".join(f"{counts[k]} {k}" for k in sorted(counts, key=lambda k: LABEL_ORDER.index(k)
                                                                      if k in LABEL_ORDER else 99))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>papergraph views</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{ASSETS}/papergraph.css">
</head>
<body class="pg-index">
<h1>papergraph views</h1>
<p class="pg-muted">{G.number_of_nodes()} nodes ({esc(summary)}), {G.number_of_edges()} relationships.
Every view works offline; hover nodes and edges for details, click a node to open its own view.</p>
<input id="pg-filter" type="search" placeholder="Filter views by title" aria-label="Filter views">
{''.join(sections)}
<script>
document.getElementById('pg-filter').addEventListener('input', function (ev) {{
  var q = ev.target.value.trim().toLowerCase();
  document.querySelectorAll('li[data-q]').forEach(function (li) {{
    li.style.display = !q || li.getAttribute('data-q').indexOf(q) >= 0 ? '' : 'none';
  }});
}});
</script>
</body>
</html>
"""


# --------------------------------------------------------------------------- writing

def _pyvis_lib() -> Path:
    import pyvis
    return Path(pyvis.__file__).parent / "lib"


def _assets() -> dict[str, bytes]:
    lib = _pyvis_lib() / "vis-9.1.2"
    return {"vis-network.min.js": (lib / "vis-network.min.js").read_bytes(),
            "vis-network.css": (lib / "vis-network.css").read_bytes(),
            "papergraph.js": PAGE_JS.encode("utf-8"), "papergraph.css": PAGE_CSS.encode("utf-8")}


def _write_assets(out: Path) -> None:
    target = out / ASSETS
    target.mkdir(parents=True, exist_ok=True)
    for name, data in _assets().items():
        dst = target / name
        if dst.exists() and dst.read_bytes() == data:
            continue
        with atomic_open(dst, "wb") as fh:
            fh.write(data)


def _write(path: Path, text: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    with atomic_open(path) as fh:
        fh.write(text)


def write_views(G: nx.MultiDiGraph, out: str | Path, budget: int | None = NODE_BUDGET,
                max_pages: int | None = MAX_PAGES) -> Path:
    """Write every view, the shared assets and ``index.html`` into ``out``; returns the index path.

    Pages of an earlier run that no longer correspond to a node (in ``papers/``, ``entities/``
    and ``labels/``) are removed. Views are planned, written and dropped one at a time (the
    index keeps only their titles and sizes): all the views of 100,000 papers would not fit.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _write_assets(out)
    with _remembering_papers(G):
        return _write_views(G, out, budget, max_pages)


def _write_views(G: nx.MultiDiGraph, out: Path, budget: int | None, max_pages: int | None) -> Path:
    """:func:`write_views` inside :func:`_remembering_papers`."""
    papers, entities, pages = _pages(G, max_pages)
    views, sizes = [], {}
    for v in _iter_views(G, budget, papers, entities, pages):
        _write(out / v.path, render_page(page_data(G, v, pages), v.path, v.subtitle))
        sizes[v.path] = len(v.nodes)
        views.append(replace(v, nodes=[], left_out=[]))
    written = set(sizes)
    for folder in ("papers", "entities", "labels"):
        d = out / folder
        if d.is_dir():
            for f in d.glob("*.html"):
                if f"{folder}/{f.name}" not in written:
                    f.unlink()
    index = out / "index.html"
    _write(index, _index_html(G, views, sizes))
    return index


def write_single_view(G: nx.MultiDiGraph, out: str | Path, nodes: list[str] | None = None,
                      title: str = "Graph", budget: int | None = None, name: str = "view.html") -> Path:
    """Write one view of ``nodes`` (default: all of ``G``) with the assets beside it (benchmarks, tests)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _write_assets(out)
    kept, left = apply_budget(G, sorted(nodes if nodes is not None else G.nodes), budget)
    view = View(name, title, f"{len(kept)} nodes", kept, left, kind="overview")
    path = out / name
    _write(path, render_page(page_data(G, view, {}), name, view.subtitle))
    return path




# --------------------------------------------------------------------------- page script and stylesheet

#: The script every view shares (``assets/papergraph.js``): draws the embedded data with vis-network.
PAGE_JS = r"""/* papergraph views: draws the page's embedded graph with vis-network, offline. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("pg-data").textContent);
  var timing = {start: performance.now(), stabilized: null, iterations: 0};
  var statusEl = document.getElementById("pg-status");
  var detailsEl = document.getElementById("pg-details");
  var nodeById = {}, edgeById = {};
  var labelOn = {}, typeOn = {};

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { e.textContent = attrs[k]; } else if (k === "cls") { e.className = attrs[k]; }
      else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return e;
  }
  function glyph(shape) {
    return {dot: "\u25CF", diamond: "\u25C6", square: "\u25A0", star: "\u2605", triangle: "\u25B2",
            triangleDown: "\u25BC", hexagon: "\u2B22", box: "\u25AC"}[shape] || "\u25CF";
  }
  function lineSwatch(style) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "34"); svg.setAttribute("height", "10"); svg.setAttribute("class", "pg-line");
    var l = document.createElementNS(ns, "line");
    l.setAttribute("x1", "1"); l.setAttribute("y1", "5"); l.setAttribute("x2", "33"); l.setAttribute("y2", "5");
    l.setAttribute("stroke", style[0]); l.setAttribute("stroke-width", String(Math.max(style[2], 1.5)));
    if (style[1]) { l.setAttribute("stroke-dasharray", style[1].join(",")); }
    svg.appendChild(l);
    return svg;
  }
  function describe(n) {
    var parts = [n.kind];
    if (n.labels && n.labels.length > 1) { parts = [n.labels.join(" / ")]; }
    if (n.year) { parts.push(String(n.year)); }
    if (n.category) { parts.push(n.category); }
    return parts.join(" \u00B7 ");
  }
  function nodeTip(n) {
    var box = el("div", {cls: "pg-tip"}, [el("b", {text: n.name}), el("div", {cls: "pg-muted", text: describe(n)})]);
    if (n.aliases && n.aliases.length) { box.appendChild(el("div", {text: "aliases: " + n.aliases.slice(0, 12).join(", ")})); }
    (n.links || []).forEach(function (l) { box.appendChild(el("div", {text: l[0] + ": " + l[1]})); });
    box.appendChild(el("div", {cls: "pg-muted", text: n.deg + " links in this view, " + n.gdeg + " in the graph" +
      (n.view ? " \u00B7 click to open its view" : "")}));
    return box;
  }
  function edgeTip(e) {
    var a = nodeById[e.from], b = nodeById[e.to];
    var conf = e.confidence === null || e.confidence === undefined ? "?" : Number(e.confidence).toFixed(2);
    var box = el("div", {cls: "pg-tip"}, [
      el("b", {text: e.type}), " ", el("span", {cls: "pg-muted", text: "confidence " + conf + (e.extractor ? " \u00B7 " + e.extractor : "")}),
      el("div", {text: (a ? a.short : e.from) + " \u2192 " + (b ? b.short : e.to)})]);
    if (e.evidence) { box.appendChild(el("div", {cls: "pg-evidence", text: e.evidence})); }
    if (e.section) { box.appendChild(el("div", {cls: "pg-muted", text: "from the " + e.section})); }
    return box;
  }

  var visNodes = D.nodes.map(function (n) {
    nodeById[n.id] = n;
    labelOn[n.kind] = true;
    var size = n.focus ? 28 : Math.min(9 + 3.5 * Math.sqrt(n.deg), 42);
    return {id: n.id, label: n.short, shape: n.shape, size: size, kind: n.kind, title: nodeTip(n),
            color: {background: n.color, border: n.focus ? "#222" : n.color,
                    highlight: {background: n.color, border: "#222"}, hover: {background: n.color, border: "#222"}},
            borderWidth: n.focus ? 3 : 1, font: {size: n.focus ? 16 : 12, color: n.shape === "box" ? "#fff" : "#333"}};
  });
  var visEdges = D.edges.map(function (e, i) {
    var st = D.styles.edges[e.type] || ["#bbbbbb", false, 1];
    edgeById[i] = e;
    typeOn[e.type] = true;
    var smooth = false;
    if (D.physics.smooth) {
      smooth = e.n ? {enabled: true, type: e.n % 2 ? "curvedCW" : "curvedCCW", roundness: 0.2 * Math.ceil(e.n / 2)}
                   : {enabled: true, type: "continuous", roundness: 0.3};
    }
    var c = e.confidence === null || e.confidence === undefined ? 0.5 : e.confidence;
    return {id: i, from: e.from, to: e.to, type: e.type, label: D.physics.edge_labels ? e.type : undefined,
            title: edgeTip(e), dashes: st[1], width: st[2] * (0.6 + 0.6 * c), smooth: smooth,
            color: {color: st[0], highlight: st[0], hover: st[0], opacity: 0.9},
            arrows: {to: {enabled: true, scaleFactor: 0.5}},
            font: {size: 8, color: "#666", strokeWidth: 3, strokeColor: "#ffffff", align: "middle"}};
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var options = {
    autoResize: true,
    layout: {randomSeed: 7, improvedLayout: !!D.physics.improved_layout},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: D.nodes.length > 1000,
                  hideEdgesOnZoom: D.nodes.length > 1000, keyboard: false},
    physics: {enabled: D.nodes.length > 0, solver: "forceAtlas2Based",
              forceAtlas2Based: {gravitationalConstant: -60, centralGravity: 0.01, springLength: 110,
                                 springConstant: 0.06, damping: 0.5, avoidOverlap: 0.2},
              maxVelocity: 60, minVelocity: 1,
              stabilization: {enabled: true, iterations: D.physics.iterations, updateInterval: 25, fit: true}},
    nodes: {font: {face: "system-ui, -apple-system, Segoe UI, sans-serif"}, scaling: {label: {drawThreshold: 5}}},
    edges: {selectionWidth: 1.5, hoverWidth: 1.2}
  };
  if (window.pgOptions) { options = vis.util.deepExtend(options, window.pgOptions); }  // benchmarks try settings
  timing.built = performance.now();
  var network = new vis.Network(document.getElementById("pg-graph"), {nodes: nodes, edges: edges}, options);
  timing.network = performance.now();

  function visibleCounts() {
    var n = nodes.get({filter: function (x) { return !x.hidden; }}).length;
    var m = edges.get({filter: function (x) { return !x.hidden; }}).length;
    return [n, m];
  }
  function showStatus() {
    var c = visibleCounts();
    statusEl.textContent = c[0] + " of " + D.nodes.length + " nodes, " + c[1] + " of " + D.edges.length + " relationships shown.";
  }
  function settled() {
    if (timing.stabilized !== null) { return; }
    timing.stabilized = performance.now();
    network.setOptions({physics: {enabled: false}});
    document.body.setAttribute("data-stable", "1");
    showStatus();
  }
  network.on("stabilizationProgress", function (p) {
    timing.iterations = p.iterations;
    if (D.physics.max_ms && performance.now() - timing.start > D.physics.max_ms) { network.stopSimulation(); }
    statusEl.textContent = "Laying out\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.on("stabilizationIterationsDone", function () { settled(); });
  network.on("stabilized", function (p) { if (p && p.iterations) { timing.iterations = p.iterations; } settled(); });
  if (!D.nodes.length) { settled(); }

  function showNode(id) {
    var n = nodeById[id];
    if (!n) { return; }
    detailsEl.className = "";
    detailsEl.textContent = "";
    var head = n.view ? el("a", {href: n.view, text: n.name}) : el("span", {text: n.name});
    detailsEl.appendChild(el("h2", {}, [head]));
    detailsEl.appendChild(el("div", {cls: "pg-muted", text: describe(n) + " \u00B7 " + n.id}));
    if (n.aliases && n.aliases.length) { detailsEl.appendChild(el("p", {text: "Aliases: " + n.aliases.join(", ")})); }
    if (n.value !== undefined) { detailsEl.appendChild(el("p", {text: "Value: " + n.value + (n.unit || "")})); }
    var links = (n.links || []).map(function (l) { return el("li", {}, [l[0] + ": ", el("a", {href: l[1], text: l[1]})]); });
    if (n.view) { links.unshift(el("li", {}, [el("a", {href: n.view, text: "its own view"})])); }
    if (links.length) { detailsEl.appendChild(el("ul", {}, links)); }
    var rels = {};
    network.getConnectedEdges(id).forEach(function (eid) {
      var e = edgeById[eid];
      var key = e.from === id ? e.type + " \u2192" : "\u2190 " + e.type;
      rels[key] = (rels[key] || 0) + 1;
    });
    var items = Object.keys(rels).sort().map(function (k) { return el("li", {text: k + " \u00D7 " + rels[k]}); });
    if (items.length) { detailsEl.appendChild(el("div", {cls: "pg-muted", text: "Relationships in this view:"})); detailsEl.appendChild(el("ul", {}, items)); }
  }
  function showEdge(eid) {
    var e = edgeById[eid];
    if (!e) { return; }
    detailsEl.className = "";
    detailsEl.textContent = "";
    detailsEl.appendChild(edgeTip(e));
    if (e.paper) { detailsEl.appendChild(el("div", {cls: "pg-muted", text: "derived from " + e.paper})); }
  }
  network.on("hoverNode", function (p) { showNode(p.node); });
  network.on("hoverEdge", function (p) { showEdge(p.edge); });
  network.on("click", function (p) {
    if (p.nodes.length) {
      var n = nodeById[p.nodes[0]];
      if (n && n.view) { window.location.href = n.view; return; }
      showNode(p.nodes[0]);
    } else if (p.edges.length) { showEdge(p.edges[0]); }
  });

  // filters: one checkbox per label and per relationship type, in the legend
  function applyFilters() {
    var hiddenNode = {};
    nodes.update(D.nodes.map(function (n) {
      hiddenNode[n.id] = !labelOn[n.kind];
      return {id: n.id, hidden: hiddenNode[n.id]};
    }));
    edges.update(D.edges.map(function (e, i) {
      return {id: i, hidden: !typeOn[e.type] || hiddenNode[e.from] || hiddenNode[e.to]};
    }));
    showStatus();
  }
  function legendRow(box, key, swatch, text, count, state) {
    var cb = el("input", {type: "checkbox", "data-key": key});
    cb.checked = true;
    cb.addEventListener("change", function () { state[key] = cb.checked; applyFilters(); });
    box.appendChild(el("label", {cls: "pg-row"}, [cb, swatch, " " + text + " ", el("span", {cls: "pg-muted", text: "(" + count + ")"})]));
  }
  var byKind = {}, byType = {};
  D.nodes.forEach(function (n) { byKind[n.kind] = (byKind[n.kind] || 0) + 1; });
  D.edges.forEach(function (e) { byType[e.type] = (byType[e.type] || 0) + 1; });
  var labelsBox = document.getElementById("pg-labels"), relsBox = document.getElementById("pg-rels");
  labelsBox.setAttribute("data-filter", "label");
  relsBox.setAttribute("data-filter", "type");
  Object.keys(D.styles.labels).forEach(function (k) {
    var st = D.styles.labels[k];
    legendRow(labelsBox, k, el("span", {cls: "pg-glyph", style: "color:" + st[0], text: glyph(st[1])}), k, byKind[k] || 0, labelOn);
  });
  Object.keys(D.styles.edges).forEach(function (t) {
    legendRow(relsBox, t, lineSwatch(D.styles.edges[t]), t, byType[t] || 0, typeOn);
  });

  // search by name, alias or id
  var searchEl = document.getElementById("pg-search"), resultsEl = document.getElementById("pg-results");
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) { return []; }
    var hits = D.nodes.filter(function (n) {
      return n.name.toLowerCase().indexOf(q) >= 0 || n.id.toLowerCase().indexOf(q) >= 0 ||
        (n.aliases || []).some(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
    });
    hits.sort(function (a, b) {
      var ea = a.name.toLowerCase() === q ? 0 : 1, eb = b.name.toLowerCase() === q ? 0 : 1;
      return ea - eb || b.deg - a.deg || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    return hits;
  }
  function focusNode(id) {
    var n = nodeById[id];
    if (!n) { return false; }
    if (!labelOn[n.kind]) {
      labelOn[n.kind] = true;
      var cb = labelsBox.querySelector("input[data-key='" + n.kind + "']");
      if (cb) { cb.checked = true; }
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.1), animation: {duration: 300}});
    showNode(id);
    return true;
  }
  function search(q) {
    var hits = matches(q);
    resultsEl.textContent = "";
    hits.slice(0, 30).forEach(function (n) {
      var li = el("li", {"data-id": n.id}, [el("span", {cls: "pg-glyph", style: "color:" + n.color, text: glyph(n.shape)}), " " + n.name + " ",
        el("span", {cls: "pg-muted", text: n.kind})]);
      li.addEventListener("click", function () { focusNode(n.id); });
      resultsEl.appendChild(li);
    });
    if (q.trim() && !hits.length) { resultsEl.appendChild(el("li", {cls: "pg-muted", text: "no node matches"})); }
    else if (hits.length > 30) { resultsEl.appendChild(el("li", {cls: "pg-muted", text: "\u2026 " + (hits.length - 30) + " more"})); }
    return hits.map(function (n) { return n.id; });
  }
  searchEl.addEventListener("input", function () { search(searchEl.value); });
  searchEl.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var hits = search(searchEl.value); if (hits.length) { focusNode(hits[0]); } }
  });

  window.pg = {network: network, nodes: nodes, edges: edges, data: D, timing: timing,
               search: search, focusNode: focusNode, applyFilters: applyFilters, labelOn: labelOn, typeOn: typeOn};
})();
"""

#: The stylesheet every view and the index share (``assets/papergraph.css``).
PAGE_CSS = """html, body { margin: 0; padding: 0; height: 100%; }
body { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; background: #fff; }
#pg-app { display: flex; height: 100vh; }
#pg-graph { flex: 1; min-width: 0; background: #fbfbfd; }
#pg-side { width: 330px; flex: none; overflow-y: auto; border-left: 1px solid #ddd; padding: 10px 14px; box-sizing: border-box; }
#pg-side h1 { font-size: 16px; margin: 8px 0 4px; }
#pg-side h2 { font-size: 14px; margin: 4px 0; }
#pg-side summary { font-weight: 600; cursor: pointer; margin-top: 8px; }
.pg-sub, .pg-muted { color: #666; }
.pg-note { background: #fff6d6; border: 1px solid #e8d48a; padding: 6px 8px; margin: 6px 0; border-radius: 4px; }
.pg-note ul { max-height: 200px; overflow-y: auto; padding-left: 18px; }
#pg-search, #pg-filter { width: 100%; box-sizing: border-box; padding: 5px 7px; margin: 8px 0 2px; font: inherit; }
#pg-results { list-style: none; padding: 0; margin: 0 0 6px; max-height: 220px; overflow-y: auto; }
#pg-results li { padding: 2px 4px; cursor: pointer; }
#pg-results li:hover { background: #eef3fb; }
.pg-legend .pg-row { display: block; white-space: nowrap; cursor: pointer; }
.pg-glyph { display: inline-block; width: 16px; text-align: center; }
.pg-line { vertical-align: middle; }
.pg-dot { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 6px; }
#pg-details { border-top: 1px solid #eee; margin-top: 10px; padding-top: 8px; word-wrap: break-word; }
#pg-details ul { padding-left: 18px; margin: 4px 0; }
.pg-tip { max-width: 420px; white-space: normal; }
.pg-evidence { margin-top: 4px; font-style: italic; }
div.vis-tooltip { white-space: normal !important; max-width: 440px; font: 12px/1.35 system-ui, sans-serif !important; }
body.pg-index { max-width: 980px; margin: 0 auto; padding: 12px 20px 40px; height: auto; }
body.pg-index ul { padding-left: 20px; }
body.pg-index h3 { margin: 14px 0 4px; font-size: 14px; }
"""
