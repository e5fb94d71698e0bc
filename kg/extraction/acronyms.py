"""Acronym–definition pairing after Schwartz & Hearst (2003).

"masked image modeling (MIM)" pairs the short form MIM with its long form; so does the
reverse order "MIM (masked image modeling)". Pure functions over strings, with character
offsets, so the pipeline and the tests use the same code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PAREN_RE = re.compile(r"\(([^()]{1,80})\)")
WORD_RE = re.compile(r"\S+")


@dataclass(frozen=True)
class AcronymPair:
    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


def is_short_form(text: str) -> bool:
    """A plausible short form: 2–10 characters, starts alphanumeric, has a letter, at most two words.

    >>> is_short_form("MIM"), is_short_form("ViT-B/16"), is_short_form("e.g. this")
    (True, True, False)
    """
    if not (2 <= len(text) <= 10) or len(text.split()) > 2:
        return False
    if not text[0].isalnum() or not any(map(str.isalpha, text)):
        return False
    if text.lower() in {"e.g", "i.e", "et al", "ie", "eg", "see", "ours"}:
        return False
    # A short form carries at least one upper-case letter or digit beyond the first character
    # (rules out ordinary words in brackets such as "(images)").
    return any(map(str.isupper, text)) or any(map(str.isdigit, text))


def best_long_form(short: str, candidate: str) -> int | None:
    """Start index in ``candidate`` of the shortest long form matching ``short`` (S&H algorithm).

    Every letter/digit of the short form must appear in order in the long form, the first one
    at the start of a word, read right to left; a digit between two letters of the short form
    that the long form lacks is skipped, since it spells a word ("SMM4H": Social Media Mining
    for Health).

    >>> c = "we present a masked image modeling"
    >>> c[best_long_form("MIM", c):]
    'masked image modeling'
    """
    s = [c.lower() for c in short if c.isalnum()]
    cand = candidate.lower()
    si, li = len(s) - 1, len(cand) - 1
    while si >= 0:
        ch = s[si]
        at = li
        while li >= 0 and (cand[li] != ch or (si == 0 and li > 0 and cand[li - 1].isalnum())):
            li -= 1
        if li < 0:
            if ch.isdigit() and 0 < si < len(s) - 1 and s[si - 1].isalpha() and s[si + 1].isalpha():
                li, si = at, si - 1  # a digit between letters spells a word ("SMM4H": Mining for Health)
                continue
            return None
        si -= 1
        li -= 1
    start = cand.rfind(" ", 0, li + 1) + 1
    return start


STOP_START = {"the", "a", "an", "our", "we", "this", "these", "its", "their", "of", "and", "to",
              "in", "on", "for", "with", "by", "novel", "new", "called", "named", "namely", "dubbed",
              "termed", "is", "are", "as", "from", "that", "which", "propose", "present",
              "introduce", "proposed", "termed"}


def _trim(long: str, start: int, short: str) -> tuple[str, int]:
    """Drop leading function words ("a novel ...") from a long form, if it still matches."""
    words = list(WORD_RE.finditer(long))
    i = 0
    while i < len(words) - 1 and words[i].group().lower().strip(",;:") in STOP_START:
        i += 1
    if i and best_long_form(short, long[words[i].start():]) is not None:
        off = words[i].start()
        return long[off:], start + off
    return long, start


def _broken(long: str) -> bool:
    """Long forms that swallowed a list or a bracket are not definitions."""
    return any(c in long for c in "()[]") or ", " in long


def find_pairs(text: str) -> list[AcronymPair]:
    """All (short form, long form) pairs defined in ``text``.

    >>> [(p.short, p.long) for p in find_pairs("We present a novel masked image modeling (MIM) approach.")]
    [('MIM', 'masked image modeling')]
    >>> [(p.short, p.long) for p in find_pairs("We use CAE (context autoencoder) here.")]
    [('CAE', 'context autoencoder')]
    """
    pairs = []
    for m in PAREN_RE.finditer(text):
        inner = m.group(1).strip()
        inner = re.split(r"[;,]\s", inner)[0].strip()
        i_start = m.start(1) + m.group(1).find(inner)
        window = max(0, m.start() - 300)  # a long form is at most a few words: look back a little
        before = text[window: m.start()].rstrip()
        line_start = before.rfind("\n") + 1  # a definition never spans the title/abstract break
        if is_short_form(inner):
            # long form precedes: at most min(|A| + 5, |A| * 2) words
            n = min(len(inner) + 5, len(inner) * 2)
            words = list(WORD_RE.finditer(before))[-n:]
            # stop at sentence or clause boundaries
            cut = 0
            for k, w in enumerate(words):
                if w.group().endswith((".", ";", ":")) and k < len(words) - 1:
                    cut = k + 1
            words = words[cut:]
            if not words:
                continue
            wstart = max(words[0].start(), line_start)
            cand = before[wstart:]
            if not cand.strip():
                continue
            idx = best_long_form(inner, cand)
            if idx is None:
                continue
            long, lstart = _trim(cand[idx:], window + wstart + idx, inner)
            long = long.rstrip(" ,~*")
            if len(long) <= len(inner) or len(long.split()) > len(inner) + 5 or _broken(long):
                continue
            pairs.append(AcronymPair(inner, long, i_start, i_start + len(inner), lstart, lstart + len(long)))
        else:
            # reverse: "SF (long form)"
            prev = WORD_RE.findall(before)[-1:] if before else []
            if not prev:
                continue
            short = prev[0].strip(",;:")
            if not is_short_form(short) or len(inner.split()) < 2:
                continue
            if best_long_form(short, inner) != 0 or _broken(inner):
                continue
            s_end = window + len(before.rstrip(",;:"))
            s_start = s_end - len(short)
            pairs.append(AcronymPair(short, inner, s_start, s_end, i_start, i_start + len(inner)))
    return pairs
