"""RDF export, SHACL validation and SPARQL on the bundled corpus (issue 5)."""
from __future__ import annotations

import re

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDF, XSD
from typer.testing import CliRunner

from loaders.rdf import (DEFAULT_BASE, PG, FORMATS, id_of, iri, iter_triples, to_rdf, validate,
                         write_rdf)
from loaders.sparql import IRI, QueryError, open_store, query

RDFLIB_FORMAT = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}
RES = DEFAULT_BASE + "resource/"


def paper_by_title(G, prefix):
    hits = [n for n, d in G.nodes(data=True) if d.get("label") == "Paper" and d["title"].startswith(prefix)]
    assert len(hits) == 1, prefix
    return hits[0]


def parse(path, name) -> set:
    if name == "trig":
        ds = rdflib.Dataset()
        ds.parse(path, format="trig")
        return {(s, p, o) for s, p, o, _ in ds.quads()}
    return set(rdflib.Graph().parse(path, format=RDFLIB_FORMAT[name]))


@pytest.fixture(scope="module")
def reference(sample_build):
    return set(to_rdf(sample_build[0].graph))


@pytest.fixture(scope="module")
def store(sample_build):
    return open_store(sample_build[1])          # the build's own graph.ttl


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_parses_back_to_the_same_triples(sample_build, reference, tmp_path, name):
    G = sample_build[0].graph
    path = tmp_path / f"graph.{FORMATS[name][1]}"
    n = write_rdf(G, path, fmt=name)
    assert n == len(reference) > 15000
    assert parse(path, name) == reference                       # rdflib reads it back
    assert len(open_store(path)) == len(reference)              # so does pyoxigraph
    again = tmp_path / f"again.{FORMATS[name][1]}"
    write_rdf(G, again, fmt=name)
    assert again.read_bytes() == path.read_bytes()              # deterministic


def test_build_writes_graph_ttl_that_conforms_to_the_shapes(sample_build, reference):
    out = sample_build[1]
    assert set(rdflib.Graph().parse(out / "graph.ttl")) == reference
    conforms, violations = validate(out)
    assert conforms, [str(v) for v in violations[:10]]


def small_graph(G, paper):
    """The paper, its neighbours and the edges among them: a small export to break on purpose."""
    keep = {paper} | set(G.successors(paper))
    return G.subgraph(keep).copy()


def test_shape_violations_are_reported_in_plain_words(sample_build):
    G = sample_build[0].graph
    p = paper_by_title(G, "InterBERT")
    g = to_rdf(small_graph(G, p))
    assert validate(g)[0]
    paper, method = URIRef(p), URIRef("method:interbert")
    g.remove((paper, DCTERMS.title, None))                                   # a paper without title
    g.add((URIRef("dataset:imagenet"), PG.PROPOSES, method))                 # a dataset cannot propose
    st = next(g.subjects(RDF.predicate, PG.PROPOSES))
    g.set((st, PG.confidence, rdflib.Literal("1.5", datatype=XSD.double)))   # out of range
    g.remove((paper, PG.PROPOSES, method))                                   # statement of nothing
    conforms, violations = validate(g)
    assert not conforms
    text = "\n".join(map(str, violations))
    assert f"{p} [dcterms:title]: A paper needs exactly one title" in text
    assert "dataset:imagenet: Only a Paper can have PROPOSES links." in text
    assert "between 0 and 1" in text and "(found: '1.5')" in text
    assert "describes a triple that is not asserted" in text


def URIRef(node_id):
    return rdflib.URIRef(str(iri(DEFAULT_BASE, node_id)))


ODD = ["dataset:a/b/c", "method:two words", "task:café-naïve", "metric:\"quoted\" 'too'", "dataset:<angle>",
       "method:50%#frag?q=1", "dataset:../..", "method:日本語", "method:tab\tand\nnewline", "method:back\\slash"]
IRI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


@pytest.mark.parametrize("node_id", ODD)
def test_odd_names_give_valid_stable_iris(node_id):
    value = str(iri(DEFAULT_BASE, node_id))
    assert IRI_CHARS.match(value) and "#" not in value[len(DEFAULT_BASE):] and "?" not in value
    assert "/./" not in value and "/../" not in value and not value.endswith("/..")
    assert id_of(DEFAULT_BASE, value) == node_id
    assert value == str(iri(DEFAULT_BASE, node_id))
    ox.NamedNode(value)                                          # pyoxigraph checks IRI syntax


def test_odd_names_round_trip_through_every_format(tmp_path):
    G = nx.MultiDiGraph()
    for i, n in enumerate(ODD):
        G.add_node(n, label="Method", labels=["Method"], name=n.split(":", 1)[1], aliases=[f"a{i}", '"x"\\y'],
                   named=True)
    G.add_node("paper:p/1", label="Paper", labels=["Paper"], title='A "title"\nwith breaks', abstract="Ünïcode.",
               year=2021, url="https://example.org/a b", authors=["A. B."], source="/x/y.jsonl")
    G.add_node("result:r1", label="Result", labels=["Result"], value=1e-05, unit="%", raw="0.00001%")
    for n in ODD:
        G.add_edge("paper:p/1", n, key="USES", evidence="We use \"it\".", start=0, end=3, section="abstract",
                   extractor="rules:x y", confidence=0.5)
    G.add_edge("paper:p/1", "result:r1", key="REPORTS", evidence="r", start=0, end=1, section="abstract",
               extractor="rules", confidence=1)
    ref = set(to_rdf(G))
    for name in FORMATS:
        path = tmp_path / f"odd.{FORMATS[name][1]}"
        write_rdf(G, path, fmt=name)
        assert parse(path, name) == ref, name
        assert len(open_store(path)) == len(ref), name
    assert validate(to_rdf(G))[0]
    lits = {(str(p), o) for s, p, o in ref if isinstance(o, rdflib.Literal)}
    assert (str(DCTERMS.issued), rdflib.Literal("2021", datatype=XSD.gYear)) in lits
    assert (str(PG.year), rdflib.Literal("2021", datatype=XSD.integer)) in lits
    assert (str(PG.value), rdflib.Literal("0.00001", datatype=XSD.decimal)) in lits
    assert (str(PG.confidence), rdflib.Literal("0.5", datatype=XSD.double)) in lits
    assert (str(PG.evidence), rdflib.Literal('We use "it".', lang="en")) in lits


def test_sparql_answers_known_facts_of_the_bundled_corpus(sample_build, store):
    G = sample_build[0].graph
    rows = query(store, """SELECT ?paper ?title ?m WHERE { ?paper pg:PROPOSES ?m ; dcterms:title ?title .
                           FILTER(STRSTARTS(STR(?title), "InterBERT")) }""",
                 {"m": IRI(RES + "method:interbert")})
    assert rows.columns == ["paper", "title", "m"]
    assert [id_of(DEFAULT_BASE, r[0]) for r in rows] == [paper_by_title(G, "InterBERT")]
    rows = query(store, "SELECT ?title ?repo WHERE { ?p pg:HAS_CODE ?repo ; dcterms:title ?title }",
                 {"repo": IRI(RES + "repo:github.com/Atten4Vis/CAE")})
    assert [r[0] for r in rows] == [G.nodes[paper_by_title(G, "Context Autoencoder")]["title"]]


def test_bound_values_are_never_query_text(store):
    rows = query(store, "SELECT ?x ?name WHERE { ?x schema:name ?name }", {"name": 'ImageNet" } #'})
    assert rows.rows == []
    rows = query(store, "SELECT ?x ?name WHERE { ?x schema:name ?name }", {"name": "ImageNet"})
    assert [id_of(DEFAULT_BASE, r[0]) for r in rows] == ["dataset:imagenet"]
    with pytest.raises(QueryError):
        query(store, "SELEC nothing")
    with pytest.raises(QueryError, match="SELECT clause"):        # pyoxigraph: bound variables are projected
        query(store, "SELECT ?x WHERE { ?x schema:name ?name }", {"name": "ImageNet"})


def test_provenance_of_a_statement_is_reachable_with_sparql(sample_build, store):
    G = sample_build[0].graph
    p = paper_by_title(G, "InterBERT")
    rows = query(store, """
        SELECT ?paper ?m ?evidence ?start ?end ?confidence ?agent WHERE {
            ?st rdf:subject ?paper ; rdf:predicate pg:PROPOSES ; rdf:object ?m ;
                pg:evidence ?evidence ; pg:start ?start ; pg:end ?end ; pg:confidence ?confidence ;
                prov:wasAttributedTo/rdfs:label ?agent ; prov:wasDerivedFrom ?paper .
        }""", {"paper": IRI(str(iri(DEFAULT_BASE, p))), "m": IRI(RES + "method:interbert")})
    assert len(rows) == 1
    d = rows.dicts()[0]
    edge = G.edges[p, "method:interbert", "PROPOSES"]
    assert d["evidence"] == edge["evidence"] and "InterBERT" in d["evidence"]
    assert (d["start"], d["end"], d["confidence"], d["agent"]) == (edge["start"], edge["end"],
                                                                   edge["confidence"], edge["extractor"])
    assert G.nodes[p]["abstract"][d["start"]:d["end"]] == "InterBERT"


def test_streaming_matches_the_rdflib_graph(sample_build):
    G = sample_build[0].graph
    triples = list(iter_triples(G))
    assert len(triples) == len(set(triples)) == len(to_rdf(G))


def test_cli_export_validate_sparql(sample_build, tmp_path):
    from kg.cli import app
    out = sample_build[1]
    runner = CliRunner()
    target = tmp_path / "g.nt"
    r = runner.invoke(app, ["export", "rdf", str(out), "--format", "nt", "--base", "https://example.org/pg/",
                            "--out", str(target)])
    assert r.exit_code == 0, r.output
    assert "<https://example.org/pg/resource/method:interbert>" in target.read_text(encoding="utf-8")
    r = runner.invoke(app, ["sparql", str(out), "SELECT ?p ?r WHERE { ?p pg:HAS_CODE ?r }", "--format", "csv",
                            "--bind", f"r=<{RES}repo:github.com/Atten4Vis/CAE>"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "p,r" and "context-autoencoder" in r.stdout
    r = runner.invoke(app, ["export", "rdf", str(out), "--format", "xml"])
    assert r.exit_code == 1 and "unknown RDF format" in r.output
    bad = tmp_path / "bad.ttl"
    bad.write_text(f"@prefix pg: <{PG._NS}> .\n<{RES}method:x> a pg:Method ; pg:id \"method:x\" .\n",
                   encoding="utf-8")
    r = runner.invoke(app, ["validate", str(bad)])
    assert r.exit_code == 1
    assert "method:x [schema:name]: A method, dataset, task, metric or modality needs exactly one name" in r.output
