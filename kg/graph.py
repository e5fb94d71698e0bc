"""The in-memory graph: a networkx MultiDiGraph built from papers, triples and results.

Pure functions of their inputs (networkx style): the same inputs give the same graph, with
nodes and edges added in sorted order so every serialisation is byte-identical.
Every relationship carries provenance: evidence sentence, offsets, extractor, confidence.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx

from kg.model import Entity, Paper, ResultRecord, Triple
from kg.vocab import Vocabulary, load_vocabulary, norm

__all__ = ["build_graph", "label_counts", "relation_counts", "papers_of", "shared_entities"]


def _provenance(ev, extractor: str, confidence: float) -> dict:
    return {"evidence": ev.sentence, "start": ev.start, "end": ev.end, "section": ev.section,
            "extractor": extractor, "confidence": confidence}


def build_graph(papers: Iterable[Paper], entities: dict[str, Entity], triples: Iterable[Triple],
                results: Iterable[ResultRecord] = (), vocabulary: Vocabulary | None = None) -> nx.MultiDiGraph:
    """The knowledge graph of SPEC.md.

    Examples
    --------
    >>> from kg.model import Paper, Triple, EntityRef, Evidence, Entity
    >>> p = Paper(id="paper:x", title="X", abstract="We train on ImageNet.")
    >>> e = Entity(id="dataset:imagenet", type="Dataset", name="ImageNet", labels=["Dataset"])
    >>> t = Triple(paper_id="paper:x", paper_title="X", relation="TRAINS_ON",
    ...            entity=EntityRef(id=e.id, type="Dataset", name="ImageNet"),
    ...            evidence=Evidence(sentence="We train on ImageNet.", start=12, end=20),
    ...            confidence=0.9, extractor="rules")
    >>> G = build_graph([p], {e.id: e}, [t])
    >>> sorted(G.nodes), [k for _, _, k in G.edges(keys=True)]
    (['dataset:imagenet', 'paper:x'], ['TRAINS_ON'])
    """
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
    G = nx.MultiDiGraph()
    triples = sorted(triples, key=lambda t: (t.paper_id, t.relation, t.entity.id))
    results = sorted(results, key=lambda r: r.id)
    code = {t.paper_id: t.entity.aliases[0] for t in triples if t.relation == "HAS_CODE" and t.entity.aliases}
    for p in sorted(papers, key=lambda p: p.id):
        G.add_node(p.id, label="Paper", labels=["Paper"], title=p.title, abstract=p.abstract, year=p.year,
                   url=p.url, source=p.source, code_url=code.get(p.id), authors=list(p.authors), venue=p.venue,
                   doi=p.doi)
    used = {t.entity.id for t in triples} | {r.id for r in results}
    used |= {x.id for r in results for x in (r.metric, r.dataset, r.method) if x is not None}
    for eid in sorted(used):
        ent = entities.get(eid)
        if ent is not None:
            G.add_node(eid, label=ent.labels[0] if ent.labels else ent.type, labels=list(ent.labels or [ent.type]),
                       name=ent.name, aliases=list(ent.aliases), category=ent.category, named=ent.named)
    for t in triples:
        if t.entity.id not in G:
            labels = [t.entity.type]
            attrs = {"name": t.entity.name, "aliases": list(t.entity.aliases)}
            if t.entity.type == "Repository":
                attrs = {"name": t.entity.name, "url": t.entity.aliases[0] if t.entity.aliases else None}
            G.add_node(t.entity.id, label=t.entity.type, labels=labels, **attrs)
        G.add_edge(t.paper_id, t.entity.id, key=t.relation, type=t.relation,
                   **_provenance(t.evidence, t.extractor, t.confidence))
    for r in results:
        G.add_node(r.id, label="Result", labels=["Result"], value=r.value, unit=r.unit, raw=r.raw)
        prov = _provenance(r.evidence, r.extractor, r.confidence)
        G.add_edge(r.paper_id, r.id, key="REPORTS", type="REPORTS", **prov)
        for rel, ref in (("MEASURED_BY", r.metric), ("ON", r.dataset), ("OF", r.method)):
            if ref is not None and ref.id in G:
                G.add_edge(r.id, ref.id, key=rel, type=rel, **prov)
    _derive_entity_links(G, triples, vocabulary)
    return G


def _derive_entity_links(G: nx.MultiDiGraph, triples: list[Triple], vocabulary: Vocabulary) -> None:
    """VARIANT_OF and BENCHMARK_FOR from the vocabulary; EVALUATED_ON from what papers say."""
    by_name = {(G.nodes[n].get("label"), norm(G.nodes[n].get("name") or "")): n for n in G.nodes}
    for n in sorted(G.nodes):
        data = G.nodes[n]
        label = data.get("label")
        if label not in ("Method", "Dataset", "Benchmark"):
            continue
        entry = vocabulary.by_name(label, data.get("name", ""))
        if entry is None:
            continue
        if entry.variant_of:
            target = by_name.get(("Method", norm(entry.variant_of)))
            if target and target != n:
                G.add_edge(n, target, key="VARIANT_OF", type="VARIANT_OF", evidence=entry.note, start=None,
                           end=None, section="vocabulary", extractor="vocabulary", confidence=0.95)
        for task in entry.tasks:
            target = by_name.get(("Task", norm(task)))
            if target:
                G.add_edge(n, target, key="BENCHMARK_FOR", type="BENCHMARK_FOR", evidence=entry.note, start=None,
                           end=None, section="vocabulary", extractor="vocabulary", confidence=0.9)
    # a paper's own method is EVALUATED_ON the data the paper evaluates on
    per_paper: dict[str, dict[str, list[Triple]]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        per_paper[t.paper_id][t.relation].append(t)
    for pid in sorted(per_paper):
        rels = per_paper[pid]
        for m in rels.get("PROPOSES", []):
            for d in rels.get("EVALUATES_ON", []):
                if not G.has_edge(m.entity.id, d.entity.id, key="EVALUATED_ON"):
                    G.add_edge(m.entity.id, d.entity.id, key="EVALUATED_ON", type="EVALUATED_ON",
                               paper=pid, **_provenance(d.evidence, d.extractor, round(min(m.confidence, d.confidence), 3)))


def label_counts(G: nx.MultiDiGraph) -> dict[str, int]:
    """Nodes per label (a node with two labels counts under both).

    >>> G = nx.MultiDiGraph(); G.add_node("a", labels=["Dataset", "Benchmark"]); G.add_node("b", labels=["Paper"])
    >>> label_counts(G)
    {'Benchmark': 1, 'Dataset': 1, 'Paper': 1}
    """
    c = Counter(lab for _, d in G.nodes(data=True) for lab in d.get("labels", [d.get("label")]))
    return dict(sorted(c.items()))


def relation_counts(G: nx.MultiDiGraph) -> dict[str, int]:
    """Relationships per type."""
    return dict(sorted(Counter(k for _, _, k in G.edges(keys=True)).items()))


def papers_of(G: nx.MultiDiGraph, entity: str) -> list[str]:
    """Papers with a relationship to ``entity``, sorted."""
    return sorted({u for u, _ in G.in_edges(entity) if G.nodes[u].get("label") == "Paper"})


def shared_entities(G: nx.MultiDiGraph, min_papers: int = 2) -> list[str]:
    """Entities that link at least ``min_papers`` papers, most shared first."""
    ents = [(n, len(papers_of(G, n))) for n, d in G.nodes(data=True) if d.get("label") not in ("Paper", "Result")]
    return [n for n, k in sorted(ents, key=lambda x: (-x[1], x[0])) if k >= min_papers]
