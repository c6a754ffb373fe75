"""Add a glossary entry from a review decision. Pure: text in, text out; the caller writes.

The entry is appended as a YAML block at the end of the ``entries`` list (the end of the file when
``entries`` is the last key, as in the shipped glossary), after a comment saying where it came
from, so the file keeps its layout and comments. The result is validated with parse_glossary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from repair.core.errors import GlossaryError
from repair.glossary.schema import Category, EntryKind, parse_glossary

NEW_GLOSSARY = "version: 1\n"
_FIELD_ORDER = ("id", "kind", "category", "wrong", "right", "accept", "severity", "context", "note")


class DuplicateEntry(GlossaryError):
    """The entry (its id or one of its wrong renderings) is already in the glossary."""


@dataclass(frozen=True)
class Provenance:
    file: str
    line: int
    date: str  # YYYY-MM-DD

    def comment(self) -> str:
        return f"# added by mt-repair review from {self.file}:{self.line} on {self.date}"


def suggest_id(right: str, wrong: str, existing: Iterable[str] = ()) -> str:
    """A lower-case id from the correction (ASCII) or a stable one from the wrong rendering."""
    ascii_text = unicodedata.normalize("NFKD", right).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower()).strip("-._")[:40]
    if not base:
        base = "term-" + "-".join(f"{ord(c):x}" for c in wrong[:3])
    taken = set(existing)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def entry_fields(
    *,
    entry_id: str,
    kind: str,
    wrong: Sequence[str],
    right: Sequence[str],
    category: str | None = None,
    require_any: Sequence[str] = (),
    note: str | None = None,
) -> dict[str, Any]:
    """The mapping for one glossary entry, in the glossary's usual key order."""
    EntryKind(kind)  # raises ValueError on an unknown kind
    if category:
        Category(category)
    fields: dict[str, Any] = {"id": entry_id, "kind": kind}
    if category:
        fields["category"] = category
    fields["wrong"] = [w.strip() for w in wrong if w.strip()]
    fields["right"] = [r.strip() for r in right if r.strip()]
    words = [w.strip() for w in require_any if w.strip()]
    if words:
        fields["context"] = {"require_any": words}
    if note:
        fields["note"] = note
    return fields


def _block(fields: Mapping[str, Any], indent: str) -> str:
    ordered = {k: fields[k] for k in _FIELD_ORDER if k in fields}
    ordered.update({k: v for k, v in fields.items() if k not in ordered})
    body = (
        yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1_000_000)
        .rstrip("\n")
        .split("\n")
    )
    lines = [f"{indent}- {body[0]}"] + [f"{indent}  {line}" for line in body[1:]]
    return "\n".join(lines) + "\n"


def _check_duplicates(text: str, fields: Mapping[str, Any], path: str) -> None:
    if not text.strip():
        return
    glossary = parse_glossary(text, path)
    wrong = list(fields.get("wrong", ()))
    for e in glossary.entries:
        if e.id == fields.get("id"):
            raise DuplicateEntry(f"an entry with id {e.id!r} already exists", path=path)
        for w in wrong:
            if w in e.wrong:
                raise DuplicateEntry(f"{w!r} is already a wrong rendering in entry {e.id!r}", path=path)
            if w in e.right or w in e.accept:
                raise DuplicateEntry(f"{w!r} is listed as correct in entry {e.id!r}", path=path)
    for label in glossary.speakers.labels:
        for w in wrong:
            if w in label.garbles:
                raise DuplicateEntry(f"{w!r} is already a speaker-label garble of {label.name!r}", path=path)


def _line_start_after(text: str, index: int) -> int:
    if index == 0 or text[index - 1] == "\n":
        return index
    nl = text.find("\n", index)
    return len(text) if nl < 0 else nl + 1


def _insert(text: str, fields: Mapping[str, Any], comment: str, path: str) -> str:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise GlossaryError("a glossary is a YAML mapping with 'version' and 'entries'", path=path)
    keys = [k.value for k, _ in root.value]
    if "entries" not in keys:
        base = text if text.endswith("\n") else text + "\n"
        return base + "entries:\n" + f"  {comment}\n" + _block(fields, "  ")
    pos = keys.index("entries")
    node = root.value[pos][1]
    is_last = pos == len(keys) - 1
    if isinstance(node, yaml.SequenceNode) and node.flow_style:
        if node.value:
            raise GlossaryError(
                "'entries' is written in flow style ([...]); add the entry by "
                "hand or rewrite the list in block style",
                path=path,
            )
        colon = text.rindex(":", 0, node.start_mark.index)
        head = text[: colon + 1] + "\n"
        tail = text[_line_start_after(text, node.end_mark.index) :]
        return head + f"  {comment}\n" + _block(fields, "  ") + tail
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise GlossaryError("'entries' is not a list", path=path)
    indent = " " * node.start_mark.column
    at = len(text) if is_last else _line_start_after(text, node.value[-1].end_mark.index)
    head = text[:at]
    if head and not head.endswith("\n"):
        head += "\n"
    return head + f"{indent}{comment}\n" + _block(fields, indent) + text[at:]


def append_entry(
    yaml_text: str, entry_fields: Mapping[str, Any], provenance: Provenance, path: str = "<glossary>"
) -> str:
    """The glossary text with the entry appended; raises DuplicateEntry or GlossaryError.

    An empty text starts a new glossary. The result is checked with parse_glossary and must
    hold the new entry exactly as given."""
    text = yaml_text.lstrip("\ufeff")
    _check_duplicates(text, entry_fields, path)
    if not text.strip():
        text = NEW_GLOSSARY
    new_text = _insert(text, entry_fields, provenance.comment(), path)
    glossary = parse_glossary(new_text, path)
    try:
        added = glossary.entry(str(entry_fields.get("id")))
    except KeyError:
        raise GlossaryError("the new entry did not land in 'entries'; add it by hand", path=path) from None
    if list(added.wrong) != list(entry_fields.get("wrong", ())):
        raise GlossaryError("the new entry did not read back as written; add it by hand", path=path)
    return new_text
