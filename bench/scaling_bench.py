"""Benchmark the two paths that were super-linear (issue 9, item 4), each beside its target.

    .venv/bin/python bench/scaling_bench.py [--entries 100000] [--mb 2] [--scale 10]

1. Building the glossary matcher from a generated glossary of ``--entries`` entries (target
   <= 5 s at 100k); the reference figure is the same build at a tenth of the entries, so the
   printed ratio shows the scaling (linear: about 10x).
2. Applying fixes (``fix --write``'s engine path: check, apply, re-check until stable) on the
   fixture repeated to ``--mb`` and to ``--mb * --scale``; target: 10x input <= 10.5x time.
All figures come from the same run.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from repair.core.models import Applicability  # noqa: E402
from repair.glossary.matcher import GlossaryMatcher  # noqa: E402
from repair.glossary.schema import Entry, EntryKind, Glossary, load_glossary  # noqa: E402
from repair.runner import context_for, fix_file, load_document, selected_codes  # noqa: E402
from repair.settings import Settings  # noqa: E402

CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def generated_glossary(n: int, seed: int = 9) -> Glossary:
    """n term entries: a 2-4 character wrong form, a 3-6 character right form that often
    contains another entry's wrong form (so the guards have work to do)."""
    rng = random.Random(seed)
    entries = []
    wrongs: list[str] = []
    for i in range(n):
        wrong = "".join(rng.choices(CJK, k=rng.randint(2, 4)))
        right = "".join(rng.choices(CJK, k=rng.randint(1, 2)))
        if wrongs and rng.random() < 0.5:
            right += rng.choice(wrongs)  # an accepted form containing some wrong term
        wrongs.append(wrong)
        entries.append(Entry(id=f"g{i}", kind=EntryKind.TERM, wrong=[wrong], right=[right]))
    base = load_glossary(ROOT / "glossary.yaml")
    return base.model_copy(update={"entries": entries})


def time_build(n: int) -> float:
    glossary = generated_glossary(n)
    t = time.perf_counter()
    GlossaryMatcher(glossary)
    return time.perf_counter() - t


def make_input(path: Path, reps: int) -> int:
    path.write_bytes((ROOT / "fixtures" / "lex_karpathy_zh.txt").read_bytes() * reps)
    return path.stat().st_size


def time_fix(path: Path) -> float:
    glossary = load_glossary(ROOT / "glossary.yaml")
    ctx = context_for(Settings(), glossary)
    codes = selected_codes([], [])
    loaded = load_document(path)
    t = time.perf_counter()
    fix_file(loaded, ctx, codes, Applicability.SAFE)
    return time.perf_counter() - t


def main() -> int:
    import tempfile

    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--mb", type=float, default=2)
    ap.add_argument("--scale", type=int, default=10)
    args = ap.parse_args()

    small_n = max(1, args.entries // 10)
    t_small = time_build(small_n)
    t_big = time_build(args.entries)
    print(f"glossary compile: {args.entries} entries {t_big:.2f} s (target <= 5 s); "
          f"reference {small_n} entries {t_small:.2f} s -> {t_big / t_small:.1f}x time "
          f"for {args.entries / small_n:.0f}x entries")

    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "small.txt", Path(tmp) / "big.txt"
        unit = (ROOT / "fixtures" / "lex_karpathy_zh.txt").stat().st_size
        reps = max(1, round(args.mb * 1e6 / unit))  # the big input is exactly scale x the small
        s_size = make_input(small, reps)
        b_size = make_input(big, round(reps * args.scale))
        time_fix(small)  # warm: automaton, termbase cache, imports
        f_small = time_fix(small)
        f_big = time_fix(big)
    print(f"fix (check+apply until stable): {b_size / 1e6:.1f} MB {f_big:.2f} s; reference "
          f"{s_size / 1e6:.1f} MB {f_small:.2f} s -> {b_size / s_size:.1f}x input, "
          f"{f_big / f_small:.2f}x time (target <= 10.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
