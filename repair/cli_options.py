"""The options shared by subcommands, and the one place parsed options become Settings.

Subcommand modules (cli, commands, eval, llm, the review command) add these options and call
``settings_from_args``; nothing past that call sees an ``argparse.Namespace``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from repair.core.errors import ConfigError
from repair.formats import FORMATS
from repair.settings import Settings, load_settings

MODEL_ENV = "MT_REPAIR_LLM_MODEL"


def add_llm_arguments(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("LLM check (off unless --llm)")
    g.add_argument(
        "--llm",
        action="store_true",
        help="run the LLM check (LM001-LM003) against an OpenAI-compatible server",
    )
    g.add_argument(
        "--llm-model", metavar="NAME", help=f"model name (else ${MODEL_ENV}, else llm.model in the config)"
    )
    g.add_argument(
        "--llm-base-url", metavar="URL", help="server base URL (else $OPENAI_BASE_URL, else llm.base_url)"
    )
    g.add_argument(
        "--llm-scope",
        choices=("all", "triage"),
        help="'all': locate garbles in every passage; 'triage': only in the least "
        "plausible share (see --llm-triage-fraction)",
    )
    g.add_argument(
        "--llm-triage-fraction",
        type=float,
        metavar="F",
        help="share of passages triage sends to the locate step (0-1]",
    )
    g.add_argument("--llm-concurrency", type=int, metavar="N", help="requests in flight at most")
    g.add_argument("--llm-timeout", type=float, metavar="SECONDS", help="timeout per request")
    g.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    g.add_argument("--cache-dir", metavar="DIR", help="answer cache folder")


def add_config_options(p: argparse.ArgumentParser) -> None:
    """--config, --glossary and --input-format: what every command that reads documents takes."""
    p.add_argument(
        "--config",
        type=Path,
        help="config file (default: mt-repair.toml or [tool.mt-repair] in pyproject.toml, searched upwards)",
    )
    p.add_argument("--glossary", type=Path, help="glossary.yaml (default: the shipped one)")
    add_input_format_option(p)
    p.add_argument("--encoding", help="decode inputs with this codec (utf-8, gb18030) instead of guessing")


def add_input_format_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--input-format",
        choices=list(FORMATS),
        metavar="FORMAT",
        help="override format detection: " + "; ".join(f"{f.key} ({f.summary})" for f in FORMATS.values()),
    )


def add_engine_options(p: argparse.ArgumentParser) -> None:
    add_config_options(p)
    p.add_argument(
        "--select",
        action="append",
        default=None,
        metavar="CODES",
        help="only these rule codes or prefixes (comma-separated, repeatable)",
    )
    p.add_argument(
        "--ignore", action="append", default=None, metavar="CODES", help="skip these rule codes or prefixes"
    )
    p.add_argument("--domain", help="document domain for context gates (default: glossary's)")
    p.add_argument("--speakers", help="comma-separated allowed speaker labels")
    p.add_argument("--language", help="target language code (default: glossary's)")
    add_llm_arguments(p)


def split_codes(values: Sequence[str] | None) -> list[str]:
    return [c.strip().upper() for v in values or [] for c in v.split(",") if c.strip()]


def _arg(args: argparse.Namespace, name: str) -> Any:
    return getattr(args, name, None)


def llm_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The --llm-* options as settings overrides; bad values are errors named by their flag."""
    concurrency, timeout = _arg(args, "llm_concurrency"), _arg(args, "llm_timeout")
    fraction = _arg(args, "llm_triage_fraction")
    if concurrency is not None and concurrency < 1:
        raise ConfigError("--llm-concurrency must be at least 1")
    if timeout is not None and timeout <= 0:
        raise ConfigError("--llm-timeout must be positive")
    if fraction is not None and not 0 < fraction <= 1:
        raise ConfigError("--llm-triage-fraction must be in (0, 1]")
    cache_dir = _arg(args, "cache_dir")
    return {
        "use_llm": True if _arg(args, "llm") else None,
        "llm_cache": False if _arg(args, "no_cache") else None,
        "llm": {
            "model": _arg(args, "llm_model"),
            "base_url": _arg(args, "llm_base_url"),
            "scope": _arg(args, "llm_scope"),
            "triage_fraction": fraction,
            "concurrency": concurrency,
            "timeout": timeout,
            "cache_dir": str(cache_dir) if cache_dir is not None else None,
        },
    }


def overrides_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """Every option a subcommand was given, as settings keys; options it lacks are skipped."""
    out = llm_overrides(args)
    glossary = _arg(args, "glossary")
    speakers = _arg(args, "speakers")
    out.update(
        {
            "glossary": str(glossary) if glossary is not None else None,
            "domain": _arg(args, "domain") or None,
            "language": _arg(args, "language") or None,
            "input_format": _arg(args, "input_format") or None,
            "encoding": _arg(args, "encoding") or None,
            "fail_on": _arg(args, "fail_on") or None,
            "speakers": [s.strip() for s in speakers.split(",") if s.strip()] if speakers else None,
            "select": split_codes(_arg(args, "select")) or None,
            "ignore": split_codes(_arg(args, "ignore")) or None,
            "unsafe_fixes": True if _arg(args, "unsafe_fixes") else None,
        }
    )
    return out


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Config file (--config or searched) < environment < these options."""
    config = _arg(args, "config")
    return load_settings(Path(config) if config is not None else None, overrides=overrides_from_args(args))
