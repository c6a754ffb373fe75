"""Values of a review: statuses, decisions, filters, progress. Pure data; no textual."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from repair.core.models import Finding


class Status(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EDITED = "edited"
    SKIPPED = "skipped"

    @property
    def symbol(self) -> str:
        return SYMBOLS[self]


SYMBOLS = {
    Status.PENDING: "·",
    Status.ACCEPTED: "✓",
    Status.REJECTED: "✗",
    Status.EDITED: "✎",
    Status.SKIPPED: "»",
}
STALE_SYMBOL = "!"
DECIDED = frozenset({Status.ACCEPTED, Status.REJECTED, Status.EDITED})


class ReviewError(Exception):
    """An action that cannot be done here (nothing to accept, nothing to undo, ...)."""


@dataclass(frozen=True)
class Decision:
    status: Status
    replacement: str | None = None
    ts: str = ""


@dataclass(frozen=True)
class StaleDecision:
    fingerprint: str
    decision: Decision
    code: str = ""
    text: str = ""
    line: int = 0
    before: str = ""  # the text around the span when it was decided
    after: str = ""


@dataclass(frozen=True)
class Change:
    fp: str
    before: Decision | None
    after: Decision | None


@dataclass(frozen=True)
class Filter:
    """Which findings the list shows. Empty tuples mean 'any'."""

    codes: tuple[str, ...] = ()  # code prefixes: GL, GL003
    categories: tuple[str, ...] = ()
    min_confidence: float = 0.0
    statuses: tuple[Status, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.codes or self.categories or self.min_confidence > 0 or self.statuses)

    def matches(self, f: Finding, status: Status) -> bool:
        return (
            (not self.codes or f.code.startswith(self.codes))
            and (not self.categories or (f.category or "") in self.categories)
            and f.confidence >= self.min_confidence
            and (not self.statuses or status in self.statuses)
        )

    def describe(self) -> str:
        parts = [
            ",".join(self.codes),
            ",".join(self.categories),
            f"conf≥{self.min_confidence:g}" if self.min_confidence > 0 else "",
            ",".join(s.value for s in self.statuses),
        ]
        return " ".join(p for p in parts if p) or "all"


@dataclass(frozen=True)
class Progress:
    total: int
    accepted: int
    rejected: int
    edited: int
    skipped: int
    stale: int

    @property
    def reviewed(self) -> int:
        return self.accepted + self.rejected + self.edited


@dataclass(frozen=True)
class SaveOutcome:
    """What the injected save callback reports back to the app."""

    saved: bool
    message: str
    applied: int = 0
    skipped: int = 0
