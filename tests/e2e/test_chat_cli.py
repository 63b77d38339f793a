"""`munshi chat`: lines in, replies out, through the same pipeline as the chat page."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from bot.app.cli import build_parser
from bot.app.cli.chat import chat, normalise_phone
from bot.app.services import build_services
from bot.app.settings import Settings
from bot.runtime.ratelimit import MemoryRateLimiter
from locales import translator
from tests.integration.bot.turn_fixtures import seed_demo_shops

NOW = datetime(2026, 11, 20, 5, 30, tzinfo=UTC)


def test_chat_answers_each_line_as_the_given_phone(sqlite_url, tmp_path):
    settings = Settings(database_url=sqlite_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None)
    services = build_services(settings, rate_limiter=MemoryRateLimiter(1000), clock=lambda: NOW)
    seed_demo_shops(services.session_factory)
    out = io.StringIO()
    status = chat(services, "+919415000001", io.StringIO("2 kilo cheeni Ramesh ko udhaar\n\n/quit\nnever read\n"), out)
    services.close()
    assert status == 0
    printed = out.getvalue()
    assert printed.startswith("munshi: ")
    assert "Ramesh Kumar" in printed and "₹88" in printed
    assert translator("hi", romanized=True)("undo.hint") in printed
    assert "never read" not in printed


def test_an_unknown_number_in_the_terminal_is_onboarded(sqlite_url, tmp_path):
    settings = Settings(database_url=sqlite_url, data_dir=tmp_path, media_dir=tmp_path / "media", redis_url=None)
    services = build_services(settings, rate_limiter=MemoryRateLimiter(1000), clock=lambda: NOW)
    out = io.StringIO()
    chat(services, "+919812300009", io.StringIO("hello\n"), out)
    services.close()
    assert translator("en")("onboarding.ask_shop_name") in out.getvalue()


def test_the_command_takes_a_phone_and_a_database():
    args = build_parser().parse_args(["chat", "--as", "919415000001", "--db", "sqlite:///x.db"])
    assert (args.phone, args.db) == ("919415000001", "sqlite:///x.db")
    assert normalise_phone(args.phone) == "+919415000001"
