"""Every check, registered explicitly. Codes are stable and never reused."""

from __future__ import annotations

from functools import lru_cache

from repair.checks.base import Registry
from repair.checks.glossary import GLOSSARY_CHECK
from repair.checks.language import LANGUAGE_CHECK
from repair.checks.llm import LLM_CHECK
from repair.checks.speakers import SPEAKERS_CHECK
from repair.checks.termbase import TERMBASE_CHECK


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    registry = Registry()
    registry.register(GLOSSARY_CHECK)
    registry.register(SPEAKERS_CHECK)
    registry.register(TERMBASE_CHECK)
    registry.register(LANGUAGE_CHECK)
    registry.register(LLM_CHECK)
    return registry
