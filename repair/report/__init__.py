"""Reporters: plain data (results, rules) in, a string out. They print and write nothing.

The ``check --format`` reporters are registered once below; their keys are the argparse choices.
Adding one: write its module with a ``Reporter`` and add one ``register`` line.
"""

from __future__ import annotations

from repair.report.base import Reporter, ReportOptions
from repair.report.diff import unified_diff
from repair.report.github import GITHUB, render_github
from repair.report.html import render_html
from repair.report.json_ import JSON, load_findings_json, render_json
from repair.report.sarif import SARIF, render_sarif
from repair.report.text import TEXT, render_text

REPORTERS: dict[str, Reporter] = {}


def register(reporter: Reporter) -> None:
    if reporter.key in REPORTERS:
        raise ValueError(f"duplicate reporter {reporter.key!r}")
    REPORTERS[reporter.key] = reporter


register(TEXT)
register(JSON)
register(SARIF)
register(GITHUB)

__all__ = [
    "REPORTERS",
    "ReportOptions",
    "Reporter",
    "load_findings_json",
    "render_github",
    "render_html",
    "render_json",
    "render_sarif",
    "render_text",
    "unified_diff",
]
