"""Command-line surface of the LLM check: the --llm options, building the service, and the
``repair llm export | import | serve`` subcommands.

Precedence is CLI > environment > config file > defaults. The API key comes only from
``OPENAI_API_KEY`` and is never printed, logged, cached or exported.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from repair.core.errors import ConfigError, RepairError
from repair.llm.config import LLMConfig
from repair.llm.service import LLMService

MODEL_ENV = "MT_REPAIR_LLM_MODEL"
PLACEHOLDER_KEY = "sk-no-key-required"  # local servers accept any key
EXIT_OK = 0
EXIT_ERROR = 2

if TYPE_CHECKING:
    from repair.checks.base import CheckContext

Loader = Callable[[argparse.Namespace], tuple[Mapping[str, Any], "CheckContext"]]


def add_llm_arguments(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("LLM check (off unless --llm)")
    g.add_argument("--llm", action="store_true",
                   help="run the LLM check (LM001-LM003) against an OpenAI-compatible server")
    g.add_argument("--llm-model", metavar="NAME",
                   help=f"model name (else ${MODEL_ENV}, else llm.model in the config)")
    g.add_argument("--llm-base-url", metavar="URL",
                   help="server base URL (else $OPENAI_BASE_URL, else llm.base_url)")
    g.add_argument("--llm-scope", choices=("all", "triage"),
                   help="'all': locate garbles in every passage; 'triage': only in the least "
                   "plausible share (see --llm-triage-fraction)")
    g.add_argument("--llm-triage-fraction", type=float, metavar="F",
                   help="share of passages triage sends to the locate step (0-1]")
    g.add_argument("--llm-concurrency", type=int, metavar="N", help="requests in flight at most")
    g.add_argument("--llm-timeout", type=float, metavar="SECONDS", help="timeout per request")
    g.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    g.add_argument("--cache-dir", metavar="DIR", help="answer cache folder")


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


def _arg(args: argparse.Namespace, name: str) -> Any:
    return getattr(args, name, None)


def resolve_model(args: argparse.Namespace, cfg: LLMConfig) -> str:
    model = _arg(args, "llm_model") or os.environ.get(MODEL_ENV) or cfg.model
    if not model:
        raise ConfigError(f"--llm needs a model name: pass --llm-model NAME, set {MODEL_ENV}, "
                          "or set model in the [tool.mt-repair.llm] config table")
    return str(model)


def resolve_base_url(args: argparse.Namespace, cfg: LLMConfig) -> str | None:
    url = _arg(args, "llm_base_url") or os.environ.get("OPENAI_BASE_URL") or cfg.base_url
    return str(url) if url else None


def resolve_api_key(base_url: str | None) -> str:
    key = os.environ.get("OPENAI_API_KEY")
    if key:
        return key
    if base_url:
        return PLACEHOLDER_KEY
    raise ConfigError("OPENAI_API_KEY is not set: the hosted OpenAI API needs it; for a local "
                      "server set OPENAI_BASE_URL or --llm-base-url")


def resolve_cache_dir(args: argparse.Namespace, cfg: LLMConfig) -> Path:
    from repair.llm.cache import default_cache_dir

    folder = _arg(args, "cache_dir") or cfg.cache_dir
    return Path(folder).expanduser() if folder else default_cache_dir()


def _pick(value: Any, fallback: Any) -> Any:
    return fallback if value is None else value


def build_service(args: argparse.Namespace, config: Mapping[str, Any] | Any, *,
                  progress: bool) -> LLMService | None:
    """The service for ``ctx.llm``; None when --llm is not given (then nothing calls a model)."""
    if not _arg(args, "llm"):
        return None
    cfg = llm_config(config)
    model = resolve_model(args, cfg)
    base_url = resolve_base_url(args, cfg)
    api_key = resolve_api_key(base_url)
    concurrency = int(_pick(_arg(args, "llm_concurrency"), cfg.concurrency))
    timeout = float(_pick(_arg(args, "llm_timeout"), cfg.timeout))
    fraction = float(_pick(_arg(args, "llm_triage_fraction"), cfg.triage_fraction))
    if concurrency < 1:
        raise ConfigError("--llm-concurrency must be at least 1")
    if timeout <= 0:
        raise ConfigError("--llm-timeout must be positive")
    if not 0 < fraction <= 1:
        raise ConfigError("--llm-triage-fraction must be in (0, 1]")
    from repair.llm.cache import AnswerCache
    from repair.llm.client import OpenAIChatClient

    cache = None
    if not _arg(args, "no_cache"):
        folder = resolve_cache_dir(args, cfg)
        try:
            cache = AnswerCache(folder)
        except OSError as exc:
            raise ConfigError(f"cannot open the LLM cache in {folder}: {exc}") from None
    callback = None
    if progress:
        from repair.llm.progress import RichProgress

        callback = RichProgress()
    client = OpenAIChatClient(api_key=api_key, base_url=base_url, timeout=timeout)
    return LLMService(client, model=model, cache=cache, concurrency=concurrency,
                      scope=str(_pick(_arg(args, "llm_scope"), cfg.scope)),
                      triage_fraction=fraction, context_turns=cfg.context_turns,
                      max_retries=cfg.max_retries, progress=callback)


# -- subcommands ------------------------------------------------------------------------------

def _default_loader(args: argparse.Namespace) -> tuple[Mapping[str, Any], CheckContext]:
    """The config file and the check context, built the way ``repair check`` builds them."""
    from repair.runner import context_for, glossary_for
    from repair.settings import load_config

    cfg = load_config(getattr(args, "config", None))
    glossary = _arg(args, "glossary")
    _, loaded = glossary_for(cfg, Path(glossary) if glossary else None)
    return cfg.llm, context_for(cfg, loaded)


def _fail(exc: BaseException) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return EXIT_ERROR


def cmd_export(args: argparse.Namespace, loader: Loader = _default_loader) -> int:
    from repair.checks.llm import build_prompts
    from repair.core.io import read_text
    from repair.formats import parse
    from repair.llm.batch import write_batch
    from repair.llm.passages import passages_of

    try:
        config, ctx = loader(args)
        cfg = llm_config(config)
        service = LLMService(None, model=resolve_model(args, cfg), context_turns=cfg.context_turns)
        requests = []
        for name in args.files:
            doc = parse(name, read_text(Path(name)).text)
            prompts = build_prompts(doc, ctx, passages_of(doc), cfg.context_turns)
            requests.extend(service.batch_requests(prompts))
        n = write_batch(Path(args.output), requests)
    except (RepairError, OSError) as exc:
        return _fail(exc)
    print(f"wrote {n} requests for {len(args.files)} file(s) to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace, loader: Loader = _default_loader) -> int:
    from repair.llm.batch import import_results
    from repair.llm.cache import AnswerCache

    try:
        config = loader(args)[0] if _arg(args, "cache_dir") is None else {}
        folder = resolve_cache_dir(args, llm_config(config))
        cache = AnswerCache(folder)
        try:
            report = import_results(Path(args.results), cache)
        finally:
            cache.close()
    except (RepairError, OSError) as exc:
        return _fail(exc)
    print(f"imported {report.imported} answers into {folder}"
          + (f"; {report.failed} requests had failed" if report.failed else ""), file=sys.stderr)
    for problem in report.problems[:20]:
        print(f"{args.results}:{problem}", file=sys.stderr)
    return EXIT_ERROR if report.problems else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from repair.llm.local import LocalModelError, fetch, serve

    try:
        path = fetch(args.model, Path(args.model_dir) if args.model_dir else None)
        print(f"starting llama.cpp server for {path.name} …", file=sys.stderr)
        server = serve(path, port=args.port, ready_timeout=300)
    except LocalModelError as exc:
        return _fail(exc)
    print(f"ready: export OPENAI_BASE_URL={server.base_url} "
          f"MT_REPAIR_LLM_MODEL={path.stem}   (Ctrl-C stops it)", file=sys.stderr)

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


def cmd_fetch_model(args: argparse.Namespace) -> int:
    from repair.llm.local import LocalModelError, fetch

    try:
        path = fetch(args.size, Path(args.model_dir) if args.model_dir else None)
    except LocalModelError as exc:
        return _fail(exc)
    print(path)
    return EXIT_OK


def register(subparsers: Any, *, loader: Loader | None = None) -> None:
    """Add ``llm export``, ``import``, ``serve`` and ``fetch-model``; each parser's ``func`` takes the
    parsed args and returns an exit code. ``loader(args) -> (config, CheckContext)`` lets the
    main CLI build exactly the context ``check`` uses, so exported cache keys match."""
    load = loader or _default_loader
    llm = subparsers.add_parser("llm", help="LLM batch files and a local model server")
    sub = llm.add_subparsers(dest="llm_command", required=True, metavar="COMMAND")

    export = sub.add_parser("export", help="write the LLM requests as OpenAI Batch JSONL")
    export.add_argument("files", nargs="+", metavar="FILES")
    export.add_argument("-o", "--output", required=True, metavar="batch.jsonl")
    export.add_argument("--llm-model", metavar="NAME")
    export.add_argument("--glossary", metavar="PATH")
    export.set_defaults(func=lambda a: cmd_export(a, load))

    imp = sub.add_parser("import", help="load Batch API results into the answer cache")
    imp.add_argument("results", metavar="results.jsonl")
    imp.add_argument("--cache-dir", metavar="DIR")
    imp.add_argument("--glossary", metavar="PATH")
    imp.set_defaults(func=lambda a: cmd_import(a, load))

    srv = sub.add_parser("serve", help="serve a local Qwen2.5-Coder model on loopback")
    srv.add_argument("--model", choices=("0.5b", "1.5b"), default="0.5b")
    srv.add_argument("--port", type=int, default=8080)
    srv.add_argument("--model-dir", metavar="DIR", help="weights cache (else $MT_REPAIR_MODEL_DIR)")
    srv.set_defaults(func=cmd_serve)

    fm = sub.add_parser("fetch-model", help="download, join and verify the local model weights")
    fm.add_argument("size", nargs="?", choices=("0.5b", "1.5b"), default="0.5b")
    fm.add_argument("--model-dir", metavar="DIR", help="weights cache (else $MT_REPAIR_MODEL_DIR)")
    fm.set_defaults(func=cmd_fetch_model)
