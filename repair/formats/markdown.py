"""Markdown and plain text: paragraphs are prose; code blocks, HTML blocks and inline code are not.

Blocks are found with a CommonMark parser (markdown-it-py): fences of any length, indented
fences in lists, indented code blocks, unclosed fences (to the end) and ``<pre>`` blocks."""

from __future__ import annotations

import re

from repair.core.document import Document, Segment, SegmentKind
from repair.formats.base import InputFormat

_BLOCK_TOKENS = frozenset({"fence", "code_block", "html_block"})


def code_blocks(text: str) -> list[tuple[int, int]]:
    """Offsets of the code and HTML blocks, by CommonMark's rules."""
    from markdown_it import MarkdownIt

    lf = text.replace("\r", "\n") if "\r" in text and "\n" not in text else text
    starts = [0] + [i + 1 for i, ch in enumerate(lf) if ch == "\n"]
    starts.append(len(text))
    out: list[tuple[int, int]] = []
    for tok in MarkdownIt("commonmark").parse(lf):
        if tok.type in _BLOCK_TOKENS and tok.map:
            a, b = tok.map
            start, end = starts[min(a, len(starts) - 1)], starts[min(b, len(starts) - 1)]
            if end > start:
                out.append((start, end))
    return out


_INLINE_CODE_RE = re.compile(r"`[^`\n]+`")
_PARA_SPLIT_RE = re.compile(r"(?:\r?\n[ \t]*){2,}")


def parse(text: str, code_aware: bool = True) -> list[Segment]:
    code: list[tuple[int, int]] = []
    if code_aware:
        code = code_blocks(text)
        code += [
            m.span() for m in _INLINE_CODE_RE.finditer(text) if not any(a <= m.start() < b for a, b in code)
        ]
        code.sort()
    segments: list[Segment] = [Segment(SegmentKind.CODE, a, b) for a, b in code]
    turn = 0
    pos = 0
    for stop in [m.start() for m in _PARA_SPLIT_RE.finditer(text)] + [len(text)]:
        turn += 1
        for a, b in _minus(pos, stop, code):
            if text[a:b].strip():
                segments.append(Segment(SegmentKind.PROSE, a, b, turn=turn))
        m = _PARA_SPLIT_RE.match(text, stop)
        pos = m.end() if m else stop
    segments.sort(key=lambda s: (s.start, -s.end))
    return segments


def _minus(a: int, b: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for ha, hb in holes:
        if hb <= a or ha >= b:
            continue
        if ha > a:
            out.append((a, ha))
        a = max(a, hb)
    if a < b:
        out.append((a, b))
    return out


def _markdown(path: str, text: str) -> Document:
    return Document(path, text, "markdown", lambda t: parse(t, code_aware=True))


def _text(path: str, text: str) -> Document:
    return Document(path, text, "text", lambda t: parse(t, code_aware=False))


MARKDOWN = InputFormat(
    "markdown", "Markdown: code spans and fences are not checked", _markdown, suffixes=(".md", ".markdown")
)
TEXT = InputFormat("text", "plain text, paragraph by paragraph (the fallback)", _text)
