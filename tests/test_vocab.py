"""The shipped vocabulary: counts, well-formed entries, no duplicates or clashing aliases."""
from __future__ import annotations

import json
from collections import defaultdict

import pytest

from kg.model import MODALITIES
from kg.vocab import FILES, REQUIRED, family, load_vocabulary, norm, read_vocab_file, vocab_dir

METHOD_CATEGORIES = {"model", "architecture", "objective", "technique"}


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def test_every_file_is_present_and_parses():
    for fname, etype in FILES.items():
        path = vocab_dir() / fname
        assert path.exists(), fname
        entries = read_vocab_file(path, etype)
        assert entries, fname


def test_sizes_meet_the_coverage_targets(vocab):
    by = defaultdict(int)
    for e in vocab.entries:
        by[e.type] += 1
    assert by["Dataset"] + by["Benchmark"] >= 600
    assert by["Method"] >= 500
    assert by["Task"] >= 250
    assert by["Metric"] >= 80


def test_entries_are_well_formed():
    for fname, etype in FILES.items():
        for no, line in enumerate((vocab_dir() / fname).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            obj = json.loads(line)
            where = f"{fname}:{no}"
            assert all(k in obj for k in REQUIRED), where
            assert obj["name"] == obj["name"].strip() and obj["name"], where
            assert isinstance(obj["aliases"], list), where
            assert all(isinstance(a, str) and a.strip() == a and a for a in obj["aliases"]), where
            assert norm(obj["name"]), where
            assert all(norm(a) for a in obj["aliases"]), where
            assert obj["note"].strip(), where
            if etype == "Method":
                assert obj["category"] in METHOD_CATEGORIES, where
            mod = obj.get("modality") or []
            for m in [mod] if isinstance(mod, str) else mod:
                assert m in MODALITIES, where


def test_no_duplicate_names_within_a_family(vocab):
    seen = {}
    for e in vocab.entries:
        key = (family(e.type), norm(e.name))
        assert key not in seen, f"{e.source} repeats {seen.get(key)}"
        seen[key] = e.source


def test_no_alias_names_two_things(vocab):
    """A plain alias points at one entry across all files (ambiguous ones are declared as such)."""
    owner = {}
    clashes = []
    for e in vocab.entries:
        for form in {e.name, *e.aliases}:
            key = form  # exact spelling: the matcher is case-sensitive for cased forms
            if not any(c.isupper() for c in form):
                key = form.lower()
            if key in owner and owner[key] is not e:
                clashes.append((form, owner[key].source, e.source))
            owner.setdefault(key, e)
    assert clashes == []


def test_variant_of_points_at_an_entry(vocab):
    names = {norm(e.name) for e in vocab.entries if e.type == "Method"}
    missing = [(e.source, e.variant_of) for e in vocab.entries if e.variant_of and norm(e.variant_of) not in names]
    assert missing == []


def test_generic_phrases_are_not_entries(vocab):
    generic = ["large language models", "LLMs", "deep learning", "neural networks", "pretrained models",
               "downstream tasks", "computer vision", "foundation models", "state-of-the-art"]
    for g in generic:
        assert vocab.lookup(g) == [], g
