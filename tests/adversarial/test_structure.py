"""Structure-bearing formats: SAFE fixes edit prose only, never Markdown code or HTML blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from repair.cli import main

CODE_PARTS = [
    "````\r\n神经坚果 = 1\r\n```\r\n还是代码 神经坚果\r\n````\r\n",
    "- 列表项\r\n\r\n  ```\r\n  神经坚果()\r\n  ```\r\n",
    "    缩进代码 神经坚果\r\n",
    "<pre>\r\n神经坚果\r\n</pre>\r\n",
]


@pytest.mark.parametrize("block", CODE_PARTS)
def test_markdown_code_is_never_edited(tmp_path: Path, block: str) -> None:
    doc = tmp_path / "a.md"
    text = "正文里有神经坚果。\r\n\r\n" + block + "\r\n结尾。\r\n"
    doc.write_bytes(text.encode())
    main(["fix", str(doc), "--write"])
    fixed = doc.read_bytes().decode()
    assert fixed.startswith("正文里有神经网络。\r\n")
    assert block in fixed


def test_unclosed_fence_runs_to_the_end(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    text = "正文里有神经坚果。\n\n```\n神经坚果 = 1\n"
    doc.write_text(text, encoding="utf-8")
    main(["fix", str(doc), "--write"])
    assert doc.read_text(encoding="utf-8") == "正文里有神经网络。\n\n```\n神经坚果 = 1\n"


def test_vtt_only_cue_text_is_fixed(tmp_path: Path) -> None:
    doc = tmp_path / "a.vtt"
    head = (
        "WEBVTT 神经坚果 header\n\nSTYLE\n::cue(.神经坚果) { color: red }\n\nNOTE 神经坚果 note\n\n"
        "REGION\nid:神经坚果\n\n"
    )
    cue = "00:00:00.000 --> 00:00:02.000 region:神经坚果\n<c.神经坚果>这是一个神经坚果。</c>\n"
    note = "\nNOTE 中间的神经坚果\n"
    doc.write_text(head + cue + note, encoding="utf-8")
    main(["fix", str(doc), "--write"])
    assert doc.read_text(encoding="utf-8") == head + cue.replace("这是一个神经坚果", "这是一个神经网络") + note
