"""The gold-set TSV (``line, span, fix, category, note``): its rows and a parser that names the
file and line of a malformed row. See fixtures/README.md for the format."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from repair.core.categories import GOLD_CATEGORIES
from repair.core.errors import InputError

GOLD_COLUMNS = ("line", "span", "fix", "category", "note")
CATEGORIES = GOLD_CATEGORIES


class GoldRow(BaseModel):
    """One annotated garble: ``span`` occurs on ``line``; ``fix`` is empty when none is known."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    line: int
    span: str
    fix: str
    category: str
    note: str = ""


def parse_gold(text: str, path: str) -> list[GoldRow]:
    """Rows of a gold TSV; raises :class:`InputError` naming ``path`` and the line on bad input."""
    rows: list[GoldRow] = []
    seen: dict[tuple[int, str], int] = {}
    header_seen = False
    for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not raw.strip():
            continue
        cells = raw.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cells) != GOLD_COLUMNS:
                raise InputError(
                    f"the first line must be the header {'<TAB>'.join(GOLD_COLUMNS)}", path=path, line=lineno
                )
            header_seen = True
            continue
        if len(cells) != len(GOLD_COLUMNS):
            raise InputError(
                f"expected {len(GOLD_COLUMNS)} tab-separated columns, got {len(cells)}",
                path=path,
                line=lineno,
            )
        line_s, span, fix, category, note = cells
        try:
            line = int(line_s.strip())
        except ValueError:
            raise InputError(f"bad line number {line_s!r}", path=path, line=lineno) from None
        if line < 1:
            raise InputError(f"bad line number {line} (lines start at 1)", path=path, line=lineno)
        if not span.strip():
            raise InputError("empty span", path=path, line=lineno)
        category = category.strip()
        if category not in CATEGORIES:
            raise InputError(
                f"unknown category {category!r} (expected one of {', '.join(CATEGORIES)})",
                path=path,
                line=lineno,
            )
        if (line, span) in seen:
            raise InputError(
                f"duplicate row for line {line} and span {span!r} (first at line {seen[line, span]})",
                path=path,
                line=lineno,
            )
        seen[line, span] = lineno
        rows.append(GoldRow(line=line, span=span, fix=fix.strip(), category=category, note=note.strip()))
    if not header_seen:
        raise InputError("empty gold file (no header)", path=path)
    return rows
