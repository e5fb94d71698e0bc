"""Word clusters learned from 127,701 corpus abstracts without labels (``scripts/build_clusters.py``).

Words used in the same contexts share a cluster ("segmentation", "detection", "tracking";
"imagenet", "coco", "kitti"), so the span classifier, trained on 320 annotated abstracts, can
carry what it learned about one word to the words of its cluster (as entity-gate features they
did not help; see ``kg/data/models/README.md``).
The table ships as ``kg/data/models/word_clusters.tsv.gz`` (``word<TAB>coarse<TAB>fine``, about
19,000 lower-case words); nothing is fetched.
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

#: the cluster of a word the table does not hold
NO_CLUSTER = "-"


@lru_cache(maxsize=1)
def load_clusters() -> dict[str, tuple[str, str]]:
    """word -> (coarse, fine) cluster of the shipped table (empty when none is shipped)."""
    path = resources.files("kg") / "data" / "models" / "word_clusters.tsv.gz"
    if not path.is_file():
        return {}
    return decode_table(path.read_bytes())


def decode_table(data: bytes) -> dict[str, tuple[str, str]]:
    """A table file's bytes, gzip-compressed or not (``scripts/build_clusters.py`` writes either)."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return read_table(data.decode("utf-8"))


def read_table(text: str) -> dict[str, tuple[str, str]]:
    out = {}
    for line in text.split("\n"):  # not splitlines(): a word may hold U+2028 and kin
        if not line:
            continue
        word, coarse, fine = line.split("\t")
        out[word] = (coarse, fine)
    return out

