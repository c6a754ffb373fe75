"""LLMService: ties the client, the cache, bounded concurrency, retries, stats and progress.

Work runs in two phases so a local server can reuse its prompt prefix: first the cheap
plausibility verdict for every passage, then the locate request for every passage (scope "all")
or only for the least plausible share (scope "triage"). A passage whose locate request still fails
after the retries comes back with ``error`` set; the others are unaffected.

The service never prints: progress goes to a callback, usage to ``stats``.
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from repair.llm.cache import AnswerCache, cache_key
from repair.llm.client import (
    FATAL,
    FORMAT,
    NO_LOGPROBS,
    TOKEN_PARAM,
    TRANSIENT,
    ChatClient,
    LLMRequestError,
)
from repair.llm.prompts import (
    RESPONSE_MODES,
    PromptInput,
    locate_body,
    locate_messages,
    plausibility_body,
    plausibility_messages,
)
from repair.llm.schema import (
    AnswerError,
    LocateAnswer,
    content_of,
    finish_reason_of,
    parse_locate,
    read_plausibility,
    usage_of,
)

log = logging.getLogger("repair.llm")

STAT_KEYS = (
    "passages",
    "requests",
    "cache_hits",
    "prompt_tokens",
    "completion_tokens",
    "failed_passages",
    "retries",
)
UNREACHABLE_AFTER = 6  # connection failures in a row before the server counts as down
LOCATE = "locate"
PLAUSIBILITY = "plausibility"


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    phase: str  # "plausibility", "locate" or "done"
    done: int
    total: int
    prompt_tokens: int
    completion_tokens: int


ProgressCallback = Callable[[ProgressEvent], None]


@dataclass
class Outcome:
    """What the model said about one passage."""

    plausibility: float | None = None
    answer: LocateAnswer | None = None
    located: bool = False  # the locate step ran (scope "triage" skips some passages)
    error: str | None = None  # the locate step failed: the passage was not checked
    attempts: int = 0


class LLMService:
    def __init__(
        self,
        client: ChatClient | None,
        *,
        model: str,
        cache: AnswerCache | None = None,
        concurrency: int = 4,
        scope: str = "all",
        triage_fraction: float = 0.25,
        context_turns: int = 1,
        max_retries: int = 4,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        max_retry_after: float = 120.0,
        progress: ProgressCallback | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if scope not in ("all", "triage"):
            raise ValueError(f"unknown scope {scope!r}")
        self.client = client
        self.model = model
        self.cache = cache
        self.concurrency = max(1, concurrency)
        self.scope = scope
        self.triage_fraction = triage_fraction
        self.context_turns = context_turns
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_retry_after = max_retry_after
        self.progress = progress
        self.stats: dict[str, int] = dict.fromkeys(STAT_KEYS, 0)
        self._sleep = sleep
        self._lock = threading.Lock()
        self._mode_index = 0  # into RESPONSE_MODES; only ever moves to simpler modes
        self._token_param = "max_tokens"
        self._logprobs = True
        self._fatal: str | None = None
        self._dead_in_a_row = 0  # requests in a row that reached no server at all
        self._pause_until = 0.0

    # -- public ----------------------------------------------------------------------------
    @property
    def response_mode(self) -> str:
        return RESPONSE_MODES[self._mode_index]

    def run(self, prompts: Sequence[PromptInput]) -> list[Outcome]:
        """Score every passage, then locate garbles in those the scope selects."""
        outcomes = [Outcome() for _ in prompts]
        self._bump("passages", len(prompts))
        if not prompts:
            return outcomes
        try:
            if self._logprobs:
                self._phase(
                    PLAUSIBILITY,
                    list(range(len(prompts))),
                    lambda i: self._guarded(self._score, prompts[i], outcomes[i]),
                )
            chosen = self._select(outcomes)
            self._phase(LOCATE, chosen, lambda i: self._guarded(self._locate, prompts[i], outcomes[i]))
        finally:
            self._emit("done", len(prompts), len(prompts))  # ends the progress display
        self._bump("failed_passages", sum(1 for o in outcomes if o.error is not None))
        return outcomes

    def batch_requests(self, prompts: Sequence[PromptInput]) -> list[tuple[str, dict[str, Any]]]:
        """(custom_id, body) for every request a run needs, for an offline batch."""
        out: list[tuple[str, dict[str, Any]]] = []
        for inp in prompts:
            pm = plausibility_messages(inp)
            out.append(
                (
                    cache_key(self.model, PLAUSIBILITY, pm),
                    plausibility_body(self.model, pm, token_param=self._token_param),
                )
            )
            lm = locate_messages(inp)
            out.append(
                (
                    cache_key(self.model, LOCATE, lm),
                    locate_body(self.model, lm, self.response_mode, token_param=self._token_param),
                )
            )
        return out

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()

    # -- phases ----------------------------------------------------------------------------
    def _phase(self, phase: str, indices: list[int], work: Callable[[int], None]) -> None:
        total = len(indices)
        done = 0
        self._emit(phase, 0, total)
        if self.concurrency == 1 or total <= 1:
            for i in indices:
                work(i)
                done += 1
                self._emit(phase, done, total)
            return
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix=f"llm-{phase}") as pool:
            try:
                for _ in pool.map(work, indices):
                    done += 1
                    self._emit(phase, done, total)
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise

    @staticmethod
    def _guarded(step: Callable[[PromptInput, Outcome], None], inp: PromptInput, out: Outcome) -> None:
        """A bug or an unexpected client exception fails one passage, not the run."""
        try:
            step(inp, out)
        except Exception as exc:
            log.exception("LLM step failed unexpectedly")
            out.error = f"unexpected error: {type(exc).__name__}: {exc}"

    def _select(self, outcomes: list[Outcome]) -> list[int]:
        every = list(range(len(outcomes)))
        if self.scope == "all":
            return every
        unknown = [i for i in every if outcomes[i].plausibility is None]
        known = sorted(
            (i for i in every if outcomes[i].plausibility is not None),
            key=lambda i: (outcomes[i].plausibility, i),
        )
        take = math.ceil(self.triage_fraction * len(known)) if known else 0
        return sorted(unknown + known[:take])

    def _score(self, inp: PromptInput, out: Outcome) -> None:
        messages = plausibility_messages(inp)
        key = cache_key(self.model, PLAUSIBILITY, messages)
        cached = self.cache.get(key) if self.cache is not None else None
        if cached is not None:
            # an answer without logprobs (a batch run that did not ask for them) is "no score",
            # not a reason to ask the server again
            self._bump("cache_hits")
            out.plausibility = read_plausibility(cached)
            return
        if not self._logprobs or self._fatal is not None:
            return
        try:
            completion = self._send(
                lambda: plausibility_body(self.model, messages, token_param=self._token_param)
            )
        except LLMRequestError as exc:
            if exc.kind == NO_LOGPROBS:
                self._logprobs = False
                log.warning("server returns no logprobs: plausibility scores are off")
            else:
                log.warning("plausibility request failed: %s", exc)
            return
        out.plausibility = read_plausibility(completion)
        if out.plausibility is not None and self.cache is not None:
            self.cache.put(key, self.model, completion)

    def _locate(self, inp: PromptInput, out: Outcome) -> None:
        out.located = True
        messages = locate_messages(inp)
        key = cache_key(self.model, LOCATE, messages)
        cached = self.cache.get(key) if self.cache is not None else None
        if cached is not None:
            try:
                out.answer = parse_locate(content_of(cached), finish_reason_of(cached))
                self._bump("cache_hits")
                return
            except AnswerError:
                pass  # an unreadable imported answer: ask again
        last = "no answer"
        for _ in range(2):  # one more try when the answer cannot be read
            if self._fatal is not None:
                out.error = self._fatal
                return
            try:
                completion = self._send(
                    lambda: locate_body(
                        self.model, messages, self.response_mode, token_param=self._token_param
                    )
                )
            except LLMRequestError as exc:
                out.error = str(exc)
                return
            out.attempts += 1
            try:
                out.answer = parse_locate(content_of(completion), finish_reason_of(completion))
            except AnswerError as exc:
                last = f"the model's answer could not be read: {exc}"
                continue
            if self.cache is not None:
                self.cache.put(key, self.model, completion)
            return
        out.error = last

    # -- one request with retries -------------------------------------------------------------
    def _send(self, make_body: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        if self.client is None:
            raise LLMRequestError("no live client (offline run) and no cached answer", kind=FATAL)
        attempt = 0
        while True:
            if self._fatal is not None:
                raise LLMRequestError(self._fatal, kind=FATAL)
            self._wait_for_pause()
            body = make_body()
            self._bump("requests")
            try:
                completion = self.client.create(body)
            except LLMRequestError as exc:
                if exc.kind == FORMAT and "response_format" in body and self._simpler_mode(body):
                    continue
                if exc.kind == TOKEN_PARAM and self._token_param == "max_tokens":
                    self._token_param = "max_completion_tokens"
                    continue
                if exc.kind == FATAL:
                    self._fatal = str(exc)
                    raise
                if self._unreachable(exc):
                    raise LLMRequestError(self._fatal or str(exc), kind=FATAL) from None
                if exc.kind in (TRANSIENT, FORMAT) and attempt < self.max_retries:
                    delay = self._delay(attempt, exc.retry_after)
                    attempt += 1
                    self._bump("retries")
                    log.info("retry %d/%d in %.2f s: %s", attempt, self.max_retries, delay, exc)
                    self._sleep(delay)
                    continue
                if attempt:
                    raise LLMRequestError(
                        f"{exc} (after {attempt} retries)", kind=exc.kind, status=exc.status
                    ) from None
                raise
            with self._lock:
                self._dead_in_a_row = 0
            prompt_tokens, completion_tokens = usage_of(completion)
            self._bump("prompt_tokens", prompt_tokens)
            self._bump("completion_tokens", completion_tokens)
            return completion

    def _unreachable(self, exc: LLMRequestError) -> bool:
        """Circuit breaker: a server that answers nothing (refused, reset, timed out) on
        ``UNREACHABLE_AFTER`` requests in a row is down. Stop asking (every remaining passage is
        reported LM003 at once) instead of spending minutes of retries on each passage."""
        if exc.reached:
            return False  # the server answered (an HTTP error, a bad body): retried as usual
        with self._lock:
            self._dead_in_a_row += 1
            if self._dead_in_a_row >= UNREACHABLE_AFTER and self._fatal is None:
                self._fatal = (
                    f"the LLM server did not answer {self._dead_in_a_row} requests in a row "
                    f"({exc}); not asking it again in this run"
                )
                log.warning("%s", self._fatal)
            return self._fatal is not None

    def _simpler_mode(self, body: dict[str, Any]) -> bool:
        """Step down json_schema → json_object + schema → json_object → prompt only."""
        with self._lock:
            used = body.get("response_format") or {}
            if "json_schema" in used:
                used_index = 0
            elif "schema" in used:
                used_index = 1
            else:
                used_index = 2
            if used_index >= len(RESPONSE_MODES) - 1:
                return False
            if self._mode_index <= used_index:
                self._mode_index = used_index + 1
                log.info(
                    "server rejects response_format %s; falling back to %s",
                    RESPONSE_MODES[used_index],
                    RESPONSE_MODES[self._mode_index],
                )
            return True

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            delay = min(retry_after, self.max_retry_after)
            with self._lock:  # every worker holds off, not only this one
                self._pause_until = max(self._pause_until, time.monotonic() + delay)
            return delay
        base = self.backoff_base * (2**attempt)
        return float(min(self.backoff_cap, base * (1 + random.random() / 4)))

    def _wait_for_pause(self) -> None:
        while True:
            with self._lock:
                wait = self._pause_until - time.monotonic()
            if wait <= 0:
                return
            self._sleep(wait)

    # -- bookkeeping ----------------------------------------------------------------------------
    def _bump(self, key: str, n: int = 1) -> None:
        with self._lock:
            self.stats[key] = self.stats.get(key, 0) + n

    def _emit(self, phase: str, done: int, total: int) -> None:
        if self.progress is None:
            return
        with self._lock:
            pt, ct = self.stats["prompt_tokens"], self.stats["completion_tokens"]
        self.progress(ProgressEvent(phase, done, total, pt, ct))
