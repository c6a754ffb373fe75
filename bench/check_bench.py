"""Benchmark: `check` without the LLM on >= 100 MB of transcript text vs `grep -F -f`.

    .venv/bin/python bench/check_bench.py [--mb 100] [--scale 10]

Builds the input by repeating the fixture, times the whole engine path in this process (read,
decode, parse, all deterministic checks, findings with fingerprints), times `grep -F -c -f` over
the glossary's literal terms on the same file, and checks scaling with a 1/scale-sized input.
Reports MB/s, the ratio to grep and peak memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from repair.glossary.schema import load_glossary  # noqa: E402
from repair.runner import check_file, context_for, load_document, selected_codes  # noqa: E402
from repair.settings import Settings  # noqa: E402


def make_input(path: Path, mb: float) -> int:
    unit = (ROOT / "fixtures" / "lex_karpathy_zh.txt").read_bytes()
    reps = max(1, int(mb * 1024 * 1024 / len(unit)) + 1)
    with path.open("wb") as fh:
        for _ in range(reps):
            fh.write(unit)
            if not unit.endswith(b"\n"):
                fh.write(b"\n")
    return path.stat().st_size


def time_check(path: Path) -> tuple[float, int]:
    glossary = load_glossary(ROOT / "glossary.yaml")
    ctx = context_for(Settings(), glossary)
    codes = selected_codes([], [])
    t = time.perf_counter()
    result = check_file(load_document(path), ctx, codes)
    return time.perf_counter() - t, len(result.findings)


def time_grep(path: Path, terms: Path) -> float:
    t = time.perf_counter()
    # stdout must not be /dev/null: GNU grep then stops at the first match
    subprocess.run(["grep", "-F", "-c", "-f", str(terms), str(path)], check=False, stdout=subprocess.PIPE)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=100)
    ap.add_argument("--scale", type=float, default=10)
    args = ap.parse_args()
    glossary = load_glossary(ROOT / "glossary.yaml")
    words = sorted(
        {w for e in glossary.entries for w in e.wrong}
        | {g for s in glossary.speakers.labels for g in s.garbles}
    )
    with tempfile.TemporaryDirectory() as tmp:
        terms = Path(tmp) / "terms.txt"
        terms.write_text("\n".join(words) + "\n", encoding="utf-8")
        small, big = Path(tmp) / "small.txt", Path(tmp) / "big.txt"
        small_size = make_input(small, args.mb / args.scale)
        big_size = make_input(big, args.mb)
        time_check(small)  # warm caches (automaton, imports)
        t_small, _ = time_check(small)
        t_big, n = time_check(big)
        g_big = min(time_grep(big, terms) for _ in range(3))
    mb = big_size / 1e6
    print(f"input: {mb:.1f} MB ({small_size / 1e6:.1f} MB for scaling), {len(words)} terms, {n} findings")
    print(f"mt-repair check: {t_big:.2f} s = {mb / t_big:.1f} MB/s")
    print(f"grep -F -c -f:   {g_big:.2f} s = {mb / g_big:.1f} MB/s")
    print(f"ratio to grep:   {t_big / g_big:.2f}x (target <= 2x)")
    print(
        f"scaling:         {big_size / small_size:.1f}x input -> {t_big / t_small:.2f}x time "
        f"(target <= 10.5x for 10x)"
    )
    print(f"peak memory:     {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
