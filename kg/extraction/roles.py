"""Role decisions: what a sentence says a paper does with a mention.

Cue words left of a mention in its sentence decide PROPOSES / INTRODUCES / TRAINS_ON /
EVALUATES_ON / COMPARES_WITH / USES_BACKBONE / USES; Tasks are ADDRESSED and Metrics REPORTED.
Per paper the strongest role over all mentions wins, in ANNOTATION.md's order.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.extraction.mentions import is_name_token
from kg.extraction.tokens import toks

#: ANNOTATION.md: proposes/introduces > trains_on > evaluates_on > uses > compares.
STRENGTH = {
    "PROPOSES": 6, "INTRODUCES": 6, "TRAINS_ON": 5, "EVALUATES_ON": 4, "USES_BACKBONE": 3,
    "USES": 3, "COMPARES_WITH": 1, "ADDRESSES": 3, "REPORTS": 3,
}

SELF = re.compile(r"\b(we|this (paper|work|study|article)|in this (paper|work)|here,?)\b", re.I)
PROPOSE_VERB = re.compile(
    r"\b(propose[sd]?|present(s|ed)?|introduce[sd]?|develop(s|ed)?|design(s|ed)?|devise[sd]?|"
    r"put forward|term(ed)?|call(ed)?|name[sd]?|dub(bed)?|coin(ed)?|namely|build|built|create[sd]?)\b", re.I)
#: proposing verbs proper, without the naming words ("namely", "called") that also list known things
PROPOSE_ONLY = re.compile(
    r"\b(propose[sd]?|present(s|ed)?|introduce[sd]?|develop(s|ed)?|design(s|ed)?|devise[sd]?|"
    r"put forward|build|built|create[sd]?)\b", re.I)
INTRODUCE_VERB = re.compile(
    r"\b(introduce[sd]?|present(s|ed)?|release[sd]?|construct(s|ed)?|collect(s|ed)?|build|built|"
    r"create[sd]?|curate[sd]?|propose[sd]?|contribute[sd]?|compile[sd]?|assemble[sd]?|"
    r"establish(es|ed)?|develop(s|ed)?|share)\b", re.I)
DATA_NOUN = re.compile(r"\b(data ?sets?|corpus|corpora|benchmarks?|collection|suite|testbed|leaderboard|challenge)\b", re.I)
OUR = re.compile(r"\b(our|the proposed|our proposed)\s+([\w-]+\s+){0,1}$", re.I)
COMPARE = re.compile(
    r"\b(outperform\w*|surpass\w*|beat\w*|better than|than|compared (to|with)|comparison (to|with)|"
    r"superior to|over|versus|vs\.?|baselines?|competitors?|competitive with|on par with|"
    r"exceed\w*|improv\w* (up)?on|relative to|against|comparable (to|with)|similar (performance )?(as|to)|"
    r"matches|rivals?|state-of-the-art (methods|models|approaches))\b", re.I)
BACKBONE = re.compile(r"\b(backbones?|encoders?|initiali[sz]\w*|based on|built (up)?on|on top of|"
                      r"starting from|fine-?tun\w*|adapt\w*|extend\w*|leverag\w*|utiliz\w*|using|use[sd]?)\b", re.I)
BACKBONE_AFTER = re.compile(r"^\W{0,2}\s*(-?based|backbones?|encoders?|as (the )?(backbone|encoder|image encoder|text encoder))", re.I)
TRAIN = re.compile(r"\b(pre-?train\w*|train\w*|fine-?tun\w*|learn\w* from|distill\w*|instruction-tun\w*|"
                   r"trained|continual(ly)? pre-?train\w*|pre-?trained)\b", re.I)
EVAL = re.compile(r"\b(evaluat\w*|benchmark\w*|test\w*|achiev\w*|obtain\w*|reach\w*|results?|"
                  r"performance|accuracy|outperform\w*|state-of-the-art|sota|experiments?|"
                  r"zero-shot|few-shot|downstream|score\w*|gains?|improv\w*|surpass\w*|validat\w*|"
                  r"transfer\w*|top-1|mIoU|AP|scores?|sets? new)\b", re.I)


def left_context(doc: Doc, sent: Span, start: int) -> str:
    return toks(doc).span_text(sent.start, start)


def right_context(doc: Doc, sent: Span, end: int, n: int = 6) -> str:
    return toks(doc).span_text(end, min(sent.end, end + n))


CLAUSE_BREAK = re.compile(r";|\. |, (?:while|whereas|but|and then)\b")


def clause_left(text: str) -> str:
    """The clause that leads to a mention: the text after the last clause break (";" or ", while")."""
    parts = CLAUSE_BREAK.split(text)
    return parts[-1]


MODIFIER_AFTER = re.compile(r"^\s*(\(\s*\w+\s*\)\s*)?(-?based|-style|-like|approach|method|framework|model|paradigm|"
                            r"objective|strategy|technique|pipeline|scheme)\b", re.I)
NAMING_BEFORE = re.compile(r"\b(called|named|dubbed|namely|termed|coined)\s*,?\s*$", re.I)
#: "namely" also lists well-known things ("LLMs, namely Llama 2 and GPT-4"): not a naming cue for them
NAMING_KNOWN = re.compile(r"\b(called|named|dubbed|termed|coined)\s*,?\s*$", re.I)
PASSIVE_PROPOSED = re.compile(r"^\s*(\(\s*[\w-]+\s*\)\s*)?(is|are) (proposed|introduced|presented)\b")
BACKBONE_NEAR = re.compile(r"\b(backbones?|encoders?|initiali[sz]\w*)\b", re.I)
#: "X, a new dataset", "X, the first benchmark"
NEW_AFTER = re.compile(r"^\W{0,3}\s*(,\s*)?(a|an|the)?\s*(new|novel|large-scale|first)\b", re.I)
NOT_OBJECT = re.compile(r"\b(from|of|using|with|on|based on|via|by|than|to)\b", re.I)


def _words_since(pattern: re.Pattern, text: str) -> tuple[int, str] | None:
    """Words between the last match of ``pattern`` in ``text`` and its end, and that stretch."""
    last = None
    for last in pattern.finditer(text):
        pass
    if last is None:
        return None
    tail = text[last.end():]
    return len(tail.split()), tail


def _proposed_here(left: str, reach: int, known: bool = False) -> bool:
    """"we propose (a novel) X": a proposing verb of the paper's own within ``reach`` words, X its object."""
    if (NAMING_KNOWN if known else NAMING_BEFORE).search(left):
        return True
    if not SELF.search(left):
        return False
    hit = _words_since(PROPOSE_ONLY if known else PROPOSE_VERB, left)
    if hit is None:
        return False
    n, tail = hit
    if known and any(is_name_token(w.strip("(),")) for w in tail.split()):
        return False  # another name stands between the verb and this one: it is the object
    return n <= reach and not NOT_OBJECT.search(tail)


def method_role(doc: Doc, sent: Span, start: int, end: int, *, known: bool, in_title_prefix: bool,
                concept: bool = False) -> tuple[str, str]:
    """Role of a Method mention and the cue that decided it.

    ``known`` marks a proper name from the vocabulary (BERT), ``concept`` a common-noun method
    from it (contrastive learning): both are proposed only when they are the direct object.
    """
    if in_title_prefix:
        return "PROPOSES", "title"
    left = clause_left(left_context(doc, sent, start))
    near = " ".join(left.split()[-8:])
    right = right_context(doc, sent, end)
    if BACKBONE_AFTER.search(right):
        return "USES_BACKBONE", "backbone"
    if COMPARE.search(near):
        return "COMPARES_WITH", "compare"
    if PASSIVE_PROPOSED.search(right):
        return "PROPOSES", "passive"
    modifier = bool(MODIFIER_AFTER.search(right))
    if OUR.search(left[-40:] + " ") and not known:
        return "PROPOSES", "our"
    reach = 2 if (known or concept or modifier) else 8
    if not (modifier and (known or concept)) and _proposed_here(left, reach, known):
        return "PROPOSES", "propose"
    if BACKBONE_NEAR.search(near):
        return "USES_BACKBONE", "backbone"
    return "USES", "default"


TRAIN_ON = re.compile(r"\b(pre-?train\w*|train\w*|fine-?tun\w*|learn\w*|distill\w*)\b(?!-)"
                      r"[^,;]{0,60}\b(on|using|with|from|over)\b[^,;]*$", re.I)


def data_role(doc: Doc, sent: Span, start: int, end: int, *, known: bool, in_title_prefix: bool,
              benchmark: bool) -> tuple[str, str]:
    """Role of a Dataset/Benchmark mention and the cue that decided it."""
    if in_title_prefix:
        return "INTRODUCES", "title"
    left = clause_left(left_context(doc, sent, start))
    right = right_context(doc, sent, end, 8)
    hit = _words_since(INTRODUCE_VERB, left) if SELF.search(left) else None
    reach = 3 if known else 8
    if (hit and hit[0] <= reach and not NOT_OBJECT.search(hit[1])) or (NAMING_KNOWN if known else NAMING_BEFORE).search(left) \
            or (not known and (OUR.search(left[-40:] + " ")
                               or NEW_AFTER.search(right))):
        return "INTRODUCES", "introduce"
    near = " ".join(left.split()[-12:])
    train = TRAIN_ON.search(near)
    if train and not EVAL.search(near[train.end(1):]):
        return "TRAINS_ON", "train"
    if benchmark or EVAL.search(toks(doc).span_text(sent.start, sent.end)):
        return "EVALUATES_ON", "evaluate"
    return "USES", "default"


def strongest(roles: list[str]) -> str:
    return max(roles, key=lambda r: STRENGTH.get(r, 0))
