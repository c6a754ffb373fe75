"""Core value types: spans, edits, fixes and findings (ruff's model, see STYLE.md §3)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum, IntEnum

from pydantic import BaseModel, ConfigDict, model_validator


class Applicability(IntEnum):
    """How far a fix may be trusted; a fix applies when it is at or above the threshold."""

    DISPLAY_ONLY = 0
    UNSAFE = 1
    SAFE = 2

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def parse(cls, value: str) -> Applicability:
        return cls[value.strip().upper().replace("-", "_")]


class Severity(IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        return cls[value.strip().upper()]


class Origin(str, Enum):
    GLOSSARY = "glossary"
    SPEAKERS = "speakers"
    LANGUAGE = "language"
    CONSISTENCY = "consistency"
    TERMBASE = "termbase"
    LLM = "llm"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    """Half-open range of code-point offsets into the document text."""

    start: int
    end: int

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")
        return self

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        if self.start == self.end or other.start == other.end:
            # empty spans (insertions) conflict only when they sit strictly inside the other
            return self.start < other.end and other.start < self.end
        return self.start < other.end and other.start < self.end


class Edit(_Frozen):
    """Replace ``text[span]`` with ``replacement``; ``expected`` is what the span must hold."""

    span: Span
    replacement: str
    expected: str

    @model_validator(mode="after")
    def _consistent(self) -> Edit:
        if len(self.expected) != len(self.span):
            raise ValueError("expected text length does not match span length")
        return self


class Fix(_Frozen):
    edits: tuple[Edit, ...]
    applicability: Applicability
    message: str | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """What a check reports: a rule, a span and a message, with no line or fingerprint. The engine
    turns each into a complete ``Finding`` once, when it knows every diagnostic's neighbours."""

    code: str
    name: str
    message: str
    severity: Severity
    span: Span
    origin: Origin
    text: str  # the text of the span at check time
    fix: Fix | None = None
    alternatives: tuple[str, ...] = ()
    confidence: float = 1.0
    evidence: str | None = None
    category: str | None = None
    entry_id: str | None = None
    speaker: str | None = None  # when the check knows better than the document's turn
    timestamp: str | None = None

    @property
    def replacement(self) -> str | None:
        if self.fix and len(self.fix.edits) == 1 and self.fix.edits[0].span == self.span:
            return self.fix.edits[0].replacement
        return None


class Finding(_Frozen):
    """A complete, immutable finding. The engine builds one per diagnostic with its line, column,
    speaker, timestamp and fingerprint; findings read back from a JSON report carry theirs."""

    code: str
    name: str
    message: str
    severity: Severity
    span: Span
    origin: Origin
    # the text of the span at check time, for display and fingerprinting
    text: str
    line: int = 0
    column: int = 0
    fix: Fix | None = None
    alternatives: tuple[str, ...] = ()
    confidence: float = 1.0
    evidence: str | None = None
    category: str | None = None
    entry_id: str | None = None  # the glossary entry behind a glossary finding
    speaker: str | None = None
    timestamp: str | None = None
    fingerprint: str = ""

    @property
    def replacement(self) -> str | None:
        """The proposed text for the span, when the fix is a single edit over it."""
        if self.fix and len(self.fix.edits) == 1 and self.fix.edits[0].span == self.span:
            return self.fix.edits[0].replacement
        return None


def fingerprint(code: str, text: str, before: str, after: str, occurrence: int) -> str:
    """Stable id from content and nearby context, not from line numbers.

    ``occurrence`` separates identical (code, text, context) triples in one document.
    """
    h = hashlib.blake2b(digest_size=10)
    for part in (code, text, before, after, str(occurrence)):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()
