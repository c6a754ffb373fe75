"""LLM check: context-dependent garbles the glossary cannot know (LM001), a plausibility ranking
(LM002), and passages the model could not check (LM003).

Pure like every check: the service (client, cache, concurrency) comes in as ``ctx.llm``. The model
only ever proposes; every span it quotes is looked up in the text and every correction passes the
guards in repair/llm/verify.py before it becomes an UNSAFE fix. Nothing is ever SAFE.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from repair.checks.base import Check, CheckContext, Rule, make_diagnostic
from repair.core.document import Document
from repair.core.models import Applicability, Diagnostic, Origin, Severity
from repair.glossary.matcher import Role
from repair.llm.passages import MAX_CHARS, Passage, context_lines, passages_of
from repair.llm.prompts import EXAMPLE_GARBLE, PromptInput
from repair.llm.schema import Garble
from repair.llm.verify import FUZZY_FIX_RATIO, Region, Verdict, guard, locate

if TYPE_CHECKING:
    from repair.llm.service import Outcome

PLAUSIBILITY_THRESHOLD = 0.5
MAX_GLOSSARY_LINES = 8

GARBLED = Rule(
    code="LM001",
    name="garbled-passage",
    summary="the model finds a garbled word in context and proposes a minimal correction",
    severity=Severity.WARNING,
    origin=Origin.LLM,
    fix="unsafe",
    doc="""\
What: asks an LLM (any OpenAI-compatible server, --llm) to find words that make no sense in
context and propose a minimal correction, with a category (asr, sense, literal-title, name,
nonsense), a confidence and a short rationale.
Why: the glossary knows fixed garbles (大赦 → MNIST); many are context-dependent: speech
recognition misheard the English, then a literal translation turned the misheard word into
Chinese (text → taxes → 税收; nodes → notes → 笔记).
Example: 你有笔记，每个笔记都连接到其他笔记  →  笔记 may be garbled; suggested 节点.
Fix safety: UNSAFE at most, never applied by default. The quoted span must be found in the text
(exactly, or recovered by fuzzy match near the claimed place); the correction must be a minimal
edit: no span over 12 characters unless a literal title, no sentence rewrites, no runaway
repetition, no change to a Latin-script token of the original. Otherwise the finding is kept
without a fix. Small local models are a weak signal: review every suggestion.""",
)

IMPLAUSIBLE = Rule(
    code="LM002",
    name="implausible-passage",
    summary="the model rates the passage as unlikely to be a coherent translation",
    severity=Severity.INFO,
    origin=Origin.LLM,
    fix="none",
    doc="""\
What: one cheap request per passage asks for a one-token verdict (Y: coherent, N: garbled);
the score is P(Y) / (P(Y) + P(N)) read from the token logprobs. Passages scoring below 0.5 are
reported, with their rank; --llm-scope triage sends only the least plausible share of passages
to the LM001 locate step.
Why: a ranking tells a reviewer where to look first and saves requests on large files.
Example: 这是爆炸性的声明爆炸 → plausibility 0.12, rank 3 of 180.
Fix safety: display only, never a fix. The score is a weak signal, weakest on small local
models (0.5B-1.5B): treat it as an ordering hint, never as evidence of an error. Servers without
logprobs give no score; triage then sends those passages to the locate step.""",
)

NOT_CHECKED = Rule(
    code="LM003",
    name="passage-not-checked",
    summary="the LLM request for this passage failed after retries: it was not checked",
    severity=Severity.ERROR,
    origin=Origin.LLM,
    fix="none",
    doc="""\
What: reports each passage whose locate request still failed after the retries (429, 5xx,
timeouts, unreadable answers), so a clean report never hides unchecked text.
Why: the run completes and keeps everything already found; the gap must be visible.
Example: passage-not-checked: HTTP 503: overloaded (after 4 retries).
Fix safety: no fix. Re-run (answers already received are cached) or raise --llm-timeout.""",
)


def glossary_hits(
    doc: Document, ctx: CheckContext, passage: Passage
) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
    """The "wrong→right" lines relevant to a passage, and the spans the glossary already flags."""
    lines: list[str] = []
    spans: list[tuple[int, int]] = []
    domain = ctx.domain or ctx.glossary.domain
    for piece in passage.pieces:
        for m in ctx.matcher.iter_matches(piece.text):
            if m.role is not Role.WRONG:
                continue
            start, end = piece.start + m.start, piece.start + m.end
            gate = m.entry.context
            if gate is not None and not gate.allows(doc.text, start, end, domain):
                continue
            spans.append((start, end))
            line = f"{m.term}→{'/'.join(m.entry.right)}"
            if line not in lines and len(lines) < MAX_GLOSSARY_LINES:
                lines.append(line)
    return tuple(lines), spans


def build_prompts(
    doc: Document, ctx: CheckContext, passages: Sequence[Passage], context_turns: int
) -> list[PromptInput]:
    out = []
    for p in passages:
        before, after = context_lines(passages, p.index, context_turns)
        lines, _ = glossary_hits(doc, ctx, p)
        out.append(PromptInput(passage=p.render(), before=tuple(before), after=tuple(after), glossary=lines))
    return out


def _clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _garble_finding(
    doc: Document, passage: Passage, g: Garble, hint: int, flagged: list[tuple[int, int]], runaway: bool
) -> tuple[Diagnostic | None, int]:
    regions = [Region(p.start, p.text) for p in passage.pieces]
    loc = locate(g.span, regions, hint)
    why = g.why or None
    if loc is None:
        if (g.span.strip(), g.fix.strip()) == EXAMPLE_GARBLE:
            return None, hint  # the prompt's example echoed back, not a finding
        # the model quoted text that is not there: an empty span at the passage start says
        # "somewhere here" without marking a region the model never pointed at
        return make_diagnostic(
            doc,
            GARBLED,
            passage.start,
            passage.start,
            f"the model reports 「{_clip(g.span)}」 as garbled, but it is not in the text; no fix offered",
            confidence=round(g.conf * 0.5, 3),
            evidence=why,
            category=g.cat,
            severity=Severity.INFO,
        ), hint
    text = doc.text[loc.start : loc.end]
    if g.fix == text or any(a < loc.end and loc.start < b for a, b in flagged):
        return None, loc.end  # nothing proposed, or the glossary already reports it
    verdict = guard(doc.text, loc.start, loc.end, g.fix, g.cat)
    if verdict.ok and runaway:
        verdict = Verdict("the answer was cut off or repeated itself (runaway output)")
    if verdict.ok and loc.how == "fuzzy" and loc.ratio < FUZZY_FIX_RATIO:
        verdict = Verdict(f"span recovered only approximately (similarity {loc.ratio:.2f})", soft=True)
    confidence = g.conf * (loc.ratio if loc.how == "fuzzy" else 1.0)
    if verdict.ok:
        message = f"{g.cat}: 「{text}」 may be garbled; suggested 「{g.fix}」"
    else:
        message = f"{g.cat}: 「{text}」 may be garbled; no fix offered ({verdict.reason})"
    evidence = why if verdict.ok else "; ".join(x for x in (why, f"fix withheld: {verdict.reason}") if x)
    finding = make_diagnostic(
        doc,
        GARBLED,
        loc.start,
        loc.end,
        message,
        replacement=g.fix if verdict.ok else None,
        applicability=Applicability.UNSAFE,
        alternatives=(g.fix,) if verdict.soft and g.fix.strip() else (),
        confidence=round(confidence, 3),
        evidence=evidence,
        category=g.cat,
    )
    return finding, loc.end


def findings_for(
    doc: Document,
    ctx: CheckContext,
    passages: Sequence[Passage],
    outcomes: Sequence[Outcome],
    threshold: float,
) -> list[Diagnostic]:
    findings: list[Diagnostic] = []
    scored = sorted(
        (o.plausibility, p.index)
        for p, o in zip(passages, outcomes, strict=True)
        if o.plausibility is not None
    )
    rank = {idx: r + 1 for r, (_, idx) in enumerate(scored)}
    for passage, out in zip(passages, outcomes, strict=True):
        if out.plausibility is not None and out.plausibility < threshold:
            findings.append(
                make_diagnostic(
                    doc,
                    IMPLAUSIBLE,
                    passage.start,
                    passage.end,
                    f"passage reads as implausible (plausibility {out.plausibility:.2f}; "
                    f"rank {rank[passage.index]} of {len(scored)}, least plausible first)",
                    confidence=round(1 - out.plausibility, 3),
                    evidence="P(Y) of a one-token verdict from token logprobs (a weak signal)",
                )
            )
        if out.error is not None:
            findings.append(
                make_diagnostic(
                    doc,
                    NOT_CHECKED,
                    passage.start,
                    passage.end,
                    f"not checked by the LLM: {_clip(out.error, 300)}",
                )
            )
            continue
        if out.answer is None:
            continue
        _, flagged = glossary_hits(doc, ctx, passage)
        hint = passage.start
        seen: set[tuple[int, int, str]] = set()
        for g in out.answer.garbles:
            finding, hint = _garble_finding(doc, passage, g, hint, flagged, out.answer.runaway)
            if finding is None:
                continue
            key = (
                finding.span.start,
                finding.span.end,
                finding.message if finding.severity is Severity.INFO else "",
            )
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    return findings


def prompts_for(
    doc: Document,
    ctx: CheckContext,
    context_turns: int,
) -> tuple[list[Passage], list[PromptInput]]:
    """The passages and their prompts: one function for the check and `llm export`, so both
    produce the same requests and therefore the same cache keys."""
    passages = passages_of(doc, int(ctx.options.get("llm_passage_chars", MAX_CHARS)))
    return passages, build_prompts(doc, ctx, passages, context_turns)


def run(doc: Document, ctx: CheckContext) -> list[Diagnostic]:
    service = ctx.llm
    if service is None:
        return []
    passages, prompts = prompts_for(doc, ctx, service.context_turns)
    outcomes = service.run(prompts)
    threshold = float(ctx.options.get("llm_plausibility_threshold", PLAUSIBILITY_THRESHOLD))
    return findings_for(doc, ctx, passages, outcomes, threshold)


LLM_CHECK = Check(rules=(GARBLED, IMPLAUSIBLE, NOT_CHECKED), run=run, needs_llm=True)
