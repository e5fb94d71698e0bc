"""The team's annotation files (scripts/annotations) are well-formed and follow the guideline's
contract: closed types, roles and modalities, every name verbatim in its abstract, and no
abstract shared with the training set or the dev gold."""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from kg.model import MODALITIES

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ROLES = {"Method": {"proposes", "uses", "compares"}, "Dataset": {"introduces", "trains_on", "evaluates_on", "uses"},
         "Benchmark": {"introduces", "evaluates_on"}, "Task": {"addresses"}, "Metric": {"reports"}}


def team_records() -> list[dict]:
    return [json.loads(line) for f in sorted((ROOT / "scripts" / "annotations").glob("team*.jsonl"))
            for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_records_follow_the_guideline_contract():
    recs = team_records()
    assert len(recs) == 240 and len({r["id"] for r in recs}) == 240
    for r in recs:
        assert set(r) == {"id", "title", "entities", "modalities"}, r["id"]
        assert set(r["modalities"]) <= set(MODALITIES), r["id"]
        for e in r["entities"]:
            assert e["role"] in ROLES[e["type"]], (r["id"], e)
            assert isinstance(e["named"], bool) and isinstance(e["aliases"], list), (r["id"], e)


@pytest.mark.skipif(not (SHARED / "corpora").exists(), reason="needs ../shared/corpora")
def test_names_occur_verbatim_and_abstracts_are_new():
    recs = {r["id"]: r for r in team_records()}
    texts = {}
    with gzip.open(SHARED / "corpora" / "combined_ml_nlp_cv.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            c = json.loads(line)
            if c["id"] in recs:
                texts[c["id"]] = (c["title"] + "\n\n" + c["abstract"]).lower()
    assert set(texts) == set(recs)
    for rid, r in recs.items():
        for e in r["entities"]:
            for form in [e["name"], *e["aliases"]]:
                assert re.search(r"(?<!\w)" + re.escape(form.lower()) + r"(?!\w)", texts[rid]), (rid, form)
    training = {json.loads(line)["id"] for f in (SHARED / "training").glob("batch*.jsonl")
                for line in f.read_text(encoding="utf-8").splitlines() if line.strip()}
    dev = {json.loads(line)["title"].lower() for line in (SHARED / "gold" / "dev.jsonl").read_text().splitlines()
           if line.strip()}
    assert not set(recs) & training
    assert not {r["title"].lower() for r in recs.values()} & dev
