"""Podcast transcripts: a header line ``Speaker 00:28:07`` (or a garbled ``凌志01:27:22``), then prose."""

from __future__ import annotations

import re

from repair.core.document import Document, Header, Segment, SegmentKind
from repair.formats.base import InputFormat

# A header is a short label followed by a timestamp alone on its line. The label may be missing
# or glued to the timestamp (``莱克斯01:25:01``); the speaker rule reports both.
HEADER_RE = re.compile(
    r"^(?P<label>[^\s\d:][^\r\n]{0,40}?)?[ \t]*(?P<ts>\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)[ \t]*\r?$",
    re.MULTILINE,
)


def _lf(text: str) -> str:
    """A CR-only file (old Mac line endings) scanned as LF: same length, so offsets hold."""
    return text.replace("\r", "\n") if "\r" in text and "\n" not in text else text


def looks_like_transcript(text: str) -> bool:
    head = _lf(text[:20000])
    return len(HEADER_RE.findall(head)) >= 2 or (bool(HEADER_RE.match(head)) and len(head) < 20000)


# Finding the rare ':' first and matching the whole line only there is ~40% faster than
# trying HEADER_RE at every line start of a long transcript.
_STAMP_RE = re.compile(r":\d{2}:\d{2}(?:[.,]\d{1,3})?[ \t]*\r?$", re.MULTILINE)


def scan(text: str) -> list[Header]:
    """Headers in order; a header spans its line without the newline."""
    out = []
    last_end = -1
    text = _lf(text)
    for s in _STAMP_RE.finditer(text):
        line_start = text.rfind("\n", 0, s.start()) + 1
        m = HEADER_RE.match(text, line_start, s.end())
        if m is None or m.end() != s.end() or m.start() <= last_end:
            continue
        last_end = m.end()
        ls = m.start("label")
        le = m.end("label") if ls >= 0 else m.start("ts")
        out.append(Header(m.start(), m.end(), ls if ls >= 0 else le, le, m.start("ts"), m.end("ts")))
    return out


def segments(text: str, headers: list[Header]) -> list[Segment]:
    out: list[Segment] = []
    pos = 0
    speaker: str | None = None
    stamp: str | None = None
    for turn, h in enumerate(headers, start=1):
        if h.start > pos:
            out.append(Segment(SegmentKind.PROSE, pos, h.start, speaker, stamp, turn - 1))
        speaker = text[h.label_start : h.label_end].strip() or None
        stamp = text[h.stamp_start : h.stamp_end]
        out.append(Segment(SegmentKind.HEADER, h.start, h.end, speaker, stamp, turn))
        pos = h.end
    if pos < len(text):
        out.append(Segment(SegmentKind.PROSE, pos, len(text), speaker, stamp, len(headers)))
    return out


def _document(path: str, text: str) -> Document:
    headers = scan(text)
    return Document(
        path,
        text,
        "transcript",
        lambda t: segments(t, headers),
        structure_spans=[(h.start, h.end) for h in headers],
        headers=headers,
    )


TRANSCRIPT = InputFormat(
    "transcript",
    "podcast transcript: 'Speaker 00:28:07' lines, then prose",
    _document,
    sniff=looks_like_transcript,
)
