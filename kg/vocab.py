"""The vocabulary of well-known names shipped as package data (``kg/data/vocab``).

Names in it are facts of the field (BERT, ImageNet, GLUE, object detection, BLEU); the
matcher finds them, and resolution uses their canonical names and aliases so that every
spelling of a thing becomes one node.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

#: Which file holds which type; several files may feed one type.
FILES = {
    "methods.jsonl": "Method",
    "datasets.jsonl": "Dataset",
    "text_datasets.jsonl": "Dataset",
    "benchmarks.jsonl": "Benchmark",
    "tasks.jsonl": "Task",
    "metrics.jsonl": "Metric",
}
REQUIRED = ("name", "aliases", "category", "note", "named")


_WORDS = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The comparison key of ANNOTATION.md's scoring: case, punctuation and plural ``s`` ignored.

    >>> norm("MS-COCO") == norm("ms coco")
    True
    >>> norm("CodeT5+")
    'codet5plus'
    >>> norm("Transformers")
    'transformer'
    """
    s = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("+", " plus ")
    words = _WORDS.findall(s)
    return "".join(w[:-1] if len(w) > 4 and w.endswith("s") else w for w in words)


@dataclass(frozen=True)
class VocabEntry:
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    ambiguous_aliases: tuple[str, ...] = ()
    category: str | None = None
    note: str = ""
    named: bool = True
    variant_of: str | None = None
    tasks: tuple[str, ...] = ()
    modality: tuple[str, ...] = ()
    source: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class Vocabulary:
    entries: list[VocabEntry] = field(default_factory=list)

    def __post_init__(self):
        self._by_form: dict[str, list[VocabEntry]] = {}
        self._by_name: dict[tuple[str, str], VocabEntry] = {}
        for e in self.entries:
            for f in (*e.forms, *e.ambiguous_aliases):
                self._by_form.setdefault(norm(f), []).append(e)
            self._by_name[(family(e.type), norm(e.name))] = e

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, text: str, etype: str | None = None) -> list[VocabEntry]:
        """Entries one of whose forms has the same :func:`norm` as ``text`` (optionally of a type family)."""
        found = self._by_form.get(norm(text), [])
        if etype:
            found = [e for e in found if family(e.type) == family(etype)]
        return found

    def by_name(self, etype: str, name: str) -> VocabEntry | None:
        return self._by_name.get((family(etype), norm(name)))


def family(etype: str) -> str:
    """Dataset and Benchmark are one family (ANNOTATION.md)."""
    return "Data" if etype in ("Dataset", "Benchmark") else etype


def parse_entry(obj: dict, etype: str, source: str) -> VocabEntry:
    missing = [k for k in REQUIRED if k not in obj]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    if not isinstance(obj["name"], str) or not obj["name"].strip():
        raise ValueError("empty name")
    listy = lambda k: tuple(str(x) for x in (obj.get(k) or []))  # noqa: E731
    mod = obj.get("modality") or []
    return VocabEntry(
        type=etype, name=obj["name"].strip(), aliases=listy("aliases"),
        ambiguous_aliases=listy("ambiguous_aliases"), category=obj.get("category"),
        note=obj.get("note") or "", named=bool(obj.get("named")), variant_of=obj.get("variant_of"),
        tasks=listy("tasks"), modality=tuple([mod] if isinstance(mod, str) else mod), source=source,
    )


def read_vocab_file(path: Path | str, etype: str) -> list[VocabEntry]:
    """Entries of one vocabulary file; a bad line raises ValueError naming file and line."""
    out = []
    path = Path(path)
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(parse_entry(json.loads(line), etype, f"{path.name}:{no}"))
        except (ValueError, TypeError) as err:
            raise ValueError(f"{path}:{no}: {err}") from err
    return out


def vocab_dir() -> Path:
    return Path(str(resources.files("kg") / "data" / "vocab"))


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The shipped vocabulary (cached: it is read once per process)."""
    entries: list[VocabEntry] = []
    for fname, etype in FILES.items():
        path = vocab_dir() / fname
        if path.exists():
            entries.extend(read_vocab_file(path, etype))
    return Vocabulary(entries)
