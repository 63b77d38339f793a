"""In-memory stand-ins of Munshi's ports, for fast tests that need no database."""
