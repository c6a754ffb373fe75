"""Plain data to Rich Text: list rows, the passage and the details. No widgets here.

Colours come from the widgets' component classes (see review.tcss) as a role -> Style map.
Everything stays readable without colour: statuses are symbols (✓ ✗ ✎ » ·), the span is
bracketed ⟦…⟧ and the proposal follows an arrow.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence

from rich.style import Style
from rich.text import Text

from repair.core.models import Finding, Origin, Severity
from repair.review.session import STALE_SYMBOL, Decision, StaleDecision, Status

SEVERITY_LETTER = {Severity.ERROR: "E", Severity.WARNING: "W", Severity.INFO: "I"}
PASSAGE_LIMIT = 400  # code points either side of the span, at most
SHORT_LINE = 40  # a header line this short is shown with the start of its turn
ROLES = (
    "pending",
    "accepted",
    "rejected",
    "edited",
    "skipped",
    "before",
    "after",
    "mark",
    "alt",
    "other",
    "hit",
    "dim",
)
Styles = Mapping[str, Style]
NO_STYLES: Styles = {r: Style() for r in ROLES}


def visible(s: str) -> str:
    """Make empty and whitespace-only text visible."""
    if s == "":
        return "∅"
    if s.isspace():
        return s.replace(" ", "␣").replace("\t", "⇥").replace("\n", "⏎").replace("\r", "")
    return s.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "")


def proposal(f: Finding, d: Decision | None) -> str | None:
    """What the span would become: the reviewer's text, the fix, or None."""
    if d is not None and d.status is Status.EDITED:
        return d.replacement
    if f.replacement is not None:
        return f.replacement
    if f.fix is not None:
        return f.fix.message or "(multi-part fix)"
    return None


def after_label(f: Finding, d: Decision | None) -> str:
    p = proposal(f, d)
    if p is not None:
        return visible(p)
    return " | ".join(f.alternatives) + " ?" if f.alternatives else "—"


def row_text(f: Finding, d: Decision | None, selected: bool, width: int, st: Styles = NO_STYLES) -> Text:
    status = d.status if d else Status.PENDING
    t = Text("▶" if selected else " ", no_wrap=True, end="")
    t.append(status.symbol, st[status.value])
    t.append(f" {f.code:<5} {SEVERITY_LETTER[f.severity]} {f.confidence:.2f} ")
    t.append(visible(f.text), st["before"])
    t.append(" → ")
    t.append(after_label(f, d), st["after"] if status is not Status.REJECTED else st["dim"])
    t.truncate(width, overflow="ellipsis", pad=True)
    return t


def stale_row_text(x: StaleDecision, width: int, st: Styles = NO_STYLES) -> Text:
    """A decision whose finding is no longer in the text: its old context, and what it was."""
    status = x.decision.status
    t = Text(" ", no_wrap=True, end="")
    t.append(STALE_SYMBOL, st[status.value])
    t.append(f" {x.code:<5} {status.symbol} {status.value} (no longer in the text) line {x.line}: ")
    t.append(f"…{visible(x.before)}", st["dim"])
    t.append(f"⟦{visible(x.text)}⟧", st["before"])
    t.append(f"{visible(x.after)}…", st["dim"])
    t.truncate(width, overflow="ellipsis", pad=True)
    return t


def passage_text(
    text: str,
    f: Finding,
    d: Decision | None,
    *,
    budget: int,
    others: Sequence[Finding] = (),
    query: str = "",
    st: Styles = NO_STYLES,
) -> Text:
    """The line holding the span, cut to about ``budget`` cells around it, the span marked.

    A speaker-label finding also shows the start of the turn it heads."""
    line_start = text.rfind("\n", 0, f.span.start) + 1
    nl = text.find("\n", f.span.end)
    line_end = len(text) if nl < 0 else nl
    half = max(10, min(PASSAGE_LIMIT, budget // 4))  # CJK: two cells a character
    start = max(line_start, f.span.start - half)
    end = min(line_end, f.span.end + half)
    out = Text(end="")
    if start > line_start:
        out.append("…", st["dim"])
    _plain(out, text, start, f.span.start, others, query, st)
    status = d.status if d else Status.PENDING
    out.append("⟦", st["mark"])
    out.append(visible(f.text), st["before"])
    new = proposal(f, d)
    if status is not Status.REJECTED and new is not None:
        out.append(" → ", st["mark"])
        out.append(visible(new), st["after"])
    elif f.alternatives and status is not Status.REJECTED:
        out.append(" → ", st["mark"])
        out.append(" | ".join(f"{i}:{a}" for i, a in enumerate(f.alternatives[:9], 1)), st["alt"])
    out.append("⟧", st["mark"])
    if status is not Status.PENDING:
        out.append(status.symbol, st[status.value])
    _plain(out, text, f.span.end, end, others, query, st)
    if end < line_end:
        out.append("…", st["dim"])
    elif f.origin is Origin.SPEAKERS and line_end - line_start < SHORT_LINE and line_end < len(text):
        nxt = line_end + 1
        stop = text.find("\n", nxt)
        stop = len(text) if stop < 0 else stop
        cut = min(stop, nxt + half)
        out.append("\n")
        _plain(out, text, nxt, cut, others, query, st)
        if cut < stop:
            out.append("…", st["dim"])
    return out


def _plain(
    out: Text, text: str, start: int, end: int, others: Sequence[Finding], query: str, st: Styles
) -> None:
    """Append text[start:end], underlining other findings and highlighting search hits."""
    chunk = text[start:end]
    if "\r" in chunk:  # a CRLF file: the CR ends the line, never in the middle of a passage
        chunk = chunk.replace("\r", " ")
    base = len(out)
    out.append(chunk)
    starts = [o.span.start for o in others]
    for o in others[bisect.bisect_left(starts, start - 200) :]:
        if o.span.start >= end:
            break
        s, e = max(o.span.start, start), min(o.span.end, end)
        if s < e:
            out.stylize(st["other"], base + s - start, base + e - start)
    if query:
        pos = chunk.find(query)
        while pos >= 0:
            out.stylize(st["hit"], base + pos, base + pos + len(query))
            pos = chunk.find(query, pos + len(query))


def detail_text(f: Finding, d: Decision | None, rule_summary: str | None, st: Styles = NO_STYLES) -> Text:
    """Most useful first, since a small pane crops the end: what, decision, why, where."""
    status = d.status if d else Status.PENDING
    fix = f"{f.fix.applicability.label} fix" if f.fix else "no fix"
    out = Text(end="")
    out.append(f"{f.code} {f.name}", "bold")
    out.append(
        f" · {f.severity.label} · {fix} · conf {f.confidence:.2f} · {f.origin.value}"
        + (f" · {f.category}" if f.category else ""),
        st["dim"],
    )
    out.append("\nDecision: ")
    out.append(f"{status.symbol} {status.value}", st[status.value])
    if d is not None and d.replacement is not None and status in (Status.ACCEPTED, Status.EDITED):
        out.append(f" → {visible(d.replacement)}")
    out.append(f"\nReason: {f.message}")
    if f.evidence:
        out.append(f"\nEvidence: {f.evidence}")
    if f.alternatives:
        out.append("\nAlternatives: ")
        out.append("  ".join(f"{i}) {a}" for i, a in enumerate(f.alternatives[:9], 1)), st["alt"])
    turn = " ".join(x for x in (f.speaker, f.timestamp) if x) or "—"
    out.append(f"\nTurn: {turn} · line {f.line}:{f.column}")
    if rule_summary:
        out.append(f"\nRule: {rule_summary}")
    return out
