"""Stage benchmark: entity resolution (``kg.resolution.resolve``, ``apply``, ``keep_strongest``)
over the cached extraction records (fast pipeline) of the first N abstracts.

Baseline: one dict pass grouping the same triples by (type, case-folded name), i.e. exact-name
resolution: the cost of touching every triple once.

    .venv/bin/python bench/stage_resolve.py --sizes 1000 10000 100000
"""
from __future__ import annotations

import sys

from _common import Row, main_of, measure, records, stage_cli, timed

BASELINE = "dict pass by (type, name)"


def exact_groups(triples) -> dict:
    groups: dict = {}
    for t in triples:
        groups.setdefault((t.entity.type, t.entity.name.casefold()), []).append(t)
    return groups


def resolve_all(triples, results):
    from kg.resolution import apply, keep_strongest, resolve
    res = resolve(triples)
    out, _ = apply(res, triples, results)
    return keep_strongest(out), res


def run_one(n: int, args) -> list[Row]:
    from kg.extracted import flatten
    _, triples, results = flatten(records(n, args.cache))
    base = timed(lambda: exact_groups(triples))
    (kept, res), seconds, peak, added = measure(lambda: resolve_all(triples, results))
    note = f"{len(res.entities):,} entities, {len(kept):,} triples kept"
    return [Row("resolve", n, len(triples), "triples", seconds, peak, added, BASELINE, len(triples), base, note)]


run = stage_cli(__file__, __doc__, run_one)

if __name__ == "__main__":
    sys.exit(main_of(run))
