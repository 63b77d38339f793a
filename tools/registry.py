"""The tool registry and `run_tool`: validate the arguments with the tool's pydantic model, check the
role's permission, run the use case in one unit of work, commit (writes) or roll back (reads and
`dry_run`). Every failure is a structured refusal (`ToolOutcome.ok` False) and writes nothing.

A voucher-posting write carrying `ctx.message_id` runs at most once: if that message already posted
a voucher, the first outcome is rebuilt from it and returned with `replayed=True`.

Adding a tool: a module exposing `SPECS` (a tuple of `ToolSpec`) listed in `TOOL_MODULES`, or a
call of `register(spec)`.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError

from domain.books import vouchers
from domain.errors import DomainError, DuplicateMessage
from domain.store.uow import SqlUnitOfWork
from tools.audit import record_write
from tools.context import ToolContext, ToolOutcome
from tools.errors import refusal
from tools.permissions import allowed, visible
from tools.present import voucher_data
from tools.spec import ToolSpec

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

TOOL_MODULES = (
    "tools.writes.vouchers",
    "tools.writes.catalog",
    "tools.writes.people",
    "tools.writes.reminder",
    "tools.writes.bill",
    "tools.writes.address",
    "tools.writes.profile",
    "tools.writes.alerts",
    "tools.reads.stock",
    "tools.reads.reports",
    "tools.reads.parties",
    "tools.reads.gst",
    "tools.reads.gst_return",
    "tools.reads.insight",
    "tools.reads.books",
    "tools.purchase_invoice",
)


TOOLS: dict[str, ToolSpec] = {}


def register(spec: ToolSpec) -> ToolSpec:
    if spec.name in TOOLS and TOOLS[spec.name] is not spec:
        raise ValueError(f"tool {spec.name!r} is already registered")
    TOOLS[spec.name] = spec
    return spec


def _load() -> None:
    for module in TOOL_MODULES:
        for spec in importlib.import_module(module).SPECS:
            register(spec)


def _drop_empty_extras(args: Mapping[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """Null arguments a tool does not take carry nothing: drop them; anything else unknown is refused."""
    return {k: v for k, v in args.items() if k in model.model_fields or v is not None}


def _invalid(spec: ToolSpec, exc: ValidationError) -> ToolOutcome:
    problems = []
    for err in exc.errors(include_url=False, include_input=False):
        field = ".".join(str(p) for p in err["loc"]) or "args"
        message = str(err["msg"]).removeprefix("Value error, ")
        problems.append({"field": field, "problem": message})
    first = problems[0] if problems else {"field": "args", "problem": "invalid"}
    detail = "; ".join(f"{p['field']}: {p['problem']}" for p in problems)
    return ToolOutcome.refused(
        spec.name, "invalid_arguments", f"invalid arguments for {spec.name}: {detail}", spec.is_write,
        field=first["field"], reason=first["problem"], problems=problems,
    )


def _replay(uow: SqlUnitOfWork, ctx: ToolContext, spec: ToolSpec) -> ToolOutcome | None:
    if not (spec.posts_voucher and ctx.message_id):
        return None
    prior = vouchers.find_by_source_message(uow, ctx.shop_id, ctx.message_id)
    if prior is None:
        return None
    return ToolOutcome(ok=True, tool=spec.name, data=voucher_data(prior), is_write=True,
                       voucher=prior.number, replayed=True)


def run_tool(
    session_factory: sessionmaker[Session],
    ctx: ToolContext,
    name: str,
    args: Mapping[str, Any] | None,
    dry_run: bool = False,
) -> ToolOutcome:
    """Run one tool as `ctx`'s user; never raises for a refusal, only for a broken database."""
    spec = TOOLS.get(name)
    if spec is None:
        return ToolOutcome.refused(name, "not_supported", f"no tool called {name!r}", tool_name=name)
    if not allowed(ctx.role, spec.permission):
        return ToolOutcome.refused(
            name, "permission_denied", f"a {ctx.role} may not run {name}", spec.is_write,
            role=ctx.role, permission=spec.permission,
        )
    if args is not None and not isinstance(args, Mapping):
        return ToolOutcome.refused(name, "invalid_arguments", "arguments must be an object", spec.is_write,
                                   field="args", reason="not an object")
    try:
        parsed = spec.input_model.model_validate(_drop_empty_extras(args or {}, spec.input_model))
    except ValidationError as exc:
        return _invalid(spec, exc)
    try:
        with SqlUnitOfWork(session_factory) as uow:
            prior = _replay(uow, ctx, spec)
            if prior is not None:
                return _for_role(ctx, prior)
            result = spec.handler(uow, ctx, parsed)
            if spec.is_write and not dry_run:
                if not result.replayed:
                    record_write(uow, ctx, spec.name, parsed, result)
                uow.commit()
    except (DuplicateMessage, IntegrityError) as exc:
        # Another worker posted this message's voucher between our look-up and our insert (the
        # unique source message id refused ours): answer with theirs.
        if not (spec.posts_voucher and ctx.message_id):
            raise
        with SqlUnitOfWork(session_factory) as uow:
            prior = _replay(uow, ctx, spec)
        if prior is not None:
            return _for_role(ctx, prior)
        if isinstance(exc, IntegrityError):
            raise
        log.error("duplicate message %s without a voucher", ctx.message_id)
        return ToolOutcome.refused(name, "internal", "the message was already applied", spec.is_write)
    except DomainError as exc:
        return refusal(spec.name, exc, spec.is_write)
    return ToolOutcome(
        ok=True, tool=spec.name, data=visible(ctx.role, result.data), is_write=spec.is_write, voucher=result.voucher,
        attachments=result.attachments, replayed=result.replayed, dry_run=dry_run and spec.is_write,
    )


def _for_role(ctx: ToolContext, outcome: ToolOutcome) -> ToolOutcome:
    return dataclasses.replace(outcome, data=visible(ctx.role, outcome.data))


def tool_schemas(names: list[str] | None = None) -> list[dict[str, Any]]:
    """Each tool as an LLM tool definition: `{"name", "description", "input_schema"}` (JSON Schema of
    its pydantic input), for an agent that calls the tools by name."""
    chosen = names if names is not None else sorted(TOOLS)
    return [
        {"name": name, "description": TOOLS[name].description,
         "input_schema": TOOLS[name].input_model.model_json_schema()}
        for name in chosen
    ]


def vocabulary(session_factory: sessionmaker[Session], shop_id: int) -> dict[str, list[dict[str, Any]]]:
    """The shop's items and parties as plain data for the offline parser's `ShopVocabulary`."""
    from domain.books import catalog, parties

    with SqlUnitOfWork(session_factory) as uow:
        items = catalog.list_items(uow, shop_id)
        people = parties.list_parties(uow, shop_id)
        shop = uow.shops.get(shop_id)
        composition = shop is not None and shop.gst_scheme == "composition"
    return {
        "items": [{"name": i.name, "aliases": list(i.aliases), "unit": i.unit,
                   "rate": _customer_rate(i, composition)} for i in items],
        "parties": [{"name": p.name, "aliases": list(p.aliases), "kind": p.kind} for p in people],
    }


def _customer_rate(item: Any, composition: bool) -> float:
    """What a customer pays per unit in rupees: the catalog rate, plus GST when it is quoted without it."""
    from decimal import ROUND_HALF_UP, Decimal

    paise = Decimal(item.rate.paise)
    if not item.price_includes_tax and not composition:
        paise = (paise * (100 + Decimal(item.gst_rate)) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(paise / 100)


_load()
