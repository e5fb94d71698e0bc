#!/usr/bin/env python3
"""Draw the abstracts the team annotated (team1..6.jsonl): 240 corpus abstracts picked at random
by the criteria of shared/training/README.md (2015 onwards, robotics and French-language venues
left out, at least 60 words), with no abstract of the training set, the dev gold, the bundled
sample corpus or the blind evaluation inputs (../shared/eval, whose titles are read only to
leave them out). Writes input_K.jsonl ({id, title, abstract}) for K = 0..5 into OUTDIR.

    python scripts/annotations/draw_sample.py OUTDIR
"""
from __future__ import annotations

import glob
import gzip
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import training_data as td  # noqa: E402


def main(out: Path) -> None:
    train = td.load_training_records()
    ids = {r["id"] for r in train}
    leave_out = {td._tkey(r["title"]) for r in train} | set(td.parse_seed_listing())
    for f in [*glob.glob(str(td.SHARED / "eval" / "*.jsonl")), str(td.DEV_GOLD)]:
        leave_out |= {td._tkey(json.loads(line)["title"]) for line in open(f, encoding="utf8") if line.strip()}
    pool = []
    with gzip.open(td.CORPUS, "rt", encoding="utf8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["year"] < 2015 or r["id"] in ids or td._tkey(r["title"]) in leave_out:
                continue
            if re.search(r"ICRA|IROS|RSS|CORL|ROBOT|JEP|TALN|RECITAL", str(r.get("venue", "")).upper()) \
                    or r["id"].startswith("acl:F") or len(r["abstract"].split()) < 60:
                continue
            pool.append(r)
    random.Random(2026).shuffle(pool)
    out.mkdir(parents=True, exist_ok=True)
    for k in range(6):
        with open(out / f"input_{k}.jsonl", "w", encoding="utf8") as fh:
            for r in pool[k * 40:(k + 1) * 40]:
                fh.write(json.dumps({"id": r["id"], "title": r["title"], "abstract": r["abstract"]}) + "\n")
    print(f"{len(pool)} abstracts qualify; wrote 6 x 40 to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
