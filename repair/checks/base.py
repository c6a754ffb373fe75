"""Rule metadata, the explicit registry, and the context object that carries services to checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from repair.core.document import Document
from repair.core.models import Applicability, Diagnostic, Edit, Fix, Origin, Severity, Span

if TYPE_CHECKING:
    from repair.glossary.matcher import GlossaryMatcher
    from repair.glossary.schema import Glossary
    from repair.llm.service import LLMService
    from repair.termbase.compiled import CompiledTermbase
    from repair.termbase.detect import TechnicalContext


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # kebab-case, says what is wrong
    summary: str
    severity: Severity
    origin: Origin
    fix: str  # best applicability it produces: "safe", "unsafe", "display-only" or "none"
    doc: str  # what it does, why, an example, fix safety


class CheckOptions(TypedDict, total=False):
    """Tuning knobs tests and benchmarks set; every check has a default for each."""

    llm_passage_chars: int  # longest passage sent to the model in one request
    llm_plausibility_threshold: float  # LM002 below this plausibility


@dataclass
class CheckContext:
    """Services and settings a check may use. Checks are pure functions of (document, context)."""

    glossary: Glossary
    domain: str | None = None
    speakers: tuple[str, ...] = ()  # allowed speaker labels; empty = take them from the glossary
    language: str = "zh"
    source_language: str = "en"
    min_language_chars: int = 20
    llm: LLMService | None = None  # the LLM check's service when --llm is on
    options: CheckOptions = field(default_factory=lambda: CheckOptions())
    use_termbase: bool = True
    _matcher: GlossaryMatcher | None = None
    _termbase: CompiledTermbase | None = None
    _technical: tuple[Document, TechnicalContext] | None = None

    _everyday: dict[str, int] | None = None

    @property
    def everyday_words(self) -> dict[str, int]:
        """The glossary's wrong renderings that are ordinary dictionary words (with counts):
        right in their everyday sense, so never a SAFE fix and only in technical context."""
        if self._everyday is None:
            from repair.termbase.wordfreq import word_frequencies

            self._everyday = word_frequencies(w for e in self.glossary.entries for w in e.wrong)
        return self._everyday

    def technical_context(self, doc: Document) -> TechnicalContext | None:
        """How technical ``doc`` is, computed once per document for the checks that ask."""
        ct = self.termbase
        if ct is None:
            return None
        if self._technical is None or self._technical[0] is not doc:
            from repair.termbase.detect import technical_context

            self._technical = (doc, technical_context(doc.text, ct, doc.in_structure))
        return self._technical[1]

    @property
    def termbase(self) -> CompiledTermbase | None:
        """The compiled shipped termbase (cached on disk), or None when it is turned off."""
        if not self.use_termbase:
            return None
        if self._termbase is None:
            from repair.termbase.cache import default_compiled

            self._termbase = default_compiled()
        return self._termbase

    @property
    def matcher(self) -> GlossaryMatcher:
        if self._matcher is None:
            from repair.glossary.matcher import matcher_for

            self._matcher = matcher_for(self.glossary)
        return self._matcher

    def allowed_speakers(self) -> tuple[str, ...]:
        return self.speakers or tuple(label.name for label in self.glossary.speakers.labels)


CheckFn = Callable[[Document, CheckContext], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Check:
    rules: tuple[Rule, ...]
    run: CheckFn
    needs_llm: bool = False


def make_diagnostic(
    doc: Document,
    rule: Rule,
    start: int,
    end: int,
    message: str,
    *,
    replacement: str | None = None,
    applicability: Applicability = Applicability.SAFE,
    alternatives: Sequence[str] = (),
    confidence: float = 1.0,
    evidence: str | None = None,
    category: str | None = None,
    severity: Severity | None = None,
    entry_id: str | None = None,
) -> Diagnostic:
    """A diagnostic over ``doc.text[start:end]``; the engine adds line, speaker and fingerprint
    when it builds the finding."""
    text = doc.text[start:end]
    if end > len(doc.text):
        raise ValueError(f"finding span [{start}, {end}) outside the document")
    span = Span(start=start, end=end)
    fix = None
    if replacement is not None and replacement != text:
        fix = Fix(
            edits=(Edit(span=span, replacement=replacement, expected=text),),
            applicability=applicability,
            message=f"replace with {replacement!r}",
        )
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        message=message,
        severity=rule.severity if severity is None else severity,
        span=span,
        origin=rule.origin,
        text=text,
        fix=fix,
        alternatives=tuple(alternatives),
        confidence=confidence,
        evidence=evidence,
        category=category,
        entry_id=entry_id,
    )


class Registry:
    """Checks registered explicitly, by code; a duplicate code is an error."""

    def __init__(self) -> None:
        self._checks: list[Check] = []
        self._rules: dict[str, Rule] = {}

    def register(self, check: Check) -> None:
        for rule in check.rules:
            if rule.code in self._rules:
                raise ValueError(f"duplicate rule code {rule.code}")
            self._rules[rule.code] = rule
        self._checks.append(check)

    @property
    def checks(self) -> list[Check]:
        return list(self._checks)

    @property
    def rules(self) -> list[Rule]:
        return sorted(self._rules.values(), key=lambda r: r.code)

    def rule(self, code: str) -> Rule:
        return self._rules[code]

    def codes(self) -> list[str]:
        return sorted(self._rules)


def select_codes(all_codes: Iterable[str], select: Sequence[str], ignore: Sequence[str]) -> set[str]:
    """ruff-style prefixes: ``--select GL`` keeps every GL rule, ``--ignore GL004`` drops one."""
    codes = set(all_codes)
    chosen = {c for c in codes if not select or any(c.startswith(p) for p in select)}
    return {c for c in chosen if not any(c.startswith(p) for p in ignore)}
