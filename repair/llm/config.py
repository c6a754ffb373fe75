"""The ``llm`` table of ``[tool.mt-repair]``: model, server, concurrency, cache, triage."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class LLMConfig(BaseModel):
    """Settings for the LLM check. The API key is never configured here: only ``OPENAI_API_KEY``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str | None = Field(default=None, description="model name sent to the server")
    base_url: str | None = Field(
        default=None, description="OpenAI-compatible base URL (OPENAI_BASE_URL and --llm-base-url win)"
    )
    concurrency: int = Field(default=4, ge=1, le=64, description="requests in flight at most")
    timeout: float = Field(default=120.0, gt=0, le=3600, description="seconds per request")
    scope: Literal["all", "triage"] = Field(
        default="all",
        description="'all' locates garbles in every passage; 'triage' only in the least plausible ones",
    )
    triage_fraction: float = Field(
        default=0.25, gt=0, le=1, description="share of passages triage sends to locate"
    )
    context_turns: int = Field(
        default=1, ge=0, le=5, description="neighbouring turns shown on each side of a passage"
    )
    cache_dir: str | None = Field(
        default=None, description="answer cache folder (default: the user cache dir of mt-repair)"
    )
    max_retries: int = Field(default=4, ge=0, le=20, description="retries per request on 429, 5xx, timeouts")
