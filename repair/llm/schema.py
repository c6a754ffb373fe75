"""Response models: what the locate step asks for (a JSON schema) and how answers are read.

Two views of one shape. ``GarbleOut``/``LocateOut`` are the wire schema sent as
``response_format`` (every field required, no extras: what strict structured-output servers want).
``Garble``/``LocateAnswer`` read answers leniently, because small local models drift: unknown
category names are mapped, confidences clamped, long strings cut, extra keys ignored.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from repair.core.categories import GARBLE_CATEGORIES, GarbleCategory

CATEGORIES = GARBLE_CATEGORIES
CategoryName = GarbleCategory
MAX_GARBLES = 8  # per passage; more is runaway output
MAX_CONTENT_CHARS = 6000  # a longer answer is runaway output; only complete objects are salvaged

_CATEGORY_ALIASES = {
    "asr": "asr",
    "mishearing": "asr",
    "asr-mishearing": "asr",
    "speech": "asr",
    "misheard": "asr",
    "homophone": "asr",
    "sense": "sense",
    "wrong-sense": "sense",
    "wrong-sense-term": "sense",
    "term": "sense",
    "mistranslation": "sense",
    "literal-title": "literal-title",
    "title": "literal-title",
    "literal": "literal-title",
    "name": "name",
    "proper-name": "name",
    "person": "name",
    "nonsense": "nonsense",
    "garbled": "nonsense",
    "other": "nonsense",
}


class GarbleOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    span: str = Field(description="the garbled words, copied exactly from the passage")
    fix: str = Field(description="the minimal correction for exactly those words")
    cat: CategoryName
    conf: float = Field(description="confidence 0..1")
    why: str = Field(description="a few words: what the speaker said")


class LocateOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    garbles: list[GarbleOut]


def _strict(node: Any, defs: dict[str, Any]) -> Any:
    """Inline $refs, forbid extra keys, drop titles: the subset every json_schema server accepts."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _strict(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
        out = {k: _strict(v, defs) for k, v in node.items() if k not in ("title", "$defs")}
        if out.get("type") == "object":
            out["additionalProperties"] = False
            out["required"] = list(out.get("properties", {}))
        return out
    if isinstance(node, list):
        return [_strict(v, defs) for v in node]
    return node


def locate_schema(bounded: bool = False) -> dict[str, Any]:
    """The JSON schema of a locate answer; ``bounded`` adds length limits (llama.cpp grammars)."""
    raw = LocateOut.model_json_schema()
    schema: dict[str, Any] = _strict(raw, raw.get("$defs", {}))
    if bounded:
        schema["properties"]["garbles"]["maxItems"] = MAX_GARBLES
        item = schema["properties"]["garbles"]["items"]["properties"]
        for key, limit in (("span", 40), ("fix", 60), ("why", 80)):
            item[key]["maxLength"] = limit
    return schema


# -- lenient reading ----------------------------------------------------------------------------


class Garble(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    span: str
    fix: str = ""
    cat: str = "nonsense"
    conf: float = 0.5
    why: str = ""

    @field_validator("span", "fix", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        return "" if v is None else str(v) if isinstance(v, int | float) else v

    @field_validator("cat", mode="before")
    @classmethod
    def _cat(cls, v: Any) -> str:
        key = re.sub(r"[\s_]+", "-", str(v or "").strip().lower())
        return _CATEGORY_ALIASES.get(key, "nonsense")

    @field_validator("conf", mode="before")
    @classmethod
    def _conf(cls, v: Any) -> float:
        try:
            f = float(v)
        except (TypeError, ValueError):
            return 0.5
        if f > 1 and f <= 100:
            f /= 100  # "85" meaning 85 %
        return min(1.0, max(0.0, f)) if f == f else 0.5

    @field_validator("why", mode="before")
    @classmethod
    def _why(cls, v: Any) -> str:
        text = re.sub(r"[\x00-\x1f\x7f]+", " ", str(v or "")).strip()
        return text[:160]


class LocateAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    garbles: tuple[Garble, ...] = ()
    salvaged: bool = False  # read from a broken answer: only complete objects were kept
    dropped: int = 0  # entries beyond MAX_GARBLES or unreadable
    runaway: bool = False  # cut off at max_tokens, or repeating itself: no fix is trusted


class AnswerError(ValueError):
    """The model's answer cannot be read as a locate answer."""


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)
_OBJECT = re.compile(r"\{[^{}]*\}")


def _items(raw: Any) -> list[Any] | None:
    if isinstance(raw, dict):
        for key in ("garbles", "errors", "items", "results"):
            if isinstance(raw.get(key), list):
                return list(raw[key])
        if "span" in raw:
            return [raw]
        return [] if not raw else None
    if isinstance(raw, list):
        return raw
    return None


def _read_items(items: list[Any], salvaged: bool, truncated: bool) -> LocateAnswer:
    garbles: list[Garble] = []
    dropped = 0
    repeats = Counter(json.dumps(i, sort_keys=True, ensure_ascii=False) for i in items)
    repetitive = bool(repeats) and max(repeats.values()) >= 3
    for item in items:
        if len(garbles) >= MAX_GARBLES:
            dropped += 1
            continue
        try:
            g = Garble.model_validate(item)
        except ValidationError:
            dropped += 1
            continue
        if g.span.strip():
            garbles.append(g)
    return LocateAnswer(
        garbles=tuple(garbles),
        salvaged=salvaged,
        dropped=dropped,
        runaway=salvaged or truncated or repetitive or len(items) > MAX_GARBLES,
    )


def parse_locate(content: str | None, finish_reason: str | None = None) -> LocateAnswer:
    """Read a locate answer: strict JSON first, then a JSON value inside prose, then salvage.

    An answer cut off at the token limit, salvaged, or repeating one entry is marked ``runaway``.
    """
    truncated = finish_reason == "length"
    if content is None:
        raise AnswerError("empty answer")
    text = _FENCE.sub("", content.strip())
    runaway = len(text) > MAX_CONTENT_CHARS
    if not runaway:
        try:
            items = _items(json.loads(text))
        except json.JSONDecodeError:
            items = None
            start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
            if start >= 0:
                try:
                    value, _ = json.JSONDecoder().raw_decode(text[start:])
                    items = _items(value)
                except json.JSONDecodeError:
                    items = None
        if items is not None:
            return _read_items(items, salvaged=False, truncated=truncated)
    # broken or runaway: keep only complete flat objects that look like garbles
    found: list[Any] = []
    for m in _OBJECT.finditer(text[:MAX_CONTENT_CHARS]):
        try:
            obj = json.loads(m.group(0))
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict) and "span" in obj:
            found.append(obj)
    if found:
        return _read_items(found, salvaged=True, truncated=truncated)
    raise AnswerError("answer is not JSON" + (" (runaway output)" if runaway else ""))


# -- plausibility -------------------------------------------------------------------------------

_YES = ("y", "是", "对", "true")
_NO = ("n", "否", "不", "false")


def read_plausibility(completion: dict[str, Any]) -> float | None:
    """P(yes) / (P(yes) + P(no)) from the first token's top logprobs; None without logprobs."""
    try:
        first = completion["choices"][0]["logprobs"]["content"][0]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(first, dict):
        return None
    tops = first.get("top_logprobs") or [first]
    p_yes = p_no = 0.0
    for top in tops:
        if not isinstance(top, dict):
            continue
        token = str(top.get("token", "")).strip().lower()
        try:
            p = math.exp(float(top.get("logprob", -math.inf)))
        except (TypeError, ValueError, OverflowError):
            continue
        if token.startswith(_YES):
            p_yes += p
        elif token.startswith(_NO):
            p_no += p
    if p_yes + p_no <= 0:
        return None
    return min(1.0, max(0.0, p_yes / (p_yes + p_no)))


def usage_of(completion: dict[str, Any]) -> tuple[int, int]:
    usage = completion.get("usage")
    if not isinstance(usage, dict):
        return 0, 0
    try:
        return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
    except (TypeError, ValueError):
        return 0, 0


def finish_reason_of(completion: dict[str, Any]) -> str | None:
    try:
        reason = completion["choices"][0].get("finish_reason")
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return reason if isinstance(reason, str) else None


def content_of(completion: dict[str, Any]) -> str | None:
    try:
        content = completion["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return None
    return content if isinstance(content, str) else None
