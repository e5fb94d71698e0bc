"""Property tests for every source reader: garbage and truncated files are reported, never crash.

* Random bytes (and samples with random damage) give papers and :class:`SourceError` reports
  through ``on_error``, never another exception, whatever format they are read as or detected as.
* A sample cut at a random point keeps every record that was complete before the cut, and a cut
  JSON or XML document is reported as an error naming the file.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import SourceError
from loaders.sources import EXTENSIONS, PARSERS, decode_lines, detect_format

SOURCES = Path(__file__).resolve().parent / "data" / "sources"
SAMPLES = {
    "listing": "listing.txt", "jsonl": "papers.jsonl", "csv": "papers.csv",
    "arxiv-atom": "arxiv.xml", "bibtex": "references.bib", "csl-json": "zotero.json",
    "semantic-scholar": "s2-search.json", "openalex": "openalex-works.json", "acl-xml": "acl-2020.xml",
    "pwc": "papers-with-abstracts.json",
}
#: Formats where any cut inside the document leaves it malformed.
STRICT_DOCUMENTS = {"arxiv-atom", "acl-xml", "csl-json", "semantic-scholar", "openalex", "pwc"}
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse(fmt: str, data: bytes, path: str = "fuzzed"):
    """(papers, errors) of ``data`` read as ``fmt``, the way read_source hands it over.

    Anything raised other than a SourceError fails the test.
    """
    errors: list[SourceError] = []
    parser = PARSERS[fmt]
    source = data if getattr(parser, "reads_document", False) else decode_lines(data)
    papers = list(parser(source, path, errors.append))
    assert all(isinstance(e, SourceError) and e.path == path for e in errors)
    return papers, errors


def key(paper) -> str:
    """A paper's content, wherever it was read from."""
    return paper.model_dump_json(exclude={"source"})


@st.composite
def damaged(draw, data: bytes):
    """``data`` with a few random bytes overwritten, inserted or deleted."""
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        op = draw(st.sampled_from(("set", "insert", "delete")))
        byte = draw(st.integers(0, 255))
        if op == "set" and data:
            data[pos] = byte
        elif op == "insert":
            data.insert(pos, byte)
        elif data:
            del data[pos]
    return bytes(data)


def test_every_reader_has_a_sample():
    assert set(SAMPLES) | {"json"} == set(PARSERS)


@pytest.mark.parametrize("fmt", sorted(PARSERS))
@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_are_reported_not_raised(fmt, data):
    parse(fmt, data)


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
@FUZZ
@given(data=st.data())
def test_damaged_samples_are_reported_not_raised(fmt, data):
    sample = (SOURCES / SAMPLES[fmt]).read_bytes()
    parse(fmt, data.draw(damaged(sample)))


#: JSON of any shape, with the keys the readers look for, so converters meet odd types.
KEYS = st.sampled_from(["title", "abstract", "authors", "author", "year", "issued", "date-parts", "doi", "DOI",
                        "externalIds", "ArXiv", "abstract_inverted_index", "results", "data", "primary_location",
                        "source", "display_name", "authorships", "name", "url", "arxiv_id", "proceeding", "id"])
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
                    max_leaves=30)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csl-json", "semantic-scholar", "openalex", "pwc"])
@FUZZ
@given(value=JSON)
def test_json_of_any_shape_is_reported_not_raised(fmt, value):
    parse(fmt, json.dumps(value).encode())
    parse(fmt, json.dumps([value, {"title": value, "abstract": value}]).encode())


@FUZZ
@given(text=st.text(alphabet="@{}()=,%#\\\"'$^_~ \nabtiler0123", max_size=400))
def test_bibtex_like_text_is_reported_not_raised(text):
    parse("bibtex", ("@article{k, title={" + text + "}, abstract={" + text + "}}\n" + text).encode())


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000),
                      st.sampled_from(sorted(SAMPLES.values())).map(lambda n: (SOURCES / n).read_bytes()[:2000])),
       ext=st.sampled_from(["", *EXTENSIONS]))
def test_detection_then_reading_raises_only_source_errors(data, ext):
    try:
        fmt = detect_format(Path("upload" + ext), data)
    except SourceError:
        return
    parse(fmt, data)


@lru_cache(maxsize=None)
def complete_at(fmt: str) -> tuple[bytes, dict[str, int]]:
    """The sample, and for each good record the shortest line-end prefix that holds it whole.

    Found by bisection over line ends; the property test below then checks that no longer
    prefix loses it.
    """
    sample = (SOURCES / SAMPLES[fmt]).read_bytes()
    ends = [i + 1 for i, b in enumerate(sample) if b == ord("\n")]
    good = {key(p) for p in parse(fmt, sample)[0]}
    first = {}
    for k in good:
        lo, hi = 0, len(ends) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if k in {key(p) for p in parse(fmt, sample[:ends[mid]])[0]}:
                hi = mid
            else:
                lo = mid + 1
        first[k] = ends[lo]
    assert len(first) == 3            # each sample has three good records and one bad one
    return sample, first


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
@FUZZ
@given(cut=st.floats(0, 1))
def test_truncation_keeps_every_record_complete_before_the_cut(fmt, cut):
    sample, first = complete_at(fmt)
    at = int(len(sample) * cut)
    papers, errors = parse(fmt, sample[:at], path=SAMPLES[fmt])
    got = {key(p) for p in papers}
    assert {k for k, end in first.items() if end <= at} <= got
    if fmt in STRICT_DOCUMENTS and sample[at:].strip():
        assert errors and all(e.path == SAMPLES[fmt] for e in errors)
        assert any("malformed" in e.reason for e in errors)
