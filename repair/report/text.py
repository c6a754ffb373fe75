"""Human-readable report: one block per finding with the passage and the span marked under it."""

from __future__ import annotations

import io
import json
import unicodedata

from repair.core.document import Document
from repair.core.models import Finding, Severity
from repair.core.results import FileResult
from repair.report._common import plural, sorted_findings, totals
from repair.report.base import Reporter

# characters of context shown on each side of a span, and the most of a span shown
BEFORE = 15
AFTER = 15
MAX_SPAN = 40
ELLIPSIS = "…"

Piece = tuple[str, str]  # (text, rich style; "" for none)
Line = list[Piece]

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def char_width(ch: str) -> int:
    """Terminal cells taken by one code point: 2 for East-Asian wide, 0 for combining marks."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def _printable(text: str) -> str:
    """Tabs become a space; control and format characters (bidi overrides, zero-width) become
    U+FFFD so untrusted text cannot move the cursor or reorder the line, and stays one cell."""
    out = []
    for ch in text:
        if ch == "\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def _one_line(text: str) -> str:
    return _printable(" ".join(text.splitlines()))


def _show(text: str) -> str:
    """A replacement as a reader should see it: quoted when empty or padded with spaces."""
    if not text or text != text.strip() or "\n" in text:
        return json.dumps(text, ensure_ascii=False)
    return _printable(text)


def passage(doc: Document, finding: Finding) -> tuple[Line, Line]:
    """The span's line cut to a window around the span, and the caret line under it."""
    line_no, col = doc.line_col(finding.span.start)
    line = doc.line_text(line_no)
    start = col - 1
    end = min(start + len(finding.span), len(line))
    shown_end = min(end, start + MAX_SPAN)
    left = max(0, start - BEFORE)
    head = (ELLIPSIS if left > 0 else "") + _printable(line[left:start])
    body = _printable(line[start:shown_end])
    if shown_end < end:  # a long span is cut, and so is everything after it
        tail = ELLIPSIS
    else:
        right = min(len(line), end + AFTER)
        tail = _printable(line[end:right]) + (ELLIPSIS if right < len(line) else "")
    gutter = f"{line_no:>5} | "
    text_line: Line = [(gutter, "blue"), (head, ""), (body, "bold"), (tail, "")]
    marks = "^" * max(1, text_width(body))
    caret_line: Line = [(" " * 6 + "| ", "blue"), (" " * text_width(head), ""), (marks, "red")]
    return text_line, caret_line


def finding_block(result: FileResult, finding: Finding) -> list[Line]:
    doc = result.document
    line_no, col = doc.line_col(finding.span.start)
    where = f"{result.path}:{line_no}:{col}:"
    head: Line = [
        (where, "bold"),
        (" ", ""),
        (finding.code, "bold magenta"),
        (f" [{finding.severity.label}]", _SEVERITY_STYLE[finding.severity]),
        (f" {_one_line(finding.message)}", ""),
    ]
    if finding.confidence < 1.0:
        head.append((f" (confidence {finding.confidence:.0%})", "dim"))
    lines = [head, *passage(doc, finding)]
    if finding.fix is not None:
        edits = "; ".join(f"{_show(e.expected)} → {_show(e.replacement)}" for e in finding.fix.edits)
        label = finding.fix.applicability.label
        style = "green" if label == "safe" else "yellow"
        lines.append([("  fix ", ""), (f"({label})", style), (f": {edits}", "")])
    if finding.alternatives:
        lines.append(
            [("  alternatives: ", ""), (" | ".join(_show(a) for a in finding.alternatives), "green")]
        )
    return lines


def summary_lines(results: list[FileResult]) -> list[Line]:
    t = totals(results)
    if not t.findings:
        return [[(f"No findings in {plural(t.files, 'file')}.", "bold green")]]
    first = (
        f"Found {plural(t.findings, 'finding')} ({t.safe} fixable with `repair fix`, "
        f"{t.unsafe} more with --unsafe-fixes) in {plural(t.files_with_findings, 'file')}."
    )
    lines: list[Line] = [[(first, "bold")]]
    width = max(len(t.names[c]) for c in t.by_code)
    for code in sorted(t.by_code):
        lines.append(
            [(f"  {code} ", "magenta"), (f"{t.names[code]:<{width}} ", ""), (f"{t.by_code[code]:>5}", "bold")]
        )
    return lines


def render_text(results: list[FileResult], *, color: bool = False) -> str:
    lines: list[Line] = []
    for result in results:
        for finding in sorted_findings(result.findings):
            lines.extend(finding_block(result, finding))
            lines.append([])
    lines.extend(summary_lines(results))
    if not color:
        return "".join("".join(text for text, _ in line).rstrip() + "\n" for line in lines)
    return _render_rich(lines)


def _render_rich(lines: list[Line]) -> str:
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    console = Console(
        file=out,
        force_terminal=True,
        color_system="standard",
        no_color=False,
        width=10_000,
        soft_wrap=True,
        highlight=False,
        markup=False,
        emoji=False,
    )
    for line in lines:
        console.print(Text.assemble(*((text, style or "") for text, style in line)))
    return out.getvalue()


TEXT = Reporter(
    "text",
    "findings with their context, for people (default)",
    lambda results, opts: render_text(results, color=opts.color),
)
