"""`python -m tui FILE ...`: the review command without the `repair` entry point."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tui.cli import register


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args_in = list(sys.argv[1:] if argv is None else argv)
    if not args_in or args_in[0] != "review":
        args_in.insert(0, "review")
    args = parser.parse_args(args_in)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
