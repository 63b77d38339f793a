"""The import contracts bite: `lint-imports` passes on the tree as it is and fails when a room reaches
around another — the books' storage from the conversation, a cycle between the conversation's modules,
or the web layer straight into the tools."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("webhooks", "bot", "tools", "domain", "intents", "voice", "locales")
LINT = Path(sys.executable).with_name("lint-imports")


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """The packages' Python files and the contracts, copied aside."""
    root = tmp_path_factory.mktemp("tree")
    for package in PACKAGES:
        shutil.copytree(REPO / package, root / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=240,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def _with(tree: Path, tmp_path: Path, path: str, source: str) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(tree, copy)
    (copy / path).write_text(source)
    return copy


def test_the_tree_keeps_every_contract(tree):
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_conversation_may_not_reach_the_books_storage(tree, tmp_path):
    copy = _with(tree, tmp_path, "bot/conversation/leak.py", "from domain.store import uow  # noqa: F401\n")
    result = _lint(copy)
    assert result.returncode != 0
    assert "bot.conversation.leak -> domain.store.uow" in result.stdout


def test_a_cycle_between_the_conversations_modules_is_refused(tree, tmp_path):
    source = (tree / "bot/conversation/messages.py").read_text() + "\nfrom bot.conversation import turn  # noqa: E402,F401\n"
    result = _lint(_with(tree, tmp_path, "bot/conversation/messages.py", source))
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_the_web_layer_may_not_call_the_tools_itself(tree, tmp_path):
    copy = _with(tree, tmp_path, "webhooks/leak.py", "from tools import run_tool  # noqa: F401\n")
    result = _lint(copy)
    assert result.returncode != 0
    assert "webhooks.leak -> tools" in result.stdout
