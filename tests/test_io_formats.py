"""Decoding, byte-exact round trips, bad input, and segmentation of each format."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repair.core.document import SegmentKind
from repair.core.errors import InputError
from repair.core.io import atomic_write, decode, encode, read_text
from repair.formats import detect_format, parse


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_utf8_round_trip_is_byte_exact(bom: bool, newline: str) -> None:
    text = newline.join(["Lex 00:00:01", "大赦数据集。", "", "end"]) + newline
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    d = decode(data)
    assert d.bom is bom and d.newline == newline and d.encoding == "utf-8"
    assert encode(d.text, d) == data


def test_gb18030_is_tried_and_kept() -> None:
    data = "变压器和大赦\r\n".encode("gb18030")
    d = decode(data)
    assert d.encoding == "gb18030" and d.text == "变压器和大赦\r\n"
    assert encode(d.text.replace("变压器", "Transformer"), d) == "Transformer和大赦\r\n".encode("gb18030")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               min_size=1))
@settings(max_examples=200, deadline=None)
def test_any_utf8_text_round_trips(text: str) -> None:
    data = text.encode("utf-8")
    assert encode(decode(data).text, decode(data)) == data


def test_binary_is_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.png")


def test_undecodable_bytes_name_the_offset() -> None:
    with pytest.raises(InputError, match=r"cannot decode|offset"):
        decode(b"ok \xff\xff ok", "bad.txt")  # invalid in UTF-8 and in GB18030


def test_huge_single_line_is_refused_with_line_number() -> None:
    with pytest.raises(InputError) as err:
        decode(b"ok\n" + b"a" * 2_000_001, "huge.txt")
    assert err.value.line == 2 and "huge.txt:2" in str(err.value)


@pytest.mark.parametrize(("setup", "message"), [
    (lambda p: None, "no such file"),
    (lambda p: p.mkdir(), "directory"),
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_bytes(b" \n\n"), "empty"),
])
def test_bad_paths(tmp_path: Path, setup, message: str) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "doc.txt"
    setup(p)
    with pytest.raises(InputError, match=message):
        read_text(p)


def test_atomic_write_keeps_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"old")
    os.chmod(p, 0o640)
    atomic_write(p, b"new")
    assert p.read_bytes() == b"new" and (p.stat().st_mode & 0o777) == 0o640
    assert [x.name for x in tmp_path.iterdir()] == ["a.txt"]
    atomic_write(tmp_path / "new.txt", b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o666 & ~umask


def test_transcript_headers_are_structure() -> None:
    text = "Andrej 00:28:07\n是的。\n\n凌志01:27:22\n你好\n"
    doc = parse("t.txt", text)
    assert doc.format == "transcript"
    speakers = [text[h.label_start:h.label_end] for h in doc.headers]
    assert speakers == ["Andrej", "凌志"]
    assert [text[h.stamp_start:h.stamp_end] for h in doc.headers] == ["00:28:07", "01:27:22"]
    assert [s.kind for s in doc.segments].count(SegmentKind.HEADER) == 2
    assert doc.in_structure(0, 1) and not doc.in_structure(16, 17)
    prose = [text[s.start:s.end] for s in doc.prose()]
    assert prose == ["\n是的。\n\n", "\n你好\n"]
    assert [s.speaker for s in doc.prose()] == ["Andrej", "凌志"]


def test_srt_cue_text_is_prose_and_tags_are_not() -> None:
    text = ("1\r\n00:00:01,000 --> 00:00:02,000\r\n你好 <i>变压器</i>\r\n\r\n"
            "2\r\n00:00:03,000 --> 00:00:04,000\r\n大赦\r\n")
    doc = parse("a.srt", text)
    prose = [text[s.start:s.end] for s in doc.prose()]
    assert prose == ["你好 ", "变压器", "大赦"]
    assert all(s.timestamp for s in doc.prose())


def test_vtt_is_detected_and_parsed() -> None:
    text = "WEBVTT\n\nNOTE a comment\n\n00:01.000 --> 00:02.000\n神经坚果\n"
    assert detect_format("x.txt", text) == "vtt"
    doc = parse("x.vtt", text)
    assert [text[s.start:s.end] for s in doc.prose()] == ["神经坚果"]


def test_markdown_code_is_not_prose() -> None:
    text = "# 标题\n\n变压器很好 `变压器` 代码\n\n```\n变压器\n```\n"
    doc = parse("a.md", text)
    prose = "".join(text[s.start:s.end] for s in doc.prose())
    assert prose.count("变压器") == 1


def test_line_col_counts_code_points_and_crlf() -> None:
    doc = parse("a.txt", "一二\r\n三四五\r\n")
    assert doc.line_col(0) == (1, 1)
    assert doc.line_col(4) == (2, 1)
    assert doc.line_col(6) == (2, 3)
