"""Names written from known names.

Slash-compressed lists of known names: "CIFAR-10/100", "RefCOCO/+/g", "ResNet-101/152",
"CoNLL-02/03", "BERT-base/large".

Authors write the variants of one name with a slash and only the part that changes. Read as one
name, "CIFAR-10/100" is a node no one will find; read as "CIFAR-10", it loses CIFAR-100. Each
later piece completes the first piece's stem by shape (a number replaces the trailing number,
"V2" replaces "V1", a word replaces the word after the last hyphen, a one- or two-character
suffix such as "+" or "g" is appended) or is a known name by itself. The list counts only when
the first piece and every completion are vocabulary names and at least one piece needed
completing: "MNLI/QQP" (two whole names, split by the tokenizer) and "ViT-B/16" (itself a
name) are left to the vocabulary matcher.

Lists that share a word: "code generation and completion" (code generation, code completion),
"semantic and instance segmentation" (semantic segmentation, instance segmentation), "WMT14
English-German and English-French". Read word by word, the list names one thing and a stray
word; :func:`shared_word_variants` gives every name it holds when the vocabulary knows each one,
of one family, and no conjunct is a known name by itself.

Coined names built on a known name ("plWordNet", "BLEU4", "Med-BERT") are of its kind when
nothing around them says otherwise: :func:`derived_type`.
"""
from __future__ import annotations

import re
from typing import Callable

#: the part of the first piece that a later piece of the same shape replaces
_SHAPES = [
    (re.compile(r"^\d[\d.]*[a-zA-Z]?$"), re.compile(r"\d[\d.]*[a-zA-Z]?$")),     # CIFAR-10/100, GPT-3.5/4, 1k/22k
    (re.compile(r"^[A-Za-z]\d+$"), re.compile(r"(?<=[a-z])[A-Za-z]\d+$")),        # MobileNetV1/V2
    (re.compile(r"^[a-z]+$"), re.compile(r"(?<=[-_])[a-z]+$")),                   # BERT-base/large
]
_SUFFIX = re.compile(r"^(?:[+]{1,2}|[a-z])$")                                       # RefCOCO/+/g


def _complete(first: str, piece: str) -> str | None:
    """The name ``piece`` stands for, as a variant of ``first`` (None: not a variant by shape)."""
    if _SUFFIX.match(piece):
        return first + piece
    for piece_shape, tail in _SHAPES:
        if piece_shape.match(piece):
            m = tail.search(first)
            return first[:m.start()] + piece if m else None
    return None


def slash_variants(text: str, known: Callable[[str], bool]) -> list[str] | None:
    """The names a slash-compressed list ``text`` holds, first piece first; None when ``text`` is
    not one (``known`` says whether a string is a vocabulary name)."""
    pieces = text.split("/")
    if len(pieces) < 2 or not all(pieces) or known(text) or not known(pieces[0]):
        return None
    names, completed = [pieces[0]], False
    for piece in pieces[1:]:
        name = _complete(pieces[0], piece)
        if name is not None and known(name):
            completed = True
        elif known(piece):
            name = piece
        else:
            return None
        names.append(name)
    return names if completed else None


def _shape(word: str) -> str:
    return "lower" if word.islower() else "upper" if word.isupper() else "title" if word[:1].isupper() else "mixed"


def shared_word_variants(name: list[str], conjuncts: list[str], head_first: bool,
                         family_of: Callable[[str], str | None]) -> list[str] | None:
    """The names a list sharing words with the known name ``name`` (its words) holds, in the order
    written; None when it is not such a list. ``head_first``: the conjuncts follow the name and
    replace its last word ("code generation and completion"); otherwise they precede it and
    replace its first word ("semantic and instance segmentation"). ``family_of`` gives a known
    name's type family (None: unknown)."""
    if len(name) < 2 or not conjuncts:
        return None
    kind = family_of(" ".join(name))
    replaced = name[-1] if head_first else name[0]
    names = []
    for word in conjuncts:
        if _shape(word) != _shape(replaced) or word.lower() == replaced.lower() or family_of(word):
            return None
        full = " ".join(name[:-1] + [word] if head_first else [word] + name[1:])
        if kind is None or family_of(full) != kind:
            return None
        names.append(full)
    whole = " ".join(name)
    return [whole] + names if head_first else names + [whole]


#: the glued parts of a coined name: capitalised or lower-case words, runs of capitals, numbers
_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def derived_type(name: str, known: Callable[[str], str | None]) -> str | None:
    """The type of the longest known proper name written inside ``name`` ("WordNet" in "plWordNet":
    Dataset; "BLEU" in "BLEU4": Metric; "BERT" in "Med-BERT": Method); ``known`` gives a string's
    type when it is a known proper name, as written."""
    parts = [(m.start(), m.end()) for m in _PARTS.finditer(name)]
    best, best_type = "", None
    for i in range(len(parts)):
        for j in range(len(parts) - 1 if i == 0 else len(parts), i, -1):  # never the whole name
            sub = name[parts[i][0]:parts[j - 1][1]]
            if len(sub) < 4 or len(sub) <= len(best):
                continue
            etype = known(sub)
            if etype:
                best, best_type = sub, etype
    return best_type
