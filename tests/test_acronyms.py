"""Schwartz–Hearst acronym pairing."""
from kg.extraction.acronyms import best_long_form, find_pairs, is_short_form


def pairs(text):
    return [(p.short, p.long) for p in find_pairs(text)]


def test_long_form_then_short_form():
    assert pairs("We pretrain with masked segment modeling (MSM), masked region modeling (MRM) and "
                 "image-text matching (ITM).") == [
        ("MSM", "masked segment modeling"), ("MRM", "masked region modeling"), ("ITM", "image-text matching")]


def test_leading_function_words_are_dropped_but_needed_words_kept():
    assert pairs("We present a novel masked image modeling (MIM) approach.") == [("MIM", "masked image modeling")]
    assert pairs("tasks such as named entity recognition (NER)") == [("NER", "named entity recognition")]


def test_a_digit_between_letters_may_spell_a_word():
    assert pairs("our team at the Social Media Mining for Health (SMM4H) shared task") == [
        ("SMM4H", "Social Media Mining for Health")]
    assert pairs("We evaluate audio classification (ESC-50) and more.") == []  # a trailing number is not spelled


def test_short_form_then_long_form():
    assert pairs("We build on CAE (context autoencoder).") == [("CAE", "context autoencoder")]


def test_offsets_point_into_the_text():
    text = "A new Decision-Pretrained Transformer (DPT) is proposed."
    (p,) = find_pairs(text)
    assert text[p.long_start:p.long_end] == "Decision-Pretrained Transformer"
    assert text[p.short_start:p.short_end] == "DPT"


def test_no_pair_for_ordinary_brackets_or_lists():
    assert pairs("We evaluate audio classification (ESC-50, FSD50K, VGGSound) and more.") == []
    assert pairs("trained on images (photos) only") == []
    assert pairs("we report results (see Table 2)") == []


def test_definitions_do_not_cross_the_title_break():
    assert pairs("A Survey\n\nLarge language models (LLMs) are big.") == [("LLMs", "Large language models")]


def test_helpers():
    assert is_short_form("ViT-B/16") and not is_short_form("images")
    assert best_long_form("XYZ", "nothing here") is None
