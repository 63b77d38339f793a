"""Demo shops and their plausible trading history."""
