"""The Bedrock agent's tools, generated from the one registry: each tool's pydantic input becomes
its JSON schema and its docstring its description. The shop, the user and today are never
arguments (they come from the turn's context). Two dialogue acts join them, so a model can answer
a pending confirmation ("haan" / "rehne do").
"""

from __future__ import annotations

import re
from typing import Any

from langchain_core.utils.function_calling import convert_to_openai_tool

from tools import TOOLS

TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")  # what Converse accepts as a tool name

DIALOGUE_TOOLS = {
    "confirm": "The user agrees to the write they were asked to confirm (the pending confirmation).",
    "cancel": "The user declines the write they were asked to confirm (the pending confirmation).",
}
CONTEXT_FIELDS = frozenset({"shop", "shop_id", "user_id", "today"})  # never model arguments


def _function(name: str, description: str, parameters: dict[str, Any]) -> dict[str, Any]:
    if not TOOL_NAME.match(name):
        raise ValueError(f"tool name {name!r} is not a valid Converse tool name")
    return {"type": "function", "function": {"name": name, "description": description, "parameters": parameters}}


def registry_tools() -> list[dict[str, Any]]:
    """Every registered tool, then the dialogue acts, as OpenAI-style function definitions (what
    `ChatBedrockConverse.bind_tools` turns into Converse `toolSpec`s)."""
    defined = []
    for name in sorted(TOOLS):
        spec = TOOLS[name]
        parameters = convert_to_openai_tool(spec.input_model)["function"]["parameters"]
        leaked = CONTEXT_FIELDS & set(parameters.get("properties", {}))
        if leaked:
            raise ValueError(f"{name}: {sorted(leaked)} come from the context, not the model")
        defined.append(_function(name, spec.description, parameters))
    for name, description in DIALOGUE_TOOLS.items():
        defined.append(_function(name, description, {"type": "object", "properties": {}}))
    return defined
