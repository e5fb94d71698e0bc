"""The blank English pipeline with tokenizer rules for names found in ML abstracts.

spaCy's default rules keep a sentence-final period on tokens such as "Flickr30K." and split
"VALOR-1M" into "VALOR-1" "M"; both hide names from the matchers. Abstracts copied from LaTeX
sources keep its markup: "\\textbf{EMA-SAM}" and "prediction~(CCP)" are split at the command
and at the tie, so the name is a token of its own.
"""
from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex


def blank_english() -> Language:
    r"""``spacy.blank("en")`` with two suffix rules changed and LaTeX markup split off (see
    module docstring).

    >>> nlp = blank_english()
    >>> [t.text for t in nlp.make_doc("on Flickr30K. VALOR-1M is new.")]
    ['on', 'Flickr30K', '.', 'VALOR-1M', 'is', 'new', '.']
    >>> [t.text for t in nlp.make_doc(r"We propose \textbf{FooNet}, a prediction~(CCP) model.")]
    ['We', 'propose', '\\textbf{', 'FooNet', '}', ',', 'a', 'prediction', '~', '(', 'CCP', ')', 'model', '.']
    """
    nlp = spacy.blank("en")
    if hasattr(nlp.tokenizer, "max_cache_size"):  # a setting of recent spaCy 3 releases
        nlp.tokenizer.max_cache_size = CACHE_SIZE
    suffixes = [s for s in nlp.Defaults.suffixes if not _is_unit_rule(s)]
    suffixes += [r"(?<=[A-Za-z0-9+])\.$", r"(?<=[0-9])%"]  # "}" closing a command is a default suffix
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    nlp.tokenizer.prefix_search = compile_prefix_regex([r"\\[A-Za-z]+\{", *nlp.Defaults.prefixes]).search
    nlp.tokenizer.infix_finditer = compile_infix_regex([r"(?<=[A-Za-z0-9.,;:)\]}])~(?=[A-Za-z0-9(\[{])", r"(?<=~)[(\[{]",
                                                        *nlp.Defaults.infixes]).finditer
    return nlp


#: chunks (space-separated strings) whose split the tokenizer remembers. spaCy's default, 10,000,
#: is full after about 400 abstracts (3,000 corpus abstracts hold 41,000 distinct chunks, 20,000
#: hold 143,000), and later chunks are split by the affix rules each time they occur: over 8,000
#: fresh abstracts the tokenizer took 0.67 s per 1,000 with this size, 1.0 s with 10,000 (and
#: 11 MB more memory)
CACHE_SIZE = 200_000


def empty_cache(nlp: Language) -> None:
    """Empty the tokenizer's cache of split chunks once the pipeline's patterns are made.

    spaCy caches at most ``max_cache_size`` chunks and caches nothing new after that. The Docs made
    for the vocabulary's forms fill the cache before the first abstract is read, which made
    tokenizing abstracts about 3x slower (0.52 s against 0.16 s per 1,000 abstracts, with a cache
    of 10,000). Setting ``rules`` is the tokenizer's public way to empty it (it reloads the same
    special cases).
    """
    nlp.tokenizer.rules = nlp.tokenizer.rules


def _is_unit_rule(rule: str) -> bool:
    # the rule that splits units after numbers ("10km" -> "10" "km") also splits "1M" in "VALOR-1M"
    return rule.startswith("(?<=[0-9])(?:") and "km" in rule
