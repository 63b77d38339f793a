"""Tables: documents."""
