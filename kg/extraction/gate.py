"""Entity gate: a small logistic regression that keeps or drops each entity the rules proposed.

Every entity a paper's mentions were grouped into (vocabulary names, acronym definitions,
discovered names, learned spans) is described by a few dozen sparse features — where its
mentions came from, its type, its vocabulary entry, how often our annotators marked the name
(the priors), its shape, the words around its first mention, its role cue, whether the learned
span model agrees — and scored. Weights live in ``kg/data/models/gate.json`` (plain JSON, no
runtime dependency), trained by ``scripts/train_gate.py`` on held-out pipeline output over the
training abstracts. One weight set per pipeline mode ("default" with the learned span model,
"fast" without).
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from functools import lru_cache
from importlib import resources

from kg.extraction import priors as _priors
from kg.extraction.roles import SELF
from kg.extraction.tokens import lower_after, toks
from kg.vocab import family, norm

_WORD = re.compile(r"[a-z]+")
_TOKEN = re.compile(r"\w+|[^\w\s]")


@lru_cache(maxsize=1 << 14)
def _shape(text: str) -> str:
    s = re.sub(r"[A-Z]+", "A", text)
    s = re.sub(r"[a-z]+", "a", s)
    s = re.sub(r"[0-9]+", "0", s)
    return s[:8]


def features(doc, g: dict, role: str, cue: str, title_end: int, learned: list, sources: set[str]) -> dict[str, float]:
    """Sparse features of one entity group (see ``TripleBuilder._group``)."""
    tk = toks(doc)
    etype, entry, mentions = g["type"], g["entry"], g["mentions"]
    fam = family(etype)
    f: dict[str, float] = {"bias": 1.0, f"fam={fam}": 1.0, f"type={etype}": 1.0, f"role={role}": 1.0,
                           f"cue={cue}": 1.0, f"fam_cue={fam}|{cue}": 1.0}
    for s in sources:
        f[f"src={s}"] = 1.0
        f[f"fam_src={fam}|{s}"] = 1.0
    if entry is not None:
        f["vocab"] = 1.0
        f[f"vocab_named={entry.named}"] = 1.0
        if entry.category:
            f[f"cat={entry.category}"] = 1.0
    if g.get("long"):
        f["acronym"] = 1.0
    first = min(mentions, key=lambda m: m.start)
    # a name read from a list ("few-shot learning" in "zero-shot and few-shot learning") is
    # judged by its own words, as where it is written whole
    form = first.extra.get("form")
    text = form or tk.span_text(first.start, first.end)
    n_title = sum(1 for m in mentions if m.start < title_end)
    n_abs = len(mentions) - n_title
    f["in_title"] = 1.0 if n_title else 0.0
    f["only_title"] = 1.0 if not n_abs else 0.0
    if n_title and not n_abs:
        # the abstract may repeat a title name in other casing ("Joint Minimum Risk Training")
        f["title_repeated_lower"] = 1.0 if text.lower() in lower_after(doc, title_end) else 0.0
    # a phrase of the title, and the word before it ("for", "via", "<s>")
    title_cue = next((m.extra["title_cue"] for m in mentions if "title_cue" in m.extra), None)
    if title_cue is not None:
        f["title_phrase"] = 1.0
        f[f"title_cue={title_cue}"] = 1.0
        f[f"fam_title_cue={fam}|{title_cue}"] = 1.0
    f["log_mentions"] = math.log1p(len(mentions))
    if len(mentions) == 1:
        f["single"] = 1.0
    n_doc = max(1, len(doc) - title_end)
    abs_ms = [m for m in mentions if m.start >= title_end]
    if abs_ms:
        f["pos"] = (min(m.start for m in abs_ms) - title_end) / n_doc
    ntok = len(_TOKEN.findall(form)) if form else first.end - first.start
    f[f"ntok={min(ntok, 5)}"] = 1.0
    f[f"fam_ntok={fam}|{min(ntok, 4)}"] = 1.0
    if any(map(str.isdigit, text)):
        f["digit"] = 1.0
    if any(map(str.isupper, text[1:])):
        f["inner_cap"] = 1.0
    if text.islower():
        f["lower"] = 1.0
    elif text[:1].isupper():
        f["cap"] = 1.0
    f[f"shape={_shape(text)}"] = 1.0
    words = _WORD.findall(text.lower())
    if words:
        f[f"head={words[-1]}"] = 1.0
        f[f"fam_head={fam}|{words[-1]}"] = 1.0
        if len(words) > 1:
            f[f"first={words[0]}"] = 1.0
    # context of the first abstract mention (else the first mention)
    ctx = min(abs_ms, key=lambda m: m.start) if abs_ms else first
    if ctx.start > 0:
        f[f"l1={tk.lower[ctx.start - 1]}"] = 1.0
        if ctx.start > 1:
            f[f"l2={tk.lower[ctx.start - 2]}"] = 1.0
    if ctx.end < len(doc):
        f[f"r1={tk.lower[ctx.end]}"] = 1.0
        if ctx.end + 1 < len(doc):
            f[f"r2={tk.lower[ctx.end + 1]}"] = 1.0
    # salience: a mention in a sentence about the paper itself ("we address X", "our X"), in the
    # abstract's opening or closing sentence, beside a number
    starts = doc.user_data.get("pg_sent_starts")
    if starts and abs_ms:
        own, numbered = _marked_sentences(doc, tk, starts)
        first_abs = bisect_right(starts, title_end) - 1
        idx = {bisect_right(starts, m.start) - 1 for m in abs_ms}
        if idx & own:
            f["self_sentence"] = 1.0
            f[f"fam_self_sentence={fam}"] = 1.0
        if first_abs in idx:
            f["first_sentence"] = 1.0
            f[f"fam_first_sentence={fam}"] = 1.0
        if len(starts) - 1 in idx and len(starts) - 1 > first_abs:
            f["last_sentence"] = 1.0
            f[f"fam_last_sentence={fam}"] = 1.0
        if idx & numbered:
            f[f"fam_number_sentence={fam}"] = 1.0
    # the annotators' habit with this name
    p = _priors.load_priors().get(norm(text)) or _priors.load_priors().get(norm(g.get("long") or ""))
    if p:
        f["prior_known"] = 1.0
        f["prior_rate"] = p["marked"] / p["n"]
        f["prior_logn"] = math.log1p(p["n"])
        if p["types"]:
            best = max(p["types"].items(), key=lambda kv: kv[1])[0]
            f["prior_type_agree" if family(best) == fam else "prior_type_differs"] = 1.0
    else:
        f["prior_unknown"] = 1.0
    # the learned span model's view (default mode only)
    if learned is not None:
        agree = exact = 0
        p_exact = 0.0
        for m in mentions:
            for x in learned:
                if x.start < m.end and m.start < x.end:
                    if family(x.type) == fam:
                        agree = 1
                        if _same_span(tk, m, x):
                            exact = 1
                            p_exact = max(p_exact, x.extra.get("p", 0.5))
        f["learned_agree"] = float(agree)
        f["learned_exact"] = float(exact)
        f[f"fam_learned={fam}|{agree}"] = 1.0
        if exact:
            f["learned_p"] = p_exact
            f[f"fam_learned_p={fam}"] = p_exact
    return f


def _marked_sentences(doc, tk, starts: list[int]) -> tuple[set[int], set[int]]:
    """Indices of the sentences that speak of the paper itself ("we", "this paper") and of those
    that hold a number (a result: "75.3% top-1 accuracy on X"); computed once per Doc."""
    marks = doc.user_data.get("pg_sent_marks")
    if marks is None:
        spans = list(zip(starts, starts[1:] + [len(doc)]))
        marks = doc.user_data["pg_sent_marks"] = (
            {i for i, (a, b) in enumerate(spans) if SELF.search(tk.span_text(a, b))},
            {i for i, (a, b) in enumerate(spans) if any(tk.num[a:b])})
    return marks


def _same_span(tk, m, x) -> bool:
    """Is the learned span ``x`` exactly the mention ``m``? For a name read from a list, exactly
    its words inside the list ("few-shot learning" in "zero-shot and few-shot learning")."""
    form = m.extra.get("form")
    if form is None:
        return x.start == m.start and x.end == m.end
    return m.start <= x.start and x.end <= m.end and norm(tk.span_text(x.start, x.end)) == norm(form)


class Gate:
    def __init__(self, weights: dict[str, float], threshold: float):
        self.weights = weights
        self.threshold = threshold

    def score(self, feats: dict[str, float]) -> float:
        w = self.weights
        z = sum([w[k] * v for k, v in feats.items() if k in w])  # an unknown feature adds 0.0
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keep(self, feats: dict[str, float]) -> bool:
        return self.score(feats) >= self.threshold


@lru_cache(maxsize=4)
def load_gate(mode: str) -> Gate | None:
    """The shipped gate for ``mode`` ("default" or "fast"), or None when none is shipped."""
    path = resources.files("kg") / "data" / "models" / "gate.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8")).get(mode)
    if not data:
        return None
    return Gate(data["weights"], data["threshold"])
