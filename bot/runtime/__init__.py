"""The runtime: durable intake, the queue and worker, the outbox, media, rate limits, the scheduler, and
the bot's own tables (inbox, outbox, dialogue state)."""
