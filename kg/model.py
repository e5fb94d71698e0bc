"""The graph model of SPEC.md as strict records passed between pipeline stages.

Node labels, relationship types and stable ids live here, so every stage (extraction,
resolution, graph, writers) spells them the same way.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from enum import Enum
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Label(str, Enum):
    PAPER = "Paper"
    METHOD = "Method"
    DATASET = "Dataset"
    BENCHMARK = "Benchmark"
    TASK = "Task"
    METRIC = "Metric"
    MODALITY = "Modality"
    RESULT = "Result"
    REPOSITORY = "Repository"


class Rel(str, Enum):
    PROPOSES = "PROPOSES"
    USES = "USES"
    USES_BACKBONE = "USES_BACKBONE"
    COMPARES_WITH = "COMPARES_WITH"
    INTRODUCES = "INTRODUCES"
    TRAINS_ON = "TRAINS_ON"
    EVALUATES_ON = "EVALUATES_ON"
    ADDRESSES = "ADDRESSES"
    REPORTS = "REPORTS"
    HAS_MODALITY = "HAS_MODALITY"
    HAS_CODE = "HAS_CODE"
    # entity to entity
    VARIANT_OF = "VARIANT_OF"
    EVALUATED_ON = "EVALUATED_ON"
    BENCHMARK_FOR = "BENCHMARK_FOR"
    MEASURED_BY = "MEASURED_BY"
    ON = "ON"
    OF = "OF"


#: Relationships from a Paper, each with the labels it may point to.
PAPER_RELS: dict[Rel, tuple[str, ...]] = {
    Rel.PROPOSES: ("Method",),
    Rel.USES: ("Method", "Dataset", "Benchmark"),
    Rel.USES_BACKBONE: ("Method",),
    Rel.COMPARES_WITH: ("Method",),
    Rel.INTRODUCES: ("Dataset", "Benchmark"),
    Rel.TRAINS_ON: ("Dataset", "Benchmark"),
    Rel.EVALUATES_ON: ("Dataset", "Benchmark"),
    Rel.ADDRESSES: ("Task",),
    Rel.REPORTS: ("Metric", "Result"),
    Rel.HAS_MODALITY: ("Modality",),
    Rel.HAS_CODE: ("Repository",),
}

#: Entity types an extractor emits, and the id prefix of each (Benchmark shares Dataset's).
ENTITY_PREFIX = {
    "Method": "method",
    "Dataset": "dataset",
    "Benchmark": "dataset",
    "Task": "task",
    "Metric": "metric",
    "Modality": "modality",
    "Repository": "repo",
}

#: The closed list of modalities of ANNOTATION.md.
MODALITIES = (
    "text", "image", "video", "audio", "speech", "code", "table", "molecule", "protein",
    "genome", "3d", "motion", "medical-image", "time-series", "graph", "action",
    "neural-recording",
)

EntityType = Literal["Method", "Dataset", "Benchmark", "Task", "Metric", "Modality", "Repository"]
Role = Literal[
    "PROPOSES", "USES", "USES_BACKBONE", "COMPARES_WITH", "INTRODUCES", "TRAINS_ON",
    "EVALUATES_ON", "ADDRESSES", "REPORTS", "HAS_MODALITY", "HAS_CODE",
]


@lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    """A stable, readable id part: ASCII, lower case, ``+`` kept as ``plus``.

    >>> slug("ViT-B/16")
    'vit-b-16'
    >>> slug("CodeT5+")
    'codet5plus'
    >>> slug("Café  au lait")
    'cafe-au-lait'
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("+", "plus")
    text = re.sub(r"[^a-z0-9.]+", "-", text).strip("-.")
    text = re.sub(r"\.(?![0-9])|(?<![0-9])\.", "-", text)
    return re.sub(r"-{2,}", "-", text).strip("-") or hashlib.sha1(text.encode()).hexdigest()[:10]


def entity_id(etype: str, name: str) -> str:
    """``method:bert``, ``dataset:imagenet`` ... (Benchmarks share the Dataset namespace).

    >>> entity_id("Benchmark", "GLUE")
    'dataset:glue'
    """
    return f"{ENTITY_PREFIX[etype]}:{slug(name)}"


ARXIV_RE = re.compile(r"(?:arxiv\.org/(?:abs|pdf)/|arXiv:)(\d{4}\.\d{4,5})(?:v\d+)?", re.I)


def paper_id(title: str, url: str | None = None, arxiv_id: str | None = None) -> str:
    """``paper:<arxiv id>`` when known, else ``paper:<slug of title>`` (SPEC.md).

    >>> paper_id("Attention Is All You Need", url="https://arxiv.org/abs/1706.03762v7")
    'paper:1706.03762'
    >>> paper_id("Attention Is All You Need")
    'paper:attention-is-all-you-need'
    """
    if not arxiv_id and url:
        m = ARXIV_RE.search(url)
        arxiv_id = m.group(1) if m else None
    if arxiv_id:
        return f"paper:{arxiv_id}"
    return f"paper:{slug(title)[:120]}"


def result_id(paper: str, raw: str, start: int) -> str:
    """Results are identified by where they were reported."""
    return "result:" + hashlib.sha1(f"{paper}|{start}|{raw}".encode()).hexdigest()[:16]


class Record(BaseModel):
    """Base for records passed between stages: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid")


class Paper(Record):
    id: str
    title: str
    abstract: str
    year: int | None = None
    url: str | None = None
    source: str | None = None
    authors: list[str] = Field(default_factory=list)
    venue: str | None = None
    doi: str | None = None


class Evidence(Record):
    """Where a fact was read: the sentence, and the mention's character offsets in its section."""

    sentence: str
    start: int
    end: int
    section: Literal["abstract", "title"] = "abstract"


class EntityRef(Record):
    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    category: str | None = None
    named: bool | None = None


class Triple(Record):
    """One paper-level assertion: the extraction contract of SPEC.md."""

    paper_id: str
    paper_title: str
    relation: Role
    entity: EntityRef
    evidence: Evidence
    confidence: float
    extractor: str


class ResultRecord(Record):
    """A reported number with what it measures, where, and of which method."""

    id: str
    paper_id: str
    value: float
    unit: str | None
    raw: str
    metric: EntityRef | None = None
    dataset: EntityRef | None = None
    method: EntityRef | None = None
    evidence: Evidence
    confidence: float
    extractor: str


class Entity(Record):
    """A canonical entity after resolution: one node per thing."""

    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    category: str | None = None
    named: bool | None = None
    labels: list[str] = Field(default_factory=list)


class WriteStats(Record):
    """What a writer wrote."""

    nodes: int = 0
    relationships: int = 0
    files: list[str] = Field(default_factory=list)
