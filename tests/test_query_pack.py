"""The query pack: every question answers the same rows in Cypher (real Neo4j) and SPARQL (RDF export).

Neo4j comes from the environment as in test_neo4j.py; the browser test drives Neo4j Browser,
served by that same local server, in Debian's headless Chromium.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kg.querypack import (QueryPackError, browser_favorite, load_pack, normalise_rows, run_cypher,
                          run_sparql)
from loaders.neo4j_writer import Neo4jWriter, db_counts, wipe
from loaders.sparql import open_store

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
PACK = load_pack()

# Values a user could type that look like query syntax; each must be matched as plain data.
HOSTILE = [
    'x" } UNION { ?s ?p ?o } #',
    "x' OR 1=1 //",
    "x'}) MATCH (n) DETACH DELETE n //",
    '"; DROP ALL; {{ $paper }}',
    "x\\\" . ?a ?b ?c FILTER(true) } #",
    "}{)(][",
]


@pytest.fixture(scope="module")
def store(sample_build):
    return open_store(sample_build[1])


@pytest.fixture(scope="module")
def loaded(driver, sample_build):
    """Neo4j holding exactly the bundled build."""
    wipe(driver)
    Neo4jWriter(driver).write(sample_build[0].graph)
    return driver


# ------------------------------------------------------------------------------- the pack itself
def test_pack_covers_the_questions_users_ask():
    assert len(PACK) >= 16
    for name in ("shared-datasets", "papers-sharing", "top-backbones", "backbones-by-modality", "benchmark-tasks",
                 "methods-on-benchmark", "introduced-datasets", "method-lineage", "most-compared", "leaderboard",
                 "modality-cooccurrence", "papers-with-code", "shortest-path", "lookup", "similar-papers",
                 "single-paper-entities", "overview"):
        assert name in PACK, name


@pytest.mark.parametrize("name", sorted(PACK))
def test_headers_and_parameters_agree(name):
    q = PACK[name]
    assert q.question.endswith("?")
    assert q.example, f"{name}: no example row in the header"
    for p in q.params:
        # used as a parameter in both languages, never spliced in
        assert re.search(rf"\${p.name}\b", q.cypher), p.name
        assert re.search(rf"\?{p.name}\b", q.sparql), p.name
        assert p.description


def test_a_bad_header_is_reported_with_its_file(tmp_path):
    (tmp_path / "q.cypher").write_text("// question: A?\n// param: k integer = x\nRETURN 1\n")
    (tmp_path / "q.sparql").write_text("# question: A?\nSELECT * WHERE {}\n")
    with pytest.raises(QueryPackError, match=r"q\.cypher: bad param line"):
        load_pack(tmp_path)
    (tmp_path / "q.cypher").write_text("// question: B?\nRETURN 1\n")
    with pytest.raises(QueryPackError, match="headers differ in question"):
        load_pack(tmp_path)


def test_parameters_are_typed_and_checked():
    q = PACK["papers-sharing"]
    assert q.bind({"k": "3"})["k"] == 3
    with pytest.raises(QueryPackError, match="k must be integer"):
        q.bind({"k": "3; DROP"})
    with pytest.raises(QueryPackError, match="unknown parameter"):
        q.bind({"limit": "3"})


# ------------------------------------------------------------------------------- answers
@pytest.mark.parametrize("name", sorted(PACK))
def test_sparql_answers_and_header_example(store, name):
    q = PACK[name]
    rows = run_sparql(store, q)
    assert rows.rows, f"{name}: no rows on the bundled corpus"
    example = tuple(q.example.get(c) for c in rows.columns)
    assert list(q.example) == rows.columns
    assert normalise_rows([list(example)], True)[0] in normalise_rows(rows.rows, False), \
        f"{name}: header example is not a row of the answer (run scripts/refresh_query_examples.py)"


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(PACK))
def test_cypher_and_sparql_give_the_same_rows(loaded, store, name):
    q = PACK[name]
    cypher, sparql = run_cypher(loaded, q), run_sparql(store, q)
    assert cypher.columns == sparql.columns
    assert cypher.rows, f"{name}: no rows"
    assert normalise_rows(cypher.rows, q.ordered) == normalise_rows(sparql.rows, q.ordered)


# Other parameter values, so both branches of a question are compared too (e.g. a shortest
# chain through one shared entity rather than through a paper in between).
MORE = [
    ("shortest-path", {"other": "paper:drbert-unveiling-the-potential-of-masked-language-modeling-decoder-in-bert-pretraining"}),
    ("papers-sharing", {"k": 2}),
    ("single-paper-entities", {"type": "Method"}),
    ("single-paper-entities", {"type": "Benchmark"}),
    ("lookup", {"name": "vit"}),
    ("method-lineage", {"method": "Vision Transformer"}),
    ("methods-on-benchmark", {"benchmark": "dataset:imagenet"}),
    ("similar-papers", {"paper": "paper:dolma-an-open-corpus-of-three-trillion-tokens-for-language-model-pretraining-research"}),
]


@pytest.mark.neo4j
@pytest.mark.parametrize("name,params", MORE, ids=[f"{n}-{next(iter(p.values()))}" for n, p in MORE])
def test_same_rows_with_other_parameters(loaded, store, name, params):
    q = PACK[name]
    cypher, sparql = run_cypher(loaded, q, params), run_sparql(store, q, params)
    assert cypher.rows, f"{name} {params}: no rows"
    assert normalise_rows(cypher.rows, q.ordered) == normalise_rows(sparql.rows, q.ordered)


@pytest.mark.neo4j
@pytest.mark.parametrize("value", HOSTILE)
def test_parameter_values_are_data_not_syntax(loaded, store, value):
    before = db_counts(loaded)
    for name in ("lookup", "paper-facts", "methods-on-benchmark"):
        q = PACK[name]
        param = q.params[0].name
        for rows in (run_cypher(loaded, q, {param: value}), run_sparql(store, q, {param: value})):
            assert rows.rows == [], (name, value, rows.rows[:3])
    assert db_counts(loaded) == before


@pytest.mark.neo4j
def test_a_value_with_quotes_is_matched_exactly(loaded, store):
    """A value full of quotes and sigils matches nothing; a plain one is echoed as given by both engines."""
    q = PACK["papers-sharing"]
    value = 'paper:"quoted" {braces} $dollar ?var'
    for rows in (run_cypher(loaded, q, {"paper": value, "k": 0}), run_sparql(store, q, {"paper": value, "k": 0})):
        assert rows.rows == []
    q = PACK["lookup"]
    for rows in (run_cypher(loaded, q, {"name": "MLM"}), run_sparql(store, q, {"name": "MLM"})):
        assert rows.rows and rows.rows[0][0] == "MLM"


# ------------------------------------------------------------------------------- CLI
def kg(*args, env=None):
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def test_cli_list_and_run_on_the_embedded_store(sample_build):
    r = kg("query", "list")
    assert r.returncode == 0 and "shared-datasets" in r.stdout
    r = kg("query", "run", "lookup", "--param", "name=vit", "--build", str(sample_build[1]), "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows and rows[0]["name"] == "vit" and rows[0]["id"].startswith("method:")
    r = kg("query", "run", "lookup", "--param", "nope=1", "--build", str(sample_build[1]))
    assert r.returncode == 1 and "unknown parameter" in r.stderr
    r = kg("query", "run", "no-such-question", "--build", str(sample_build[1]))
    assert r.returncode == 1 and "no question named" in r.stderr


@pytest.mark.neo4j
def test_cli_runs_on_neo4j(loaded, neo4j_config):
    uri, user, password = neo4j_config
    r = kg("query", "run", "overview", "--backend", "neo4j", "--format", "csv",
           env={"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password})
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "kind,name,count" and "label,Paper,133" in r.stdout


def test_browser_favorites_zip(tmp_path):
    r = kg("query", "browser", "--out", str(tmp_path / "fav.zip"))
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(tmp_path / "fav.zip") as zf:
        names = zf.namelist()
        assert len(names) == len(PACK)
        text = zf.read("papergraph/papers-sharing.cypher").decode()
    assert text.startswith("// Which papers share")
    assert ':param k => 1;' in text and "$k" in text


# ------------------------------------------------------------------------------- Neo4j Browser
@pytest.mark.neo4j
@pytest.mark.browser
def test_neo4j_browser_runs_a_question_with_a_parameter(loaded, store, neo4j_config, browser):
    """Chromium opens Neo4j Browser, connects over Bolt, sets a parameter, runs a favorite, sees the rows."""
    url = os.environ.get("NEO4J_BROWSER_URL")
    if not url:
        pytest.skip("NEO4J_BROWSER_URL not set (scripts/neo4j-local env prints it)")
    uri, user, password = neo4j_config
    q = PACK["lookup"]
    expected = run_sparql(store, q, {"name": "mim"})
    assert expected.rows
    favorite = browser_favorite(q)
    query = "\n".join(line for line in favorite.splitlines() if not line.startswith(":param"))
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    bolt = uri.split("://", 1)[1]
    page.goto(f"{url}?dbms=bolt://{user}@{bolt}", wait_until="domcontentloaded")
    page.locator("input[type=password]").fill(password)
    page.get_by_test_id("connect").click()
    page.get_by_text("You are connected as user").wait_for(timeout=30_000)
    editor = page.locator(".monaco-editor").first
    for command, done in ((':param name => "mim"', "Successfully set your parameters"), (query, None)):
        editor.click()
        page.keyboard.insert_text(command)
        page.keyboard.press("Control+Enter")
        if done:
            page.get_by_text(done).wait_for(timeout=20_000)
    try:
        page.get_by_text(f"Started streaming {len(expected.rows)} record").wait_for(timeout=30_000)
        shown = page.locator("body").inner_text()
    finally:
        page.screenshot(path=str(ARTIFACTS / "neo4j-browser-query.png"))
        context.close()
    for _, entity_id, canonical, _ in expected.rows:   # Browser shows strings quoted in its table
        assert f'"{entity_id}"' in shown and f'"{canonical}"' in shown
