"""`kg load neo4j` against a real Neo4j 5 (never mocked).

The server comes from the environment: ``make test`` starts one with ``scripts/test-env.sh`` and
exports NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD; by hand, ``scripts/neo4j-local start`` then
``eval "$(scripts/neo4j-local env)"``. Without them the tests skip, or fail when CI is set.
The tests own the database: it is wiped before each one.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kg.graph import label_counts, relation_counts
from loaders.files import read_graph_json
from loaders.neo4j_writer import (LABELS, Neo4jVersionUnsupported, Neo4jWriter, check_version, connect,
                                  db_counts, wipe)

ROOT = Path(__file__).resolve().parents[1]

SECOND_CORPUS = [
    {"id": "test:imagenet-bert-1", "title": "Masked Patch Pretraining for Vision Transformers on ImageNet",
     "abstract": "We pretrain a vision transformer with a masked patch objective on ImageNet and fine-tune it "
                 "for image classification. Our model improves top-1 accuracy on ImageNet over supervised "
                 "pretraining and transfers to object detection on COCO."},
    {"id": "test:imagenet-bert-2", "title": "Distilling BERT for Efficient Language Understanding",
     "abstract": "We distill BERT into a smaller student model with a layer-wise objective. The student keeps "
                 "most of the teacher's accuracy on the GLUE benchmark while running four times faster, and we "
                 "compare with DistilBERT and TinyBERT on GLUE and SQuAD."},
    {"id": "test:imagenet-bert-3", "title": "Joint Image and Text Encoders Trained on ImageNet and Wikipedia",
     "abstract": "We train an image encoder on ImageNet and a BERT text encoder on Wikipedia and align them with "
                 "a contrastive loss. We evaluate on GLUE for language understanding and on ImageNet linear "
                 "probing for vision, and report accuracy on both."},
]


# ------------------------------------------------------------------------------- fixtures
@pytest.fixture
def db(driver):
    """The driver, on an empty database."""
    wipe(driver)
    yield driver


@pytest.fixture(scope="session")
def second_build(tmp_path_factory):
    """A small corpus of 3 papers sharing ImageNet, BERT and GLUE with the bundled one."""
    import kg
    d = tmp_path_factory.mktemp("second")
    src = d / "three.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in SECOND_CORPUS), encoding="utf-8")
    b = kg.build([src])
    b.write(d / "out", views=False, rdf=False)
    return b, d / "out"


def load(driver, graph, **kw) -> Neo4jWriter:
    w = Neo4jWriter(driver, **kw)
    w.write(graph)
    return w


def edge_keys(G) -> set[tuple[str, str, str]]:
    return {(u, v, k) for u, v, k in G.edges(keys=True)}


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", "load", "neo4j", *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=120)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------------------- loading
@pytest.mark.neo4j
def test_load_matches_graph_json_per_label_and_type(db, sample_build):
    _, out = sample_build
    G = read_graph_json(out)
    w = load(db, G, batch_size=100)  # small batches: several per group
    labels, types = db_counts(db)
    assert labels == label_counts(G)
    assert types == relation_counts(G)
    assert w.counters["nodes_created"] == G.number_of_nodes()
    assert w.counters["relationships_created"] == G.number_of_edges()
    total = db.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    assert total == G.number_of_nodes()


@pytest.mark.neo4j
def test_loading_twice_changes_no_count(db, sample_build):
    G = read_graph_json(sample_build[1])
    load(db, G)
    before = db_counts(db)
    props_before = db.execute_query(
        "MATCH (n) RETURN sum(size(keys(n))) AS n").records[0]["n"]
    w = load(db, G)
    assert db_counts(db) == before
    assert w.counters.get("nodes_created", 0) == 0
    assert w.counters.get("relationships_created", 0) == 0
    assert db.execute_query("MATCH (n) RETURN sum(size(keys(n))) AS n").records[0]["n"] == props_before
    aliases = db.execute_query("MATCH (n) WHERE size(n.aliases) > 0 "
                               "RETURN n.id AS id, n.aliases AS a ORDER BY id").records
    graph_aliases = sorted((n, d["aliases"]) for n, d in G.nodes(data=True) if d.get("aliases"))
    assert [(r["id"], r["a"]) for r in aliases] == graph_aliases  # not doubled by the second load


@pytest.mark.neo4j
def test_second_corpus_adds_and_merges_shared_entities(db, sample_build, second_build):
    G1 = read_graph_json(sample_build[1])
    G2 = read_graph_json(second_build[1])
    shared = set(G1) & set(G2)
    assert {"dataset:imagenet", "dataset:glue", "method:bert"} <= shared
    load(db, G1)
    load(db, G2)
    n_nodes = db.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    n_rels = db.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    assert n_nodes == len(set(G1) | set(G2))
    assert n_rels == len(edge_keys(G1) | edge_keys(G2))
    # one ImageNet node, reached from papers of both builds
    rows = db.execute_query("MATCH (p:Paper)-->(d:Dataset {id: 'dataset:imagenet'}) RETURN DISTINCT p.id AS id").records
    papers = {r["id"] for r in rows}
    assert papers & {n for n, d in G1.nodes(data=True) if d["label"] == "Paper"}
    assert papers & {n for n, d in G2.nodes(data=True) if d["label"] == "Paper"}
    assert db.execute_query("MATCH (d {id: 'dataset:imagenet'}) RETURN count(d) AS n").records[0]["n"] == 1


@pytest.mark.neo4j
def test_known_fact_interbert_proposes_interbert(db, sample_build):
    load(db, read_graph_json(sample_build[1]))
    rows = db.execute_query(
        "MATCH (p:Paper)-[:PROPOSES]->(m:Method {id: 'method:interbert'}) RETURN p.title AS title").records
    assert [r["title"] for r in rows] == [
        "InterBERT: Vision-and-Language Interaction for Multi-modal Pretraining"]


@pytest.mark.neo4j
def test_provenance_survives_on_relationships(db, sample_build):
    G = read_graph_json(sample_build[1])
    load(db, G)
    rows = db.execute_query("MATCH (a)-[r]->(b) RETURN a.id AS s, b.id AS t, type(r) AS k, "
                            "properties(r) AS p").records
    assert len(rows) == G.number_of_edges()
    for r in rows:
        data = G.edges[r["s"], r["t"], r["k"]]
        expected = {k: v for k, v in data.items() if k not in ("source", "target", "key", "type") and v is not None}
        assert r["p"] == expected, (r["s"], r["k"], r["t"])
        assert {"evidence", "extractor", "confidence"} <= r["p"].keys()
    with_offsets = [r for r in rows if "start" in r["p"]]
    assert with_offsets and all(isinstance(r["p"]["start"], int) and r["p"]["end"] > r["p"]["start"]
                                for r in with_offsets)


@pytest.mark.neo4j
def test_nodes_keep_properties_aliases_as_lists_and_labels(db, sample_build):
    G = read_graph_json(sample_build[1])
    load(db, G)
    rows = db.execute_query("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS p").records
    assert len(rows) == G.number_of_nodes()
    for r in rows:
        data = G.nodes[r["id"]]
        assert sorted(r["labels"]) == sorted(data["labels"])
        expected = {k: v for k, v in data.items() if k not in ("label", "labels") and v is not None}
        assert r["p"] == {**expected, "id": r["id"]}, r["id"]
        if "aliases" in data:
            assert isinstance(r["p"]["aliases"], list)
    assert any(r["p"].get("aliases") for r in rows)
    benchmarks = db.execute_query("MATCH (n:Dataset:Benchmark) RETURN count(n) AS n").records[0]["n"]
    assert benchmarks == label_counts(G)["Benchmark"]


@pytest.mark.neo4j
def test_schema_constraints_and_full_text_index(db, sample_build):
    G = read_graph_json(sample_build[1])
    load(db, G)
    constraints = db.execute_query("SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
                                   "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties").records
    assert {r["label"] for r in constraints if r["properties"] == ["id"]} >= set(LABELS)
    indexes = db.execute_query("SHOW INDEXES YIELD name, type, labelsOrTypes, properties "
                               "RETURN name, type, labelsOrTypes, properties").records
    ranged = {(r["labelsOrTypes"][0], r["properties"][0]) for r in indexes if r["type"] == "RANGE"}
    assert ("Paper", "title") in ranged and ("Method", "name") in ranged and ("Dataset", "name") in ranged
    full = [r for r in indexes if r["type"] == "FULLTEXT"]
    assert full and {"name", "aliases", "title"} <= set(full[0]["properties"])
    # an alias finds its entity through the full-text index
    node, alias = next((n, d["aliases"][0]) for n, d in sorted(G.nodes(data=True))
                       if d.get("aliases") and d["aliases"][0].isalpha() and len(d["aliases"][0]) > 3)
    hits = db.execute_query(f"CALL db.index.fulltext.queryNodes('{full[0]['name']}', $q) YIELD node "
                            "RETURN node.id AS id", q=alias).records
    assert node in {r["id"] for r in hits}
    # the relationship MATCH uses the constraint index
    plan = db.execute_query("EXPLAIN MATCH (a:Paper {id: $s}) RETURN a", s="x").summary.plan
    assert "NodeUniqueIndexSeek" in json.dumps(plan)


@pytest.mark.neo4j
def test_other_link_properties_and_missing_provenance(db):
    import networkx as nx
    G = nx.MultiDiGraph()
    G.add_node("paper:x", label="Paper", labels=["Paper"], title="X", doi=None, authors=["A", "B"])
    G.add_node("method:y", label="Method", labels=["Method"], name="Y", aliases=["Why"])
    G.add_edge("paper:x", "method:y", key="USES", type="USES", evidence="X uses Y.", start=None, end=None,
               extractor="rules", confidence=0.5, weight=2, note=None)
    load(db, G)
    rec = db.execute_query("MATCH (p:Paper)-[r:USES]->(m:Method) RETURN properties(p) AS p, properties(r) AS r, "
                           "properties(m) AS m").records
    assert [dict(r) for r in rec] == [{
        "p": {"id": "paper:x", "title": "X", "authors": ["A", "B"]},
        "r": {"evidence": "X uses Y.", "extractor": "rules", "confidence": 0.5, "weight": 2},
        "m": {"id": "method:y", "name": "Y", "aliases": ["Why"]}}]
    G.nodes["method:y"]["aliases"] = ["Why", "Y-net"]  # a later build knows another alias
    load(db, G)
    assert db.execute_query("MATCH (m:Method) RETURN m.aliases AS a").records[0]["a"] == ["Why", "Y-net"]


@pytest.mark.neo4j
def test_unknown_label_is_refused_before_writing(db):
    import networkx as nx
    from kg.errors import WriterError
    G = nx.MultiDiGraph()
    G.add_node("x:1", label="Person", labels=["Person"], name="Ada")
    with pytest.raises(WriterError, match="Person"):
        load(db, G)
    assert db.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == 0


@pytest.mark.neo4j
def test_unknown_relationship_type_is_refused_before_writing(db):
    import networkx as nx
    from kg.errors import WriterError
    G = nx.MultiDiGraph()
    G.add_node("paper:x", label="Paper", labels=["Paper"], title="X")
    G.add_node("method:y", label="Method", labels=["Method"], name="Y")
    G.add_edge("paper:x", "method:y", key="LIKES", type="LIKES")
    with pytest.raises(WriterError, match="LIKES"):
        load(db, G)
    assert db.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == 0


@pytest.mark.neo4j
def test_parallel_sessions_write_what_one_session_writes(db, sample_build):
    """Two writer sessions (the default) and one give the same relationships, property for property."""
    G = read_graph_json(sample_build[1])
    query = ("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p "
             "ORDER BY a, t, b")
    load(db, G, batch_size=50, workers=1)
    one = [dict(r) for r in db.execute_query(query).records]
    wipe(db)
    w = load(db, G, batch_size=50, workers=2)  # small batches: many run side by side
    assert w.counters["relationships_created"] == G.number_of_edges()
    assert [dict(r) for r in db.execute_query(query).records] == one


def test_scheduler_never_runs_two_batches_locking_one_label():
    from loaders.neo4j_writer import _locked_labels, _Scheduler
    assert _locked_labels("Paper", "Method") == {"Method"}        # Paper starts: sorted, not locked
    assert _locked_labels("Result", "Metric") == {"Result", "Metric"}
    assert _locked_labels("Method", "Paper") is None               # runs alone
    s = _Scheduler()
    for item in [("q1", [], frozenset({"Method"})), ("q2", [], frozenset({"Method", "Dataset"})),
                 ("q3", [], frozenset({"Task"})), ("q4", [], None)]:
        s.put(item)
    s.close()
    first, second = s.take(), s.take()
    assert (first[0], second[0]) == ("q1", "q3")                   # q2 waits for q1's Method
    s.release(first[2])
    third = s.take()
    assert third[0] == "q2"
    s.release(second[2])
    s.release(third[2])
    assert s.take()[0] == "q4"
    s.release(None)
    assert s.take() is None


@pytest.mark.neo4j
def test_wipe_empties_the_database(db, sample_build):
    load(db, read_graph_json(sample_build[1]), batch_size=250)
    assert wipe(db, batch_size=100) == sample_build[0].graph.number_of_nodes()
    assert db.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == 0


# ------------------------------------------------------------------------------- the CLI
@pytest.mark.neo4j
def test_cli_load_prints_counts_and_is_idempotent(db, sample_build):
    _, out = sample_build
    G = read_graph_json(out)
    first = run_cli(str(out), "--wipe", "--yes", "--batch-size", "200")
    assert first.returncode == 0, first.stderr
    assert "relationships/s" in first.stdout
    assert f"created {G.number_of_nodes()} nodes and {G.number_of_edges()} relationships" in first.stdout
    second = run_cli(str(out))
    assert second.returncode == 0, second.stderr
    assert "created 0 nodes and 0 relationships" in second.stdout
    assert db_counts(db) == (label_counts(G), relation_counts(G))


@pytest.mark.neo4j
def test_cli_wipe_asks_first(db, sample_build):
    _, out = sample_build
    load(db, read_graph_json(out))
    before = db_counts(db)
    r = subprocess.run([sys.executable, "-m", "kg.cli", "load", "neo4j", str(out), "--wipe"], input="n\n",
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 1
    assert db_counts(db) == before


@pytest.mark.neo4j
def test_cli_wrong_password(neo4j_config, sample_build):
    r = run_cli(str(sample_build[1]), "--password", "not-the-password")
    assert r.returncode == 1
    assert "authentication failed" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.neo4j
def test_cli_unreachable_server(neo4j_config, sample_build):
    r = run_cli(str(sample_build[1]), "--uri", f"bolt://127.0.0.1:{free_port()}")
    assert r.returncode == 1
    assert "cannot connect to Neo4j" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.neo4j
def test_cli_missing_database(neo4j_config, sample_build):
    r = run_cli(str(sample_build[1]), "--database", "nosuchdb")
    assert r.returncode == 1
    assert "database 'nosuchdb' does not exist" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "localhost:7687"])
def test_cli_not_a_bolt_uri(sample_build, uri):
    r = run_cli(str(sample_build[1]), "--uri", uri, "--password", "x")
    assert r.returncode == 1
    assert "is not a Bolt URI" in r.stderr
    assert "Traceback" not in r.stderr


def test_cli_missing_password(sample_build):
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    r = subprocess.run([sys.executable, "-m", "kg.cli", "load", "neo4j", str(sample_build[1])],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 1
    assert "no Neo4j password" in r.stderr


def test_neo4j_4_is_refused():
    with pytest.raises(Neo4jVersionUnsupported, match="needs Neo4j 5"):
        check_version(["4.4.12"])
    assert check_version(["5.26.30"]) == "5.26.30"
    assert check_version(["2025.06.0"]) == "2025.06.0"
