"""Termbase schema (pydantic) and loading with file:line errors.

A termbase file is one domain's English terms of art and names, each with how Chinese tech
writing renders it. It is data written by the mt-repair team from general knowledge, not copied
from any published termbase. See repair/data/termbase/README.md for the fields.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SCHEMA_VERSION = 1
_SLUG_RE = re.compile(r"[^a-z0-9]+")
_DOMAIN_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HAN_RE = re.compile(r"[\u3400-\u9fff]")


class Kind(str, Enum):
    TERM = "term"  # a term of art: gradient descent, consensus, cache line
    ACRONYM = "acronym"  # read as letters or kept as written: MNIST, RAFT, TLS
    PERSON = "person"
    ORG = "org"  # company, lab, university, foundation, standards body
    PRODUCT = "product"  # products, services, models, hardware lines
    LIBRARY = "library"  # libraries, frameworks, tools, datasets, benchmarks
    LANGUAGE = "language"  # programming languages and formats
    PAPER = "paper"
    BOOK = "book"
    FILM = "film"  # films and TV shows
    EVENT = "event"  # conferences, competitions, incidents

    @property
    def is_title(self) -> bool:
        return self in (Kind.PAPER, Kind.BOOK, Kind.FILM)

    @property
    def is_name(self) -> bool:
        return self not in (Kind.TERM, Kind.ACRONYM)


def _as_tuple(v: Any) -> Any:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    return v


class TermEntry(BaseModel):
    """One English term and its Chinese renderings. ``zh`` empty means: keep it in English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str = Field(min_length=1)
    kind: Kind
    id: str = ""
    zh: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    everyday: str | None = None
    cues: tuple[str, ...] = ()
    not_near: tuple[str, ...] = ()
    literal: tuple[str, ...] = ()
    domain: str = ""  # filled from the file

    _tuples = field_validator("zh", "accept", "aliases", "cues", "not_near", "literal", mode="before")(
        _as_tuple
    )

    @field_validator("en", "zh", "accept", "aliases", "cues", "not_near", "literal")
    @classmethod
    def _clean(cls, v: Any) -> Any:
        for s in (v,) if isinstance(v, str) else v:
            if not s or s != s.strip() or "\n" in s:
                raise ValueError(f"{s!r}: must be non-empty, one line, without surrounding spaces")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> TermEntry:
        if not self.id:
            object.__setattr__(self, "id", slug(self.en, self.kind))
        overlap = set(self.literal) & (set(self.zh) | set(self.accept))
        if overlap:
            raise ValueError(f"{sorted(overlap)} listed both as literal (wrong) and as accepted")
        for s in self.literal:
            if not _HAN_RE.search(s):
                raise ValueError(f"literal {s!r} has no Chinese characters")
        return self

    @property
    def key(self) -> str:
        """Unique across the termbase: the same English can be a term in two domains (kernel in
        ai-ml is 卷积核, in operating-systems 内核)."""
        return f"{self.domain}/{self.id}"

    @property
    def keep_english(self) -> bool:
        return not self.zh

    @property
    def preferred(self) -> str:
        """The rendering a fix proposes: the first ``zh``, else the English as written."""
        if self.zh:
            return self.zh[0]
        return f"《{self.en}》" if self.kind.is_title else self.en

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every form that is correct for this entry: renderings, variants, English forms."""
        return (*self.zh, *self.accept, self.en, *self.aliases)


def slug(en: str, kind: Kind) -> str:
    base = _SLUG_RE.sub("-", en.lower()).strip("-") or "x"
    return base if kind in (Kind.TERM, Kind.ACRONYM) else f"{kind.value}.{base}"


class TermbaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    domain: str
    title: str = ""
    entries: tuple[TermEntry, ...]

    @field_validator("version")
    @classmethod
    def _version(cls, v: int) -> int:
        if v != SCHEMA_VERSION:
            raise ValueError(f"unsupported termbase version {v} (this mt-repair reads {SCHEMA_VERSION})")
        return v

    @field_validator("domain")
    @classmethod
    def _domain(cls, v: str) -> str:
        if not _DOMAIN_RE.match(v):
            raise ValueError("domain must be lower-case letters, digits and '-'")
        return v


class TermbaseError(ValueError):
    """A termbase file that cannot be used; the message names the file, line and entry."""


class _LineLoader(yaml.SafeLoader):
    pass


def _mapping_with_line(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _strip_lines(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip_lines(v) for k, v in obj.items() if k != "__line__"}
    if isinstance(obj, list):
        return [_strip_lines(v) for v in obj]
    return obj


def parse_termbase(text: str, path: str) -> TermbaseFile:
    """Validate one termbase file; errors name ``path``, the line and the entry."""
    try:
        raw = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context_mark", None)
        started = f" (in what starts at line {context.line + 1})" if context is not None else ""
        raise TermbaseError(f"{path}{where}: invalid YAML: {problem}{started}") from None
    if not isinstance(raw, dict):
        raise TermbaseError(f"{path}: a termbase file is a mapping with version, domain, entries")
    entries = raw.get("entries")
    if not isinstance(entries, list):
        raise TermbaseError(f"{path}: 'entries' must be a list")
    domain = raw.get("domain", "")
    fixed = []
    for item in entries:
        if not isinstance(item, dict):
            raise TermbaseError(f"{path}: every entry must be a mapping")
        line = item.get("__line__", 0)
        data = _strip_lines(item)
        data.setdefault("domain", domain)
        try:
            fixed.append(TermEntry.model_validate(data))
        except ValidationError as exc:
            problem = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors()
            )
            raise TermbaseError(f"{path}:{line}: entry {data.get('en')!r}: {problem}") from None
    try:
        return TermbaseFile.model_validate(
            {**_strip_lines({k: v for k, v in raw.items() if k != "entries"}), "entries": fixed}
        )
    except ValidationError as exc:
        problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise TermbaseError(f"{path}: {problem}") from None


def load_termbase_file(path: Path) -> TermbaseFile:
    return parse_termbase(path.read_text(encoding="utf-8"), str(path))
