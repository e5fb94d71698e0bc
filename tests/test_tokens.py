"""The rule components read token attributes from lists (kg/extraction/tokens.py) and set sentence
starts from arrays; both must agree with what spaCy's own objects say."""
from __future__ import annotations

import gc
import random

import pytest
from spacy.pipeline import Sentencizer

from kg.builder import sample_corpus
from kg.extraction.pipeline import YOUNG_THRESHOLD, _paper_doc, build_nlp, extract_docs
from kg.extraction.tokenizer import blank_english
from kg.extraction.tokens import toks
from loaders.sources import read_source

ODD = ["", "x", "Title only", "A. B! C? (D.) \"E.\" F...", "T\n\nAbstract. \n\n Two breaks.\n", "  lead  space . ."]


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(fast=True)


def _docs(nlp):
    papers = list(read_source(sample_corpus()))[:40]
    docs = [_paper_doc(nlp, p) for p in papers] + [nlp.make_doc(t) for t in ODD]
    return [nlp.get_pipe("papergraph_sentences")(d) for d in docs]


def test_sentence_starts_are_the_sentencizers_plus_the_title_break(nlp):
    reference = blank_english()
    splitter = Sentencizer()
    for doc in _docs(nlp):
        ref = splitter(reference.make_doc(doc.text))
        expected = [t.is_sent_start for t in ref]
        for t in ref:  # the one rule papergraph adds: a sentence starts after the title's line break
            if t.is_space and "\n" in t.text and t.i + 1 < len(ref):
                expected[t.i + 1] = True
                break
        assert [t.is_sent_start for t in doc] == expected, doc.text


def test_token_lists_match_token_attributes(nlp):
    rng = random.Random(7)
    for doc in _docs(nlp):
        tk = toks(doc)
        assert tk.text == [t.text for t in doc]
        assert tk.lower == [t.lower_ for t in doc]
        for name, attr in [("ws", "whitespace_"), ("alpha", "is_alpha"), ("is_lower", "is_lower"), ("stop", "is_stop"),
                           ("num", "like_num"), ("punct", "is_punct"), ("space", "is_space"),
                           ("sent_start", "is_sent_start")]:
            assert [bool(x) for x in getattr(tk, name)] == [bool(getattr(t, attr)) for t in doc], name
        assert [tk.is_sent_end(i) for i in range(len(doc))] == [t.is_sent_end for t in doc]
        n = len(doc)
        for _ in range(50):
            a, b = rng.randint(-n - 2, n + 2), rng.randint(-n - 2, n + 2)
            assert tk.span_text(a, b) == doc[a:b].text, (a, b)
            if 0 <= a < b <= n:
                assert tk.chars(a, b) == (doc[a:b].start_char, doc[a:b].end_char)



def test_flag_positions_match_the_lists(nlp):
    for doc in _docs(nlp):
        tk = toks(doc)
        assert tk.where("punct") == [i for i, t in enumerate(doc) if t.is_punct]
        assert tk.where_none("is_lower", "punct", "space") == [
            i for i, t in enumerate(doc) if not (t.is_lower or t.is_punct or t.is_space)]


def test_sentence_final_characters_are_punctuation(nlp):
    # the sentence component looks for them among punctuation tokens only
    assert all(nlp.vocab[c].is_punct for c in Sentencizer.default_punct_chars)


def test_extraction_gives_back_what_it_froze(nlp):
    papers = list(read_source(sample_corpus()))[:3]
    assert gc.get_freeze_count() == 0
    threshold = gc.get_threshold()
    seen = []
    for doc in extract_docs(nlp, papers):
        seen.append((gc.get_freeze_count(), gc.get_threshold()[0]))
    assert seen and all(n > 0 and young >= YOUNG_THRESHOLD for n, young in seen) and gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold
    gc.freeze()  # a caller's own freeze is left alone
    try:
        frozen = gc.get_freeze_count()
        list(extract_docs(nlp, papers))
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("text, tokens", [
    ("on Flickr30K. VALOR-1M is new.", ["on", "Flickr30K", ".", "VALOR-1M", "is", "new", "."]),
    (r"We propose \textbf{FooNet}, a prediction~(CCP) model.",
     ["We", "propose", "\\textbf{", "FooNet", "}", ",", "a", "prediction", "~", "(", "CCP", ")", "model", "."]),
    ("x~y and ~5 and ~ alone", ["x", "~", "y", "and", "~5", "and", "~", "alone"]),
])
def test_the_tokenizer_splits_names_from_markup(text, tokens):
    assert [t.text for t in blank_english().make_doc(text)] == tokens
