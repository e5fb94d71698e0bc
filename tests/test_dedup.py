"""Deduplication across sources: one Paper per paper, with the richest metadata of its records."""
from __future__ import annotations

from pathlib import Path

from kg.builder import read_papers
from loaders.dedup import deduplicate, normalise_title
from loaders.formats.base import make_paper
from loaders.sources import read_source

SOURCES = Path(__file__).resolve().parent / "data" / "sources"
ABSTRACT = "We propose a method that does many things well and we test it on many data sets in detail."


def paper(title, abstract=ABSTRACT, **kw):
    return make_paper(title, abstract, source=kw.pop("source", "t"), **kw)


def test_arxiv_atom_and_bibtex_records_of_one_paper_merge():
    atom = [p for p in read_source(SOURCES / "arxiv.xml", lambda e: None) if p.id == "paper:1810.04805"]
    bib = [p for p in read_source(SOURCES / "references.bib", lambda e: None) if p.id == "paper:1810.04805"]
    [merged] = deduplicate(atom + bib)
    assert merged.id == "paper:1810.04805"
    assert merged.url == "http://arxiv.org/abs/1810.04805v2" and merged.year == 2018   # first seen wins
    assert merged.doi == "10.18653/v1/N19-1423"                                         # filled from BibTeX
    assert merged.venue.startswith("Proceedings of the 2019 Conference of the North American")
    assert merged.source.endswith("arxiv.xml")
    assert len(merged.authors) == 4


def test_read_papers_merges_across_files_in_first_seen_order():
    errs = []
    files = [SOURCES / n for n in ("arxiv.xml", "references.bib", "openalex-works.json", "papers-with-abstracts.json")]
    papers = read_papers(files, errs.append)
    ids = [p.id for p in papers]
    assert len(ids) == len(set(ids))
    assert ids[:3] == ["paper:1810.04805", "paper:2010.11929", "paper:2111.06377"]
    assert "paper:masked-autoencoders-are-scalable-vision-learners" not in ids   # BibTeX MAE: same title
    assert ids.count("paper:1810.04805") == 1 and "paper:2103.00020" in ids and "paper:2004.10964" in ids
    vit = papers[1]
    assert vit.venue == "arXiv (Cornell University)" and vit.doi == "10.48550/arxiv.2010.11929"
    assert len(errs) == 4                           # each file's one bad record


def test_doi_match_is_case_insensitive_and_prefix_free():
    a = paper("BERT for Everyone", doi="10.18653/v1/N19-1423", url="https://aclanthology.org/N19-1423")
    b = paper("BERT: Pre-training of Deep Bidirectional Transformers", doi="https://doi.org/10.18653/v1/n19-1423",
              year=2019, authors=["Jacob Devlin", "Ming-Wei Chang"], venue="NAACL")
    [merged] = deduplicate([a, b])
    assert merged.title == "BERT for Everyone" and merged.id == a.id
    assert (merged.year, merged.venue, merged.authors) == (2019, "NAACL", ["Jacob Devlin", "Ming-Wei Chang"])


def test_title_match_prefers_the_arxiv_id_and_the_full_abstract():
    slug = paper("Masked Autoencoders Are Scalable Vision Learners", ABSTRACT[:40] + "...", authors=["K. He"])
    arxiv = paper("Masked autoencoders are scalable vision learners.", ABSTRACT, arxiv="2111.06377",
                  authors=["Kaiming He", "Xinlei Chen"])
    [merged] = deduplicate([slug, arxiv])
    assert merged.id == "paper:2111.06377"
    assert merged.title == "Masked Autoencoders Are Scalable Vision Learners"
    assert merged.abstract == ABSTRACT and merged.authors == ["Kaiming He", "Xinlei Chen"]


def test_same_title_different_arxiv_ids_or_dois_stay_apart():
    a, b = paper("Attention Is All You Need", arxiv="1706.03762"), paper("Attention is all you need", arxiv="2501.00001")
    assert len(deduplicate([a, b])) == 2
    c, d = paper("Introduction", doi="10.1000/aaa"), paper("Introduction", doi="10.1000/bbb")
    out = deduplicate([c, d])
    assert len(out) == 2 and out[0].id == "paper:introduction" and out[1].id.startswith("paper:introduction-")


def test_titles_sharing_a_slug_prefix_stay_separate_with_distinct_ids():
    stem = "A Very Long Title About Pretraining " * 4           # the slug is cut at 120 characters
    a, b = paper(stem + "for Vision"), paper(stem + "for Language")
    assert a.id == b.id
    out = deduplicate([a, b])
    assert [p.title for p in out] == [a.title, b.title]
    assert out[0].id == a.id and out[1].id != a.id and out[1].id.startswith(a.id + "-")
    assert deduplicate([a, b])[1].id == out[1].id                # stable across runs


def test_a_record_linking_two_groups_joins_them():
    by_arxiv = paper("Paper One", arxiv="2101.00001")
    by_doi = paper("Paper One, Journal Version", doi="10.1000/xyz", venue="J. Stuff")
    both = paper("Paper One (extended)", arxiv="2101.00001", doi="10.1000/XYZ")
    other = paper("Something Else")
    out = deduplicate([by_arxiv, by_doi, other, both])
    assert [p.id for p in out] == ["paper:2101.00001", "paper:something-else"]
    assert out[0].venue == "J. Stuff" and out[0].doi == "10.1000/xyz"


def test_normalise_title():
    assert normalise_title("  Don’t  STOP: Pretraining!! ") == normalise_title("don't stop — pretraining")
    assert normalise_title("Café") == normalise_title("cafe")
