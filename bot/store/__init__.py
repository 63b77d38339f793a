"""The bot's own tables, beside the books: the inbox, the outbox, dialogue state and conversation
windows (`messaging`), on the books' declarative base so one migration history creates them all."""
