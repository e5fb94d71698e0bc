"""`kg build NEW --into DIR`: building A then adding B gives the build of A and B together,
extracting only what is new; every output is rewritten atomically."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import builder
from kg.builder import RECORDS_NAME, assemble_records, load_build, read_papers, sample_corpus
from kg.cli import app
from kg.errors import BuildError
from kg.extracted import Extracted, use_fast
from kg.model import Paper

SAME = ["graph.json", "triples.jsonl", "results.jsonl", "graph.ttl", "build.json", RECORDS_NAME,
        "views/index.html", "views/overview.html"]


def cli(*args) -> str:
    r = CliRunner().invoke(app, [str(a) for a in args])
    assert r.exit_code == 0, r.output
    return r.output


class Spy:
    """A local extraction engine that remembers the papers it was given."""

    def __init__(self):
        self.papers: list[Paper] = []

    def __call__(self, n_process=1, batch_size=64):
        inner = Spy.real(n_process, batch_size)

        def run(papers, fast):
            self.papers += papers
            return inner(papers, fast)
        return run


Spy.real = builder.local_engine


def write_corpus(path: Path, papers: list[Paper], extra: list[str] = ()) -> None:
    rows = [json.dumps({"title": p.title, "abstract": p.abstract, **({"year": p.year} if p.year else {})})
            for p in papers]
    path.write_text("\n".join([*rows, *extra]) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """a.jsonl (90 papers, a bad line) and b.jsonl (the other 43, plus 5 of a's: 4 the same, one
    with a year), built together into one/, and a built into inc/ then b added."""
    tmp = tmp_path_factory.mktemp("incremental")
    papers = read_papers([sample_corpus()], print)
    a, b = tmp / "a.jsonl", tmp / "b.jsonl"
    write_corpus(a, papers[:90], extra=["{broken"])
    changed = papers[85].model_copy(update={"year": 2021})
    write_corpus(b, [changed, *papers[86:]])
    cli("build", a, b, "--fast", "--out", tmp / "one")
    cli("build", a, "--fast", "--out", tmp / "inc")
    spy = Spy()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(builder, "local_engine", spy)
        cli("build", b, "--into", tmp / "inc")  # no --fast: the build's own pipeline is used
    return tmp, papers, spy.papers


@pytest.mark.parametrize("name", SAME)
def test_adding_b_to_a_gives_the_build_of_a_and_b(runs, name):
    tmp, _, _ = runs
    assert (tmp / "inc" / name).read_bytes() == (tmp / "one" / name).read_bytes(), name


def test_only_new_and_changed_papers_are_extracted(runs):
    _, papers, extracted = runs
    assert [p.title for p in extracted] == [p.title for p in [papers[85], *papers[90:]]]


def test_manifest_lists_the_union_of_inputs_and_skips(runs):
    tmp, _, _ = runs
    manifest = json.loads((tmp / "inc" / "build.json").read_text())
    assert manifest["inputs"] == ["a.jsonl", "b.jsonl"]
    assert manifest["papers_read"] == 133
    assert manifest["papers_skipped"] == 1 and "a.jsonl:91: malformed JSON" in manifest["skipped"][0]
    assert manifest["outputs"]["extracted"] == RECORDS_NAME


def test_no_temporary_file_is_left(runs):
    tmp, _, _ = runs
    assert not [p for p in (tmp / "inc").rglob(".*")]


def test_adding_the_same_papers_again_extracts_nothing_and_changes_nothing(runs, monkeypatch):
    tmp, _, _ = runs
    spy = Spy()
    monkeypatch.setattr(builder, "local_engine", spy)
    cli("build", tmp / "b.jsonl", "--into", tmp / "inc", "--no-views", "--out", tmp / "again")
    assert spy.papers == []
    for name in ("graph.json", "triples.jsonl", RECORDS_NAME):
        assert (tmp / "again" / name).read_bytes() == (tmp / "inc" / name).read_bytes(), name
    manifest = json.loads((tmp / "inc" / "build.json").read_text())
    del manifest["outputs"]["views"]
    assert json.loads((tmp / "again" / "build.json").read_text()) == manifest


@pytest.mark.parametrize("make", [lambda d: None, lambda d: d.mkdir()])
def test_into_a_directory_that_is_not_a_build_names_it(make, tmp_path):
    target = tmp_path / "not-a-build"
    make(target)
    r = CliRunner().invoke(app, ["build", str(sample_corpus()), "--into", str(target)])
    assert r.exit_code == 1
    assert f"{target}: not a papergraph build" in r.output.replace("\n", "")


def test_fast_against_default_pipeline_records_is_an_error():
    paper = Paper(id="paper:x", title="X", abstract="We use BERT.")
    records = [Extracted(seq=0, total=1, pipeline="default", paper=paper, triples=[], results=[])]
    with pytest.raises(BuildError, match="default pipeline"):
        use_fast(records, True)
    assert use_fast(records, False) is False
    assert use_fast([records[0].model_copy(update={"pipeline": "fast"})], False) is True


def test_views_are_replaced_whole_and_kept_when_writing_fails(runs, tmp_path, monkeypatch):
    tmp, _, _ = runs
    prev = load_build(tmp / "inc")
    b = assemble_records(prev.inputs, prev.records, prev.skipped)
    out = tmp_path / "out"
    b.write(out, rdf=False)
    (out / "views" / "papers" / "stale.html").write_text("from an earlier build")
    b.write(out, rdf=False)
    assert not (out / "views" / "papers" / "stale.html").exists()
    index = (out / "views" / "index.html").read_bytes()

    def broken(G, target):
        (Path(target) / "index.html").write_text("half")
        raise OSError("disk full")
    monkeypatch.setattr("kg.views.write_views", broken)
    with pytest.raises(OSError):
        b.write(out, rdf=False)
    assert (out / "views" / "index.html").read_bytes() == index
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
