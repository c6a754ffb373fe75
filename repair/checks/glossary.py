"""GL rules: known wrong renderings, literal names and titles, forbidden and inconsistent variants."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from repair.checks.base import Check, CheckContext, Rule, make_diagnostic
from repair.core.document import Document
from repair.core.models import Applicability, Diagnostic, Origin, Severity
from repair.glossary.matcher import Match, Role
from repair.glossary.schema import Entry, EntryKind

GL001 = Rule(
    "GL001",
    "garbled-term",
    "A known wrong rendering of a term",
    Severity.WARNING,
    Origin.GLOSSARY,
    "safe",
    "Flags a rendering the glossary lists as wrong (a speech-recognition mishearing or a literal\n"
    "translation, e.g. 神经坚果 for 'neural net') and proposes the glossary's correction.\n"
    "Example: 这是一个神经坚果 -> 这是一个神经网络.\n"
    "Fix: SAFE when the entry has one correction and no context gate; UNSAFE when gated;\n"
    "none (alternatives listed) when the entry has several corrections.",
)
GL002 = Rule(
    "GL002",
    "translated-name",
    "A name or title that should not be translated",
    Severity.WARNING,
    Origin.GLOSSARY,
    "safe",
    "Flags a literal rendering of a do-not-translate name (people, companies, products, models,\n"
    "datasets, libraries) or title (papers, books, films) and restores the original; titles are\n"
    "put in 《》. Example: 注意力是你需要的全部 -> 《Attention Is All You Need》; 大赦 -> MNIST.\n"
    "Fix safety as GL001.",
)
GL003 = Rule(
    "GL003",
    "forbidden-variant",
    "A concept rendered with a variant that is wrong in this domain",
    Severity.WARNING,
    Origin.GLOSSARY,
    "safe",
    "Flags a concept rendered with a forbidden variant (Transformer as 变压器, 'electrical\n"
    "transformer', or 变形金刚, the film) and proposes the rendering the document already uses\n"
    "most, else the glossary's preferred one. Fix safety as GL001.",
)
GL004 = Rule(
    "GL004",
    "inconsistent-term",
    "A concept rendered with several accepted variants",
    Severity.INFO,
    Origin.CONSISTENCY,
    "unsafe",
    "Counts the accepted variants of each concept in the document; when more than one is used,\n"
    "flags the minority variants and proposes the dominant one (ties go to the preferred\n"
    "rendering). Example: a talk that says Transformer 30 times and 变换器 twice.\n"
    "Fix: UNSAFE, since a translator may have mixed forms on purpose.",
)

RULES = (GL001, GL002, GL003, GL004)
_RULE_FOR_KIND = {
    EntryKind.TERM: GL001,
    EntryKind.NAME: GL002,
    EntryKind.TITLE: GL002,
    EntryKind.CONCEPT: GL003,
}
CONFIDENCE_UNGATED = 0.9
CONFIDENCE_GATED = 0.6


def _prose_matches(doc: Document, ctx: CheckContext) -> Iterator[Match]:
    for m in ctx.matcher.iter_matches(doc.text):
        if not doc.in_structure(m.start, m.end):
            yield m


def check_glossary(doc: Document, ctx: CheckContext) -> Iterator[Diagnostic]:
    text = doc.text
    wrongs: list[Match] = []
    unproven: list[Match] = []
    variants: dict[str, Counter[str]] = {}
    variant_matches: list[Match] = []
    matches = list(_prose_matches(doc, ctx))
    # the glossary's own accepted renderings are technical talk too
    accepted_at = [m.start for m in matches if m.role is Role.VARIANT]
    for m in matches:
        if m.role is Role.VARIANT:
            variants.setdefault(m.entry.id, Counter())[m.term] += 1
            variant_matches.append(m)
        elif m.entry.context is None or m.entry.context.allows(text, m.start, m.end, ctx.domain):
            if m.term in ctx.everyday_words:
                if m.entry.context is not None:
                    # the user's gate decides locally; an everyday word still needs a
                    # technical document (辍学 in a football podcast is leaving school) and
                    # none of the everyday collocations the termbase knows (从大学辍学)
                    if not _technical_document(doc, ctx, m):
                        continue
                else:
                    use = _technical_use(doc, ctx, m, accepted_at)
                    if use is None:
                        unproven.append(m)
                        continue
                    if not use:
                        continue
            wrongs.append(m)
    # one sense per document: an everyday word shown technical once is technical where
    # nothing says otherwise
    proven = {m.term for m in wrongs}
    wrongs.extend(m for m in unproven if m.term in proven)
    wrongs.sort(key=lambda m: m.start)

    # wrong renderings will become the preferred one, so they count for it
    for m in wrongs:
        if m.entry.kind is EntryKind.CONCEPT:
            variants.setdefault(m.entry.id, Counter())[m.entry.preferred] += 1
    dominant = {eid: _dominant(ctx.glossary.entry(eid), counts) for eid, counts in variants.items()}
    for m in wrongs:
        everyday = m.entry.context is None and m.term in ctx.everyday_words
        yield _wrong_finding(doc, m, dominant.get(m.entry.id), everyday=everyday)
    for m in variant_matches:
        counts = variants[m.entry.id]
        best = dominant[m.entry.id]
        if len(counts) > 1 and m.term != best:
            yield make_diagnostic(
                doc,
                GL004,
                m.start,
                m.end,
                f"{m.term}: this document mostly renders {m.entry.preferred} as {best} "
                f"({counts[best]}× against {counts[m.term]}×, counting fixes)",
                replacement=best,
                applicability=Applicability.UNSAFE,
                confidence=0.5,
                evidence=f"glossary concept '{m.entry.id}': "
                + ", ".join(f"{k}×{v}" for k, v in counts.most_common()),
                category="term",
                entry_id=m.entry.id,
            )


def _dominant(entry: Entry, counts: Counter[str]) -> str:
    top = max(counts.values())
    tied = [v for v, c in counts.items() if c == top]
    for v in (*entry.right, *entry.accept):
        if v in tied:
            return v
    return tied[0]


def _technical_document(doc: Document, ctx: CheckContext, m: Match) -> bool:
    tc = ctx.technical_context(doc)
    ct = ctx.termbase
    if tc is None or ct is None:
        return True
    from repair.termbase.detect import blocked_by_everyday_use

    return tc.technical and not blocked_by_everyday_use(doc.text, ct, m.start, m.end)


def _technical_use(doc: Document, ctx: CheckContext, m: Match, accepted_at: list[int]) -> bool | None:
    """A wrong rendering that is also an ordinary word (变压器, 辍学) is flagged only in a
    technical document, with technical terms near it and none of the everyday collocations the
    termbase knows for it (电网 near 变压器): the rule the termbase check applies.
    None: no evidence either way (a technical document, nothing technical near)."""
    tc = ctx.technical_context(doc)
    ct = ctx.termbase
    if tc is None or ct is None:
        return True
    from repair.termbase.detect import DEFAULT_THRESHOLDS, SHORT_DOCUMENT, blocked_by_everyday_use

    if not tc.technical or blocked_by_everyday_use(doc.text, ct, m.start, m.end):
        return False
    window = DEFAULT_THRESHOLDS.density_window
    near = sum(1 for a in accepted_at if m.start - window <= a <= m.end + window)
    density = tc.density(m.start, m.end) + near
    if density >= 1.0 or (tc.han < SHORT_DOCUMENT and density > 0):
        return True
    return None if tc.han >= SHORT_DOCUMENT else False


def _wrong_finding(
    doc: Document, m: Match, document_choice: str | None, *, everyday: bool = False
) -> Diagnostic:
    e = m.entry
    rule = _RULE_FOR_KIND[e.kind]
    before, after = doc.text[max(0, m.start - 1) : m.start], doc.text[m.end : m.end + 1]
    replacement = (
        document_choice
        if (e.kind is EntryKind.CONCEPT and document_choice)
        else e.replacement_for(before, after)
    )
    what = {
        EntryKind.TERM: "garbled term",
        EntryKind.NAME: "translated name",
        EntryKind.TITLE: "translated title",
        EntryKind.CONCEPT: "wrong rendering",
    }[e.kind]
    shown = replacement or " | ".join(e.right)
    message = f"{what} {m.term!r}: should be {shown}"
    if e.note:
        message += f" ({e.note})"
    gated = e.gated or everyday
    return make_diagnostic(
        doc,
        rule,
        m.start,
        m.end,
        message,
        replacement=replacement,
        applicability=Applicability.UNSAFE if gated else Applicability.SAFE,
        alternatives=e.right if replacement is None else (),
        confidence=CONFIDENCE_GATED if gated else CONFIDENCE_UNGATED,
        evidence=f"glossary entry '{e.id}'"
        + (" (context-gated)" if e.gated else "")
        + (" (an everyday word too: flagged in technical context only)" if everyday else ""),
        category=e.category.value if e.category else None,
        severity=e.severity,
        entry_id=e.id,
    )


GLOSSARY_CHECK = Check(rules=RULES, run=check_glossary)
