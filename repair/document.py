"""Documents: decoded text plus segments that say which ranges are prose and which are structure."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import Enum


class SegmentKind(str, Enum):
    PROSE = "prose"  # text that checks read
    SPEAKER = "speaker"  # a speaker label in a transcript header
    TIMESTAMP = "timestamp"  # a timestamp in a transcript header
    HEADER = "header"  # a whole transcript header line (label + timestamp)
    CUE = "cue"  # subtitle numbering and timing lines
    CODE = "code"  # markdown code, never checked


@dataclass(frozen=True, slots=True)
class Segment:
    kind: SegmentKind
    start: int
    end: int
    speaker: str | None = None
    timestamp: str | None = None
    turn: int = 0  # index of the speaker turn / cue / paragraph the segment belongs to


@dataclass
class Document:
    path: str
    text: str
    format: str  # "transcript" | "srt" | "vtt" | "markdown" | "text"
    segments: list[Segment]
    _line_starts: list[int] | None = field(default=None, repr=False)
    _seg_starts: list[int] | None = field(default=None, repr=False)

    # -- positions ---------------------------------------------------------------------
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of an offset."""
        starts = self.line_starts()
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    def line_text(self, line: int) -> str:
        starts = self.line_starts()
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    # -- segments ----------------------------------------------------------------------
    def segment_at(self, offset: int) -> Segment | None:
        if self._seg_starts is None:
            self._seg_starts = [s.start for s in self.segments]
        i = bisect.bisect_right(self._seg_starts, offset) - 1
        if i >= 0:
            seg = self.segments[i]
            if seg.start <= offset < seg.end or (seg.start == offset == seg.end):
                return seg
        return None

    def prose(self) -> list[Segment]:
        return [s for s in self.segments if s.kind is SegmentKind.PROSE]

    def headers(self) -> list[Segment]:
        return [s for s in self.segments if s.kind is SegmentKind.HEADER]

    def context(self, start: int, end: int, width: int = 20) -> tuple[str, str]:
        return self.text[max(0, start - width):start], self.text[end:end + width]
