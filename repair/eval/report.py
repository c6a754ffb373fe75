"""The result of ``repair eval``: pydantic rows (its JSON output) and the plain-text tables."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from pydantic import BaseModel

# -- report models -----------------------------------------------------------------------------


class CategoryRow(BaseModel):
    category: str
    gold: int
    matched: int
    recall: float | None


class CodeRow(BaseModel):
    code: str
    name: str
    findings: int
    matched: int
    precision: float | None


class OriginRow(BaseModel):
    origin: str
    findings: int
    matched: int
    precision: float | None
    gold_matched: int  # gold spans overlapped by this origin's findings (alone, not greedily)
    recall: float | None  # gold_matched over all gold spans


class MatchRow(BaseModel):
    line: int
    span: str
    category: str
    gold_fix: str
    code: str
    origin: str
    text: str  # the finding's text
    overlap: int  # code points in common
    replacement: str | None  # the finding's proposal over the gold region, when it has a fix
    fix_ok: bool | None  # None when the gold row or the finding has no fix


class MissRow(BaseModel):
    line: int
    span: str
    category: str
    fix: str
    note: str


class FalsePositiveRow(BaseModel):
    line: int
    code: str
    origin: str
    text: str
    replacement: str | None
    duplicate: bool  # overlaps a gold span that another finding already matched


class EvalReport(BaseModel):
    path: str
    line_range: tuple[int, int] | None
    gold_rows: int  # rows in range that were located
    gold_spans: int  # their occurrences: the recall denominator
    findings_total: int
    findings: int  # in range: the precision denominator
    matched_findings: int
    matched_gold: int
    duplicates: int  # unmatched findings that overlap an already matched gold span
    precision: float | None
    recall: float | None
    f1: float | None
    fix_checked: int  # matched pairs where the gold row and the finding both have a fix
    fix_correct: int
    fix_accuracy: float | None
    fix_missing: int  # matched pairs where the gold row has a fix and the finding proposes none
    by_category: list[CategoryRow]
    by_code: list[CodeRow]
    by_origin: list[OriginRow]
    matches: list[MatchRow]
    misses: list[MissRow]
    false_positives: list[FalsePositiveRow]
    errors: list[str]  # gold rows that could not be located
    warnings: list[str]  # findings whose text does not match the document (stale input?)

    def to_table(self, *, details: bool = False) -> str:
        """An aligned plain-text report; ``details`` adds the misses and false positives."""
        out: list[str] = []
        rng = f"lines {self.line_range[0]}-{self.line_range[1]}" if self.line_range else "no lines"
        out.append(
            f"{self.path}: {rng}; {self.gold_rows} gold rows ({self.gold_spans} spans), "
            f"{self.findings} findings in range (of {self.findings_total})"
        )
        out.append("")
        fix_note = f"{self.fix_correct}/{self.fix_checked}"
        if self.fix_missing:
            fix_note += f"; {self.fix_missing} matched without a proposed fix"
        dup = f"; {self.duplicates} duplicates" if self.duplicates else ""
        out += _table(
            ("metric", "value", "count"),
            [
                ("precision", _num(self.precision), f"{self.matched_findings}/{self.findings}{dup}"),
                ("recall", _num(self.recall), f"{self.matched_gold}/{self.gold_spans}"),
                ("F1", _num(self.f1), ""),
                ("fix accuracy", _num(self.fix_accuracy), fix_note),
            ],
            right=(1,),
        )
        out.append("")
        out += _table(
            ("category", "gold", "matched", "recall"),
            [(r.category, str(r.gold), str(r.matched), _num(r.recall)) for r in self.by_category],
            right=(1, 2, 3),
        )
        if self.by_code:
            out.append("")
            out += _table(
                ("code", "name", "findings", "matched", "precision"),
                [(r.code, r.name, str(r.findings), str(r.matched), _num(r.precision)) for r in self.by_code],
                right=(2, 3, 4),
            )
        if self.by_origin:
            out.append("")
            out += _table(
                ("origin", "findings", "matched", "precision", "gold matched", "recall"),
                [
                    (
                        r.origin,
                        str(r.findings),
                        str(r.matched),
                        _num(r.precision),
                        str(r.gold_matched),
                        _num(r.recall),
                    )
                    for r in self.by_origin
                ],
                right=(1, 2, 3, 4, 5),
            )
        if details and self.misses:
            out += ["", f"missed ({len(self.misses)}):"]
            out += _table(
                ("line", "category", "span", "fix"),
                [(str(m.line), m.category, m.span, m.fix) for m in self.misses],
                right=(0,),
            )
        if details and self.false_positives:
            out += ["", f"false positives ({len(self.false_positives)}):"]
            out += _table(
                ("line", "code", "text", "replacement"),
                [
                    (str(f.line), f.code + (" (dup)" if f.duplicate else ""), f.text, f.replacement or "")
                    for f in self.false_positives
                ],
                right=(0,),
            )
        for label, items in (("error", self.errors), ("warning", self.warnings)):
            if items:
                out += [""] + [f"{label}: {e}" for e in items]
        return "\n".join(out) + "\n"


# -- plain-text tables -------------------------------------------------------------------------


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    widths = [max(_width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def fmt(cells: Sequence[str]) -> str:
        parts = []
        for i, c in enumerate(cells):
            pad = " " * (widths[i] - _width(c))
            parts.append(pad + c if i in right else c + pad)
        return "  ".join(parts).rstrip()

    return [fmt(headers), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)]
