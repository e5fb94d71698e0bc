"""`kg extract --raw --shard i/n` on the bundled corpus, merged by `kg build --from-extracted`:
the same build as one run, whatever the order of the shard files."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.builder import RECORDS_NAME, sample_corpus
from kg.cli import app
from kg.extracted import Extracted, parse_shard, read_records, shard_of
from loaders.files import iter_jsonl

#: Files a merged build must share byte for byte with the one-run build.
SAME = ["graph.json", "triples.jsonl", "results.jsonl", "graph.ttl", RECORDS_NAME]


def kg(*args: str) -> str:
    r = CliRunner().invoke(app, [str(a) for a in args])
    assert r.exit_code == 0, r.output
    return r.output


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Three shard files (one gzipped), the one-run build and the build merged from the shards."""
    tmp = tmp_path_factory.mktemp("shards")
    shards = [tmp / "shard-1.jsonl", tmp / "shard-2.jsonl.gz", tmp / "shard-3.jsonl"]
    for i, path in enumerate(shards, 1):
        kg("extract", sample_corpus(), "--raw", "--fast", "--shard", f"{i}/3", "-o", path)
    kg("build", sample_corpus(), "--fast", "--no-views", "--out", tmp / "one")
    # shard order and a file given twice must not matter
    kg("build", "--from-extracted", shards[2], shards[0], shards[1], shards[0], "--no-views", "--out", tmp / "merged")
    return tmp, shards


@pytest.mark.parametrize("name", SAME)
def test_shards_merge_into_the_one_run_build(runs, name):
    tmp, _ = runs
    assert (tmp / "merged" / name).read_bytes() == (tmp / "one" / name).read_bytes(), name


def test_merged_manifest_matches_the_one_run(runs):
    tmp, _ = runs
    one, merged = (json.loads((tmp / d / "build.json").read_text()) for d in ("one", "merged"))
    assert merged == one
    assert merged["inputs"] == [sample_corpus().name]


def test_shards_partition_the_papers_by_a_stable_hash(runs):
    _, shards = runs
    seen: list[int] = []
    for i, path in enumerate(shards, 1):
        records = [Extracted.model_validate_json(line) for _, line in iter_jsonl(path)]
        assert records, path
        assert all(shard_of(r.paper.id, 3) == i and r.total == 133 and r.pipeline == "fast" for r in records)
        assert [r.seq for r in records] == sorted(r.seq for r in records)
        seen += [r.seq for r in records]
    assert sorted(seen) == list(range(133))
    assert shard_of("paper:1706.03762", 3) == 2  # the same on every machine and Python run


def test_records_keep_every_triple_and_threshold_applies_when_building(runs, tmp_path):
    tmp, shards = runs
    records = read_records(shards)
    low = [t for r in records for t in r.triples if t.confidence < 0.7]
    assert low, "the corpus should have triples below 0.7"
    kg("build", "--from-extracted", *shards, "--min-confidence", "0.7", "--no-views", "--out", tmp_path / "hi")
    import kg as kg_api
    kg_api.build(fast=True, min_confidence=0.7).write(tmp_path / "one-hi", views=False, rdf=False)
    for name in ("graph.json", "triples.jsonl", "results.jsonl"):
        assert (tmp_path / "hi" / name).read_bytes() == (tmp_path / "one-hi" / name).read_bytes(), name


def test_a_missing_shard_is_an_error(runs, tmp_path):
    _, shards = runs
    r = CliRunner().invoke(app, ["build", "--from-extracted", str(shards[0]), str(shards[2]),
                                 "--out", str(tmp_path / "o")])
    assert r.exit_code == 1
    assert "have no record" in r.output and "every shard" in r.output
    assert not (tmp_path / "o").exists()


def test_a_file_that_is_not_records_names_its_line(tmp_path):
    bad = tmp_path / "papers.jsonl"
    bad.write_text(json.dumps({"title": "A paper", "abstract": "Text."}) + "\n")
    r = CliRunner().invoke(app, ["build", "--from-extracted", str(bad), "--out", str(tmp_path / "o")])
    assert r.exit_code == 1
    assert f"{bad}:1: not an extraction record" in r.output.replace("\n", "")


@pytest.mark.parametrize("text", ["0/3", "4/3", "3", "a/b", "1/0"])
def test_bad_shard_spec_is_refused(text, tmp_path):
    with pytest.raises(ValueError):
        parse_shard(text)
    r = CliRunner().invoke(app, ["extract", str(sample_corpus()), "--raw", "--shard", text, "-o",
                                 str(tmp_path / "x.jsonl")])
    assert r.exit_code == 2
    assert not (tmp_path / "x.jsonl").exists()
