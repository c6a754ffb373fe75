"""One Settings, one runner: precedence of the layers, and `llm export` building exactly the
requests `check --llm` sends for the same settings (so imported answers are found)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, is_plausibility

from repair.cli import main
from repair.llm.cache import cache_key
from repair.llm.service import LOCATE, PLAUSIBILITY
from repair.runner import Runner
from repair.settings import Settings, load_settings

TURNS = ["如果你看一下这些老板在推特上发布的税收，你会发现很多有趣的东西，而且每一条都值得仔细阅读和思考。",
         "是的，你有笔记，每个笔记都连接到其他笔记，这就是网络的结构，也是我们今天要讨论的核心问题。",
         "我们用PyTorch在大赦数据集上训练了一个小网络，效果还不错，不过训练时间比我们预想的要长很多。"]


def talk(tmp_path: Path) -> Path:
    lines = []
    for i in range(12):
        who = "Lex" if i % 2 == 0 else "Andrej"
        lines += [f"{who} 00:{i:02d}:01", TURNS[i % 3] * 3, ""]
    path = tmp_path / "talk.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_precedence_defaults_file_environment_cli(tmp_path: Path) -> None:
    cfg = tmp_path / "mt-repair.toml"
    cfg.write_text('domain = "file"\nglossary = "g.yaml"\n[llm]\nmodel = "file-model"\n'
                   'concurrency = 3\n', encoding="utf-8")
    s = load_settings(cfg, environ={})
    assert (s.domain, s.llm.model, s.llm.concurrency, s.fail_on) == ("file", "file-model", 3,
                                                                      "warning")
    assert s.glossary == str(tmp_path / "g.yaml")  # relative to the config file
    env = {"MT_REPAIR_LLM_MODEL": "env-model", "MT_REPAIR_GLOSSARY": "env.yaml",
           "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}
    s = load_settings(cfg, environ=env)
    assert (s.llm.model, s.glossary, s.llm.base_url) == ("env-model", "env.yaml",
                                                         "http://127.0.0.1:9/v1")
    s = load_settings(cfg, environ=env, overrides={"domain": "cli", "llm": {"model": "cli-model",
                                                                           "concurrency": None}})
    assert (s.domain, s.llm.model, s.llm.concurrency) == ("cli", "cli-model", 3)


def test_run_only_keys_are_not_config_keys(tmp_path: Path) -> None:
    from repair.core.errors import ConfigError

    cfg = tmp_path / "mt-repair.toml"
    cfg.write_text("use_llm = true\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="use_llm"):
        load_settings(cfg, environ={})


def test_runner_selects_codes_and_threshold() -> None:
    r = Runner.create(Settings(select=("GL",), ignore=("GL004",), unsafe_fixes=True))
    assert r.codes and all(c.startswith("GL") and c != "GL004" for c in r.codes)
    assert r.llm is None and r.threshold.label == "unsafe"


def test_llm_export_and_check_llm_use_identical_cache_keys(tmp_path: Path) -> None:
    doc = talk(tmp_path)
    cfg = tmp_path / "mt-repair.toml"
    # settings that shape the prompts: context turns from the file, domain from the CLI
    cfg.write_text("[llm]\ncontext_turns = 2\n", encoding="utf-8")
    common = ["--config", str(cfg), "--domain", "ml", "--llm-model", "m"]
    batch = tmp_path / "batch.jsonl"
    assert main(["llm", "export", str(doc), "-o", str(batch), *common]) == 0
    exported = {json.loads(x)["custom_id"] for x in batch.read_text(encoding="utf-8").splitlines()}
    assert len(exported) > 4  # several passages, both request kinds
    with FakeOpenAI() as fake:
        code = main(["check", str(doc), "--llm", "--llm-base-url", fake.base_url, "--no-cache",
                     "--format", "json", *common])
    assert code in (0, 1)
    sent = {cache_key("m", PLAUSIBILITY if is_plausibility(b) else LOCATE, b["messages"])
            for b in fake.bodies()}
    assert sent == exported
