"""Garble categories, named once: the LLM's answer schema, the gold sets and the glossary's
``category`` field all use these names."""

from __future__ import annotations

from typing import Literal, get_args

# what went wrong in a garble: speech recognition misheard the English; the right word in the
# wrong sense; a title translated literally; a translated name; nonsense
GarbleCategory = Literal["asr", "sense", "literal-title", "name", "nonsense"]
GARBLE_CATEGORIES: tuple[str, ...] = get_args(GarbleCategory)
# gold sets also mark wrong speaker labels, and traps: legitimate uses of risky words (变压器 in
# a paragraph about the power grid) that a check must leave alone; the glossary also files
# plain terms
TRAP = "trap"
GOLD_CATEGORIES: tuple[str, ...] = (*GARBLE_CATEGORIES, "speaker", TRAP)
GLOSSARY_CATEGORIES: tuple[str, ...] = (*GARBLE_CATEGORIES, "term")
