"""SP rules: speaker labels and timestamps are structure, checked here and never as prose."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..document import Document, SegmentKind
from ..models import Applicability, Finding, Origin, Severity
from .base import Check, CheckContext, Rule, make_finding

SP001 = Rule(
    "SP001", "garbled-speaker-label", "A speaker label that machine translation garbled",
    Severity.ERROR, Origin.SPEAKERS, "safe",
    "Speaker names in headers get translated or misheard (Lex -> 凌志 'Lexus', 莱克斯;\n"
    "Andrej -> 安德烈). The glossary's speakers.labels lists known garbles per speaker.\n"
    "Example: 凌志 01:27:22 -> Lex 01:27:22. Fix: SAFE (labels are structure, not prose).")
SP002 = Rule(
    "SP002", "unknown-speaker", "A speaker label that is not one of the document's speakers",
    Severity.WARNING, Origin.SPEAKERS, "display-only",
    "Speakers are declared in the glossary (speakers.labels), the config (speakers = [...])\n"
    "or --speakers. A label outside that list is reported with the closest allowed names as\n"
    "alternatives. Fix: none; pick one in review.")
SP003 = Rule(
    "SP003", "label-missing-space", "A speaker label glued to its timestamp",
    Severity.WARNING, Origin.SPEAKERS, "safe",
    "Headers are 'Speaker HH:MM:SS'. A missing space ('莱克斯01:25:01') breaks tools that\n"
    "split on it. Fix: SAFE, inserts one space.")
SP004 = Rule(
    "SP004", "timestamp-out-of-order", "A turn timestamp earlier than the one before it",
    Severity.WARNING, Origin.SPEAKERS, "none",
    "Turn timestamps should not go backwards; one that does usually marks a misplaced or\n"
    "mistyped header. Fix: none.")

RULES = (SP001, SP002, SP003, SP004)


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    return float(parts[0]) * 3600 + float(parts[1]) * 60 + float(parts[2])


def check_speakers(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    garbles = {g: label.name for label in ctx.glossary.speakers.labels for g in label.garbles}
    allowed = ctx.allowed_speakers()
    last: tuple[float, str] | None = None
    for seg in doc.segments:
        if seg.kind is SegmentKind.SPEAKER:
            label = doc.text[seg.start:seg.end]
            name = label.strip()
            start = seg.start + (len(label) - len(label.lstrip()))
            end = start + len(name)
            after = doc.text[seg.end:seg.end + 1]
            if name in garbles:
                yield make_finding(doc, SP001, start, end,
                                   f"speaker label {name!r} is a garble of {garbles[name]!r}",
                                   replacement=garbles[name], confidence=0.95,
                                   evidence="glossary speakers.labels", category="speaker")
            elif allowed and name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=3, cutoff=0.0)
                yield make_finding(doc, SP002, start, end,
                                   f"speaker {name!r} is not one of {', '.join(allowed)}",
                                   applicability=Applicability.DISPLAY_ONLY,
                                   alternatives=close or allowed, confidence=0.5,
                                   category="speaker")
            if after.isdigit() and seg.end == end:
                yield make_finding(doc, SP003, seg.end, seg.end,
                                   "speaker label and timestamp need a space between them",
                                   replacement=" ", confidence=1.0, category="speaker")
        elif seg.kind is SegmentKind.TIMESTAMP:
            stamp = doc.text[seg.start:seg.end]
            t = _seconds(stamp)
            if last is not None and t < last[0]:
                yield make_finding(doc, SP004, seg.start, seg.end,
                                   f"timestamp {stamp} is earlier than the previous {last[1]}",
                                   confidence=0.8)
            last = (t, stamp)


SPEAKERS_CHECK = Check(rules=RULES, run=check_speakers)
