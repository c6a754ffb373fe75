"""The only module that imports ``openai``; it does so lazily, when a client is built.

The SDK is configured its own way (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``) and its retries are
off (``max_retries=0``): service.py retries, so Retry-After and the request counts are ours. Every
failure becomes one ``LLMRequestError`` whose ``kind`` says what to do about it.
"""

from __future__ import annotations

import email.utils
import json
import time
from typing import Any, Protocol

TRANSIENT = "transient"  # 408, 409, 429, 5xx, timeouts, broken bodies: retry with backoff
FORMAT = "format"  # the server rejects response_format: fall back to a simpler mode
TOKEN_PARAM = "token-param"  # the server wants max_completion_tokens instead of max_tokens
NO_LOGPROBS = "no-logprobs"  # the server cannot return logprobs
FATAL = "fatal"  # 401, 403, 404: every further request would fail the same way
PERMANENT = "permanent"  # any other 4xx: this request cannot succeed

_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "grammar")


class LLMRequestError(Exception):
    def __init__(
        self,
        message: str,
        *,
        kind: str,
        status: int | None = None,
        retry_after: float | None = None,
        reached: bool = True,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after
        self.reached = reached  # False: no server answered (refused, reset, timed out)


class ChatClient(Protocol):
    """Sends one chat-completion request body and returns the completion as plain JSON data."""

    def create(self, body: dict[str, Any]) -> dict[str, Any]: ...


def parse_retry_after(headers: Any, now: float | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``retry-after`` (seconds or an HTTP date)."""
    if headers is None:
        return None
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def classify(status: int, message: str) -> str:
    low = message.lower()
    if status in (400, 422, 500, 501) and any(w in low for w in _FORMAT_WORDS):
        return FORMAT
    if status in (400, 422) and "max_tokens" in low and "max_completion_tokens" in low:
        return TOKEN_PARAM
    if "logprobs" in low and status in (400, 422, 500, 501):
        return NO_LOGPROBS
    if status in (408, 409, 429) or status >= 500:
        return TRANSIENT
    if status in (401, 403, 404):
        return FATAL
    return PERMANENT


def redact(text: str, secrets: tuple[str, ...]) -> str:
    for s in secrets:
        if s and len(s) >= 4:
            text = text.replace(s, "***")
    return text


class OpenAIChatClient:
    """``ChatClient`` over the official SDK: any OpenAI-compatible server."""

    def __init__(self, *, api_key: str, base_url: str | None, timeout: float) -> None:
        import openai

        self._openai = openai
        self._secrets = (api_key,)
        self._client = openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0)

    @property
    def base_url(self) -> str:
        return str(self._client.base_url)

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        openai = self._openai
        try:
            raw = self._client.chat.completions.with_raw_response.create(**body)
            text = raw.http_response.text
        except openai.APITimeoutError:
            raise LLMRequestError("request timed out", kind=TRANSIENT, reached=False) from None
        except openai.APIConnectionError as exc:
            raise LLMRequestError(
                redact(f"connection error: {exc}", self._secrets), kind=TRANSIENT, reached=False
            ) from None
        except openai.APIStatusError as exc:
            message = redact(_status_message(exc), self._secrets)
            raise LLMRequestError(
                f"HTTP {exc.status_code}: {message}",
                kind=classify(exc.status_code, message),
                status=exc.status_code,
                retry_after=parse_retry_after(exc.response.headers),
            ) from None
        except openai.OpenAIError as exc:
            raise LLMRequestError(redact(f"client error: {exc}", self._secrets), kind=PERMANENT) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise LLMRequestError("server sent a body that is not JSON", kind=TRANSIENT) from None
        if not isinstance(data, dict) or not isinstance(data.get("choices"), list) or not data["choices"]:
            raise LLMRequestError("server sent no choices", kind=TRANSIENT)
        return data


def _status_message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])[:500]
        if isinstance(err, str):
            return err[:500]
    return str(getattr(exc, "message", exc))[:500]
