"""Unified diffs: exact output, CRLF kept, git's marker for a missing final newline."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from repair.report import unified_diff


def test_crlf_lines_and_missing_final_newline() -> None:
    original = "第一行\r\n我们在大赦数据集上\r\n第三行\r\n第四行"
    fixed = "第一行\r\n我们在MNIST数据集上\r\n第三行\r\n第四行"
    assert unified_diff("ep/a.txt", original, fixed) == (
        "--- a/ep/a.txt\n"
        "+++ b/ep/a.txt\n"
        "@@ -1,4 +1,4 @@\n"
        " 第一行\r\n"
        "-我们在大赦数据集上\r\n"
        "+我们在MNIST数据集上\r\n"
        " 第三行\r\n"
        " 第四行\n"
        "\\ No newline at end of file\n"
    )


def test_change_on_the_last_line_without_newline() -> None:
    assert unified_diff("a.txt", "甲\n大赦", "甲\nMNIST") == (
        "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n 甲\n"
        "-大赦\n\\ No newline at end of file\n"
        "+MNIST\n\\ No newline at end of file\n")


def test_adding_the_final_newline() -> None:
    assert unified_diff("a.txt", "甲\n乙", "甲\n乙\n") == (
        "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n 甲\n"
        "-乙\n\\ No newline at end of file\n+乙\n")


def test_line_ending_change_is_a_change() -> None:
    assert unified_diff("a.txt", "甲\r\n", "甲\n") == (
        "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-甲\r\n+甲\n")


def test_only_newline_splits_lines() -> None:
    # U+2028 and a lone CR stay inside their line, as git sees it
    out = unified_diff("a.txt", "甲\u2028乙\r丙大赦\n", "甲\u2028乙\r丙MNIST\n")
    assert out.split("\n")[2:] == ["@@ -1 +1 @@", "-甲\u2028乙\r丙大赦", "+甲\u2028乙\r丙MNIST", ""]


def test_context_is_three_lines_and_hunks_split() -> None:
    original = "".join(f"{i}\n" for i in range(1, 21))
    fixed = original.replace("2\n", "二\n", 1).replace("18\n", "十八\n")
    out = unified_diff("n.txt", original, fixed)
    assert [line for line in out.splitlines() if line.startswith("@@")] == [
        "@@ -1,5 +1,5 @@", "@@ -15,6 +15,6 @@"]


def test_no_change_is_empty() -> None:
    assert unified_diff("a.txt", "甲\r\n乙", "甲\r\n乙") == ""


def test_git_applies_the_diff(tmp_path: Path) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.fail("git is needed to check that the diff applies")
    original = "Lex 00:00:01\r\n我们在大赦数据集上\r\n训练了变压器\r\n结尾没有换行"
    fixed = "Lex 00:00:01\r\n我们在MNIST数据集上\r\n训练了Transformer\r\n结尾没有换行。"
    (tmp_path / "ep").mkdir()
    target = tmp_path / "ep" / "a.txt"
    target.write_bytes(original.encode("utf-8"))
    patch = tmp_path / "fix.patch"
    patch.write_bytes(unified_diff("ep/a.txt", original, fixed).encode("utf-8"))
    subprocess.run([git, "apply", "--unsafe-paths", "--whitespace=nowarn", str(patch)],
                   cwd=tmp_path, check=True, timeout=30, capture_output=True)
    assert target.read_bytes() == fixed.encode("utf-8")
