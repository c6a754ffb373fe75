"""The JSON reporter and reading its output back."""

from __future__ import annotations

import json

import pytest

from repair.checks.base import Rule
from repair.core.document import Document
from repair.core.errors import InputError
from repair.core.models import Applicability, Edit, Finding, Fix, Origin, Severity, Span
from repair.core.results import FileResult
from repair.formats import parse
from repair.report import load_findings_json, render_json

RULES = [
    Rule("GL001", "garbled-term", "A term garbled by speech recognition", Severity.WARNING,
         Origin.GLOSSARY, "safe", "Flags 神经坚果 and similar."),
    Rule("SP001", "garbled-speaker-label", "A speaker label garbled", Severity.ERROR,
         Origin.SPEAKERS, "safe", "Flags 凌志 for Lex."),
]


def finding(doc: Document, needle: str, replacement: str | None = None, *, code: str = "GL001",
            name: str = "garbled-term", severity: Severity = Severity.WARNING,
            applicability: Applicability = Applicability.SAFE, **extra: object) -> Finding:
    start = doc.text.index(needle)
    span = Span(start=start, end=start + len(needle))
    fix = None
    if replacement is not None:
        fix = Fix(edits=(Edit(span=span, replacement=replacement, expected=needle),),
                  applicability=applicability, message=f"replace with {replacement!r}")
    return Finding(code=code, name=name, message=f"bad {needle}", severity=severity, span=span,
                   origin=Origin.GLOSSARY, text=needle, fix=fix, **extra)  # type: ignore[arg-type]


def results() -> list[FileResult]:
    a = parse("ep/a.txt", "凌志 00:00:01\r\n这是一个神经坚果。\r\n", "transcript")
    b = parse("ep/b.md", "# 标题\n\n大赦数据集。\n")
    return [
        FileResult("ep/a.txt", a, [
            finding(a, "神经坚果", "神经网络", confidence=0.9, speaker="凌志",
                    timestamp="00:00:01", fingerprint="abc123", category="asr"),
            finding(a, "凌志", "Lex", code="SP001", name="garbled-speaker-label",
                    severity=Severity.ERROR),
        ], encoding="utf-8-sig", stats={"llm_calls": 2}),
        FileResult("ep/b.md", b, [finding(b, "大赦", "MNIST",
                                          applicability=Applicability.UNSAFE,
                                          alternatives=("MNIST", "大赦"))]),
    ]


def test_shape_and_summary() -> None:
    data = json.loads(render_json(results(), rules=RULES, extra={"mode": "check"}))
    assert data["version"] == 1
    assert data["mode"] == "check"
    assert [f["path"] for f in data["files"]] == ["ep/a.txt", "ep/b.md"]
    first = data["files"][0]
    assert first["encoding"] == "utf-8-sig"
    assert first["format"] == "transcript"
    assert first["stats"] == {"llm_calls": 2}
    assert data["files"][1]["format"] == "markdown"
    # sorted by position; line and column filled from the document (after a CRLF line)
    assert [f["code"] for f in first["findings"]] == ["SP001", "GL001"]
    gl = first["findings"][1]
    assert (gl["line"], gl["column"]) == (2, 5)
    assert gl["span"] == {"start": 17, "end": 21}
    assert gl["fix"]["edits"][0]["replacement"] == "神经网络"
    assert gl["confidence"] == 0.9 and gl["speaker"] == "凌志"
    assert data["summary"] == {
        "files": 2,
        "findings": 3,
        "by_code": {"GL001": 2, "SP001": 1},
        "by_severity": {"error": 1, "warning": 2},
        "fixable": {"safe": 2, "unsafe": 1},
    }
    assert [r["code"] for r in data["rules"]] == ["GL001", "SP001"]


def test_output_is_utf8_text_not_escapes() -> None:
    assert "神经坚果" in render_json(results(), rules=RULES)


def test_extra_may_not_replace_report_fields() -> None:
    with pytest.raises(ValueError, match="summary"):
        render_json(results(), rules=RULES, extra={"summary": {}})


def test_round_trip() -> None:
    res = results()
    loaded = load_findings_json(render_json(res, rules=RULES), "report.json")
    assert list(loaded) == ["ep/a.txt", "ep/b.md"]
    for r in res:
        doc = r.document
        expected = sorted(r.findings, key=lambda f: f.span.start)
        got = loaded[r.path]
        assert [f.model_copy(update={"line": 0, "column": 0}) for f in got] == expected
        assert all((f.line, f.column) == doc.line_col(f.span.start) for f in got)
    assert loaded["ep/b.md"][0].fix is not None
    assert loaded["ep/b.md"][0].fix.applicability is Applicability.UNSAFE


@pytest.mark.parametrize(("text", "needle"), [
    ('{"version": 1, "files": [', "not a JSON report"),
    ("[]", "top level is not an object"),
    ('{"version": 2, "files": []}', "unsupported report version 2"),
    ('{"version": 1}', "'files' is missing"),
    ('{"version": 1, "files": [{"findings": []}]}', "files[0]: expected an object"),
    ('{"version": 1, "files": [{"path": "a", "findings": {}}]}', "files[0]: 'findings'"),
    ('{"version": 1, "files": [{"path": "a", "findings": [{"code": "X"}]}]}',
     "files[0].findings[0]: invalid finding"),
])
def test_malformed_input_names_the_file(text: str, needle: str) -> None:
    with pytest.raises(InputError) as info:
        load_findings_json(text, "baseline.json")
    assert info.value.path == "baseline.json"
    assert needle in str(info.value)
    assert str(info.value).startswith("baseline.json")


def test_bad_json_gives_the_place() -> None:
    with pytest.raises(InputError) as info:
        load_findings_json('{\n  "version": 1,\n  oops\n}', "r.json")
    assert (info.value.line, info.value.column) == (3, 3)


def test_invalid_span_in_a_finding_is_an_input_error() -> None:
    data = json.loads(render_json(results(), rules=RULES))
    data["files"][0]["findings"][0]["span"] = {"start": 5, "end": 2}
    with pytest.raises(InputError, match=r"files\[0\]\.findings\[0\]"):
        load_findings_json(json.dumps(data), "r.json")
