"""The labelled pitches in tests/pitch_labels.toml, and the rank statistics used to check the scorer.

Each `label` (0-100) is a human judgement of how well the pitch would land with its listener, made
before the scorer was tuned; `flaw` names the criterion that hurts a flawed pitch most. The scorer is
checked against these, never the other way round. The held-out third is fixed by a hash of the name.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

LABELS = Path(__file__).with_name("pitch_labels.toml")
BLIND_LABELS = Path(__file__).with_name("pitch_labels_blind.toml")  # written after tuning began; never tuned on
WORST_LABEL = 30  # "worst" group: a reader would wince
BEST_LABEL = 80  # "best" group: a reader would want to keep talking


@dataclass(frozen=True)
class Example:
    name: str
    scenario: str
    label: int
    flaw: str | None
    kind: str  # normal, gaming or empty
    split: str  # tune or held-out
    text: str


def split_of(name: str) -> str:
    """Every third pitch (by a stable hash of its name) is held out of tuning."""
    return "held-out" if int(hashlib.sha256(name.encode()).hexdigest(), 16) % 3 == 0 else "tune"


def _load(path: Path) -> tuple[Example, ...]:
    with path.open("rb") as file:
        rows = tomllib.load(file)["pitch"]
    return tuple(
        Example(r["name"], r["scenario"], r["label"], r["flaw"] or None, r["kind"], r["split"], r["text"])
        for r in rows
    )


EXAMPLES = _load(LABELS)
BLIND = _load(BLIND_LABELS)
TUNE = tuple(e for e in EXAMPLES if e.split == "tune")
HELD_OUT = tuple(e for e in EXAMPLES if e.split == "held-out")
STRONG = next(e for e in EXAMPLES if e.name == "data engineer at a conference")


def _ranks(values: list[float]) -> list[float]:
    """1-based ranks; tied values share the average of the ranks they span."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for i in order[start : end + 1]:
            ranks[i] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float:
    """Pearson correlation of the ranks, which stays correct when there are ties."""
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    spread = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return cov / spread


def flaw_is_top_two(criteria: tuple, flaw: str) -> bool:
    """The named flaw lost at least as many points as the second costliest criterion."""
    lost = sorted((c.max_points - c.points for c in criteria), reverse=True)
    named = next(c.max_points - c.points for c in criteria if c.name == flaw)
    return named > 0 and named >= lost[1]
