"""Reporters: plain data (results, rules) in, a string out. They print and write nothing."""

from __future__ import annotations

from repair.report.diff import unified_diff
from repair.report.github import render_github
from repair.report.html import render_html
from repair.report.json_ import load_findings_json, render_json
from repair.report.sarif import render_sarif
from repair.report.text import render_text

__all__ = [
    "load_findings_json",
    "render_github",
    "render_html",
    "render_json",
    "render_sarif",
    "render_text",
    "unified_diff",
]
