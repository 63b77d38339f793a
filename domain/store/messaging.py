"""Tables: messaging."""
