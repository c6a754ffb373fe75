"""Hostile glossaries: replacements with line breaks, fix loops that drift through other entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from repair.cli import main
from repair.core.errors import GlossaryError
from repair.glossary.lint import lint
from repair.glossary.schema import load_glossary

HEAD = """version: 1
name: hostile
language: zh
domains: [ai-ml]
entries:
"""


def test_right_with_a_newline_is_rejected_at_load(tmp_path: Path) -> None:
    g = tmp_path / "g.yaml"
    g.write_text(HEAD + """  - id: inject
    kind: term
    category: asr
    wrong: [神经坚果]
    right: "神经网络\\nLex 00:00:01"
    examples: {bad: [这是一个神经坚果。]}
""", encoding="utf-8")
    with pytest.raises(GlossaryError, match="one line"):
        load_glossary(g)


def test_lint_catches_a_drifting_fix_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    g = tmp_path / "g.yaml"
    g.write_text(HEAD + """  - id: nut
    kind: term
    category: asr
    wrong: [神经坚果]
    right: 神经螺母
    examples: {bad: [这是一个神经坚果网。]}
  - id: bolt
    kind: term
    category: asr
    wrong: [螺母网]
    right: 坚果网
    examples: {bad: [这是一个螺母网。]}
""", encoding="utf-8")
    problems = lint(load_glossary(g))
    assert any("does not converge" in p.message for p in problems), problems
    code = main(["glossary", "lint", str(g)])
    assert code == 2 and "does not converge" in capsys.readouterr().out


def test_cr_only_transcript_headers_are_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "mac.txt"
    doc.write_bytes("Lex 01:27:00\r你好。\r\r凌志01:27:22\r这是一个神经坚果。\r".encode())
    code = main(["check", str(doc), "--select", "SP001", "--speakers", "Lex,Andrej", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 1 and "凌志" in out


def test_long_cr_only_file_is_not_one_giant_line() -> None:
    from repair.core.io import decode

    text = ("这是一行普通的句子。\r" * 200).encode()
    assert decode(text, max_line=100).newline == "\r"
