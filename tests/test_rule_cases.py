"""Rule cases as data (fixtures/rules/<CODE>.yaml): input, expected findings, expected fixed text.
The harness also checks that the fixed text passes the rule (no fixable finding is left)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import ROOT, check_text

from repair.checks.registry import default_registry
from repair.core.fixes import apply_fixes
from repair.core.models import Applicability

CASE_DIR = ROOT / "fixtures" / "rules"


def _cases() -> list[object]:
    out = []
    for path in sorted(CASE_DIR.glob("[A-Z][A-Z][0-9][0-9][0-9].yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            out.append(pytest.param(data["rule"], case, id=f"{path.stem}-{case['name']}"))
    return out


def test_every_deterministic_rule_has_cases() -> None:
    have = {p.stem for p in CASE_DIR.glob("[A-Z][A-Z][0-9][0-9][0-9].yaml")}
    deterministic = {r.code for r in default_registry().rules if not r.code.startswith("LM")}
    assert deterministic <= have, f"rules without cases: {sorted(deterministic - have)}"


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, object]) -> None:
    fmt = str(case.get("format", "text"))
    text = str(case["input"])
    prefixes = list(case.get("select", [code]))  # type: ignore[call-overload]
    codes = {c for c in default_registry().codes() if any(c.startswith(p) for p in prefixes)}
    findings = check_text(text, fmt=fmt, codes=codes)
    assert sorted(f.text for f in findings) == sorted(case["findings"])  # type: ignore[call-overload]
    for threshold, key in ((Applicability.SAFE, "fixed"), (Applicability.UNSAFE, "fixed_unsafe")):
        if key not in case:
            continue
        fixed, _applied, _skipped = apply_fixes(text, findings, threshold)
        assert fixed == case[key]
        again = check_text(fixed, fmt=fmt, codes=codes)
        left = [f for f in again if f.fix and f.fix.applicability >= threshold]
        assert not left, f"fixed text still has fixable findings: {left}"


def test_case_files_are_named_after_their_rule() -> None:
    for path in Path(CASE_DIR).glob("[A-Z][A-Z][0-9][0-9][0-9].yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["rule"] == path.stem
