"""Builders shared by the LLM tests: a small transcript, a context, a service on a given server."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from repair.checks.base import CheckContext
from repair.checks.engine import finalize
from repair.checks.llm import LLM_CHECK
from repair.core.document import Document
from repair.core.models import Finding
from repair.formats import parse
from repair.glossary.schema import Glossary, default_glossary_path, load_glossary
from repair.llm.cache import AnswerCache
from repair.llm.client import OpenAIChatClient
from repair.llm.service import LLMService

SECRET_KEY = "sk-test-DO-NOT-LEAK-7f3a9c2e41"

# three turns, one passage each with llm_passage_chars=60
SAMPLE = """Lex 00:00:01
如果你看一下这些老板在推特上发布的税收，你会发现很多有趣的东西。

Andrej 00:00:09
是的，你有笔记，每个笔记都连接到其他笔记，这就是网络的结构。

Lex 00:00:20
我们用PyTorch在大赦数据集上训练了一个小网络，效果还不错。
"""


def make_doc(text: str = SAMPLE, path: str = "sample.txt") -> Document:
    return parse(path, text)


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    return load_glossary(default_glossary_path())  # ~2 s of YAML: load it once


def make_context(service: LLMService | None, passage_chars: int = 60) -> CheckContext:
    glossary = default_glossary()
    return CheckContext(glossary=glossary, domain=glossary.domain, llm=service,
                        options={"llm_passage_chars": passage_chars})


def make_service(base_url: str, *, cache_dir: Path | None = None, timeout: float = 5.0,
                 api_key: str = SECRET_KEY, **kw: Any) -> LLMService:
    kw.setdefault("concurrency", 2)
    kw.setdefault("max_retries", 3)
    kw.setdefault("backoff_base", 0.01)
    client = OpenAIChatClient(api_key=api_key, base_url=base_url, timeout=timeout)
    cache = AnswerCache(cache_dir) if cache_dir is not None else None
    return LLMService(client, model="fake-model", cache=cache, **kw)


def run_check(service: LLMService, doc: Document | None = None,
              passage_chars: int = 60) -> list[Finding]:
    doc = doc or make_doc()
    ctx = make_context(service, passage_chars)
    return finalize(doc, LLM_CHECK.run(doc, ctx))


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]
