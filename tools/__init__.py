"""The tool registry: one typed input, one permission and one domain use case per tool of
`../shared/TOOLS.md`; `run_tool` runs one as a shop's user and returns a structured outcome.

    from tools import ToolContext, run_tool
    outcome = run_tool(session_factory, ToolContext(shop_id=1, user_id=7, role="owner",
                       today=date(2026, 11, 20)), "record_sale", {"amount": 5000})
"""

from tools.context import Attachment, ToolContext, ToolError, ToolOutcome, ToolResult
from tools.registry import TOOL_MODULES, TOOLS, register, run_tool, tool_schemas, vocabulary
from tools.spec import ToolSpec

__all__ = [
    "TOOLS",
    "TOOL_MODULES",
    "Attachment",
    "ToolContext",
    "ToolError",
    "ToolOutcome",
    "ToolResult",
    "ToolSpec",
    "register",
    "run_tool",
    "tool_schemas",
    "vocabulary",
]
