"""`ToolSpec`: a tool's name, typed input, permission, whether it writes, and its handler.

`spec()` builds one with the description taken from the input model's docstring, so every tool's
documentation lives beside its arguments (pydantic `Field(description=...)`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from tools.context import ToolContext, ToolResult
from tools.permissions import PERMISSIONS

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

Handler = Callable[["SqlUnitOfWork", ToolContext, Any], ToolResult]


@dataclass(frozen=True, slots=True)
class ToolSpec:
    name: str
    input_model: type[BaseModel]
    permission: str  # see tools.permissions
    is_write: bool
    description: str
    handler: Handler
    posts_voucher: bool = False  # its data is `voucher_data` of the voucher it posts (replayable)

    def __post_init__(self) -> None:
        if self.permission not in PERMISSIONS:
            raise ValueError(f"{self.name}: unknown permission {self.permission!r}")
        if self.posts_voucher and not self.is_write:
            raise ValueError(f"{self.name}: a read cannot post a voucher")


def spec(
    name: str,
    model: type[BaseModel],
    permission: str,
    handler: Handler,
    *,
    write: bool = False,
    voucher: bool = False,
) -> ToolSpec:
    """A ToolSpec; `voucher=True` implies a write whose message id makes it run at most once."""
    description = inspect.cleandoc(model.__doc__ or "").strip()
    if not description:
        raise ValueError(f"{name}: its input model needs a docstring")
    return ToolSpec(name, model, permission, write or voucher, description, handler, voucher)
