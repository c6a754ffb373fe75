"""SARIF 2.1.0 for code-scanning services (GitHub code scanning, VS Code SARIF viewer)."""

from __future__ import annotations

import json
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from repair.checks.base import Rule
from repair.core.document import Document
from repair.core.models import Finding, Severity
from repair.core.results import FileResult
from repair.report._common import applicability_label, sorted_findings
from repair.report.base import Reporter

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "mt-repair"
INFORMATION_URI = "https://pypi.org/project/mt-repair/"
FINGERPRINT_KEY = "mtRepair/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for a path: relative paths stay relative (with ``/``), absolute ones become
    ``file:`` URIs; characters that are not allowed in a URI are percent-encoded."""
    native: PurePath = PureWindowsPath(path) if "\\" in path else PurePosixPath(path)
    if native.is_absolute():
        return native.as_uri()
    return quote(native.as_posix(), safe="/")


def region(doc: Document, start: int, end: int) -> dict[str, Any]:
    """1-based line and column; ``endColumn`` is the column just past the span (SARIF §3.30)."""
    line, col = doc.line_col(start)
    end_line, end_col = doc.line_col(end)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc or rule.summary},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "help": {"text": rule.doc or rule.summary},
        "properties": {"origin": rule.origin.value, "fix": rule.fix},
    }


def _result(result: FileResult, finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    doc = result.document
    uri = artifact_uri(result.path)
    reg = region(doc, finding.span.start, finding.span.end)
    reg["snippet"] = {"text": finding.text}
    out: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in rule_index:
        out["ruleIndex"] = rule_index[finding.code]
    out["level"] = LEVELS[finding.severity]
    out["message"] = {"text": finding.message}
    out["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": reg}}]
    if finding.fingerprint:
        out["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.fix is not None:
        replacements = [
            {
                "deletedRegion": region(doc, e.span.start, e.span.end),
                "insertedContent": {"text": e.replacement},
            }
            for e in finding.fix.edits
        ]
        description = finding.fix.message or f"{finding.fix.applicability.label} fix"
        out["fixes"] = [
            {
                "description": {"text": description},
                "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}],
            }
        ]
    props: dict[str, Any] = {
        "confidence": finding.confidence,
        "origin": finding.origin.value,
        "applicability": applicability_label(finding),
    }
    if finding.category:
        props["category"] = finding.category
    if finding.alternatives:
        props["alternatives"] = list(finding.alternatives)
    if finding.speaker:
        props["speaker"] = finding.speaker
    if finding.timestamp:
        props["timestamp"] = finding.timestamp
    out["properties"] = props
    return out


def sarif_dict(results: list[FileResult], *, rules: list[Rule], tool_version: str) -> dict[str, Any]:
    rule_index = {rule.code: i for i, rule in enumerate(rules)}
    sarif_results = [
        _result(result, finding, rule_index)
        for result in results
        for finding in sorted_findings(result.findings)
    ]
    driver = {
        "name": TOOL_NAME,
        "informationUri": INFORMATION_URI,
        "version": tool_version,
        "rules": [rule_descriptor(rule) for rule in rules],
    }
    run = {
        "tool": {"driver": driver},
        # our offsets count code points; the SARIF default would be UTF-16 code units
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_sarif(results: list[FileResult], *, rules: list[Rule], tool_version: str) -> str:
    return (
        json.dumps(sarif_dict(results, rules=rules, tool_version=tool_version), ensure_ascii=False, indent=2)
        + "\n"
    )


SARIF = Reporter(
    "sarif",
    "SARIF 2.1.0 for code-scanning dashboards",
    lambda results, opts: render_sarif(results, rules=list(opts.rules), tool_version=opts.tool_version),
)
