"""Batch mode: write a run's requests as OpenAI Batch API JSONL, read the answers into the cache.

Export lines: ``{"custom_id", "method": "POST", "url": "/v1/chat/completions", "body": {...}}``
(what OpenAI Batch and ``vllm run-batch`` accept); ``custom_id`` is the cache key. Import lines:
``{"custom_id", "response": {"status_code", "body": {chat completion}}, "error"}``. After an
import, check / fix / review with the same model name and glossary send no live requests.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from repair.core.errors import InputError
from repair.core.io import atomic_write
from repair.llm.cache import KEY_PREFIXES, AnswerCache

BATCH_URL = "/v1/chat/completions"


def batch_lines(requests: Iterable[tuple[str, dict[str, Any]]]) -> list[str]:
    seen: set[str] = set()
    lines: list[str] = []
    for custom_id, body in requests:
        if custom_id in seen:  # the same passage twice (repeated text, several files)
            continue
        seen.add(custom_id)
        lines.append(
            json.dumps(
                {"custom_id": custom_id, "method": "POST", "url": BATCH_URL, "body": body},
                ensure_ascii=False,
                separators=(",", ":"),
            )
        )
    return lines


def write_batch(path: Path, requests: Iterable[tuple[str, dict[str, Any]]]) -> int:
    lines = batch_lines(requests)
    atomic_write(Path(path), ("\n".join(lines) + "\n" if lines else "").encode("utf-8"))
    return len(lines)


@dataclass
class ImportReport:
    imported: int = 0
    failed: int = 0  # answered with an error or a non-200 status
    problems: list[str] = field(default_factory=list)  # "line N: why" for unreadable lines


def _completion(record: dict[str, Any]) -> dict[str, Any] | None:
    if record.get("error"):
        return None
    response = record.get("response")
    if not isinstance(response, dict) or response.get("status_code") != 200:
        return None
    body = response.get("body")
    if isinstance(body, dict) and isinstance(body.get("choices"), list) and body["choices"]:
        return body
    return None


def import_results(path: Path, cache: AnswerCache) -> ImportReport:
    report = ImportReport()
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 (invalid byte at offset {exc.start}); not imported", path=str(path)
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            report.problems.append(f"line {n}: not JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            report.problems.append(f"line {n}: not a JSON object")
            continue
        custom_id = record.get("custom_id")
        if not isinstance(custom_id, str) or not custom_id.startswith(KEY_PREFIXES):
            report.problems.append(f"line {n}: custom_id is not an mt-repair request id")
            continue
        completion = _completion(record)
        if completion is None:
            report.failed += 1
            continue
        cache.put(custom_id, str(completion.get("model") or ""), completion)
        report.imported += 1
    return report
