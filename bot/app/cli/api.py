"""`munshi token`: per-shop API tokens for the REST API and GraphQL.

    munshi token create [--db URL] --shop SLUG [--as PHONE] [--name NAME]
    munshi token list [--db URL] --shop SLUG
    munshi token revoke [--db URL] --shop SLUG ID

Prints one JSON object with the token (shown this once; only its SHA-256 is kept); the token acts
with the role of the user with that phone (default: the owner). Exit 0, or 1 with `{"ok": false}`.
"""

from __future__ import annotations

import argparse
import json

from bot.app.cli.exchange import json_errors, refuse, session_factory_for
from bot.runtime.access import create_token, list_tokens, revoke_token
from domain.errors import DomainError


def register(subparsers) -> None:
    token = json_errors(subparsers.add_parser("token", help="API tokens of a shop"))
    actions = token.add_subparsers(dest="action", required=True)
    create = json_errors(actions.add_parser("create", help="make a new API token"))
    create.add_argument("--db", help="database URL (default: MUNSHI_DATABASE_URL)")
    create.add_argument("--shop", required=True, help="the shop's slug")
    create.add_argument("--as", dest="phone", help="the user the token acts as (default: the owner)")
    create.add_argument("--name", default="api", help="what the token is for")
    create.set_defaults(func=run_create)
    listing = json_errors(actions.add_parser("list", help="the shop's tokens (never the secrets)"))
    listing.add_argument("--db", help="database URL (default: MUNSHI_DATABASE_URL)")
    listing.add_argument("--shop", required=True, help="the shop's slug")
    listing.set_defaults(func=run_list)
    revoke = json_errors(actions.add_parser("revoke", help="revoke a token at once"))
    revoke.add_argument("--db", help="database URL (default: MUNSHI_DATABASE_URL)")
    revoke.add_argument("--shop", required=True, help="the shop's slug")
    revoke.add_argument("id", type=int, help="the token's id (from `munshi token list`)")
    revoke.set_defaults(func=run_revoke)


def run_create(args: argparse.Namespace) -> int:

    with session_factory_for(args.db) as session_factory:
        try:
            token, principal = create_token(session_factory, args.shop, args.name, args.phone)
        except (DomainError, LookupError) as exc:
            return refuse("not_found", str(exc))
    print(json.dumps({"ok": True, "data": {"token": token, "shop": principal.shop_slug, "user": principal.user_name,
                                           "role": principal.role}}, ensure_ascii=False))
    return 0


def run_list(args: argparse.Namespace) -> int:

    with session_factory_for(args.db) as session_factory:
        try:
            tokens = list_tokens(session_factory, args.shop)
        except DomainError as exc:
            return refuse("not_found", str(exc))
    print(json.dumps({"ok": True, "data": {"tokens": tokens}}, ensure_ascii=False))
    return 0


def run_revoke(args: argparse.Namespace) -> int:

    with session_factory_for(args.db) as session_factory:
        try:
            done = revoke_token(session_factory, args.shop, args.id)
        except DomainError as exc:
            return refuse("not_found", str(exc))
    if not done:
        return refuse("not_found", f"no live token {args.id} in {args.shop}")
    print(json.dumps({"ok": True, "data": {"revoked": args.id}}))
    return 0
