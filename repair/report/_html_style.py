"""The inline stylesheet of the HTML report (no external fonts, images or scripts)."""

CSS = """
:root {
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
  --del-bg: #ffd7d5; --del-fg: #82071e; --ins-bg: #c8f5d2; --ins-fg: #055d20;
  --chg-bg: #fff8e1; --accent: #0969da; --safe: #1a7f37; --unsafe: #9a6700; --other: #59636e;
  --bar-a: #2da44e; --bar-s: #afb8c1;
  --sans: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
    "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, "SFMono-Regular", "Cascadia Mono", Menlo, Consolas, "Noto Sans Mono CJK SC",
    monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #161b22; --line: #30363d;
    --del-bg: #5a1e22; --del-fg: #ffdcd7; --ins-bg: #1b4728; --ins-fg: #d2fedb;
    --chg-bg: #272115; --accent: #4493f8; --safe: #3fb950; --unsafe: #d29922; --other: #9198a1;
    --bar-s: #484f58;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { font: 15px/1.7 var(--sans); margin: 0 auto; max-width: 1440px; padding: 24px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 2px; }
h2 { display: inline; font: 600 17px/1.4 var(--mono); overflow-wrap: anywhere; }
h3 { font-size: 15px; margin: 22px 0 8px; color: var(--muted); text-transform: uppercase;
  letter-spacing: .04em; }
.meta { color: var(--muted); font-size: 13px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0 20px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 10px 18px; min-width: 130px; }
.card b { display: block; font-size: 24px; line-height: 1.2; }
.card span { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; font-weight: 600; font-size: 13px; color: var(--muted); }
th, td { padding: 5px 10px; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.codes { width: auto; min-width: 560px; margin-bottom: 8px; }
.codes td, .codes th { border-bottom: 1px solid var(--line); }
.barcol { width: 240px; }
.bar { display: flex; height: 12px; margin-top: 6px; width: 220px; background: var(--panel);
  border-radius: 3px; overflow: hidden; }
.bar .a { background: var(--bar-a); }
.bar .s { background: var(--bar-s);
  background-image: repeating-linear-gradient(45deg, transparent 0 3px, rgba(0,0,0,.18) 3px 5px); }
.code { font: 600 13px var(--mono); color: var(--accent); }
.name { font: 12px var(--mono); color: var(--muted); white-space: nowrap; }
td.who { white-space: nowrap; font-size: 13px; color: var(--muted); }
.legend { font-size: 13px; color: var(--muted); }
nav ul { columns: 2; padding-left: 18px; font: 13px var(--mono); }
nav a, a.ref { color: var(--accent); }
section.file { margin-top: 28px; border-top: 2px solid var(--line); padding-top: 10px; }
summary { cursor: pointer; padding: 4px 0 10px; }
summary .meta { margin-left: 10px; }
.sbs { table-layout: fixed; border: 1px solid var(--line); border-radius: 6px; }
.sbs col.ln { width: 4.2em; }
.sbs thead th { background: var(--panel); border-bottom: 1px solid var(--line); }
.sbs td.ln { color: var(--muted); font: 12px/2.1 var(--mono); text-align: right;
  user-select: none; background: var(--panel); }
.sbs td.txt { border-left: 1px solid var(--line); }
.sbs tr.chg td.txt { background: var(--chg-bg); }
.sbs tr:not(.chg) td.txt { color: var(--muted); }
.sbs tr + tr td { border-top: 1px solid var(--line); }
td.txt { white-space: pre-wrap; overflow-wrap: anywhere; word-break: normal; }
.gap td { text-align: center; color: var(--muted); font-size: 12px; background: var(--panel);
  padding: 2px; }
del, ins { border-radius: 3px; padding: 0 2px; text-decoration-thickness: 2px; }
del { background: var(--del-bg); color: var(--del-fg); text-decoration-line: line-through; }
ins { background: var(--ins-bg); color: var(--ins-fg); text-decoration-line: underline;
  text-underline-offset: 3px; }
del::before, del::after, ins::before, ins::after {
  clip-path: inset(100%); height: 1px; width: 1px; overflow: hidden; position: absolute;
  white-space: nowrap; }
del::before { content: " [removed: "; } ins::before { content: " [inserted: "; }
del::after, ins::after { content: "] "; }
a.ref { font: 600 10px var(--mono); vertical-align: super; margin: 0 1px 0 2px;
  text-decoration: none; }
.list { font-size: 14px; }
.list th, .list td { border-bottom: 1px solid var(--line); }
.list tbody tr:nth-child(even) { background: var(--panel); }
.list tr:target { outline: 2px solid var(--accent); }
.badge { display: inline-block; font: 600 11px/1.6 var(--mono); padding: 0 7px;
  border-radius: 10px; border: 1px solid currentColor; white-space: nowrap; color: var(--other); }
.badge.safe { color: var(--safe); } .badge.unsafe { color: var(--unsafe); }
.reason { font: 600 12px var(--mono); }
.note { font-size: 13px; color: var(--muted); }
@media (max-width: 800px) { body { padding: 12px; } .barcol, .bar { width: 100px; } }
@media print { details > summary { list-style: none; } .sbs tr, .list tr { break-inside: avoid; } }
"""
