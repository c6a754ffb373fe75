"""Session fixture: the real local model server (Qwen2.5-Coder 0.5B on llama.cpp) on loopback.

Loaded from tests/conftest.py with ``pytest_plugins = ["llm_fixtures"]``. Fetches the weights
(cached under ~/.cache/mt-repair/models, $MT_REPAIR_MODEL_DIR overrides), starts the server on a
free loopback port, waits for /v1/models (120 s at most), yields the base URL and stops it after
the session. When llama-cpp-python or the weights are missing the fixture FAILS: CI installs them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from local_model import fetch  # scripts/: test tooling, not the package

from repair.llm.local import LocalModelError, llama_cpp_available, serve

REAL_MODEL = "qwen2.5-coder-0.5b-instruct-q4_k_m"


@pytest.fixture(scope="session")
def llm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not llama_cpp_available():
        pytest.fail("llama-cpp-python[server] is not installed; the llm_real tests need it: "
                    "pip install -e '.[local]' (scripts/test.sh does)", pytrace=False)
    try:
        path = fetch("0.5b")
    except LocalModelError as exc:
        pytest.fail(f"cannot get the 0.5B test model: {exc}", pytrace=False)
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    try:
        server = serve(path, ready_timeout=120, log_path=log)
    except LocalModelError as exc:
        pytest.fail(f"the local model server did not start: {exc}", pytrace=False)
    try:
        yield server.base_url
    finally:
        server.stop()
