"""The text reporter: positions, the marked passage, fixes and the summary."""

from __future__ import annotations

import re

from repair.core.document import Document
from repair.core.models import Applicability, Edit, Finding, Fix, Origin, Severity, Span
from repair.core.results import FileResult
from repair.formats import parse
from repair.report import render_text
from repair.report.text import text_width

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def finding(doc: Document, needle: str, replacement: str | None = None, *, code: str = "GL001",
            name: str = "garbled-term", applicability: Applicability = Applicability.SAFE,
            alternatives: tuple[str, ...] = (), severity: Severity = Severity.WARNING,
            message: str | None = None, confidence: float = 1.0) -> Finding:
    start = doc.text.index(needle)
    span = Span(start=start, end=start + len(needle))
    fix = None
    if replacement is not None:
        fix = Fix(edits=(Edit(span=span, replacement=replacement, expected=needle),),
                  applicability=applicability)
    return Finding(code=code, name=name, message=message or f"garbled term {needle!r}",
                   severity=severity, span=span, origin=Origin.GLOSSARY, text=needle, fix=fix,
                   alternatives=alternatives, confidence=confidence)


CRLF_WIDE = "Lex 00:00:01\r\n第一行。\r\n全角ＡＢ大赦数据集上训练。\r\n"


def test_position_after_crlf_lines_and_caret_under_wide_cells() -> None:
    doc = parse("ep.txt", CRLF_WIDE)
    f = finding(doc, "大赦", "MNIST")
    out = render_text([FileResult("ep.txt", doc, [f])])
    lines = out.splitlines()
    # line 3; 全角ＡＢ are four code points before the span, so column 5
    assert lines[0] == "ep.txt:3:5: GL001 [warning] garbled term '大赦'"
    assert lines[1] == "    3 | 全角ＡＢ大赦数据集上训练。"
    # eight cells of wide characters before the span, two wide characters under the caret
    assert lines[2] == "      | " + " " * 8 + "^^^^"
    assert lines[3] == "  fix (safe): 大赦 → MNIST"
    assert "\r" not in out


def test_caret_counts_ascii_as_one_cell_and_combining_marks_as_none() -> None:
    assert text_width("abc") == 3
    assert text_width("大赦") == 4
    assert text_width("e\u0301") == 1
    doc = parse("t.txt", "ab大c\u0301d 变压器x\n", "text")
    out = render_text([FileResult("t.txt", doc, [finding(doc, "变压器", "Transformer")])])
    text_line, caret = out.splitlines()[1:3]
    assert text_line == "    1 | ab大c\u0301d 变压器x"
    assert caret == "      | " + " " * 7 + "^" * 6  # a b 大(2) c+mark d space = 7 cells


def test_long_line_is_cut_to_a_window_with_ellipses() -> None:
    text = "甲" * 300 + "大赦" + "乙" * 300 + "\n"
    doc = parse("long.txt", text, "text")
    out = render_text([FileResult("long.txt", doc, [finding(doc, "大赦", "MNIST")])])
    head, text_line, caret = out.splitlines()[:3]
    assert head.startswith("long.txt:1:301: ")
    assert text_line == "    1 | …" + "甲" * 15 + "大赦" + "乙" * 15 + "…"
    assert caret == "      | " + " " * (1 + 30) + "^^^^"


def test_span_longer_than_the_window_is_cut_after_its_start() -> None:
    text = "前" + "长" * 100 + "后\n"
    doc = parse("t.txt", text, "text")
    out = render_text([FileResult("t.txt", doc, [finding(doc, "长" * 100)])])
    text_line, caret = out.splitlines()[1:3]
    assert text_line == "    1 | 前" + "长" * 40 + "…"
    assert caret == "      | " + "  " + "^" * 80


def test_alternatives_display_only_and_low_confidence() -> None:
    doc = parse("t.txt", "他说了变压器和大赦。\n", "text")
    alt = finding(doc, "变压器", alternatives=("Transformer", "变换器"), code="GL003",
                  name="forbidden-variant")
    shown = finding(doc, "大赦", "MNIST", applicability=Applicability.DISPLAY_ONLY,
                    confidence=0.62, code="LM001", name="llm-garble")
    out = render_text([FileResult("t.txt", doc, [shown, alt])])
    blocks = out.split("\n\n")
    assert blocks[0].startswith("t.txt:1:4: GL003 ")  # sorted by position, not input order
    assert "  alternatives: Transformer | 变换器" in blocks[0]
    assert "(confidence 62%)" in blocks[1]
    assert "  fix (display-only): 大赦 → MNIST" in blocks[1]


def test_blank_and_empty_replacements_are_quoted() -> None:
    doc = parse("t.txt", "凌志01:27:22\n", "text")
    span = Span(start=2, end=2)
    f = Finding(code="SP003", name="label-missing-space", message="add a space",
                severity=Severity.INFO, span=span, origin=Origin.SPEAKERS, text="",
                fix=Fix(edits=(Edit(span=span, replacement=" ", expected=""),),
                        applicability=Applicability.SAFE))
    out = render_text([FileResult("t.txt", doc, [f])])
    assert '  fix (safe): "" → " "' in out
    assert "      | " + " " * 4 + "^\n" in out  # one caret for an insertion, after 凌志


def test_control_characters_in_the_text_do_not_reach_the_terminal() -> None:
    doc = parse("t.txt", "坏\x1b[2J字\u202e大赦\n", "text")
    out = render_text([FileResult("t.txt", doc, [finding(doc, "大赦", "MNIST")])])
    assert "\x1b" not in out and "\u202e" not in out
    assert "    1 | 坏\ufffd[2J字\ufffd大赦" in out


def test_summary_counts_fixable_and_codes() -> None:
    doc1 = parse("a.txt", "大赦和变压器。\n", "text")
    doc2 = parse("b.txt", "神经坚果。\n", "text")
    doc3 = parse("c.txt", "好。\n", "text")
    results = [
        FileResult("a.txt", doc1, [finding(doc1, "大赦", "MNIST"),
                                   finding(doc1, "变压器", "Transformer", code="GL003",
                                           name="forbidden-variant",
                                           applicability=Applicability.UNSAFE)]),
        FileResult("b.txt", doc2, [finding(doc2, "神经坚果", code="GL001")]),
        FileResult("c.txt", doc3, []),
    ]
    out = render_text(results)
    tail = out.splitlines()[-3:]
    assert tail[0] == ("Found 3 findings (1 fixable with `repair fix`, 1 more with --unsafe-fixes) "
                       "in 2 files.")
    assert tail[1].split() == ["GL001", "garbled-term", "2"]
    assert tail[2].split() == ["GL003", "forbidden-variant", "1"]


def test_no_findings() -> None:
    doc = parse("a.txt", "好。\n", "text")
    assert render_text([FileResult("a.txt", doc, [])]) == "No findings in 1 file.\n"


def test_color_output_has_the_same_text_as_plain() -> None:
    doc = parse("ep.txt", CRLF_WIDE)
    results = [FileResult("ep.txt", doc, [finding(doc, "大赦", "MNIST",
                                                  severity=Severity.ERROR)])]
    plain = render_text(results)
    colored = render_text(results, color=True)
    assert "\x1b[" in colored
    assert [line.rstrip() for line in ANSI.sub("", colored).splitlines()] == plain.splitlines()
    assert "\x1b[" not in plain
