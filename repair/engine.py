"""run_checks(document, context) -> findings. Pure: no printing, no file I/O."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .checks.base import CheckContext, Registry
from .checks.registry import default_registry
from .document import Document
from .models import Finding, fingerprint

FINGERPRINT_CONTEXT = 12  # characters of context either side that identify a finding


def run_checks(doc: Document, ctx: CheckContext, *, codes: Iterable[str] | None = None,
               registry: Registry | None = None, deterministic_only: bool = False) -> list[Finding]:
    """Run the selected checks and return findings sorted by position, with line, column,
    speaker, timestamp and a fingerprint that survives edits elsewhere in the file."""
    registry = registry or default_registry()
    wanted = set(codes) if codes is not None else set(registry.codes())
    raw: list[Finding] = []
    for check in registry.checks:
        if check.needs_llm and (ctx.llm is None or deterministic_only):
            continue
        if not any(r.code in wanted for r in check.rules):
            continue
        raw.extend(f for f in check.run(doc, ctx) if f.code in wanted)
    return finalize(doc, raw)


def finalize(doc: Document, findings: Iterable[Finding]) -> list[Finding]:
    ordered = sorted(findings, key=lambda f: (f.span.start, f.span.end, f.code))
    seen: Counter[tuple[str, str, str, str]] = Counter()
    out: list[Finding] = []
    for f in ordered:
        before, after = doc.context(f.span.start, f.span.end, FINGERPRINT_CONTEXT)
        key = (f.code, f.text, before, after)
        occurrence = seen[key]
        seen[key] += 1
        line, column = doc.line_col(f.span.start)
        seg = doc.segment_at(f.span.start)
        out.append(f.model_copy(update={
            "line": line, "column": column,
            "speaker": f.speaker or (seg.speaker if seg else None),
            "timestamp": f.timestamp or (seg.timestamp if seg else None),
            "fingerprint": fingerprint(f.code, f.text, before, after, occurrence),
        }))
    return out
