"""Serve a GGUF model the user names on loopback with llama.cpp (``repair llm serve``).

``serve`` starts ``python -m llama_cpp.server`` on a loopback port and waits until ``/v1/models``
answers. The server runs with ``--logits_all true``: llama-cpp-python returns logprobs only then.
Getting weights is the user's business; the test and demo weights are fetched by
``scripts/local_model.py``, which is tooling, not part of the package.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from repair.core.errors import ConfigError


class LocalModelError(ConfigError):
    """The local model cannot be fetched, verified or served."""


# -- serving ---------------------------------------------------------------------------------


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
        return port


def llama_cpp_available() -> bool:
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError:
        return False
    return True


class LocalServer:
    """A running ``llama_cpp.server`` process; a context manager that stops it on exit."""

    def __init__(self, proc: subprocess.Popen[bytes], base_url: str, log_path: Path) -> None:
        self.proc = proc
        self.base_url = base_url
        self.log_path = log_path

    def log_tail(self, n: int = 1500) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout)

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _ready(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(base_url + "/models", timeout=2) as resp:
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _die_with_parent() -> None:
    """In the child before exec: on Linux, get SIGTERM when the parent dies (no orphans)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def serve(
    path: Path,
    host: str = "127.0.0.1",
    port: int | None = None,
    *,
    n_ctx: int = 4096,
    threads: int | None = None,
    ready_timeout: float = 120.0,
    log_path: Path | None = None,
) -> LocalServer:
    """Start a llama.cpp server for ``path`` and wait until it answers on ``/v1/models``.

    Qwen2.5 GGUF files carry their chat template, so no ``--chat_format`` is passed.
    """
    if not llama_cpp_available():
        raise LocalModelError("llama-cpp-python[server] is not installed (pip install 'mt-repair[local]')")
    port = port or free_port(host)
    threads = threads or os.cpu_count() or 2
    if log_path is None:
        log_dir = Path(tempfile.mkdtemp(prefix="mt-repair-llama-"))
        log_path = log_dir / "server.log"
    cmd = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(path),
        "--host",
        host,
        "--port",
        str(port),
        "--n_ctx",
        str(n_ctx),
        "--n_threads",
        str(threads),
        "--n_threads_batch",
        str(threads),
        "--logits_all",
        "true",
        "--verbose",
        "false",
        "--model_alias",
        Path(path).stem,
    ]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    server = LocalServer(proc, f"http://{host}:{port}/v1", log_path)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LocalModelError(
                f"llama.cpp server exited with status {proc.returncode}:\n{server.log_tail()}"
            )
        if _ready(server.base_url):
            return server
        time.sleep(0.25)
    server.stop()
    raise LocalModelError(f"llama.cpp server not ready after {ready_timeout:.0f} s:\n{server.log_tail()}")
