"""ASS/SSA subtitles, added as an input format through the registry alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from repair.cli import build_parser, main
from repair.core.errors import ConfigError, InputError
from repair.formats import FORMATS, detect_format, parse
from repair.settings import load_settings

ASS_TEXT = (
    "\ufeff[Script Info]\r\nTitle: 神经坚果\r\nScriptType: v4.00+\r\n\r\n"
    "[V4+ Styles]\r\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, "
    "OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, "
    "Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\r\n"
    "Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,"
    "1,2,2,2,10,10,10,1\r\n\r\n"
    "[Events]\r\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\r\n"
    "Dialogue: 0,0:00:01.00,0:00:04.00,Default,Lex,0,0,0,,你好 {\\i1}变压器{\\i0}的注意力层很好\r\n"
    "Comment: 0,0:00:02.00,0:00:03.00,Default,,0,0,0,,大赦\r\n"
    "Dialogue: 0,0:00:05.00,0:00:06.00,Default,Andrej,0,0,0,,我们在大赦数据集上训练\\N一个网络\r\n"
)


def test_ass_is_registered_and_detected() -> None:
    assert "ass" in FORMATS
    assert detect_format("talk.ass", "") == detect_format("talk.ssa", "") == "ass"
    assert detect_format("talk.txt", ASS_TEXT) == "ass"  # by content
    choices = build_parser()._subparsers._group_actions[0].choices["check"]  # type: ignore[union-attr]
    action = next(a for a in choices._actions if a.dest == "input_format")
    assert "ass" in action.choices


def test_only_dialogue_text_is_prose() -> None:
    doc = parse("a.ass", ASS_TEXT)
    prose = [ASS_TEXT[s.start:s.end] for s in doc.prose()]
    assert prose == ["你好 ", "变压器", "的注意力层很好", "我们在大赦数据集上训练", "一个网络"]
    assert [s.speaker for s in doc.prose()][::4] == ["Lex", "Andrej"]
    assert doc.prose()[0].timestamp == "0:00:01.00"
    assert doc.in_structure(ASS_TEXT.index("神经坚果"), ASS_TEXT.index("神经坚果") + 4)
    assert doc.in_structure(ASS_TEXT.index("大赦"), ASS_TEXT.index("大赦") + 2)  # a Comment line


def test_a_file_that_is_not_ass_is_an_input_error() -> None:
    with pytest.raises(InputError):
        parse("a.ass", "[Script Info]\nTitle: x\n")


def test_config_accepts_the_registry_keys_only(tmp_path: Path) -> None:
    cfg = tmp_path / "mt-repair.toml"
    cfg.write_text('input_format = "ass"\n', encoding="utf-8")
    assert load_settings(cfg, environ={}).input_format == "ass"
    cfg.write_text('input_format = "asss"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="input_format"):
        load_settings(cfg, environ={})


def test_fix_writes_only_dialogue_text_byte_exact(tmp_path: Path) -> None:
    path = tmp_path / "talk.ass"
    path.write_bytes(ASS_TEXT.encode("utf-8"))
    assert main(["check", str(path), "--select", "GL"]) == 1
    main(["fix", str(path), "--write", "--unsafe-fixes", "--select", "GL"])
    fixed = path.read_bytes().decode("utf-8")
    assert "你好 {\\i1}Transformer{\\i0}的注意力层很好\r\n" in fixed
    assert "我们在MNIST数据集上训练\\N一个网络\r\n" in fixed
    assert "Comment: 0,0:00:02.00,0:00:03.00,Default,,0,0,0,,大赦\r\n" in fixed  # structure kept
    assert fixed.startswith("\ufeff[Script Info]\r\nTitle: 神经坚果\r\n")
    assert fixed.count("\r\n") == ASS_TEXT.count("\r\n")
