"""The extraction pipeline: spaCy components on ``spacy.blank("en")`` and the Paper → Triple step.

Components (each a factory, so ``nlp.analyze_pipes()`` and configs see them):

``papergraph_sentences``        sentence starts at . ! ? and at the title/abstract break
``papergraph_vocab``            PhraseMatcher over the shipped vocabulary
``papergraph_span_classifier``  the project's trained span classifier (``spanclf.py``; not in ``fast`` mode)
``papergraph_acronyms``         Schwartz–Hearst acronym–definition pairs
``papergraph_discovery``        names in no vocabulary, from cue patterns; vocabulary concepts grown by the modifiers the abstract repeats; descriptive head phrases (and, in ``fast`` mode, the title's phrases) for the gate
``papergraph_triples``          mentions → entities → roles → triples, results, modalities, code links

The triple builder asks the entity gate (``gate.py``, a logistic regression per mode shipped in
``kg/data/models/gate.json``) whether to keep each entity that is not a proper name; the span
classifier's spans are candidates like the rules' ones, and its probability is one of the
gate's features.
"""
from __future__ import annotations

import gc
import re
from bisect import bisect_right
from collections import defaultdict
from contextlib import contextmanager
from functools import lru_cache, partial
from pathlib import Path

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import minibatch

from kg.extraction import acronyms, roles
from kg.extraction.gate import features as gate_features, load_gate
from kg.extraction.priors import learned_lexicon, preferred_type, rarely_marked, sometimes_marked
from kg.extraction.mentions import BENCH_WORDS, CONFIDENCE, DATA_WORDS, METHOD_HEADS, Mention, is_name_token, name_span_at, select, type_from_head
from kg.extraction.modalities import ModalityMatcher
from kg.extraction.results import numbers
from kg.extraction.spanclf import SpanClassifier, vocab_spans
from kg.extraction.tokenizer import blank_english, empty_cache
from kg.extraction.tokens import forget, lower_after, text_of, toks
from kg.extraction.variants import derived_type, shared_word_variants, slash_variants
from kg.model import EntityRef, Evidence, Paper, ResultRecord, Triple, entity_id, result_id
from kg.vocab import VocabEntry, Vocabulary, family, load_vocabulary, norm

TITLE_BREAK = "\n\n"
LEARNED_LABELS = {"METHOD": "Method", "DATASET": "Dataset", "TASK": "Task", "METRIC": "Metric",
                  "BENCHMARK": "Benchmark"}

for _name, _default in [("candidates", None), ("paper", None), ("triples", None), ("results", None)]:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def doc_text(paper: Paper) -> str:
    """The text a paper is read as: title, a blank line, abstract (the learned model's convention)."""
    return paper.title + TITLE_BREAK + paper.abstract


def _candidates(doc: Doc) -> list[Mention]:
    cands = doc.user_data.get("pg_cands")
    if cands is None:
        # ``doc._.candidates`` is the same list; reading it here would make an accessor object per call
        cands = doc.user_data["pg_cands"] = doc._.candidates if doc._.candidates is not None else []
        doc._.candidates = cands
    return cands


def _sents(doc: Doc) -> list:
    """The Doc's sentences, computed once (``doc.sents`` walks every token on each call)."""
    cached = doc.user_data.get("pg_sents")
    if cached is None:
        # slices at the sentence starts the token lists hold: ``doc.sents`` makes a Token per token
        flags = toks(doc).sent_start
        starts = [0] + [i for i in range(1, len(flags)) if flags[i]] if flags else []
        cached = doc.user_data["pg_sents"] = [doc[a:b] for a, b in zip(starts, starts[1:] + [len(flags)])]
        doc.user_data["pg_sent_starts"] = starts
    return cached


def _sent_of(doc: Doc, i: int):
    """The sentence holding token ``i``."""
    sents = _sents(doc)
    return sents[bisect_right(doc.user_data["pg_sent_starts"], i) - 1]


def _abstract_evidence(doc: Doc, start_char: int, end_char: int, offset: int) -> Evidence:
    """Evidence for characters [start_char, end_char) of the Doc: their sentence, offsets in the abstract."""
    starts = toks(doc).idx
    # the token holding start_char (what char_span(..., "expand") starts at, without its scan of the Doc)
    sent = _sent_of(doc, max(0, bisect_right(starts, start_char) - 1))
    return Evidence(sentence=text_of(doc)[sent.start_char:sent.end_char].strip(),
                    start=start_char - offset, end=end_char - offset)


def _title_end(doc: Doc) -> int:
    """Token index where the abstract starts (computed once per Doc)."""
    end = doc.user_data.get("pg_title_end")
    if end is None:
        end = 0
        tk = toks(doc)
        for i, text in enumerate(tk.text):
            if tk.space[i] and "\n\n" in text:
                end = i + 1
                break
        doc.user_data["pg_title_end"] = end
    return end


# ----------------------------------------------------------------------------- components


class BatchedComponent:
    """A component whose ``pipe`` runs a whole batch of Docs before handing them on.

    ``nlp.pipe`` otherwise passes each Doc through every component before the next Doc is
    tokenized; running the tokenizer, then each component, over a batch of Docs keeps each one's
    code and data warm (``--fast`` measured 5–8% faster at 64 Docs). Output is the same either way.
    """

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs, batch_size: int = 64):
        for batch in minibatch(docs, size=batch_size):
            yield from [self(doc) for doc in batch]


class FunctionComponent(BatchedComponent):
    """A function over one Doc as a :class:`BatchedComponent`."""

    def __init__(self, func):
        self.func = func
        self.__doc__ = getattr(func, "func", func).__doc__  # a functools.partial's own function

    def __call__(self, doc: Doc) -> Doc:
        return self.func(doc)


# ----------------------------------------------------------------------------- sentences


@Language.factory("papergraph_sentences", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str):
    """spaCy's Sentencizer rule (. ! ? end a sentence, with the punctuation after them), plus a
    sentence start after the title/abstract break. It reads token texts from arrays and sets every
    start with one ``Doc.from_array``: the Sentencizer makes a Token object per token."""
    from spacy.pipeline import Sentencizer
    punct_chars = frozenset(Sentencizer.default_punct_chars)

    def papergraph_sentences(doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        tk = toks(doc)
        starts = [False] * n
        starts[0] = True
        # the Sentencizer's loop, visiting only its sentence-final tokens: after each, the first
        # token that is neither punctuation nor sentence-final starts a sentence
        texts, punct = tk.text, tk.punct
        i = 0
        # every sentence-final character is punctuation to spaCy (tests/test_tokens.py checks)
        for j in [j for j in tk.where("punct") if texts[j] in punct_chars]:
            if j < i:
                continue
            i = j + 1
            while i < n and (punct[i] or texts[i] in punct_chars):
                i += 1
            if i < n:
                starts[i] = True
        for i, (text, space) in enumerate(zip(tk.text, tk.space)):
            if space and "\n" in text and i + 1 < n:
                starts[i + 1] = True
                break
        flags = numpy.full(n, SENT_CONTINUES, dtype="uint64")
        flags[[i for i, s in enumerate(starts) if s]] = 1
        doc.from_array([SENT_START], flags)
        tk.sent_start = starts
        return doc

    return FunctionComponent(papergraph_sentences)


#: ``SENT_START`` -1 (inside a sentence) as the uint64 ``Doc.from_array`` takes
SENT_CONTINUES = 2 ** 64 - 1


# ----------------------------------------------------------------------------- vocabulary


class VocabMatcher(BatchedComponent):
    """Finds vocabulary names: forms with capitals case-sensitively, lower-case forms case-insensitively."""

    def __init__(self, nlp: Language, vocabulary: Vocabulary | None = None):
        self.vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        #: lower-case forms ("L|" keys), and coined names with an inner capital ("RefCOCO", "Mr. TyDi")
        #: in any other casing ("Mr.TYDI"; "R|" keys): one pass over the Doc finds both
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.keys: dict[str, tuple[list[VocabEntry], bool]] = {}
        exact_forms: dict[str, list] = defaultdict(list)
        lower_forms: dict[str, list] = defaultdict(list)
        recased_forms: dict[str, list] = defaultdict(list)
        lexicon = [VocabEntry(type=t, name=f, named=False, source="priors") for f, t in learned_lexicon()
                   if not self.vocabulary.lookup(f)]
        for e in self.vocabulary.entries + lexicon:
            for form, amb in [(f, False) for f in e.forms] + [(f, True) for f in e.ambiguous_aliases]:
                for variant in self._variants(form):
                    target = exact_forms if any(map(str.isupper, form)) else lower_forms
                    target[variant].append((e, amb))
                    if target is exact_forms and not amb and _coined(form):
                        recased_forms[variant].append((e, amb))  # matched on LOWER: any casing
                    if e.type == "Method" and _capitalised_word(form) and not amb:
                        # "Transformer" is also written "transformer"; dataset names such as
                        # "Traffic" are not lowered (they would match ordinary words)
                        lower_forms[variant.lower()].append((e, amb))
        for forms, matcher, tag in [(exact_forms, self.exact, "E"), (lower_forms, self.lower, "L"),
                                    (recased_forms, self.lower, "R")]:
            for form, entries in forms.items():
                key = f"{tag}|{form}"
                ents = list(dict.fromkeys(e for e, _ in entries))
                self.keys[key] = (ents, all(a for _, a in entries) or len(ents) > 1)
                matcher.add(key, [nlp.make_doc(form)])

    @staticmethod
    def _variants(form: str) -> list[str]:
        out = [form]
        last = re.split(r"[\s-]", form)[-1]  # "F1-scores": the word after the last hyphen
        if last.isalpha() and last[-1].islower() and len(last) > 3 and not last.endswith("s"):
            # plurals: "Transformers", "accuracies", "F1-scores"
            out.append(form[:-1] + "ies" if last.endswith("y") and last[-2] not in "aeiou" else form + "s")
        return out

    def __call__(self, doc: Doc) -> Doc:
        tk = toks(doc)
        cands = _candidates(doc)
        title_end = _title_end(doc)
        strings = doc.vocab.strings
        lower = [(strings[k], s, e) for k, s, e in self.lower(doc)]
        exact = [(strings[k], s, e) for k, s, e in self.exact(doc)]
        for found in (exact, [m for m in lower if m[0][0] == "L"], [m for m in lower if m[0][0] == "R"]):
            for key, start, end in found:
                if key[0] == "R" and (_plain_word(tk, start, end, title_end) or any(
                        c.start == start and c.end == end and c.source == "vocab" for c in cands)):
                    continue  # the exact form was found already
                entries, ambiguous = self.keys[key]
                entry = entries[0] if not ambiguous else _disambiguate(doc, start, end, entries)
                if entry is None or rarely_marked(tk.span_text(start, end)) or _inside_longer_name(doc, start, end) \
                        or (not entry.named and _as_adjective(doc, end)):
                    continue
                if end < len(doc) and VERSION_RE.match(tk.text[end]) and entry.type in ("Dataset", "Benchmark") \
                        and not self.vocabulary.lookup(tk.span_text(start, end + 1)):
                    # "MultiWOZ 2.2" is its own version of a known dataset
                    cands.append(Mention(start, end + 1, entry.type, "vocab", CONFIDENCE["discovery"]))
                    continue
                if entry.type == "Task" and start >= 3 and tk.text[start - 2] == "-" and tk.alpha[start - 3] \
                        and tk.alpha[start - 1] and not tk.ws[start - 3] and not tk.ws[start - 2] \
                        and not (start >= 4 and tk.text[start - 4] == "-" and not tk.ws[start - 4]):
                    # "few-shot named entity recognition", "zero-shot image classification": the
                    # hyphenated modifier makes its own task (the longer span wins in select); a longer
                    # chain ("state-of-the-art semantic parsing") is no modifier of the task
                    cands.append(Mention(start - 3, end, "Task", "vocab", CONFIDENCE["vocab"] - 0.1))
                if entry.type == "Metric" and _metric_modifier(doc, start):
                    # "classification accuracy", "tracking accuracy", "top-1 accuracy": the measured
                    # activity names its own metric (the longer span wins in select)
                    cands.append(Mention(_metric_modifier(doc, start), end, "Metric", "vocab", CONFIDENCE["vocab"] - 0.1))
                cands.append(Mention(start, end, entry.type, "vocab", CONFIDENCE["vocab"] - (0.15 if ambiguous else 0),
                                     entry=entry))
        if "/" in tk.doc_text:
            self._slash_lists(tk, cands)
        self._shared_word_lists(tk, cands)
        return doc

    def _slash_lists(self, tk, cands: list[Mention]) -> None:
        """Slash-compressed lists of known names ("CIFAR-10/100", "RefCOCO/+/g"; see
        kg/extraction/variants.py): one mention over the whole list, carrying its names."""
        seen = set()
        for i in [i for i, word in enumerate(tk.text) if "/" in word]:
            s, e = i, i + 1  # the run of tokens with no space between them
            while s > 0 and not tk.ws[s - 1]:
                s -= 1
            while e < tk.n and not tk.ws[e - 1]:
                e += 1
            while s < e and tk.text[s] in OPENERS:
                s += 1
            while e > s and tk.text[e - 1] in CLOSERS:
                e -= 1
            if (s, e) in seen or e <= s:
                continue
            seen.add((s, e))
            names = slash_variants(tk.span_text(s, e), self._known)
            if names:
                variants = [(name, self._entry(name)) for name in names]
                first = variants[0][1]
                cands.append(Mention(s, e, first.type, "vocab", CONFIDENCE["vocab"], entry=first,
                                     extra={"variants": variants}))

    def _shared_word_lists(self, tk, cands: list[Mention]) -> None:
        """Lists that share a word with a vocabulary name ("code generation and completion",
        "semantic and instance segmentation"; see kg/extraction/variants.py): one mention over
        the whole list, carrying its names."""
        for m in [m for m in cands if m.source == "vocab" and m.entry is not None and not m.extra]:
            words = tk.span_text(m.start, m.end).split()
            if len(words) < 2:
                continue
            for head_first in (True, False):
                listed = _conjuncts_after(tk, m.end) if head_first else _conjuncts_before(tk, m.start)
                if listed is None:
                    continue
                starts, end, conjuncts = listed
                names = shared_word_variants(words, conjuncts, head_first, self._family)
                while names is None and not head_first and len(conjuncts) > 1:
                    # leftwards, the list is as long as its names are known
                    starts, conjuncts = starts[1:], conjuncts[1:]
                    names = shared_word_variants(words, conjuncts, head_first, self._family)
                if names is None or self._outer_word_names(tk, starts, end, conjuncts, head_first):
                    continue
                variants = [(name, self._entry(name)) for name in names]
                cands.append(Mention(m.start if head_first else starts[0], end if head_first else m.end,
                                     m.entry.type, "vocab", CONFIDENCE["vocab"], entry=variants[0][1],
                                     extra={"variants": variants}))

    def _outer_word_names(self, tk, starts: list[int], end: int, conjuncts: list[str], head_first: bool) -> bool:
        """Does the list's outer conjunct make a known name with the word beyond it? "image
        classification and object detection" lists no "image object"."""
        if head_first:
            after = _word_at(tk, end) if end < tk.n and tk.ws[end - 1] else None
            return after is not None and bool(self._family(f"{conjuncts[-1]} {tk.span_text(end, after)}"))
        s = starts[0]
        before = _word_before(tk, s) if s > 0 and tk.ws[s - 1] else None
        return before is not None and bool(self._family(f"{tk.span_text(before, s)} {conjuncts[0]}"))

    def _family(self, text: str) -> str | None:
        """The type family of a vocabulary name (None: not one)."""
        return family(self._entry(text).type) if self._known(text) else None

    def _known(self, text: str) -> bool:
        return bool(self.vocabulary.lookup(text))

    def _entry(self, name: str) -> VocabEntry:
        """The vocabulary entry of a name the vocabulary knows (the one so named, if several)."""
        hits = list(dict.fromkeys(self.vocabulary.lookup(name)))
        return next((e for e in hits if norm(e.name) == norm(name)), hits[0])


#: words that join the items of a list
CONJUNCTIONS = {"and", "or", "&"}


def _word_at(tk, i: int) -> int | None:
    """The end of the word starting at token ``i`` (tokens joined without spaces: letters, digits,
    inner hyphens; "English-French"), or None when no word starts there."""
    e = i
    while e < tk.n and (e == i or not tk.ws[e - 1]) and (not tk.punct[e] or tk.text[e] == "-"):
        e += 1
    return e if e > i and tk.text[i] != "-" and tk.text[e - 1] != "-" and tk.lower[i] not in CONJUNCTIONS else None


def _word_before(tk, j: int) -> int | None:
    """The start of the word ending just before token ``j``, or None."""
    s = j
    while s > 0 and (s == j or not tk.ws[s - 1]) and (not tk.punct[s - 1] or tk.text[s - 1] == "-"):
        s -= 1
    return s if s < j and tk.text[s] != "-" and tk.text[j - 1] != "-" and tk.lower[s] not in CONJUNCTIONS else None


def _conjuncts_after(tk, j: int) -> tuple[list[int], int, list[str]] | None:
    """The words listed from token ``j`` on (", completion and repair"): (their starts, the
    list's end, the words), or None unless a conjunction closes the list."""
    starts, words = [], []
    for _ in range(4):
        comma = j < tk.n and tk.text[j] == ","
        j += comma
        conj = j < tk.n and tk.lower[j] in CONJUNCTIONS
        j += conj
        e = _word_at(tk, j) if (comma or conj) and j < tk.n else None
        if e is None:
            return None
        starts.append(j)
        words.append(tk.span_text(j, e))
        j = e
        if conj:
            return starts, j, words
    return None


def _conjuncts_before(tk, i: int) -> tuple[list[int], int, list[str]] | None:
    """The words listed before token ``i`` ("semantic, instance and "), nearest last: (their
    starts, ``i``, the words), or None unless a conjunction comes right before ``i``."""
    if i < 2 or tk.lower[i - 1] not in CONJUNCTIONS:
        return None
    j = i - 1 - (tk.text[i - 2] == ",")  # the Oxford comma
    starts, words = [], []
    while len(words) < 4:
        s = _word_before(tk, j)
        if s is None:
            break
        starts.insert(0, s)
        words.insert(0, tk.span_text(s, j))
        if not (s > 0 and tk.text[s - 1] == ","):
            break
        j = s - 1
    return (starts, i, words) if words else None


#: tokens that open or close a bracketed or quoted run ("(CIFAR-10/100),")
OPENERS = set("([{\"'")
CLOSERS = set(",.;:)]}\"'")


def _plain_word(tk, start: int, end: int, title_end: int) -> bool:
    """Is tokens [start, end) an ordinary word rather than a coined name in other casing? Lower case
    ("refcoco" in running text), or one capitalised word where prose capitalises any word: in
    the title or first in a sentence ("Quality estimation is ..." is not QuALITY; "the Glove
    model" is GloVe)."""
    text = tk.span_text(start, end)
    return text.islower() or (end - start == 1 and text[:1].isupper() and text[1:].islower()
                              and (start < title_end or tk.sent_start[start]))


def _coined(form: str) -> bool:
    """A name with a capital inside a word and a lower-case letter ("RefCOCO", "TyDi", "ImageNet"):
    no ordinary word is written like that, so its other casings are the same name."""
    return len(form) >= 5 and any(map(str.islower, form)) and any(
        any(map(str.isupper, w[1:])) for w in re.split(r"[\s.-]+", form))


#: suffixes that make a name an adjective ("BERT-based"): the name is still what the paper uses
ADJECTIVE_SUFFIXES = {"based", "like", "style", "inspired", "powered", "driven", "only", "free", "specific"}


def _named_definition(m: Mention) -> bool:
    """Is the acronym defined by a capitalised name ("Semantic-wise Separable Discriminator
    (SS-D)"), not a lowercase phrase ("bi-parametric MR imaging (bpMRI)")?"""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", m.extra.get("long", "")) if len(w) > 3]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def _definition_noun_type(doc: Doc, m: Mention, first: int | None = None) -> str | None:
    """The type a noun gives an acronym defined by a capitalised name: a type noun right after the
    pair ("(SMM4H) 2021 shared task", "(VTID) metric", "Multi-Arabic Dialect Applications and
    Resources (MADAR) corpus") or right before its first form ``first`` ("the evaluation dataset
    MAPS (...)", "a new metric, Virtual Try-on Inception Distance (VTID)") says
    Dataset/Benchmark/Metric; None when no noun says, or the definition is not a name."""
    if not _named_definition(m):
        return None
    tk = toks(doc)
    k = m.end
    if k < len(doc) and tk.text[k] in {"(", "["}:  # the long form: step over "(SHORT"
        k = next((j for j in range(k, min(len(doc), k + 8)) if tk.text[j] in {")", "]"}), k)
    while k < len(doc) and tk.text[k] in {")", "]"}:
        k += 1
    if k < len(doc) and YEAR_RE.match(tk.text[k]):
        k += 1  # "(SMM4H) 2021 shared task"
    # up to two modifiers before the type noun: "(FAB) speech corpus", "(X) evaluation metric"
    j = k
    while j < min(len(doc), k + 2) and tk.is_lower[j] and tk.alpha[j] and not tk.stop[j] \
            and tk.lower[j] not in DATA_WORDS and tk.lower[j] not in DEFINED_METRIC_NOUNS:
        j += 1
    if j < len(doc) and j > k and (tk.lower[j] in DATA_WORDS or tk.lower[j] in DEFINED_METRIC_NOUNS):
        k = j
    after = tk.lower[k] if k < len(doc) else ""
    if after in DATA_WORDS and after != "data":
        return "Benchmark" if after in BENCH_WORDS else "Dataset"
    if after == "shared" and tk.lower[k + 1:k + 2] == ["task"] or after == "competition":
        return "Benchmark"
    if after in DEFINED_METRIC_NOUNS:
        return "Metric"
    b = (m.start if first is None else first) - 1
    if b >= 0 and tk.text[b] == ",":
        b -= 1
    before = tk.lower[b] if b >= 0 else ""
    if before in DATA_WORDS and before not in ("data", "set", "split"):
        return "Benchmark" if before in BENCH_WORDS else "Dataset"
    if before in DEFINED_METRIC_NOUNS:
        return "Metric"
    return None


#: nouns that make a defined name a metric: "a new metric, X (Y)", "the X (Y) score"
DEFINED_METRIC_NOUNS = {"metric", "metrics", "measure", "score"}


def _as_adjective(doc: Doc, end: int) -> bool:
    """A name followed by "-based", "-like": used as an adjective. Annotators count a named model
    so used ("BERT-based") but not a concept ("CNN-based", "attention-based models")."""
    tk = toks(doc)
    return end + 1 < len(doc) and tk.text[end] == "-" and _glued(doc, end) and _glued(doc, end + 1) \
        and tk.lower[end + 1] in ADJECTIVE_SUFFIXES


def _inside_longer_name(doc: Doc, start: int, end: int) -> bool:
    """A known name as part of a longer one: glued by a hyphen to another name part ("NDDR-CNN",
    "Med-BERT", "EMA-SAM"), or the last words of a longer capitalised name in running text
    ("Quadtree Convolutional Neural Network", "Multi-Resolution Fusion Transformer"). The longer
    name is its own entity, if any. ("BERT-based" stays: annotators count the backbone.)"""
    tk = toks(doc)
    span_text = tk.span_text(start, end)
    if any(map(str.isupper, span_text)) or any(map(str.isdigit, span_text)):
        if start >= 2 and tk.text[start - 1] == "-" and not tk.ws[start - 2] \
                and not tk.ws[start - 1] and tk.text[start - 2][-1:].isalnum():
            return True
        if end + 1 < len(doc) and tk.text[end] == "-" and not tk.ws[end - 1] \
                and not tk.ws[end] and tk.text[end + 1][:1].isalnum() \
                and tk.lower[end + 1] not in ADJECTIVE_SUFFIXES:
            return True
    if start <= _title_end(doc) or not tk.text[start][:1].isupper():
        return False
    # the first words of a capitalised name headed by a data word ("Potsdam Commentary Corpus")
    k = end
    while k < min(len(doc), end + 3) and tk.text[k][:1].isupper() and tk.alpha[k]:
        if tk.text[k] in DATA_HEADS:
            return k > end or tk.text[k] in {"Corpus", "Treebank", "Bank"}
        k += 1
    p = start - 1
    return tk.alpha[p] and tk.text[p][:1].isupper() and not tk.sent_start[p] and not tk.stop[p] \
        and tk.lower[p] not in NOT_MODIFIER


def _metric_modifier(doc: Doc, start: int) -> int:
    """Start of a compound metric name ending at the vocabulary metric at ``start``: a preceding
    activity noun ("translation", "forecasting") or a top-k ("top-1"); 0 when there is none."""
    tk = toks(doc)
    if start >= 3 and tk.text[start - 2] == "-" and tk.lower[start - 3] == "top" and tk.num[start - 1]:
        return start - 3
    if start < 1:
        return 0
    p = start - 1
    word = tk.lower[p]
    if tk.alpha[p] and tk.is_lower[p] and not tk.stop[p] and word not in NOT_MODIFIER and word not in COMMON_VERBS \
            and (word in TASK_HEAD_WORDS or word.endswith(("tion", "sion", "ing"))) and not tk.sent_start[p]:
        return start - 1
    return 0


VERSION_RE = re.compile(r"^(v?\d+(\.\d+)+|v\d+)$")


def _capitalised_word(form: str) -> bool:
    return form.isalpha() and form[0].isupper() and form[1:].islower() and len(form) > 3


def _disambiguate(doc: Doc, start: int, end: int, entries: list[VocabEntry]) -> VocabEntry | None:
    """Pick among entries sharing an ambiguous alias by the sentence's cues (a number → Metric)."""
    s = _sent_of(doc, start)
    sent = toks(doc).span_text(s.start, s.end)
    by_type = {family(e.type): e for e in entries}
    if "Metric" in by_type and re.search(r"\d|\b(error|lower|higher|score)\b", sent):
        return by_type["Metric"]
    if "Method" in by_type:
        return by_type["Method"]
    return entries[0] if len(entries) == 1 else None


@Language.factory("papergraph_vocab", assigns=["doc._.candidates"])
def make_vocab(nlp: Language, name: str) -> VocabMatcher:
    return VocabMatcher(nlp)


# ----------------------------------------------------------------------------- acronyms


@Language.factory("papergraph_acronyms", assigns=["doc._.candidates"])
def make_acronyms(nlp: Language, name: str) -> FunctionComponent:
    return FunctionComponent(papergraph_acronyms)


def papergraph_acronyms(doc: Doc) -> Doc:
    """Acronym–definition pairs as linked mentions; every later use of the short form too."""
    cands = _candidates(doc)
    for k, pair in enumerate(acronyms.find_pairs(text_of(doc))):
        long = doc.char_span(pair.long_start, pair.long_end, alignment_mode="expand")
        short = doc.char_span(pair.short_start, pair.short_end, alignment_mode="expand")
        if long is None or short is None:
            continue
        group = f"acr:{norm(pair.short)}:{norm(pair.long)}"
        etype = type_from_head(pair.long)  # None: decided later by the vocabulary or the learned model
        for span in (long, short):
            cands.append(Mention(span.start, span.end, etype, "acronym", CONFIDENCE["acronym"], group=group,
                                 extra={"short": pair.short, "long": pair.long}))
    return doc


# ----------------------------------------------------------------------------- discovery

NAMING_CUE = re.compile(r"^(called|named|dubbed|namely|termed|coined)$", re.I)
TITLE_PREFIX = re.compile(r"^\s*([^:]{2,60}?)\s*:\s+\S")
#: a name described as a metric right after it: "X: A Robust Metric for ...", "we propose X, a
#: reference-based metric that ..." (not "X: A Metric Learning Approach")
METRIC_APPOSITION = re.compile(r"^\s*[:,]\s*(?:an?|the)\s+(?:[\w-]+\s+){0,2}(?:metric|measure)s?\b(?!\s+learning)", re.I)
#: one written word of a name: capitals after the start, or digits, or hyphen-joined capitalised parts
GLUED_NAME = re.compile(r"^(?=\S*(?:[A-Z]|\d))[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$")


@Language.factory("papergraph_discovery", assigns=["doc._.candidates"], default_config={"title_phrases": True})
def make_discovery(nlp: Language, name: str, title_phrases: bool) -> FunctionComponent:
    """``title_phrases``: propose the title's phrases to the gate (the default pipeline leaves
    them to the span classifier: held-out F1 0.609 without them, 0.605 with; ``--fast`` 0.603
    with them, 0.591 without)."""
    return FunctionComponent(partial(papergraph_discovery, title_phrases=title_phrases))


def papergraph_discovery(doc: Doc, title_phrases: bool = True) -> Doc:
    """Names in no vocabulary: title prefixes, "we propose X", "named X", "the X dataset"; with
    ``title_phrases``, the title's phrases for the entity gate."""
    cands = _candidates(doc)
    tk = toks(doc)
    title_end = _title_end(doc)
    title_text = tk.span_text(0, title_end)
    m = TITLE_PREFIX.match(title_text)
    one_word = m is not None and GLUED_NAME.match(m.group(1)) is not None  # "Counting-Stars", "doc2dial"
    # "NLP_UIOWA at SemEval-2020 Task 8: ..." names a team and the shared task, not a contribution
    team_at_task = m is not None and " at " in m.group(1)
    if m and not team_at_task and len(m.group(1).split()) <= 5 and (one_word or any(map(str.isupper, m.group(1)))):
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
        if span is not None and (one_word or any(is_name_token(t.text) for t in span) or len(span) <= 2):
            rest = title_text[m.end(1):]
            etype = "Benchmark" if re.search(r"\bbenchmark", rest, re.I) else \
                "Dataset" if re.search(r"\b(dataset|corpus|data set)\b", rest, re.I) else \
                "Metric" if METRIC_APPOSITION.match(rest) else \
                "Benchmark" if BENCH_NAME.search(m.group(1)) else None
            # with no data word in the title, Method is a guess: the abstract's context types the name
            # when it says more ("we introduce X, a benchmark for ..."); see TripleBuilder._group
            hint = None if etype == "Metric" else "INTRODUCES" if etype else "PROPOSES"
            cands.append(Mention(span.start, span.end, etype or "Method", "title", CONFIDENCE["title"],
                                 hint=hint, extra={} if etype else {"guess": True}))
    _named_data_phrases(doc, cands)
    _task_phrases(doc, cands)
    _head_phrases(doc, cands)
    _extend_concepts(doc, cands, title_end)
    if title_phrases:
        _title_phrases(doc, cands, title_end)
    # lower-case, punctuation and space tokens start no name: only the other positions are tried
    starts = tk.where_none("is_lower", "punct", "space")
    pos = 0  # into starts
    for sent in _sents(doc):
        proposing = None  # does the sentence propose something? Two searches, made on first need
        i = sent.start
        while True:
            while pos < len(starts) and starts[pos] < i:
                pos += 1
            if pos == len(starts) or starts[pos] >= sent.end:
                break
            i = starts[pos]
            word = tk.text[i]
            prev = tk.text[i - 1] if i > sent.start else ""
            named_cue = bool(NAMING_CUE.match(prev)) or (prev == "," and i >= 2 and NAMING_CUE.match(tk.text[i - 2]))
            # "we introduce Madeleine, a ...": a capitalised word right after a proposing verb, in apposition
            appositive = (word[:1].isupper() and i + 2 < sent.end and tk.text[i + 1] == "," and tk.lower[i + 2]
                          in {"a", "an", "the"} and roles.PROPOSE_VERB.fullmatch(prev or "-") is not None)
            if appositive:
                proposing = _proposing(tk.span_text(sent.start, sent.end)) if proposing is None else proposing
                appositive = proposing
            if not (is_name_token(word) or ((named_cue or appositive) and word[:1].isupper())):
                i += 1
                continue
            found = name_span_at(doc, i, sent.end)
            if not found:
                i += 1
                continue
            s, e = found
            s = _glued_prefix(doc, s, sent.start)
            etype, (ls, le) = _data_context(doc, sent, s, e)
            text = tk.span_text(s, e)
            if etype:
                cands.append(Mention(s, e, etype, "discovery", CONFIDENCE["discovery"]))
                _list_items(doc, ls, le, (s, e), etype, cands)
            elif named_cue or appositive or (s > sent.start and (
                    proposing if proposing is not None else (proposing := _proposing(tk.span_text(sent.start, sent.end))))):
                left = tk.span_text(sent.start, s)
                right = tk.span_text(e, min(sent.end, e + 9))  # ", a multi-scale similarity metric"
                etype = "Dataset" if re.search(r"\b(data ?set|corpus|benchmark)\b[^.]*$", left[-40:], re.I) \
                    or re.match(r"^\s*,\s*(a|an|the)\s+([\w-]+\s+){0,2}(data ?set|corpus|benchmark)", right, re.I) \
                    or DATA_SIZE.search(text) else "Metric" if METRIC_APPOSITION.match(right) \
                    else _shape_type(text) or "Method"
                cands.append(Mention(s, e, etype, "discovery", CONFIDENCE["discovery"] + 0.05))
            elif (mlist := _method_list(doc, sent, s, e)) is not None:
                # "distributed SVM algorithms including DSVM-AVE, DisDCA and TRON": names a plural
                # method noun introduces are methods
                cands.append(Mention(s, e, "Method", "discovery", CONFIDENCE["discovery"] - 0.1))
                _list_items(doc, *mlist, (s, e), "Method", cands)
            elif _listed_with_data(doc, cands, sent, s, e):
                # "The SupplyGraph Dataset and DataCo": listed with a dataset, a dataset
                cands.append(Mention(s, e, "Dataset", "discovery", CONFIDENCE["discovery"] - 0.1))
            elif _listed_with_method(doc, cands, sent, s, e):
                # "BEHRT, G-BERT and Med-BERT" after a known model: the list is of models
                cands.append(Mention(s, e, "Method", "discovery", CONFIDENCE["discovery"] - 0.1))
                _list_items(doc, *_coordination(doc, sent, s, e), (s, e), "Method", cands)
            elif len(text) >= 4 and FALLBACK_NAME.match(text) and not PLURAL_ACRONYM.match(text) \
                    and all(_glued(doc, k) for k in range(s + 1, e)) \
                    and (any(map(str.isdigit, text)) or any(map(str.islower, text))):
                # any other model-shaped name (BioViL, MCi2, Med-BERT) is a method the abstract talks
                # about, unless it is built on a known name of another kind ("plWordNet", "BLEU4")
                etype = "Dataset" if DATA_SIZE.search(text) else _shape_type(text) or "Method"
                cands.append(Mention(s, e, etype, "discovery", CONFIDENCE["discovery"] - 0.15))
            i = e
    return doc


#: "DPG-Bench", "MMBench", "fev-bench": a name that ends in "bench" names a benchmark
BENCH_NAME = re.compile(r"[A-Za-z0-9]-?[Bb]ench$")


def _shape_type(text: str) -> str | None:
    """The type a name's own spelling gives it: a benchmark by its "-Bench" ending, else the
    type of a known name written inside it ("Med-BERT": Method)."""
    return "Benchmark" if BENCH_NAME.search(text) else derived_type(text, _known_name_type)


def _proposing(sentence: str) -> bool:
    """The sentence says the paper proposes something ("we propose", "this paper introduces")."""
    return bool(roles.SELF.search(sentence) and roles.PROPOSE_VERB.search(sentence))


#: plural method nouns that introduce a list of method names ("baselines such as X and Y")
METHOD_LIST_NOUNS = {"methods", "models", "algorithms", "approaches", "baselines", "techniques", "architectures",
                     "networks", "solvers", "optimizers", "optimisers", "toolkits",
                     "classifiers", "detectors", "encoders", "backbones", "variants"}


def _method_list(doc: Doc, sent, s: int, e: int) -> tuple[int, int] | None:
    """The span of the list of names ``doc[s:e]`` belongs to, when a plural method noun introduces
    it ("algorithms including X, Y and Z", "baselines such as X", "models (X, Y)"), else None."""
    tk = toks(doc)
    ls, le = _coordination(doc, sent, s, e)
    before = tk.lower[max(sent.start, ls - 4):ls]
    k = _introduced_by(before)
    return (ls, le) if k >= 0 and before[k] in METHOD_LIST_NOUNS else None


def _introduced_by(before: list[str]) -> int:
    """Where in ``before`` (the lower-case words just before a list) the noun that introduces the
    list is: "datasets such as", "benchmarks, including", "models (", "methods:"; -1 if none."""
    k = len(before) - 2 if before and before[-1] in LIST_INTRODUCERS else \
        len(before) - 3 if before[-2:] == ["such", "as"] else -1
    if k >= 0 and before[k] == ",":
        k -= 1  # "datasets, such as X", "benchmarks, including X"
    return k


def _listed_with_data(doc: Doc, cands: list[Mention], sent, s: int, e: int) -> bool:
    """``doc[s:e]`` is coordinated with a dataset or benchmark name (from the vocabulary, or a
    name ending in a data word): "X, Y and ImageNet", "The SupplyGraph Dataset and X"."""
    tk = toks(doc)
    data = [c for c in cands if c.source in ("vocab", "discovery") and family(c.type) == "Data"
            and (c.end <= s or c.start >= e)]
    if s > sent.start and tk.text[s - 1] in {"and", "or", ","} and any(c.end == s - 1 for c in data):
        return True
    if e + 1 < sent.end and tk.text[e] in {"and", "or", ","} and any(c.start == e + 1 for c in data):
        return True
    ls, le = _coordination(doc, sent, s, e)
    return (ls, le) != (s, e) and any(ls <= c.start and c.end <= le for c in data)


def _listed_with_method(doc: Doc, cands: list[Mention], sent, s: int, e: int) -> bool:
    """``doc[s:e]`` is one of a list of names ("X, Y and Z") in which a known method is named."""
    ls, le = _coordination(doc, sent, s, e)
    if (ls, le) == (s, e):
        return False
    return any(c.source == "vocab" and c.type == "Method" and ls <= c.start and c.end <= le and c.entry is not None
               for c in cands)


def _glued_prefix(doc: Doc, s: int, floor: int) -> int:
    """Start of a name whose tail was found at ``s``: "Chronos-ZS" from "ZS"."""
    tk = toks(doc)
    while s - 2 >= floor and tk.text[s - 1] == "-" and _glued(doc, s) and _glued(doc, s - 1) \
            and tk.text[s - 2][-1:].isalnum():
        s -= 2
    return s


def _list_items(doc: Doc, ls: int, le: int, found: tuple[int, int], etype: str, cands: list[Mention]) -> None:
    """The other items of a typed list of names, those the name scan does not start at included
    ("fev-bench", "Gift-Eval")."""
    k = ls
    while k < le:
        if (n := _note_end(doc, k, le)) != k:
            k = n  # a score or citation after an item is no item
            continue
        j = _item_end(doc, k, le)
        if j is None:
            k += 1
            continue
        if (k, j) != found:
            cands.append(Mention(k, j, etype, "discovery", CONFIDENCE["discovery"] - 0.05))
        k = j


FALLBACK_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*\+*$")
PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
#: "VALOR-1M", "PMC-15M": a name with a data size is a dataset ("LLaMA-7B", with B, is a model)
DATA_SIZE = re.compile(r"-\d+(\.\d+)?[MK]$")


LIST_SEPARATORS = {",", "and", "or"}
#: words between a data word and the names it introduces: "datasets such as X", "benchmarks including X"
LIST_INTRODUCERS = {"(", "including", "like", "namely", "e.g.", ":"}


def _glued(doc: Doc, i: int) -> bool:
    """Token ``i`` is written against the one before it ("fev" "-" "bench")."""
    tk = toks(doc)
    return not tk.ws[i - 1]


def _item_end(doc: Doc, i: int, limit: int) -> int | None:
    """End of a list item starting at ``i``: a name, or a glued lowercase compound with a hyphen or
    a digit ("fev-bench", "doc2dial"); None if the token starts no item."""
    tk = toks(doc)
    found = name_span_at(doc, i, limit)
    if found:
        j = found[1]
    elif tk.text[i][:1].isalnum() and not tk.stop[i]:
        j = i + 1
    else:
        return None
    while j + 1 < limit and tk.text[j] == "-" and _glued(doc, j) and _glued(doc, j + 1) and tk.text[j + 1][:1].isalnum():
        j += 2
    text = tk.span_text(i, j)
    if found or "-" in text or any(map(str.isdigit, text)):
        return j
    return None


def _item_start(doc: Doc, j: int, floor: int) -> int | None:
    """Start of the list item ending at ``j`` (exclusive), or None."""
    tk = toks(doc)
    i = j - 1
    while i - 2 >= floor and tk.text[i - 1] == "-" and _glued(doc, i) and _glued(doc, i - 1):
        i -= 2
    return i if i >= floor and _item_end(doc, i, j) == j else None


#: what a bracketed note after a list item holds: a score or a citation number
NOTE_TOKEN = re.compile(r"^[\d.,%±+\-–]+$")


def _note_end(doc: Doc, e: int, limit: int) -> int:
    """End of a bracketed note of numbers starting at token ``e`` ("GenEval (0.91)", "HMDB51 [21]"),
    or ``e`` when there is none."""
    tk = toks(doc)
    if e < limit and tk.text[e] in {"(", "["}:
        j = e + 1
        while j < min(limit, e + 6) and NOTE_TOKEN.match(tk.text[j]):
            j += 1
        if e + 1 < j < limit and tk.text[j] == (")" if tk.text[e] == "(" else "]"):
            return j + 1
    return e


def _note_start(doc: Doc, e: int, floor: int) -> int:
    """Start of a bracketed note of numbers ending just before token ``e``, or ``e``."""
    tk = toks(doc)
    if e - 1 > floor and tk.text[e - 1] in {")", "]"}:
        i = e - 2
        while i > max(floor, e - 7) and NOTE_TOKEN.match(tk.text[i]):
            i -= 1
        if i >= floor and i < e - 2 and tk.text[i] == ("(" if tk.text[e - 1] == ")" else "["):
            return i
    return e


def _coordination(doc: Doc, sent, s: int, e: int) -> tuple[int, int]:
    """The span of the list of names ``doc[s:e]`` belongs to: "Gift-Eval, fev-bench and Chronos-ZS",
    "GenEval (0.91), DPG-Bench (87.44), and ImgEdit (4.34)"."""
    tk = toks(doc)
    while s - 2 >= sent.start and tk.text[s - 1] in LIST_SEPARATORS:
        k = s - 1
        if tk.text[k] in {"and", "or"} and tk.text[k - 1] == ",":
            k -= 1  # the Oxford comma
        i = _item_start(doc, _note_start(doc, k, sent.start), sent.start)
        if i is None:
            break
        s = i
    while True:
        n = _note_end(doc, e, sent.end)
        if not (n + 1 < sent.end and tk.text[n] in LIST_SEPARATORS):
            break
        k = n + 1
        if tk.text[n] == "," and tk.text[k] in {"and", "or"}:
            k += 1
        j = _item_end(doc, k, sent.end) if k < sent.end else None
        if j is None:
            break
        e = j
    return s, e


@lru_cache(maxsize=1 << 14)
def _known_name_type(text: str) -> str | None:
    """The type of the vocabulary's proper name written exactly ``text``, if there is one."""
    return next((e.type for e in load_vocabulary().lookup(text) if e.named and text in e.forms), None)


def _data_word_type(word: str) -> str | None:
    if word in DATA_WORDS and word != "data":
        return "Benchmark" if word in BENCH_WORDS else "Dataset"
    return None


def _data_context(doc: Doc, sent, s: int, e: int) -> tuple[str | None, tuple[int, int]]:
    """Dataset/Benchmark when the words around a name, or around the list of names it is in, say
    so: "the X dataset", "X and Y signature datasets", "dataset X", "benchmarks (X, Y)",
    "datasets such as X and Y", "benchmarks including X, Y, and Z", "the X data",
    "X and Y, two annotated datasets", "a new dataset, X, ...". Also returns the list's span."""
    tk = toks(doc)
    ls, le = _coordination(doc, sent, s, e)
    after = tk.lower[le:min(sent.end, le + 2)]
    if after:
        etype = _data_word_type(after[0])
        if etype is None and len(after) == 2 and tk.is_lower[le] and tk.alpha[le] and not tk.stop[le]:
            etype = _data_word_type(after[1])  # one modifier: "CEDAR and MCYT75 signature datasets"
        if etype is None and after[0] == "data" and ls > sent.start and tk.lower[ls - 1] in {"the", "this"}:
            etype = "Dataset"  # "on the FewshotWOZ data"
        if etype is None and after[0] == ",":
            m = DATA_APPOSITION.match(tk.span_text(le, min(sent.end, le + 8)))
            etype = m and ("Benchmark" if m.group(1).lower().startswith("bench") else "Dataset")
        if etype:
            return etype, (ls, le)
    before = tk.lower[max(sent.start, ls - 4):ls]
    if before and before[-1] in {"dataset", "corpus", "benchmark"}:
        return ("Benchmark" if before[-1] == "benchmark" else "Dataset"), (s, e)
    if len(before) >= 3 and before[-1] == "," and before[-2] in {"dataset", "corpus", "benchmark"} \
            and before[-3] in {"new", "a", "our", "novel"} and (e >= sent.end or tk.text[e] in {",", "(", "."}):
        return ("Benchmark" if before[-2] == "benchmark" else "Dataset"), (s, e)  # "a new dataset, X, ..."
    k = _introduced_by(before)
    if k >= 0:
        etype = _data_word_type(before[k]) if before[k] not in {"data", "set", "split"} else None
        if etype is None and before[-1] == "(" and type_from_head(before[k]) == "Task":
            etype = "Dataset"  # "audio classification (ESC-50, VGGSound)": what a task is measured on
        if etype:
            return etype, (ls, le)
    return None, (s, e)


#: "X and Y, two densely annotated datasets": a list in apposition with a data word
DATA_APPOSITION = re.compile(r"^,\s*(?:a|an|the|two|three|four|five|six|both|several)\s+(?:[\w-]+\s+){0,3}?"
                             r"(?:large-scale\s+)?[\w-]*?(data ?sets?|corpus|corpora|benchmarks?)\b", re.I)


DATA_HEADS = {"Corpus": "Dataset", "Treebank": "Dataset", "Dataset": "Dataset", "Data": "Dataset",
              "Bank": "Dataset", "Collection": "Dataset", "Benchmark": "Benchmark", "Challenge": "Benchmark",
              "Suite": "Benchmark", "Leaderboard": "Benchmark"}
YEAR_RE = re.compile(r"^(19|20)\d\d$")


def _is_cap(text: str) -> bool:
    return bool(text[:1].isupper()) or is_name_token(text)


def _named_data_phrases(doc: Doc, cands: list[Mention]) -> None:
    """Proper-noun phrases headed by a data word ("Potsdam Commentary Corpus", "RST Treebank") and
    shared tasks with a year ("SemEval-2020 Task 8", "SIGMORPHON 2020 Task 1")."""
    title_end = _title_end(doc)
    tk = toks(doc)
    n = len(doc)
    texts = tk.text
    # a data head, or a token ending in a digit (the years below do): few tokens
    for i in [i for i, t in enumerate(texts[title_end:], title_end) if t in DATA_HEADS or t[-1].isdigit()]:
        text = texts[i]
        etype = DATA_HEADS.get(text)
        if etype and i > title_end and _is_cap(tk.text[i - 1]) and not tk.sent_start[i - 1]:
            j = i
            while j > title_end and (_is_cap(tk.text[j - 1]) or tk.text[j - 1] in {"-", "of"}) \
                    and not tk.sent_start[j - 1] and tk.lower[j - 1] not in {"the", "a", "an", "our", "we", "this"}:
                j -= 1
            while j < i and (tk.text[j] in {"-", "of"} or tk.stop[j] and tk.is_lower[j]):
                j += 1
            if j < i:
                cands.append(Mention(j, i + 1, etype, "discovery", CONFIDENCE["discovery"]))
        if etype and i + 2 < n and texts[i + 1] == "of" and _is_cap(texts[i + 2]) and not tk.sent_start[i]:
            # "Corpus of Contemporary American English", "Dataset of Chinese Poems"
            j = i + 2
            while j < n and _is_cap(texts[j]) and not tk.punct[j]:
                j += 1
            cands.append(Mention(i, j, etype, "discovery", CONFIDENCE["discovery"]))
        _year_benchmark(doc, tk, i, title_end, cands)
    # shared tasks are named in titles too ("Amherst685 at SemEval-2021 Task 7: ...")
    for i in range(1, title_end):
        if tk.text[i][-1:].isdigit():
            _year_benchmark(doc, tk, i, 0, cands)


def _year_benchmark(doc: Doc, tk, i: int, floor: int, cands: list[Mention]) -> None:
    """A shared task or challenge named with its year at token ``i``: "SemEval-2020 Task 8",
    "SIGMORPHON 2020 Task 1", "CL-LaySumm 2020", "WMT 2019 Shared Task"."""
    text = tk.text[i]
    if YEAR_RE.match(text) and i > floor and is_name_token(tk.text[i - 1]) or (
            text[:1].isalpha() and re.match(r"^[A-Za-z][\w-]*-(19|20)\d\d$", text)):
        start = _glued_prefix(doc, i - 1, floor) if YEAR_RE.match(text) else i
        end = i + 1
        n = len(doc)
        if end + 1 < n and tk.text[end] == "Task" and tk.num[end + 1]:
            end += 2
        elif end + 1 < n and tk.text[end] == "Shared" and tk.text[end + 1] == "Task":
            end += 2
        cands.append(Mention(start, end, "Benchmark", "discovery", CONFIDENCE["discovery"]))


TASK_HEAD_WORDS = {"classification", "parsing", "detection", "recognition", "generation", "segmentation",
                   "translation", "summarization", "summarisation", "retrieval", "answering", "extraction",
                   "labeling", "labelling", "tagging", "identification", "prediction", "estimation",
                   "captioning", "reasoning", "verification", "normalization", "alignment", "selection",
                   "linking", "resolution", "completion", "forecasting", "diacritization", "inflection",
                   "localization", "tracking", "understanding", "inference", "grounding", "simplification"}
NOT_MODIFIER = {"efficient", "accurate", "robust", "better", "improved", "various", "different", "several",
                "multiple", "many", "other", "such", "new", "novel", "existing", "current", "standard", "downstream",
                "traditional", "conventional", "previous", "same", "both", "each", "more", "most", "further",
                "final", "overall", "good", "high", "higher", "fast", "faster", "simple", "effective", "general",
                "specific", "challenging", "difficult", "joint", "automatic", "automated", "whole", "full", "their",
                "its", "our", "this", "these", "that", "those", "first", "second", "two", "three", "large", "small"}


COMMON_VERBS = {"require", "requires", "requiring", "formulate", "formulates", "perform", "performs", "performing",
                "make", "makes", "making", "enhance", "enhances", "test", "tests", "improve", "improves",
                "achieve", "achieves", "use", "uses", "using", "show", "shows", "propose", "proposes", "study",
                "studies", "address", "addresses", "tackle", "tackles", "consider", "considers", "enable",
                "enables", "support", "supports", "evaluate", "evaluates", "include", "includes", "involve",
                "involves", "focus", "focuses", "apply", "applies", "boost", "boosts", "benefit", "benefits",
                "facilitate", "facilitates", "solve", "solves", "need", "needs", "allow", "allows", "help",
                "helps", "aid", "aids", "for", "via", "towards", "toward"}


def _task_phrases(doc: Doc, cands: list[Mention]) -> None:
    """Descriptive task names: up to three modifiers before a task head ("discourse parsing",
    "humor classification", "multi-hop reasoning"); a bare head is too generic to count."""
    title_end = _title_end(doc)
    tk = toks(doc)
    n = len(doc)
    lower = tk.lower
    for i in [i for i in range(title_end, n) if lower[i] in TASK_HEAD_WORDS]:
        if tk.text[i - 1] == "-" and not tk.ws[i - 1]:
            continue  # "high-resolution": an adjective, not a task
        x = i + 1
        if x < n and tk.alpha[x] and tk.is_lower[x] and not tk.stop[x] \
                and tk.lower[x] not in {"task", "tasks", "problem", "problems", "challenge"}:
            continue  # "object detection models": the phrase is about the models
        j, words = i, 0
        while j > title_end and words < 3:
            p = j - 1
            low = tk.lower[p]
            if tk.text[p] == "-" and j - 2 >= title_end and not tk.ws[j - 2]:
                j -= 2
                continue
            if tk.punct[p] or tk.space[p] or tk.num[p] or low in NOT_MODIFIER \
                    or low in COMMON_VERBS or tk.stop[p] or tk.is_sent_end(p) or not tk.text[p][:1].isalpha() \
                    or low.endswith(("ed", "ly")) or low in TASK_HEAD_WORDS:
                break
            j -= 1
            words += 1
        if j < i:
            cands.append(Mention(j, i + 1, "Task", "discovery", CONFIDENCE["discovery"] - 0.1))
    _named_tasks(doc, cands, title_end)
    _gerund_tasks(doc, cands, title_end)


#: verbs whose -ing form names a task when it follows a preposition ("for detecting mislabeled data")
TASK_GERUNDS = {"detecting", "predicting", "tracking", "generating", "recognizing", "recognising", "classifying",
                "identifying", "estimating", "segmenting", "translating", "summarizing", "summarising",
                "retrieving", "forecasting", "localizing", "localising", "parsing", "extracting", "answering",
                "reconstructing", "captioning", "ranking", "clustering", "tagging", "labeling", "labelling"}
GERUND_CUES = {"for", "of", "on", "in", "to", "towards", "toward", "at", "about"}
GERUND_OBJECT_STOP = {"the", "a", "an", "and", "or", "with", "in", "on", "by", "to", "using", "via", "for", "from",
                      "of", "is", "are", "was", "were", "that", "which", "as", "at", "based", "into", "through",
                      "while", "without", "across", "over", "under", "such", "their", "its", "our", "this",
                      "these", "those", "them", "it", "both", "between", "among", "where", "when", "than",
                      "outperforms", "outperform", "yields", "remains", "becomes", "has", "have", "can", "could",
                      "may", "might", "will", "would", "should", "must", "provides", "leads", "relies"}


def _gerund_tasks(doc: Doc, cands: list[Mention], title_end: int) -> None:
    """A task named by what it does: "for detecting mislabeled training data", "on tracking multiple
    objects", "Predicting land prices is ...": a task verb's -ing form after a preposition (or
    opening a sentence) and its object, up to four words; the entity gate judges the phrase."""
    tk = toks(doc)
    texts, lower = tk.text, tk.lower
    n = len(doc)
    for i in [i for i in range(title_end, n - 1) if lower[i] in TASK_GERUNDS]:
        if not (lower[i - 1] in GERUND_CUES or (tk.sent_start[i] and texts[i][:1].isupper())):
            continue
        j = i + 1
        while j < min(n, i + 5) and texts[j][:1].isalnum() and lower[j] not in GERUND_OBJECT_STOP \
                and lower[j] not in COMMON_VERBS:
            j += 1
        if j > i + 1:
            cands.append(Mention(i, j, "Task", "phrase", CONFIDENCE["phrase"]))


TASK_NOUNS = {"task", "subtask", "problem"}


def _named_tasks(doc: Doc, cands: list[Mention], title_end: int) -> None:
    """A noun phrase the abstract calls a task: "the Extractive QA task", "the object singulation
    subtask" (determiner, one to three modifiers, a task noun)."""
    tk = toks(doc)
    lower = tk.lower
    for i in [i for i in range(title_end + 2, len(doc)) if lower[i] in TASK_NOUNS]:
        j = i
        while j > title_end and i - j < 3:
            p = j - 1
            low = tk.lower[p]
            if not tk.alpha[p] or tk.stop[p] or low in NOT_MODIFIER or low in COMMON_VERBS \
                    or low.endswith(("ed", "ly")) or low in {"main", "target", "related", "original"}:
                break
            j -= 1
        if j < i and j > title_end and tk.lower[j - 1] in {"the", "a", "an", "this", "our"}:
            cands.append(Mention(j, i, "Task", "discovery", CONFIDENCE["discovery"] - 0.15))


#: head words of descriptive method / data / metric phrases ("semantic consistency loss",
#: "wake-sleep algorithm", "synthetic face images"); the entity gate decides which phrases count
PHRASE_HEADS = {
    **{w: "Method" for w in METHOD_HEADS - {"bert", "unet", "gan", "vae", "lm", "llm", "system", "head"}},
    **{w: "Method" for w in ["analysis", "decomposition", "regularization", "regularisation", "clustering",
                              "filtering", "fusion", "descent", "classifier", "classifiers", "modules",
                              "models", "methods", "algorithms", "networks", "inference", "flows", "flow",
                              "prompts", "prompt", "feedback", "transfer", "pooling", "heuristics",
                              "representations", "mechanisms", "strategies", "techniques", "losses",
                              "kernel", "kernels", "process", "processes", "machine", "machines", "tree", "trees",
                              "field", "fields", "graph", "module", "planner", "agent", "agents", "solver"]},
    **{w: "Task" for w in TASK_HEAD_WORDS | {"generation", "modeling", "modelling", "evaluation", "dialogue",
                                            "control", "adaptation", "learning", "detection", "editing", "planning",
                                            "navigation", "manipulation", "synthesis", "matching", "search"}},
    **{w: "Dataset" for w in ["dataset", "datasets", "corpus", "corpora", "images", "videos", "pairs",
                              "annotations", "treebank", "collection", "recordings", "transcripts"]},
    **{w: "Metric" for w in ["accuracy", "error", "score", "scores", "rate", "precision", "recall", "perplexity",
                             "correlation", "latency", "throughput", "time", "usage", "consumption"]},
}
# a head shared by methods and tasks ("learning", "matching") is typed by the rest of the phrase
for _w in ("learning", "matching", "search", "prediction", "alignment", "inference"):
    PHRASE_HEADS[_w] = "Method"


def _modifiers_start(tk, i: int, floor: int, limit: int) -> int:
    """Where the modifiers of the word at ``i`` start: up to ``limit`` words left of it (a hyphenated
    pair counts as one), none of them a function word, verb, adverb or vague adjective, and none
    before ``floor``."""
    j, words = i, 0
    while j > floor and words < limit:
        p = j - 1
        low = tk.lower[p]
        if tk.text[p] == "-" and j - 2 >= floor and not tk.ws[j - 2] and not tk.ws[p]:
            j -= 2
            continue
        if tk.punct[p] or tk.space[p] or tk.num[p] or low in NOT_MODIFIER \
                or low in COMMON_VERBS or tk.stop[p] or tk.is_sent_end(p) or not tk.text[p][:1].isalpha() \
                or low.endswith("ly") or (low.endswith("ed") and tk.is_lower[p] and words == 0):
            break
        j -= 1
        words += 1
    return j


def _extend_concepts(doc: Doc, cands: list[Mention], title_end: int) -> None:
    """A vocabulary concept whose modifiers come back elsewhere names the longer thing: "domain
    adaptation" in an abstract that says "active domain adaptation" twice, or whose title says it,
    is "active domain adaptation". The longest such extension replaces the concept's mention and
    the entity gate judges it. Over the 320 training abstracts 27 entities are grown so, 17 of them
    to an annotated name (held-out F1 0.609 -> 0.613; ``--fast`` 0.603 -> 0.604)."""
    tk = toks(doc)
    title = abstract = None
    for n, m in enumerate(cands):
        if m.source != "vocab" or m.entry is None or m.entry.named or m.start < title_end:
            continue
        if abstract is None:  # lower-cased only for a Doc with a concept to grow; the gate reuses it
            title, abstract = tk.span_text(0, title_end).lower(), lower_after(doc, title_end)
        for k in range(_modifiers_start(tk, m.start, title_end, 3), m.start):
            if tk.text[k] == "-" or (k and tk.text[k - 1] == "-" and not tk.ws[k - 1]):
                continue  # "pose-guided": the phrase starts at "pose"
            phrase = tk.span_text(k, m.end).lower()
            if phrase in title or abstract.count(phrase) >= 2:
                cands[n] = Mention(k, m.end, m.entry.type, "extended", CONFIDENCE["extended"])
                break


def _head_phrases(doc: Doc, cands: list[Mention]) -> None:
    """Descriptive noun phrases of the abstract ending in a type-bearing head word, with one to
    four modifiers; proposed to the entity gate (source "phrase"), never kept without it."""
    title_end = _title_end(doc)
    tk = toks(doc)
    n = len(doc)
    lower = tk.lower
    for i in [i for i in range(title_end, n) if lower[i] in PHRASE_HEADS]:
        etype = PHRASE_HEADS[lower[i]]
        if (tk.text[i - 1] == "-" and not tk.ws[i - 1]):
            continue
        x = i + 1
        if x < n and tk.alpha[x] and tk.is_lower[x] and not tk.stop[x] and tk.lower[x] not in PHRASE_HEADS \
                and not tk.lower[x].endswith(("ed", "s")):
            continue  # "contrastive learning framework": the phrase goes on
        j = _modifiers_start(tk, i, title_end, 4)
        if j == i:
            continue
        text = tk.span_text(j, i + 1)
        htype = type_from_head(text) if etype in ("Method", "Task") else None
        if htype and family(htype) in ("Method", "Task") and etype in ("Method", "Task"):
            etype = htype
        cands.append(Mention(j, i + 1, etype, "phrase", CONFIDENCE["phrase"]))


#: words a title's phrases never cross ("Joint Minimum Risk Training" in "Extracting Entities and
#: Relations with Joint Minimum Risk Training"), in any casing
TITLE_BREAK_WORDS = {
    "for", "with", "via", "through", "using", "in", "on", "of", "and", "or", "from", "to", "by", "at", "as",
    "towards", "toward", "under", "without", "the", "a", "an", "into", "over", "beyond", "against", "versus",
    "vs", "vs.", "is", "are", "do", "does", "can", "when", "how", "what", "why", "based", "its", "their", "our",
    "we", "not", "that", "which", "between", "across", "within", "after", "before", "while", "than", "one",
    "it", "you", "your", "be", "all", "more", "less", "meets", "makes", "matters", "helps", "need",
}
#: marks that join the words on either side into one title phrase when written without spaces ("Multi-Task")
GLUE_MARKS = {"-", "/", "+"}
#: the cue before a title phrase that says what it names ("for X": a task, "via X": a method)
TITLE_CUE_TYPE = {"for": "Task", "via": "Method", "with": "Method", "using": "Method", "through": "Method",
                  "by": "Method"}


def title_segments(doc: Doc, title_end: int) -> list[tuple[int, int, str]]:
    """The title's phrases between function words and punctuation ("Extracting Entities and Relations
    with Joint Minimum Risk Training" -> "Joint Minimum Risk Training"), a leading verb's -ing form
    dropped, as ``(start, end, cue)``: the cue is the word before the phrase ("" at the start)."""
    tk = toks(doc)
    lower = tk.lower
    out = []
    i = 0
    while i < title_end:
        if tk.punct[i] or tk.space[i] or lower[i] in TITLE_BREAK_WORDS:
            i += 1
            continue
        j = i
        while j < title_end and not tk.space[j] and lower[j] not in TITLE_BREAK_WORDS and not (
                tk.punct[j] and not (tk.text[j] in GLUE_MARKS and j > i and not tk.ws[j - 1] and not tk.ws[j])):
            j += 1
        s, e = i, j
        while e > s and not tk.text[e - 1][:1].isalnum():
            e -= 1
        if e - s > 1 and lower[s].endswith("ing") and tk.alpha[s] and tk.ws[s]:
            s += 1  # "Learning Sigmoid Belief Networks": the verb is not part of the name
        # one word alone is a name only when shaped like one, which the other rules find
        if 1 < e - s <= 8:
            out.append((s, e, lower[i - 1] if i > 0 else ""))
        i = max(j, i + 1)
    return out


def _title_phrases(doc: Doc, cands: list[Mention], title_end: int) -> None:
    """Title phrases (:func:`title_segments`) typed by their head word, else by the cue before them,
    else Method. Proposed to the entity gate (source "phrase"): most title phrases are not
    entities, the gate reads which are."""
    tk = toks(doc)
    for s, e, cue in title_segments(doc, title_end):
        text = tk.span_text(s, e)
        etype = type_from_head(text) or TITLE_CUE_TYPE.get(cue) or "Method"
        cands.append(Mention(s, e, etype, "phrase", CONFIDENCE["phrase"], extra={"title_cue": cue or "<s>"}))


# ----------------------------------------------------------------------------- learned spans


#: a learned span of the title that the abstract never repeats is kept only this sure: a title phrase
#: is a weak witness, but 168 of the training abstracts' 1,842 gold names occur only in the title
#: (held-out nested 0.619 against 0.615 keeping none; 0.615-0.616 at 0.6, 0.7 and 0.9)
TITLE_P = 0.8


class SpanClassifierComponent(BatchedComponent):
    """The span classifier's spans (kg/extraction/spanclf.py) become "learned" candidates; it
    reads the vocabulary names already matched, so it runs after ``papergraph_vocab``."""

    def __init__(self, model: str):
        self.model = SpanClassifier.load(model)

    def __call__(self, doc: Doc) -> Doc:
        cands = _candidates(doc)
        tk = toks(doc)
        title_end = _title_end(doc)
        abstract_lower = lower_after(doc, title_end)
        for s, e, label, p in self.model.predict(tk.text, vocab_spans(doc)):
            etype = LEARNED_LABELS.get(label)
            text = tk.span_text(s, e)
            if not etype or "://" in text or not text[-1:].isalnum() and not text.endswith("+"):
                continue
            if s < title_end and p < TITLE_P and text.lower() not in abstract_lower:
                continue
            cands.append(Mention(s, e, etype, "learned", CONFIDENCE["learned"], extra={"p": p}))
        return doc


@Language.factory("papergraph_span_classifier", assigns=["doc._.candidates"], default_config={"model": ""})
def make_span_classifier(nlp: Language, name: str, model: str) -> SpanClassifierComponent:
    return SpanClassifierComponent(model or str(learned_model_path()))


# ----------------------------------------------------------------------------- triples

GENERIC = {norm(x) for x in [
    "large language model", "large language models", "LLM", "LLMs", "language model", "language models",
    "LM", "LMs", "pretrained model", "pre-trained model", "pretrained language model", "PLM", "PLMs",
    "foundation model", "neural network", "deep learning", "deep neural network", "DNN", "machine learning",
    "artificial intelligence", "AI", "state-of-the-art", "SOTA", "SoTA", "computer vision", "CV",
    "natural language processing", "NLP", "downstream task", "our method", "our model", "our approach",
    "baseline", "baselines", "model", "method", "framework", "approach", "dataset", "benchmark", "data",
    "vision-language model", "VLM", "VLMs", "multimodal large language model", "MLLM", "MLLMs",
    "pretraining", "pre-training", "training", "fine-tuning", "finetuning", "experiment", "task", "tasks",
    "performance", "representation", "representations", "architecture", "GPU", "GPUs", "convolutional neural network",
    "CNN", "CNNs", "recurrent neural network", "RNN", "graph neural network", "GNN", "GNNs",
]}
#: the code hosts whose repository links are HAS_CODE
CODE_HOSTS = r"(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co)"
CODE_RE = re.compile(r"(?:https?://)?(?:www\.)?(" + CODE_HOSTS + r"/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)", re.I)
#: what every CODE_RE match holds, in a lower-cased text: ".co" or ".org" (none of those letters has a
#: non-ASCII case-insensitive equivalent, so a match is never missed)
CODE_HOST = re.compile(r"\.(?:co|org)")


#: the role of a paper's own contribution per type family (tasks and metrics are addressed, reported)
OWN_ROLE = {"Method": "PROPOSES", "Data": "INTRODUCES"}


class TripleBuilder(BatchedComponent):
    """Mentions → per-paper entities with a role each, plus results, modalities and code links."""

    #: name-shaped entities found by a rule pass the entity gate unjudged
    _protect_named = True

    def __init__(self, nlp: Language, extractor: str = "rules", learned_gate: bool = False, use_gate: bool = True):
        self.extractor = extractor
        self.learned_gate = learned_gate
        self.vocabulary = load_vocabulary()
        self.tokenizer = nlp.tokenizer
        self._forms: dict[str, tuple[str, ...]] = {}
        self.modality_matcher = ModalityMatcher(nlp)
        #: the entity gate (kg/extraction/gate.py) for this mode; ``record`` keeps every group's features
        self.gate = load_gate("default" if learned_gate else "fast") if use_gate else None
        self.record = False

    def __call__(self, doc: Doc) -> Doc:
        paper: Paper | None = doc._.paper
        if paper is None:
            paper = Paper(id="paper:unknown", title=doc.text.split(TITLE_BREAK)[0], abstract=doc.text)
        cands = _candidates(doc)
        if self.gate is None and not self.record:
            cands = [m for m in cands if m.source != "phrase"]
        cands = [m for m in cands if m.group or _well_formed(doc, m)]
        cands = _outside_links(doc, cands)
        typed = self._typed(doc, cands)
        mentions = select(typed)
        mentions = self._repeat(doc, mentions)
        groups = self._group(doc, _variant_mentions(mentions))
        learned = [m for m in _candidates(doc) if m.source == "learned"] if self.learned_gate else None
        triples, by_mention = self._roles(doc, paper, groups, learned)
        triples += self._modalities(doc, paper)
        triples += self._code(doc, paper)
        doc._.triples = triples
        doc._.results = self._results(doc, paper, mentions, by_mention)
        doc.user_data.pop("pg_sents", None)  # spans do not travel between processes
        doc.user_data.pop("pg_sent_starts", None)
        doc.user_data.pop("pg_sent_marks", None)
        doc.user_data.pop("pg_text", None)
        doc.user_data.pop("pg_lower_after", None)
        doc.user_data.pop("pg_cands", None)
        forget(doc)
        return doc

    def _typed(self, doc: Doc, cands: list[Mention]) -> list[Mention]:
        """Acronym definitions whose head word says nothing take the type the vocabulary or the
        learned model gives the long form; with neither, they are not entities (e.g. "bi-parametric MR
        imaging (bpMRI)")."""
        tk = toks(doc)
        learned = [m for m in cands if m.source == "learned"]
        if self.learned_gate:
            # vocabulary names that our annotators mark only in some contexts are kept
            # where the learned model, which reads the context, marks them too
            cands = [m for m in cands if not (m.source == "vocab" and m.entry is not None
                                              and sometimes_marked(tk.span_text(m.start, m.end))
                                              and not any(x.overlaps(m) for x in learned))]
        group_type: dict[str, str | None] = {}
        for m in cands:
            if m.type is None and m.group not in group_type:
                long = m.extra.get("long", "")
                hits = self.vocabulary.lookup(long)
                overlap = [x for x in learned if x.overlaps(m) and x.start <= m.start]
                prior = preferred_type(long, "")
                first = min(x.start for x in cands if x.group == m.group)
                # a type noun beside the definition ("the X (Y) metric") outranks the learned model;
                # with neither, a named definition is a method, a lowercase one stays untyped
                noun = None if hits else _definition_noun_type(doc, m, first)
                group_type[m.group] = hits[0].type if hits else noun or (overlap[0].type if overlap else prior or (
                    "Method" if _named_definition(m) else None))
        out = []
        for m in cands:
            if m.type is None:
                m.type = group_type.get(m.group)
                if m.type is None:
                    continue
            out.append(m)
        return out

    def _repeat(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Every use of a name found once counts as a mention too: wherever the tokens of its
        text occur (what a PhraseMatcher on ORTH finds, without building one per Doc)."""
        tk = toks(doc)
        forms: dict[str, Mention] = {}
        for m in mentions:
            text = tk.span_text(m.start, m.end)
            # a title name typed by a guess repeats with the type the abstract's context gives it
            # ("Pixie: ..." and "we present Pixie, a manually annotated dataset")
            if len(text) >= 2 and (text not in forms or (forms[text].extra.get("guess") and not m.extra.get("guess"))):
                forms[text] = m
        by_first: dict[str, list[tuple[tuple[str, ...], Mention]]] = defaultdict(list)
        for text, m in forms.items():
            if (m.start == 0 or tk.ws[m.start - 1]) and (m.end == tk.n or tk.ws[m.end - 1]):
                # the mention is whole space-separated chunks, which the tokenizer splits alone
                # as it split them in the Doc
                words = tuple(tk.text[m.start:m.end])
            else:
                words = self._form_tokens(text)
            if words:
                by_first[words[0]].append((words, m))
        for found in by_first.values():
            found.sort(key=lambda c: len(c[0]))  # shorter first at one position, as the PhraseMatcher
        extra = []
        texts = tk.text
        for i in [i for i, word in enumerate(texts) if word in by_first]:
            for words, src in by_first[texts[i]]:
                if len(words) == 1 or tuple(texts[i:i + len(words)]) == words:
                    extra.append(Mention(i, i + len(words), src.type, "repeat", src.confidence, entry=src.entry,
                                         group=src.group, extra=src.extra if "variants" in src.extra else {}))
        return select(mentions + extra)

    def _form_tokens(self, text: str) -> tuple[str, ...]:
        """The token texts ``text`` alone splits into (remembered: names recur across abstracts)."""
        words = self._forms.get(text)
        if words is None:
            if len(self._forms) >= 100_000:
                self._forms.clear()
            words = self._forms[text] = tuple(t.text for t in self.tokenizer(text))
        return words

    def _group(self, doc: Doc, mentions: list[Mention]) -> dict[str, dict]:
        groups: dict[str, dict] = {}
        # acronym groups adopt a vocabulary entry when their long form is known
        acr_entry: dict[str, VocabEntry] = {}
        acr_forms: dict[str, Mention] = {}  # a defined acronym's long form (normalised) or short form
        for m in mentions:
            if m.group and m.extra:
                # the abstract's own definition decides: the long form must be the vocabulary's
                hits = self.vocabulary.lookup(m.extra["long"])
                if hits:
                    acr_entry.setdefault(m.group, hits[0])
                acr_forms.setdefault("L|" + norm(m.extra["long"]), m)
                acr_forms.setdefault("S|" + m.extra["short"], m)
        # one name, one type: the most confident mention of a name types all its mentions
        tk = toks(doc)
        name_type: dict[str, tuple[float, str]] = {}
        for m in mentions:
            if m.entry is None and not m.group:
                k = norm(tk.span_text(m.start, m.end))
                rank = (not m.extra.get("guess"), m.confidence)  # a guessed type yields to any other
                if k not in name_type or rank > name_type[k][0]:
                    name_type[k] = (rank, m.type)
        for m in mentions:
            text = m.extra.get("form") or tk.span_text(m.start, m.end)
            if m.entry is None and not m.group and norm(text) in name_type:
                m.type = name_type[norm(text)][1]
            if not m.group:
                # another spelling of a name the abstract defines joins its definition; the
                # abstract's definition of an acronym beats the vocabulary's ("DPT" defined as
                # Decision-Pretrained Transformer is not the Dense Prediction Transformer)
                owner = acr_forms.get("S|" + text)
                if m.entry is None:
                    owner = acr_forms.get("L|" + norm(text)) or owner
                elif owner is not None and acr_entry.get(owner.group) is m.entry:
                    owner = None
                if owner is not None:
                    m = Mention(m.start, m.end, owner.type, m.source, m.confidence, group=owner.group,
                                hint=m.hint, extra=owner.extra, entry=None)
            entry = m.entry or (acr_entry.get(m.group) if m.group else None)
            if entry is None and m.source in ("learned", "discovery", "title", "repeat", "phrase") and not m.group:
                # an entry of another type only when written exactly as it is: "ROPE" (a benchmark,
                # by its context) is not "RoPE" (rotary position embedding)
                hits = self.vocabulary.lookup(text, m.type) or [
                    e for e in self.vocabulary.lookup(text) if text in e.forms]
                entry = hits[0] if len(hits) == 1 else None
            if entry is not None:
                key = f"V|{family(entry.type)}|{entry.name}"
                etype = entry.type
            elif m.group:
                key, etype = m.group, m.type
            else:
                key, etype = f"N|{family(m.type)}|{norm(text)}", m.type
            if norm(text) in GENERIC and entry is None:
                continue
            etype = preferred_type(text, etype)
            if not norm(text):
                continue
            g = groups.setdefault(key, {"type": etype, "entry": entry, "mentions": [], "forms": {}})
            g["mentions"].append(m)
            g["forms"][text] = g["forms"].get(text, 0) + 1
            if m.group and m.extra:
                g["long"] = m.extra["long"]
        # an acronym group whose long form is generic ("large language models (LLMs)") is dropped
        return {k: g for k, g in groups.items() if not (g.get("long") and norm(g["long"]) in GENERIC and not g["entry"])}

    def _roles(self, doc: Doc, paper: Paper, groups: dict[str, dict], learned: list | None = None):
        tk = toks(doc)
        title_end = _title_end(doc)
        abs_offset = len(paper.title) + len(TITLE_BREAK)
        prefix = TITLE_PREFIX.match(paper.title)
        prefix_end = len(prefix.group(1)) + prefix.start(1) if prefix else -1
        triples, by_mention = [], {}
        for key, g in sorted(groups.items()):
            etype, entry = g["type"], g["entry"]
            known = entry is not None and entry.named
            choices = []
            for m in g["mentions"]:
                sent = _sent_of(doc, m.start)
                # the title prefix names the paper's own contribution only when the mention is all of it
                start_char, end_char = tk.chars(m.start, m.end)
                in_prefix = start_char == (prefix.start(1) if prefix else -1) and end_char == prefix_end
                fam = family(etype)
                if fam == "Method":
                    role, cue = roles.method_role(doc, sent, m.start, m.end, known=known, in_title_prefix=in_prefix,
                                                  concept=entry is not None and not entry.named)
                elif fam == "Data":
                    role, cue = roles.data_role(doc, sent, m.start, m.end, known=known, in_title_prefix=in_prefix,
                                                benchmark=etype == "Benchmark")
                elif fam == "Task":
                    role, cue = "ADDRESSES", "type"
                else:
                    role, cue = "REPORTS", "type"
                if m.hint in ("PROPOSES", "INTRODUCES") and fam in OWN_ROLE:
                    # the paper's own contribution, whatever type the name ended up with
                    role = OWN_ROLE[fam]
                # a title mention is a weak witness of anything but the paper's own contribution
                weight = roles.STRENGTH[role] + (0 if m.start >= title_end or in_prefix else -0.5)
                choices.append((weight, m.start >= title_end, m.confidence, -m.start, role, cue, m))
            best = max(choices, key=lambda c: c[:4])
            role, cue, m = best[4], best[5], best[6]
            in_abs = [c for c in choices if c[1]]
            if not best[1] and in_abs and role not in ("PROPOSES", "INTRODUCES"):
                # evidence from the abstract when the name occurs there
                best = max(in_abs, key=lambda c: c[:4])
                role, cue, m = best[4], best[5], best[6]
            name, aliases = self._naming(g)
            if entry is None and _organisation_or_venue(name):
                continue
            if self.gate is not None or self.record:
                # proper names — from the vocabulary (facts), or name-shaped and found by a rule — stay;
                # the gate judges descriptive phrases and learned spans
                sources = {x.source for x in g["mentions"]}
                protected = (known or (self._protect_named and _looks_named(name)
                                       and not sources <= {"learned", "phrase", "repeat"})) \
                    and not any(map(sometimes_marked, [name, *aliases]))  # "Transformer", "COCO": judged too
                if self.record or not protected:
                    feats = gate_features(doc, g, role, cue, title_end, learned, sources)
                if self.record:
                    doc.user_data.setdefault("pg_gate", []).append((etype, [name, *aliases], feats))
                if self.gate is not None and not protected and not self.gate.keep(feats):
                    continue
            witness = m if best[1] else (max(in_abs, key=lambda c: c[:4])[6] if in_abs else None)
            if witness is not None:
                ev = _abstract_evidence(doc, *tk.chars(witness.start, witness.end), abs_offset)
            else:
                start_char, end_char = tk.chars(m.start, m.end)
                ev = Evidence(sentence=paper.title, start=start_char, end=end_char, section="title")
            if entry is not None and etype == "Dataset" and entry.type == "Benchmark":
                etype = "Benchmark"
            conf = round(min(0.99, max(c[2] for c in choices) + (0.05 if cue not in ("default", "type") else 0)
                             + (0.03 if len(g["mentions"]) > 1 else 0)), 3)
            ref = EntityRef(id=entity_id(etype, name), type=etype, name=name, aliases=aliases,
                            category=entry.category if entry else None,
                            named=entry.named if entry else _looks_named(name))
            source = m.source if m.source != "repeat" else "rules"
            triples.append(Triple(paper_id=paper.id, paper_title=paper.title, relation=role, entity=ref,
                                  evidence=ev, confidence=conf, extractor=f"{self.extractor}:{source}:{cue}"))
            for mm in g["mentions"]:
                by_mention[(mm.start, mm.end)] = ref
        return triples, by_mention

    @staticmethod
    def _naming(g: dict) -> tuple[str, list[str]]:
        forms = g["forms"]
        entry = g["entry"]
        if entry is not None:
            name = entry.name
        elif g.get("long"):
            name = g["long"]
        else:
            name = max(forms, key=lambda f: (len(f), forms[f], f))
        aliases = sorted({f for f in forms if f != name})
        return name, aliases

    def _modalities(self, doc: Doc, paper: Paper) -> list[Triple]:
        out = []
        abs_offset = len(paper.title) + len(TITLE_BREAK)
        for mod, start, end in self.modality_matcher(doc):
            if start >= abs_offset:
                ev = _abstract_evidence(doc, start, end, abs_offset)
            else:
                ev = Evidence(sentence=paper.title, start=start, end=end, section="title")
            out.append(Triple(paper_id=paper.id, paper_title=paper.title, relation="HAS_MODALITY",
                              entity=EntityRef(id=f"modality:{mod}", type="Modality", name=mod),
                              evidence=ev,
                              confidence=0.7, extractor=f"{self.extractor}:modality-cues"))
        return out

    def _code(self, doc: Doc, paper: Paper) -> list[Triple]:
        out, seen = [], set()
        if not CODE_HOST.search(paper.abstract.lower()):
            return out  # most abstracts: a quick scan instead of CODE_RE's try at every position
        abs_offset = len(paper.title) + len(TITLE_BREAK)
        for m in CODE_RE.finditer(paper.abstract):
            path = m.group(1).rstrip(".,;)")
            host, owner, repo = path.split("/")[:3]
            repo = re.sub(r"\.git$", "", repo)
            rid = f"repo:{host.lower()}/{owner}/{repo}"
            if rid in seen:
                continue
            seen.add(rid)
            url = f"https://{host.lower()}/{owner}/{repo}"
            out.append(Triple(paper_id=paper.id, paper_title=paper.title, relation="HAS_CODE",
                              entity=EntityRef(id=rid, type="Repository", name=f"{host.lower()}/{owner}/{repo}", aliases=[url]),
                              evidence=_abstract_evidence(doc, m.start() + abs_offset, m.end() + abs_offset, abs_offset),
                              confidence=0.95, extractor=f"{self.extractor}:code-link"))
        return out

    def _results(self, doc: Doc, paper: Paper, mentions: list[Mention], refs: dict) -> list[ResultRecord]:
        out = []
        abs_offset = len(paper.title) + len(TITLE_BREAK)
        title_end = _title_end(doc)
        tk = toks(doc)
        for sent in _sents(doc):
            if sent.start < title_end:
                continue
            in_sent = [m for m in mentions if sent.start <= m.start < sent.end and (m.start, m.end) in refs]
            metrics = [m for m in in_sent if refs[(m.start, m.end)].type == "Metric"]
            if not metrics:
                continue
            stext = tk.span_text(sent.start, sent.end)
            for num in numbers(stext, sent.start_char):
                tok = doc.char_span(num.start, num.end, alignment_mode="expand")
                if tok is None:
                    continue
                metric = min(metrics, key=lambda m: (abs(m.start - tok.end) if m.start >= tok.end else 10 + tok.start - m.end))
                if abs(metric.start - tok.start) > 12:
                    continue
                data = [m for m in in_sent if family(refs[(m.start, m.end)].type) == "Data"]
                meth = [m for m in in_sent if refs[(m.start, m.end)].type == "Method"]
                dataset = min(data, key=lambda m: abs(m.start - tok.start), default=None)
                method = min(meth, key=lambda m: abs(m.start - tok.start), default=None)
                start = num.start - abs_offset
                out.append(ResultRecord(
                    id=result_id(paper.id, num.raw, start), paper_id=paper.id, value=num.value, unit=num.unit,
                    raw=text_of(doc)[num.start:tk.chars(metric.start, metric.end)[1]] if metric.start >= tok.end else num.raw,
                    metric=refs[(metric.start, metric.end)],
                    dataset=refs[(dataset.start, dataset.end)] if dataset else None,
                    method=refs[(method.start, method.end)] if method else None,
                    evidence=Evidence(sentence=stext.strip(), start=start, end=start + len(num.raw)),
                    confidence=0.6, extractor=f"{self.extractor}:results"))
        return out


#: a web address, written out or as a code host's path
LINK_RE = re.compile(r"(?:https?://|www\.)\S+|\b" + CODE_HOSTS + r"/\S+", re.I)


def _outside_links(doc: Doc, cands: list[Mention]) -> list[Mention]:
    """Candidates that are not part of a web address: "DAMO-NLP-SG/multimodal_textbook" in
    "https://github.com/DAMO-NLP-SG/multimodal_textbook" is a repository (HAS_CODE), no method."""
    text = text_of(doc)
    if "://" not in text and "www." not in text and ".com/" not in text and ".co/" not in text and ".org/" not in text:
        return cands
    links = [(m.start(), m.end()) for m in LINK_RE.finditer(text)]
    if not links:
        return cands
    tk = toks(doc)
    return [m for m in cands
            if not any(s < e2 and s2 < e for s, e in [tk.chars(m.start, m.end)] for s2, e2 in links)]


def _well_formed(doc: Doc, m: Mention) -> bool:
    """A name has a letter and closes the brackets it opens: a number ("89.2" in "89.2% using SVM")
    or a cut formula ("N(N - 1" in "N(N - 1) dictionaries") names nothing, nor does LaTeX markup.
    (An acronym definition's mentions are named by the definition, not by their tokens.)"""
    text = toks(doc).span_text(m.start, m.end)
    return any(map(str.isalpha, text)) and text.count("(") == text.count(")") and text.count("[") == text.count("]") \
        and (m.entry is not None or not LATEX_MARKUP.search(text))


#: LaTeX left in an abstract ("\\textbf{L}earning", "O}(\\sqrt{T})$"): no name found by a rule or
#: the learned model holds it (vocabulary names may: "PASCAL-$5^i$"); a caret alone is how
#: names with a superscript are written ("M^2-Encoder", "R^2")
LATEX_MARKUP = re.compile(r"[\\{}$]")


#: words that make a name an organisation's or a venue's (not entities, ANNOTATION.md)
ORG_WORDS = {"University", "Institute", "Workshop", "Conference", "Symposium", "Association", "Society",
             "Consortium", "Laboratory", "Laboratories", "Corporation", "Inc", "Ltd"}
#: last words that make such a name a resource again ("National Cancer Institute Thesaurus")
RESOURCE_HEADS = {"Corpus", "Corpora", "Treebank", "Dataset", "Thesaurus", "Collection", "Archive", "Bank",
                  "Benchmark", "Lexicon", "Database", "Ontology", "Challenge", "Task"}


#: any organisation word in a name, wherever it is (the quick test of :func:`_organisation_or_venue`)
ORG_WORD = re.compile("|".join(sorted(ORG_WORDS)))
NAME_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
POSSESSIVE = re.compile(r"[’']s\b")


def _organisation_or_venue(name: str) -> bool:
    """"University of Edinburgh", "Carnegie Mellon University", "International Workshop on Spoken
    Language Translation": who did the work or where it was shown, not what it is about. The
    organisation word heads the name: last, or before "of", "on", "for"."""
    if not ORG_WORD.search(name):
        return False  # most names: the words below can hold an organisation word only if the name does
    words = NAME_WORDS.findall(POSSESSIVE.sub("", name))  # "Institute-aware": one word
    if not words or words[-1] in RESOURCE_HEADS:
        return False
    return any(w in ORG_WORDS and (i == len(words) - 1 or words[i + 1] in ("of", "on", "for"))
               for i, w in enumerate(words))


def _variant_mentions(mentions: list[Mention]) -> list[Mention]:
    """A mention of a list of known names ("CIFAR-10/100", "code generation and completion")
    becomes one mention per name it holds, each over the list's span (the evidence is where the
    list is written)."""
    out = []
    for m in mentions:
        for name, entry in m.extra.get("variants", ()):
            out.append(Mention(m.start, m.end, entry.type, m.source, m.confidence, entry=entry, hint=m.hint,
                               extra={"form": name}))
        if "variants" not in m.extra:
            out.append(m)
    return out


@lru_cache(maxsize=1 << 14)
def _looks_named(name: str) -> bool:
    return any(map(str.isupper, name[1:])) or any(map(str.isdigit, name))


@Language.factory("papergraph_triples", assigns=["doc._.triples", "doc._.results"],
                  default_config={"extractor": "rules", "learned_gate": False, "use_gate": True})
def make_triples(nlp: Language, name: str, extractor: str, learned_gate: bool, use_gate: bool) -> TripleBuilder:
    return TripleBuilder(nlp, extractor, learned_gate, use_gate)


# ----------------------------------------------------------------------------- the pipeline


def learned_model_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "models" / "spanclf.npz"


def build_nlp(fast: bool = False, model: str | Path | None = None) -> Language:
    """The extraction pipeline. ``fast`` leaves out the span classifier; ``model`` picks another weights file."""
    nlp = blank_english()
    nlp.add_pipe("papergraph_sentences")
    nlp.add_pipe("papergraph_vocab")
    model = Path(model) if model else learned_model_path()
    use_learned = not fast and model.exists()
    if use_learned:
        nlp.add_pipe("papergraph_span_classifier", config={"model": str(model)})
    nlp.add_pipe("papergraph_acronyms")
    nlp.add_pipe("papergraph_discovery", config={"title_phrases": not use_learned})
    nlp.add_pipe("papergraph_triples", config={"extractor": "learned+rules" if use_learned else "rules",
                                               "learned_gate": use_learned})
    empty_cache(nlp)
    return nlp


def _paper_doc(nlp: Language, paper: Paper) -> Doc:
    text = doc_text(paper)
    doc = nlp.make_doc(text)
    doc._.paper = paper
    doc.user_data["pg_text"] = text  # what doc.text would join again from every token
    return doc


def extract_docs(nlp: Language, papers, n_process: int = 1, batch_size: int = 256):
    """Processed Docs for papers, in input order; ``doc._.paper`` holds the Paper. Each component
    runs over ``batch_size`` Docs at a time (256: about 5% faster than 64, measured on 1,000 abstracts)."""
    docs = (_paper_doc(nlp, p) for p in papers)
    with _collector_skips_older_objects():
        yield from nlp.pipe(docs, n_process=n_process, batch_size=batch_size)


@contextmanager
def _collector_skips_older_objects():
    """Keep the cyclic garbage collector off the objects that exist when extraction starts.

    A built pipeline holds about 150,000 Python objects that live as long as it does (spaCy's
    PhraseMatcher keeps a set of token tuples per pattern; the vocabulary's entries), and every
    full collection during extraction would walk them all again. ``gc.freeze()`` sets them aside
    for the run and ``gc.unfreeze()`` gives them back; both only move list heads. In
    ``bench/extract_speed.py`` this took ``--fast`` from 16% to 19% of the tokenizer's speed. When
    objects are frozen already (by the caller, or a concurrent run), that choice is left alone.

    The young generation's threshold is raised above what a batch of Docs holds at once (about
    31,000 objects in ``--fast``, 37,000 in the default pipeline, at 256 Docs): with Python's
    700, some 75 young and 7 middle collections per 1,000 abstracts walked the batch's token
    lists and mentions again (about 5% of ``--fast``), and none of them found garbage to free.
    Cyclic garbage still starts a collection, after ``YOUNG_THRESHOLD`` objects.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], YOUNG_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


#: the young generation's collection threshold during extraction (see _collector_skips_older_objects)
YOUNG_THRESHOLD = 100_000


def extract_paper(nlp: Language, paper: Paper) -> Doc:
    """One paper through the pipeline."""
    return nlp(_paper_doc(nlp, paper))
