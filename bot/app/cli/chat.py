"""`munshi chat --as PHONE [--db URL]`: the conversation in a terminal.

Each line typed is one message from PHONE, taken through the same pipeline as a WhatsApp message
(inbox, worker, turn, outbox, web channel); the replies are printed, media as their signed links
(served by `munshi serve`). `/attach PATH [text]` sends a photo, bill or voice note; `/quit` or end
of input stops.
"""

from __future__ import annotations

import mimetypes
import shlex
import sys
from pathlib import Path
from typing import TextIO

from bot.app.observability import configure_logging
from bot.app.services import Services, build_services
from bot.app.settings import load_settings
from bot.runtime.simulator import Upload, submit

COMMAND_HELP = "Type a message. /attach PATH [text] sends a file; /quit ends."


def register(subparsers) -> None:
    parser = subparsers.add_parser("chat", help="chat with Munshi in the terminal as a phone number")
    parser.add_argument("--as", dest="phone", required=True, help="the sender's phone, E.164 (+91…)")
    parser.add_argument("--db", dest="db", default=None, help="database URL (default: MUNSHI_DATABASE_URL)")
    parser.set_defaults(func=run)


def run(args) -> int:
    overrides = {"database_url": args.db} if args.db else {}
    settings = load_settings(**overrides)
    # The terminal is the conversation: only warnings and errors go to stderr.
    configure_logging("WARNING", json=False)
    services = build_services(settings)
    try:
        return chat(services, normalise_phone(args.phone), sys.stdin, sys.stdout, interactive=sys.stdin.isatty())
    finally:
        close = getattr(services, "close", None)
        if callable(close):
            close()


def normalise_phone(phone: str) -> str:
    digits = phone.strip().removeprefix("whatsapp:").replace(" ", "").replace("-", "")
    return digits if digits.startswith("+") else "+" + digits


def chat(services: Services, phone: str, stdin: TextIO, stdout: TextIO, *, interactive: bool = False) -> int:
    """Read lines, print replies; returns the exit status."""

    if interactive:
        print(COMMAND_HELP, file=stdout)
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            return 0
        line = line.strip()
        if not line:
            continue
        if line in ("/quit", "/exit"):
            return 0
        upload = None
        text = line
        if line.startswith("/attach"):
            try:
                upload, text = _attachment(line)
            except (OSError, ValueError) as exc:
                print(f"! {exc}", file=stdout)
                continue
        for reply in submit(services, phone, text, upload):
            print(format_reply(services, reply), file=stdout)
        stdout.flush()


def _attachment(line: str):
    parts = shlex.split(line)
    if len(parts) < 2:
        raise ValueError("usage: /attach PATH [text]")
    path = Path(parts[1]).expanduser()
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix.lower() in (".ogg", ".opus"):
        content_type = "audio/ogg"
    data = path.read_bytes()
    return Upload(data=data, content_type=content_type, filename=path.name), " ".join(parts[2:])


def format_reply(services: Services, reply: dict) -> str:
    lines = []
    if reply.get("text"):
        lines.append(reply["text"])
    if reply.get("media_url"):
        lines.append(f"[{reply.get('media_type') or 'media'}] {reply['media_url']}")
    return "\n".join(f"munshi: {line}" if i == 0 else f"        {line}"
                     for i, line in enumerate("\n".join(lines).splitlines()))
