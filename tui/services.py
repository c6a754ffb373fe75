"""What the review command hands the app: save, LLM re-check, add-to-glossary.

A plain dataclass (no textual) passed down to the review screen, so the screen never reaches up
into the app for them: attributes down, and no app <-> screen import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from repair.core.models import Finding
from repair.review.session import ReviewSession, SaveOutcome

Save = Callable[[ReviewSession], SaveOutcome]
LLMRecheck = Callable[[Finding], list[Finding]]
AddGlossary = Callable[[dict[str, Any], Finding], str]


@dataclass
class ReviewServices:
    save: Save
    llm_recheck: LLMRecheck | None = None
    add_glossary: AddGlossary | None = None
    glossary_path: str = ""
    saves: int = 0  # successful saves so far, for the summary after the app exits
