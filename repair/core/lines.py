"""Line starts of a text, computed one way for the document, the reporters and the review."""

from __future__ import annotations

import bisect


def line_starts(text: str) -> list[int]:
    """Offsets where each line starts. Lines end at ``\\n``, so a CR stays inside its CRLF line."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def line_col(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of ``offset``, given ``line_starts``."""
    i = bisect.bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1
