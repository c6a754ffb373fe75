"""Helpers shared by the reporters: positions, ordering and counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from repair.core.lines import line_col, line_starts
from repair.core.models import Applicability, Finding
from repair.core.results import FileResult


@dataclass(frozen=True)
class Region:
    """1-based lines and code-point columns; ``end_col`` is the column just past the span."""

    line: int
    col: int
    end_line: int
    end_col: int


class LineIndex:
    """Line starts of a text (lines end at ``\\n``, so a CR stays inside its CRLF line)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)

    def line_col(self, offset: int) -> tuple[int, int]:
        return line_col(self.starts, offset)

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def region(self, start: int, end: int) -> Region:
        line, col = self.line_col(start)
        end_line, end_col = self.line_col(end)
        return Region(line, col, end_line, end_col)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.span.start, f.span.end, f.code))


def applicability_label(finding: Finding) -> str:
    return finding.fix.applicability.label if finding.fix else "none"


@dataclass
class Totals:
    findings: int = 0
    files: int = 0  # files checked
    files_with_findings: int = 0
    safe: int = 0
    unsafe: int = 0
    display_only: int = 0
    by_code: Counter[str] = field(default_factory=Counter)
    by_severity: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)


def totals(results: Iterable[FileResult]) -> Totals:
    t = Totals()
    for result in results:
        t.files += 1
        if result.findings:
            t.files_with_findings += 1
        for f in result.findings:
            t.findings += 1
            t.by_code[f.code] += 1
            t.by_severity[f.severity.label] += 1
            t.names.setdefault(f.code, f.name)
            if f.fix is None:
                continue
            if f.fix.applicability is Applicability.SAFE:
                t.safe += 1
            elif f.fix.applicability is Applicability.UNSAFE:
                t.unsafe += 1
            else:
                t.display_only += 1
    return t


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"
