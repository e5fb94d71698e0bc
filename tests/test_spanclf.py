"""The span classifier (kg/extraction/spanclf.py): enumeration, training, persistence, the shipped model."""
from __future__ import annotations

import random

import pytest

from kg.extraction.pipeline import build_nlp, learned_model_path
from kg.extraction.spanclf import BREAKS, EDGE_STOP, SpanClassifier, enumerate_spans, vocab_tags

LABELS = ["O", "METHOD", "DATASET"]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice("BCDFGKLMNPRSTVZ") + rng.choice("aeiou") for _ in range(3)).capitalize() + str(rng.randint(1, 99))


def _examples(rng: random.Random, n: int):
    """Sentences whose context, not the (random) name, says what the name is."""
    out = []
    for _ in range(n):
        a, b = _name(rng), _name(rng)
        words = ["We", "propose", a, ",", "a", "new", "model", ",", "and", "evaluate", "it", "on", "the",
                 b, "dataset", "."]
        out.append((words, {(2, 3): "METHOD", (13, 14): "DATASET"}, ()))
    return out


def test_enumeration_respects_breaks_and_function_words():
    words = "We pretrain masked language models , then evaluate on the Penn Treebank .".split()
    lower = [w.lower() for w in words]
    spans = enumerate_spans(words, lower)
    assert (2, 5) in spans and (10, 12) in spans
    for s, e in spans:
        assert not any(w in BREAKS for w in words[s:e])
        assert lower[s] not in EDGE_STOP and lower[e - 1] not in EDGE_STOP
        assert e - s <= 8


def test_vocab_tags():
    assert vocab_tags(5, [(1, 3, "Method")]) == ["O", "B-Method", "I-Method", "O", "O"]


def test_learns_names_from_context_and_generalises_to_unseen_names():
    rng = random.Random(0)
    model = SpanClassifier.train(_examples(rng, 60), LABELS, epochs=6, min_count=1)
    hits = 0
    for words, gold, _ in _examples(random.Random(1), 20):
        pred = {(s, e): lab for s, e, lab, _ in model.predict(words)}
        hits += sum(pred.get(sp) == lab for sp, lab in gold.items())
    assert hits >= 36  # of 40 unseen names


def test_save_and_load_give_the_same_spans(tmp_path):
    model = SpanClassifier.train(_examples(random.Random(0), 30), LABELS, epochs=3, min_count=1)
    path = tmp_path / "m.npz"
    model.save(path)
    again = SpanClassifier.load(path)
    words = _examples(random.Random(5), 1)[0][0]
    assert model.predict(words), "the trained model finds nothing to compare"
    assert [x[:3] for x in again.predict(words)] == [x[:3] for x in model.predict(words)]
    assert again.labels == LABELS and again.threshold == pytest.approx(model.threshold)


def test_word_clusters_carry_a_label_to_words_never_annotated(tmp_path):
    """A task word seen in training passes its label to a word of its cluster that never was."""
    rng = random.Random(0)
    tasks = ["segmentation", "parsing", "tagging", "retrieval"]
    clusters = {w: ("1", "7") for w in tasks + ["captioning"]}
    clusters.update({w: ("2", "9") for w in ["results", "gains", "errors", "costs", "outcomes"]})
    examples = []
    for _ in range(80):
        task, other = rng.choice(tasks), rng.choice(["results", "gains", "errors", "costs"])
        first, second = (task, other) if rng.random() < 0.5 else (other, task)  # the context says nothing
        words = ["We", "study", first, "and", "report", second, "."]
        examples.append((words, {(2, 3) if first == task else (5, 6): "TASK"}, ()))
    labels = ["O", "TASK"]
    with_clusters = SpanClassifier.train(examples, labels, epochs=12, min_count=1, clusters=clusters)
    without = SpanClassifier.train(examples, labels, epochs=12, min_count=1)
    unseen = ["We", "study", "captioning", "and", "report", "outcomes", "."]
    found = {(s, e): p for s, e, _, p in with_clusters.predict(unseen, threshold=0.0)}
    assert found[(2, 3)] > 0.5 > found[(5, 6)]
    blind = {(s, e): p for s, e, _, p in without.predict(unseen, threshold=0.0)}
    assert blind[(2, 3)] < found[(2, 3)] - 0.1
    path = tmp_path / "m.npz"
    with_clusters.save(path)
    again = SpanClassifier.load(path)
    assert again.clusters == clusters
    assert [x[:3] for x in again.predict(unseen)] == [x[:3] for x in with_clusters.predict(unseen)]


def test_shipped_model_spans_are_well_formed():
    model = SpanClassifier.load(learned_model_path())
    words = ("We introduce masked segment modeling ( MSM ) , a pretraining objective , and evaluate "
             "on ImageNet and COCO for image classification and object detection .").split()
    pred = model.predict(words)
    assert pred, "the shipped model finds nothing in a sentence full of entities"
    covered = set()
    for s, e, lab, p in pred:
        assert 0 <= s < e <= len(words) and lab in model.labels[1:] and p >= model.threshold
        assert not covered & set(range(s, e))
        covered |= set(range(s, e))
    found = {" ".join(words[s:e]): lab for s, e, lab, _ in pred}
    assert found.get("object detection") == "TASK"


def test_default_pipeline_runs_the_classifier_and_fast_does_not():
    assert "papergraph_span_classifier" in build_nlp().pipe_names
    assert "papergraph_span_classifier" not in build_nlp(fast=True).pipe_names


def test_fast_scoring_equals_the_sum_of_each_spans_named_features():
    """``probabilities`` looks features up by template and value; the training view names every
    feature of every span (``span_features``). Both must give the same scores."""
    import numpy as np
    from kg.extraction.spanclf import span_features, token_features
    model = SpanClassifier.load(learned_model_path())
    words = ("UniFoo : Masked Image Modeling\n\nWe pretrain UniFoo with masked image modeling ( MIM ) on "
             "ImageNet-1k and evaluate top-1 accuracy ; UniFoo beats ViT-B/16 .").split(" ")
    vocab = [(9, 10, "Data")]
    spans, p = model.probabilities(words, vocab)
    assert spans == enumerate_spans(words, token_features(words)[0])
    assert model.clusters, "the shipped model carries its word clusters"
    scores = np.array([model.W[model._ids(f)].sum(axis=0) for f in span_features(words, spans, vocab, model.clusters)])
    expected = np.exp(scores - scores.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    assert np.allclose(p, expected, atol=1e-5)


@pytest.mark.parametrize("words", [[], ["x"], ["."], ["\n\n"], ["😀"] * 3, ["A" * 5000], ["Deep", "learning"] * 3000])
def test_odd_inputs_give_well_formed_spans(words):
    model = SpanClassifier.load(learned_model_path())
    for s, e, lab, p in model.predict(words):
        assert 0 <= s < e <= len(words) and type(lab) is str and 0.0 <= p <= 1.0
