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
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.graph import papers_of
from loaders.files import atomic_open

__all__ = ["NODE_BUDGET", "STYLE", "EDGE_STYLE", "View", "kind_of", "overview_nodes", "paper_view_nodes",
           "entity_view_nodes", "label_view_nodes", "view_entities", "apply_budget", "plan_views", "page_data",
           "render_page", "write_views"]

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
#: Labels whose entities get a view of their own when two or more papers name them.
ENTITY_VIEW_LABELS = ("Dataset", "Benchmark", "Method", "Task", "Metric")
#: Labels through which papers "share" something (modalities and metrics are too common to say much).
SHARING_LABELS = ("Dataset", "Benchmark", "Method", "Task")
LABEL_ORDER = ("Paper", "Dataset", "Benchmark", "Method", "Task", "Metric", "Modality", "Result", "Repository")
ASSETS = "assets"


# --------------------------------------------------------------------------- which nodes a view shows

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
                  and len(papers_of(G, n)) >= min_papers)


def overview_nodes(G: nx.MultiDiGraph) -> list[str]:
    """Papers and the entities (datasets, benchmarks, methods, tasks) that link two or more papers.

    >>> G = nx.MultiDiGraph()
    >>> for p in "ab": G.add_node(p, label="Paper")
    >>> G.add_node("d", label="Dataset"); G.add_node("t", label="Task")
    >>> G.add_edge("a", "d", key="USES"); G.add_edge("b", "d", key="USES"); G.add_edge("a", "t", key="ADDRESSES")
    >>> overview_nodes(G)
    ['a', 'b', 'd']
    """
    shared = [n for n in G if any(_has_label(G, n, lab) for lab in SHARING_LABELS) and len(papers_of(G, n)) >= 2]
    papers = {p for n in shared for p in papers_of(G, n)}
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
            nodes |= set(papers_of(G, n))
    return sorted(nodes)


def entity_view_nodes(G: nx.MultiDiGraph, entity: str) -> list[str]:
    """An entity, the papers that name it, the results reported on it (and their papers), and the
    entities it is directly linked to (variants, benchmarks for tasks, …)."""
    nodes = {entity} | set(papers_of(G, entity))
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
    return sorted(set(ents) | {p for e in ents for p in papers_of(G, e)})


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
    deg = dict(G.subgraph(nodes).degree())
    fixed = [n for n in keep if n in deg]
    rest = sorted((n for n in nodes if n not in fixed), key=lambda n: (-deg[n], n))
    kept = fixed + rest[:max(budget - len(fixed), 0)]
    kept_set = set(kept)
    return sorted(kept), sorted(n for n in nodes if n not in kept_set)


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


def plan_views(G: nx.MultiDiGraph, budget: int | None = NODE_BUDGET) -> tuple[list[View], dict[str, str]]:
    """Every view of ``G`` and the page of each node that has one (node id → relative path)."""
    papers = sorted(n for n, d in G.nodes(data=True) if d.get("label") == "Paper")
    entities = view_entities(G)
    pages = {**_file_names(papers, "papers", True), **_file_names(entities, "entities", False)}
    views: list[View] = []
    nodes, left = apply_budget(G, overview_nodes(G), budget)
    n_papers = sum(1 for n in nodes if G.nodes[n].get("label") == "Paper")
    views.append(View("overview.html", "Overview: papers and the entities they share",
                      f"{n_papers} papers and {len(nodes) - n_papers} datasets, benchmarks, methods and tasks "
                      f"named by two or more papers; node size follows degree.", nodes, left, kind="overview"))
    present = Counter(kind for n in G for kind in (G.nodes[n].get("labels") or [G.nodes[n].get("label")]))
    for label in LABEL_ORDER:
        if label in ("Paper", "Result") or not present.get(label):
            continue
        nodes, left = apply_budget(G, label_view_nodes(G, label), budget)
        views.append(View(f"labels/{label.lower()}.html", f"All {label} nodes",
                          f"{present[label]} {label} nodes with the papers that link to them.", nodes, left,
                          kind="label"))
    for e in entities:
        n_p = len(papers_of(G, e))
        nodes, left = apply_budget(G, entity_view_nodes(G, e), budget, keep=(e,))
        views.append(View(pages[e], f"{kind_of(G, e)}: {_name(G, e)}",
                          f"Named by {n_p} papers; edges say how each paper uses it.", nodes, left, focus=e,
                          kind="entity"))
    for p in papers:
        nodes, left = apply_budget(G, paper_view_nodes(G, p), budget, keep=(p,))
        others = sum(1 for n in nodes if n != p and G.nodes[n].get("label") == "Paper")
        views.append(View(pages[p], _name(G, p),
                          f"Paper: what it links to, and {others} papers sharing a dataset, benchmark, method or "
                          f"task with it.", nodes, left, focus=p, kind="paper"))
    return views, pages


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
           "color": color, "shape": shape, "deg": deg, "gdeg": G.degree(n)}
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
    H = G.subgraph(view.nodes)
    deg = dict(H.degree())
    nodes = [_node_record(G, n, deg.get(n, 0), root + pages[n] if n in pages and pages[n] != view.path else None,
                          n == view.focus) for n in sorted(H.nodes)]
    edges = []
    parallel: Counter = Counter()
    for u, v, k, d in sorted(H.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
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
    left_items = [[n, _name(G, n), kind_of(G, n), (root + pages[n]) if n in pages else None]
                  for n in sorted(view.left_out, key=lambda n: (-G.degree(n), n))[:300]]
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
        "physics": {"iterations": 400 if n <= 200 else 250 if n <= 1000 else 150,
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


def _index_html(G: nx.MultiDiGraph, views: list[View]) -> str:
    esc = html.escape
    by_kind: dict[str, list[View]] = {}
    for v in views:
        by_kind.setdefault(v.kind, []).append(v)

    def li(v: View, extra: str = "") -> str:
        return (f"<li data-q=\"{esc((v.title + ' ' + extra).lower(), quote=True)}\"><a href=\"{esc(v.path, quote=True)}\">"
                f"{esc(v.title)}</a> <span class='pg-muted'>— {len(v.nodes)} nodes{extra and ' · ' + esc(extra)}"
                f"</span></li>")

    sections = []
    top = by_kind.get("overview", []) + by_kind.get("label", [])
    sections.append("<h2>Overview and labels</h2><ul>" + "".join(li(v) for v in top) + "</ul>")
    ents = sorted(by_kind.get("entity", []), key=lambda v: (-len(papers_of(G, v.focus)), v.title))
    groups: dict[str, list[View]] = {}
    for v in ents:
        groups.setdefault(kind_of(G, v.focus), []).append(v)
    parts = []
    for kind in sorted(groups, key=lambda k: LABEL_ORDER.index(k) if k in LABEL_ORDER else 99):
        color, _ = STYLE.get(kind, DEFAULT_NODE_STYLE)
        items = "".join(li(v, f"{len(papers_of(G, v.focus))} papers") for v in groups[kind])
        parts.append(f"<h3><span class='pg-dot' style='background:{color}'></span>{esc(kind)} "
                     f"({len(groups[kind])})</h3><ul>{items}</ul>")
    sections.append(f"<h2>Shared entities ({len(ents)})</h2>" + "".join(parts))
    papers = sorted(by_kind.get("paper", []), key=lambda v: v.title.lower())
    sections.append(f"<h2>Papers ({len(papers)})</h2><ul>" + "".join(li(v) for v in papers) + "</ul>")
    counts = Counter(kind_of(G, n) for n in G)
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


def write_views(G: nx.MultiDiGraph, out: str | Path, budget: int | None = NODE_BUDGET) -> Path:
    """Write every view, the shared assets and ``index.html`` into ``out``; returns the index path.

    Pages of an earlier run that no longer correspond to a node (in ``papers/``, ``entities/``
    and ``labels/``) are removed.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _write_assets(out)
    views, pages = plan_views(G, budget)
    written = set()
    for v in views:
        _write(out / v.path, render_page(page_data(G, v, pages), v.path, v.subtitle))
        written.add(v.path)
    for folder in ("papers", "entities", "labels"):
        d = out / folder
        if d.is_dir():
            for f in d.glob("*.html"):
                if f"{folder}/{f.name}" not in written:
                    f.unlink()
    index = out / "index.html"
    _write(index, _index_html(G, views))
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


