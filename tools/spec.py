"""`ToolSpec`: a tool's name, typed input, permission, handler, and the facts every caller reads
about it — declared once, here, on the spec:

| fact          | meaning                                                                            |
| ------------- | ---------------------------------------------------------------------------------- |
| `is_write`    | it changes the books (committed unless `dry_run`)                                  |
| `moves_money` | it posts money in or out (a sale, a purchase, a payment, an expense)              |
| `undoable`    | `undo_last` takes it back whole, so its reply carries the undo hint                |
| `confirm`     | when the bot asks back before applying it: `never`, `unsure` (the understanding is |
|               | unsure), `large` (unsure, or more money than the shop's limit, or an unsaid total) |
| `roles`       | the roles that may run it (from its permission, see tools.permissions)             |

`spec()` builds one with the description taken from the input model's docstring, so every tool's
documentation lives beside its arguments (pydantic `Field(description=...)`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from tools.context import ROLES, ToolContext, ToolResult
from tools.permissions import PERMISSIONS, allowed

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

Handler = Callable[["SqlUnitOfWork", ToolContext, Any], ToolResult]

CONFIRM_POLICIES = ("never", "unsure", "large")
# What an agent may answer besides a tool (TOOLS.md "Dialogue acts"); never a tool's name.
DIALOGUE_ACTS = frozenset({"confirm", "cancel", "greeting", "help", "unknown"})


@dataclass(frozen=True, slots=True)
class ToolSpec:
    name: str
    input_model: type[BaseModel]
    permission: str  # see tools.permissions
    is_write: bool
    description: str
    handler: Handler
    posts_voucher: bool = False  # its data is `voucher_data` of the voucher it posts (replayable)
    moves_money: bool = False
    undoable: bool = False
    confirm: str = "never"  # one of CONFIRM_POLICIES

    def __post_init__(self) -> None:
        if self.permission not in PERMISSIONS:
            raise ValueError(f"{self.name}: unknown permission {self.permission!r}")
        if self.name in DIALOGUE_ACTS:
            raise ValueError(f"{self.name}: a dialogue act's name")
        if self.confirm not in CONFIRM_POLICIES:
            raise ValueError(f"{self.name}: unknown confirmation policy {self.confirm!r}")
        if not self.is_write and (self.posts_voucher or self.moves_money or self.undoable or self.confirm != "never"):
            raise ValueError(f"{self.name}: a read posts nothing, moves no money and is never asked back")
        if self.undoable and not self.posts_voucher:
            raise ValueError(f"{self.name}: only a posted voucher can be undone")
        if self.moves_money != (self.confirm == "large"):
            raise ValueError(f"{self.name}: money writes, and only they, are asked back when large")

    @property
    def roles(self) -> frozenset[str]:
        """The roles that may run this tool."""
        return frozenset(role for role in ROLES if allowed(role, self.permission))


def spec(
    name: str,
    model: type[BaseModel],
    permission: str,
    handler: Handler,
    *,
    write: bool = False,
    voucher: bool = False,
    money: bool = False,
    undoable: bool | None = None,
    confirm: str | None = None,
) -> ToolSpec:
    """A ToolSpec. `voucher=True` implies a write whose message id makes it run at most once and,
    unless `undoable=False`, one that undo takes back; `money=True` a voucher write asked back when
    large; any other write is asked back only when unsure unless `confirm="never"`."""
    description = inspect.cleandoc(model.__doc__ or "").strip()
    if not description:
        raise ValueError(f"{name}: its input model needs a docstring")
    is_write = write or voucher or money
    if confirm is None:
        confirm = "large" if money else "unsure" if is_write else "never"
    return ToolSpec(
        name, model, permission, is_write, description, handler, posts_voucher=voucher or money,
        moves_money=money, undoable=(voucher or money) if undoable is None else undoable, confirm=confirm,
    )


def writes(specs: dict[str, ToolSpec]) -> frozenset[str]:
    """The names of the writes among `specs`."""
    return frozenset(name for name, s in specs.items() if s.is_write)
