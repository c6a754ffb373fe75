"""Score a set of annotated documents, one row each: precision and recall on the garbles, and
what the checks did to the traps (legitimate uses of risky words) and to clean controls.

Each document ``NAME.txt`` / ``NAME.srt`` has its gold set beside it in ``NAME.gold.tsv``,
annotated over the whole document. Rows of category ``trap`` are not garbles: a finding on one
is a false positive, and a SAFE fix on one is the worst outcome the tool can have. A document
with traps but no garbles is a control. Pure: documents and findings in, rows out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from repair.core.categories import TRAP
from repair.core.document import Document
from repair.core.fixes import apply_fixes
from repair.core.models import Applicability, Finding
from repair.eval.gold import GoldRow
from repair.eval.scoring import evaluate, locate_gold

GOLD_SUFFIX = ".gold.tsv"


class DocumentRow(BaseModel):
    document: str
    control: bool  # no garbles in the gold: every finding is a false positive
    garbles: int  # gold garble spans
    traps: int  # gold trap spans
    findings: int
    matched: int  # findings on a garble
    recalled: int  # garbles a finding is on
    precision: float | None
    recall: float | None
    f1: float | None
    traps_flagged: int  # traps a finding overlaps
    traps_fixed: int  # traps a SAFE fix would rewrite
    safe_on_correct: int  # SAFE fixes outside every garble (traps included)
    fix_write_changes: bool  # `fix --write` would change a control document


class SetReport(BaseModel):
    rows: list[DocumentRow]
    total: DocumentRow  # the garbled documents together (micro-averaged)

    def to_table(self) -> str:
        head = (
            f"{'document':34} {'garbles':>7} {'traps':>5} {'found':>5} {'TP':>4} "
            f"{'P':>5} {'R':>5} {'F1':>5} {'traps flagged':>13} {'traps fixed':>11} "
            f"{'SAFE on correct':>15}"
        )
        lines = [head, "-" * len(head)]
        for r in [*self.rows, self.total]:
            name = r.document + (" (control)" if r.control else "")
            lines.append(
                f"{name[:34]:34} {r.garbles:>7} {r.traps:>5} {r.findings:>5} {r.matched:>4} "
                f"{_pct(r.precision):>5} {_pct(r.recall):>5} {_pct(r.f1):>5} "
                f"{r.traps_flagged:>13} {r.traps_fixed:>11} {r.safe_on_correct:>15}"
            )
        changed = [r.document for r in self.rows if r.control and r.fix_write_changes]
        lines.append("controls changed by `fix --write`: " + (", ".join(changed) or "none"))
        return "\n".join(lines) + "\n"


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}"


def gold_path_for(document: Path) -> Path:
    return document.with_name(document.name.split(".", 1)[0] + GOLD_SUFFIX)


def score_document(
    name: str, doc: Document, findings: Sequence[Finding], gold: Sequence[GoldRow]
) -> DocumentRow:
    garbles = [r for r in gold if r.category != TRAP]
    traps, _ = locate_gold(doc, [r for r in gold if r.category == TRAP])
    lines = len(doc.line_starts())
    report = evaluate(doc, findings, garbles, line_range=(1, lines))
    garble_spans, _ = locate_gold(doc, garbles)
    safe = [f for f in findings if f.fix and f.fix.applicability >= Applicability.SAFE]
    flagged = sum(1 for t in traps if any(f.span.overlaps(t.span) for f in findings))
    fixed = sum(1 for t in traps if any(f.span.overlaps(t.span) for f in safe))
    on_correct = sum(1 for f in safe if not any(f.span.overlaps(g.span) for g in garble_spans))
    control = not garbles
    changes = False
    if control:
        new_text, _applied, _skipped = apply_fixes(doc.text, findings, Applicability.SAFE)
        changes = new_text != doc.text
    return DocumentRow(
        document=name,
        control=control,
        garbles=len(garble_spans),
        traps=len(traps),
        findings=len(findings),
        matched=report.matched_findings,
        recalled=report.matched_gold,
        precision=None if control else report.precision,
        recall=None if control else report.recall,
        f1=None if control else report.f1,
        traps_flagged=flagged,
        traps_fixed=fixed,
        safe_on_correct=on_correct,
        fix_write_changes=changes,
    )


def total(rows: Sequence[DocumentRow]) -> DocumentRow:
    garbled = [r for r in rows if not r.control]
    found = sum(r.findings for r in garbled)
    matched = sum(r.matched for r in garbled)
    gold = sum(r.garbles for r in garbled)
    recalled = sum(r.recalled for r in garbled)
    p = matched / found if found else None
    rec = recalled / gold if gold else None
    f1 = 2 * p * rec / (p + rec) if p and rec else None
    return DocumentRow(
        document="all garbled documents",
        control=False,
        garbles=gold,
        traps=sum(r.traps for r in garbled),
        findings=found,
        matched=matched,
        recalled=recalled,
        precision=p,
        recall=rec,
        f1=f1,
        traps_flagged=sum(r.traps_flagged for r in rows),
        traps_fixed=sum(r.traps_fixed for r in rows),
        safe_on_correct=sum(r.safe_on_correct for r in rows),
        fix_write_changes=False,
    )
