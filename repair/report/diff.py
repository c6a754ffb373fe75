"""Unified diff of a fix, as ``git diff`` prints it (what ``--diff`` shows instead of writing)."""

from __future__ import annotations

import difflib

NO_NEWLINE = "\\ No newline at end of file\n"


def split_lines(text: str) -> list[str]:
    """Lines with their endings kept, split at ``\\n`` only, as git does.

    ``str.splitlines`` would also split at a lone CR, U+2028, U+0085 and others, which may sit
    inside a line of a transcript and must not become line breaks in the diff.
    """
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def unified_diff(path: str, original: str, fixed: str, *, context: int = 3) -> str:
    """``--- a/PATH`` / ``+++ b/PATH`` diff; CRLF endings stay in the lines, a last line without a
    newline is followed by git's ``\\ No newline at end of file``. Empty when nothing changed."""
    if original == fixed:
        return ""
    path = path.replace("\\", "/").lstrip("/")
    out = []
    for line in difflib.unified_diff(
        split_lines(original), split_lines(fixed), fromfile=f"a/{path}", tofile=f"b/{path}", n=context
    ):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n" + NO_NEWLINE)
    return "".join(out)
