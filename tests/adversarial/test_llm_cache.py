"""Hostile model output in the answer cache (issue 10 item 9)."""

from __future__ import annotations

from pathlib import Path

from repair.llm.cache import AnswerCache


def test_oversized_answer_is_not_cached(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path)
    try:
        huge = {"choices": [{"message": {"content": "x" * 8_000_000}}]}
        cache.put("lm-loc-big", "m", huge)
        assert cache.get("lm-loc-big") is None and len(cache) == 0
        small = {"choices": [{"message": {"content": "ok"}}]}
        cache.put("lm-loc-small", "m", small)
        assert cache.get("lm-loc-small") == small
    finally:
        cache.close()
    assert (tmp_path / "llm-answers.sqlite3").stat().st_size < 1_000_000
