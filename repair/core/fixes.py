"""apply_fixes: pure, slice-based, never touching text outside a verified span (STYLE.md §4)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from repair.core.models import Applicability, Edit, Finding
from repair.core.results import SkippedFix

MAX_PASSES = 10


def apply_fixes(
    text: str,
    findings: Iterable[Finding],
    min_applicability: Applicability = Applicability.SAFE,
) -> tuple[str, list[Finding], list[SkippedFix]]:
    """Apply every fix at or above the threshold whose edits still hold their expected text.

    Returns the new text, the findings applied, and those skipped with a reason. Fixes are taken
    in (start, end, code) order; a fix overlapping one already taken is skipped, not merged.
    """
    applied: list[Finding] = []
    skipped: list[SkippedFix] = []
    taken = _Taken()
    ordered = sorted(findings, key=lambda f: (f.span.start, f.span.end, f.code))
    for f in ordered:
        if f.fix is None:
            continue
        if f.fix.applicability < min_applicability:
            skipped.append(SkippedFix(f, "below-threshold"))
            continue
        edits = sorted(f.fix.edits, key=lambda e: (e.span.start, e.span.end))
        if any(text[e.span.start : e.span.end] != e.expected or e.span.end > len(text) for e in edits):
            skipped.append(SkippedFix(f, "stale"))
            continue
        if any(taken.conflicts(e) for e in edits) or _overlaps_self(edits):
            skipped.append(SkippedFix(f, "overlap"))
            continue
        for e in edits:
            taken.add(e)
        applied.append(f)
    return _splice(text, taken.edits), applied, skipped


class _Taken:
    """The edits taken so far, sorted by start: a new edit is compared with its neighbours
    only (taken edits never overlap one another), so a large fix is linear, not quadratic."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.edits: list[Edit] = []

    def conflicts(self, e: Edit) -> bool:
        lo = max(0, bisect.bisect_left(self.starts, e.span.start) - 1)
        hi = bisect.bisect_right(self.starts, e.span.end)
        return any(_conflict(e, t) for t in self.edits[lo : hi + 1])

    def add(self, e: Edit) -> None:
        i = bisect.bisect_right(self.starts, e.span.start)
        self.starts.insert(i, e.span.start)
        self.edits.insert(i, e)


def _conflict(a: Edit, b: Edit) -> bool:
    sa, sb = a.span, b.span
    if sa.start == sa.end and sb.start == sb.end:
        return sa.start == sb.start  # two insertions at one point: order would be ambiguous
    return sa.overlaps(sb)


def _overlaps_self(edits: list[Edit]) -> bool:
    return any(_conflict(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :])


def _splice(text: str, edits: list[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        parts.append(text[pos : e.span.start])
        parts.append(e.replacement)
        pos = e.span.end
    parts.append(text[pos:])
    return "".join(parts)


def fix_until_stable(
    text: str,
    check: Callable[[str, int], list[Finding]],
    min_applicability: Applicability = Applicability.SAFE,
    max_passes: int = MAX_PASSES,
) -> tuple[str, list[Finding], list[SkippedFix], int]:
    """Check, apply, re-check until nothing changes. ``check(text, pass_no)`` returns findings.

    Raises ValueError when the text still changes after ``max_passes`` (a glossary loop)."""
    applied: list[Finding] = []
    skipped: list[SkippedFix] = []
    current = text
    for n in range(1, max_passes + 1):
        findings = check(current, n)
        new, done, skip = apply_fixes(current, findings, min_applicability)
        skipped = skip  # what the last pass left is what remains unapplied
        applied.extend(done)
        if new == current:
            return current, applied, skipped, n
        current = new
    raise ValueError(
        f"fixes did not converge after {max_passes} passes (a glossary replacement is itself flagged?)"
    )
