"""run_checks(document, context) -> findings. Pure: no printing, no file I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from repair.checks.base import CheckContext, Registry
from repair.checks.registry import default_registry
from repair.core.document import Document
from repair.core.models import Diagnostic, Finding, fingerprint

FINGERPRINT_CONTEXT = 12  # characters of context either side that identify a finding


def run_checks(
    doc: Document,
    ctx: CheckContext,
    *,
    codes: Iterable[str] | None = None,
    registry: Registry | None = None,
    deterministic_only: bool = False,
) -> list[Finding]:
    """Run the selected checks and return findings sorted by position, with line, column,
    speaker, timestamp and a fingerprint that survives edits elsewhere in the file."""
    registry = registry or default_registry()
    wanted = set(codes) if codes is not None else set(registry.codes())
    raw: list[Diagnostic] = []
    for check in registry.checks:
        if check.needs_llm and (ctx.llm is None or deterministic_only):
            continue
        if not any(r.code in wanted for r in check.rules):
            continue
        raw.extend(f for f in check.run(doc, ctx) if f.code in wanted)
    return finalize(doc, raw)


def finalize(doc: Document, diagnostics: Iterable[Diagnostic]) -> list[Finding]:
    """Complete, immutable findings from the checks' diagnostics, in document order: built once
    here, because the fingerprint needs each diagnostic's occurrence among its identical peers."""
    ordered = sorted(diagnostics, key=lambda f: (f.span.start, f.span.end, f.code))
    seen: Counter[tuple[str, str, str, str]] = Counter()
    out: list[Finding] = []
    text = doc.text
    line, line_pos = 1, 0  # lines counted incrementally: findings are in offset order
    for f in ordered:
        start = f.span.start
        line += text.count("\n", line_pos, start)
        line_pos = start
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        before, after = doc.context(start, f.span.end, FINGERPRINT_CONTEXT)
        # context stops at the line: an edit in the next paragraph must not change identity
        before, after = before.rpartition("\n")[2], after.partition("\n")[0]
        key = (f.code, f.text, before, after)
        occurrence = seen[key]
        seen[key] += 1
        speaker, stamp = doc.turn_at(start)
        # model_construct: every field is already validated (spans and fixes are models,
        # the rest comes from a Rule), and validating again per finding costs on large documents
        out.append(
            Finding.model_construct(
                code=f.code,
                name=f.name,
                message=f.message,
                severity=f.severity,
                span=f.span,
                origin=f.origin,
                text=f.text,
                line=line,
                column=column,
                fix=f.fix,
                alternatives=f.alternatives,
                confidence=f.confidence,
                evidence=f.evidence,
                category=f.category,
                entry_id=f.entry_id,
                speaker=f.speaker or speaker,
                timestamp=f.timestamp or stamp,
                fingerprint=fingerprint(f.code, f.text, before, after, occurrence),
            )
        )
    return out
