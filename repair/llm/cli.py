"""Command-line surface of the LLM check: the --llm options, building the service, and the
``repair llm export | import | serve`` subcommands (``serve`` takes a GGUF file the user names).

Precedence is CLI > environment > config file > defaults. The API key comes only from
``OPENAI_API_KEY`` and is never printed, logged, cached or exported.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from repair.cli_options import add_config_options, add_llm_arguments, llm_overrides
from repair.core.errors import ConfigError, RepairError
from repair.core.exit_codes import EXIT_CLEAN as EXIT_OK
from repair.core.exit_codes import EXIT_ERROR
from repair.llm.config import LLMConfig
from repair.llm.factory import MODEL_ENV, PLACEHOLDER_KEY, resolve_api_key, service_for
from repair.llm.service import LLMService
from repair.settings import Settings, merge_settings

__all__ = [
    "MODEL_ENV",
    "PLACEHOLDER_KEY",
    "add_llm_arguments",
    "build_service",
    "llm_config",
    "register",
    "resolve_api_key",
]


def llm_config(config: Mapping[str, Any] | Any | None) -> LLMConfig:
    """The ``llm`` table, given either the whole config (a mapping with an ``llm`` key) or the
    table itself (a mapping, or an ``LLMConfig``)."""
    raw: Any = config
    if isinstance(config, Mapping) and isinstance(config.get("llm"), Mapping | LLMConfig):
        raw = config["llm"]
    if raw is None:
        return LLMConfig()
    if isinstance(raw, LLMConfig):
        return raw
    if hasattr(raw, "model_dump"):
        raw = raw.model_dump()
    try:
        return LLMConfig.model_validate(dict(raw))
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise ConfigError(f"[tool.mt-repair.llm] {where}: {err['msg']}") from None


def build_service(
    args: argparse.Namespace, config: Mapping[str, Any] | Any, *, progress: bool
) -> LLMService | None:
    """The service for the --llm options over an ``llm`` config table (environment in between);
    None when --llm is not given (then nothing calls a model)."""
    if not getattr(args, "llm", None):
        return None
    settings = merge_settings(Settings(llm=llm_config(config)), overrides=llm_overrides(args))
    return service_for(settings, progress=progress)


# -- subcommands ------------------------------------------------------------------------------


def _fail(exc: BaseException) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return EXIT_ERROR


def cmd_export(args: argparse.Namespace) -> int:
    """The requests ``check --llm`` would send for FILES, built by the same runner from the same
    settings, so the answers imported later are found under the same cache keys."""
    from repair.cli_options import settings_from_args
    from repair.llm.batch import write_batch
    from repair.llm.factory import require_model
    from repair.runner import Runner

    try:
        settings = settings_from_args(args)
        runner = Runner.create(settings.model_copy(update={"use_llm": False}))
        service = LLMService(
            None, model=require_model(settings.llm), context_turns=settings.llm.context_turns
        )
        requests = []
        for name in args.files:
            requests.extend(service.batch_requests(runner.llm_prompts(runner.load(Path(name)))))
        n = write_batch(Path(args.output), requests)
    except (RepairError, OSError) as exc:
        return _fail(exc)
    print(f"wrote {n} requests for {len(args.files)} file(s) to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from repair.cli_options import settings_from_args
    from repair.llm.batch import import_results
    from repair.llm.cache import AnswerCache
    from repair.llm.factory import cache_dir

    try:
        folder = cache_dir(settings_from_args(args).llm)
        cache = AnswerCache(folder)
        try:
            report = import_results(Path(args.results), cache)
        finally:
            cache.close()
    except (RepairError, OSError) as exc:
        return _fail(exc)
    print(
        f"imported {report.imported} answers into {folder}"
        + (f"; {report.failed} requests had failed" if report.failed else ""),
        file=sys.stderr,
    )
    for problem in report.problems[:20]:
        print(f"{args.results}:{problem}", file=sys.stderr)
    return EXIT_ERROR if report.problems else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from repair.llm.local import LocalModelError, serve

    path = Path(args.model)
    if not path.is_file():
        return _fail(LocalModelError("model file not found (a .gguf file)", path=str(path)))
    try:
        print(f"starting llama.cpp server for {path.name} …", file=sys.stderr)
        server = serve(path, port=args.port, ready_timeout=300)
    except LocalModelError as exc:
        return _fail(exc)
    print(
        f"ready: export OPENAI_BASE_URL={server.base_url} "
        f"MT_REPAIR_LLM_MODEL={path.stem}   (Ctrl-C stops it)",
        file=sys.stderr,
    )

    def _stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)  # `kill` stops the model server too
    try:
        server.proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return EXIT_OK if server.proc.returncode in (0, -15, None) else EXIT_ERROR


def register(subparsers: Any) -> None:
    """Add ``llm export``, ``import`` and ``serve``; each parser's ``func`` takes the
    parsed args and returns an exit code. ``export`` takes the options ``check`` takes that shape
    the prompts, so the same settings give the same cache keys."""
    llm = subparsers.add_parser("llm", help="LLM batch files and a local model server")
    sub = llm.add_subparsers(dest="llm_command", required=True, metavar="COMMAND")

    export = sub.add_parser("export", help="write the LLM requests as OpenAI Batch JSONL")
    export.add_argument("files", nargs="+", metavar="FILES")
    export.add_argument("-o", "--output", required=True, metavar="batch.jsonl")
    add_config_options(export)
    export.add_argument("--domain", help="document domain for context gates (default: glossary's)")
    export.add_argument("--speakers", help="comma-separated allowed speaker labels")
    export.add_argument("--language", help="target language code (default: glossary's)")
    export.add_argument(
        "--llm-model", metavar="NAME", help=f"model name (else ${MODEL_ENV}, else llm.model in the config)"
    )
    export.set_defaults(func=cmd_export)

    imp = sub.add_parser("import", help="load Batch API results into the answer cache")
    imp.add_argument("results", metavar="results.jsonl")
    imp.add_argument("--cache-dir", metavar="DIR", help="answer cache folder (else llm.cache_dir)")
    imp.add_argument("--config", type=Path, help="config file (default: searched upwards)")
    imp.set_defaults(func=cmd_import)

    srv = sub.add_parser(
        "serve",
        help="serve a GGUF model file on loopback with llama.cpp "
        "(needs the 'local' extra: llama-cpp-python[server])",
    )
    srv.add_argument("model", metavar="MODEL.gguf", help="the model file to serve")
    srv.add_argument("--port", type=int, default=8080)
    srv.set_defaults(func=cmd_serve)
