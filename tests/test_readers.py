"""Whole-document source readers (arXiv Atom, BibTeX, CSL-JSON, Semantic Scholar, OpenAlex, ACL
Anthology XML, Papers with Code) on small real-shaped samples, and format detection."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.errors import SourceError
from loaders.formats.acl_xml import parse_acl_xml
from loaders.formats.arxiv_atom import parse_arxiv_atom
from loaders.formats.bibtex import parse_bibtex
from loaders.formats.openalex import parse_openalex
from loaders.formats.semantic_scholar import parse_semantic_scholar
from loaders.sources import detect_format, read_source, read_sources

SOURCES = Path(__file__).resolve().parent / "data" / "sources"
ABSTRACT = "We propose a method that does many things well and we test it on many data sets in detail."


def read(name: str, **kw):
    """(papers, errors) of a sample file."""
    errs: list[SourceError] = []
    papers = list(read_source(SOURCES / name, errs.append, **kw))
    return papers, errs


def by_id(papers):
    return {p.id: p for p in papers}


def assert_one_bad(errs, name, line, record, reason="empty abstract"):
    """Exactly one bad record, reported with its file, line and record number."""
    assert len(errs) == 1, [str(e) for e in errs]
    err = errs[0]
    assert err.path == str(SOURCES / name) and err.line == line
    assert f"record {record}" in err.reason and reason in err.reason
    assert str(err).startswith(f"{SOURCES / name}:{line}: ")


# --------------------------------------------------------------------------- one test per reader


def test_arxiv_atom():
    papers, errs = read("arxiv.xml")
    assert [p.id for p in papers] == ["paper:1810.04805", "paper:2010.11929", "paper:2111.06377"]
    bert, mae = papers[0], papers[2]
    assert bert.title == "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    assert bert.abstract.startswith("We introduce a new language representation model called BERT, which")
    assert bert.abstract.endswith("(5.1 point absolute improvement).") and "\n" not in bert.abstract
    assert bert.year == 2018 and bert.url == "http://arxiv.org/abs/1810.04805v2"
    assert bert.authors == ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"]
    assert bert.doi is None and bert.venue is None
    assert mae.doi == "10.1109/CVPR52688.2022.01553" and mae.venue == "CVPR 2022"
    assert "Piotr Dollár" in mae.authors
    assert_one_bad(errs, "arxiv.xml", 85, 3)
    assert "A Withdrawn Note" in errs[0].reason


def test_bibtex():
    papers, errs = read("references.bib")
    assert [p.id for p in papers] == ["paper:1810.04805", "paper:2103.00020",
                                      "paper:masked-autoencoders-are-scalable-vision-learners"]
    bert, clip, mae = papers
    assert bert.title == "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    assert bert.doi == "10.18653/v1/N19-1423" and bert.url == "https://aclanthology.org/N19-1423"
    assert bert.year == 2019
    assert bert.venue.startswith("Proceedings of the 2019 Conference of the North American Chapter")  # @string
    assert bert.authors == ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"]
    # a bare % is text in BibTeX, not a LaTeX comment; \% reads the same
    assert "GLUE score to 80.5% (7.7% point absolute improvement)" in bert.abstract
    assert bert.abstract.endswith("(5.1 point absolute improvement).")
    assert clip.year == 2021 and clip.authors[:2] == ["Alec Radford", "Jong Wook Kim"] and len(clip.authors) == 5
    assert mae.authors[4] == "Piotr Dollár" and mae.doi == "10.1109/CVPR52688.2022.01553"
    assert mae.venue == "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"
    assert "e.g., 75%, yields" in mae.abstract and "(by 3× or more)" in mae.abstract
    assert_one_bad(errs, "references.bib", 51, 3)


def test_csl_json():
    papers, errs = read("zotero.json")
    simclr, gpt3, mae = papers
    assert simclr.id == "paper:2002.05709" and simclr.year == 2020
    assert simclr.authors == ["Ting Chen", "Simon Kornblith", "Mohammad Norouzi", "Geoffrey Hinton"]
    assert simclr.url == "http://arxiv.org/abs/2002.05709" and simclr.doi == "10.48550/arXiv.2002.05709"
    assert simclr.abstract.startswith("This paper presents SimCLR")
    assert gpt3.id == "paper:language-models-are-few-shot-learners"
    assert gpt3.venue == "Advances in Neural Information Processing Systems" and gpt3.year == 2020
    assert mae.doi == "10.1109/CVPR52688.2022.01553" and mae.year == 2022 and mae.authors[4] == "Piotr Dollár"
    assert_one_bad(errs, "zotero.json", 86, 3)
    assert "'Deep Learning'" in errs[0].reason


def test_semantic_scholar():
    papers, errs = read("s2-search.json")
    assert [p.id for p in papers] == ["paper:1907.11692", "paper:2103.00020", "paper:1910.10683"]
    roberta, _, t5 = papers
    assert roberta.title == "RoBERTa: A Robustly Optimized BERT Pretraining Approach"
    assert roberta.year == 2019 and roberta.venue == "arXiv.org"
    assert roberta.authors == ["Yinhan Liu", "Myle Ott", "Naman Goyal", "Jingfei Du"]
    assert roberta.url == "https://www.semanticscholar.org/paper/077f8329a7b6fa3b7c877a57b81eb6c18b5f87de"
    assert t5.doi == "10.5555/3455716.3455856" and t5.venue == "Journal of machine learning research"
    assert_one_bad(errs, "s2-search.json", 4, 3)


def test_semantic_scholar_batch_list_with_unknown_ids():
    """The batch endpoint answers with a list, ``null`` for ids it does not know."""
    item = {"paperId": "abc", "title": "A Paper", "abstract": ABSTRACT, "year": 2022,
            "externalIds": {"ArXiv": "2201.00001"}, "authors": [{"name": "A. Author"}]}
    errs = []
    papers = list(parse_semantic_scholar(json.dumps([item, None]), "batch.json", errs.append))
    assert [p.id for p in papers] == ["paper:2201.00001"]
    assert [(e.line, e.reason) for e in errs] == [(1, "record 2: is null")]


def test_openalex():
    papers, errs = read("openalex-works.json")
    assert [p.id for p in papers] == ["paper:1810.04805", "paper:2010.11929", "paper:2005.14165"]
    bert, vit, _ = papers
    assert bert.abstract.startswith("We introduce a new language representation model called BERT,")
    assert bert.abstract.endswith("SQuAD v2.0 Test F1 to 83.1 (5.1 point absolute improvement).")
    assert bert.doi == "10.18653/v1/n19-1423" and bert.year == 2019
    assert bert.venue == "North American Chapter of the Association for Computational Linguistics"
    assert bert.authors == ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"]
    assert vit.url == "https://arxiv.org/abs/2010.11929"   # the arXiv DOI gives the id
    assert_one_bad(errs, "openalex-works.json", 786, 3)
    assert "Attention Is All You Need" in errs[0].reason


def test_openalex_single_work_orders_abstract_by_position():
    work = {"id": "https://openalex.org/W1", "display_name": "Tiny Work", "publication_year": 2023,
            "abstract_inverted_index": {"works.": [3], "Scaling": [0], "data": [1], "well": [2]}}
    papers = list(parse_openalex(json.dumps(work), "w.json"))
    assert papers[0].abstract == "Scaling data well works." and papers[0].title == "Tiny Work"
    assert papers[0].url == "https://openalex.org/W1"


def test_acl_anthology_xml():
    papers, errs = read("acl-2020.xml")
    checklist, bart, dapt = papers
    assert checklist.title == "Beyond Accuracy: Behavioral Testing of NLP Models with CheckList"  # <fixed-case>
    assert "we introduce CheckList, a task-agnostic methodology" in checklist.abstract
    assert checklist.url == "https://aclanthology.org/2020.acl-main.442"
    assert checklist.doi == "10.18653/v1/2020.acl-main.442" and checklist.year == 2020
    assert checklist.venue == "Proceedings of the 58th Annual Meeting of the Association for Computational Linguistics"
    assert checklist.authors == ["Marco Tulio Ribeiro", "Tongshuang Wu", "Carlos Guestrin", "Sameer Singh"]
    assert bart.title.startswith("BART: Denoising") and bart.abstract.startswith("We present BART, a denoising")
    assert dapt.authors[-1] == "Noah A. Smith" and dapt.id == "paper:dont-stop-pretraining-adapt-language-models-to-domains-and-tasks"
    assert_one_bad(errs, "acl-2020.xml", 31, 2)
    assert "Tangled up in BLEU" in errs[0].reason


def test_papers_with_code():
    papers, errs = read("papers-with-abstracts.json")
    assert [p.id for p in papers] == ["paper:1810.04805", "paper:2010.11929", "paper:2004.10964"]
    bert, vit, dapt = papers
    assert bert.venue == "NAACL 2019" and bert.year == 2018 and bert.url == "https://arxiv.org/abs/1810.04805v2"
    assert vit.venue == "ICLR 2021" and len(vit.authors) == 5
    assert dapt.authors[1] == "Ana Marasović"
    assert_one_bad(errs, "papers-with-abstracts.json", 62, 3)


# --------------------------------------------------------------------------- bad documents


def test_malformed_xml_is_one_clear_error_after_the_good_records(tmp_path):
    text = (SOURCES / "arxiv.xml").read_text()
    cut = text[:text.index("<entry>", text.index("2010.11929")) + 40]     # inside the third entry
    f = tmp_path / "cut.xml"
    f.write_text(cut)
    errs = []
    papers = list(read_source(f, errs.append))
    assert [p.id for p in papers] == ["paper:1810.04805", "paper:2010.11929"]
    assert len(errs) == 1 and errs[0].path == str(f) and "malformed XML" in errs[0].reason


def test_garbage_xml_and_json_report_instead_of_raising():
    errs = []
    assert list(parse_acl_xml(b"<collection><volume><paper id='1'><title>T</ti", "a.xml", errs.append)) == []
    assert list(parse_arxiv_atom("not xml at all", "b.xml", errs.append)) == []
    assert list(parse_openalex(b'{"results": [{"title": "x", ', "c.json", errs.append)) == []
    assert [e.path for e in errs] == ["a.xml", "b.xml", "c.json"]
    assert "malformed XML" in errs[0].reason and "malformed JSON" in errs[2].reason


def test_unknown_xml_encoding_is_reported():
    errs = []
    doc = b"<?xml version='1.0' encoding='TF-8'?>\n<collection/>"
    assert list(parse_acl_xml(doc, "enc.xml", errs.append)) == []
    assert errs[0].line == 1 and "unknown encoding" in errs[0].reason


def test_wrong_root_element_is_reported():
    errs = []
    feed = (SOURCES / "arxiv.xml").read_bytes()
    assert list(parse_acl_xml(feed, "x.xml", errs.append)) == []
    assert "root element is <feed>" in errs[0].reason


def test_arxiv_api_error_entry_is_reported():
    feed = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format'
            '</id><title>Error</title><summary>incorrect id format for 1234.12345</summary></entry></feed>')
    errs = []
    assert list(parse_arxiv_atom(feed, "q.xml", errs.append)) == []
    assert "arXiv API error (incorrect id format for 1234.12345)" in errs[0].reason


def test_broken_bibtex_entry_spoils_only_itself():
    bib = ("@article{a, title={First}, abstract={" + ABSTRACT + "}}\n\n"
           "@article{b, title={Broken, abstract={x}\n\n"
           "@article{c, title={Third}, abstract={" + ABSTRACT + "}, year={2020}}\n")
    errs = []
    papers = list(parse_bibtex(bib, "r.bib", errs.append))
    assert [p.title for p in papers] == ["First", "Third"]
    assert len(errs) == 1 and errs[0].line == 3
    assert errs[0].reason.startswith("record 2: is not valid BibTeX")


def test_invalid_utf8_in_a_json_record_spoils_only_that_record(tmp_path):
    good = {"paper_url": "u", "arxiv_id": None, "title": "Good", "abstract": ABSTRACT}
    f = tmp_path / "pwc.json"
    f.write_bytes(b"[" + json.dumps(good).encode() + b',\n{"paper_url": "v", "title": "Bad \xff", "abstract": "'
                  + ABSTRACT.encode() + b'"},\n' + json.dumps({**good, "title": "Also good"}).encode() + b"]")
    errs = []
    papers = list(read_source(f, errs.append))
    assert [p.title for p in papers] == ["Good", "Also good"]
    assert len(errs) == 1 and errs[0].line == 2 and "not valid UTF-8" in errs[0].reason


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize("name, fmt", [
    ("arxiv.xml", "arxiv-atom"), ("acl-2020.xml", "acl-xml"), ("references.bib", "bibtex"),
    ("zotero.json", "csl-json"), ("s2-search.json", "semantic-scholar"),
    ("openalex-works.json", "openalex"), ("papers-with-abstracts.json", "pwc"),
    ("papers.jsonl", "jsonl"), ("papers.csv", "csv"), ("listing.txt", "listing"),
])
def test_detect_by_extension_and_content(name, fmt, tmp_path):
    data = (SOURCES / name).read_bytes()
    assert detect_format(SOURCES / name, data) == fmt
    bare = tmp_path / "export"          # no extension: content alone decides
    bare.write_bytes(data)
    assert detect_format(bare, data) == fmt
    assert len(list(read_source(bare, lambda e: None))) == 3


def test_json_with_one_object_per_line_is_json_lines(tmp_path):
    f = tmp_path / "papers.json"
    f.write_text("".join(json.dumps({"title": t, "abstract": ABSTRACT}) + "\n" for t in ("A", "B")))
    assert detect_format(f, f.read_bytes()) == "jsonl"
    assert [p.title for p in read_source(f)] == ["A", "B"]


def test_plain_json_array_is_read(tmp_path):
    f = tmp_path / "papers.json"
    f.write_text(json.dumps([{"title": "A", "abstract": ABSTRACT, "id": "2101.00001", "year": 2021}]))
    assert detect_format(f, f.read_bytes()) == "json"
    assert [(p.id, p.year) for p in read_source(f)] == [("paper:2101.00001", 2021)]


def test_gzipped_sample_is_detected_under_its_inner_extension(tmp_path):
    import gzip
    f = tmp_path / "works.json.gz"
    f.write_bytes(gzip.compress((SOURCES / "openalex-works.json").read_bytes()))
    assert len(list(read_source(f, lambda e: None))) == 3


def test_unknown_xml_is_a_source_error(tmp_path):
    f = tmp_path / "page.xml"
    f.write_text("<?xml version='1.0'?>\n<!-- saved page -->\n<html><body>hi</body></html>")
    with pytest.raises(SourceError, match="root element <html>"):
        list(read_source(f))
    errs = []
    assert list(read_sources([f], errs.append)) == [] and errs[0].path == str(f)


def test_format_override(tmp_path):
    f = tmp_path / "download.txt"
    shutil.copy(SOURCES / "s2-search.json", f)
    assert len(list(read_source(f, lambda e: None, fmt="semantic-scholar"))) == 3
    assert len(list(read_sources([f], lambda e: None, fmt="semantic-scholar"))) == 3
    with pytest.raises(SourceError, match="unknown format 'ris'"):
        list(read_source(f, fmt="ris"))
