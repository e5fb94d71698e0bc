"""Scoring of extraction output against gold records, exactly as ANNOTATION.md defines it.

Papers are joined by normalised title; a predicted entity matches a gold entity of the same type
family when any of their normalised forms agree; each matches at most once per paper (greedy, in
gold order). ``kg eval`` prints these figures; they agree with ``shared/tools/score.py``.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.vocab import norm

FAMILY = {"Method": "Method", "Dataset": "Data", "Benchmark": "Data", "Task": "Task", "Metric": "Metric"}
REL_ROLE = {
    "PROPOSES": "proposes", "USES": "uses", "USES_BACKBONE": "uses", "COMPARES_WITH": "compares",
    "INTRODUCES": "introduces", "TRAINS_ON": "trains_on", "EVALUATES_ON": "evaluates_on",
    "ADDRESSES": "addresses", "REPORTS": "reports", "MEASURES": "reports",
}
SCOPES = ["all", "Method", "Data", "Task", "Metric", "named(recall)", "modality"]


def title_key(title: str) -> str:
    return norm(title)[:80]


def _lines(path: str | Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_gold(path: str | Path) -> dict:
    gold = {}
    for r in _lines(path):
        ents = []
        for e in r["entities"]:
            fam = FAMILY.get(e["type"])
            if not fam:
                continue
            forms = {norm(x) for x in [e["name"], *e.get("aliases", [])] if norm(x)}
            ents.append({"fam": fam, "forms": forms, "role": e.get("role"), "named": bool(e.get("named")),
                         "name": e["name"]})
        gold[title_key(r["title"])] = {"title": r["title"], "ents": ents, "mods": set(r.get("modalities", []))}
    return gold


def load_pred(path: str | Path) -> tuple[dict, dict]:
    pred: dict = defaultdict(dict)
    mods: dict = defaultdict(set)
    for r in _lines(path):
        title = r.get("paper_title") or (r.get("paper") or {}).get("title") or ""
        ent = r.get("entity") or r.get("object") or {}
        etype = ent.get("type") or ent.get("label")
        key = title_key(title)
        if etype == "Modality":
            mods[key].add(str(ent.get("name", "")).lower())
            continue
        fam = FAMILY.get(etype)
        if not fam:
            continue
        names = [ent.get("name", "")] + list(ent.get("aliases") or [])
        forms = {norm(x) for x in names if x and norm(x)}
        if not forms:
            continue
        k = (fam, norm(ent.get("name", "")) or sorted(forms)[0])
        entry = pred[key].setdefault(k, {"fam": fam, "forms": set(), "roles": set(), "name": ent.get("name")})
        entry["forms"] |= forms
        role = REL_ROLE.get(r.get("relation") or r.get("predicate"))
        if role:
            entry["roles"].add(role)
    return pred, mods


def match(gents: list[dict], pents: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one match on shared normalised forms within a type family."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gents):
        for pi, p in enumerate(pents):
            if pi in used or p["fam"] != g["fam"]:
                continue
            if g["forms"] & p["forms"]:
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class Scores:
    papers: int
    covered: int
    buckets: dict = field(default_factory=dict)  # scope -> [tp, npred, ngold]
    role_ok: int = 0
    role_n: int = 0
    misses: dict = field(default_factory=dict)
    spurious: dict = field(default_factory=dict)
    role_errors: dict = field(default_factory=dict)

    @property
    def role_accuracy(self) -> float:
        return round(self.role_ok / self.role_n, 3) if self.role_n else 0.0

    def as_dict(self) -> dict:
        out: dict = {"papers": self.papers, "papers_with_output": self.covered}
        for name, (tp, npred, ngold) in self.buckets.items():
            p, r, f = prf(tp, npred, ngold)
            out[name] = {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "gold": ngold, "pred": npred}
        out["role_accuracy"] = self.role_accuracy
        return out


def score(gold: dict, pred: dict, mods: dict) -> Scores:
    buckets: dict = defaultdict(lambda: [0, 0, 0])
    s = Scores(papers=len(gold), covered=0)
    misses: dict = defaultdict(int)
    spurious: dict = defaultdict(int)
    role_errors: dict = defaultdict(int)
    for key, g in gold.items():
        pents = list(pred.get(key, {}).values())
        if key in pred:
            s.covered += 1
        pairs = match(g["ents"], pents)
        mg = {gi for gi, _ in pairs}
        mp = {pi for _, pi in pairs}
        for scope in ["all", "Method", "Data", "Task", "Metric"]:
            gsel = [i for i, e in enumerate(g["ents"]) if scope == "all" or e["fam"] == scope]
            psel = [i for i, e in enumerate(pents) if scope == "all" or e["fam"] == scope]
            b = buckets[scope]
            b[0] += sum(1 for i in gsel if i in mg)
            b[1] += len(psel)
            b[2] += len(gsel)
        gn = [i for i, e in enumerate(g["ents"]) if e["named"]]
        b = buckets["named(recall)"]
        b[0] += sum(1 for i in gn if i in mg)
        b[2] += len(gn)
        for gi, pi in pairs:
            s.role_n += 1
            if g["ents"][gi]["role"] in pents[pi]["roles"]:
                s.role_ok += 1
            else:
                role_errors[(g["ents"][gi]["name"], g["ents"][gi]["role"], ",".join(sorted(pents[pi]["roles"])))] += 1
        for i, e in enumerate(g["ents"]):
            if i not in mg:
                misses[(e["fam"], e["name"])] += 1
        for i, e in enumerate(pents):
            if i not in mp:
                spurious[(e["fam"], e["name"])] += 1
        pm = mods.get(key, set())
        b = buckets["modality"]
        b[0] += len(pm & g["mods"])
        b[1] += len(pm)
        b[2] += len(g["mods"])
    s.buckets = dict(buckets)
    s.misses, s.spurious, s.role_errors = dict(misses), dict(spurious), dict(role_errors)
    return s


def evaluate(gold_path: str | Path, pred_path: str | Path) -> Scores:
    """Scores of a prediction file (extraction contract) against a gold file (ANNOTATION.md)."""
    pred, mods = load_pred(pred_path)
    return score(load_gold(gold_path), pred, mods)


def top(counter: dict, n: int) -> list:
    return sorted(counter.items(), key=lambda x: -x[1])[:n]
