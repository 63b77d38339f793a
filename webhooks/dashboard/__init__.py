"""The owner's phone dashboard: login by a WhatsApp code, then one server-rendered page."""
