"""glossary.yaml: a versioned schema (pydantic), YAML loading with file:line errors, self-checks.

Glossary behaviour is data: which renderings are wrong, what replaces them, which variants are
accepted, and which context gates an entry. The matcher lives in glossary/matcher.py.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from repair.core.errors import GlossaryError
from repair.core.models import Severity

SCHEMA_VERSION = 1
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class EntryKind(str, Enum):
    TERM = "term"  # a wrong rendering and its correction (大赦 -> MNIST)
    NAME = "name"  # a do-not-translate name: person, company, product, model, library, dataset
    TITLE = "title"  # a paper, book or film title; corrected into 《…》
    CONCEPT = "concept"  # preferred rendering + accepted variants + forbidden variants


class Category(str, Enum):
    ASR = "asr"  # speech recognition misheard the English
    SENSE = "sense"  # right word, wrong sense (electrical transformer for Transformer)
    LITERAL_TITLE = "literal-title"
    NAME = "name"
    NONSENSE = "nonsense"
    TERM = "term"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Context(_Strict):
    """A gate: the entry applies only when the context agrees. Gated matches are never SAFE."""

    window: int = Field(default=30, ge=1, le=500, description="characters either side")
    require_any: tuple[str, ...] = ()
    exclude_any: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    exclude_domains: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _not_empty(self) -> Context:
        if not (self.require_any or self.exclude_any or self.domains or self.exclude_domains):
            raise ValueError(
                "context gate is empty: give require_any, exclude_any, domains or exclude_domains"
            )
        return self

    def allows(self, text: str, start: int, end: int, domain: str | None) -> bool:
        if self.domains and domain not in self.domains:
            return False
        if domain is not None and domain in self.exclude_domains:
            return False
        if self.require_any or self.exclude_any:
            left = text[max(0, start - self.window) : start]
            right = text[end : end + self.window]
            near = left + "\x00" + right
            if self.require_any and not any(w in near for w in self.require_any):
                return False
            if any(w in near for w in self.exclude_any):
                return False
        return True


class Examples(_Strict):
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()


def _as_tuple(v: Any) -> Any:
    if isinstance(v, str):
        return (v,)
    return v


_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


class Entry(_Strict):
    id: str
    kind: EntryKind
    wrong: tuple[str, ...] = ()
    right: tuple[str, ...] = Field(min_length=1)
    accept: tuple[str, ...] = ()
    category: Category | None = None
    severity: Severity = Severity.WARNING
    ignore_case: bool = False
    context: Context | None = None
    note: str | None = None
    examples: Examples = Examples()

    _wrong_v = field_validator("wrong", "right", "accept", mode="before")(_as_tuple)

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, v: Any) -> Any:
        return Severity.parse(v) if isinstance(v, str) else v

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID_RE.match(v):
            raise ValueError("id must be lower-case letters, digits, '.', '_' or '-'")
        return v

    @field_validator("wrong", "right", "accept")
    @classmethod
    def _no_blank(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for s in v:
            if not s or s != s.strip():
                raise ValueError(f"{s!r}: terms must be non-empty without surrounding spaces")
            if any(c in s for c in _LINE_BREAKS):
                # a replacement with a line break could inject a fake speaker header
                raise ValueError(f"{s!r}: terms must be on one line (no line breaks)")
        if len(set(v)) != len(v):
            raise ValueError("lists the same term twice")
        return v

    @model_validator(mode="after")
    def _shape(self) -> Entry:
        if not self.wrong and self.kind is not EntryKind.CONCEPT:
            raise ValueError(f"a {self.kind.value} entry needs at least one 'wrong' rendering")
        if not self.wrong and not self.accept:
            raise ValueError("a concept needs 'wrong' or 'accept' variants")
        both = set(self.wrong) & (set(self.right) | set(self.accept))
        if both:
            raise ValueError(f"{sorted(both)} listed as both wrong and right/accepted")
        return self

    @property
    def gated(self) -> bool:
        return self.context is not None

    @property
    def preferred(self) -> str:
        return self.right[0]

    def replacement_for(self, preceded: str, followed: str) -> str | None:
        """The single correction, or None when several candidates make it ambiguous."""
        if len(self.right) != 1:
            return None
        r = self.right[0]
        if self.kind is EntryKind.TITLE and not (preceded.endswith("《") and followed.startswith("》")):
            r = f"《{r}》"
        return r


class SpeakerLabel(_Strict):
    name: str
    garbles: tuple[str, ...] = ()

    _g = field_validator("garbles", mode="before")(_as_tuple)


class Speakers(_Strict):
    labels: tuple[SpeakerLabel, ...] = ()


class Glossary(_Strict):
    version: Literal[1]
    name: str = "glossary"
    language: str = "zh"
    source_language: str = "en"
    domains: tuple[str, ...] = ()
    speakers: Speakers = Speakers()
    entries: tuple[Entry, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> Glossary:
        seen: dict[str, str] = {}
        ids: set[str] = set()
        for e in self.entries:
            if e.id in ids:
                raise ValueError(f"duplicate entry id {e.id!r}")
            ids.add(e.id)
            for w in e.wrong:
                if w in seen:
                    raise ValueError(f"{w!r} is a wrong rendering in both {seen[w]!r} and {e.id!r}")
                seen[w] = e.id
        for e in self.entries:
            for form in (*e.right, *e.accept):
                if form in seen:
                    raise ValueError(
                        f"{form!r} is a correction or accepted form of {e.id!r} but a "
                        f"wrong rendering in {seen[form]!r}: fixes would loop"
                    )
        return self

    @property
    def domain(self) -> str | None:
        return self.domains[0] if self.domains else None

    def entry(self, entry_id: str) -> Entry:
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise KeyError(entry_id)


# -- loading ---------------------------------------------------------------------------------


def _entry_lines(text: str) -> tuple[list[int], dict[tuple[int, str], int]]:
    """Line numbers (1-based) of each entry and of each key inside it, from the YAML node tree."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return [], {}
    starts: list[int] = []
    keys: dict[tuple[int, str], int] = {}
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if k.value == "entries" and isinstance(v, yaml.SequenceNode):
                for i, item in enumerate(v.value):
                    starts.append(item.start_mark.line + 1)
                    if isinstance(item, yaml.MappingNode):
                        for ik, _iv in item.value:
                            keys[(i, ik.value)] = ik.start_mark.line + 1
    return starts, keys


# the C loader (libyaml) parses the glossary ~7x faster than the pure-Python one; line numbers
# for error messages come from a second, line-tracking parse, only when validation fails
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_glossary(text: str, path: str = "<glossary>") -> Glossary:
    try:
        data = yaml.load(text, Loader=_FAST_LOADER)  # CSafeLoader or SafeLoader: safe
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise GlossaryError(
            f"malformed YAML: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    if not isinstance(data, dict):
        raise GlossaryError("a glossary is a YAML mapping with 'version' and 'entries'", path=path)
    if data.get("version") != SCHEMA_VERSION:
        raise GlossaryError(
            f"unsupported glossary version {data.get('version')!r} "
            f"(this mt-repair reads version {SCHEMA_VERSION})",
            path=path,
        )
    try:
        return Glossary.model_validate(data)
    except ValidationError as exc:
        starts, keys = _entry_lines(text)
        # an unknown key (a typo) explains the other errors best, so report it first
        err = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")[0]
        loc = err["loc"]
        line = None
        where = ".".join(str(x) for x in loc)
        if len(loc) >= 2 and loc[0] == "entries" and isinstance(loc[1], int):
            i = loc[1]
            raw = data.get("entries", [])
            eid = raw[i].get("id") if i < len(raw) and isinstance(raw[i], dict) else None
            where = f"entry {i + 1}" + (f" ({eid})" if eid else "")
            if len(loc) > 2:
                where += ", field " + ".".join(str(x) for x in loc[2:])
                line = keys.get((i, str(loc[2])))
            if line is None and i < len(starts):
                line = starts[i]
        msg = (
            "unknown field" if err["type"] == "extra_forbidden" else err["msg"].removeprefix("Value error, ")
        )
        extra = f" (and {exc.error_count() - 1} more errors)" if exc.error_count() > 1 else ""
        raise GlossaryError(f"{where}: {msg}{extra}", path=path, line=line) from None


def load_glossary(path: Path) -> Glossary:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GlossaryError("glossary file not found", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"cannot read glossary: {exc}", path=str(path)) from None
    from repair.glossary.cache import cached_parse  # imports this module: import at call time

    return cached_parse(text, str(path))


def default_glossary_path() -> Path:
    """The shipped glossary: package data in a wheel, the repo-root file in a checkout."""
    here = Path(__file__).resolve().parent.parent  # repair/, where a wheel keeps data/
    for candidate in (here / "data" / "glossary.yaml", here.parent / "glossary.yaml"):
        if candidate.is_file():
            return candidate
    raise GlossaryError(
        "the default glossary is missing from this installation", path=str(here / "data" / "glossary.yaml")
    )
