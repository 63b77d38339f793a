"""Channels Munshi replies through: Twilio WhatsApp, Meta WhatsApp Cloud API, and the web chat page."""

from bot.channels.base import Channel, Outgoing, SendFailed, split_text
from bot.channels.meta import MetaChannel
from bot.channels.twilio import TwilioChannel
from bot.channels.web import WebChannel

__all__ = ["Channel", "Outgoing", "SendFailed", "split_text", "build_channels"]


def build_channels(settings, *, twilio_http_client=None, meta_http=None) -> dict[str, Channel]:
    """Every channel the settings configure; the web channel always."""

    channels: dict[str, Channel] = {"web": WebChannel()}
    public = settings.public_url.rstrip("/")
    if settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_whatsapp_from:

        channels["twilio"] = TwilioChannel(
            settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_whatsapp_from,
            api_base=settings.twilio_api_base, status_callback=f"{public}/webhooks/twilio/status",
            templates=settings.twilio_templates, http_client=twilio_http_client,
        )
    if settings.meta_access_token and settings.meta_phone_number_id:

        channels["meta"] = MetaChannel(
            settings.meta_access_token, settings.meta_phone_number_id, api_base=settings.meta_api_base,
            templates=settings.meta_templates, http=meta_http,
        )
    return channels
