"""Align an original and a repaired text into side-by-side rows (data only; html.py draws them).

Changes come from the applied findings when they account for the whole difference (one pass,
edits still matching the original), so each highlighted span links to the finding that made it.
Otherwise (several passes, or anything unexpected) they come from a line-then-character diff.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from repair.core.models import Finding
from repair.report.diff import split_lines

# a character diff of a changed block is quadratic; past this many pairs the block is one change
MAX_CHAR_DIFF = 4_000_000


@dataclass(frozen=True)
class Op:
    """Replace ``original[start:end]`` with ``text``; ``ref`` is the 1-based change number."""

    start: int
    end: int
    text: str
    ref: int | None = None


@dataclass(frozen=True)
class Piece:
    kind: str  # "eq" | "del" | "ins"
    text: str
    ref: int | None = None


@dataclass
class Row:
    """One line (or, where a change spans line breaks, several) of each side."""

    left_line: int
    right_line: int
    left: list[Piece] = field(default_factory=list)
    right: list[Piece] = field(default_factory=list)
    changed: bool = False


@dataclass(frozen=True)
class Gap:
    lines: int  # unchanged rows left out


def ops_from_findings(original: str, fixed: str, applied: Sequence[Finding], passes: int) -> list[Op] | None:
    if passes != 1:
        return None
    ops = sorted(
        (
            Op(e.span.start, e.span.end, e.replacement, n)
            for n, f in enumerate(applied, 1)
            if f.fix
            for e in f.fix.edits
        ),
        key=lambda op: (op.start, op.end),
    )
    out, pos = [], 0
    for op in ops:
        if op.start < pos or op.end > len(original):
            return None
        out.append(original[pos : op.start] + op.text)
        pos = op.end
    if "".join(out) + original[pos:] != fixed:
        return None
    return ops


def ops_from_diff(original: str, fixed: str) -> list[Op]:
    a, b = split_lines(original), split_lines(fixed)
    a_starts = [0]
    for line in a:
        a_starts.append(a_starts[-1] + len(line))
    ops: list[Op] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = a_starts[i1], a_starts[i2]
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag != "replace" or len(old) * len(new) > MAX_CHAR_DIFF:
            ops.append(Op(start, end, new))
            continue
        chars = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for ctag, c1, c2, d1, d2 in chars.get_opcodes():
            if ctag != "equal":
                ops.append(Op(start + c1, start + c2, new[d1:d2]))
    return ops


def pieces(original: str, ops: Sequence[Op]) -> list[Piece]:
    out: list[Piece] = []
    pos = 0
    for op in ops:
        if op.start > pos:
            out.append(Piece("eq", original[pos : op.start]))
        if op.end > op.start:
            out.append(Piece("del", original[op.start : op.end], op.ref))
        if op.text:
            out.append(Piece("ins", op.text, op.ref))
        pos = op.end
    if pos < len(original):
        out.append(Piece("eq", original[pos:]))
    return out


def rows(stream: Sequence[Piece]) -> list[Row]:
    """Rows end at line breaks in unchanged text; a break inside a change stays in its row."""
    out: list[Row] = []
    row = Row(1, 1)

    def flush() -> None:
        nonlocal row
        out.append(row)
        left_n = sum(p.text.count("\n") for p in row.left) + 1
        right_n = sum(p.text.count("\n") for p in row.right) + 1
        row = Row(row.left_line + left_n, row.right_line + right_n)

    for piece in stream:
        if piece.kind != "eq":
            row.changed = True
            (row.left if piece.kind == "del" else row.right).append(piece)
            continue
        parts = piece.text.split("\n")
        for i, part in enumerate(parts):
            if part:
                row.left.append(Piece("eq", part))
                row.right.append(Piece("eq", part))
            if i < len(parts) - 1:
                flush()
    if row.left or row.right or row.changed:
        out.append(row)
    return out


def hunks(all_rows: Sequence[Row], context: int) -> list[Row | Gap]:
    """The changed rows with ``context`` rows around them; left-out runs become a :class:`Gap`."""
    keep = [False] * len(all_rows)
    for i, row in enumerate(all_rows):
        if row.changed:
            for j in range(max(0, i - context), min(len(all_rows), i + context + 1)):
                keep[j] = True
    out: list[Row | Gap] = []
    skipped = 0
    for row, kept in zip(all_rows, keep, strict=True):
        if not kept:
            skipped += 1
            continue
        if skipped:
            out.append(Gap(skipped))
            skipped = 0
        out.append(row)
    if skipped and out:
        out.append(Gap(skipped))
    return out


def side_by_side(
    original: str, fixed: str, applied: Sequence[Finding], passes: int, context: int = 2
) -> tuple[list[Row | Gap], bool]:
    """Rows to show, and whether the changes are linked to findings."""
    ops = ops_from_findings(original, fixed, applied, passes)
    linked = ops is not None
    if ops is None:
        ops = ops_from_diff(original, fixed)
    return hunks(rows(pieces(original, ops)), context), linked
