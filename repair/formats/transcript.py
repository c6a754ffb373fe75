"""Podcast transcripts: a header line ``Speaker 00:28:07`` (or a garbled ``凌志01:27:22``), then prose."""

from __future__ import annotations

import re

from ..document import Segment, SegmentKind

# A header is a short label followed by a timestamp alone on its line. The label may be missing
# or glued to the timestamp (``莱克斯01:25:01``); the speaker rule reports both.
HEADER_RE = re.compile(
    r"^(?P<label>[^\s\d:][^\r\n]{0,40}?)?(?P<gap>[ \t]*)(?P<ts>\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)[ \t]*\r?$",
    re.MULTILINE,
)


def looks_like_transcript(text: str) -> bool:
    head = text[:20000]
    return len(HEADER_RE.findall(head)) >= 2 or (bool(HEADER_RE.match(head)) and len(head) < 20000)


def parse(text: str) -> list[Segment]:
    segments: list[Segment] = []
    pos = 0
    turn = 0
    speaker: str | None = None
    stamp: str | None = None
    for m in HEADER_RE.finditer(text):
        if m.start() > pos:
            segments.append(Segment(SegmentKind.PROSE, pos, m.start(), speaker, stamp, turn))
        turn += 1
        label = m.group("label")
        speaker = label.strip() if label else None
        stamp = m.group("ts")
        end = m.end("ts")
        # trailing spaces and CR belong to the header, the newline to what follows
        line_end = m.end()
        segments.append(Segment(SegmentKind.HEADER, m.start(), line_end, speaker, stamp, turn))
        if label:
            segments.append(Segment(SegmentKind.SPEAKER, m.start("label"), m.end("label"),
                                    speaker, stamp, turn))
        segments.append(Segment(SegmentKind.TIMESTAMP, m.start("ts"), end, speaker, stamp, turn))
        pos = line_end
    if pos < len(text):
        segments.append(Segment(SegmentKind.PROSE, pos, len(text), speaker, stamp, turn))
    # HEADER comes before its SPEAKER/TIMESTAMP parts at the same start; keep starts sorted
    segments.sort(key=lambda s: (s.start, -s.end))
    return segments
