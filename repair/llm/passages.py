"""Passages: the prose of a document cut into pieces of at most ~400 characters.

Each PROSE segment is split at sentence punctuation (。！？； and newlines); a sentence longer than
the limit is cut at a comma, or hard. Consecutive pieces (also across short speaker turns) are
packed into one passage while it stays within the limit, so a request carries enough text to be
worth its fixed prompt. Every piece keeps its exact offsets into the document text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from repair.core.document import Document

MAX_CHARS = 400
_SENTENCE_END = re.compile(r"[。！？；!?;…]+[”’」』）)]*|\n+")
_SOFT_BREAK = re.compile(r"[，,、：:]")
_CONTENT = re.compile(r"[^\W_]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Piece:
    start: int
    end: int
    text: str
    speaker: str | None
    turn: int


@dataclass(frozen=True, slots=True)
class Passage:
    index: int
    pieces: tuple[Piece, ...]

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.pieces)

    def render(self) -> str:
        """One line per piece, with its speaker label (the text sent as data)."""
        return "\n".join(label_line(p) for p in self.pieces)


def label_line(piece: Piece) -> str:
    return f"{piece.speaker}: {piece.text}" if piece.speaker else piece.text


def _sentences(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        out.append((pos, m.end()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _cut_long(text: str, a: int, b: int, limit: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    while b - a > limit:
        window = text[a : a + limit]
        soft = [m.end() for m in _SOFT_BREAK.finditer(window) if m.end() > limit // 2]
        cut = a + (soft[-1] if soft else limit)
        out.append((a, cut))
        a = cut
    out.append((a, b))
    return out


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def split_region(text: str, start: int, end: int, limit: int = MAX_CHARS) -> list[tuple[int, int]]:
    """Chunks of ``text[start:end]`` of at most ``limit`` characters, cut at sentence ends."""
    region = text[start:end]
    chunks: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for a, b in _sentences(region):
        for sa, sb in _cut_long(region, a, b, limit):
            if cur is not None and sb - cur[0] <= limit:
                cur = (cur[0], sb)
            else:
                if cur is not None:
                    chunks.append(cur)
                cur = (sa, sb)
    if cur is not None:
        chunks.append(cur)
    out = []
    for a, b in chunks:
        a, b = _strip(region, a, b)
        if b > a and _CONTENT.search(region, a, b):
            out.append((start + a, start + b))
    return out


def pieces_of(doc: Document, limit: int = MAX_CHARS) -> list[Piece]:
    pieces: list[Piece] = []
    for seg in doc.prose():
        for a, b in split_region(doc.text, seg.start, seg.end, limit):
            pieces.append(Piece(a, b, doc.text[a:b], seg.speaker, seg.turn))
    return pieces


def pack(pieces: Iterable[Piece], limit: int = MAX_CHARS) -> list[Passage]:
    passages: list[Passage] = []
    cur: list[Piece] = []
    size = 0
    for p in pieces:
        if cur and size + len(p.text) > limit:
            passages.append(Passage(len(passages), tuple(cur)))
            cur, size = [], 0
        cur.append(p)
        size += len(p.text)
    if cur:
        passages.append(Passage(len(passages), tuple(cur)))
    return passages


def passages_of(doc: Document, limit: int = MAX_CHARS) -> list[Passage]:
    return pack(pieces_of(doc, limit), limit)


def context_lines(
    passages: Sequence[Passage], index: int, turns: int, width: int = 30
) -> tuple[list[str], list[str]]:
    """Up to ``turns`` neighbouring pieces on each side, clipped to ``width`` characters."""
    if turns <= 0:
        return [], []
    before: list[Piece] = []
    i = index - 1
    while i >= 0 and len(before) < turns:
        before[:0] = passages[i].pieces[-(turns - len(before)) :]
        i -= 1
    after: list[Piece] = []
    i = index + 1
    while i < len(passages) and len(after) < turns:
        after.extend(passages[i].pieces[: turns - len(after)])
        i += 1
    left = [
        label_line(
            Piece(p.start, p.end, "…" + p.text[-width:] if len(p.text) > width else p.text, p.speaker, p.turn)
        )
        for p in before
    ]
    right = [
        label_line(
            Piece(p.start, p.end, p.text[:width] + "…" if len(p.text) > width else p.text, p.speaker, p.turn)
        )
        for p in after
    ]
    return left, right
