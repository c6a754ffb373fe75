#!/usr/bin/env python3
"""Fetch (download, join, verify) and serve the local Qwen2.5-Coder model for mt-repair.

    python scripts/local_model.py fetch [0.5b|1.5b] [--model-dir DIR]
    python scripts/local_model.py serve [0.5b|1.5b] [--port 8080]

The logic lives in repair/llm/local.py (``fetch``, ``serve``); ``repair llm fetch-model`` and
``repair llm serve`` call the same functions. Weights default to ~/.cache/mt-repair/models
($MT_REPAIR_MODEL_DIR overrides).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from repair.llm.local import LocalModelError, fetch, serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("fetch", "serve"))
    parser.add_argument("size", nargs="?", choices=("0.5b", "1.5b"), default="0.5b")
    parser.add_argument("--model-dir", type=Path)
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    try:
        path = fetch(args.size, args.model_dir)
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
