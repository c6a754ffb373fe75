"""Format detection and parsing: bytes are decoded in io.py, text becomes a Document here."""

from __future__ import annotations

from pathlib import PurePath

from ..document import Document
from . import markdown, subtitles, transcript

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
        segments = transcript.parse(text)
    elif fmt in ("srt", "vtt"):
        segments = subtitles.parse(text, fmt, path)
    elif fmt in ("markdown", "text"):
        segments = markdown.parse(text, code_aware=fmt == "markdown")
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return Document(path=path, text=text, format=fmt, segments=segments)
