"""The CLI in-process (main(argv) -> int) and once as the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURE, ROOT

from repair import cli
from repair.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes_are_pinned() -> None:
    assert (cli.EXIT_CLEAN, cli.EXIT_FINDINGS, cli.EXIT_ERROR, cli.EXIT_INTERRUPTED) == (0, 1, 2, 130)


def test_check_reports_the_glossary_garbles_of_the_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(FIXTURE), "--format", "json")
    assert code == 1
    findings = json.loads(out)["files"][0]["findings"]
    texts = {f["text"] for f in findings}
    assert {"大赦", "变压器", "注意力是你需要的全部", "凌志", "神经坚果"} <= texts
    title = next(f for f in findings if f["text"] == "注意力是你需要的全部")
    assert title["fix"]["edits"][0]["replacement"] == "《Attention Is All You Need》"
    assert all(f["fingerprint"] and f["line"] >= 1 for f in findings)


def test_text_format_names_file_line_col_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(FIXTURE), "--select", "SP001")
    assert code == 1
    assert f"{FIXTURE}:91:1: SP001" in out
    assert "安德烈 → Andrej" in out


def test_fail_on_and_select(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("Transformer 很好。Transformer 很快。变换器也行。\n", encoding="utf-8")
    assert run(capsys, "check", str(doc))[0] == 0  # GL004 is INFO, below the default fail-on
    assert run(capsys, "check", str(doc), "--fail-on", "info")[0] == 1
    assert run(capsys, "check", str(doc), "--fail-on", "info", "--ignore", "GL")[0] == 0


def test_unknown_rule_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", str(FIXTURE), "--select", "ZZ9")
    assert code == 2 and "ZZ9" in err


def test_baseline_reports_only_new_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("第一段里有神经坚果。\n\n第二段很好。\n", encoding="utf-8")
    _, out, _ = run(capsys, "check", str(doc), "--format", "json")
    base = tmp_path / "baseline.json"
    base.write_text(out, encoding="utf-8")
    assert run(capsys, "check", str(doc), "--baseline", str(base))[0] == 0
    # an edit elsewhere keeps old fingerprints; a new garble is reported
    doc.write_text("新加一句。\n\n第一段里有神经坚果。\n\n第二段有神经螺母。\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(doc), "--baseline", str(base), "--format", "json")
    assert code == 1
    assert [f["text"] for f in json.loads(out)["files"][0]["findings"]] == ["神经螺母"]


def test_fix_diff_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "t.txt"
    shutil.copy(FIXTURE, doc)
    code, out, err = run(capsys, "fix", str(doc), "--diff", "--speakers", "Lex,Andrej")
    assert code == 1 and out.startswith("--- a/") and "+Lex 01:27:22" in out
    assert doc.read_bytes() == FIXTURE.read_bytes()


def test_fix_write_changes_only_fixed_spans_and_is_stable(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "t.txt"
    data = "\ufeff凌志01:27:22\r\n这是一个神经坚果，变压器。\r\n\r\n安德烈 01:28:00\r\n好的".encode()
    doc.write_bytes(data)
    report = tmp_path / "r.html"
    code, _, err = run(capsys, "fix", str(doc), "--write", "--report", str(report),
                       "--speakers", "Lex,Andrej")
    assert "fixed" in err
    # 变压器 is also the electrical transformer: never a SAFE fix
    assert doc.read_bytes() == ("\ufeffLex 01:27:22\r\n这是一个神经网络，变压器。\r\n\r\n"
                                "Andrej 01:28:00\r\n好的").encode()
    assert "SP001" in report.read_text(encoding="utf-8")
    before = doc.read_bytes()
    assert run(capsys, "fix", str(doc), "--write", "--speakers", "Lex,Andrej")[0] in (0, 1)
    assert doc.read_bytes() == before


def test_fix_output_dir_keeps_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    a, b = tmp_path / "in" / "a.txt", tmp_path / "in" / "sub" / "b.txt"
    a.write_text("神经坚果\n", encoding="utf-8")
    b.write_text("神经螺母架构\n", encoding="utf-8")
    out = tmp_path / "out"
    run(capsys, "fix", str(a), str(b), "--output-dir", str(out))
    assert (out / "a.txt").read_text(encoding="utf-8") == "神经网络\n"
    assert (out / "sub" / "b.txt").read_text(encoding="utf-8") == "神经网络架构\n"
    assert a.read_text(encoding="utf-8") == "神经坚果\n"


@pytest.mark.parametrize(("make", "needle"), [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: d, "directory"),
    (lambda d: (d / "e.txt", (d / "e.txt").write_bytes(b""))[0], "empty"),
    (lambda d: (d / "b.bin", (d / "b.bin").write_bytes(b"\x00\x01\x02" * 10))[0], "binary"),
])
def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             make, needle: str) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.txt"
    good.write_text("神经坚果\n", encoding="utf-8")
    bad = make(tmp_path)
    code, _, err = run(capsys, "fix", str(good), str(bad), "--write")
    assert code == 2 and needle in err and str(bad) in err
    assert good.read_text(encoding="utf-8") == "神经坚果\n"


def test_huge_line_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.write(b"x" * (50 * 1024 * 1024))
    code, _, err = run(capsys, "check", str(big))
    assert code == 2 and "big.txt:1" in err and "characters long" in err


@pytest.mark.parametrize(("text", "needle"), [
    ("version: 1\nentries:\n  - id: a\n    kind: term\n    wrong: [x\n", "malformed YAML"),
    ("version: 1\nentries:\n  - {id: a, kind: term, wrong: [甲]}\n", "entry 1 (a)"),
])
def test_bad_glossary_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                              needle: str) -> None:
    g = tmp_path / "g.yaml"
    g.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "check", str(FIXTURE), "--glossary", str(g))
    assert code == 2 and needle in err and str(g) in err


def test_looping_glossary_exits_2_and_writes_nothing(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    g = tmp_path / "g.yaml"
    g.write_text("version: 1\nentries:\n"
                 "  - {id: a, kind: term, wrong: [甲甲], right: 乙乙}\n"
                 "  - {id: b, kind: term, wrong: [乙乙], right: 甲甲}\n", encoding="utf-8")
    doc = tmp_path / "d.txt"
    doc.write_text("甲甲\n", encoding="utf-8")
    code, _, err = run(capsys, "fix", str(doc), "--glossary", str(g), "--write")
    assert code == 2 and "would loop" in err and str(g) in err
    assert doc.read_text(encoding="utf-8") == "甲甲\n"


def test_fix_loop_at_run_time_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import repair.runner

    def flip(text, check, threshold):  # type: ignore[no-untyped-def]
        raise ValueError("fixes did not converge after 10 passes")

    monkeypatch.setattr(repair.runner, "fix_until_stable", flip)
    doc = tmp_path / "d.txt"
    doc.write_text("神经坚果\n", encoding="utf-8")
    code, _, err = run(capsys, "fix", str(doc), "--write")
    assert code == 2 and "did not converge" in err and "d.txt" in err
    assert doc.read_text(encoding="utf-8") == "神经坚果\n"


def test_direct_cycle_is_a_glossary_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    g = tmp_path / "g.yaml"
    g.write_text("version: 1\nentries:\n"
                 "  - {id: a, kind: term, wrong: [甲甲], right: 乙乙}\n"
                 "  - {id: b, kind: term, wrong: [乙乙], right: 甲甲}\n", encoding="utf-8")
    code, out, err = run(capsys, "glossary", "lint", str(g))
    assert code == 2 and "would loop" in err and "g.yaml" in err


def test_rules_lists_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "--format", "json")
    codes = [r["code"] for r in json.loads(out)]
    assert code == 0 and {"GL001", "GL002", "GL003", "GL004", "SP001", "SP003", "LG001"} <= set(codes)


def test_shipped_glossary_lints_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "glossary", "lint", str(ROOT / "glossary.yaml"))
    assert code == 0, out + err


def test_config_in_pyproject_is_read_and_unknown_keys_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "a.txt"
    doc.write_text("这是一个神经坚果。\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.mt-repair]\nignore = ["GL001"]\n', encoding="utf-8")
    assert run(capsys, "check", str(doc))[0] == 0
    (tmp_path / "pyproject.toml").write_text('[tool.mt-repair]\nignor = ["GL001"]\n', encoding="utf-8")
    code, _, err = run(capsys, "check", str(doc))
    assert code == 2 and "pyproject.toml" in err and "ignor" in err


def test_console_script_runs() -> None:
    exe = Path(sys.executable).with_name("repair")
    proc = subprocess.run([str(exe), "check", str(FIXTURE), "--format", "github"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1
    assert "::error file=" in proc.stdout or "::warning file=" in proc.stdout


def test_engine_never_imports_textual() -> None:
    code = ("import sys, repair.checks.engine, repair.runner, repair.cli, repair.commands; "
            "repair.cli.build_parser(); "
            "assert 'textual' not in sys.modules, 'engine loaded textual'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
