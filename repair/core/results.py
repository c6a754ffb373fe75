"""Per-file results handed from the engine to reporters (text, json, sarif, github, diff, html)."""

from __future__ import annotations

from dataclasses import dataclass, field

from repair.core.document import Document
from repair.core.models import Finding


@dataclass
class FileResult:
    """What `check` found in one file."""

    path: str
    document: Document
    findings: list[Finding]
    encoding: str = "utf-8"
    # LLM usage and failures for this file, filled by the LLM check when it ran
    stats: dict[str, int] = field(default_factory=dict)


@dataclass
class SkippedFix:
    finding: Finding
    reason: str  # "stale", "overlap", "below-threshold", "no-fix"


@dataclass
class FixResult:
    """What `fix` did to one text: the new text, the findings whose fixes were applied, the rest."""

    path: str
    original: str
    fixed: str
    applied: list[Finding]
    skipped: list[SkippedFix] = field(default_factory=list)
    passes: int = 1
    # every finding left after fixing, with or without a fix: what --fail-on is judged on
    remaining: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original
