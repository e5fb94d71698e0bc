"""Token attributes of a Doc as plain Python lists, read by the rule components.

``doc[i]`` makes a new Token object on every access and ``doc[a:b].text`` makes one per token of
the span; rules that look at the words around every candidate spend most of their time there.
:func:`toks` builds the lists once per Doc from one ``Doc.to_array`` call, so rules read
``t.text[i]`` / ``t.lower[i]`` / ``t.stop[i]`` and ``t.span_text(a, b)`` instead. The values are
spaCy's own lexical attributes (``is_stop``, ``like_num``, ...), so the rules see what they saw
through Token objects.
"""
from __future__ import annotations

import numpy
from spacy.attrs import IDX, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, IS_STOP, LENGTH, LIKE_NUM, SENT_START, SPACY
from spacy.tokens import Doc

_ATTRS = [IDX, LENGTH, SPACY, IS_ALPHA, IS_LOWER, IS_STOP, LIKE_NUM, IS_PUNCT, IS_SPACE, SENT_START]
#: the flag columns of ``Toks.array``
_FLAGS = {"ws": 2, "alpha": 3, "is_lower": 4, "stop": 5, "num": 6, "punct": 7, "space": 8}
_KEY = "pg_toks"


class Toks:
    """One Doc's tokens, attribute by attribute (each a list indexed by token position)."""

    __slots__ = ("doc_text", "n", "array", "idx", "text", "lower", "ws", "alpha", "is_lower", "stop", "num", "punct",
                 "space", "sent_start")

    def __init__(self, doc: Doc, doc_text: str):
        self.doc_text = doc_text
        arr = self.array = doc.to_array(_ATTRS)
        self.n = len(arr)
        # columns of 0/1 flags, read for their truth value
        (self.idx, lengths, self.ws, self.alpha, self.is_lower, self.stop, self.num, self.punct,
         self.space) = arr[:, :9].T.tolist() if self.n else [[] for _ in range(9)]
        #: ``Token.is_sent_start``: set by the sentence component before any rule reads it
        self.sent_start = (arr[:, 9] == 1).tolist() if self.n else []
        self.text = [doc_text[i:i + n] for i, n in zip(self.idx, lengths)]
        self.lower = list(map(str.lower, self.text))

    def where(self, flag: str) -> list[int]:
        """Positions of the tokens with ``flag`` set ("punct", "stop", ...), found by numpy."""
        return numpy.flatnonzero(self.array[:, _FLAGS[flag]]).tolist()

    def where_none(self, *flags: str) -> list[int]:
        """Positions of the tokens with none of ``flags`` set."""
        return numpy.flatnonzero(~self.array[:, [_FLAGS[f] for f in flags]].any(axis=1)).tolist()

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``, with the bounds normalised as spaCy normalises a Doc slice."""
        n = self.n
        if 0 <= start < end <= n:
            return self.doc_text[self.idx[start]:self.idx[end - 1] + len(self.text[end - 1])]
        start = min(n, max(0, start + n if start < 0 else start))
        end = min(n, max(start, end + n if end < 0 else end))
        if start == end:
            return ""
        return self.doc_text[self.idx[start]:self.idx[end - 1] + len(self.text[end - 1])]

    def chars(self, start: int, end: int) -> tuple[int, int]:
        """``(doc[start:end].start_char, doc[start:end].end_char)`` of a non-empty span."""
        return self.idx[start], self.idx[end - 1] + len(self.text[end - 1])

    def is_sent_end(self, i: int) -> bool:
        """``Token.is_sent_end``."""
        return i + 1 == self.n or self.sent_start[i + 1]


def text_of(doc: Doc) -> str:
    """``doc.text``, joined once per Doc (the property joins every token on each call)."""
    text = doc.user_data.get("pg_text")
    if text is None:
        text = doc.user_data["pg_text"] = doc.text
    return text


def lower_after(doc: Doc, start: int) -> str:
    """The lower-cased text from token ``start`` on (the abstract after its title), made once per Doc."""
    cached = doc.user_data.get("pg_lower_after")
    if cached is not None and cached[0] == start:
        return cached[1]
    text = text_of(doc)[toks(doc).idx[start]:].lower() if start < len(doc) else ""
    doc.user_data["pg_lower_after"] = (start, text)
    return text


def toks(doc: Doc) -> Toks:
    """The Doc's :class:`Toks`, built on first use (after sentence starts are set)."""
    t = doc.user_data.get(_KEY)
    if t is None:
        t = doc.user_data[_KEY] = Toks(doc, text_of(doc))
    return t


def forget(doc: Doc) -> None:
    """Drop the cached lists (they are rebuilt on demand; Docs sent between processes stay small)."""
    doc.user_data.pop(_KEY, None)
