"""Reporters: plain data (results, rules) in, a string out. They print and write nothing."""

from __future__ import annotations

from .diff import unified_diff
from .github import render_github
from .html import render_html
from .json_ import load_findings_json, render_json
from .sarif import render_sarif
from .text import render_text

__all__ = [
    "load_findings_json",
    "render_github",
    "render_html",
    "render_json",
    "render_sarif",
    "render_text",
    "unified_diff",
]
