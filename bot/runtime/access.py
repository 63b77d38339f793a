"""Who is calling from the web: per-shop API tokens, one-time login codes sent on WhatsApp, and signed
session cookies that expire. Each resolves to a `Principal` (shop, user, role, language) read afresh
from the database, so a changed role or a removed user takes effect at once.

Tokens are `mk_` + 43 random URL-safe characters; only their SHA-256 is stored. A login code is six
digits, kept (as an HMAC) in the cache for ten minutes, five tries at most, used once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from itsdangerous import BadSignature, URLSafeTimedSerializer

from bot.app.observability import get_logger, mask_phone
from bot.channels import Channel
from bot.conversation.messages import Reply, Template
from bot.runtime.outbox import send_rows, store_replies
from bot.store import messaging
from domain.books import shops
from domain.errors import DomainError
from domain.store.access import ApiToken
from domain.store.uow import SqlUnitOfWork
from locales import translator

TOKEN_PREFIX = "mk_"
CODE_TTL_SECONDS = 600
CODE_TRIES = 5
LOGIN_TEMPLATE = "login_code"  # an approved authentication template, when the 24-hour window is shut
SESSION_SALT = "munshi.dashboard.session"

log = get_logger("munshi.access")


@dataclass(frozen=True, slots=True)
class Principal:
    shop_id: int
    shop_slug: str
    shop_name: str
    user_id: int
    user_name: str
    role: str
    lang: str
    via: str  # "token:<id>" | "session"
    phone: str = ""


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def shop_today(settings) -> date:
    return datetime.now(ZoneInfo(settings.timezone)).date()


def _principal(uow: SqlUnitOfWork, user_id: int, via: str) -> Principal | None:
    user = uow.access.user(user_id)
    if user is None:
        return None
    shop = uow.shops.get(user.shop_id)
    if shop is None:
        return None
    return Principal(shop.id, shop.slug, shop.name, user.id, user.name, user.role, user.language, via, user.phone)


# -- tokens ------------------------------------------------------------------------------------

def create_token(session_factory, slug: str, name: str, phone: str | None = None) -> tuple[str, Principal]:
    """A new token acting as the user with `phone` (default: the owner); the token is shown once."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with SqlUnitOfWork(session_factory) as uow:
        shop = shops.find_shop_by_slug(uow, slug)
        user = shops.find_user_by_phone(uow, shops.normalise_phone(phone)) if phone else shops.owner_of(uow, shop.id)
        if user is None or user.shop_id != shop.id:
            raise LookupError(f"{phone} is not a user of {slug}")
        row = uow.access.add_token(ApiToken(shop_id=shop.id, user_id=user.id, name=name[:80],
                                            token_sha256=token_sha256(token), prefix=token[:12],
                                            created_at=datetime.now(UTC)))
        principal = _principal(uow, user.id, f"token:{row.id}")
        uow.commit()
    assert principal is not None
    return token, principal


def list_tokens(session_factory, slug: str) -> list[dict]:
    """The shop's tokens as {id, name, prefix, user, created_at, revoked_at}; never the tokens themselves."""
    with SqlUnitOfWork(session_factory) as uow:
        shop = shops.find_shop_by_slug(uow, slug)
        names = {u.id: u.name for u in shops.list_users(uow, shop.id)}
        return [{"id": t.id, "name": t.name, "prefix": t.prefix, "user": names.get(t.user_id),
                 "created_at": t.created_at.isoformat(),
                 "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None}
                for t in uow.access.tokens(shop.id)]


def revoke_token(session_factory, slug: str, token_id: int) -> bool:
    """Revoke one of the shop's tokens; False when the shop has no such live token."""
    with SqlUnitOfWork(session_factory) as uow:
        shop = shops.find_shop_by_slug(uow, slug)
        done = uow.access.revoke(shop.id, token_id, datetime.now(UTC))
        uow.commit()
    return done


def principal_for_token(session_factory, token: str) -> Principal | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    with SqlUnitOfWork(session_factory) as uow:
        found = uow.access.token_holder(token_sha256(token))
        if found is None:
            return None
        token_id, user, shop = found
        return Principal(shop.id, shop.slug, shop.name, user.id, user.name, user.role, user.language,
                         f"token:{token_id}", user.phone)


# -- sessions ----------------------------------------------------------------------------------

def _serializer(settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt=SESSION_SALT)


def session_cookie(settings, principal: Principal) -> str:
    return _serializer(settings).dumps({"u": principal.user_id, "n": uuid.uuid4().hex[:8]})


def principal_for_session(settings, session_factory, cookie: str) -> Principal | None:
    try:
        data = _serializer(settings).loads(cookie, max_age=settings.session_hours * 3600)
    except BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    with SqlUnitOfWork(session_factory) as uow:
        return _principal(uow, data["u"], "session")


# -- one-time login codes ----------------------------------------------------------------------

def _code_key(phone: str) -> str:
    return f"munshi:login:{phone}"


def _code_mac(settings, phone: str, code: str) -> str:
    return hmac.new(settings.secret_key.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _channel_for(services, phone: str) -> Channel:
    """The channel the user last wrote from; else a WhatsApp provider that is configured; else web."""
    with services.session_factory() as session:
        last = messaging.last_channel(session, phone)
    for name in ((last,) if last else ()) + ("twilio", "meta", "web"):
        if name in services.channels:
            return services.channels[name]
    raise RuntimeError("no channel configured")


def send_login_code(services, phone: str) -> bool:
    """Send a code to a known user's WhatsApp; False (and nothing sent) for an unknown number."""
    try:
        phone = shops.normalise_phone(phone)
    except DomainError:
        return False
    with SqlUnitOfWork(services.session_factory) as uow:
        user = uow.users.by_phone(phone)
        if user is None:
            return False
        lang = user.language
    code = f"{secrets.randbelow(1_000_000):06d}"
    services.cache.set(_code_key(phone), json.dumps({"mac": _code_mac(services.settings, phone, code), "tries": 0}),
                       ex=CODE_TTL_SECONDS)
    channel = _channel_for(services, phone)
    text = translator(lang)("login.code", code=code, minutes=CODE_TTL_SECONDS // 60)
    template = Template(LOGIN_TEMPLATE, (code,)) if channel.has_window and channel.has_template(LOGIN_TEMPLATE) else None
    prefix = f"login:{phone}:{uuid.uuid4().hex}"
    with services.session_factory() as session:
        store_replies(session, inbox_id=None, channel=channel, to_phone=phone, now=datetime.now(UTC),
                      shop_id=None,  # a code is no part of the shop's conversation: never shown on a dashboard
                      replies=[Reply(template=template) if template else Reply(text=text)], dedupe_prefix=prefix,
                      reengage_template=services.settings.reengage_template)
        session.commit()
        rows = messaging.outbox_rows(session, prefix)
    send_rows(services.session_factory, services.channels, services.media_signer, rows,
              reengage_template=services.settings.reengage_template)
    log.info("login_code_sent", to=mask_phone(phone), channel=channel.name)
    return True


def verify_login_code(services, phone: str, code: str) -> Principal | None:
    """The user, if `code` is the live code sent to `phone`; each wrong try counts, the right one ends it."""
    try:
        phone = shops.normalise_phone(phone)
    except DomainError:
        return None
    key = _code_key(phone)
    raw = services.cache.get(key)
    if raw is None:
        return None
    state = json.loads(raw)
    if state["tries"] >= CODE_TRIES:
        services.cache.delete(key)
        return None
    if not hmac.compare_digest(state["mac"], _code_mac(services.settings, phone, code.strip())):
        state["tries"] += 1
        services.cache.set(key, json.dumps(state), ex=CODE_TTL_SECONDS)
        return None
    services.cache.delete(key)
    with SqlUnitOfWork(services.session_factory) as uow:
        user = uow.users.by_phone(phone)
        return _principal(uow, user.id, "session") if user else None


def principal_for_user_phone(session_factory, phone: str) -> Principal | None:
    """The principal of the user with that phone (the command line, tests)."""
    with SqlUnitOfWork(session_factory) as uow:
        user = uow.users.by_phone(shops.normalise_phone(phone))
        return _principal(uow, user.id, "session") if user else None
