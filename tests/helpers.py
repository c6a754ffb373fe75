"""Small builders shared by tests."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from repair.checks.base import CheckContext
from repair.checks.engine import run_checks
from repair.core.models import Finding
from repair.formats import parse
from repair.glossary.schema import Glossary, load_glossary

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "lex_karpathy_zh.txt"
RULE_GLOSSARY = ROOT / "fixtures" / "rules" / "glossary.yaml"


@lru_cache(maxsize=1)
def rule_glossary() -> Glossary:
    return load_glossary(RULE_GLOSSARY)


def check_text(text: str, *, glossary: Glossary | None = None, fmt: str = "text",
               codes: set[str] | None = None, **ctx_kwargs: object) -> list[Finding]:
    g = glossary or rule_glossary()
    doc = parse("<test>", text, fmt)
    ctx = CheckContext(glossary=g, domain=g.domain, **ctx_kwargs)  # type: ignore[arg-type]
    return run_checks(doc, ctx, codes=codes)
