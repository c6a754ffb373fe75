"""Regression tests for the bugs listed in issue 8 (each failed before its fix)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, Reply, completion, garbles, is_plausibility, verdict
from llm_support import SAMPLE, make_service, run_check

from repair.cli import main

SP002_ONLY = "Bob 00:00:01\n你好。\n\nLex 00:00:05\n好的。\n"
TITLE = "凌志 00:00:01\n那篇论文叫注意力就是你所需要的一切，很有名。\n\nLex 00:00:05\n好的。\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- fix: one table of modes and exit codes --------------------------------------------------

def test_a_finding_without_a_fix_fails_fix_write_as_it_fails_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "t.txt"
    doc.write_text(SP002_ONLY, encoding="utf-8")
    # with declared speakers, Bob is unknown: a warning that has no fix
    lex = ("--speakers", "Lex")
    assert run(capsys, "check", str(doc), *lex)[0] == 1
    assert run(capsys, "fix", str(doc), "--write", *lex)[0] == 1
    assert run(capsys, "fix", str(doc), "--write", "--fail-on", "error", *lex)[0] == 0


def test_fix_diff_honours_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "t.txt"
    doc.write_text("第一段里有神经坚果。\n", encoding="utf-8")  # one warning with a safe fix
    code, out, _ = run(capsys, "fix", str(doc), "--diff")
    assert code == 1 and "+第一段里有神经网络" in out
    assert run(capsys, "fix", str(doc), "--diff", "--fail-on", "error")[0] == 0


def test_diff_with_write_is_a_usage_error_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "t.txt"
    doc.write_text("第一段里有神经坚果。\n", encoding="utf-8")
    code, _, err = run(capsys, "fix", str(doc), "--diff", "--write")
    assert code == 2 and "--diff writes nothing" in err
    assert doc.read_text(encoding="utf-8") == "第一段里有神经坚果。\n"


def test_second_fix_write_says_there_is_nothing_to_fix(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "t.txt"
    doc.write_text("第一段里有神经坚果。\n", encoding="utf-8")
    assert "fixed 1" in run(capsys, "fix", str(doc), "--write")[2]
    code, out, err = run(capsys, "fix", str(doc), "--write")
    assert code == 0 and out == "" and "nothing to fix in 1 file" in err


def test_report_keeps_the_nothing_written_hint(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "t.txt"
    doc.write_text("第一段里有神经坚果。\n", encoding="utf-8")
    _, _, err = run(capsys, "fix", str(doc), "--report", str(tmp_path / "r.html"))
    assert "nothing written" in err and "--write" in err
    assert doc.read_text(encoding="utf-8") == "第一段里有神经坚果。\n"


# -- fix must not introduce findings -------------------------------------------------------

def test_title_fix_does_not_trip_the_language_rule(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "t.txt"
    doc.write_text(TITLE, encoding="utf-8")
    run(capsys, "fix", str(doc), "--write")
    assert "《Attention Is All You Need》" in doc.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "check", str(doc), "--format", "json")
    assert code == 0 and json.loads(out)["files"][0]["findings"] == []


def test_english_in_quotes_is_not_untranslated(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "t.txt"
    quoted = "他说：“we are going to build something really interesting today”，然后笑了。\n"
    doc.write_text(quoted, encoding="utf-8")
    assert run(capsys, "check", str(doc), "--select", "LG")[0] == 0
    doc.write_text("他说 we are going to build something really interesting today，然后笑了。\n",
                   encoding="utf-8")
    assert run(capsys, "check", str(doc), "--select", "LG")[0] == 1  # unquoted: still found


# -- the LLM check -------------------------------------------------------------------------

def test_an_unlocatable_span_marks_no_region() -> None:
    bad = {"span": "变压器", "fix": "Transformer", "cat": "sense", "conf": 0.9, "why": "x"}
    with FakeOpenAI(lambda body, n: Reply(body=verdict(0.9) if is_plausibility(body)
                                          else garbles(bad))) as fake:
        findings = run_check(make_service(fake.base_url))
    unlocated = [f for f in findings if "not in the text" in f.message]
    assert unlocated and all(f.span.start == f.span.end and f.text == "" for f in unlocated)


def test_per_file_llm_stats_are_not_summed(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(SAMPLE, encoding="utf-8")
    b.write_text(SAMPLE.replace("Lex", "Andrej", 1), encoding="utf-8")
    with FakeOpenAI() as fake:
        _, out, _ = run(capsys, "check", str(a), str(b), "--llm", "--llm-model", "m",
                        "--llm-base-url", fake.base_url, "--no-cache", "--format", "json")
        sent = len(fake.requests)
    stats = [f["stats"] for f in json.loads(out)["files"]]
    assert stats[0]["requests"] + stats[1]["requests"] == sent
    assert stats[1]["requests"] == stats[0]["requests"]


def test_imported_answers_without_logprobs_send_no_live_request(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "t.txt"
    doc.write_text(SAMPLE, encoding="utf-8")
    batch, results = tmp_path / "batch.jsonl", tmp_path / "results.jsonl"
    cache = tmp_path / "cache"
    assert main(["llm", "export", str(doc), "-o", str(batch), "--llm-model", "m"]) == 0
    lines = []
    for i, line in enumerate(batch.read_text(encoding="utf-8").splitlines()):
        req = json.loads(line)
        # a batch run that did not ask for logprobs: a plain "Y" with no scores
        body = completion("Y") if is_plausibility(req["body"]) else garbles()
        lines.append(json.dumps({"id": f"b{i}", "custom_id": req["custom_id"], "error": None,
                                 "response": {"status_code": 200, "body": body}}))
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["llm", "import", str(results), "--cache-dir", str(cache)]) == 0
    with FakeOpenAI() as fake:
        main(["check", str(doc), "--llm", "--llm-model", "m", "--llm-base-url", fake.base_url,
              "--cache-dir", str(cache), "--format", "json"])
    assert fake.requests == []


# -- CLI surface ---------------------------------------------------------------------------

def test_rules_takes_a_lower_case_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "gl")
    assert code == 0 and "GL001" in out and "SP001" not in out
