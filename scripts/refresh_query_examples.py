"""Rewrite the ``example:`` header line of every question in queries/ from a build.

The example is the first row of the question's answer (default parameters) on the embedded
SPARQL store. Run after extraction changes so headers keep showing real rows:

    kg build --out out && python scripts/refresh_query_examples.py out
"""
from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

from kg.querypack import LANGUAGES, load_pack, pack_dir, run_sparql
from loaders.sparql import open_store


def example_line(columns: list[str], row: list) -> str:
    values = [float(v) if isinstance(v, Decimal) else v for v in row]
    return json.dumps(dict(zip(columns, values)), ensure_ascii=False)


def main(build: str = "out") -> int:
    store = open_store(build)
    folder = pack_dir()
    for name, q in load_pack(folder).items():
        rows = run_sparql(store, q)
        example = example_line(rows.columns, rows.rows[0]) if rows.rows else "{}"
        for lang, marker in LANGUAGES.items():
            path = folder / f"{name}.{lang}"
            text = path.read_text(encoding="utf-8")
            pattern = re.compile(rf"^{re.escape(marker)} example: .*$", re.M)
            path.write_text(pattern.sub(lambda _: f"{marker} example: {example}", text, count=1), encoding="utf-8")
        print(f"{name}: {len(rows)} row(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
