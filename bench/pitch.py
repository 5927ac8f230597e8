"""How well and how fast the pitch scorer works on the labelled pitches: `python -m bench.pitch`.

Agreement with the human labels is reported for the tuning part, the held-out third and the blind
set separately. A trivial word count over the same pitches runs in the same process, so the timing
ratio says how much work scoring adds on this machine, whatever its speed. Prints a markdown snippet.
"""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable

from coaching.pitch.scoring import score_pitch
from tests.pitch_examples import (
    BEST_LABEL,
    BLIND,
    EXAMPLES,
    HELD_OUT,
    STRONG,
    TUNE,
    WORST_LABEL,
    Example,
    flaw_is_top_two,
    spearman,
)

ROUNDS = 300
WARMUP_ROUNDS = 20
HUGE_REPEATS = 20


def _per_call_us(call: Callable[[str, str | None], object]) -> list[float]:
    """Microseconds per call, timed one call at a time so p99 is a real tail, not an average."""
    for _ in range(WARMUP_ROUNDS):
        for e in EXAMPLES:
            call(e.text, e.scenario)
    timings = []
    clock = time.perf_counter
    for _ in range(ROUNDS):
        for e in EXAMPLES:
            start = clock()
            call(e.text, e.scenario)
            timings.append((clock() - start) * 1e6)
    return timings


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def _word_count(text: str, scenario: str | None) -> int:
    return len(text.split())


def _row(name: str, part: tuple[Example, ...]) -> str:
    scores = {e.name: score_pitch(e.text, e.scenario) for e in part}
    total = {n: s.total for n, s in scores.items()}
    rho = spearman([e.label for e in part], [total[e.name] for e in part])
    worst = [total[e.name] for e in part if e.label <= WORST_LABEL]
    best = [total[e.name] for e in part if e.label >= BEST_LABEL]
    gaming = [total[e.name] for e in part if e.kind == "gaming"]
    empty = [total[e.name] for e in part if e.kind == "empty"]
    flawed = [e for e in part if e.flaw]
    named = sum(flaw_is_top_two(scores[e.name].criteria, e.flaw or "") for e in flawed)
    cells = [f"{statistics.fmean(g):.1f}" if g else "-" for g in (worst, best)]
    cells += [str(max(g)) if g else "-" for g in (gaming, empty)]
    return (f"| {name} | {len(part)} | {rho:.3f} | {' | '.join(cells)} "
            f"| {named}/{len(flawed)} ({named / len(flawed):.0%}) |")


def _quality() -> None:
    """Rank agreement and the guard rails, per part of the labelled set."""
    print("| part | pitches | Spearman | worst-labelled mean | best-labelled mean | max gaming | max empty "
          "| main flaw in top 2 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, part in (("tuned on", TUNE), ("held out", HELD_OUT), ("blind", BLIND), ("all", EXAMPLES + BLIND)):
        print(_row(name, part))
    print()
    print(f"Worst-labelled: label <= {WORST_LABEL}; best-labelled: label >= {BEST_LABEL}.")
    print()


def main() -> None:
    print("### Pitch scorer v2 (`python -m bench.pitch`)")
    print()
    _quality()
    scorer = _per_call_us(score_pitch)
    baseline = _per_call_us(_word_count)
    huge = STRONG.text * (100_000 // len(STRONG.text) + 1)
    huge_ms = []
    for _ in range(HUGE_REPEATS):
        start = time.perf_counter()
        score_pitch(huge, STRONG.scenario)
        huge_ms.append((time.perf_counter() - start) * 1e3)
    mean, base_mean = statistics.fmean(scorer), statistics.fmean(baseline)
    words = statistics.fmean(len(e.text.split()) for e in EXAMPLES)
    print(
        f"{len(EXAMPLES)} example pitches (mean {words:.0f} words), {ROUNDS} rounds, each call timed alone; "
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}."
    )
    print()
    print("| what | mean µs/pitch | p99 µs/pitch |")
    print("|---|---:|---:|")
    print(f"| `score_pitch` | {mean:.0f} | {_p99(scorer):.0f} |")
    print(f"| baseline `len(text.split())` | {base_mean:.2f} | {_p99(baseline):.2f} |")
    print()
    print(f"Scoring costs {mean / base_mean:,.0f}x the baseline word count.")
    print(
        f"A {len(huge) // 1000} KB paste (analysed up to its first 5,000 characters): "
        f"median {statistics.median(huge_ms):.1f} ms, worst {max(huge_ms):.1f} ms over {HUGE_REPEATS} runs."
    )


if __name__ == "__main__":
    main()
