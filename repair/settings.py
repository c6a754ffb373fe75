"""One typed Settings for every subcommand: defaults < config file < environment < command line.

The file is ``mt-repair.toml`` or ``[tool.mt-repair]`` in ``pyproject.toml`` (searched upwards
from the working folder, or named with ``--config``); unknown keys are errors. The environment
supplies ``MT_REPAIR_GLOSSARY`` (glossary), ``MT_REPAIR_LLM_MODEL`` (llm.model) and the SDK's
``OPENAI_BASE_URL`` (llm.base_url). The command line wins over all of them. Secrets (the API key)
never live here: the LLM factory reads ``OPENAI_API_KEY`` from the environment when it needs it.

Nothing here knows argparse: the CLI turns its flags into a plain mapping of overrides.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from repair.core.errors import ConfigError
from repair.llm.config import LLMConfig

CONFIG_FILES = ("mt-repair.toml", "pyproject.toml")
FailOn = Literal["info", "warning", "error"]
# environment variable -> settings key (a dotted key reaches into the llm table)
ENVIRONMENT = {
    "MT_REPAIR_GLOSSARY": "glossary",
    "MT_REPAIR_LLM_MODEL": "llm.model",
    "OPENAI_BASE_URL": "llm.base_url",
}
# fields the command line sets for one run; a config file may not
RUN_ONLY = frozenset({"use_llm", "llm_cache", "source"})


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    glossary: str | None = None  # path; relative paths in a file are relative to that file
    domain: str | None = None  # document domain for context gates; default: the glossary's
    language: str | None = None  # target language; default: the glossary's
    source_language: str | None = None
    speakers: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: FailOn = "warning"
    min_language_chars: int = 20
    unsafe_fixes: bool = False
    input_format: str | None = None  # a key of repair.formats.FORMATS; None: detect
    encoding: str | None = None  # decode inputs with this codec instead of guessing (--encoding)
    llm: LLMConfig = LLMConfig()
    # run-only: the command line turns these on
    use_llm: bool = False  # run the LLM check (--llm)
    llm_cache: bool = True  # read and write the answer cache (--no-cache turns it off)
    source: str | None = None  # the config file these came from, for messages

    @field_validator("input_format")
    @classmethod
    def _known_format(cls, value: str | None) -> str | None:
        from repair.formats import FORMATS  # the registry's keys are the allowed values

        if value is not None and value not in FORMATS:
            raise ValueError(f"Input should be one of {', '.join(map(repr, FORMATS))}")
        return value


def _normalise(table: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in table.items():
        key = k.replace("-", "_")
        out[key] = _normalise(v) if isinstance(v, Mapping) else v
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


def _validate(data: Mapping[str, Any], where: str, path: str | None) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(x) for x in err["loc"])
        raise ConfigError(f"{where} {key}: {err['msg']}", path=path) from None


def _file_layer(explicit: Path | None, cwd: Path | None) -> dict[str, Any]:
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
        return {}
    path, table = found
    layer = _normalise(table)
    for key in RUN_ONLY & set(layer):  # set on the command line only
        raise ConfigError(f"[tool.mt-repair] {key}: Extra inputs are not permitted", path=str(path))
    checked = _validate({**layer, "source": str(path)}, "[tool.mt-repair]", str(path))
    layer["source"] = str(path)
    if checked.glossary and not Path(checked.glossary).is_absolute():
        layer["glossary"] = str(path.parent / checked.glossary)
    return layer


def _env_layer(environ: Mapping[str, str]) -> dict[str, Any]:
    layer: dict[str, Any] = {}
    for var, key in ENVIRONMENT.items():
        value = environ.get(var)
        if value:
            _put(layer, key, value)
    return layer


def _put(layer: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        layer = layer.setdefault(part, {})
    layer[last] = value


def _merge(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        if value is None:
            continue  # an option not given on the command line
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(dict(out[key]), value)
        elif isinstance(value, Mapping):
            out[key] = _merge({}, value)
        else:
            out[key] = value
    return out


def merge_settings(
    base: Settings, *, environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """``base`` with the environment, then ``overrides`` (None values skipped) on top."""
    data = _merge(
        base.model_dump(exclude_defaults=True), _env_layer(os.environ if environ is None else environ)
    )
    data = _merge(data, overrides or {})
    return _validate(data, "setting", None)


def load_settings(
    explicit: Path | None = None,
    cwd: Path | None = None,
    *,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Defaults < the config file (``explicit``, else searched upwards from ``cwd``) <
    environment < ``overrides`` (the command line; None values are options not given)."""
    base = _validate(_file_layer(explicit, cwd), "[tool.mt-repair]", None)
    return merge_settings(base, environ=environ, overrides=overrides)
