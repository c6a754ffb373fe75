"""ASS/SSA subtitles (Aegisub, fansubs). pysubs2 validates the file; offsets come from the
``Dialogue:`` lines themselves so that writing back is byte-exact.

Only the Text field of each Dialogue line is prose. Override blocks (``{\\i1}``) and the escapes
``\\N``, ``\\n``, ``\\h`` inside it are code; every other byte (script info, styles, the fields
before Text, comments) is structure, so no check looks at it.
"""

from __future__ import annotations

import re

import pysubs2

from repair.core.document import Document, Segment, SegmentKind
from repair.core.errors import InputError
from repair.formats.base import InputFormat

_LINE_RE = re.compile(r"^[^\r\n]*", re.MULTILINE)
_TAG_RE = re.compile(r"\{[^}\r\n]*\}|\\[Nnh]")
DEFAULT_FIELDS = ("layer", "start", "end", "style", "name", "marginl", "marginr", "marginv", "effect", "text")


def looks_like_ass(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").lower().startswith("[script info]")


def parse(text: str, path: str) -> list[Segment]:
    try:
        subs = pysubs2.SSAFile.from_string(text, format_="ass")
    except Exception as exc:  # pysubs2 raises several unrelated types on bad input
        raise InputError(f"not a valid ASS/SSA file: {exc}", path=path) from None
    prose: list[Segment] = []
    code: list[Segment] = []
    fields: tuple[str, ...] = DEFAULT_FIELDS
    section = ""
    turn = 0
    for m in _LINE_RE.finditer(text):
        line = m.group(0)
        head = line.strip()
        if head.startswith("[") and head.endswith("]"):
            section = head.lower()
        if section != "[events]":
            continue
        key, sep, rest = line.partition(":")
        if not sep:
            continue
        if key.strip().lower() == "format":
            fields = tuple(f.strip().lower() for f in rest.split(","))
            continue
        if key.strip().lower() != "dialogue":
            continue
        turn += 1
        values = rest.split(",", len(fields) - 1)
        if len(values) < len(fields):
            raise InputError(f"Dialogue line {turn} has {len(values)} of {len(fields)} fields", path=path)
        named = dict(zip(fields, values, strict=True))
        text_start = m.start() + len(key) + 1 + len(rest) - len(values[-1])
        text_end = m.end() - (1 if line.endswith("\r") else 0)
        stamp = named.get("start", "").strip() or None
        speaker = named.get("name", "").strip() or None
        pos = text_start
        for tag in _TAG_RE.finditer(text, text_start, text_end):
            if tag.start() > pos:
                prose.append(Segment(SegmentKind.PROSE, pos, tag.start(), speaker, stamp, turn))
            code.append(Segment(SegmentKind.CODE, tag.start(), tag.end(), turn=turn))
            pos = tag.end()
        if text_end > pos:
            prose.append(Segment(SegmentKind.PROSE, pos, text_end, speaker, stamp, turn))
    if turn == 0 and len(subs) == 0:
        raise InputError("no Dialogue lines found in this ASS/SSA file", path=path)
    return _with_structure(prose + code, len(text))


def _with_structure(segments: list[Segment], length: int) -> list[Segment]:
    """Fill every gap between prose and code with a structure segment."""
    segments.sort(key=lambda s: (s.start, -s.end))
    out: list[Segment] = []
    pos = 0
    for s in segments:
        if s.start > pos:
            out.append(Segment(SegmentKind.CUE, pos, s.start))
        out.append(s)
        pos = max(pos, s.end)
    if pos < length:
        out.append(Segment(SegmentKind.CUE, pos, length))
    return out


def _document(path: str, text: str) -> Document:
    segs = parse(text, path)  # parse now: bad input must fail early
    return Document(path, text, "ass", lambda _t: segs)


ASS = InputFormat(
    "ass",
    "ASS/SSA subtitles: only the Text of Dialogue lines is checked",
    _document,
    suffixes=(".ass", ".ssa"),
    sniff=looks_like_ass,
)
