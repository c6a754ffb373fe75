"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from repair.core.models import Finding, Severity
from repair.core.results import FileResult
from repair.report._common import sorted_findings
from repair.report.base import Reporter

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape the message part of a workflow command (``%``, CR, LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value: the data escapes, plus ``:`` and ``,`` that delimit properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _message(finding: Finding) -> str:
    message = finding.message
    if finding.fix is not None:
        edits = "; ".join(f"{e.expected} → {e.replacement}" for e in finding.fix.edits)
        message += f" [{finding.fix.applicability.label} fix: {edits}]"
    if finding.alternatives:
        message += f" [alternatives: {' | '.join(finding.alternatives)}]"
    return message


def annotation(result: FileResult, finding: Finding) -> str:
    doc = result.document
    line, col = doc.line_col(finding.span.start)
    end_line, end_col = doc.line_col(finding.span.end)  # the column just past the span, as ruff
    props = [
        ("file", result.path.replace("\\", "/")),
        ("line", str(line)),
        ("col", str(col)),
        ("endLine", str(end_line)),
        ("endColumn", str(end_col)),
        ("title", f"{finding.code} {finding.name}"),
    ]
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMANDS[finding.severity]} {joined}::{escape_data(_message(finding))}"


def render_github(results: list[FileResult]) -> str:
    lines = [
        annotation(result, finding) for result in results for finding in sorted_findings(result.findings)
    ]
    return "".join(line + "\n" for line in lines)


GITHUB = Reporter(
    "github", "GitHub Actions workflow annotations", lambda results, opts: render_github(results)
)
