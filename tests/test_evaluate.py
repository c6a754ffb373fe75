"""Scoring findings against a gold set: matching, ranges, fix accuracy, TSV errors, the CLI."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from repair.core.document import Document
from repair.core.errors import InputError
from repair.core.models import Applicability, Edit, Finding, Fix, Origin, Severity, Span
from repair.eval.command import cmd_eval, parse_line_range, register
from repair.eval.scoring import CATEGORIES, GoldRow, evaluate, parse_gold
from repair.formats import parse

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "lex_karpathy_zh.txt"
GOLD = ROOT / "fixtures" / "lex_karpathy_zh.gold.tsv"
HEADER = "line\tspan\tfix\tcategory\tnote\n"

# line 1: header, line 2: prose with two garbles, line 3: prose, line 4: prose
TEXT = "Lex 00:00:01\n我们用神经坚果和变压器。\n这是税收的问题。\n后面还有变压器。\n"


def doc(text: str = TEXT) -> Document:
    return parse("t.txt", text, "text")


def find(text: str, needle: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return pos


def finding(text: str, start: int, end: int, replacement: str | None = None, *,
            code: str = "GL001", origin: Origin = Origin.GLOSSARY) -> Finding:
    span = Span(start=start, end=end)
    fix = None
    if replacement is not None:
        fix = Fix(edits=(Edit(span=span, replacement=replacement, expected=text[start:end]),),
                  applicability=Applicability.SAFE)
    return Finding(code=code, name=f"name-{code}", message="m", severity=Severity.WARNING,
                   span=span, origin=origin, text=text[start:end], fix=fix)


def gold(line: int, span: str, fix: str = "", category: str = "asr") -> GoldRow:
    return GoldRow(line=line, span=span, fix=fix, category=category, note="")


GOLD_ROWS = [gold(2, "神经坚果", "神经网络"), gold(2, "变压器", "Transformer", "sense"),
             gold(3, "税收", "文本")]


# -- matching ----------------------------------------------------------------------------------

def test_exact_matches_and_fix_accuracy() -> None:
    s = TEXT.find("神经坚果")
    t = TEXT.find("变压器")
    fs = [finding(TEXT, s, s + 4, "神经网络"), finding(TEXT, t, t + 3, "变换器")]
    r = evaluate(doc(), fs, GOLD_ROWS)
    assert (r.matched_findings, r.findings, r.matched_gold, r.gold_spans) == (2, 2, 2, 3)
    assert r.precision == 1.0 and r.recall == pytest.approx(2 / 3)
    assert r.f1 == pytest.approx(0.8)
    assert (r.fix_checked, r.fix_correct) == (2, 1) and r.fix_accuracy == 0.5
    assert [m.fix_ok for m in r.matches] == [True, False]
    assert [m.span for m in r.misses] == ["税收"]
    assert not r.errors and not r.warnings


def test_partial_overlap_counts_and_fix_is_compared_over_the_union() -> None:
    # the finding covers "用神经" (a wider, shifted span): it still matches 神经坚果
    s = TEXT.find("用神经")
    f = finding(TEXT, s, s + 3, "用神经")  # proposes no real change
    r = evaluate(doc(), [f], GOLD_ROWS)
    assert r.matched_findings == 1 and r.matches[0].span == "神经坚果"
    assert r.matches[0].overlap == 2
    assert r.matches[0].fix_ok is False
    # a wider finding whose replacement carries the gold fix inside it is correct
    w = TEXT.find("用神经坚果和")
    f2 = finding(TEXT, w, w + 6, "用神经网络和")
    r2 = evaluate(doc(), [f2], GOLD_ROWS)
    assert r2.matches[0].fix_ok is True and r2.fix_accuracy == 1.0


def test_one_finding_over_two_gold_spans_matches_only_one() -> None:
    # "神经坚果和变压器" covers two gold spans: the larger overlap (神经坚果, 4 > 3) wins
    s = TEXT.find("神经坚果和变压器")
    r = evaluate(doc(), [finding(TEXT, s, s + 8)], GOLD_ROWS)
    assert r.matched_findings == 1 and r.findings == 1 and r.precision == 1.0
    assert r.matched_gold == 1 and [m.span for m in r.matches] == ["神经坚果"]
    assert {m.span for m in r.misses} == {"变压器", "税收"}
    assert r.fix_missing == 1 and r.fix_checked == 0 and r.fix_accuracy is None


def test_two_findings_on_one_gold_span_count_the_second_as_duplicate() -> None:
    t = TEXT.find("变压器")
    fs = [finding(TEXT, t, t + 3, "Transformer", origin=Origin.GLOSSARY),
          finding(TEXT, t + 1, t + 3, "x", code="LM001", origin=Origin.LLM)]
    r = evaluate(doc(), fs, GOLD_ROWS)
    assert r.matched_findings == 1 and r.findings == 2 and r.precision == 0.5
    assert r.duplicates == 1 and r.false_positives[0].duplicate
    assert r.matches[0].code == "GL001"  # the larger overlap wins
    origins = {o.origin: o for o in r.by_origin}
    assert origins["glossary"].matched == 1 and origins["llm"].matched == 0
    assert origins["llm"].gold_matched == 1  # it would have found it on its own


def test_every_occurrence_on_the_line_is_a_gold_span() -> None:
    text = "Lex 00:00:01\n变压器和变压器\n"
    r = evaluate(doc(text), [finding(text, 13, 16, "Transformer")],
                 [gold(2, "变压器", "Transformer", "sense")])
    assert (r.gold_rows, r.gold_spans, r.matched_gold) == (1, 2, 1)


# -- ranges ------------------------------------------------------------------------------------

def test_findings_outside_the_gold_range_are_ignored() -> None:
    # gold covers lines 2-3; 变压器 on line 4 is outside
    t = find(TEXT, "变压器", 1)
    s = TEXT.find("税收")
    r = evaluate(doc(), [finding(TEXT, t, t + 3), finding(TEXT, s, s + 2)], GOLD_ROWS)
    assert r.line_range == (2, 3)
    assert (r.findings_total, r.findings, r.matched_findings) == (2, 1, 1)
    assert r.precision == 1.0


def test_explicit_line_range_limits_findings_and_gold() -> None:
    s = TEXT.find("税收")
    t = TEXT.find("变压器")
    r = evaluate(doc(), [finding(TEXT, s, s + 2), finding(TEXT, t, t + 3)], GOLD_ROWS,
                 line_range=(3, 4))
    assert r.line_range == (3, 4) and r.gold_spans == 1 and r.findings == 1
    assert r.recall == 1.0 and r.precision == 1.0


def test_gold_span_not_on_its_line_is_an_error_not_a_crash() -> None:
    rows = [*GOLD_ROWS, gold(3, "变压器"), gold(99, "x")]
    r = evaluate(doc(), [], rows)
    assert len(r.errors) == 2
    assert "line 3" in r.errors[0] and "does not occur" in r.errors[0]
    assert "line 99" in r.errors[1]
    assert r.gold_spans == 3 and r.precision is None and r.recall == 0.0 and r.f1 is None


# -- breakdowns and output ---------------------------------------------------------------------

def test_rows_per_category_code_and_origin() -> None:
    s = TEXT.find("神经坚果")
    t = TEXT.find("变压器")
    fs = [finding(TEXT, s, s + 4, "神经网络"), finding(TEXT, t, t + 3, code="LM001",
                                                       origin=Origin.LLM),
          finding(TEXT, 0, 3, code="SP001", origin=Origin.SPEAKERS)]
    r = evaluate(doc(), fs, [*GOLD_ROWS, gold(1, "Lex", "Lex", "speaker")])
    cats = {c.category: (c.gold, c.matched) for c in r.by_category}
    assert cats == {"asr": (2, 1), "sense": (1, 1), "speaker": (1, 1)}
    assert [c.category for c in r.by_category] == ["asr", "sense", "speaker"]  # CATEGORIES order
    codes = {c.code: (c.findings, c.matched, c.name) for c in r.by_code}
    assert codes == {"GL001": (1, 1, "name-GL001"), "LM001": (1, 1, "name-LM001"),
                     "SP001": (1, 1, "name-SP001")}
    assert {o.origin for o in r.by_origin} == {"glossary", "llm", "speakers"}


def test_table_is_aligned_and_json_round_trips() -> None:
    s = TEXT.find("神经坚果")
    r = evaluate(doc(), [finding(TEXT, s, s + 4, "神经网络"), finding(TEXT, 0, 3)], GOLD_ROWS,
                 line_range=(1, 3))
    table = r.to_table(details=True)
    assert "precision" in table and "0.500" in table and "1/2" in table
    assert "missed (2):" in table and "false positives (1):" in table
    cat_block = table.split("\n\n")[2].splitlines()
    assert cat_block[0].split() == ["category", "gold", "matched", "recall"]
    assert len({len(line) for line in cat_block}) == 1  # right-aligned numbers: equal widths
    data = json.loads(json.dumps(r.model_dump(mode="json")))
    assert data["matched_gold"] == 1 and data["line_range"] == [1, 3]


def test_fix_comparison_ignores_whitespace_and_title_marks() -> None:
    text = "Lex 00:00:01\n论文注意力是你需要的全部。\n"
    s = text.find("注意力")
    f = finding(text, s, s + 10, " Attention Is All You Need ")
    r = evaluate(doc(text), [f], [gold(2, "注意力是你需要的全部", "《Attention Is All You Need》",
                                       "literal-title")])
    assert r.fix_accuracy == 1.0


def test_stale_finding_text_is_a_warning() -> None:
    s = TEXT.find("税收")
    f = finding(TEXT, s, s + 2).model_copy(update={"text": "别的"})
    r = evaluate(doc(), [f], GOLD_ROWS)
    assert r.matched_findings == 1 and len(r.warnings) == 1


# -- the TSV -----------------------------------------------------------------------------------

def test_parse_gold_reads_rows() -> None:
    rows = parse_gold(HEADER + "2\t神经坚果\t神经网络\tasr\tneural nets\n\n3\t税收\t\tasr\t\n",
                      "g.tsv")
    assert rows[0] == GoldRow(line=2, span="神经坚果", fix="神经网络", category="asr",
                              note="neural nets")
    assert rows[1].fix == "" and rows[1].line == 3


@pytest.mark.parametrize(("body", "lineno", "words"), [
    ("2\t神经坚果\tasr\n", 2, "columns"),
    ("2\t神经坚果\t神经网络\tasr\tn\nx\t税收\t文本\tasr\tn\n", 3, "bad line number"),
    ("0\t税收\t文本\tasr\tn\n", 2, "bad line number"),
    ("2\t\t文本\tasr\tn\n", 2, "empty span"),
    ("2\t税收\t文本\tbogus\tn\n", 2, "unknown category"),
    ("2\t税收\t文本\tasr\tn\n2\t税收\t文本\tasr\tn\n", 3, "duplicate"),
])
def test_malformed_tsv_names_the_file_and_line(body: str, lineno: int, words: str) -> None:
    with pytest.raises(InputError) as ei:
        parse_gold(HEADER + body, "g.tsv")
    assert ei.value.path == "g.tsv" and ei.value.line == lineno
    assert words in str(ei.value) and str(ei.value).startswith(f"g.tsv:{lineno}:")


def test_missing_header_is_an_error() -> None:
    with pytest.raises(InputError, match=r"g.tsv:1: the first line must be the header"):
        parse_gold("2\t税收\t文本\tasr\tn\n", "g.tsv")


# -- the shipped gold set ----------------------------------------------------------------------

def test_shipped_gold_parses_and_every_span_occurs_on_its_line() -> None:
    rows = parse_gold(GOLD.read_text(encoding="utf-8"), str(GOLD))
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    assert 60 <= len(rows) <= 200
    for row in rows:
        assert row.span in lines[row.line - 1], (row.line, row.span)
        assert row.category in CATEGORIES
    assert [r.line for r in rows] == sorted(r.line for r in rows)
    assert min(r.line for r in rows) >= 1 and max(r.line for r in rows) <= 603
    # every speaker row sits on a header line and either names a real speaker or only
    # inserts the space between a glued label and its timestamp
    for row in rows:
        if row.category == "speaker":
            assert lines[row.line - 1].startswith(row.span)
            assert row.fix in ("Lex", "Andrej") or row.fix.replace(" ", "", 1) == row.span


def test_shipped_gold_locates_in_the_parsed_fixture() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    rows = parse_gold(GOLD.read_text(encoding="utf-8"), str(GOLD))
    r = evaluate(parse(str(FIXTURE), text), [], rows)
    assert not r.errors and r.gold_rows == len(rows) and r.gold_spans >= len(rows)


# -- the CLI -----------------------------------------------------------------------------------

def _args(tmp: Path, **kw: object) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    register(sub, lambda p: (_ for _ in ()).throw(AssertionError("engine must not run")))
    argv = ["eval", "--gold", str(kw.pop("gold")), str(kw.pop("file"))]
    for k, v in kw.items():
        argv += [f"--{k}", str(v)] if v is not True else [f"--{k}"]
    return parser.parse_args(argv)


def _write_case(tmp: Path) -> tuple[Path, Path, Path]:
    f = tmp / "t.txt"
    f.write_text(TEXT, encoding="utf-8")
    g = tmp / "g.tsv"
    g.write_text(HEADER + "2\t神经坚果\t神经网络\tasr\tn\n3\t税收\t文本\tasr\tn\n",
                 encoding="utf-8")
    s = TEXT.find("税收")
    fj = tmp / "findings.json"
    fj.write_text(json.dumps({"version": 1, "files": [{"path": str(f), "findings": [
        finding(TEXT, s, s + 2, "文本").model_dump(mode="json")]}]}), encoding="utf-8")
    return f, g, fj


def test_cli_runs_the_callback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f, g, _ = _write_case(tmp_path)
    s = TEXT.find("神经坚果")

    def run_check(path: Path, args: argparse.Namespace) -> tuple[Document, list[Finding]]:
        assert path == f and args.gold == g
        return doc(), [finding(TEXT, s, s + 4, "神经网络")]

    args = argparse.Namespace(gold=g, file=f, findings=None, format="json", lines=None,
                              details=False)
    assert cmd_eval(args, run_check) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["matched_gold"] == 1 and data["fix_accuracy"] == 1.0


def test_cli_reads_a_findings_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f, g, fj = _write_case(tmp_path)
    args = _args(tmp_path, gold=g, file=f, findings=fj, lines="1-3", details=True)
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "recall" in out and "1/2" in out and "missed (1):" in out


@pytest.mark.parametrize("which", ["gold", "findings", "lines", "missing"])
def test_cli_errors_name_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  which: str) -> None:
    f, g, fj = _write_case(tmp_path)
    kw: dict[str, object] = {"gold": g, "file": f, "findings": fj}
    if which == "gold":
        g.write_text(HEADER + "2\t神经坚果\tasr\n", encoding="utf-8")
        expect = f"{g}:2:"
    elif which == "findings":
        fj.write_text('{"version": 1, "files": [{"path": "t.txt", "findings": [{"code": 1}]}]}',
                      encoding="utf-8")
        expect = f"{fj}:"
    elif which == "lines":
        kw["lines"] = "5-2"
        expect = "--lines"
    else:
        kw["gold"] = tmp_path / "nope.tsv"
        expect = "nope.tsv"
    args = _args(tmp_path, **kw)
    assert args.func(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and expect in err


def test_cli_gold_not_in_file_exits_2_after_reporting(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    f, g, fj = _write_case(tmp_path)
    g.write_text(HEADER + "2\t不存在\t\tnonsense\tn\n3\t税收\t文本\tasr\tn\n", encoding="utf-8")
    args = _args(tmp_path, gold=g, file=f, findings=fj)
    assert args.func(args) == 2
    captured = capsys.readouterr()
    assert "recall" in captured.out and f"{g}: line 2" in captured.err


def test_parse_line_range() -> None:
    assert parse_line_range("1-600") == (1, 600)
    assert parse_line_range("7") == (7, 7)
