"""`kg build` on the bundled corpus: outputs, facts a reader can confirm, provenance, determinism."""
from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pytest

from kg.model import PAPER_RELS, Triple
from loaders.files import read_graph_json

OUTPUTS = ["graph.json", "triples.jsonl", "results.jsonl", "graph.ttl", "build.json", "views/index.html",
           "views/overview.html"]


def paper_by_title(G, prefix):
    hits = [n for n, d in G.nodes(data=True) if d.get("label") == "Paper" and d["title"].startswith(prefix)]
    assert len(hits) == 1, prefix
    return hits[0]


def test_outputs_exist_and_are_not_empty(sample_build):
    _, out = sample_build
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name


def test_interbert_paper_proposes_interbert(sample_build):
    b, _ = sample_build
    G = b.graph
    p = paper_by_title(G, "InterBERT")
    assert G.has_edge(p, "method:interbert", key="PROPOSES")


def test_context_autoencoder_paper_has_code(sample_build):
    G = sample_build[0].graph
    p = paper_by_title(G, "Context Autoencoder")
    assert G.has_edge(p, "repo:github.com/Atten4Vis/CAE", key="HAS_CODE")
    assert G.nodes[p]["code_url"] == "https://github.com/Atten4Vis/CAE"


def test_imagenet_is_one_dataset_node_shared_by_papers(sample_build):
    G = sample_build[0].graph
    nodes = [n for n, d in G.nodes(data=True) if (d.get("name") or "").lower().startswith("imagenet")
             and d.get("label") == "Dataset" and d["name"].lower() in ("imagenet", "imagenet-1k")]
    assert nodes == ["dataset:imagenet"]
    papers = {u for u, _ in G.in_edges("dataset:imagenet") if G.nodes[u]["label"] == "Paper"}
    assert len(papers) >= 3


def test_every_relationship_has_evidence_from_its_paper(sample_build):
    b, _ = sample_build
    G = b.graph
    n = 0
    for u, v, k, d in G.edges(keys=True, data=True):
        assert {"evidence", "extractor", "confidence"} <= d.keys(), (u, v, k)
        if G.nodes[u].get("label") != "Paper":
            continue
        paper = G.nodes[u]
        text = paper["abstract"] if d["section"] == "abstract" else paper["title"]
        assert d["evidence"] in text, (u, v, k)
        if k not in ("HAS_MODALITY",):
            assert text[d["start"]:d["end"]], (u, v, k)
        n += 1
    assert n > 300


def test_mention_offsets_point_at_the_entity(sample_build):
    b, _ = sample_build
    papers = {p.id: p for p in b.papers}
    checked = 0
    for t in b.triples:
        if t.relation in ("HAS_MODALITY",) or t.evidence.section != "abstract":
            continue
        surface = papers[t.paper_id].abstract[t.evidence.start:t.evidence.end]
        assert surface in t.evidence.sentence
        checked += 1
    assert checked > 200


def test_triples_follow_the_contract(sample_build):
    _, out = sample_build
    lines = (out / "triples.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:
        t = Triple.model_validate_json(line)
        rec = json.loads(line)
        assert set(rec) == {"paper_id", "paper_title", "relation", "entity", "evidence", "confidence", "extractor"}
        assert {"id", "type", "name", "aliases"} <= set(rec["entity"])
        assert t.entity.type in PAPER_RELS[t.relation] or (t.relation == "REPORTS" and t.entity.type == "Metric")
        assert 0.0 < t.confidence <= 1.0
        assert t.paper_id.startswith("paper:")


def test_graph_json_round_trips(sample_build):
    b, out = sample_build
    G = read_graph_json(out)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == b.graph.number_of_nodes()
    assert G.number_of_edges() == b.graph.number_of_edges()


def test_builds_are_byte_identical(tmp_path, sample_build):
    import kg
    _, first = sample_build
    second = tmp_path / "again"
    kg.build().write(second)
    for name in OUTPUTS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_cli_build_and_stats(tmp_path):
    out = tmp_path / "cli"
    r = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--fast", "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "papers read" in r.stdout and "133" in r.stdout
    for name in OUTPUTS:
        assert (out / name).exists()
    s = subprocess.run([sys.executable, "-m", "kg.cli", "stats", str(out)], capture_output=True, text=True)
    assert s.returncode == 0 and "nodes: Paper" in s.stdout


def test_cli_extract_reports_bad_records_and_keeps_good(tmp_path):
    src = tmp_path / "in.jsonl"
    good = {"title": "BERT for Things", "abstract": "We fine-tune BERT on SQuAD and report F1 on the GLUE benchmark."}
    src.write_text(json.dumps(good) + "\n{broken\n" + json.dumps({"title": "x", "abstract": ""}) + "\n")
    out = tmp_path / "t.jsonl"
    r = subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(src), "-o", str(out), "--fast"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert f"{src}:2: malformed JSON" in r.stderr.replace("\n", "")
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert {r["entity"]["name"] for r in rows} >= {"BERT"}
    strict = subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(src), "-o", str(out), "--strict"],
                            capture_output=True, text=True)
    assert strict.returncode == 1


def test_cli_fails_clearly_when_nothing_is_usable(tmp_path):
    src = tmp_path / "empty.jsonl"
    src.write_text("{broken\n")
    r = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(tmp_path / "o")],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert "no usable paper" in r.stderr


@pytest.mark.parametrize("verb", ["extract", "build", "stats", "eval"])
def test_help_lists_every_verb(verb):
    r = subprocess.run([sys.executable, "-m", "kg.cli", "--help"], capture_output=True, text=True)
    assert verb in r.stdout


def test_two_workers_give_the_same_triples_as_one():
    from kg.builder import extract, read_papers, sample_corpus
    papers = read_papers([sample_corpus()], print)
    one = extract(papers, fast=True, n_process=1)
    two = extract(papers, fast=True, n_process=2, batch_size=32)
    assert [t.model_dump() for t in one[0]] == [t.model_dump() for t in two[0]]
    assert [r.model_dump() for r in one[1]] == [r.model_dump() for r in two[1]]
