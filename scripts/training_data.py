#!/usr/bin/env python3
"""Training data for the learned span model (kg/data/models/spans).

Loads the annotated training abstracts (shared/training/batch*.jsonl) joined with the
corpus abstracts, the dev gold (shared/gold/dev.jsonl joined by title with the seed
listing), and SciERC; builds spaCy Docs with entity spans and writes DocBins.

Doc text convention (must match the extraction pipeline): text = title + "\\n\\n" + abstract,
tokenised by spacy.blank("en").

Span recovery: every name/alias of every gold entity is searched case-insensitively with
word boundaries in the text; every occurrence is a mention. Overlaps are resolved by
preferring the longest span (then the earliest). Spans are aligned to tokens
(strict, falling back to "expand").

CLI:
  python scripts/training_data.py stats
  python scripts/training_data.py docbins OUTDIR [--folds 5] [--seed 0] [--scierc]
"""
from __future__ import annotations

import argparse
import glob
import gzip
import json
import random
import re
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

SHARED = Path("/work/shared")
TRAIN_GLOB = str(SHARED / "training" / "batch*.jsonl")
CORPUS = SHARED / "corpora" / "combined_ml_nlp_cv.jsonl.gz"
DEV_GOLD = SHARED / "gold" / "dev.jsonl"
SEED_LISTING = SHARED / "seed" / "hf-papers-pretraining.txt"
SCIERC_DIR = SHARED / "benchmarks" / "scierc"
#: abstracts the team annotated itself (scripts/annotations/README.md); team1-3 may be inspected,
#: team4-6 are only ever scored
TEAM_DIR = Path(__file__).resolve().parent / "annotations"
TEAM_PARTS = {"inspect": (1, 2, 3), "blind": (4, 5, 6)}

LABELS = ["METHOD", "DATASET", "TASK", "METRIC"]
TYPE2LABEL = {"Method": "METHOD", "Dataset": "DATASET", "Benchmark": "DATASET", "Task": "TASK", "Metric": "METRIC"}
LABEL2TYPE = {"METHOD": "Method", "DATASET": "Dataset", "TASK": "Task", "METRIC": "Metric"}
LABEL2REL = {"METHOD": "USES", "DATASET": "EVALUATES_ON", "TASK": "ADDRESSES", "METRIC": "REPORTS"}
SCIERC2OURS = {"Method": "METHOD", "Task": "TASK", "Metric": "METRIC", "Material": "DATASET"}


def make_text(title: str, abstract: str) -> str:
    return title + "\n\n" + abstract


def blank_nlp():
    return spacy.blank("en")


# ---------------------------------------------------------------- loading

def load_training_records() -> list[dict]:
    recs = []
    for f in sorted(glob.glob(TRAIN_GLOB)):
        for line in open(f, encoding="utf8"):
            if line.strip():
                recs.append(json.loads(line))
    return recs


def load_corpus_abstracts(ids: set[str]) -> dict[str, dict]:
    out = {}
    with gzip.open(CORPUS, "rt", encoding="utf8") as fh:
        for line in fh:
            # cheap prefilter on the id field before parsing
            r = json.loads(line)
            if r["id"] in ids:
                out[r["id"]] = r
                if len(out) == len(ids):
                    break
    return out


def iter_corpus_texts():
    """Yield title + abstract texts of the whole corpus (for training static vectors)."""
    with gzip.open(CORPUS, "rt", encoding="utf8") as fh:
        for line in fh:
            r = json.loads(line)
            yield make_text(r["title"], r["abstract"])


def load_training() -> list[dict]:
    """Training records with 'text' added (ordered as in batch1..8)."""
    recs = load_training_records()
    corpus = load_corpus_abstracts({r["id"] for r in recs})
    out = []
    for r in recs:
        c = corpus[r["id"]]
        out.append({**r, "text": make_text(c["title"], c["abstract"])})
    return out


def load_team(part: str) -> list[dict]:
    """The team's annotations of one part ("inspect" or "blind"), with 'text' added from the corpus."""
    recs = [json.loads(line) for k in TEAM_PARTS[part]
            for line in open(TEAM_DIR / f"team{k}.jsonl", encoding="utf8") if line.strip()]
    corpus = load_corpus_abstracts({r["id"] for r in recs})
    return [{**r, "text": make_text(corpus[r["id"]]["title"], corpus[r["id"]]["abstract"])} for r in recs]


def _tkey(t: str) -> str:
    return re.sub(r"[^a-z0-9]", "", t.lower())


def parse_seed_listing(path=SEED_LISTING) -> dict[str, str]:
    """title key -> abstract, from the listing (title line, blank, abstract line, blank)."""
    lines = [l.rstrip("\n") for l in open(path, encoding="utf8")]
    out = {}
    for i in range(len(lines) - 2):
        if lines[i].strip() and not lines[i + 1].strip() and lines[i + 2].strip():
            out.setdefault(_tkey(lines[i]), lines[i + 2].strip())
    return out


def load_dev() -> list[dict]:
    """Dev gold records with 'text' added (joined by title with the seed listing)."""
    listing = parse_seed_listing()
    out = []
    for line in open(DEV_GOLD, encoding="utf8"):
        if not line.strip():
            continue
        r = json.loads(line)
        abstract = listing.get(_tkey(r["title"]))
        if abstract is None:
            raise KeyError(f"dev title not in listing: {r['title']}")
        out.append({**r, "text": make_text(r["title"], abstract)})
    return out


# ---------------------------------------------------------------- spans

def find_mentions(text: str, entities: list[dict]) -> list[tuple[int, int, str]]:
    """Character spans (start, end, label) of all name/alias occurrences, overlaps resolved
    by preferring the longest span."""
    cands = []
    for order, e in enumerate(entities):
        label = TYPE2LABEL.get(e["type"])
        if not label:
            continue
        for form in [e["name"], *e.get("aliases", [])]:
            form = form.strip()
            if not form:
                continue
            pat = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)", re.IGNORECASE)
            for m in pat.finditer(text):
                cands.append((m.start(), m.end(), label, order))
    # longest first, then earliest, then entity order (first listed wins for ties)
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[3]))
    taken = []
    for s, e, lab, _ in cands:
        if any(s < te and ts < e for ts, te, _ in taken):
            continue
        taken.append((s, e, lab))
    return sorted(taken)


def make_doc(nlp, text: str, char_spans) -> Doc:
    doc = nlp.make_doc(text)
    spans = []
    for s, e, lab in char_spans:
        sp = doc.char_span(s, e, label=lab) or doc.char_span(s, e, label=lab, alignment_mode="expand")
        if sp is not None:
            spans.append(sp)
    spans = spacy.util.filter_spans(spans)
    doc.ents = spans
    doc.spans["sc"] = list(spans)
    return doc


def record_to_doc(nlp, rec) -> Doc:
    doc = make_doc(nlp, rec["text"], find_mentions(rec["text"], rec["entities"]))
    doc.user_data["id"] = rec.get("id")
    doc.user_data["title"] = rec["title"]
    return doc


def kfold(n: int, k: int = 5, seed: int = 0) -> list[list[int]]:
    idx = list(range(n))
    random.Random(seed).shuffle(idx)
    return [sorted(idx[i::k]) for i in range(k)]


# ---------------------------------------------------------------- SciERC

_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}


def load_scierc(split: str, nlp=None, mapping: dict | None = None) -> list[Doc]:
    """SciERC docs (one Doc per abstract, sentence-initial tokens marked). mapping=None keeps
    SciERC's own labels; otherwise labels are mapped (unmapped dropped)."""
    nlp = nlp or blank_nlp()
    docs = []
    for line in open(SCIERC_DIR / f"{split}.json", encoding="utf8"):
        r = json.loads(line)
        words, starts = [], []
        for sent in r["sentences"]:
            starts.append(len(words))
            words.extend(_PTB.get(w, w) for w in sent)
        sent_starts = [i in set(starts) for i in range(len(words))]
        doc = Doc(nlp.vocab, words=words, sent_starts=sent_starts)
        spans = []
        for sent_ner in r["ner"]:
            for s, e, lab in sent_ner:
                if mapping is not None:
                    lab = mapping.get(lab)
                    if lab is None:
                        continue
                spans.append(Span(doc, s, e + 1, label=lab))
        spans = spacy.util.filter_spans(spans)
        doc.ents = spans
        doc.spans["sc"] = list(spans)
        doc.user_data["id"] = r["doc_key"]
        docs.append(doc)
    return docs


def scierc_gold_spans(split: str, mapping: dict | None = None) -> list[set]:
    """All gold spans (incl. overlapping ones) per doc, as (start, end_exclusive, label)."""
    out = []
    for line in open(SCIERC_DIR / f"{split}.json", encoding="utf8"):
        r = json.loads(line)
        s_ = set()
        for sent_ner in r["ner"]:
            for s, e, lab in sent_ner:
                if mapping is not None:
                    lab = mapping.get(lab)
                    if lab is None:
                        continue
                s_.add((s, e + 1, lab))
        out.append(s_)
    return out


def save_docbin(docs, path):
    db = DocBin(store_user_data=True)
    for d in docs:
        db.add(d)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)


# ---------------------------------------------------------------- CLI

def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("stats")
    d = sub.add_parser("docbins")
    d.add_argument("outdir")
    d.add_argument("--folds", type=int, default=5)
    d.add_argument("--seed", type=int, default=0)
    d.add_argument("--scierc", action="store_true", help="also write SciERC docbins")
    a = ap.parse_args()
    nlp = blank_nlp()
    recs = load_training()
    docs = [record_to_doc(nlp, r) for r in recs]
    if a.cmd == "stats":
        from collections import Counter
        c = Counter(e.label_ for d in docs for e in d.ents)
        print(f"train docs {len(docs)} tokens {sum(len(d) for d in docs)} mentions {dict(c)}")
        dev = load_dev()
        ddocs = [record_to_doc(nlp, r) for r in dev]
        c = Counter(e.label_ for d in ddocs for e in d.ents)
        print(f"dev docs {len(ddocs)} tokens {sum(len(d) for d in ddocs)} mentions {dict(c)}")
        return
    out = Path(a.outdir)
    save_docbin(docs, out / "train_all.spacy")
    save_docbin([record_to_doc(nlp, r) for r in load_dev()], out / "dev.spacy")
    for i, fold in enumerate(kfold(len(docs), a.folds, a.seed)):
        held = set(fold)
        save_docbin([docs[j] for j in range(len(docs)) if j not in held], out / f"fold{i}_train.spacy")
        save_docbin([docs[j] for j in fold], out / f"fold{i}_test.spacy")
    if a.scierc:
        for split in ["train", "dev", "test"]:
            save_docbin(load_scierc(split, nlp), out / f"scierc_{split}.spacy")
            save_docbin(load_scierc(split, nlp, SCIERC2OURS), out / f"scierc_mapped_{split}.spacy")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
