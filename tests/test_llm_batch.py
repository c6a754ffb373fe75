"""Batch mode round trip: export requests as Batch API JSONL, answer them offline, import the
answers into the cache, then check with no live request."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from fake_openai import FakeOpenAI, garbles, is_plausibility, verdict
from llm_support import SAMPLE, make_service, run_check

from repair.llm.batch import BATCH_URL
from repair.llm.cli import cmd_export, cmd_import

TAX = {"span": "税收", "fix": "文本", "cat": "asr", "conf": 0.8, "why": "text"}


def answer(body: dict[str, Any]) -> dict[str, Any]:
    """What a batch runner would answer, with the model name the server reports."""
    if is_plausibility(body):
        return verdict(0.2, model="fake-model-2026-01-01")
    return garbles(TAX, model="fake-model-2026-01-01")


def export(tmp_path: Path, model: str = "fake-model") -> Path:
    src = tmp_path / "talk.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "batch.jsonl"
    args = argparse.Namespace(files=[str(src)], output=str(out), llm_model=model, glossary=None)
    assert cmd_export(args) == 0
    return out


def results_for(batch: Path, dest: Path, extra: list[str] = ()) -> Path:  # type: ignore[assignment]
    lines = []
    for i, line in enumerate(batch.read_text(encoding="utf-8").splitlines()):
        req = json.loads(line)
        lines.append(json.dumps({"id": f"batch_req_{i}", "custom_id": req["custom_id"],
                                 "response": {"status_code": 200, "request_id": f"r{i}",
                                              "body": answer(req["body"])},
                                 "error": None}, ensure_ascii=False))
    dest.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")
    return dest


def test_export_writes_batch_api_lines(tmp_path: Path) -> None:
    batch = export(tmp_path)
    records = [json.loads(x) for x in batch.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2  # the sample is one passage: one verdict + one locate request
    assert len({r["custom_id"] for r in records}) == 2
    for r in records:
        assert set(r) == {"custom_id", "method", "url", "body"}
        assert r["method"] == "POST" and r["url"] == BATCH_URL == "/v1/chat/completions"
        assert r["body"]["model"] == "fake-model" and r["body"]["temperature"] == 0
        assert r["custom_id"].startswith(("lm-loc-", "lm-pla-")) and len(r["custom_id"]) <= 64
    locate = next(r for r in records if r["custom_id"].startswith("lm-loc-"))
    assert locate["body"]["response_format"]["type"] == "json_schema"
    pla = next(r for r in records if r["custom_id"].startswith("lm-pla-"))
    assert pla["body"]["logprobs"] is True and pla["body"]["top_logprobs"] == 5


def test_round_trip_runs_with_no_live_request(tmp_path: Path) -> None:
    batch = export(tmp_path)
    results = results_for(batch, tmp_path / "results.jsonl")
    cache = tmp_path / "cache"
    args = argparse.Namespace(results=str(results), cache_dir=str(cache), glossary=None)
    assert cmd_import(args) == 0
    with FakeOpenAI() as fake:
        service = make_service(fake.base_url, cache_dir=cache)
        findings = run_check(service, passage_chars=400)
    assert fake.count() == 0 and service.stats["requests"] == 0
    assert service.stats["cache_hits"] == 2
    assert {f.code for f in findings} == {"LM001", "LM002"}
    [f] = [f for f in findings if f.code == "LM001"]
    assert f.text == "税收" and f.replacement == "文本"


def test_import_reports_bad_lines_and_keeps_the_good_ones(tmp_path: Path,
                                                          capsys: Any) -> None:
    batch = export(tmp_path)
    failed = json.dumps({"custom_id": "lm-loc-" + "0" * 48, "response": None,
                         "error": {"code": "server_error", "message": "boom"}})
    foreign = json.dumps({"custom_id": "request-1", "response": {"status_code": 200}})
    results = results_for(batch, tmp_path / "results.jsonl", [failed, "{oops", foreign])
    cache = tmp_path / "cache"
    args = argparse.Namespace(results=str(results), cache_dir=str(cache), glossary=None)
    assert cmd_import(args) == 2
    err = capsys.readouterr().err
    assert "imported 2 answers" in err and "1 requests had failed" in err
    assert "line 4: not JSON" in err and "line 5: custom_id" in err
    with FakeOpenAI() as fake:
        run_check(make_service(fake.base_url, cache_dir=cache), passage_chars=400)
    assert fake.count() == 0


def test_import_of_a_missing_file_is_an_error(tmp_path: Path) -> None:
    args = argparse.Namespace(results=str(tmp_path / "nope.jsonl"),
                              cache_dir=str(tmp_path / "c"), glossary=None)
    assert cmd_import(args) == 2


def test_another_model_name_does_not_reuse_the_answers(tmp_path: Path) -> None:
    batch = export(tmp_path, model="other-model")
    results = results_for(batch, tmp_path / "results.jsonl")
    cache = tmp_path / "cache"
    assert cmd_import(argparse.Namespace(results=str(results), cache_dir=str(cache),
                                         glossary=None)) == 0
    with FakeOpenAI() as fake:
        run_check(make_service(fake.base_url, cache_dir=cache), passage_chars=400)
    assert fake.count() == 2  # keys include the model: fake-model's answers are not there


def test_export_and_import_through_the_cli(tmp_path: Path) -> None:
    from repair.cli import main

    src = tmp_path / "talk.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "b.jsonl"
    assert main(["llm", "export", str(src), "-o", str(out), "--llm-model", "fake-model"]) == 0
    results = results_for(out, tmp_path / "r.jsonl")
    assert main(["llm", "import", str(results), "--cache-dir", str(tmp_path / "c")]) == 0
    assert main(["llm", "export", str(tmp_path / "missing.txt"), "-o", str(out),
                 "--llm-model", "m"]) == 2
