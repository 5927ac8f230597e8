"""Time finding the person a typed name means: `python -m bench.names`.

Every command that takes a name runs `coaching.people.names.find` over all of a user's contacts. A single
rapidfuzz `process.extractOne` over the same names runs in the same process as the baseline (one
fuzzy pass, the least any loose lookup does), so the ratio holds whatever the machine's speed.
Prints a markdown snippet.
"""

from __future__ import annotations

import random
import statistics
import string
import time
from collections.abc import Callable
from functools import partial

from rapidfuzz import process

from coaching.core.records import Contact
from coaching.people.names import find

SIZES = (100, 1_000, 5_000)
ROUNDS = 30


def _word(rng: random.Random) -> str:
    return rng.choice(string.ascii_uppercase) + "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 8)))


def _median_ms(call: Callable[[], object]) -> float:
    call()
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    rng = random.Random(14)
    print("| contacts | typed | `find` median ms | baseline `extractOne` ms | ratio |")
    print("|---:|---|---:|---:|---:|")
    for size in SIZES:
        contacts = [Contact(id=f"c{n}", name=f"{_word(rng)} {_word(rng)}") for n in range(size)]
        names = [c.name.casefold() for c in contacts]
        target = contacts[size // 2].name
        queries = {"full name": target, "first name": target.split()[0], "typo": target[:2] + target[3:],
                   "nobody": "Xqzzyv"}
        for label, typed in queries.items():
            ours = _median_ms(partial(find, contacts, typed))
            base = _median_ms(partial(process.extractOne, typed.casefold(), names))
            print(f"| {size:,} | {label} | {ours:.2f} | {base:.2f} | {ours / base:.1f}x |")


if __name__ == "__main__":
    main()
