"""`munshi`: the command line. Each command lives in its own module and registers itself here."""

from __future__ import annotations

import argparse
import importlib
import sys

# Modules that each expose `register(subparsers)`; a command sets `func(args) -> int` as its default.
COMMAND_MODULES = ("bot.app.cli.books", "bot.app.cli.parse", "bot.app.cli.serve", "bot.app.cli.chat", "bot.app.cli.bench",
                   "bot.app.cli.gst", "bot.app.cli.insight", "bot.app.cli.exchange", "bot.app.cli.api")


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
