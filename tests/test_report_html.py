"""The HTML report: escaping, content, structure, and what headless Chromium actually renders."""

from __future__ import annotations

import re
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from repair.core.models import Applicability, Edit, Finding, Fix, Origin, Severity, Span
from repair.core.results import FixResult, SkippedFix
from repair.formats import parse
from repair.report import render_html

CHROMIUM = Path("/usr/bin/chromium")
VOID = {"meta", "br", "col", "link", "img", "hr", "input", "wbr"}

EVIL = "<script>alert(1)</script>"
TEXT = (
    "Lex 00:28:07\n"
    "我们在大赦数据集上训练了一个小网络，这是一个神经坚果。\n"
    "\n"
    f"凌志 00:29:29\n地球？{EVIL} 后来变压器出现了。\n"
)


def finding(text: str, needle: str, replacement: str | None, code: str, name: str, *,
            confidence: float = 0.9, applicability: Applicability = Applicability.SAFE,
            message: str | None = None, nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    span = Span(start=start, end=start + len(needle))
    doc = parse("t.txt", text)
    seg = doc.segment_at(start)
    line, col = doc.line_col(start)
    fix = None
    if replacement is not None:
        fix = Fix(edits=(Edit(span=span, replacement=replacement, expected=needle),),
                  applicability=applicability)
    return Finding(code=code, name=name, message=message or f"{needle} should be {replacement}",
                   severity=Severity.WARNING, span=span, origin=Origin.GLOSSARY, text=needle,
                   fix=fix, confidence=confidence, line=line, column=col,
                   speaker=seg.speaker if seg else None, timestamp=seg.timestamp if seg else None)


def splice(text: str, findings: list[Finding]) -> str:
    out, pos = [], 0
    for f in sorted(findings, key=lambda f: f.span.start):
        assert f.fix is not None
        edit = f.fix.edits[0]
        out.append(text[pos:edit.span.start] + edit.replacement)
        pos = edit.span.end
    return "".join(out) + text[pos:]


def sample(path: str = "ep/lex-333.txt") -> FixResult:
    applied = [
        finding(TEXT, "大赦", "MNIST", "GL002", "translated-name", confidence=0.62,
                applicability=Applicability.UNSAFE),
        finding(TEXT, "神经坚果", "神经网络", "GL001", "garbled-term"),
        finding(TEXT, "凌志", "Lex", "SP001", "garbled-speaker-label", confidence=0.95),
        finding(TEXT, "变压器", "Transformer", "GL003", "forbidden-variant",
                message=f'变压器 is wrong "here" {EVIL}'),
    ]
    skipped = [SkippedFix(finding(TEXT, "小网络", None, "LM001", "llm-garble",
                                  message="maybe a garble"), "no-fix")]
    return FixResult(path=path, original=TEXT, fixed=splice(TEXT, applied), applied=applied,
                     skipped=skipped)


class Tables(HTMLParser):
    """Cell texts of each table's body rows, by the table's class; checks tags are balanced."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.stack: list[str] = []
        self.current: str | None = None
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "table":
            self.current = dict(attrs).get("class") or ""
            self.tables.setdefault(self.current, [])
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body and self.current:
            self.tables[self.current].append([])
        elif tag == "td" and self.in_body and self.current:
            self.tables[self.current][-1].append("")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        if tag == "tbody":
            self.in_body = False

    def handle_data(self, data: str) -> None:
        if self.in_body and self.current and self.tables[self.current]:
            row = self.tables[self.current][-1]
            if row and "td" in self.stack:
                row[-1] += data


def parsed(html: str) -> Tables:
    p = Tables()
    p.feed(html)
    p.close()
    assert p.stack == [], f"unclosed tags: {p.stack}"
    return p


def test_untrusted_text_is_escaped_everywhere() -> None:
    r = sample(path=f"ep/{EVIL}.txt")
    out = render_html([r], title=f"report {EVIL}", generated=f'"{EVIL}')
    assert "<script" not in out.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    # a quote in a finding's message cannot break out of the title attribute
    assert 'title="GL003 forbidden-variant: 变压器 is wrong &quot;here&quot; &lt;script' in out
    parsed(out)


def test_each_change_is_listed_with_code_confidence_and_speaker() -> None:
    out = render_html([sample()])
    rows = parsed(out).tables["list"]
    changes = [r for r in rows if len(r) == 8]
    assert [(r[0], r[2], r[5], r[6]) for r in changes] == [
        ("1", "GL002translated-name", "62%", "unsafe"),
        ("2", "GL001garbled-term", "90%", "safe"),
        ("3", "SP001garbled-speaker-label", "95%", "safe"),
        ("4", "GL003forbidden-variant", "90%", "safe"),
    ]
    assert changes[0][1] == "2:4"
    assert changes[0][3] == "大赦 → MNIST"
    assert changes[0][4] == "大赦 should be MNIST"
    assert changes[0][7] == "Lex · 00:28:07"
    assert changes[3][7] == "凌志 · 00:29:29"


def test_counts_table_and_totals() -> None:
    clean = FixResult("ep/clean.txt", "好。\n", "好。\n", [])
    out = render_html([sample(), clean])
    codes = parsed(out).tables["codes"]
    assert [r[:4] for r in codes] == [
        ["GL001", "garbled-term", "1", "0"],
        ["GL002", "translated-name", "1", "0"],
        ["GL003", "forbidden-variant", "1", "0"],
        ["LM001", "llm-garble", "0", "1"],
        ["SP001", "garbled-speaker-label", "1", "0"],
    ]
    assert re.search(r'<span class="a" style="width:100\.0%">', out)
    cards = re.findall(r'<div class="card"><b>(\d+)</b><span>([^<]+)</span>', out)
    assert cards == [("2", "files"), ("1", "files changed"), ("4", "changes applied"),
                     ("1", "fixes skipped")]
    assert "Unchanged: ep/clean.txt" in out


def test_side_by_side_marks_changes_and_links_them() -> None:
    out = render_html([sample()])
    assert '<del title="GL002 translated-name: 大赦 should be MNIST">大赦</del>' \
           '<a class="ref" href="#f0-c1">1</a>' in out
    assert '<ins title="GL002 translated-name: 大赦 should be MNIST">MNIST</ins>' in out
    assert 'id="f0-c1"' in out and 'id="f0-c4"' in out
    sbs = parsed(out).tables["sbs"]
    changed = [r for r in sbs if "MNIST" in r[3]]
    assert changed == [["2", "我们在大赦1数据集上训练了一个小网络，这是一个神经坚果2。", "2",
                        "我们在MNIST1数据集上训练了一个小网络，这是一个神经网络2。"]]


def test_skipped_fixes_with_reasons() -> None:
    rows = parsed(render_html([sample()])).tables["list skipped"]
    assert len(rows) == 1
    assert rows[0][1] == "LM001llm-garble"
    assert rows[0][4] == "maybe a garble"
    assert rows[0][6].startswith("no-fix")


def test_only_changed_lines_with_context_are_shown() -> None:
    original = "".join(f"第{i}行。\n" for i in range(1, 21))
    f = finding(original, "第10行", "第十行", "GL001", "garbled-term")
    r = FixResult("n.txt", original, splice(original, [f]), [f])
    out = render_html([r])
    sbs = parsed(out).tables["sbs"]
    assert [row[0] for row in sbs] == ["⋯ 7 unchanged lines", "8", "9", "10", "11", "12",
                                      "⋯ 8 unchanged lines"]


def test_a_change_across_a_line_break_keeps_line_numbers() -> None:
    r = FixResult("a.txt", "甲\n乙\n丙\n丁\n", "甲\n乙丙\n丁\nX", [], passes=2)
    out = render_html([r])
    assert parsed(out).tables["sbs"] == [
        ["1", "甲", "1", "甲"],
        ["2–3", "乙↵\n丙", "2", "乙丙"],  # the removed line break is shown, not only coloured
        ["4", "丁", "3", "丁"],
        ["", "", "4", "X"],
    ]


def test_several_passes_fall_back_to_a_text_diff() -> None:
    r = sample()
    r.passes = 2
    out = render_html([r])
    assert "我们在<del>大赦</del>数据集" in out and "我们在<ins>MNIST</ins>数据集" in out
    assert "神经<del>坚果</del>。" in out  # a character diff keeps the shared 神经
    assert "2 passes" in out
    parsed(out)


def test_no_external_requests_and_cjk_ready() -> None:
    out = render_html([sample()])
    assert out.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in out and '<html lang="zh"' in out
    assert "Noto Sans CJK SC" in out and "overflow-wrap: anywhere" in out
    assert not re.search(r"""(src|action)\s*=|href="(?!#)|url\(|@import|https?://""", out)


def _png_pixels_vary(data: bytes) -> tuple[int, int, int]:
    """Width, height and number of distinct bytes in the decoded image data of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


@pytest.mark.slow
def test_renders_in_headless_chromium(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is needed for this test and is not at {CHROMIUM}: "
                    "install it with `apt-get install chromium` (CI does)")
    page = tmp_path / "report.html"
    page.write_text(render_html([sample()], generated="2025-01-01"), encoding="utf-8")
    base = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True,
                         timeout=60, check=True).stdout.decode("utf-8")
    assert "mt-repair report" in dom
    assert "MNIST" in dom and "神经网络" in dom and "garbled-speaker-label" in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "<script" not in dom.lower()
    shot = tmp_path / "shot.png"
    subprocess.run([*base, f"--screenshot={shot}", "--window-size=1280,900", page.as_uri()],
                   capture_output=True, timeout=60, check=True)
    assert shot.exists(), "Chromium wrote no screenshot"
    data = shot.read_bytes()
    width, height, distinct = _png_pixels_vary(data)
    assert (width, height) == (1280, 900)
    assert len(data) > 20_000, f"screenshot is only {len(data)} bytes: blank page?"
    assert distinct > 64, "screenshot has almost no distinct pixel values: blank page?"
