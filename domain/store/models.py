"""Tables: models."""
