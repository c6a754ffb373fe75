"""A derived candidate: a string that may be a garbled rendering of a termbase entry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    """A string that, found in a document, may be a garbled rendering of ``entry_id``."""

    text: str
    entry_id: str
    mechanism: str  # literal | sense | compound | sound
    derivation: str  # human-readable: 神经坚果 = 神经 (neural) + 坚果 (nuts ≈ nets)
    parts: int  # how many English words it renders
