"""Machine-readable report, and reading it back (the review TUI and baselines start from it)."""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any

from pydantic import ValidationError

from repair.checks.base import Rule
from repair.core.errors import InputError
from repair.core.models import Finding
from repair.core.results import FileResult
from repair.report._common import sorted_findings, totals
from repair.report.base import Reporter

VERSION = 1


def _located(result: FileResult, finding: Finding) -> Finding:
    """The finding with its line and column filled from the document when the engine left them."""
    if finding.line:
        return finding
    line, col = result.document.line_col(finding.span.start)
    return finding.model_copy(update={"line": line, "column": col})


def report_dict(
    results: list[FileResult], *, rules: list[Rule], extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    files = []
    for result in results:
        files.append(
            {
                "path": result.path,
                "encoding": result.encoding,
                "format": result.document.format,
                "findings": [
                    _located(result, f).model_dump(mode="json") for f in sorted_findings(result.findings)
                ],
                "stats": dict(result.stats),
            }
        )
    t = totals(results)
    out: dict[str, Any] = {
        "version": VERSION,
        "files": files,
        "rules": [
            {
                "code": r.code,
                "name": r.name,
                "summary": r.summary,
                "severity": r.severity.label,
                "origin": r.origin.value,
                "fix": r.fix,
            }
            for r in rules
        ],
        "summary": {
            "files": t.files,
            "findings": t.findings,
            "by_code": dict(sorted(t.by_code.items())),
            "by_severity": dict(sorted(t.by_severity.items())),
            "fixable": {"safe": t.safe, "unsafe": t.unsafe},
        },
    }
    for key, value in (extra or {}).items():
        if key in out:
            raise ValueError(f"extra key {key!r} would replace a report field")
        out[key] = value
    return out


def render_json(results: list[FileResult], *, rules: list[Rule], extra: dict[str, Any] | None = None) -> str:
    return json.dumps(report_dict(results, rules=rules, extra=extra), ensure_ascii=False, indent=2) + "\n"


def load_findings_json(text: str, path: str) -> dict[str, list[Finding]]:
    """Findings by file path from a report written by :func:`render_json`.

    Raises :class:`InputError` naming ``path`` (and the place, where known) on malformed input.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"not a JSON report: {e.msg}", path=path, line=e.lineno, column=e.colno) from e
    if not isinstance(data, dict):
        raise InputError("not a findings report: the top level is not an object", path=path)
    if data.get("version") != VERSION:
        raise InputError(
            f"unsupported report version {data.get('version')!r} (expected {VERSION})", path=path
        )
    files = data.get("files")
    if not isinstance(files, list):
        raise InputError("not a findings report: 'files' is missing or not a list", path=path)
    out: dict[str, list[Finding]] = {}
    for i, entry in enumerate(files):
        where = f"files[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise InputError(f"{where}: expected an object with a string 'path'", path=path)
        findings = entry.get("findings")
        if not isinstance(findings, list):
            raise InputError(f"{where}: 'findings' is missing or not a list", path=path)
        bucket = out.setdefault(entry["path"], [])
        for j, raw in enumerate(findings):
            try:
                bucket.append(Finding.model_validate(raw))
            except ValidationError as e:
                first = e.errors()[0]
                loc = ".".join(str(p) for p in first["loc"])
                detail = f"{loc}: {first['msg']}" if loc else first["msg"]
                raise InputError(f"{where}.findings[{j}]: invalid finding ({detail})", path=path) from e
    return out


JSON = Reporter(
    "json",
    "every finding with its fix and fingerprint (input to --baseline, review)",
    lambda results, opts: render_json(results, rules=list(opts.rules)),
)


def findings_for_file(text: str, report_path: str, file: Path) -> list[Finding]:
    """The findings for ``file`` in a ``check --format json`` report, chosen one way for every
    command that reads reports (eval, review): the entry with the same path (as written, or
    resolved); else the one entry with the same file name; else the report's only entry."""
    by_path = load_findings_json(text, report_path)
    chosen = [p for p in by_path if p == str(file) or _resolved(p) == _resolved(str(file))]
    if not chosen:
        chosen = [p for p in by_path if PurePath(p).name == file.name]
        if len(chosen) > 1:
            raise InputError(f"has several files named {file.name}; run check on this file", path=report_path)
    if not chosen and len(by_path) == 1:
        chosen = list(by_path)  # a report about one file, written under another name
    if not chosen:
        raise InputError(
            f"has no findings for {file} (files: {', '.join(by_path) or 'none'})", path=report_path
        )
    return [f for p in chosen for f in by_path[p]]


def _resolved(path: str) -> Path | None:
    try:
        return Path(path).resolve()
    except OSError:
        return None
