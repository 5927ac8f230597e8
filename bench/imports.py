"""How long an import preview takes against the size of the file and of the network it joins.

    python -m bench.imports

For each size N, a network of N contacts and a CSV file of N rows: half the rows share an email
with someone in the network (they merge), a quarter are new people, and a quarter share a name
with someone in the network but not their phone (added separately, said as a doubt). Timed
alone, best of three: reading the file (`read_contacts`, the baseline: it is linear in the
file), checking each row's details as `add` would, and sorting rows into new, merges and
doubts (`plan`, which runs again on `yes`). Duplicates are looked up by key, so `plan` should
grow like the baseline, not with rows times contacts: its cost per row stays flat.

Then vCard files of short cards up to the 5 MB limit, and one card with a photo that size.
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Callable

from coaching.core.records import Contact
from coaching.data.importing import _as_record, plan
from coaching.data.reading import read_contacts

SIZES = (1_000, 10_000, 50_000)
VCARD_SIZES = (1_000, 10_000, 45_000)  # 45,000 short cards is about the 5 MB upload limit
ROUNDS = 3


def network(size: int) -> list[Contact]:
    """Contacts as the engine keeps them: an email, a phone, a company."""
    return [
        Contact(id=f"{n:012x}", name=f"Person {n}", company=f"Company {n % 97}", email=f"person{n}@example.com",
                phone=f"+1 555 {n:07d}")
        for n in range(size)
    ]


def csv_file(size: int) -> bytes:
    rows = ["Name,Email,Phone,Company"]
    for n in range(size):
        if n % 2 == 0:  # the same email as someone already there
            rows.append(f"Person {n},person{n}@example.com,,Company {n % 97}")
        elif n % 4 == 1:  # someone new
            rows.append(f"Newcomer {n},new{n}@example.org,+44 20 {n:07d},Elsewhere")
        else:  # the same name as someone there, another phone: a doubt, added separately
            rows.append(f"Person {n},,+49 30 {n:07d},")
    return ("\n".join(rows) + "\n").encode()


def best(work: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(f"load average before the run: {os.getloadavg()[0]:.1f} (other processes share the cores)")
    print("| rows and contacts | file MB | read (s) | check details (s) | plan (s) | plan / read "
          "| read µs/row | plan µs/row | new | merged | doubts |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in SIZES:
        existing, data = network(size), csv_file(size)
        result = read_contacts(data, "bench.csv")
        records = [_as_record(person) for person in result.contacts]
        outcome = plan(existing, records)
        assert len(outcome.merges) == size // 2 and len(outcome.new) == size - size // 2
        read = best(lambda data=data: read_contacts(data, "bench.csv"))
        check = best(lambda result=result: [_as_record(person) for person in result.contacts])
        sort = best(lambda existing=existing, records=records: plan(existing, records))
        print(f"| {size:,} | {len(data) / 1e6:.2f} | {read:.3f} | {check:.3f} | {sort:.3f} | {sort / read:.2f} "
              f"| {read / size * 1e6:.0f} | {sort / size * 1e6:.0f} "
              f"| {len(outcome.new):,} | {len(outcome.merges):,} | {len(outcome.doubts):,} |")


def vcard_file(cards: int) -> bytes:
    return b"".join(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %d\r\nEMAIL:p%d@example.com\r\nTEL:+1 555 %07d\r\nEND:VCARD\r\n"
        % (n, n, n) for n in range(cards)
    )


def vcards() -> None:
    """Reading vCards: our line cleaning plus vobject, per card; and one card carrying a 4.9 MB photo."""
    print("\n| vCard file | MB | read (s) | µs/card |")
    print("|---|---:|---:|---:|")
    for cards in VCARD_SIZES:
        data = vcard_file(cards)
        seconds = best(lambda data=data: read_contacts(data, "bench.vcf"))
        print(f"| {cards:,} cards | {len(data) / 1e6:.2f} | {seconds:.3f} | {seconds / cards * 1e6:.0f} |")
    photo = base64.b64encode(bytes(range(256)) * 14_000).decode()
    folded = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    data = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nPHOTO;ENCODING=b:{folded}\r\nEND:VCARD\r\n".encode()
    seconds = best(lambda: read_contacts(data, "bench.vcf"))
    print(f"| 1 card, folded photo | {len(data) / 1e6:.2f} | {seconds:.3f} | |")


if __name__ == "__main__":
    main()
    vcards()
