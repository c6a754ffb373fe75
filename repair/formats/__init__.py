"""Input formats, registered once: their keys are the --input-format choices and the allowed
``input_format`` config values. Bytes are decoded in core/io.py; text becomes a Document here.

Adding a format: write its module with an ``InputFormat`` and add one ``register`` line below.
Detection tries the formats in registration order (file suffix, then content); text is the
fallback.
"""

from __future__ import annotations

from pathlib import PurePath

from repair.core.document import Document
from repair.formats.ass import ASS
from repair.formats.base import InputFormat
from repair.formats.markdown import MARKDOWN, TEXT
from repair.formats.subtitles import SRT, VTT
from repair.formats.transcript import TRANSCRIPT

FORMATS: dict[str, InputFormat] = {}
FALLBACK = "text"


def register(fmt: InputFormat) -> None:
    if fmt.key in FORMATS:
        raise ValueError(f"duplicate input format {fmt.key!r}")
    FORMATS[fmt.key] = fmt


register(SRT)
register(VTT)
register(ASS)
register(MARKDOWN)
register(TRANSCRIPT)
register(TEXT)


def detect_format(path: str, text: str) -> str:
    suffix = PurePath(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes or (fmt.sniff is not None and fmt.sniff(text)):
            return fmt.key
    return FALLBACK


def parse(path: str, text: str, fmt: str | None = None) -> Document:
    key = fmt or detect_format(path, text)
    if key not in FORMATS:
        raise ValueError(f"unknown format {key!r}")
    return FORMATS[key].parse(path, text)
