"""The `review` command: arguments, exit codes, --findings, and the save path (no terminal)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
from review_support import TEXT, expected_text, findings_of, review_args, write_case

from repair.checks.base import Check, CheckContext, Registry, Rule
from repair.core.document import Document, SegmentKind
from repair.core.models import Finding, Origin, Severity
from repair.core.results import FileResult
from repair.review.saving import build_llm_recheck
from repair.runner import context_for, glossary_for, load_document
from repair.settings import Settings
from tui import cli
from tui.app import ReviewResult


class FakeApp:
    """Stands in for the Textual app: accepts the first two findings, saves, quits."""

    def __init__(self, session: Any, *, save: Any, **kw: Any) -> None:
        self.session, self.save, self.saves = session, save, 0

    def run(self) -> ReviewResult:
        self.session.goto(1)
        self.session.accept()
        self.session.accept()
        outcome = self.save(self.session)
        assert outcome.saved, outcome.message
        self.saves += 1
        s = self.session
        return ReviewResult(s.progress(), self.saves, s.unsaved(), s.stale())


def run_cmd(args: argparse.Namespace, monkeypatch: pytest.MonkeyPatch) -> int:
    import tui.app

    monkeypatch.setattr(tui.app, "make_review_app", FakeApp)
    return cli.cmd_review(args)


def test_register_adds_review_with_its_options() -> None:
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["review", "f.txt", "--findings", "x.json", "--glossary", "g.yaml",
                              "--state-dir", "s", "--config", "c.toml", "--llm"])
    assert args.func is cli.cmd_review
    assert (args.file, args.findings, args.state_dir) == (Path("f.txt"), Path("x.json"),
                                                         Path("s"))
    assert args.llm is True


def test_review_saves_and_summarises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    doc, g, c = write_case(tmp_path)
    assert run_cmd(review_args(doc, g, c, tmp_path / "state"), monkeypatch) == cli.EXIT_OK
    assert doc.read_text(encoding="utf-8") == expected_text({1: "神经网络", 2: "Lex"})
    err = capsys.readouterr().err
    assert "2/6 reviewed" in err and "saved 1×" in err and "journal:" in err


def test_review_of_check_json_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from repair.checks.registry import default_registry
    from repair.report import render_json

    doc, g, c = write_case(tmp_path)
    _text, findings = findings_of(doc, g)
    loaded = load_document(doc)
    report = render_json([FileResult(str(doc), loaded.document, findings[:3])],
                         rules=default_registry().rules)
    js = tmp_path / "findings.json"
    js.write_text(report, encoding="utf-8")
    args = review_args(doc, g, c, tmp_path / "state", findings=js)
    prep = cli.prepare(args)
    try:
        assert [f.fingerprint for f in prep.session.findings] == [
            f.fingerprint for f in findings[:3]]
    finally:
        prep.writer.close()
    assert run_cmd(args, monkeypatch) == cli.EXIT_OK
    assert doc.read_text(encoding="utf-8") == expected_text({1: "神经网络", 2: "Lex"})


@pytest.mark.parametrize("what", ["missing", "config", "glossary", "findings", "locked"])
def test_input_errors_exit_2_naming_the_file(tmp_path: Path, what: str,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    doc, g, c = write_case(tmp_path)
    extra: dict[str, Any] = {}
    named = doc
    if what == "missing":
        doc = named = tmp_path / "nope.txt"
    elif what == "config":
        c.write_text("unknown_key = 1\n", encoding="utf-8")
        named = c
    elif what == "glossary":
        g.write_text("version: 1\nentries: [oops\n", encoding="utf-8")
        named = g
    elif what == "findings":
        named = extra["findings"] = tmp_path / "f.json"
        named.write_text('{"version": 1, "files": []}', encoding="utf-8")
    args = review_args(doc, g, c, tmp_path / "state", **extra)
    held = None
    if what == "locked":
        from repair.review.journal import JournalWriter, journal_path

        named = journal_path(doc, tmp_path / "state")
        held = JournalWriter(named)
    try:
        assert run_cmd(args, monkeypatch) == cli.EXIT_ERROR
    finally:
        if held is not None:
            held.close()
    assert str(named) in capsys.readouterr().err


def test_python_m_tui_parses_like_repair_review(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    from tui.__main__ import main

    seen: list[argparse.Namespace] = []
    monkeypatch.setattr("tui.__main__.register", _register_with(seen))
    assert main([str(tmp_path / "f.txt"), "--state-dir", "s"]) == 0
    assert main(["review", "g.txt"]) == 0
    assert [a.file for a in seen] == [tmp_path / "f.txt", Path("g.txt")]


def _register_with(seen: list[argparse.Namespace]) -> Any:
    def register(sub: Any) -> argparse.ArgumentParser:
        p = cli.register(sub)
        p.set_defaults(func=lambda a: seen.append(a) or 0)
        return p
    return register


LLM_RULE = Rule("ZZ901", "fake-llm", "fake", Severity.WARNING, Origin.LLM, "unsafe", "doc")


def test_llm_recheck_checks_only_the_turn(tmp_path: Path) -> None:
    doc_path, g, _ = write_case(tmp_path)
    loaded = load_document(doc_path)
    seen: list[list[tuple[int, int]]] = []

    def run(doc: Document, ctx: CheckContext) -> list[Finding]:
        seen.append([(s.start, s.end) for s in doc.prose()])
        return []
    registry = Registry()
    registry.register(Check(rules=(LLM_RULE,), run=run, needs_llm=True))
    _, glossary = glossary_for(Settings(), g)
    assert build_llm_recheck(loaded, context_for(Settings(), glossary), {"ZZ901"},
                             registry) is None  # no service, no re-check
    ctx = context_for(Settings(), glossary, llm=object())
    recheck = build_llm_recheck(loaded, ctx, {"ZZ901"}, registry)
    assert recheck is not None
    _, findings = findings_of(doc_path, g)
    recheck(findings[3])  # 变形器 in the second turn
    ((start, end),) = seen[0]
    assert TEXT[start:end].strip() == "变形器架构非常通用，这个模型的重量很大。"
    assert all(s.kind is SegmentKind.PROSE for s in loaded.document.prose())



def test_summary_lists_stale_decisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    doc, g, c = write_case(tmp_path)
    args = review_args(doc, g, c, tmp_path / "state")
    prep = cli.prepare(args)
    prep.session.reject()
    prep.session.reject()
    prep.writer.close()
    doc.write_text(TEXT.replace("神经坚果", "神经网络"), encoding="utf-8")

    class QuitApp(FakeApp):
        def run(self) -> ReviewResult:
            s = self.session
            return ReviewResult(s.progress(), 0, s.unsaved(), s.stale())
    import tui.app

    monkeypatch.setattr(tui.app, "make_review_app", QuitApp)
    assert cli.cmd_review(args) == cli.EXIT_OK
    err = capsys.readouterr().err
    assert "1 stale decision(s)" in err and "! GL001 line 2: 神经坚果 (rejected)" in err


def test_llm_without_a_model_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("MT_REPAIR_LLM_MODEL", raising=False)
    doc, g, c = write_case(tmp_path)
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["review", str(doc), "--glossary", str(g), "--config", str(c),
                              "--state-dir", str(tmp_path / "s"), "--llm"])
    assert run_cmd(args, monkeypatch) == cli.EXIT_ERROR
    assert "model" in capsys.readouterr().err


def test_repair_cli_finds_review_through_the_entry_point(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str],
                                                         ) -> None:
    import repair.cli

    class EP:
        def load(self) -> Any:
            return cli.register

    monkeypatch.setattr(repair.cli, "entry_points",
                        lambda group: [EP()] if group == "mt_repair.commands" else [])
    assert repair.cli.main(["review", "--help"]) == 0
    assert "--state-dir" in capsys.readouterr().out
