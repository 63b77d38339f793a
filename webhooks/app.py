"""The FastAPI app factory: `create_app(settings=None, services=None)`.

Nothing is built at import time. Given `services`, the app uses them (and leaves closing them to the
caller); otherwise the lifespan builds them from settings with `bot.app.services.build_services`, starts
the background queue, and on shutdown (SIGTERM under uvicorn) waits for claimed messages to finish.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot.app.observability import configure_logging, install_log_redaction
from bot.app.services import Services, build_services
from bot.app.settings import Settings, check_production, load_settings
from bot.conversation.speech import warm_up as warm_up_speech
from webhooks import meta, ops, sim, twilio
from webhooks.api import graphql as api_graphql
from webhooks.api import live as api_live
from webhooks.api import rest as api_rest
from webhooks.dashboard import pages as dashboard_pages
from webhooks.deps import RequestLogMiddleware
from webhooks.limits import BodyLimitMiddleware


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    owned = services is None
    install_log_redaction()  # uvicorn has set up its loggers by now: its access log loses tokens and links

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if app.state.services is None:
            own_settings = settings or load_settings()
            configure_logging(own_settings.log_level)
            check_production(own_settings)  # a public deployment never starts with a guessable secret
            app.state.services = build_services(own_settings)
        app.state.services.start()
        if owned:
            warm_up_speech(app.state.services.stt)  # the first voice note should not wait for the model
        try:
            yield
        finally:
            if owned:
                app.state.services.close()
                app.state.services = None
            else:  # the caller closes its services; the background drain this app started stops with it
                app.state.services.spool_drainer.close()

    app = FastAPI(
        title="Munshi",
        summary="WhatsApp bookkeeping for small Indian shops: webhooks, media links, chat simulator.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.services = services
    app.add_middleware(BodyLimitMiddleware)  # every route, before any parsing or signature check
    app.add_middleware(RequestLogMiddleware)  # outermost: the refusals are logged too
    app.include_router(twilio.router)  # webhooks first: the busiest routes are matched first
    app.include_router(meta.router)
    app.include_router(ops.router)
    app.include_router(ops.media_router)
    app.include_router(sim.router)
    app.include_router(api_rest.router)
    app.include_router(api_graphql.router())
    app.include_router(api_live.router)
    app.include_router(dashboard_pages.router)
    return app
