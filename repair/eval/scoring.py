"""Score findings against a hand-annotated gold set (precision, recall, F1, fix accuracy).

Pure: no file I/O and no printing. ``repair eval`` (eval/command.py) reads the files and prints.

The gold set is a TSV with the header ``line, span, fix, category, note``: ``span`` is the exact
garbled text on 1-based ``line``; every occurrence of it on that line is one gold span. A finding
matches a gold span when their code-point spans overlap; pairs are taken greedily by largest
overlap, so each gold span is matched at most once and each finding counts once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from repair.core.document import Document
from repair.core.models import Finding, Span
from repair.eval.gold import CATEGORIES, GOLD_COLUMNS, GoldRow, parse_gold
from repair.eval.report import (
    CategoryRow,
    CodeRow,
    EvalReport,
    FalsePositiveRow,
    MatchRow,
    MissRow,
    OriginRow,
)

__all__ = ["CATEGORIES", "GOLD_COLUMNS", "EvalReport", "GoldRow", "evaluate", "parse_gold"]

# -- evaluation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Gold:
    row: GoldRow
    span: Span


def locate_gold(doc: Document, gold: Iterable[GoldRow]) -> tuple[list[_Gold], list[str]]:
    """Each occurrence of every row's span on its line, as document spans; and rows not found."""
    starts = doc.line_starts()
    located: list[_Gold] = []
    errors: list[str] = []
    for row in gold:
        if row.line > len(starts):
            errors.append(f"line {row.line}: past the end of {doc.path} ({len(starts)} lines)")
            continue
        text = doc.line_text(row.line)
        base = starts[row.line - 1]
        found = False
        pos = text.find(row.span)
        while pos >= 0:
            found = True
            located.append(_Gold(row, Span(start=base + pos, end=base + pos + len(row.span))))
            pos = text.find(row.span, pos + len(row.span))
        if not found:
            errors.append(f"line {row.line}: span {row.span!r} does not occur on that line")
    return located, errors


def evaluate(
    doc: Document,
    findings: Sequence[Finding],
    gold: Sequence[GoldRow],
    *,
    line_range: tuple[int, int] | None = None,
) -> EvalReport:
    """Score ``findings`` on ``doc`` against ``gold``, within ``line_range`` (default: gold's)."""
    if line_range is None and gold:
        line_range = (min(r.line for r in gold), max(r.line for r in gold))
    lo, hi = line_range if line_range else (1, 0)
    in_range = [r for r in gold if lo <= r.line <= hi]
    located, errors = locate_gold(doc, in_range)
    found_rows = {(g.row.line, g.row.span) for g in located}

    def line_of(f: Finding) -> int:
        return doc.line_col(f.span.start)[0]

    cands = [f for f in findings if lo <= line_of(f) <= hi]
    warnings = [
        f"line {line_of(f)}: {f.code} finding text {f.text!r} does not match the "
        f"document ({doc.text[f.span.start : f.span.end]!r})"
        for f in cands
        if doc.text[f.span.start : f.span.end] != f.text
    ]

    pairs = _greedy_match(cands, located)
    f_matched = {fi for fi, _ in pairs}
    g_matched = {gi for _, gi in pairs}

    matches: list[MatchRow] = []
    fix_checked = fix_correct = fix_missing = 0
    for fi, gi in sorted(pairs, key=lambda p: (located[p[1]].span.start, p[0])):
        f, g = cands[fi], located[gi]
        proposal = _proposal(doc.text, f, g.span)
        ok: bool | None = None
        if g.row.fix and proposal is not None:
            expected = (
                doc.text[_region(f, g.span).start : g.span.start]
                + g.row.fix
                + doc.text[g.span.end : _region(f, g.span).end]
            )
            ok = _norm(proposal) == _norm(expected)
            fix_checked += 1
            fix_correct += ok
        elif g.row.fix:
            fix_missing += 1
        matches.append(
            MatchRow(
                line=g.row.line,
                span=g.row.span,
                category=g.row.category,
                gold_fix=g.row.fix,
                code=f.code,
                origin=f.origin.value,
                text=f.text,
                overlap=_overlap(f.span, g.span),
                replacement=proposal,
                fix_ok=ok,
            )
        )

    misses = [
        MissRow(line=g.row.line, span=g.row.span, category=g.row.category, fix=g.row.fix, note=g.row.note)
        for gi, g in enumerate(located)
        if gi not in g_matched
    ]
    fps = [
        FalsePositiveRow(
            line=line_of(f),
            code=f.code,
            origin=f.origin.value,
            text=f.text,
            replacement=f.replacement,
            duplicate=any(f.span.overlaps(g.span) for g in located),
        )
        for fi, f in enumerate(cands)
        if fi not in f_matched
    ]

    precision = _ratio(len(f_matched), len(cands))
    recall = _ratio(len(g_matched), len(located))
    return EvalReport(
        path=doc.path,
        line_range=line_range,
        gold_rows=len(found_rows),
        gold_spans=len(located),
        findings_total=len(findings),
        findings=len(cands),
        matched_findings=len(f_matched),
        matched_gold=len(g_matched),
        duplicates=sum(fp.duplicate for fp in fps),
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        fix_checked=fix_checked,
        fix_correct=fix_correct,
        fix_accuracy=_ratio(fix_correct, fix_checked),
        fix_missing=fix_missing,
        by_category=_by_category(located, g_matched),
        by_code=_by_code(cands, f_matched),
        by_origin=_by_origin(cands, located, pairs),
        matches=matches,
        misses=misses,
        false_positives=fps,
        errors=errors,
        warnings=warnings,
    )


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _greedy_match(findings: Sequence[Finding], gold: Sequence[_Gold]) -> list[tuple[int, int]]:
    """(finding index, gold index) pairs, largest overlap first; ties go to the closer fit."""
    cands: list[tuple[int, int, int, int, int]] = []
    for fi, f in enumerate(findings):
        for gi, g in enumerate(gold):
            if f.span.overlaps(g.span):
                misfit = abs(f.span.start - g.span.start) + abs(f.span.end - g.span.end)
                cands.append((-_overlap(f.span, g.span), misfit, g.span.start, fi, gi))
    cands.sort()
    used_f: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _neg, _misfit, _start, fi, gi in cands:
        if fi not in used_f and gi not in used_g:
            used_f.add(fi)
            used_g.add(gi)
            pairs.append((fi, gi))
    return pairs


def _region(f: Finding, gold: Span) -> Span:
    spans = [gold, f.span, *(e.span for e in (f.fix.edits if f.fix else ()))]
    return Span(start=min(s.start for s in spans), end=max(s.end for s in spans))


def _proposal(text: str, f: Finding, gold: Span) -> str | None:
    """The region around ``gold`` as the finding's fix would leave it; None without a fix."""
    if f.fix is None or not f.fix.edits:
        return None
    region = _region(f, gold)
    out: list[str] = []
    pos = region.start
    for e in sorted(f.fix.edits, key=lambda e: (e.span.start, e.span.end)):
        if e.span.start < pos or text[e.span.start : e.span.end] != e.expected:
            return None  # overlapping or stale edits: no usable proposal
        out += [text[pos : e.span.start], e.replacement]
        pos = e.span.end
    out.append(text[pos : region.end])
    return "".join(out)


def _norm(s: str) -> str:
    """Compare fixes loosely: NFKC, no whitespace, no 《》 title marks."""
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if not ch.isspace() and ch not in "《》")


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def _by_category(gold: Sequence[_Gold], matched: set[int]) -> list[CategoryRow]:
    rows = []
    for cat in [*CATEGORIES, *sorted({g.row.category for g in gold} - set(CATEGORIES))]:
        idx = [i for i, g in enumerate(gold) if g.row.category == cat]
        if idx:
            m = sum(i in matched for i in idx)
            rows.append(CategoryRow(category=cat, gold=len(idx), matched=m, recall=_ratio(m, len(idx))))
    return rows


def _by_code(findings: Sequence[Finding], matched: set[int]) -> list[CodeRow]:
    rows = []
    for code in sorted({f.code for f in findings}):
        idx = [i for i, f in enumerate(findings) if f.code == code]
        m = sum(i in matched for i in idx)
        rows.append(
            CodeRow(
                code=code,
                name=findings[idx[0]].name,
                findings=len(idx),
                matched=m,
                precision=_ratio(m, len(idx)),
            )
        )
    return rows


def _by_origin(
    findings: Sequence[Finding], gold: Sequence[_Gold], pairs: Sequence[tuple[int, int]]
) -> list[OriginRow]:
    rows = []
    for origin in sorted({f.origin.value for f in findings}):
        idx = [i for i, f in enumerate(findings) if f.origin.value == origin]
        m = sum(1 for fi, _ in pairs if findings[fi].origin.value == origin)
        # recall per origin counts a gold span as soon as any finding of that origin overlaps it,
        # so it says what the origin would find on its own, not what it won in the greedy match
        g_hit = sum(1 for g in gold if any(findings[i].span.overlaps(g.span) for i in idx))
        rows.append(
            OriginRow(
                origin=origin,
                findings=len(idx),
                matched=m,
                precision=_ratio(m, len(idx)),
                gold_matched=g_hit,
                recall=_ratio(g_hit, len(gold)),
            )
        )
    return rows
