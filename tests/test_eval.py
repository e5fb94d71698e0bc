"""`kg eval` gives the figures of the reference scorer (../shared/tools/score.py)."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import shared

from kg.evaluate import evaluate, match


def test_kg_eval_agrees_with_the_reference_scorer(sample_build, tmp_path):
    gold = shared("gold", "dev.jsonl")
    scorer = shared("tools", "score.py")
    _, out = sample_build
    pred = out / "triples.jsonl"
    ref = subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--json"], capture_output=True, text=True)
    assert ref.returncode == 0, ref.stderr
    expected = json.loads(ref.stdout.splitlines()[0])
    ours = evaluate(gold, pred).as_dict()
    assert ours == expected
    cli = subprocess.run([sys.executable, "-m", "kg.cli", "eval", str(gold), str(pred), "--show", "5"],
                         capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    assert f"entity F1 {expected['all']['f1']:.3f}" in cli.stdout
    assert "most missed:" in cli.stdout and "most spurious:" in cli.stdout


def test_scoring_rules_on_a_small_case(tmp_path):
    gold = tmp_path / "g.jsonl"
    pred = tmp_path / "p.jsonl"
    gold.write_text(json.dumps({"title": "A Paper", "entities": [
        {"type": "Dataset", "name": "MS COCO", "aliases": ["COCO"], "role": "evaluates_on", "named": True},
        {"type": "Method", "name": "Vision Transformers", "aliases": [], "role": "uses", "named": True},
        {"type": "Benchmark", "name": "GLUE", "aliases": [], "role": "evaluates_on", "named": True}],
        "modalities": ["image"]}) + "\n")
    rows = [("EVALUATES_ON", "Dataset", "mscoco", []), ("USES", "Method", "Vision Transformer", []),
            ("TRAINS_ON", "Dataset", "GLUE", []), ("USES", "Method", "ResNet", []),
            ("HAS_MODALITY", "Modality", "image", [])]
    pred.write_text("".join(json.dumps({"paper_title": "A paper", "relation": r,
                                        "entity": {"type": t, "name": n, "aliases": a}}) + "\n" for r, t, n, a in rows))
    s = evaluate(gold, pred).as_dict()
    assert s["all"] == {"p": 0.75, "r": 1.0, "f1": 0.857, "gold": 3, "pred": 4}
    assert s["role_accuracy"] == round(2 / 3, 3)
    assert s["modality"]["f1"] == 1.0


def test_each_entity_matches_once():
    pairs = match([{"fam": "Method", "forms": {"bert"}}, {"fam": "Method", "forms": {"bert"}}],
                  [{"fam": "Method", "forms": {"bert"}}])
    assert pairs == [(0, 0)]
