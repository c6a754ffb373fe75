"""Format detection and parsing: bytes are decoded in io.py, text becomes a Document here."""

from __future__ import annotations

from pathlib import PurePath

from repair.core.document import Document
from repair.formats import markdown, subtitles, transcript

FORMATS = ("transcript", "srt", "vtt", "markdown", "text")


def detect_format(path: str, text: str) -> str:
    suffix = PurePath(path).suffix.lower()
    if suffix == ".srt":
        return "srt"
    if suffix == ".vtt" or text.lstrip("\ufeff").startswith("WEBVTT"):
        return "vtt"
    if suffix in (".md", ".markdown"):
        return "markdown"
    if transcript.looks_like_transcript(text):
        return "transcript"
    return "text"


def parse(path: str, text: str, fmt: str | None = None) -> Document:
    fmt = fmt or detect_format(path, text)
    if fmt == "transcript":
        headers = transcript.scan(text)
        return Document(path, text, fmt, lambda t: transcript.segments(t, headers),
                        structure_spans=[(h.start, h.end) for h in headers], headers=headers)
    if fmt in ("srt", "vtt"):
        segs = subtitles.parse(text, fmt, path)  # parse now: bad input must fail early
        return Document(path, text, fmt, lambda t: segs)
    if fmt in ("markdown", "text"):
        code_aware = fmt == "markdown"
        return Document(path, text, fmt, lambda t: markdown.parse(t, code_aware=code_aware))
    raise ValueError(f"unknown format {fmt!r}")
