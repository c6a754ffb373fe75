"""One self-contained HTML page for a person: totals, then each file's changes side by side.

Every piece of document text is untrusted: it goes through :func:`html.escape`, always.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable

from repair.core.models import Finding
from repair.core.results import FixResult, SkippedFix
from repair.report._common import LineIndex, applicability_label, plural
from repair.report._html_style import CSS
from repair.report._sidebyside import Gap, Piece, Row, side_by_side

SKIP_REASONS = {
    "stale": "the text under the span changed before the fix could apply",
    "overlap": "overlaps a fix that was applied",
    "below-threshold": "less safe than the chosen threshold (try --unsafe-fixes)",
    "no-fix": "no automatic fix: needs a person",
}


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _visible(text: str) -> str:
    """Escaped change text; line breaks and CRs inside a change get a visible mark."""
    return esc(text).replace("\r", "␍").replace("\n", "↵\n")


def _piece(piece: Piece, fid: int, codes: dict[int, Finding]) -> str:
    if piece.kind == "eq":
        return esc(piece.text.replace("\r", ""))
    tag = piece.kind
    if piece.ref is None:
        return f"<{tag}>{_visible(piece.text)}</{tag}>"
    f = codes[piece.ref]
    title = esc(f"{f.code} {f.name}: {f.message}")
    ref = f'<a class="ref" href="#f{fid}-c{piece.ref}">{piece.ref}</a>'
    return f'<{tag} title="{title}">{_visible(piece.text)}</{tag}>{ref}'


def _line_no(start: int, pieces: list[Piece], changed: bool) -> str:
    if changed and not pieces:  # nothing on this side: a pure insertion or deletion
        return ""
    extra = sum(p.text.count("\n") for p in pieces if p.kind != "eq")
    return f"{start}–{start + extra}" if extra else str(start)


def _diff_table(result: FixResult, fid: int) -> str:
    items, linked = side_by_side(result.original, result.fixed, result.applied, result.passes)
    codes = dict(enumerate(result.applied, 1)) if linked else {}
    out = [
        '<table class="sbs"><colgroup><col class="ln"><col><col class="ln"><col></colgroup>',
        '<thead><tr><th colspan="2">original</th><th colspan="2">repaired</th></tr></thead>',
        "<tbody>",
    ]
    for item in items:
        if isinstance(item, Gap):
            out.append(f'<tr class="gap"><td colspan="4">⋯ {plural(item.lines, "unchanged line")}</td></tr>')
            continue
        row: Row = item
        cls = ' class="chg"' if row.changed else ""
        left = "".join(_piece(p, fid, codes) for p in row.left)
        right = "".join(_piece(p, fid, codes) for p in row.right)
        out.append(
            f'<tr{cls}><td class="ln">{_line_no(row.left_line, row.left, row.changed)}</td>'
            f'<td class="txt">{left}</td>'
            f'<td class="ln">{_line_no(row.right_line, row.right, row.changed)}</td>'
            f'<td class="txt">{right}</td></tr>'
        )
    out.append("</tbody></table>")
    if not linked:
        passes = plural(result.passes, "pass", "passes")
        out.append(
            '<p class="note">The changes above come from a text diff (fixes were applied '
            f"in {passes}); the list below gives the reasons.</p>"
        )
    return "\n".join(out)


def _where(f: Finding, index: LineIndex | None) -> str:
    if f.line:
        return f"{f.line}:{f.column}" if f.column else str(f.line)
    if index is not None and f.span.end <= len(index.text):
        line, col = index.line_col(f.span.start)
        return f"{line}:{col}"
    return "—"


def _who(f: Finding) -> str:
    parts = [esc(p) for p in (f.speaker, f.timestamp) if p]
    return " · ".join(parts) or "—"


def _shown(text: str, tag: str) -> str:
    """A change's text in a list: blanks made visible, an empty side said in words."""
    if not text:
        return '<span class="meta">(nothing)</span>'
    if not text.strip():
        return f"<{tag}>{esc(text.replace(' ', '␣').replace(chr(9), '⇥'))}</{tag}>"
    return f"<{tag}>{_visible(text)}</{tag}>"


def _change(f: Finding) -> str:
    if f.fix is None:
        return _shown(f.text, "del")
    return "<br>".join(f"{_shown(e.expected, 'del')} → {_shown(e.replacement, 'ins')}" for e in f.fix.edits)


def _rule(f: Finding) -> str:
    return f'<span class="code">{esc(f.code)}</span><br><span class="name">{esc(f.name)}</span>'


def _changes_table(result: FixResult, fid: int, index: LineIndex | None) -> str:
    out = [
        '<table class="list"><thead><tr><th>#</th><th>line</th><th>rule</th><th>change</th>'
        "<th>reason</th><th>confidence</th><th>fix</th><th>speaker · time</th></tr></thead>"
        "<tbody>"
    ]
    for n, f in enumerate(result.applied, 1):
        app = applicability_label(f)
        out.append(
            f'<tr id="f{fid}-c{n}"><td class="num">{n}</td><td class="num">'
            f"{_where(f, index)}</td><td>{_rule(f)}</td>"
            f'<td class="txt">{_change(f)}</td><td>{esc(f.message)}</td>'
            f'<td class="num">{f.confidence:.0%}</td>'
            f'<td><span class="badge {esc(app)}">{esc(app)}</span></td>'
            f'<td class="who">{_who(f)}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _skipped_table(skipped: list[SkippedFix], index: LineIndex) -> str:
    out = [
        '<table class="list skipped"><thead><tr><th>line</th><th>rule</th><th>text</th>'
        "<th>proposed</th><th>finding</th><th>confidence</th><th>why not applied</th>"
        "<th>speaker · time</th></tr></thead><tbody>"
    ]
    for s in skipped:
        f = s.finding
        proposed = f.replacement if f.replacement is not None else " | ".join(f.alternatives)
        why = SKIP_REASONS.get(s.reason, s.reason)
        out.append(
            f'<tr><td class="num">{_where(f, index)}</td><td>{_rule(f)}</td>'
            f'<td class="txt">{_shown(f.text, "del")}</td>'
            f'<td class="txt">{_shown(proposed, "ins")}</td><td>{esc(f.message)}</td>'
            f'<td class="num">{f.confidence:.0%}</td>'
            f'<td><span class="reason">{esc(s.reason)}</span><br>{esc(why)}</td>'
            f'<td class="who">{_who(f)}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _file_section(result: FixResult, fid: int) -> str:
    index = LineIndex(result.original) if result.passes == 1 else None
    stats = [plural(len(result.applied), "change"), f"{len(result.skipped)} skipped"]
    if result.passes > 1:
        stats.append(plural(result.passes, "pass", "passes"))
    out = [
        f'<section class="file" id="f{fid}"><details open><summary><h2>{esc(result.path)}</h2>'
        f'<span class="meta">{esc(" · ".join(stats))}</span></summary>'
    ]
    if result.changed:
        out.append(_diff_table(result, fid))
    if result.applied:
        out.append("<h3>Changes</h3>" + _changes_table(result, fid, index))
    if result.skipped:
        out.append("<h3>Skipped fixes</h3>" + _skipped_table(result.skipped, LineIndex(result.original)))
    out.append("</details></section>")
    return "\n".join(out)


def _by_code(results: Iterable[FixResult]) -> str:
    applied: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    names: dict[str, str] = {}
    for r in results:
        for f in r.applied:
            applied[f.code] += 1
            names.setdefault(f.code, f.name)
        for s in r.skipped:
            skipped[s.finding.code] += 1
            names.setdefault(s.finding.code, s.finding.name)
    if not names:
        return ""
    top = max(applied[c] + skipped[c] for c in names)
    out = [
        '<table class="codes"><thead><tr><th>code</th><th>rule</th><th>applied</th>'
        '<th>skipped</th><th class="barcol"></th></tr></thead><tbody>'
    ]
    for code in sorted(names):
        wa, ws = 100 * applied[code] / top, 100 * skipped[code] / top
        out.append(
            f'<tr><td><span class="code">{esc(code)}</span></td><td>{esc(names[code])}'
            f'</td><td class="num">{applied[code]}</td><td class="num">{skipped[code]}'
            f'</td><td class="barcol"><span class="bar" role="img" aria-label="'
            f'{applied[code]} applied, {skipped[code]} skipped">'
            f'<span class="a" style="width:{wa:.1f}%"></span>'
            f'<span class="s" style="width:{ws:.1f}%"></span></span></td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _card(value: int, label: str) -> str:
    return f'<div class="card"><b>{value}</b><span>{esc(label)}</span></div>'


def render_html(
    fix_results: list[FixResult], *, title: str = "mt-repair report", generated: str | None = None
) -> str:
    changed = [r for r in fix_results if r.changed or r.skipped]
    quiet = [r for r in fix_results if not (r.changed or r.skipped)]
    n_applied = sum(len(r.applied) for r in fix_results)
    n_skipped = sum(len(r.skipped) for r in fix_results)
    body = [f"<header><h1>{esc(title)}</h1>"]
    if generated:
        body.append(f'<p class="meta">generated {esc(generated)}</p>')
    body.append(
        '<div class="cards">'
        + _card(len(fix_results), "files")
        + _card(sum(r.changed for r in fix_results), "files changed")
        + _card(n_applied, "changes applied")
        + _card(n_skipped, "fixes skipped")
        + "</div>"
    )
    body.append(_by_code(fix_results))
    body.append(
        '<p class="legend">In the text: <del>removed</del> <ins>inserted</ins>; '
        "a number after a change links to its reason.</p></header><main>"
    )
    if len(changed) > 1:
        body.append(
            "<nav><ul>"
            + "".join(
                f'<li><a href="#f{i}">{esc(r.path)}</a> <span class="meta">{len(r.applied)}</span></li>'
                for i, r in enumerate(changed)
            )
            + "</ul></nav>"
        )
    body.extend(_file_section(r, i) for i, r in enumerate(changed))
    if quiet:
        body.append('<p class="meta">Unchanged: ' + ", ".join(esc(r.path) for r in quiet) + "</p>")
    if not fix_results:
        body.append('<p class="meta">No files.</p>')
    body.append("</main>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
