"""GitHub Actions workflow commands and their escaping."""

from __future__ import annotations

from repair.core.document import Document
from repair.core.models import Applicability, Edit, Finding, Fix, Origin, Severity, Span
from repair.core.results import FileResult
from repair.formats import parse
from repair.report import render_github
from repair.report.github import escape_data, escape_property


def finding(doc: Document, needle: str, replacement: str | None = None, *,
            severity: Severity = Severity.WARNING, message: str = "bad",
            code: str = "GL001", name: str = "garbled-term") -> Finding:
    start = doc.text.index(needle)
    span = Span(start=start, end=start + len(needle))
    fix = None
    if replacement is not None:
        fix = Fix(edits=(Edit(span=span, replacement=replacement, expected=needle),),
                  applicability=Applicability.SAFE)
    return Finding(code=code, name=name, message=message, severity=severity, span=span,
                   origin=Origin.GLOSSARY, text=needle, fix=fix)


def test_escape_data_and_property() -> None:
    raw = "100%: a,b\r\nc"
    assert escape_data(raw) == "100%25: a,b%0D%0Ac"
    assert escape_property(raw) == "100%25%3A a%2Cb%0D%0Ac"
    # % first, so an existing escape is not decoded by the runner
    assert escape_data("%0A") == "%250A"


def test_annotation_line_is_exact() -> None:
    doc = parse("ep/a,b:c.txt", "第一行\r\n我们在大赦数据集上训练。\r\n", "text")
    f = finding(doc, "大赦", "MNIST", message="100% sure: it is wrong,\nreally")
    out = render_github([FileResult("ep/a,b:c.txt", doc, [f])])
    assert out == (
        "::warning file=ep/a%2Cb%3Ac.txt,line=2,col=4,endLine=2,endColumn=6,"
        "title=GL001 garbled-term::100%25 sure: it is wrong,%0Areally"
        " [safe fix: 大赦 → MNIST]\n")


def test_title_with_colon_and_comma_is_escaped() -> None:
    doc = parse("a.txt", "大赦\n", "text")
    out = render_github([FileResult("a.txt", doc, [finding(doc, "大赦", name="x:y,z")])])
    assert ",title=GL001 x%3Ay%2Cz::bad" in out


def test_severity_maps_to_command_and_one_line_each() -> None:
    doc = parse("a.txt", "甲乙丙\n", "text")
    findings = [finding(doc, "甲", severity=Severity.ERROR, message="one\ntwo\r\nthree"),
                finding(doc, "乙", severity=Severity.WARNING),
                finding(doc, "丙", severity=Severity.INFO)]
    lines = render_github([FileResult("a.txt", doc, findings)]).split("\n")
    assert lines[-1] == ""
    assert [line.split(" ", 1)[0] for line in lines[:-1]] == ["::error", "::warning", "::notice"]
    assert lines[0].endswith("::one%0Atwo%0D%0Athree")


def test_windows_paths_use_forward_slashes() -> None:
    doc = parse("ep\\a.txt", "大赦\n", "text")
    out = render_github([FileResult("ep\\a.txt", doc, [finding(doc, "大赦")])])
    assert out.startswith("::warning file=ep/a.txt,line=1,col=1,endLine=1,endColumn=3,")


def test_alternatives_in_message_and_nothing_for_no_findings() -> None:
    doc = parse("a.txt", "变压器\n", "text")
    f = finding(doc, "变压器").model_copy(update={"alternatives": ("Transformer", "变换器")})
    assert render_github([FileResult("a.txt", doc, [f])]).endswith(
        "::bad [alternatives: Transformer | 变换器]\n")
    assert render_github([FileResult("a.txt", doc, [])]) == ""
