"""Configuration: `[tool.mt-repair]` in pyproject.toml or `mt-repair.toml`. CLI > env > file > defaults.

Unknown keys are errors. Secrets (the API key) never live here: only in the environment.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from repair.core.errors import ConfigError

CONFIG_FILES = ("mt-repair.toml", "pyproject.toml")


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    glossary: str | None = None  # path; relative paths are relative to the config file
    domain: str | None = None  # document domain for context gates; default: the glossary's
    language: str | None = None  # target language; default: the glossary's
    source_language: str | None = None
    speakers: list[str] = []
    select: list[str] = []
    ignore: list[str] = []
    fail_on: Literal["info", "warning", "error"] = "warning"
    min_language_chars: int = 20
    unsafe_fixes: bool = False
    input_format: Literal["transcript", "srt", "vtt", "markdown", "text"] | None = None
    llm: dict[str, Any] = {}  # validated by repair.llm.config.LLMConfig
    # where the config came from, for messages and relative paths (not a config key)
    source: str | None = None


def _normalise(table: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in table.items():
        key = k.replace("-", "_")
        out[key] = _normalise(v) if isinstance(v, dict) else v
    return out


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            path = folder / name
            if not path.is_file():
                continue
            data = _read_toml(path)
            if name == "pyproject.toml":
                table = data.get("tool", {}).get("mt-repair")
                if table is None:
                    continue
                return path, table
            return path, data
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"malformed TOML: {exc}", path=str(path)) from None


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError("config file not found", path=str(explicit))
        data = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            data = data.get("tool", {}).get("mt-repair", {})
        found: tuple[Path, dict[str, Any]] | None = (explicit, data)
    else:
        found = find_config((cwd or Path.cwd()).resolve())
    if found is None:
        cfg = Config()
    else:
        path, table = found
        try:
            cfg = Config.model_validate({**_normalise(table), "source": str(path)})
        except ValidationError as exc:
            err = exc.errors()[0]
            key = ".".join(str(x) for x in err["loc"])
            raise ConfigError(f"[tool.mt-repair] {key}: {err['msg']}", path=str(path)) from None
        if cfg.glossary and not Path(cfg.glossary).is_absolute():
            cfg = cfg.model_copy(update={"glossary": str(path.parent / cfg.glossary)})
    env_glossary = os.environ.get("MT_REPAIR_GLOSSARY")
    if env_glossary:
        cfg = cfg.model_copy(update={"glossary": env_glossary})
    return cfg
