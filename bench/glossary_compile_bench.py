"""Glossary matcher build time against glossary size: linear, 100k entries within 5 s.

    .venv/bin/python bench/glossary_compile_bench.py [--sizes 5000,20000,100000]

Prints, per size, the build time, the target and the ratio to the 5k build in the same run
(linear means ratio ~ size ratio)."""

from __future__ import annotations

import argparse
import random
import time

from repair.glossary.matcher import GlossaryMatcher
from repair.glossary.schema import Glossary

CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def glossary(n: int, seed: int = 7) -> Glossary:
    rnd = random.Random(seed)

    def word(k: int) -> str:
        return "".join(rnd.choice(CJK) for _ in range(k))

    entries = []
    seen: set[str] = set()
    for i in range(n):
        wrong = word(rnd.randint(3, 5))
        while wrong in seen:  # the schema refuses one wrong rendering in two entries
            wrong = word(rnd.randint(3, 5))
        seen.add(wrong)
        right = word(rnd.randint(2, 4))
        accept = [wrong + word(2), word(3)]  # protected forms that contain the wrong term
        entries.append({"id": f"e{i}", "kind": "term", "wrong": [wrong], "right": [right], "accept": accept})
    return Glossary.model_validate({"version": 1, "name": "bench", "entries": entries})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5000,20000,100000")
    sizes = [int(s) for s in ap.parse_args().sizes.split(",")]
    base: float | None = None
    for n in sizes:
        g = glossary(n)
        t = time.perf_counter()
        GlossaryMatcher(g)
        took = time.perf_counter() - t
        base = base or took
        target = "target <= 5 s" if n >= 100_000 else ""
        print(
            f"{n:>7} entries: build {took:6.2f} s  ({took / base:5.1f}x the {sizes[0]} build; "
            f"size {n / sizes[0]:.0f}x) {target}"
        )


if __name__ == "__main__":
    main()
