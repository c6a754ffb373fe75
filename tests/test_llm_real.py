"""Against the real local model (0.5B, temperature 0): what a run really does, never what we hope
a small model finds. Three short passages of the fixture keep this file well under 3 minutes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import FIXTURE
from llm_fixtures import REAL_MODEL

from repair.checks.engine import finalize
from repair.checks.llm import LLM_CHECK, build_prompts, findings_for
from repair.core.document import Document
from repair.core.models import Applicability, Finding
from repair.formats import parse
from repair.llm.cache import AnswerCache
from repair.llm.client import OpenAIChatClient
from repair.llm.passages import Passage, passages_of
from repair.llm.service import LLMService, Outcome
from repair.llm.verify import guard

pytestmark = pytest.mark.llm_real

PASSAGE_CHARS = 150


@dataclass
class RealRun:
    doc: Document
    passages: list[Passage]
    outcomes: list[Outcome]
    findings: list[Finding]
    service: LLMService
    cache_dir: Path


def excerpt() -> Document:
    text = FIXTURE.read_text(encoding="utf-8")
    full = parse("excerpt.txt", text)
    cut = passages_of(full, PASSAGE_CHARS)[2].end
    return parse("excerpt.txt", text[:cut])


def service_for(base_url: str, cache_dir: Path) -> LLMService:
    client = OpenAIChatClient(api_key="sk-no-key-required", base_url=base_url, timeout=120)
    return LLMService(client, model=REAL_MODEL, cache=AnswerCache(cache_dir), concurrency=1,
                      max_retries=1)


@pytest.fixture(scope="module")
def real_run(llm_server: str, tmp_path_factory: pytest.TempPathFactory) -> RealRun:
    from llm_support import make_context

    cache_dir = tmp_path_factory.mktemp("llm-cache")
    doc = excerpt()
    service = service_for(llm_server, cache_dir)
    ctx = make_context(service, PASSAGE_CHARS)
    passages = passages_of(doc, PASSAGE_CHARS)
    outcomes = service.run(build_prompts(doc, ctx, passages, service.context_turns))
    findings = finalize(doc, findings_for(doc, ctx, passages, outcomes, 0.5))
    return RealRun(doc, passages, outcomes, findings, service, cache_dir)


def test_every_passage_is_checked(real_run: RealRun) -> None:
    assert len(real_run.passages) == 3
    assert real_run.service.stats["failed_passages"] == 0
    assert all(o.located and o.error is None and o.answer is not None for o in real_run.outcomes)
    # llama-cpp-python rejects response_format json_schema; its json_object + schema works
    assert real_run.service.response_mode == "json_object_schema"
    assert real_run.service.stats["prompt_tokens"] > 0


def test_plausibility_is_a_probability_per_passage(real_run: RealRun) -> None:
    scores = [o.plausibility for o in real_run.outcomes]
    assert all(s is not None and 0.0 <= s <= 1.0 for s in scores)


def test_findings_are_well_formed_and_fixes_are_verified_spans(real_run: RealRun) -> None:
    text = real_run.doc.text
    for f in real_run.findings:
        assert f.code in ("LM001", "LM002") and f.origin.value == "llm"
        assert 0.0 <= f.confidence <= 1.0
        assert text[f.span.start:f.span.end] == f.text
        if f.fix is None:
            continue
        assert f.code == "LM001" and f.fix.applicability is Applicability.UNSAFE
        [edit] = f.fix.edits
        assert text[edit.span.start:edit.span.end] == edit.expected
        assert guard(text, edit.span.start, edit.span.end, edit.replacement,
                     f.category or "nonsense").ok


def test_cached_rerun_sends_no_request(real_run: RealRun, llm_server: str) -> None:
    from llm_support import make_context

    service = service_for(llm_server, real_run.cache_dir)
    again = finalize(real_run.doc, LLM_CHECK.run(real_run.doc, make_context(service,
                                                                            PASSAGE_CHARS)))
    assert service.stats["requests"] == 0 and service.stats["cache_hits"] == 6
    assert [f.fingerprint for f in again] == [f.fingerprint for f in real_run.findings]
