"""Source readers: the listing format, JSON Lines and CSV, and the bad records they meet."""
from __future__ import annotations

import json

import pytest

from kg.errors import SourceError
from loaders.sources import decode_lines, parse_csv, parse_jsonl, parse_listing, read_source

ABSTRACT = "We propose a method that does many things well and we test it on many data sets in detail."


def collect(parser, lines, path="f"):
    errs = []
    papers = list(parser(lines, path, errs.append))
    return papers, errs


def test_listing_skips_page_furniture():
    lines = ["New", "", "Get trending papers in your email inbox!", "", "Subscribe", "", "Mar 11", "",
             "Paper One", "", ABSTRACT, "", "Paper Two", "", ABSTRACT.replace("many", "several"), ""]
    papers, errs = collect(parse_listing, lines)
    assert [p.title for p in papers] == ["Paper One", "Paper Two"]
    assert errs == []
    assert papers[0].abstract == ABSTRACT


def test_listing_empty_abstract_is_reported_and_skipped():
    lines = ["Paper One", "", ABSTRACT, "", "Lonely Title", "", "Paper Three", "", ABSTRACT, ""]
    papers, errs = collect(parse_listing, lines, "corpus.txt")
    assert [p.title for p in papers] == ["Paper One", "Paper Three"]
    assert len(errs) == 1
    assert errs[0].path == "corpus.txt" and errs[0].line == 5
    assert "empty abstract" in errs[0].reason


def test_listing_missing_title_is_reported():
    long_abs = " ".join(["word"] * 60)
    lines = ["Paper One", "", ABSTRACT, "", long_abs, "", "Paper Two", "", ABSTRACT, ""]
    papers, errs = collect(parse_listing, lines)
    assert [p.title for p in papers] == ["Paper One", "Paper Two"]
    assert [e.reason for e in errs] == ["abstract without a title"]


def test_windows_line_endings_and_bom(tmp_path):
    f = tmp_path / "papers.txt"
    f.write_bytes(b"\xef\xbb\xbfPaper One\r\n\r\n" + ABSTRACT.encode() + b"\r\n\r\nPaper Two\r\n\r\n"
                  + ABSTRACT.encode() + b"\r\n")
    papers = list(read_source(f))
    assert [p.title for p in papers] == ["Paper One", "Paper Two"]
    assert "\r" not in papers[0].abstract


def test_non_utf8_bytes_spoil_only_their_record(tmp_path):
    f = tmp_path / "papers.txt"
    f.write_bytes(b"Paper One\n\n" + ABSTRACT.encode() + b"\n\nPaper Two\n\nBad \xff\xfe bytes in " +
                  ABSTRACT.encode() + b"\n\nPaper Three\n\n" + ABSTRACT.encode() + b"\n")
    errs = []
    papers = list(read_source(f, errs.append))
    assert [p.title for p in papers] == ["Paper One", "Paper Three"]
    assert len(errs) == 1 and errs[0].line == 7 and "UTF-8" in errs[0].reason
    assert str(errs[0]).startswith(f"{f}:7: ")


def test_decode_lines_marks_undecodable_lines():
    assert decode_lines(b"ok\n\xff\nfine\r\n") == ["ok", None, "fine"]


def test_jsonl_reader_reports_bad_lines_and_keeps_good_ones():
    lines = [json.dumps({"title": "A", "abstract": ABSTRACT, "id": "2101.00001", "year": 2021,
                         "url": "https://arxiv.org/abs/2101.00001"}),
             "{not json",
             json.dumps({"title": "", "abstract": ABSTRACT}),
             json.dumps({"title": "C", "abstract": "  "}),
             json.dumps(["a", "list"]),
             "",
             json.dumps({"title": "D", "abstract": ABSTRACT})]
    papers, errs = collect(parse_jsonl, lines, "x.jsonl")
    assert [p.title for p in papers] == ["A", "D"]
    assert papers[0].id == "paper:2101.00001" and papers[0].year == 2021
    assert papers[1].id == "paper:d"
    assert [e.line for e in errs] == [2, 3, 4, 5]
    assert "malformed JSON" in errs[0].reason
    assert "no title" in errs[1].reason and "empty abstract" in errs[2].reason


def test_csv_reader():
    lines = ["title,abstract,year,url", f'"A, with comma","{ABSTRACT}",2020,', f'B,,2021,', f'C,"{ABSTRACT}",,']
    papers, errs = collect(parse_csv, lines, "x.csv")
    assert [p.title for p in papers] == ["A, with comma", "C"]
    assert papers[0].year == 2020
    assert len(errs) == 1 and errs[0].line == 3


def test_csv_without_required_columns():
    papers, errs = collect(parse_csv, ["name,text", "a,b"], "x.csv")
    assert papers == [] and "title" in errs[0].reason


def test_missing_file_raises_source_error(tmp_path):
    with pytest.raises(SourceError) as exc:
        list(read_source(tmp_path / "nope.txt"))
    assert "nope.txt" in str(exc.value)


def test_bundled_corpus_reads_completely():
    from kg.builder import sample_corpus
    errs = []
    papers = list(read_source(sample_corpus(), errs.append))
    assert len(papers) == 133 and errs == []
    assert papers[0].title.startswith("InterBERT")
    assert len({p.id for p in papers}) == 133
