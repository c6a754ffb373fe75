"""A scripted OpenAI-compatible server on loopback, for fault injection in LLM tests.

Each test gives a responder ``(body, n) -> Reply`` (``n`` counts requests from 0), or a script:
a list of replies used in order before the responder takes over. Every request is recorded with
its headers, body, arrival time and the number in flight, so tests can assert retries, delays and
the concurrency bound. Standard library only: ``http.server`` in a daemon thread.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # a dict is sent as JSON, a str as it is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float
    inflight: int


Responder = Callable[[dict[str, Any], int], Reply]


def completion(content: str, *, prompt_tokens: int = 10, completion_tokens: int = 5,
               finish_reason: str = "stop", logprobs: Any = None,
               model: str = "fake") -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason, "logprobs": logprobs,
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def verdict(p_yes: float, **kw: Any) -> dict[str, Any]:
    """A one-token Y/N completion whose top logprobs give P(Y) = ``p_yes``."""
    p_yes = min(max(p_yes, 1e-6), 1 - 1e-6)
    top = [{"token": "Y", "logprob": math.log(p_yes), "bytes": None},
           {"token": "N", "logprob": math.log(1 - p_yes), "bytes": None}]
    top.sort(key=lambda t: -float(t["logprob"]))  # type: ignore[arg-type]
    first = top[0]
    return completion(str(first["token"]), completion_tokens=1, finish_reason="length",
                      logprobs={"content": [{**first, "top_logprobs": top}]}, **kw)


def garbles(*items: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return completion(json.dumps({"garbles": list(items)}, ensure_ascii=False), **kw)


def is_plausibility(body: dict[str, Any]) -> bool:
    return bool(body.get("logprobs"))


def passage_of(body: dict[str, Any]) -> str:
    """The passage text inside the DATA block of a request."""
    user = body["messages"][-1]["content"]
    start = user.index(">\n", user.index("<DATA-")) + 2
    end = user.index("\n</DATA-", start)
    return str(user[start:end])


def default_responder(body: dict[str, Any], n: int) -> Reply:
    if is_plausibility(body):
        return Reply(body=verdict(0.9))
    return Reply(body=garbles())


class FakeOpenAI:
    def __init__(self, responder: Responder = default_responder,
                 script: list[Reply] | None = None) -> None:
        self.responder = responder
        self.script = list(script or [])
        self.requests: list[Seen] = []
        self.max_inflight = 0
        self._inflight = 0
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._send(Reply(body={"object": "list", "data": [{"id": "fake",
                                                                   "object": "model"}]}))

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except json.JSONDecodeError:
                    body = {}
                with fake._lock:
                    fake._inflight += 1
                    fake.max_inflight = max(fake.max_inflight, fake._inflight)
                    n = len(fake.requests)
                    fake.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, body,
                                              time.monotonic(), fake._inflight))
                    reply = fake.script.pop(0) if fake.script else None
                try:
                    if reply is None:
                        reply = fake.responder(body, n)
                    if reply.delay:
                        time.sleep(reply.delay)
                    self._send(reply)
                finally:
                    with fake._lock:
                        fake._inflight -= 1

            def _send(self, reply: Reply) -> None:
                if isinstance(reply.body, str):
                    data = reply.body.encode("utf-8")
                    ctype = "text/plain; charset=utf-8"
                else:
                    data = json.dumps(reply.body if reply.body is not None else {},
                                      ensure_ascii=False).encode("utf-8")
                    ctype = "application/json"
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", ctype)
                    self.send_header("content-length", str(len(data)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- views for assertions ---------------------------------------------------------------
    def bodies(self, kind: str | None = None) -> list[dict[str, Any]]:
        out = [s.body for s in self.requests]
        if kind == "plausibility":
            return [b for b in out if is_plausibility(b)]
        if kind == "locate":
            return [b for b in out if not is_plausibility(b)]
        return out

    def count(self, kind: str | None = None) -> int:
        return len(self.bodies(kind))
