"""What an input format is: a key, how to recognise it, and how its text becomes a Document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from repair.core.document import Document


@dataclass(frozen=True)
class InputFormat:
    key: str  # the --input-format choice and the input_format config value
    summary: str  # one line for --help and the docs
    # (path, text) -> Document; bad input raises InputError naming the path
    parse: Callable[[str, str], Document]
    suffixes: tuple[str, ...] = ()  # file name endings that select this format
    sniff: Callable[[str], bool] | None = None  # recognises the content whatever the name
