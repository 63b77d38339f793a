"""`munshi`: the command line. Each command lives in its own module and registers itself here.

Bad arguments never end in a traceback or a usage text: the answer is one JSON object
(`{"ok": false, "error": {"code", "message"}}`) on stdout and exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys

# Modules that each expose `register(subparsers)`; a command sets `func(args) -> int` as its default.
COMMAND_MODULES = ("bot.app.cli.books", "bot.app.cli.parse", "bot.app.cli.serve", "bot.app.cli.chat", "bot.app.cli.bench",
                   "bot.app.cli.gst", "bot.app.cli.insight", "bot.app.cli.exchange", "bot.app.cli.api")


EXIT_BAD_ARGUMENTS = 1


def _refuse(code: str, message: str) -> None:
    print(json.dumps({"ok": False, "error": {"code": code, "message": message}}, ensure_ascii=False))


class JsonArgumentParser(argparse.ArgumentParser):
    """argparse whose errors are the command line's one JSON object and exit 1 (subcommands inherit it)."""

    def error(self, message: str):  # type: ignore[override]
        _refuse("invalid_arguments", f"{self.prog}: {message}")
        sys.exit(EXIT_BAD_ARGUMENTS)


def build_parser() -> argparse.ArgumentParser:
    parser = JsonArgumentParser(prog="munshi", description="Munshi, the shop's clerk and accountant.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (ValueError, OverflowError, TypeError, LookupError) as exc:  # an argument no check caught
        _refuse("invalid_arguments", f"{type(exc).__name__}: {exc}")
        return EXIT_BAD_ARGUMENTS


if __name__ == "__main__":
    sys.exit(main())
