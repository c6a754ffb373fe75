"""Review TUI benchmark: open time and keystroke latency over 10,000 findings.

    .venv/bin/python bench/tui_bench.py [--findings 10000] [--presses 200]

Not a timed test: it prints numbers. The findings are real engine findings over a synthetic
transcript (the review tests' six-garble turn, repeated with new timestamps; the five of each
six that carry a fix, so that every `a` accepts).

- open: from building the ReviewSession (journal opened, its events replayed) to the first
  screen rendered; "resume" reopens with the journal the keystrokes left (10k decisions).
- keystroke latency: from a key press until the screen update it caused has been rendered
  (the compositor refresh after the key was handled; headless, so no terminal I/O). Decisions
  include the journal write and fsync.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from review_support import GLOSSARY, LINES  # noqa: E402
from textual import events  # noqa: E402
from textual.screen import Screen  # noqa: E402

from repair.core.models import Finding  # noqa: E402
from repair.review.journal import JournalWriter, read_journal, text_hash  # noqa: E402
from repair.review.saving import Saver  # noqa: E402
from repair.review.session import ReviewSession  # noqa: E402
from repair.runner import (  # noqa: E402
    SourceFile,
    check_file,
    context_for,
    glossary_for,
    load_document,
    selected_codes,
)
from repair.settings import Settings  # noqa: E402
from tui.app import ReviewApp, make_review_app  # noqa: E402
from tui.screens.main import ReviewScreen  # noqa: E402

KEYS = ("n", "p", "a", "u", "j", "k", "N")
REFRESHES: list[float] = []
WORK: list[float] = []  # thread CPU seconds spent handling keys and rendering the screen
_original_refresh = Screen._compositor_refresh


def _timed_refresh(self: Screen[object]) -> None:
    c0 = time.thread_time()
    _original_refresh(self)
    WORK.append(time.thread_time() - c0)
    REFRESHES.append(time.perf_counter())


Screen._compositor_refresh = _timed_refresh  # type: ignore[method-assign]
SYNCS: list[float] = []
_original_sync = ReviewScreen.sync


def _timed_sync(self: ReviewScreen, **kw: object) -> None:
    c0 = time.thread_time()
    _original_sync(self, **kw)  # type: ignore[arg-type]
    WORK.append(time.thread_time() - c0)
    SYNCS.append(time.perf_counter())


ReviewScreen.sync = _timed_sync  # type: ignore[method-assign]


def transcript(turns: int) -> str:
    out = []
    for t in range(turns):
        stamp = f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}"
        for i, line in enumerate(LINES):
            out.append(line.rsplit(" ", 1)[0] + f" {stamp}" if i % 2 == 0 else line)
    return "\n".join(out) + "\n"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def line(label: str, ms: list[float]) -> str:
    return (
        f"  {label:>6}: p50 {statistics.median(ms):6.1f}  p95 {pct(ms, 0.95):6.1f}  "
        f"max {max(ms):6.1f} ms  (n={len(ms)})"
    )


async def press(app: ReviewApp, key: str) -> float:
    """ms from the key event entering the app to the first screen refresh after the key's
    handler re-drew the panes (pilot.press is not used: its idle waits would dominate)."""
    REFRESHES.clear()
    SYNCS.clear()
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    t0 = time.perf_counter()
    app._driver.send_message(event)  # type: ignore[union-attr]
    deadline = t0 + 5
    while time.perf_counter() < deadline:
        await asyncio.sleep(0.0005)
        if SYNCS and any(r >= SYNCS[-1] for r in REFRESHES):
            return (min(r for r in REFRESHES if r >= SYNCS[-1]) - t0) * 1000
    raise RuntimeError(f"no screen update after {key!r}")


async def open_app(
    loaded: SourceFile, findings: list[Finding], journal: Path, label: str
) -> tuple[ReviewApp, object, object, JournalWriter]:
    REFRESHES.clear()
    SYNCS.clear()
    t0 = time.perf_counter()
    events = read_journal(journal).events
    writer = JournalWriter(journal)
    text = loaded.document.text
    session = ReviewSession(
        findings,
        text=text,
        text_hash=text_hash(text),
        path=str(loaded.path),
        events=events,
        journal=writer.append,
    )
    app = make_review_app(session, save=Saver(loaded), name=loaded.path.name)
    ctx = app.run_test(size=(120, 40))
    pilot = await ctx.__aenter__()
    while not (SYNCS and any(r >= SYNCS[0] for r in REFRESHES)):
        await asyncio.sleep(0.001)
    first = min(r for r in REFRESHES if r >= SYNCS[0])
    print(
        f"open ({label}): {(first - t0):.3f} s to the first review screen  "
        f"[{len(findings):,} findings, {len(events):,} journal events replayed]"
    )
    return app, ctx, pilot, writer


async def run(folder: Path, n_findings: int, presses: int) -> None:
    doc = folder / "big.txt"
    doc.write_text(transcript(-(-n_findings // 5)), encoding="utf-8")
    gpath = folder / "glossary.yaml"
    gpath.write_text(GLOSSARY, encoding="utf-8")
    t = time.perf_counter()
    loaded = load_document(doc)
    _, glossary = glossary_for(Settings(), gpath)
    # findings with a fix only, so that every `a` accepts (a finding without one is refused)
    findings = [
        f
        for f in check_file(loaded, context_for(Settings(), glossary), selected_codes([], [])).findings
        if f.fix is not None
    ][:n_findings]
    print(
        f"engine check (not part of open): {len(findings):,} findings in "
        f"{time.perf_counter() - t:.2f} s over {len(loaded.document.text):,} characters"
    )
    journal = folder / "journal.jsonl"
    gc.collect()
    gc.freeze()  # as `repair review` does before the app starts

    app, ctx, _pilot, writer = await open_app(loaded, findings, journal, "fresh")
    await asyncio.sleep(0.2)
    print(f"keystroke latency, {presses} presses per key (press -> screen updated):")
    everything: list[float] = []
    cpu: list[float] = []
    for key in KEYS:
        times = []
        for _ in range(presses):
            WORK.clear()
            times.append(await press(app, key))
            cpu.append(sum(WORK) * 1000)
        everything += times
        print(line(repr(key), times))
    print(line("all", everything))
    print(line("cpu", cpu) + "  CPU per key: panes re-drawn + screen rendered (no waiting)")
    print(line("'A'", [await press(app, "A")]) + "  accept all SAFE (one step)")
    print(line("'u'", [await press(app, "u")]) + "  undo of that")
    await press(app, "A")
    await ctx.__aexit__(None, None, None)  # type: ignore[attr-defined]
    writer.close()
    app, ctx, _pilot, writer = await open_app(loaded, findings, journal, "resume")
    await ctx.__aexit__(None, None, None)  # type: ignore[attr-defined]
    writer.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--findings", type=int, default=10_000)
    p.add_argument("--presses", type=int, default=200)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(Path(tmp), args.findings, args.presses))


if __name__ == "__main__":
    main()
