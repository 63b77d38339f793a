"""The conversation: one turn from a stored message to replies, dialogue state, onboarding, the invoice
dialogue, reply rendering, and the voice glue around them."""
