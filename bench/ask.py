"""How well `ask` finds the people who could help: `python -m bench.ask`.

Runs `coaching.people.ask_and_intro.rank` on the labelled set in bench/ask_set.py (100 contacts, 50 needs, every
fourth held out) and prints recall (share of the helpers among the suggestions, at most 5), precision
(share of the suggestions that are helpers) and whether the first suggestion is a helper, for the
tuning part and the held-out part, plus the time per query. Prints a markdown snippet.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from bench.ask_set import Need, contacts, needs
from coaching.core.records import Contact
from coaching.people.ask_and_intro import MAX_SUGGESTIONS, rank

ROUNDS = 20


def _scores(people: list[Contact], chosen: list[Need]) -> tuple[float, float, float, list[str]]:
    recall, precision, first, misses = [], [], [], []
    for need in chosen:
        found = [match.contact.id for match in rank(people, need.text, MAX_SUGGESTIONS)]
        hits = need.helpers & set(found)
        recall.append(len(hits) / min(len(need.helpers), MAX_SUGGESTIONS))
        precision.append(len(hits) / len(found) if found else 0.0)
        first.append(1.0 if found and found[0] in need.helpers else 0.0)
        if len(hits) < min(len(need.helpers), MAX_SUGGESTIONS) or len(hits) < len(found):
            misses.append(f"{need.text!r}: found {found}, helpers {sorted(need.helpers)}")
    return statistics.fmean(recall), statistics.fmean(precision), statistics.fmean(first), misses


def _shared_words(people: list[Contact], need: str) -> list[int]:
    """The baseline: how many of the need's lower-cased words each contact's text contains."""
    wanted = set(need.casefold().split())
    return [len(wanted & set(" ".join([c.role, c.company, *(n.text for n in c.notes)]).casefold().split()))
            for c in people]


def _per_query_ms(run: Callable[[str], object], labelled: list[Need]) -> list[float]:
    timings = []
    for _ in range(ROUNDS):
        for need in labelled:
            start = time.perf_counter()
            run(need.text)
            timings.append((time.perf_counter() - start) * 1e3)
    return timings


def main() -> None:
    people, labelled = contacts(), needs()
    print("### `ask` matching (`python -m bench.ask`)")
    print()
    print(f"{len(people)} contacts, {len(labelled)} needs ({sum(n.held_out for n in labelled)} held out).")
    print()
    print("| part | needs | recall@5 | precision | first is a helper |")
    print("|---|---:|---:|---:|---:|")
    all_misses = []
    for label, part in (("tuned on", [n for n in labelled if not n.held_out]),
                        ("held out", [n for n in labelled if n.held_out and not n.fresh]),
                        ("fresh, written after the synonym list", [n for n in labelled if n.fresh])):
        recall, precision, first, misses = _scores(people, part)
        all_misses += [f"{label}: {miss}" for miss in misses]
        print(f"| {label} | {len(part)} | {recall:.2f} | {precision:.2f} | {first:.2f} |")
    timings, baseline = _per_query_ms(lambda need: rank(people, need, MAX_SUGGESTIONS), labelled), _per_query_ms(
        lambda need: _shared_words(people, need), labelled)
    print()
    print(f"Time per query over all 100 contacts: median {statistics.median(timings):.2f} ms, "
          f"p99 {statistics.quantiles(timings, n=100)[98]:.2f} ms ({ROUNDS} rounds); a plain shared-word count over "
          f"the same contacts: median {statistics.median(baseline):.2f} ms "
          f"({statistics.median(timings) / statistics.median(baseline):.0f}x).")
    print()
    print("Misses and extra suggestions:")
    for miss in all_misses:
        print(f"- {miss}")


if __name__ == "__main__":
    main()
