"""Annotation priors from the project's training annotations (../shared/training).

For every surface form the annotators could have marked — vocabulary names and aliases, and
every annotated name — count the training abstracts it occurs in, how many marked it, and as
which type. The pipeline uses these counts to drop vocabulary names our annotation style does
not treat as entities ("language modeling" as a task) and to pick the type our annotators give
a name. Writes kg/data/priors.json. Never reads ../shared/eval or the dev gold.

    python scripts/build_priors.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

from kg.vocab import load_vocabulary, norm

FAMILY = {"Dataset": "Dataset", "Benchmark": "Dataset", "Method": "Method", "Task": "Task", "Metric": "Metric"}


def load_training(shared: Path) -> list[tuple[str, list[dict]]]:
    recs = {}
    for f in sorted((shared / "training").glob("batch*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                recs[r["id"]] = r
    texts = {}
    with gzip.open(shared / "corpora" / "combined_ml_nlp_cv.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["id"] in recs:
                texts[r["id"]] = r["title"] + "\n\n" + r["abstract"]
    return [(texts[i], recs[i]["entities"]) for i in sorted(recs) if i in texts]


def words(text: str) -> list[str]:
    return [w.rstrip(".") for w in re.findall(r"[^\s,;:()\[\]\"]+", text)]


def ngram_keys(text: str, longest: int = 8) -> tuple[set[str], set[str]]:
    """Every run of up to ``longest`` words, normalised and as written (cased names match as written)."""
    ws = words(text)
    normed, exact = set(), set()
    for i in range(len(ws)):
        for j in range(i + 1, min(len(ws), i + longest) + 1):
            normed.add(norm(" ".join(ws[i:j])))
            exact.add(" ".join(ws[i:j]))
    return normed, exact


def present(form: str, normed: set[str], exact: set[str]) -> bool:
    if any(c.isupper() for c in form):
        w = " ".join(words(form))
        return w in exact or w + "s" in exact
    return norm(form) in normed


def compute_priors(docs: list[tuple[str, list[dict]]]) -> dict[str, dict]:
    """Priors from (text, entities) pairs: per normalised form, abstracts it occurs in, marked, types."""
    forms: set[str] = set()
    for e in load_vocabulary().entries:
        forms |= set(e.forms)
    for _, ents in docs:
        for e in ents:
            forms |= {e["name"], *e.get("aliases", [])}
    form_list = sorted(f for f in forms if norm(f))
    stats: dict[str, dict] = defaultdict(lambda: {"n": 0, "marked": 0, "types": defaultdict(int),
                                                  "forms": defaultdict(int)})
    for text, ents in docs:
        marked: dict[str, str] = {}
        surface: dict[str, str] = {}
        for e in ents:
            for f in [e["name"], *e.get("aliases", [])]:
                marked[norm(f)] = FAMILY.get(e["type"], e["type"])
                surface[norm(f)] = f
        normed, exact = ngram_keys(text)
        seen = set()
        for form in form_list:
            k = norm(form)
            if k in seen or not present(form, normed, exact):
                continue
            seen.add(k)
            s = stats[k]
            s["n"] += 1
            if k in marked:
                s["marked"] += 1
                s["types"][marked[k]] += 1
                s["forms"][surface[k]] += 1
    return {k: {"n": v["n"], "marked": v["marked"], "types": dict(sorted(v["types"].items())),
                "forms": sorted(v["forms"], key=lambda f: (-v["forms"][f], f))[:3]}
            for k, v in sorted(stats.items()) if v["n"] >= 2}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "kg" / "data" / "priors.json"))
    a = ap.parse_args()
    docs = load_training(Path(a.shared))
    out = compute_priors(docs)
    Path(a.out).write_text(json.dumps(out, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"{len(docs)} training abstracts, {len(out)} forms with priors -> {a.out}")


if __name__ == "__main__":
    main()
