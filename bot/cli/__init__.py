"""`munshi`: the command line. Each command lives in its own module and registers itself here."""

from __future__ import annotations

import argparse
import importlib
import sys

# Modules that each expose `register(subparsers)`; a command sets `func(args) -> int` as its default.
COMMAND_MODULES = ("bot.cli.books", "bot.cli.parse", "bot.cli.serve", "bot.cli.chat", "bot.cli.bench",
                   "bot.cli.exchange", "bot.cli.api")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="munshi", description="Munshi, the shop's clerk and accountant.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
