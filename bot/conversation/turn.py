"""One conversation turn: a stored inbound message in, the replies out.

`TurnHandler(deps).handle(inbound) -> list[Reply]` rate-limits the sender, loads the dialogue,
resolves phone -> user -> shop and role (an unknown number is onboarded), sends voice notes to
speech-to-text and photos to the invoice flow, asks the agent what the text means, runs the tool
and renders the outcome in the user's language. Writes carry the message id, so a turn that runs
twice posts once; unsure or large writes are asked back first. A failure becomes an apology.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

from bot.agents.local import AgentContext, Understanding
from bot.app.observability import bound, get_logger, mask_phone
from bot.conversation import invoice_flow, learning, onboarding, opening, optout, speech
from bot.conversation.agent_turn import converse
from bot.conversation.charts import CHART_TOOLS, chart_for
from bot.conversation.context import TurnContext, TurnDeps, render, summarize
from bot.conversation.dialogue import (
    ONBOARDING_STATES,
    DialogueState,
    DialogueStore,
    PendingWrite,
    StaleDialogue,
    State,
)
from bot.conversation.hints import unknown_hint
from bot.conversation.messages import InboundMessage, Reply
from bot.conversation.oddities import odd_input
from bot.conversation.ports import SenderOverLimit, Verdict
from bot.conversation.replies import period_label, reminder_text
from intents import AUTO_APPLY, detect_language
from locales.catalog import translator
from locales.languages import HINGLISH, LANGUAGES, base_language, choose_reply_language
from tools import TOOLS, directory
from voice import AudioRejected

log = get_logger("munshi.turn")

STALE_RETRIES = 3
RATE_RETRY_SECONDS = 10.0  # a sender over the limit: their next message is tried again this much later


def _utcnow() -> datetime:
    return datetime.now(UTC)


class TurnHandler:
    """The conversation: stateless itself; state lives in the dialogue store."""

    def __init__(self, deps: TurnDeps, *, clock: Callable[[], datetime] = _utcnow) -> None:
        self.deps = deps
        self.clock = clock
        self.dialogues = DialogueStore(deps.session_factory, deps.cache)

    # ------------------------------------------------------------ entry

    def handle(self, inbound: InboundMessage) -> list[Reply]:
        """The replies to one message; never raises (a failure is logged and answered with an apology).
        The worker times the whole call (munshi_turn_seconds)."""
        with bound(message_id=inbound.message_key, channel=inbound.channel):
            try:
                return self._handle(inbound)
            except SenderOverLimit:
                raise  # the worker puts the message back in line; it is answered later, never dropped
            except Exception:
                log.exception("turn_failed", phone=mask_phone(inbound.from_phone))
                return [Reply(text=self._apology(inbound))]

    def _handle(self, inbound: InboundMessage) -> list[Reply]:
        if self.deps.rate_limiter.check(inbound.from_phone) is not Verdict.ALLOW:
            log.info("rate_limited_deferred")
            raise SenderOverLimit(RATE_RETRY_SECONDS)
        for attempt in range(STALE_RETRIES):
            dialogue, version = self.dialogues.load(inbound.from_phone)
            ctx = TurnContext(deps=self.deps, inbound=inbound, dialogue=dialogue, now=self.clock())
            self._turn(ctx)
            try:
                self.dialogues.save(inbound.from_phone, ctx.dialogue, version,
                                    shop_id=ctx.shop.id if ctx.shop else None)
            except StaleDialogue:
                # Another turn of this sender saved first; the writes are idempotent, so run again.
                log.info("dialogue_stale_retry", attempt=attempt)
                continue
            return ctx.replies
        raise StaleDialogue(mask_phone(inbound.from_phone), -1)

    def _in_their_language(self, inbound: InboundMessage, dialogue: DialogueState, key: str) -> str:
        """A message in the conversation's language, else the profile's, else English."""
        if dialogue.lang:
            return translator(dialogue.lang, romanized=dialogue.romanized)(key)
        user, _shop = resolve_sender(self.deps.session_factory, inbound.from_phone)
        return translator(user.language if user else "en")(key)

    def _apology(self, inbound: InboundMessage) -> str:
        try:
            dialogue, _ = self.dialogues.load(inbound.from_phone)
            return self._in_their_language(inbound, dialogue, "error.internal")
        except Exception:  # noqa: BLE001 - the apology itself must not fail
            return translator("en")("error.internal")

    # ------------------------------------------------------------ the turn

    def _turn(self, ctx: TurnContext) -> None:
        inbound = ctx.inbound
        ctx.user, ctx.shop = resolve_sender(ctx.session_factory, inbound.from_phone)
        ctx.lang, ctx.romanized = ctx.dialogue.lang or (ctx.user.language if ctx.user else "en"), ctx.dialogue.romanized
        if ctx.user is None or ctx.dialogue.state in ONBOARDING_STATES:
            if ctx.user is None:
                if optout.handle(ctx, inbound.button_payload or inbound.text or ""):
                    return  # a customer's STOP or START, not a new shop
                audio = [i for i, m in enumerate(inbound.media) if m.kind == "audio"]
                heard = self._transcribe(ctx, audio[0]) if audio else None  # onboarding by voice, too
                if audio and heard is None:
                    return
                onboarding.handle(ctx, heard)
                return
            ctx.dialogue.state = State.IDLE  # registered meanwhile (e.g. added as staff)
        text = (inbound.button_payload or inbound.text or "").strip()
        if text and not inbound.media and onboarding.profile_step(ctx, text):
            return  # an answer to a profile question (state, GST, GSTIN, UPI ID) of the new shop
        if inbound.media_errors:
            self._media_error(ctx, inbound.media_errors[0])
            return
        for index, media in enumerate(inbound.media):
            kind = media.kind
            if kind == "audio":
                heard = self._transcribe(ctx, index)
                if heard is None:
                    return
                text = heard
                ctx.spoke = True
                break
            if kind in ("image", "document"):

                data = inbound.media_bytes[index] if index < len(inbound.media_bytes) else b""
                if opening.is_sheet(media.content_type, media.filename):  # a list of items: the opening stock
                    ctx.replies.extend(opening.import_items(ctx, data, media.filename))
                elif opening.is_list_photo(kind, text):  # a photo captioned "stock list": the same, read by OCR
                    ctx.replies.extend(opening.import_photo(ctx, data, invoice_flow.ocr_engine(ctx)))
                else:
                    ctx.replies.extend(invoice_flow.handle_invoice_media(ctx, media, data) or [])
                ctx.dialogue.remember("user", f"[{kind}] {text}".strip(), ctx.now)
                self._remember_replies(ctx)
                return
            ctx.say("error.media_unsupported")
            return
        if ctx.dialogue.state is State.AWAITING_INVOICE_REPLY and ctx.dialogue.invoice_draft and text:

            replies = invoice_flow.handle_draft_reply(ctx, text)
            if replies is not None:
                ctx.replies.extend(replies)
                ctx.dialogue.remember("user", text, ctx.now)
                self._remember_replies(ctx)
                if ctx.spoke:  # "haan" said aloud to a bill's draft is answered aloud too
                    self._add_voice_reply(ctx)
                return
        if not text:
            ctx.say("unknown.reply")
            return
        self._text_turn(ctx, text)
        onboarding.resume(ctx)
        if ctx.spoke or (ctx.user is not None and ctx.user.voice_replies):  # spoke, or chose voice replies
            self._add_voice_reply(ctx)

    def _media_error(self, ctx: TurnContext, error: str) -> None:
        key = {"too_large": "error.media_too_large", "unsupported": "error.media_unsupported"}.get(error)
        ctx.say(key or "error.internal")

    def _transcribe(self, ctx: TurnContext, index: int) -> str | None:
        """The voice note's words (also shown back as "🎙️ Suna: …"), or None after a reply saying why not."""

        try:
            transcript = speech.transcribe_inbound(ctx, index)
        except AudioRejected as rejected:
            ctx.say(f"voice.{rejected.reason}")
            return None
        words = (getattr(transcript, "text", transcript) or "").strip()
        if not words:
            ctx.say("voice.empty")
            return None
        # The reply stays in the user's language: a transcript (English words in a Hindi note, a
        # misheard script) never switches it. A doubtful hearing makes any write a question first.
        # A number never heard from has no language yet: its first note's language becomes it.
        if ctx.user is None and not ctx.dialogue.lang and getattr(transcript, "lang", None) in LANGUAGES:
            ctx.lang, ctx.romanized = transcript.lang, False
        ctx.heard_unsure = speech.heard_unsure(transcript)
        ctx.say("voice.heard", text=words)
        return words

    def _add_voice_reply(self, ctx: TurnContext) -> None:
        spoken = "\n".join(r.text for r in ctx.replies if r.text and not r.has_media and getattr(r, "to", None) is None)
        if not spoken:
            return
        reply = speech.voice_reply(ctx, spoken)
        if reply is not None:
            ctx.replies.append(reply)

    def _text_turn(self, ctx: TurnContext, text: str) -> None:
        history = [(turn.role, turn.text) for turn in ctx.dialogue.turns]
        pending = ctx.dialogue.pending.summary if ctx.dialogue.pending else None
        understood: Understanding = self.deps.agent.understand(
            text, AgentContext(ctx.shop.id, ctx.user.id, ctx.user.role, ctx.today, history, ctx.shop.name,
                               ctx.user.name, pending)
        )
        if not ctx.spoke:  # a transcript never switches the reply language (see _transcribe)
            ctx.lang, ctx.romanized = _reply_language(ctx, understood.lang, understood.romanized, text,
                                                      understood.script)  # fmt: skip
        _store_language(ctx)
        ctx.dialogue.lang, ctx.dialogue.romanized = ctx.lang, ctx.romanized
        ctx.dialogue.remember("user", text, ctx.now, tool=understood.tool)
        log.info("understood", tool=understood.tool, confidence=understood.confidence, lang=ctx.lang)
        if understood.respond is not None:  # a cloud agent runs its tools through this turn's policy
            converse(self, ctx, understood, text)
        else:
            self._dispatch(ctx, understood, text)
        self._remember_replies(ctx)

    def _dispatch(self, ctx: TurnContext, understood: Understanding, text: str) -> None:
        tool = understood.tool
        if learning.answer(ctx, understood, text, self._apply):
            pass  # the reply to a question about a new item or party
        elif tool == "confirm":
            self._confirm(ctx)
        elif tool == "cancel" or (tool == "undo_last" and ctx.dialogue.pending is not None):
            # "undo" while a write waits for its yes takes back that write, not an earlier one
            self._cancel(ctx)
        elif tool == "greeting":
            ctx.say("greeting.reply", name=ctx.user.name)
        elif tool == "help":
            ctx.say("help.text")
        elif tool == "unknown" and (hint := unknown_hint(ctx.t.raw, understood.unclear, understood.nearest)):
            ctx.say("unknown.word", word=hint[0], example=hint[1])
        elif tool == "unknown" or tool not in TOOLS:
            ctx.say("unknown.reply" if tool == "unknown" else "error.not_supported")
        else:
            if TOOLS[tool].is_write:
                ctx.dialogue.clear_pending()  # a new write replaces an unanswered question; a read keeps it
            odd = odd_input(text, ctx.today) if TOOLS[tool].is_write else None
            if odd:
                log.info("odd_input_asked_back", reason=odd)
            if not (TOOLS[tool].is_write and learning.propose(ctx, tool, dict(understood.args), self._apply)):
                self._tool(ctx, tool, understood, TOOLS[tool], ask=bool(odd))

    def _remember_replies(self, ctx: TurnContext) -> None:
        for reply in ctx.replies:
            if reply.text and getattr(reply, "to", None) is None:
                ctx.dialogue.remember("bot", reply.text, ctx.now)

    # ------------------------------------------------------------ tools

    def _tool(self, ctx: TurnContext, tool: str, understood: Understanding, spec, *, ask: bool = False) -> None:
        """`ask`: the message had odd input (a minus sign, a far date, code-like text): asked back first."""
        args = dict(understood.args)
        if spec.confirm == "never":  # reads, undoing, choosing a language (tools/spec.py)
            self._apply(ctx, tool, args)
            return
        unsure = understood.confidence < AUTO_APPLY or ask or ctx.heard_unsure
        limit = Decimal(ctx.settings.confirm_above_rupees)
        said = _said_total(args)
        if not unsure and (spec.confirm != "large" or (said is not None and said <= limit)):
            # Nothing to ask: no money moves, or the user said an amount within the limit (no dry run needed).
            self._apply(ctx, tool, args)
            return
        dry = ctx.run_tool(tool, args, dry_run=True)
        if not dry.ok:
            ctx.replies.append(Reply(text=render(ctx, dry)))
            return
        if unsure or _total(dry) > limit:
            summary = summarize(ctx, dry)
            ctx.dialogue.set_pending(
                PendingWrite(tool=tool, args=args, message_id=ctx.message_key, summary=summary,
                             created_at=ctx.now)
            )
            # Quick-reply buttons where the channel has them; tapping one sends its word, which parses
            # as confirm / cancel in every language.
            reply = ctx.say("confirm.ask", summary=summary)
            reply.buttons = [ctx.t("word.yes"), ctx.t("word.no")]
            return
        self._apply(ctx, tool, args)

    def _apply(self, ctx: TurnContext, tool: str, args: dict, message_id: str | None = None) -> None:
        outcome = ctx.run_tool(tool, args, message_id=message_id)
        if not outcome.ok:
            ctx.replies.append(Reply(text=render(ctx, outcome)))
            return
        if tool == "set_language":
            self._language_set(ctx, outcome, args)
            return
        if _undoable(tool):
            ctx.dialogue.last_voucher = outcome.voucher or ctx.dialogue.last_voucher
        ctx.replies.append(Reply(text=render(ctx, outcome)))
        if tool == "send_payment_reminder":
            ctx.replies.extend(reminder_replies(ctx, outcome))
        elif tool in ("share_bill", "gst_return"):
            ctx.replies.extend(bill_replies(ctx, outcome))
        elif tool == "send_reorder":
            ctx.replies.extend(order_replies(ctx, outcome))
        elif tool in CHART_TOOLS:  # the picture follows the sentence
            ctx.replies.extend(chart_replies(ctx, outcome))

    def _language_set(self, ctx: TurnContext, outcome, args: dict) -> None:
        lang = (outcome.data or {}).get("lang") or args.get("lang") or ctx.lang
        ctx.lang, ctx.romanized = lang, ctx.romanized and lang == "hi"
        ctx.dialogue.lang, ctx.dialogue.romanized = ctx.lang, ctx.romanized
        ctx.replies.append(Reply(text=render(ctx, outcome)))

    def _confirm(self, ctx: TurnContext) -> None:
        pending = ctx.dialogue.pending
        if pending is None:
            ctx.say("confirm.nothing_pending")
            return
        ctx.dialogue.clear_pending()
        if pending.expired(ctx.now):
            ctx.say("confirm.expired")
            return
        # The id of the message that proposed the write: confirming twice still posts once.
        self._apply(ctx, pending.tool, pending.args, message_id=pending.message_id)

    def _cancel(self, ctx: TurnContext) -> None:
        if ctx.dialogue.pending is None:
            ctx.say("confirm.nothing_pending")
            return
        ctx.dialogue.clear_pending()
        ctx.say("confirm.cancelled")


# ---------------------------------------------------------------- helpers


def resolve_sender(session_factory, phone: str):
    """(user, shop) for a phone, or (None, None) for a number Munshi does not know."""
    return directory.find_sender(session_factory, phone)


def _reply_language(
    ctx: TurnContext, detected: str | None, romanized: bool, text: str, script: str | None = None
) -> tuple[str, bool]:
    """The catalog for this reply. The language changes only on a clear message in another supported
    language (`Detected.clear`): one word, an emoji, a garbled transcript or a message in a language
    Munshi does not speak (Urdu, French) keeps the conversation's language, or the user's own."""

    user = ctx.user
    if not detect_language(text).clear and not (user and user.language_locked):
        kept = ctx.dialogue.lang or (base_language(user.language) if user and user.language else None)
        if kept:
            # the same language in Latin letters ("sale" from a Hindi user) may still turn it to Hinglish
            same = detected == kept and kept == "hi"
            return kept, romanized if same else (ctx.dialogue.romanized if ctx.dialogue.lang else
                                                 bool(user and user.language == HINGLISH))
    profile = user.language if user else None
    locked = bool(user and user.language_locked)
    chosen = choose_reply_language(profile, locked, detected, romanized=romanized)
    if chosen == HINGLISH:
        return "hi", True
    return base_language(chosen), False


def _store_language(ctx: TurnContext) -> None:
    """Follow the user's language in their profile unless they fixed one."""
    user = ctx.user
    if user.language_locked or user.language == ctx.lang:
        return
    ctx.user = directory.set_language(ctx.session_factory, user, ctx.lang, lock=False)


def _undoable(tool: str) -> bool:
    spec = TOOLS.get(tool)
    return spec is not None and spec.undoable


def _said_total(args: dict) -> Decimal | None:
    """The whole amount as the user said it (a voucher total, or every line's amount), else None."""
    try:
        items = args.get("items") or []
        if not items and args.get("amount") is not None:
            return Decimal(str(args["amount"]))
        if items and all(line.get("amount") is not None for line in items):
            return sum((Decimal(str(line["amount"])) for line in items), Decimal(0))
    except (ArithmeticError, AttributeError, TypeError, ValueError):
        return None
    return None


def _total(outcome) -> Decimal:
    data = outcome.data or {}
    for key in ("total", "amount"):
        if data.get(key) is not None:
            return Decimal(str(data[key]))
    return Decimal(0)


def reminder_replies(ctx: TurnContext, outcome) -> list[Reply]:
    """The reminder itself, addressed to the customer, in the shop's language."""
    data = outcome.data or {}
    phone = data.get("phone")
    if not phone:
        return []
    return [Reply(text=reminder_text(data, ctx.shop.language, ctx.shop.name), to=phone)]


def order_replies(ctx: TurnContext, outcome) -> list[Reply]:
    """Each supplier's draft order, addressed to the supplier, in the shop's language."""

    t = translator(ctx.shop.language)
    data = outcome.data or {}
    replies = []
    for order in data.get("orders") or []:
        lines = t.lines((t("reorder.line", item=r.get("item", ""), qty=t.qty(r.get("qty", 0), r.get("unit")))
                         for r in order.get("items") or []), cap=50)
        text = t("reorder.order_message", shop=data.get("shop") or ctx.shop.name, party=order.get("supplier", ""),
                 lines=lines)
        replies.append(Reply(text=text, to=order["phone"]))
    return replies


def chart_replies(ctx: TurnContext, outcome) -> list[Reply]:
    """The picture that goes with a read (a forecast's band, the top items), as an image reply."""
    data = outcome.data or {}
    period = period_label(ctx.t, data.get("period"), ctx.today) if data.get("period") else ""
    png = chart_for(outcome.tool, data, ctx.t, period)
    if png is None:
        return []
    key = ctx.deps.media_store.put(png, "image/png")
    return [Reply(media_key=key, media_type="image", filename=f"{outcome.tool}.png")]


def bill_replies(ctx: TurnContext, outcome) -> list[Reply]:
    """The tool's attachments (the invoice PDF) as documents from the media store: to the sender, and
    to the customer too when the bill names one with a phone (the reply says it was sent to them)."""
    phone = (outcome.data or {}).get("phone")
    replies = []
    for attachment in outcome.attachments:
        key = ctx.deps.media_store.put(attachment.content, attachment.content_type)
        kind = "image" if attachment.content_type.startswith("image/") else "document"
        replies.append(Reply(media_key=key, media_type=kind, filename=attachment.filename))
        if phone and phone != ctx.inbound.from_phone:
            replies.append(Reply(media_key=key, media_type=kind, filename=attachment.filename, to=phone))
    return replies
