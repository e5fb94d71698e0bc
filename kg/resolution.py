"""Entity resolution: one node per thing, however many papers name it and however they spell it.

Two extracted entities of one type family are the same thing when they share a *strong* form —
a full name or spelling, not a bare acronym — or the same vocabulary entry. A bare acronym
never joins entities from different papers on its own ("CAE" in one paper and "CAE" defined
as something else in another stay apart), unless the vocabulary knows it.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.extraction.acronyms import is_short_form
from kg.extraction.roles import STRENGTH
from kg.model import Entity, EntityRef, ResultRecord, Triple, entity_id
from kg.vocab import Vocabulary, family, load_vocabulary, norm

#: Types whose ids are already canonical (closed list, URL).
PASS_THROUGH = {"Modality", "Repository"}
#: Two entities whose similarity reaches this are merged.
THRESHOLD = 1.0


def strong_forms(ref: EntityRef) -> set[str]:
    """Normalised forms that identify an entity on their own (names, not bare acronyms)."""
    out = {norm(ref.name)}
    out |= {norm(a) for a in ref.aliases if not is_short_form(a) or " " in a}
    # British and American spellings are one name
    return {f.replace("modelling", "modeling") for f in out if f}


def similarity(a: EntityRef, b: EntityRef) -> float:
    """1.0 when two extracted entities share a strong form within a type family, else 0.0.

    >>> A = EntityRef(id="method:x", type="Method", name="Masked Image Modeling", aliases=["MIM"])
    >>> B = EntityRef(id="method:y", type="Method", name="masked image modelling")
    >>> C = EntityRef(id="method:z", type="Method", name="MIM")
    >>> similarity(A, B), similarity(A, C)
    (1.0, 0.0)
    """
    if family(a.type) != family(b.type):
        return 0.0
    return 1.0 if strong_forms(a) & strong_forms(b) else 0.0


@dataclass
class ResolutionStats:
    mentions: int = 0
    entities: int = 0
    merged: int = 0


@dataclass
class Resolution:
    entities: dict[str, Entity] = field(default_factory=dict)  # canonical id -> entity
    mapping: dict[tuple[str, str], str] = field(default_factory=dict)  # (family, extracted id) -> canonical id
    stats: ResolutionStats = field(default_factory=ResolutionStats)


class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve(triples: list[Triple], vocabulary: Vocabulary | None = None) -> Resolution:
    """Canonical entities for the entities of ``triples`` (Modality and Repository pass through)."""
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
    refs: dict[tuple[str, str], list[EntityRef]] = defaultdict(list)
    for t in triples:
        if t.entity.type in PASS_THROUGH:
            continue
        refs[(family(t.entity.type), t.entity.id)].append(t.entity)
    uf = _UnionFind()
    index: dict[tuple[str, str], tuple[str, str]] = {}
    for key in sorted(refs):
        uf.find(key)
        for ref in refs[key]:
            for form in strong_forms(ref):
                fkey = (key[0], form)
                if fkey in index:
                    uf.union(index[fkey], key)
                else:
                    index[fkey] = key
    clusters: dict = defaultdict(list)
    for key in sorted(refs):
        clusters[uf.find(key)].append(key)
    res = Resolution()
    res.stats.mentions = sum(len(v) for v in refs.values())
    for root, keys in sorted(clusters.items()):
        members = [r for k in keys for r in refs[k]]
        ent = _canonical(members, vocabulary)
        if ent.id in res.entities:  # two clusters that slug to one id are one node
            ent = _merge_entities(res.entities[ent.id], ent)
        res.entities[ent.id] = ent
        for k in keys:
            res.mapping[k] = ent.id
        res.stats.merged += len(keys) - 1
    res.stats.entities = len(res.entities)
    return res


def _canonical(members: list[EntityRef], vocabulary: Vocabulary) -> Entity:
    types = Counter(m.type for m in members)
    entry = None
    for m in members:
        entry = vocabulary.by_name(m.type, m.name)
        if entry:
            break
    if entry is not None:
        name, etype, category, named = entry.name, entry.type, entry.category, entry.named
    else:
        names = Counter(m.name for m in members)
        name = max(names, key=lambda n: (names[n], not is_short_form(n), -len(n), n))
        etype = "Benchmark" if types.get("Benchmark") else types.most_common(1)[0][0]
        category = next((m.category for m in members if m.category), None)
        named = any(m.named for m in members)
    if etype == "Dataset" and types.get("Benchmark"):
        etype = "Benchmark"
    aliases = sorted({a for m in members for a in [m.name, *m.aliases]} - {name})
    labels = ["Dataset", "Benchmark"] if etype == "Benchmark" else [etype]
    return Entity(id=entity_id(etype, name), type=etype, name=name, aliases=aliases, category=category,
                  named=named, labels=labels)


def _merge_entities(a: Entity, b: Entity) -> Entity:
    aliases = sorted((set(a.aliases) | set(b.aliases) | {b.name}) - {a.name})
    labels = sorted(set(a.labels) | set(b.labels), key=["Dataset", "Benchmark"].index) \
        if {"Dataset", "Benchmark"} >= set(a.labels) | set(b.labels) else a.labels
    return a.model_copy(update={"aliases": aliases, "labels": labels,
                                "type": "Benchmark" if "Benchmark" in labels else a.type})


def canonicalizer(res: Resolution) -> Callable[[EntityRef | None], EntityRef | None]:
    """A function from an extracted entity to its canonical one, keeping the surface forms its own
    paper used as aliases. Equal inputs give one shared (never mutated) EntityRef, so the
    hundreds of thousands of triples naming a few thousand entities do not each carry a copy."""
    made: dict[tuple, EntityRef] = {}

    def canon(ref: EntityRef | None) -> EntityRef | None:
        if ref is None:
            return None
        cid = res.mapping.get((family(ref.type), ref.id))
        if cid is None:
            return ref
        ent = res.entities[cid]
        local = tuple(sorted({ref.name, *ref.aliases} - {ent.name}))
        out = made.get((cid, local))
        if out is None:
            out = made[(cid, local)] = EntityRef(id=ent.id, type=ent.type, name=ent.name, aliases=list(local),
                                                 category=ent.category, named=ent.named)
        return out
    return canon


def apply(res: Resolution, triples: list[Triple], results: list[ResultRecord]) -> tuple[list[Triple], list[ResultRecord]]:
    """Triples and results pointing at canonical entities.

    A triple keeps the surface forms its own paper used as aliases (so scores and evidence stay
    local), under the canonical id and name.
    """
    out_t, out_r = list(triples), list(results)
    apply_in_place(res, out_t, out_r)
    return out_t, out_r


def apply_in_place(res: Resolution, triples: list[Triple], results: list[ResultRecord]) -> None:
    """:func:`apply` replacing the items of the lists themselves, so each extracted triple can be
    freed as soon as its resolved copy exists (a build does not hold both sets at once)."""
    canon = canonicalizer(res)
    for i, t in enumerate(triples):
        triples[i] = t.model_copy(update={"entity": canon(t.entity)})
    for i, r in enumerate(results):
        results[i] = r.model_copy(update={"metric": canon(r.metric), "dataset": canon(r.dataset),
                                          "method": canon(r.method)})

#: Relationships a paper may hold to one entity several times over (none pick a strongest).
MULTI = {"HAS_MODALITY", "HAS_CODE"}


def keep_strongest(triples: list[Triple]) -> list[Triple]:
    """After resolution two local entities may be one: keep one triple per (paper, entity)."""
    best: dict[tuple[str, str], Triple] = {}
    out = []
    for t in triples:
        if t.relation in MULTI:
            out.append(t)
            continue
        key = (t.paper_id, t.entity.id)
        old = best.get(key)
        if old is None:
            best[key] = t
            continue
        win = max((old, t), key=lambda x: (STRENGTH.get(x.relation, 0), x.confidence))
        aliases = sorted(set(old.entity.aliases) | set(t.entity.aliases))
        best[key] = win.model_copy(update={"entity": win.entity.model_copy(update={"aliases": aliases})})
    return out + list(best.values())
