"""Role decisions: what a sentence says a paper does with a mention.

Cue words left of a mention in its sentence decide PROPOSES / INTRODUCES / TRAINS_ON /
EVALUATES_ON / COMPARES_WITH / USES_BACKBONE / USES; Tasks are ADDRESSED and Metrics REPORTED.
Per paper the strongest role over all mentions wins, in ANNOTATION.md's order.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

#: ANNOTATION.md: proposes/introduces > trains_on > evaluates_on > uses > compares.
STRENGTH = {
    "PROPOSES": 6, "INTRODUCES": 6, "TRAINS_ON": 5, "EVALUATES_ON": 4, "USES_BACKBONE": 3,
    "USES": 3, "COMPARES_WITH": 1, "ADDRESSES": 3, "REPORTS": 3,
}

SELF = re.compile(r"\b(we|this (paper|work|study|article)|in this (paper|work)|here,?)\b", re.I)
PROPOSE_VERB = re.compile(
    r"\b(propose[sd]?|present(s|ed)?|introduce[sd]?|develop(s|ed)?|design(s|ed)?|devise[sd]?|"
    r"put forward|term(ed)?|call(ed)?|name[sd]?|dub(bed)?|coin(ed)?|namely|build|built|create[sd]?)\b", re.I)
INTRODUCE_VERB = re.compile(
    r"\b(introduce[sd]?|present(s|ed)?|release[sd]?|construct(s|ed)?|collect(s|ed)?|build|built|"
    r"create[sd]?|curate[sd]?|propose[sd]?|contribute[sd]?|compile[sd]?|assemble[sd]?|"
    r"establish(es|ed)?|develop(s|ed)?|open-source[sd]?|share)\b", re.I)
DATA_NOUN = re.compile(r"\b(data ?sets?|corpus|corpora|benchmarks?|collection|suite|testbed|leaderboard|challenge)\b", re.I)
OUR = re.compile(r"\b(our|novel|new|newly)\s+([\w-]+\s+){0,3}$", re.I)
COMPARE = re.compile(
    r"\b(outperform\w*|surpass\w*|beat\w*|better than|than|compared (to|with)|comparison (to|with)|"
    r"superior to|over|versus|vs\.?|baselines?|competitors?|competitive with|on par with|"
    r"exceed\w*|improv\w* (up)?on|relative to|against|such as|prior|previous|existing|"
    r"state-of-the-art (methods|models|approaches))\b", re.I)
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
    return doc[sent.start:start].text


def right_context(doc: Doc, sent: Span, end: int, n: int = 6) -> str:
    return doc[end:min(sent.end, end + n)].text


def clause_left(text: str) -> str:
    """The clause that leads to a mention: the text after the last clause break (";" or ", while")."""
    parts = re.split(r";|\. |, (?:while|whereas|but|and then)\b", text)
    return parts[-1]


def method_role(doc: Doc, sent: Span, start: int, end: int, *, known: bool, in_title_prefix: bool) -> tuple[str, str]:
    """Role of a Method mention and the cue that decided it."""
    if in_title_prefix:
        return "PROPOSES", "title"
    left = clause_left(left_context(doc, sent, start))
    near = " ".join(left.split()[-8:])
    right = right_context(doc, sent, end)
    if BACKBONE_AFTER.search(right):
        return "USES_BACKBONE", "backbone"
    if COMPARE.search(near):
        return "COMPARES_WITH", "compare"
    if re.search(r"\b(is|are) (proposed|introduced|presented)\b", right):
        return "PROPOSES", "passive"
    if not known or OUR.search(left[-60:] + " "):
        if (SELF.search(left) and PROPOSE_VERB.search(left)) or OUR.search(left[-40:] + " ") \
                or re.search(r"\b(called|named|dubbed|namely|termed|coined)\s*$", left, re.I):
            if not BACKBONE.search(" ".join(left.split()[-3:])):
                return "PROPOSES", "propose"
    if known and SELF.search(left) and re.search(r"\b(propose|present|introduce)\w*\s*$", left, re.I):
        return "PROPOSES", "propose"
    if re.search(r"\b(backbones?|encoders?|initiali[sz]\w*)\b", near, re.I):
        return "USES_BACKBONE", "backbone"
    return "USES", "default"


def data_role(doc: Doc, sent: Span, start: int, end: int, *, known: bool, in_title_prefix: bool,
              benchmark: bool) -> tuple[str, str]:
    """Role of a Dataset/Benchmark mention and the cue that decided it."""
    if in_title_prefix:
        return "INTRODUCES", "title"
    left = clause_left(left_context(doc, sent, start))
    right = right_context(doc, sent, end, 8)
    sent_text = sent.text
    if (not known or OUR.search(left[-60:] + " ")) and (
            (SELF.search(left) and INTRODUCE_VERB.search(left))
            or OUR.search(left[-60:] + " ")
            or re.search(r"\b(called|named|dubbed|namely|termed)\s*$", left, re.I)
            or re.search(r"^\W{0,3}\s*(,\s*)?(a|an|the)?\s*(new|novel|large-scale)", right, re.I)):
        if DATA_NOUN.search(sent_text) or not known:
            return "INTRODUCES", "introduce"
    near = " ".join(left.split()[-10:])
    if TRAIN.search(near) and not re.search(r"\b(evaluat\w*|test\w*)\b", near, re.I):
        return "TRAINS_ON", "train"
    if benchmark or EVAL.search(sent_text):
        return "EVALUATES_ON", "evaluate"
    return "USES", "default"


def strongest(roles: list[str]) -> str:
    return max(roles, key=lambda r: STRENGTH.get(r, 0))
