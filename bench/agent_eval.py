"""Run a labelled corpus (`../shared/corpus/` format) through a chosen agent and print its accuracy
(the shared scorer, on the first tool the agent calls), latency and cost per message.

usage: .venv/bin/python bench/agent_eval.py [CORPUS] [--agent local|bedrock|auto] [--limit N]
                                            [--show-failures N]

Each line runs against its own demo shop, as that shop's owner, in a fresh SQLite database seeded
with the demo shops on the line's `today`. The cloud agent's reads run for real and its writes as
dry runs, so nothing is booked. Without AWS credentials it says so and runs the local agent.
Bedrock's endpoint may be replaced with AWS_ENDPOINT_URL_BEDROCK_RUNTIME (a stand-in).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.agents.answer import ToolStep  # noqa: E402
from bot.agents.local import AgentContext  # noqa: E402
from bot.agents.translate import NoTranslation  # noqa: E402
from bot.app.services import build_agent  # noqa: E402
from bot.app.settings import Settings  # noqa: E402
from domain.books.shops import find_shop_by_slug, find_user_by_phone  # noqa: E402
from domain.demo.load import load_demo  # noqa: E402
from domain.demo.shops import demo_shop  # noqa: E402
from domain.store.db import make_engine, make_session_factory  # noqa: E402
from domain.store.migrate import upgrade  # noqa: E402
from domain.store.uow import SqlUnitOfWork  # noqa: E402
from tools import TOOLS, ToolContext, run_tool  # noqa: E402

SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").is_dir() else Path("/work/shared")


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "corpus" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def has_aws_credentials() -> bool:
    import boto3

    return boto3.Session().get_credentials() is not None


class EvalTools:
    """A tool runner that books nothing: reads run, writes are dry runs; the first call is kept."""

    def __init__(self, session_factory, ctx: ToolContext, lang: str, romanized: bool) -> None:
        self.session_factory, self.ctx, self.lang, self.romanized = session_factory, ctx, lang, romanized
        self.first: tuple[str, dict] | None = None

    def __call__(self, name: str, args: dict) -> ToolStep:
        if self.first is None and name in TOOLS:
            self.first = (name, dict(args))
        if name not in TOOLS:
            return ToolStep(result={"ok": True, "status": "nothing pending"}, ok=True)
        outcome = run_tool(self.session_factory, self.ctx, name, args, dry_run=TOOLS[name].is_write)
        return ToolStep(result=outcome.as_json(), ok=outcome.ok, outcome=outcome)


def owners(session_factory) -> dict[str, tuple]:
    found = {}
    with SqlUnitOfWork(session_factory) as uow:
        for slug in ("sharma-kirana", "murugan-stores"):
            shop = find_shop_by_slug(uow, slug)
            found[slug] = (shop, find_user_by_phone(uow, demo_shop(slug).users[0].phone))
    return found


def one(agent, session_factory, people, row) -> dict:
    shop, user = people[row.get("shop", "sharma-kirana")]
    today = date.fromisoformat(row.get("today") or "2026-11-20")
    context = AgentContext(shop.id, user.id, user.role, today, (), shop.name, user.name)
    started = time.perf_counter()
    understood = agent.understand(row["text"], context)
    tool, args, cost, cloud = understood.tool, understood.args, 0.0, False
    if understood.respond is not None:
        cloud = True
        runner = EvalTools(session_factory, ToolContext(shop.id, user.id, user.role, today, lang=understood.lang),
                           understood.lang, understood.romanized)
        answer = understood.respond(runner)
        cost = answer.usage.cost_usd
        if runner.first is not None:
            tool, args = runner.first
        elif not answer.fallback:
            tool, args = "unknown", {}
    return {"id": row["id"], "tool": tool, "args": args, "lang": understood.lang, "seconds": time.perf_counter() - started,
            "cost_usd": cost, "cloud": cloud}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(SHARED / "corpus" / "nlu-dev.jsonl"))
    parser.add_argument("--agent", choices=("local", "bedrock", "auto"), default=os.environ.get("MUNSHI_AGENT", "auto"))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show-failures", type=int, default=0)
    opts = parser.parse_args(argv[1:])
    mode = opts.agent
    if mode != "local" and not has_aws_credentials():
        print(f"no AWS credentials found: running the local agent instead of {mode}")
        mode = "local"
    rows = [json.loads(line) for line in Path(opts.corpus).read_text("utf-8").splitlines() if line.strip()]
    rows = rows[: opts.limit] if opts.limit else rows
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/eval.db"
        upgrade(url)
        engine = make_engine(url)
        session_factory = make_session_factory(engine)
        load_demo(session_factory, today=date.fromisoformat(rows[0].get("today") or "2026-11-20"))
        settings = Settings(database_url=url, agent=mode)
        agent = build_agent(settings, session_factory, NoTranslation())
        people = owners(session_factory)
        results = [one(agent, session_factory, people, row) for row in rows]
        engine.dispose()
        out_path = Path(tmp) / "out.jsonl"
        out_path.write_text("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in results), "utf-8")
        buf = io.StringIO()
        with redirect_stdout(buf):
            load_scorer().main(["score.py", opts.corpus, str(out_path), "--show-failures", str(opts.show_failures)])
    print(buf.getvalue(), end="")
    seconds = sorted(r["seconds"] for r in results)
    cost = sum(r["cost_usd"] for r in results)
    cloud = sum(r["cloud"] for r in results)
    print(f"agent {mode}: {len(results)} messages, {cloud} sent to the cloud")
    print(f"latency per message: mean {statistics.mean(seconds) * 1000:.1f} ms, "
          f"p50 {seconds[len(seconds) // 2] * 1000:.1f} ms, p90 {seconds[int(len(seconds) * 0.9)] * 1000:.1f} ms")
    print(f"cost per message: ${cost / len(results):.5f} (total ${cost:.4f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
