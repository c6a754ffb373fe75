"""Documents: decoded text plus segments that say which ranges are prose and which are structure.

Segments are built lazily: the glossary and language checks only need to know whether a match
sits in structure, which a sorted list of structure spans answers with a bisection. That keeps a
100 MB transcript from turning into millions of Python objects.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from repair.core.lines import line_col, line_starts


class SegmentKind(str, Enum):
    PROSE = "prose"  # text that checks read
    HEADER = "header"  # a transcript header line: speaker label + timestamp
    CUE = "cue"  # subtitle numbering and timing lines
    CODE = "code"  # markdown code and subtitle tags, never checked


@dataclass(frozen=True, slots=True)
class Segment:
    kind: SegmentKind
    start: int
    end: int
    speaker: str | None = None
    timestamp: str | None = None
    turn: int = 0  # index of the speaker turn / cue / paragraph the segment belongs to


@dataclass(frozen=True, slots=True)
class Header:
    """A transcript header's parts: ``label`` may be missing or glued to the timestamp."""

    start: int
    end: int
    label_start: int
    label_end: int  # == label_start when there is no label
    stamp_start: int
    stamp_end: int


@dataclass
class Document:
    path: str
    text: str
    format: str  # "transcript" | "srt" | "vtt" | "markdown" | "text"
    # builds the segments on first use; structure spans come with them unless given
    build_segments: Callable[[str], list[Segment]] = field(repr=False, default=lambda t: [])
    structure_spans: list[tuple[int, int]] | None = field(default=None, repr=False)
    headers: list[Header] = field(default_factory=list, repr=False)
    _segments: list[Segment] | None = field(default=None, repr=False)
    _structure_starts: list[int] | None = field(default=None, repr=False)
    _header_starts: list[int] | None = field(default=None, repr=False)
    _segment_starts: list[int] | None = field(default=None, repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False)

    # -- segments ----------------------------------------------------------------------
    @property
    def segments(self) -> list[Segment]:
        if self._segments is None:
            self._segments = self.build_segments(self.text)
        return self._segments

    def prose(self) -> list[Segment]:
        return [s for s in self.segments if s.kind is SegmentKind.PROSE]

    def _structure(self) -> list[tuple[int, int]]:
        if self.structure_spans is None:
            self.structure_spans = [
                (s.start, s.end) for s in self.segments if s.kind is not SegmentKind.PROSE
            ]
        return self.structure_spans

    def in_structure(self, start: int, end: int) -> bool:
        """Whether [start, end) touches a header, cue line or code span."""
        spans = self._structure()
        if not spans:
            return False
        if self._structure_starts is None:
            self._structure_starts = [a for a, _ in spans]
        i = bisect.bisect_right(self._structure_starts, max(start, end - 1)) - 1
        while i >= 0:
            a, b = spans[i]
            if b > start and a < max(end, start + 1):
                return True
            if b <= start:
                break
            i -= 1
        return False

    def turn_at(self, offset: int) -> tuple[str | None, str | None]:
        """Speaker label and timestamp of the transcript turn (or cue) holding ``offset``."""
        if self.headers:
            if self._header_starts is None:
                self._header_starts = [h.start for h in self.headers]
            i = bisect.bisect_right(self._header_starts, offset) - 1
            if i < 0:
                return None, None
            h = self.headers[i]
            label = self.text[h.label_start : h.label_end].strip() or None
            return label, self.text[h.stamp_start : h.stamp_end]
        seg = self.segment_at(offset)
        return (seg.speaker, seg.timestamp) if seg else (None, None)

    def segment_at(self, offset: int) -> Segment | None:
        segs = self.segments
        if self._segment_starts is None:
            self._segment_starts = [s.start for s in segs]
        i = bisect.bisect_right(self._segment_starts, offset) - 1
        if i >= 0 and segs[i].start <= offset < max(segs[i].end, segs[i].start + 1):
            return segs[i]
        return None

    # -- positions ---------------------------------------------------------------------
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of an offset."""
        return line_col(self.line_starts(), offset)

    def line_text(self, line: int) -> str:
        starts = self.line_starts()
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def context(self, start: int, end: int, width: int = 20) -> tuple[str, str]:
        return self.text[max(0, start - width) : start], self.text[end : end + width]
