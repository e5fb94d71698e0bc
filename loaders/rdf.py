"""RDF export of the graph (first version: Turtle through rdflib).

Resources live under ``<base>resource/<id>``, classes and properties under ``<base>ontology#``.
Papers are also ``schema:ScholarlyArticle``, datasets ``schema:Dataset``; names map to
``schema:name``, aliases to ``skos:altLabel``, titles and abstracts to Dublin Core.
Each paper-level statement is reified as a ``prov:Entity``-typed ``pg:Assertion`` node that holds
its evidence sentence, offsets, extractor and confidence, so SPARQL can reach provenance.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO, SKOS

from loaders.files import atomic_open

DEFAULT_BASE = "https://w3id.org/papergraph/"
CLASS_MAP = {"Paper": SDO.ScholarlyArticle, "Dataset": SDO.Dataset, "Benchmark": SDO.Dataset,
             "Repository": SDO.SoftwareSourceCode}


def iri(base: str, node_id: str) -> URIRef:
    """A safe, stable IRI for a node id (percent-encoded; ``:`` and ``/`` kept readable).

    >>> str(iri(DEFAULT_BASE, "method:vit-b-16"))
    'https://w3id.org/papergraph/resource/method:vit-b-16'
    >>> str(iri(DEFAULT_BASE, 'dataset:a b"c'))
    'https://w3id.org/papergraph/resource/dataset:a%20b%22c'
    """
    return URIRef(f"{base}resource/{quote(node_id, safe=':/-._~')}")


def to_rdf(G: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Graph:
    PG = Namespace(f"{base}ontology#")
    g = Graph()
    g.bind("pg", PG)
    g.bind("schema", SDO)
    g.bind("dcterms", DCTERMS)
    g.bind("prov", PROV)
    g.bind("skos", SKOS)
    g.bind("res", Namespace(f"{base}resource/"))
    for n, d in sorted(G.nodes(data=True)):
        s = iri(base, n)
        for label in d.get("labels") or [d.get("label")]:
            g.add((s, RDF.type, PG[label]))
            if label in CLASS_MAP:
                g.add((s, RDF.type, CLASS_MAP[label]))
        g.add((s, PG.id, Literal(n)))
        if d.get("label") == "Paper":
            g.add((s, DCTERMS.title, Literal(d["title"], lang="en")))
            g.add((s, DCTERMS.abstract, Literal(d["abstract"], lang="en")))
            if d.get("year"):
                g.add((s, DCTERMS.issued, Literal(d["year"], datatype=XSD.gYear)))
            if d.get("url"):
                g.add((s, SDO.url, Literal(d["url"], datatype=XSD.anyURI)))
        if d.get("name"):
            g.add((s, SDO.name, Literal(d["name"])))
            g.add((s, RDFS.label, Literal(d["name"])))
        for a in d.get("aliases") or []:
            g.add((s, SKOS.altLabel, Literal(a)))
        if d.get("category"):
            g.add((s, PG.category, Literal(d["category"])))
        if d.get("label") == "Result":
            g.add((s, PG.value, Literal(str(d["value"]), datatype=XSD.decimal)))
            if d.get("unit"):
                g.add((s, PG.unit, Literal(d["unit"])))
            g.add((s, PG.rawText, Literal(d["raw"])))
        if d.get("url") and d.get("label") == "Repository":
            g.add((s, SDO.codeRepository, Literal(d["url"], datatype=XSD.anyURI)))
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        su, sv = iri(base, u), iri(base, v)
        g.add((su, PG[k], sv))
        h = hashlib.sha1(f"{u}|{k}|{v}".encode()).hexdigest()[:16]
        a = URIRef(f"{base}resource/assertion:{h}")
        g.add((a, RDF.type, PG.Assertion))
        g.add((a, RDF.type, PROV.Entity))
        g.add((a, RDF.subject, su))
        g.add((a, RDF.predicate, PG[k]))
        g.add((a, RDF.object, sv))
        if d.get("evidence"):
            g.add((a, PG.evidence, Literal(d["evidence"], lang="en")))
        if d.get("start") is not None:
            g.add((a, PG.start, Literal(int(d["start"]), datatype=XSD.integer)))
            g.add((a, PG.end, Literal(int(d["end"]), datatype=XSD.integer)))
        g.add((a, PG.extractor, Literal(d.get("extractor", ""))))
        g.add((a, PG.confidence, Literal(float(d.get("confidence", 0.0)), datatype=XSD.double)))
    return g


def write_rdf(G: nx.MultiDiGraph, path: str | Path, base: str = DEFAULT_BASE, fmt: str = "turtle") -> int:
    """Serialise the graph to ``path`` atomically; returns the number of triples."""
    g = to_rdf(G, base)
    with atomic_open(path, "wb") as fh:
        g.serialize(destination=fh, format=fmt, encoding="utf-8")
    return len(g)
