"""Reported results: numbers with their metric, dataset and method in one sentence.

"75.3% top-1 accuracy on ImageNet with ResNet-50" gives a Result (value 75.3, unit %) that is
MEASURED_BY top-1 accuracy, ON ImageNet and OF ResNet-50.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_RE = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d+)?)\s*(%|percent|points?|pp|x)?(?![\w.]*\d)")


@dataclass
class FoundResult:
    value: float
    unit: str | None
    raw: str
    start: int  # character offsets in the sentence's doc
    end: int


def numbers(text: str, offset: int = 0) -> list[FoundResult]:
    """Plausible reported numbers (percentages, scores) in a sentence.

    >>> [(r.value, r.unit) for r in numbers("reaches 75.3% top-1 accuracy and 48.2 mIoU")]
    [(75.3, '%'), (48.2, None)]
    """
    out = []
    for m in NUMBER_RE.finditer(text):
        raw = m.group(0).strip()
        unit = m.group(2)
        if unit in ("percent",):
            unit = "%"
        if unit and unit.startswith("point"):
            unit = "points"
        value = float(m.group(1))
        if unit is None and "." not in m.group(1):
            continue  # bare integers are counts, years, sizes more often than scores
        out.append(FoundResult(value, unit, raw, offset + m.start(), offset + m.start() + len(raw)))
    return out
