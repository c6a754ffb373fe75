"""Settings -> the LLM service for ``ctx.llm`` (or None when the LLM check is off).

The API key comes only from ``OPENAI_API_KEY`` and is never printed, logged, cached or exported.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from repair.core.errors import ConfigError
from repair.llm.config import LLMConfig

if TYPE_CHECKING:
    from repair.llm.service import LLMService
    from repair.settings import Settings

MODEL_ENV = "MT_REPAIR_LLM_MODEL"
PLACEHOLDER_KEY = "sk-no-key-required"  # local servers accept any key


def require_model(cfg: LLMConfig) -> str:
    if not cfg.model:
        raise ConfigError(
            f"--llm needs a model name: pass --llm-model NAME, set {MODEL_ENV}, "
            "or set model in the [tool.mt-repair.llm] config table"
        )
    return cfg.model


def resolve_api_key(base_url: str | None) -> str:
    key = os.environ.get("OPENAI_API_KEY")
    if key:
        return key
    if base_url:
        return PLACEHOLDER_KEY
    raise ConfigError(
        "OPENAI_API_KEY is not set: the hosted OpenAI API needs it; for a local "
        "server set OPENAI_BASE_URL or --llm-base-url"
    )


def cache_dir(cfg: LLMConfig) -> Path:
    from repair.llm.cache import default_cache_dir

    return Path(cfg.cache_dir).expanduser() if cfg.cache_dir else default_cache_dir()


def service_for(settings: Settings, *, progress: bool) -> LLMService | None:
    """The service for ``ctx.llm``; None unless ``settings.use_llm`` (then nothing calls a model)."""
    if not settings.use_llm:
        return None
    cfg = settings.llm
    model = require_model(cfg)
    api_key = resolve_api_key(cfg.base_url)
    from repair.llm.cache import AnswerCache
    from repair.llm.client import OpenAIChatClient
    from repair.llm.service import LLMService

    cache = None
    if settings.llm_cache:
        folder = cache_dir(cfg)
        try:
            cache = AnswerCache(folder)
        except OSError as exc:
            raise ConfigError(f"cannot open the LLM cache in {folder}: {exc}") from None
    callback = None
    if progress:
        from repair.llm.progress import RichProgress

        callback = RichProgress()
    client = OpenAIChatClient(api_key=api_key, base_url=cfg.base_url, timeout=cfg.timeout)
    return LLMService(
        client,
        model=model,
        cache=cache,
        concurrency=cfg.concurrency,
        scope=cfg.scope,
        triage_fraction=cfg.triage_fraction,
        context_turns=cfg.context_turns,
        max_retries=cfg.max_retries,
        progress=callback,
    )
