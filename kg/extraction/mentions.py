"""Mention candidates: spans of a Doc that name a method, dataset, benchmark, task or metric.

Several sources propose them, each with its own confidence: the shipped vocabulary (facts) and
its concepts grown by modifiers the abstract repeats ("extended"), acronym definitions in the
abstract, discovery cues for names in no vocabulary ("we propose X", "the X dataset", a title
prefix "X: ..."), descriptive phrases for the entity gate, and the learned span model.
:func:`select` keeps the best non-overlapping set.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from kg.extraction.tokens import toks
from kg.vocab import VocabEntry

#: Source priorities when candidates overlap (higher wins), then the longer span wins.
PRIORITY = {"vocab": 5, "extended": 5, "acronym": 5, "title": 4, "discovery": 3, "learned": 2, "phrase": 1.5,
            "repeat": 1}
CONFIDENCE = {"vocab": 0.9, "extended": 0.7, "acronym": 0.85, "title": 0.8, "discovery": 0.65, "learned": 0.6,
              "phrase": 0.45, "repeat": 0.6}


@dataclass
class Mention:
    """A candidate span with its type, where it came from and how sure we are."""

    start: int  # token offsets in the Doc
    end: int
    type: str
    source: str
    confidence: float
    entry: VocabEntry | None = None
    group: str | None = None  # links an acronym to its definition
    hint: str | None = None   # a role suggested by the rule that found it
    extra: dict = field(default_factory=dict)

    def overlaps(self, other: "Mention") -> bool:
        return self.start < other.end and other.start < self.end


def select(mentions: list[Mention]) -> list[Mention]:
    """The best non-overlapping mentions: by source priority, then length, then position."""
    ranked = sorted(mentions, key=lambda m: (-PRIORITY.get(m.source, 0), -(m.end - m.start), m.start))
    taken: list[Mention] = []
    occupied = bytearray(max((m.end for m in mentions), default=0))  # 1 where a taken mention is
    for m in ranked:
        if any(occupied[m.start:m.end]):
            continue
        occupied[m.start:m.end] = b"\x01" * max(0, m.end - m.start)
        taken.append(m)
    return sorted(taken, key=lambda m: m.start)


# ----------------------------------------------------------------------------- name shapes

NAME_STOP = {
    "LLM", "LLMs", "LM", "LMs", "NLP", "AI", "ML", "DL", "GPU", "GPUs", "TPU", "TPUs", "CPU", "SOTA",
    "SoTA", "API", "APIs", "URL", "PDF", "USA", "US", "UK", "EU", "CV", "RGB", "FLOPs", "FLOP", "ID",
    "IDs", "OOD", "IID", "II", "III", "IV", "VS", "NN", "NNs", "DNN", "DNNs", "CNN", "CNNs", "RNN",
    "RNNs", "PLM", "PLMs", "VLM", "VLMs", "MLLM", "MLLMs", "LVLM", "LVLMs", "FM", "FMs", "PTM",
    "PTMs", "KG", "KGs", "QA", "MT", "OCR", "SSL", "RL", "GNN", "GNNs", "AGI", "HTML", "JSON", "SQL",
    "GB", "TB", "MB", "KB", "B", "M", "K", "T", "In", "We", "Our", "The", "This", "These", "A",
    "An", "To", "Of", "For", "On", "Code", "Github", "GitHub", "Python", "arXiv", "Transformer",
    "Transformers", "English", "Chinese", "Code", "Llama", "LLaMA", "COVID-19", "COVID", "SARS-CoV-2",
}


@lru_cache(maxsize=1 << 16)
def is_name_token(text: str) -> bool:
    """A token shaped like a proper name of a model or dataset: inner capitals, or letters with digits.

    >>> [is_name_token(t) for t in ["InterBERT", "M6", "CLIP", "Pretraining", "pretraining", "LLMs"]]
    [True, True, True, False, False, False]
    """
    if text in NAME_STOP or len(text) < 2 or not text[0].isalpha() or "://" in text or text.startswith("www."):
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    inner_caps = any(c.isupper() for c in text[1:])
    has_digit = any(c.isdigit() for c in text)
    return inner_caps or (has_digit and text[0].isalpha() and text[0].isupper())


def name_span_at(doc: Doc, i: int, limit: int) -> tuple[int, int] | None:
    """The name starting at token ``i``: a name token joined by hyphens, ``+``, dots or sizes.

    "ONE-PEACE", "CodeT5+", "GPT-4", "VALOR-1M", "ViT-B/16" come out whole.
    """
    tk = toks(doc)
    if i >= limit or not (is_name_token(tk.text[i]) or _cap_word(tk.text[i])):
        return None
    j = i + 1
    while j < limit:
        t = tk.text[j]
        if t in {"+", "++"} and not tk.ws[j - 1]:
            j += 1
            continue
        if t in {"-", "/", "."} and not tk.ws[j - 1] and j + 1 < limit and not tk.ws[j] \
                and (tk.text[j + 1][:1].isupper() or tk.text[j + 1][:1].isdigit() or VERSION.match(tk.text[j + 1])):
            j += 2
            continue
        break
    return i, j


VERSION = re.compile(r"^v\d+(\.\d+)*$")  # "Moonshot-v1"


def _cap_word(text: str) -> bool:
    return len(text) > 1 and text[0].isupper() and text[1:].islower() and text.isalpha()


# ----------------------------------------------------------------------------- type cues

DATA_WORDS = {"dataset", "datasets", "corpus", "corpora", "benchmark", "benchmarks", "data", "database", "databases",
              "collection", "suite", "leaderboard", "challenge", "set", "split", "testbed"}
BENCH_WORDS = {"benchmark", "benchmarks", "suite", "leaderboard", "challenge", "testbed", "arena"}
METHOD_HEADS = {
    "model", "models", "modeling", "modelling", "learning", "training", "pretraining", "pre-training",
    "distillation", "tuning", "finetuning", "fine-tuning", "network", "networks", "transformer",
    "transformers", "encoder", "encoders", "decoder", "autoencoder", "autoencoders", "attention",
    "prediction", "matching", "contrast", "objective", "objectives", "method", "framework",
    "algorithm", "architecture", "approach", "mechanism", "module", "strategy", "loss", "embedding",
    "embeddings", "regression", "sampling", "optimization", "alignment", "masking", "denoising",
    "reconstruction", "prompting", "augmentation", "estimator", "policy", "search", "adaptation",
    "pipeline", "system", "paradigm", "technique", "scheme", "layer", "layers", "head", "bert", "unet",
    "gan", "vae", "lm", "llm", "distillation", "protocol", "recipe",
}
TASK_HEADS = {
    "recognition", "detection", "segmentation", "classification", "retrieval", "generation",
    "translation", "answering", "estimation", "parsing", "summarization", "summarisation", "analysis",
    "understanding", "reasoning", "extraction", "captioning", "tracking", "completion",
    "forecasting", "grounding", "inference", "labeling", "labelling", "tagging", "synthesis",
    "localization", "prediction", "recommendation", "verification", "identification", "diagnosis",
    "question-answering", "qa", "search", "linking", "resolution", "editing", "planning", "control",
    "navigation", "stratification", "discovery", "conversion", "transcription",
}
METRIC_HEADS = {"accuracy", "error", "score", "rate", "precision", "recall", "f1", "auc", "bleu",
                "perplexity", "mae", "rmse", "mse", "iou", "map", "correlation"}


HEAD_WORDS = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def type_from_head(text: str) -> str | None:
    """A type guessed from the last word of a descriptive phrase ("... retrieval" is a Task)."""
    words = HEAD_WORDS.findall(text.lower())
    if not words:
        return None
    head = words[-1]
    last = head.split("-")[-1]
    if head in DATA_WORDS or last in DATA_WORDS:
        return "Benchmark" if (head in BENCH_WORDS or last in BENCH_WORDS) else "Dataset"
    if head in METRIC_HEADS:
        return "Metric"
    if head in TASK_HEADS or last in TASK_HEADS:
        # "masked patch prediction" is an objective; "link prediction" a task: prediction stays Method
        # when the phrase reads like an objective (masked ..., ... modeling).
        if head == "prediction" and any(w.startswith("mask") for w in words):
            return "Method"
        return "Task"
    if head in METHOD_HEADS or last in METHOD_HEADS or last.endswith(AGENT_SUFFIXES):
        return "Method"
    return None


#: agent nouns name components of a method: "discriminator", "regularizer", "selector"
AGENT_SUFFIXES = ("izer", "iser", "ator", "ctor")
