"""SRT and WebVTT. pysubs2 parses and validates the cues; offsets come from the timing lines so
that writing back is byte-exact (pysubs2 would re-serialise the whole file)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pysubs2

from repair.core.document import Document, Segment, SegmentKind
from repair.core.errors import InputError
from repair.formats.base import InputFormat

_TIMING_RE = re.compile(r"^[^\r\n]*-->[^\r\n]*\r?$", re.MULTILINE)
_BLANK_LINE_RE = re.compile(r"\r?\n[ \t]*\r?\n|\r?\n[ \t]*\Z")
_TAG_RE = re.compile(r"<[^>\r\n]*>|\{\\[^}\r\n]*\}")


def parse(text: str, fmt: str, path: str) -> list[Segment]:
    try:
        subs = pysubs2.SSAFile.from_string(text, format_=fmt)
    except Exception as exc:  # pysubs2 raises several unrelated types on bad input
        raise InputError(f"not a valid {fmt.upper()} file: {exc}", path=path) from None
    timings = list(_TIMING_RE.finditer(text))
    if not timings and len(subs) == 0:
        raise InputError(f"no subtitle cues found in this {fmt.upper()} file", path=path)
    segments: list[Segment] = []
    for turn, m in enumerate(timings, start=1):
        # the cue number line (SRT) or identifier (VTT) just above the timing is structure too
        block_start = text.rfind("\n", 0, max(m.start() - 1, 0)) + 1 if m.start() else 0
        if block_start and text[block_start : m.start()].strip() == "":
            block_start = m.start()
        segments.append(
            Segment(
                SegmentKind.CUE, block_start, m.end(), turn=turn, timestamp=m.group(0).split("-->")[0].strip()
            )
        )
        body_start = m.end() + (2 if text.startswith("\r\n", m.end()) else 1)
        if body_start > len(text):
            continue
        stop = _BLANK_LINE_RE.search(text, body_start)
        body_end = stop.start() if stop else len(text)
        if stop is None and body_end > body_start and text.endswith(("\n",)):
            body_end = len(text.rstrip("\r\n"))
        pos = body_start
        stamp = segments[-1].timestamp
        for tag in _TAG_RE.finditer(text, body_start, body_end):
            if tag.start() > pos:
                segments.append(Segment(SegmentKind.PROSE, pos, tag.start(), timestamp=stamp, turn=turn))
            segments.append(Segment(SegmentKind.CODE, tag.start(), tag.end(), turn=turn))
            pos = tag.end()
        if body_end > pos:
            segments.append(Segment(SegmentKind.PROSE, pos, body_end, timestamp=stamp, turn=turn))
    if fmt == "vtt":  # the WEBVTT header, STYLE, REGION and NOTE blocks: only cue text is checked
        segments += _gaps_as_code(text, segments)
    segments.sort(key=lambda s: (s.start, -s.end))
    return segments


def _gaps_as_code(text: str, segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    pos = 0
    for seg in sorted(segments, key=lambda s: (s.start, -s.end)):
        if seg.start > pos and text[pos : seg.start].strip():
            out.append(Segment(SegmentKind.CODE, pos, seg.start))
        pos = max(pos, seg.end)
    if pos < len(text) and text[pos:].strip():
        out.append(Segment(SegmentKind.CODE, pos, len(text)))
    return out


def _document(fmt: str) -> Callable[[str, str], Document]:
    def build(path: str, text: str) -> Document:
        segs = parse(text, fmt, path)  # parse now: bad input must fail early
        return Document(path, text, fmt, lambda _t: segs)

    return build


SRT = InputFormat("srt", "SubRip subtitles", _document("srt"), suffixes=(".srt",))
VTT = InputFormat(
    "vtt",
    "WebVTT subtitles",
    _document("vtt"),
    suffixes=(".vtt",),
    sniff=lambda text: text.lstrip("\ufeff").startswith("WEBVTT"),
)
